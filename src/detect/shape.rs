//! Segment shapes: what a line or the bytes around a number look like — a SIP header and its
//! value, an SDP line, an HTTP mention, arrows of a call flow, a table row, currency signs.

use super::vocab::{COMPACT, CONTEXT_WORDS, HEADERS};
use super::words::Small;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum HeaderKind {
    /// A known SIP header: numbers in its value are never codes.
    Plain,
    Reason,
    Warning,
    Other,
}

/// Finds the first known SIP header name followed by ':' in a segment; returns the offset of
/// the colon and what kind of header it is.
pub(super) fn find_header(seg: &[u8], lead: usize) -> Option<(usize, HeaderKind)> {
    // Compact form, only at the start: "l: 0", "i: a84b4c76e66710".
    if seg.len() >= lead + 2 {
        let c = seg[lead].to_ascii_lowercase();
        let mut j = lead + 1;
        while j < seg.len() && seg[j] == b' ' {
            j += 1;
        }
        if COMPACT.contains(&c)
            && seg.get(j) == Some(&b':')
            && !seg.get(j + 1).is_some_and(|c| *c == b'/')
        {
            return Some((j, HeaderKind::Plain));
        }
    }
    let mut i = 0;
    while let Some(off) = memchr::memchr(b':', &seg[i..]) {
        let colon = i + off;
        // The name: letters, digits and '-' right before the colon (spaces allowed between).
        let mut e = colon;
        while e > 0 && seg[e - 1] == b' ' {
            e -= 1;
        }
        let mut s = e;
        while s > 0 && (seg[s - 1].is_ascii_alphanumeric() || seg[s - 1] == b'-') {
            s -= 1;
            if e - s > 40 {
                break;
            }
        }
        let boundary = s == 0
            || !(seg[s - 1].is_ascii_alphanumeric()
                || matches!(seg[s - 1], b'_' | b'.' | b'/' | b'$'));
        if s < e && boundary && seg[s].is_ascii_alphabetic() {
            let name = &seg[s..e];
            if name.eq_ignore_ascii_case(b"reason") {
                return Some((colon, HeaderKind::Reason));
            }
            if name.eq_ignore_ascii_case(b"warning") {
                return Some((colon, HeaderKind::Warning));
            }
            // Names are at most 41 bytes (see the loop above); the longest header is shorter.
            let mut lower = Small::<48>::new();
            for &c in name {
                lower.push(c.to_ascii_lowercase());
            }
            if HEADERS
                // Byte by byte, inline: a `memcmp` call per probe cost more than the search.
                .binary_search_by(|h| h.as_bytes().iter().cmp(lower.as_bytes().iter()))
                .is_ok()
            {
                return Some((colon, HeaderKind::Plain));
            }
        }
        i = colon + 1;
    }
    None
}

/// An SDP line (RFC 8866): one lower-case letter, '=', a value; `m=` lines name a media type.
pub(super) fn is_sdp_line(body: &[u8]) -> bool {
    if body.len() < 2 || !body[0].is_ascii_lowercase() || body[1] != b'=' {
        return false;
    }
    if body[0] == b'm' {
        let v = &body[2..];
        return [
            &b"audio"[..],
            b"video",
            b"application",
            b"image",
            b"text",
            b"message",
        ]
        .iter()
        .any(|m| v.starts_with(m));
    }
    true
}

/// Whether a segment mentions HTTP other than as a URL's scheme: "HTTP/1.1", "HTTP 404",
/// "http status".
pub(super) fn http_mention(seg: &[u8]) -> bool {
    let mut from = 0;
    while let Some(off) = memchr::memchr2(b'h', b'H', &seg[from..]) {
        let i = from + off;
        if seg.len() >= i + 4 && seg[i..i + 4].eq_ignore_ascii_case(b"http") {
            let rest = &seg[i + 4..];
            let url = rest.starts_with(b"://")
                || (rest.len() >= 4
                    && rest[0].eq_ignore_ascii_case(&b's')
                    && &rest[1..4] == b"://");
            if !url {
                return true;
            }
        }
        from = i + 1;
    }
    false
}

/// Whether `phrase` (squashed) follows the number at `end`, after a space: "500 Internal
/// Server Error", "504 Gateway Time-out".
pub(super) fn phrase_at(seg: &[u8], end: usize, phrase: &[u8]) -> bool {
    let mut i = end;
    while i < seg.len() && matches!(seg[i], b' ' | b'"' | b'\'' | b'(' | b'-') && i - end < 4 {
        i += 1;
    }
    let mut k = 0;
    while k < phrase.len() && i < seg.len() {
        let c = seg[i];
        if c.is_ascii_alphanumeric() {
            if c.to_ascii_lowercase() != phrase[k] {
                return false;
            }
            k += 1;
        } else if !matches!(c, b' ' | b'-' | b'\'') {
            return false;
        }
        i += 1;
    }
    k == phrase.len() && !seg.get(i).is_some_and(|c| c.is_ascii_alphanumeric())
}

pub(super) const ARROW_RIGHT: &[u8] = "→".as_bytes();
pub(super) const ARROW_LEFT: &[u8] = "←".as_bytes();

