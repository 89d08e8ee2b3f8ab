//! Causes and warn-codes: Q.850 causes after "Q.850", "cause" or "hangup_cause" (1–3
//! digits, not only three), and the warn-code of a `Warning` header (RFC 3261 §20.43).

use super::bytes::{contains_ci, parse_num};
use super::scan::{Need, Scan};
use super::words::{ends_with_word, squash, words};
use super::Finding;

impl Scan<'_> {
    /// The digit run `seg[start..end]` as a Q.850 cause, with `gap` the bytes before it back to
    /// the previous number; `after_q850` when that number was the "850" of "Q.850". Returns
    /// whether it was one (then it is nothing else).
    pub(super) fn cause(
        &mut self,
        seg: &[u8],
        base: usize,
        start: usize,
        end: usize,
        gap: &[u8],
        after_q850: bool,
    ) -> bool {
        let len = end - start;
        let n = seg.get(end).copied();
        // Q.850 causes: 1–3 digits after "Q.850", "q850 cause", "hangupcause" (a cause
        // not right after "Q.850" needs "cause" before it: "hangup_cause", "ISDN cause").
        if len <= 3
            && !n.is_some_and(|c| c.is_ascii_digit() || c == b'.')
            && (after_q850 || (gap.iter().any(|&c| c | 0x20 == b'c') && contains_ci(gap, b"cause")))
        {
            let tail_words = words(gap);
            let tail = tail_words.as_str();
            let value = parse_num(&seg[start..end]);
            let is_q850 = after_q850 && {
                let q850_gap = squash(gap);
                q850_gap.is_empty()
                    || matches!(
                        q850_gap.as_slice(),
                        b"cause" | b"causecode" | b"causevalue" | b"code" | b"value"
                    )
            };
            let hangup = ends_with_word(tail, "hangupcause")
                || ends_with_word(tail, "hangup_cause")
                || ends_with_word(tail, "hangup cause");
            if (1..=127).contains(&value) && (is_q850 || hangup) {
                self.push(
                    base + start,
                    Finding::Q850 { cause: value as u8 },
                    Need::Always,
                );
                return true;
            }
            if (1..=127).contains(&value)
                && (ends_with_word(tail, "cause") || ends_with_word(tail, "isdn cause"))
                && !ends_with_word(tail, "sip cause")
            {
                self.push(
                    base + start,
                    Finding::Q850 { cause: value as u8 },
                    Need::ExplicitOnly,
                );
                return true;
            }
        }
        false
    }

    /// `Warning: 305 192.0.2.1 "Incompatible media format"`.
    pub(super) fn warning(&mut self, seg: &[u8], colon: usize, base: usize) {
        let rest = &seg[colon + 1..];
        let skip = rest.iter().take_while(|c| c.is_ascii_whitespace()).count();
        let v = &rest[skip..];
        if v.len() >= 3
            && v[..3].iter().all(u8::is_ascii_digit)
            && !v.get(3).is_some_and(|c| c.is_ascii_digit())
        {
            let code = parse_num(&v[..3]) as u16;
            if (300..=399).contains(&code) {
                self.push(
                    base + colon + 1 + skip,
                    Finding::Warning { code },
                    Need::Always,
                );
            }
        }
    }
}
