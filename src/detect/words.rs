//! Words: the lower-case word windows before a number, the word after it, a label before a
//! colon, and the word-list lookups; short strings kept on the stack.

/// Lower-case ASCII letters and digits only: "Busy Here" → "busyhere".
pub(super) fn squash(b: &[u8]) -> Vec<u8> {
    b.iter()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A short ASCII string kept on the stack: the word windows and next words the scanner
/// builds for each number would otherwise be one heap allocation each.
#[derive(Clone, Copy)]
pub(super) struct Small<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Small<N> {
    pub(super) fn new() -> Self {
        Small {
            buf: [0; N],
            len: 0,
        }
    }

    /// Appends an ASCII byte; returns false (and appends nothing) when full.
    pub(super) fn push(&mut self, c: u8) -> bool {
        if self.len == N {
            return false;
        }
        self.buf[self.len] = c;
        self.len += 1;
        true
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub(super) fn as_str(&self) -> &str {
        // Only ASCII is ever pushed, so this never falls back.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// The words of a window: on the stack when short (every window the scanner takes is at
/// most `WINDOW` bytes), on the heap otherwise.
pub(super) enum Words {
    Inline(Small<64>),
    Heap(String),
}

impl Words {
    pub(super) fn as_str(&self) -> &str {
        match self {
            Words::Inline(s) => s.as_str(),
            Words::Heap(s) => s,
        }
    }
}

impl std::ops::Deref for Words {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// Lower-case words (ASCII letters, digits, `_`, `$`) separated by single spaces. A letter
/// outside ASCII ("ề", "đ") is part of its word, written `~`: "trả về" is "tr~ v~", not the
/// ASCII fragments "tr v" that word lists would take for words of their own. Other
/// characters outside ASCII (arrows, quotes, emoji) separate words, like punctuation.
pub(super) fn words(b: &[u8]) -> Words {
    // The output is never longer than the input: a space replaces at least one gap byte, and
    // a `~` a letter of two bytes or more.
    if b.len() <= 64 {
        let mut out = Small::<64>::new();
        word_bytes(b, |c| {
            out.push(c);
        });
        return Words::Inline(out);
    }
    let mut out = String::with_capacity(b.len());
    word_bytes(b, |c| out.push(char::from(c)));
    Words::Heap(out)
}

/// What [`words`] writes, byte by byte (ASCII only).
pub(super) fn word_bytes(b: &[u8], mut emit: impl FnMut(u8)) {
    let mut gap = false;
    let mut any = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (word_char, out, len) = if c < 0x80 {
            let w = c.is_ascii_alphanumeric() || c == b'_' || c == b'$';
            (w, c.to_ascii_lowercase(), 1)
        } else {
            // A leading byte: decode its character (the window may start inside one; a lone
            // continuation byte separates, like an invalid sequence).
            let len = match c {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            let letter = b
                .get(i..i + len)
                .and_then(|s| std::str::from_utf8(s).ok())
                .and_then(|s| s.chars().next())
                .is_some_and(char::is_alphabetic);
            (letter, b'~', if letter { len } else { 1 })
        };
        if word_char {
            if gap && any {
                emit(b' ');
            }
            gap = false;
            any = true;
            emit(out);
        } else {
            gap = true;
        }
        i += len;
    }
}

/// Whether `tail` (words separated by single spaces) ends with the words `pat`.
pub(super) fn ends_with_word(tail: &str, pat: &str) -> bool {
    // The last byte first: most words of a list differ there, and a call to compare whole
    // slices for each word of each list was most of the time a number took.
    tail.as_bytes().last() == pat.as_bytes().last()
        && tail.ends_with(pat)
        && (tail.len() == pat.len() || tail.as_bytes()[tail.len() - pat.len() - 1] == b' ')
}

/// The last word of `tail`.
pub(super) fn last_word(tail: &str) -> &str {
    tail.rsplit(' ').next().unwrap_or("")
}

/// The next word after a number (skipping spaces), lower case, ASCII letters only, short.
pub(super) fn next_word(seg: &[u8], end: usize) -> Small<16> {
    let mut i = end;
    // Table cells are separated by tabs and pipes as often as by spaces.
    while i < seg.len() && matches!(seg[i], b' ' | b'\t' | b'|') {
        i += 1;
    }
    let mut w = Small::<16>::new();
    if i < seg.len() && seg[i] == b'%' {
        for &c in b"percent" {
            w.push(c);
        }
        return w;
    }
    while i < seg.len() && seg[i].is_ascii_alphabetic() && w.push(seg[i].to_ascii_lowercase()) {
        i += 1;
    }
    // A word that goes on in letters outside ASCII ("vậy", "ms²") is not the ASCII word it
    // starts with: "600 vậy" is not 600 volts. A mark no word list holds keeps them apart
    // (a word that fills the window, 16 letters, is longer than any in the lists anyway).
    if !w.is_empty() && seg.get(i).is_some_and(|&c| c >= 0x80) {
        w.push(b'*');
    }
    w
}

/// The label before a number written "Label: 486": the word right before the colon, lower
/// case, if the number follows ": " directly.
pub(super) fn label_before(seg: &[u8], start: usize) -> Option<Small<16>> {
    let mut i = start;
    while i > 0 && matches!(seg[i - 1], b' ' | b'\t') && start - i < 3 {
        i -= 1;
    }
    if i == start || i == 0 || seg[i - 1] != b':' {
        return None;
    }
    let colon = i - 1;
    let mut s = colon;
    while s > 0 && seg[s - 1].is_ascii_alphabetic() && colon - s < 16 {
        s -= 1;
    }
    if s == colon || (s > 0 && seg[s - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let mut label = Small::<16>::new();
    for &c in &seg[s..colon] {
        label.push(c.to_ascii_lowercase());
    }
    Some(label)
}

/// The nearest byte before `start` that is not a space or tab (looking back a short way).
pub(super) fn prev_nonspace(seg: &[u8], start: usize) -> Option<u8> {
    seg[start.saturating_sub(8)..start]
        .iter()
        .rev()
        .find(|c| !matches!(c, b' ' | b'\t'))
        .copied()
}

/// The nearest byte after `end` that is not a space or tab (looking a short way ahead).
pub(super) fn next_nonspace(seg: &[u8], end: usize) -> Option<u8> {
    seg[end..(end + 8).min(seg.len())]
        .iter()
        .find(|c| !matches!(c, b' ' | b'\t'))
        .copied()
}

/// Whether any of `list` appears in `seg` as a whole word (ASCII, case-insensitive).
pub(super) fn has_any_word(seg: &[u8], list: &[&str]) -> bool {
    let mut i = 0;
    while i < seg.len() {
        if seg[i].is_ascii_alphabetic() {
            let s = i;
            while i < seg.len() && seg[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i - s <= 12 {
                let mut buf = [0u8; 12];
                for (k, c) in seg[s..i].iter().enumerate() {
                    buf[k] = c.to_ascii_lowercase();
                }
                let w = &buf[..i - s];
                if list.iter().any(|x| x.as_bytes() == w) {
                    return true;
                }
            }
        } else {
            i += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_normalises() {
        assert_eq!(words(b"Got SIP response ").as_str(), "got sip response");
        assert_eq!(words(b"$rs == ").as_str(), "$rs");
        assert_eq!(
            words(b"variable_sip_term_status: [").as_str(),
            "variable_sip_term_status"
        );
        // Letters outside ASCII stay in their word; arrows, quotes and emoji separate.
        assert_eq!(
            words("tổng đài trả về ".as_bytes()).as_str(),
            "t~ng ~~i tr~ v~"
        );
        assert_eq!(words("SIP error → ".as_bytes()).as_str(), "sip error");
        assert_eq!(words("“sip” 😀 ".as_bytes()).as_str(), "sip");
        // A window that starts inside a character: the lone continuation bytes separate.
        assert_eq!(words(&"về x".as_bytes()[2..]).as_str(), "x");
        let long = "trả về ".repeat(20);
        assert_eq!(
            words(long.as_bytes()).as_str(),
            "tr~ v~ ".repeat(20).trim_end()
        );
    }
}