/// An arrow right before the number: "-> 180", "<-- 200", "server1 > 302", "→ 486". A '>'
/// that opens the line is a quote marker, not an arrow.
pub(super) fn arrow_before(seg: &[u8], start: usize, lead: usize) -> bool {
    let mut i = start;
    while i > 0 && matches!(seg[i - 1], b' ' | b'\t') && start - i < 8 {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    let t = &seg[..i];
    if t.ends_with(ARROW_RIGHT) || t.ends_with(ARROW_LEFT) {
        return true;
    }
    match t[i - 1] {
        b'>' => i - 1 > lead,
        b'-' | b'=' => {
            let mut j = i;
            while j > 0 && matches!(seg[j - 1], b'-' | b'=') && i - j < 16 {
                j -= 1;
            }
            j > 0 && seg[j - 1] == b'<'
        }
        _ => false,
    }
}

/// An arrow right after the number: "100 <-----", "180 -> ", "302 > kamailio1", "486 →".
pub(super) fn arrow_after(seg: &[u8], end: usize) -> bool {
    let mut i = end;
    while i < seg.len() && matches!(seg[i], b' ' | b'\t') && i - end < 8 {
        i += 1;
    }
    let t = &seg[i..];
    t.starts_with(b"<-")
        || t.starts_with(b"->")
        || t.starts_with(b"-->")
        || t.starts_with(b"=>")
        || t.starts_with(ARROW_RIGHT)
        || t.starts_with(ARROW_LEFT)
        || (i > end && t.starts_with(b"> "))
}

/// What may follow a number that opens a table row: nothing (or a footnote star, a cell
/// border), or a capitalised word — "481*", "403 Permission Denied". A colon may close the
/// code's cell and a quote open the next: "301: Permanent redirect", "180: „Ringing”"
/// (vodafone.de), "403: | 'A device or server refused …'" (a portal's table, gazelletel.com).
pub(super) fn row_entry(seg: &[u8], end: usize) -> bool {
    let mut i = end;
    if matches!(seg.get(i), Some(b'*' | b':')) {
        i += 1;
    }
    let rest = &seg[i..];
    let mut skip = rest
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t' | b'|'))
        .count();
    if skip > 0 {
        if let Some(q) = ["\"", "'", "„", "“", "‘", "«"]
            .iter()
            .find(|q| rest[skip..].starts_with(q.as_bytes()))
        {
            skip += q.len();
        }
    }
    match rest.get(skip) {
        None => true,
        // A capital, or a letter outside ASCII: a phrase in another language ("Đang thử").
        Some(c) => {
            let first = || {
                String::from_utf8_lossy(&rest[skip..(skip + 4).min(rest.len())])
                    .chars()
                    .next()
            };
            // Chinese and Japanese write no space: "600全忙", "604不存在于任何地方" (a SIP
            // tutorial's page of 6xx codes, and the code tables in Chinese comments of VoIP
            // modules: "480暂时无人接听（Temporarily Unavailable）").
            (skip == 0 && first().is_some_and(is_cjk))
                || (skip > 0
                    && (c.is_ascii_uppercase()
                        || first().is_some_and(|ch| !ch.is_ascii() && ch.is_alphabetic())))
        }
    }
}

/// A character of the scripts written without spaces between words: CJK ideographs, kana.
pub(super) fn is_cjk(ch: char) -> bool {
    matches!(ch, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

/// An open parenthesis among the last bytes before a number: `reply("486"`, `respond( 486`.
pub(super) fn tail_has_open_paren(gap: &[u8]) -> bool {
    gap.iter().rev().take(4).any(|c| *c == b'(')
}

/// SIP context: one of `CONTEXT_WORDS` as a word or a word's start ("calls", "invites",
/// "trunking"), ASCII case-insensitive; or "SIP" in capitals inside a product's name
/// ("BareSIP", "MicroSIP").
pub(super) fn has_context(text: &[u8]) -> bool {
    if memchr::memmem::find(text, b"SIP").is_some() {
        return true;
    }
    let mut i = 0;
    while i < text.len() {
        if text[i].is_ascii_alphabetic() && (i == 0 || !text[i - 1].is_ascii_alphanumeric()) {
            let s = i;
            while i < text.len() && text[i].is_ascii_alphabetic() {
                i += 1;
            }
            let w = &text[s..i];
            if w.len() <= 14 {
                for c in CONTEXT_WORDS {
                    let c = c.as_bytes();
                    if w.len() >= c.len()
                        && w[..c.len()].eq_ignore_ascii_case(c)
                        && (w.len() - c.len() <= 4)
                    {
                        return true;
                    }
                }
            }
        } else {
            i += 1;
        }
    }
    false
}

/// A currency sign right before a number: "€486".
pub(super) fn is_currency_before(seg: &[u8], start: usize) -> bool {
    let before = &seg[start.saturating_sub(4)..start];
    let s = String::from_utf8_lossy(before);
    s.ends_with('€') || s.ends_with('£') || s.ends_with('¥') || s.ends_with('₫') || s.ends_with('₹')
}

/// A currency sign right after a number: "486€".
pub(super) fn is_currency_after(seg: &[u8], end: usize) -> bool {
    let after = &seg[end..(end + 4).min(seg.len())];
    let s = String::from_utf8_lossy(after);
    s.starts_with('€') || s.starts_with('₫') || s.starts_with('£')
}
