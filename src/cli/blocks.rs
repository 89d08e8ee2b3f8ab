//! Reading a file or standard input in blocks cut at line ends, for `scan` and `trace`: memory
//! stays bounded whatever the size, and invalid UTF-8 is replaced, not fatal.

use std::io::{ErrorKind, Read};

/// Bytes read per block; a block ends at the last newline in it.
const BLOCK: usize = 256 * 1024;

/// The reader's blocks, each cut at its last newline. A line longer than a block is cut
/// where it is, so memory stays bounded even for a file without newlines.
pub struct Blocks<R> {
    r: R,
    /// What is left after the last cut (never a whole block: it holds no newline, so it is
    /// shorter than a block) followed by the next read, read into in place.
    buf: Vec<u8>,
    filled: usize,
    /// The length of the block handed out last, moved out of `buf` on the next call.
    handed: usize,
    eof: bool,
}

impl<R: Read> Blocks<R> {
    pub fn new(r: R) -> Self {
        Blocks {
            r,
            buf: vec![0u8; 2 * BLOCK],
            filled: 0,
            handed: 0,
            eof: false,
        }
    }

    /// The next block (ending with its newline, except the last one), `None` at the end.
    pub fn next(&mut self) -> std::io::Result<Option<&[u8]>> {
        if self.handed > 0 {
            self.buf.copy_within(self.handed..self.filled, 0);
            self.filled -= self.handed;
            self.handed = 0;
        }
        while !self.eof {
            let n = match self.r.read(&mut self.buf[self.filled..self.filled + BLOCK]) {
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                self.eof = true;
                break;
            }
            self.filled += n;
            // A pipe hands over a few bytes at a time: read on until a whole block is in, so
            // that a short text is one block, not a block and its last line without a newline
            // read apart (which lost the context and the table around that line).
            if self.filled < BLOCK {
                continue;
            }
            // What is left after the cut must stay shorter than a block (the next read goes
            // after it): a longer last line is cut where it is.
            let cut = memchr::memrchr(b'\n', &self.buf[..self.filled])
                .map(|i| i + 1)
                .filter(|&c| self.filled - c < BLOCK)
                .unwrap_or(self.filled);
            self.handed = cut;
            return Ok(Some(&self.buf[..cut]));
        }
        // The end: what is left after the last newline.
        self.handed = self.filled;
        Ok((self.filled > 0).then(|| &self.buf[..self.filled]))
    }
}

/// Invalid UTF-8 is replaced; valid text (nearly every log) is checked, not copied.
pub fn with_text<T>(block: &[u8], f: impl FnOnce(&str) -> T) -> T {
    match std::str::from_utf8(block) {
        Ok(text) => f(text),
        Err(_) => f(&String::from_utf8_lossy(block)),
    }
}
