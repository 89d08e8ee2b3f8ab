//! `sipbot scan`: streams a file or standard input through the detector in blocks cut at line
//! ends, so memory stays constant whatever the size, and invalid UTF-8 is replaced, not fatal.
//! Blocks are independent (each is detected on its own, then added in order), so a large
//! input is scanned on several threads with the same result as on one.

use std::collections::BTreeMap;
use std::io::{BufReader, ErrorKind, Read, Write};
use std::path::PathBuf;
use std::sync::{mpsc, Mutex};

use crate::detect::{Detector, Finding, Hit, Mode, ScanSummary};

/// Bytes read per block; a block ends at the last newline in it.
const BLOCK: usize = 256 * 1024;

/// At most this many threads, whatever the machine: past a few, reading is the limit.
const MAX_THREADS: usize = 8;

pub fn run(
    det: &Detector,
    file: Option<PathBuf>,
    mode: Mode,
    json: bool,
    threads: Option<usize>,
    out: &mut impl Write,
) -> anyhow::Result<i32> {
    let reader = super::input(file.as_deref())?;
    let threads = threads.unwrap_or_else(default_threads);
    let summary = scan_reader(det, mode, BufReader::with_capacity(BLOCK, reader), threads)?;
    print(&summary, json, out)?;
    Ok(if summary.findings().is_empty() { 1 } else { 0 })
}

/// One thread per CPU this process may use, at most `MAX_THREADS`.
fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_THREADS)
}

/// Scans any reader block by block, on `threads` threads (0 or 1: on this one).
pub fn scan_reader<'d>(
    det: &'d Detector,
    mode: Mode,
    r: impl Read,
    threads: usize,
) -> std::io::Result<ScanSummary<'d>> {
    let mut blocks = Blocks::new(r);
    let mut summary = ScanSummary::new(det, mode);
    if threads <= 1 {
        while let Some(block) = blocks.next()? {
            with_text(block, |text| summary.feed(text));
        }
        return Ok(summary);
    }
    scan_parallel(&mut blocks, &mut summary, threads)?;
    Ok(summary)
}

/// The reader's blocks, each cut at its last newline. A line longer than a block is cut
/// where it is, so memory stays bounded even for a file without newlines.
struct Blocks<R> {
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
    fn new(r: R) -> Self {
        Blocks {
            r,
            buf: vec![0u8; 2 * BLOCK],
            filled: 0,
            handed: 0,
            eof: false,
        }
    }

    fn next(&mut self) -> std::io::Result<Option<&[u8]>> {
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
            let cut = match memchr::memrchr(b'\n', &self.buf[..self.filled]) {
                Some(i) => i + 1,
                None if self.filled >= BLOCK => self.filled,
                None => continue,
            };
            self.handed = cut;
            return Ok(Some(&self.buf[..cut]));
        }
        // The end: what is left after the last newline.
        self.handed = self.filled;
        Ok((self.filled > 0).then(|| &self.buf[..self.filled]))
    }
}

/// Invalid UTF-8 is replaced; valid text (nearly every log) is checked, not copied.
fn with_text<T>(block: &[u8], f: impl FnOnce(&str) -> T) -> T {
    match std::str::from_utf8(block) {
        Ok(text) => f(text),
        Err(_) => f(&String::from_utf8_lossy(block)),
    }
}

/// The worker threads detect blocks as they come; this thread reads, hands blocks out, and
/// adds the results in the blocks' order. At most two blocks per thread are in flight, so
/// memory stays bounded; the block buffers go back and forth instead of being reallocated.
fn scan_parallel<R: Read>(
    blocks: &mut Blocks<R>,
    summary: &mut ScanSummary<'_>,
    threads: usize,
) -> std::io::Result<()> {
    let det = summary.detector();
    let mode = summary.mode();
    let (work_tx, work_rx) = mpsc::channel::<(usize, Vec<u8>)>();
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Vec<u8>, usize, Vec<Hit>)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            s.spawn(move || loop {
                // The lock is held only while waiting for the next block.
                let job = work_rx
                    .lock()
                    .map_err(|_| ())
                    .and_then(|rx| rx.recv().map_err(|_| ()));
                let Ok((index, block)) = job else { break };
                let (len, hits) = with_text(&block, |text| (text.len(), det.hits(text, mode)));
                if done_tx.send((index, block, len, hits)).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let mut spare: Vec<Vec<u8>> = Vec::new();
        let mut waiting: BTreeMap<usize, (usize, Vec<Hit>)> = BTreeMap::new();
        let (mut sent, mut added) = (0usize, 0usize);
        // Takes one result (waiting for it), and adds every block that is now next in order.
        let mut receive = |spare: &mut Vec<Vec<u8>>, added: &mut usize| -> bool {
            let Ok((index, block, len, hits)) = done_rx.recv() else {
                return false;
            };
            spare.push(block);
            waiting.insert(index, (len, hits));
            while let Some((len, hits)) = waiting.remove(&*added) {
                summary.add(len, hits);
                *added += 1;
            }
            true
        };
        let mut result = Ok(());
        loop {
            let block = match blocks.next() {
                Ok(Some(b)) => b,
                Ok(None) => break,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            };
            let mut owned = spare.pop().unwrap_or_default();
            owned.clear();
            owned.extend_from_slice(block);
            if work_tx.send((sent, owned)).is_err() {
                break;
            }
            sent += 1;
            // No worker left (one panicked): stop reading; the scope re-raises the panic.
            let mut workers_gone = false;
            while sent - added >= 2 * threads && !workers_gone {
                workers_gone = !receive(&mut spare, &mut added);
            }
            if workers_gone {
                break;
            }
        }
        drop(work_tx);
        while added < sent && receive(&mut spare, &mut added) {}
        result
    })
}

fn print(summary: &ScanSummary<'_>, json: bool, out: &mut impl Write) -> std::io::Result<()> {
    let mut codes = Vec::new();
    let mut vs = Vec::new();
    let mut q850 = Vec::new();
    let mut warnings = Vec::new();
    for f in summary.findings() {
        match *f {
            Finding::Code { code, .. } | Finding::ReasonSip { code } => {
                if !codes.contains(&code) {
                    codes.push(code)
                }
            }
            Finding::Compare { a, b } => vs.push([a, b]),
            Finding::Q850 { cause } => q850.push(cause),
            Finding::Warning { code } => warnings.push(code),
        }
    }
    let counts: BTreeMap<String, u64> = summary
        .counts()
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .collect();
    if json {
        let body = serde_json::json!({
            "codes": codes,
            "vs": vs,
            "q850": q850,
            "warnings": warnings,
            "counts": counts,
        });
        writeln!(out, "{body}")
    } else {
        if summary.findings().is_empty() {
            return writeln!(out, "nothing found ({} bytes scanned)", summary.bytes);
        }
        for f in summary.findings() {
            match *f {
                Finding::Code {
                    code,
                    evidence,
                    strength,
                } => {
                    let n = summary.counts().get(&code).copied().unwrap_or(0);
                    writeln!(out, "code {code}  ×{n}  ({evidence:?}, {strength:?})")?
                }
                Finding::ReasonSip { code } => writeln!(out, "Reason: SIP;cause={code}")?,
                Finding::Compare { a, b } => writeln!(out, "compare {a} vs {b}")?,
                Finding::Q850 { cause } => writeln!(out, "Q.850 cause {cause}")?,
                Finding::Warning { code } => writeln!(out, "Warning {code}")?,
            }
        }
        writeln!(out, "({} bytes scanned)", summary.bytes)
    }
}
