//! Groups of numbers in a segment: lists and call flows ("100, 180 then 487", "401/407"),
//! which make their bare members codes, and comparisons ("486 vs 600", "the difference
//! between 401 and 407").

use super::bytes::contains_ci;
use super::scan::{Need, Scan, WINDOW};
use super::vocab::{is_http_status, ERROR_WORDS, LIST_JOINERS, NEVER_BEFORE, UNITS, VI_DIFFERENCE};
use super::words::{has_any_word, last_word, next_word, words};
use super::{Evidence, Finding};

/// A three-digit number of a segment, as the list and table rules see it.
#[derive(Clone, Copy)]
pub(super) struct Item {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: ItemKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ItemKind {
    /// A bare code: the index of its pending finding.
    Bare(usize),
    /// A quantity or an identifier: "200 users", "account 603".
    Vetoed,
    /// A code found on some other evidence.
    Found,
}

/// A candidate number in a segment: a three-digit run that passed the hard vetoes.
#[derive(Clone, Copy)]
pub(super) struct Candidate {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) code: u16,
}

impl Scan<'_> {
    /// Lists and sequences: "100, 180 then 487", "401 and 407", "302 > 200". A bare code in
    /// a list with another code is one too (weak); a list with a count or an identifier in
    /// it ("100, 200 and 300 users", "account 603 and 486") is not codes at all.
    pub(super) fn lists(&mut self, seg: &[u8], items: &[Item]) {
        let mut i = 0;
        while i < items.len() {
            let mut j = i;
            while j + 1 < items.len() && joined(&seg[items[j].end..items[j + 1].start]) {
                j += 1;
            }
            if j > i {
                let run = &items[i..=j];
                let vetoed = run.iter().any(|it| it.kind == ItemKind::Vetoed);
                for it in run {
                    if let ItemKind::Bare(idx) = it.kind {
                        if vetoed {
                            if let Some(p) = self.pending.get_mut(idx) {
                                p.need = Need::Dropped;
                            }
                        } else {
                            self.upgrade(idx, Need::Loose, Evidence::List);
                        }
                    }
                }
            }
            i = j + 1;
        }
    }

    /// "X vs Y", "X or Y", "difference between X and Y".
    pub(super) fn comparisons(&mut self, seg: &[u8], base: usize, candidates: &[Candidate]) {
        // Whether the segment talks about a difference, computed once: per pair would be
        // quadratic on a long line of "401 and 407 and …".
        let mut about_difference: Option<bool> = None;
        let mut choice: Option<bool> = None;
        for pair in candidates.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.code == b.code
                || !self.det.is_registered(a.code)
                || !self.det.is_registered(b.code)
            {
                continue;
            }
            let raw_between = &seg[a.end..b.start];
            if raw_between.len() > 24 {
                continue;
            }
            let between = words(raw_between);
            // Vietnamese joins two codes its own way ("486 khác gì 600?", "so sánh 486 với
            // 600"), with or without its diacritics, which `words` drops.
            let between = vi_join(raw_between).unwrap_or(between.as_str());
            let unit_after_b = UNITS.contains(&next_word(seg, b.end).as_str());
            if unit_after_b
                || NEVER_BEFORE.contains(&last_word(&words(
                    &seg[a.start.saturating_sub(WINDOW)..a.start],
                )))
            {
                continue;
            }
            let need = match between {
                "vs" | "versus" | "v" | "against" | "compared to" | "compared with" | "vs and" => {
                    Need::Always
                }
                "" if raw_between.windows(3).any(|w| w == b"<->") => Need::Always,
                // "486 or 600?": a question or a sentence about replies, with a code that
                // exists only in SIP, is about SIP even without a context word.
                "or" if !is_http_status(a.code) || !is_http_status(b.code) => {
                    let asked = *choice.get_or_insert_with(|| {
                        seg.contains(&b'?') || has_any_word(seg, ERROR_WORDS)
                    });
                    if asked {
                        Need::ContextElseLoose
                    } else {
                        Need::Context
                    }
                }
                "or" => Need::Context,
                "and" => {
                    let about = *about_difference.get_or_insert_with(|| {
                        contains_ci(seg, b"differ")
                            || contains_ci(seg, b"between")
                            || contains_ci(seg, b"compar")
                            || VI_DIFFERENCE.iter().any(|w| contains_ci(seg, w.as_bytes()))
                    });
                    if about {
                        Need::Always
                    } else {
                        continue;
                    }
                }
                _ => continue,
            };
            self.push(
                base + a.start,
                Finding::Compare {
                    a: a.code,
                    b: b.code,
                },
                need,
            );
            self.code(base + a.start, a.code, Evidence::Comparison, need);
            self.code(base + b.start, b.code, Evidence::Comparison, need);
        }
    }
}

/// Whether the text between two numbers joins them into one list: punctuation of lists and
/// arrows, and a few words ("then", "and", "or", "vs").
pub(super) fn joined(between: &[u8]) -> bool {
    if between.len() > 16
        || !between.iter().all(|c| {
            c.is_ascii_alphabetic()
                || *c >= 0x80
                || matches!(
                    c,
                    b' ' | b',' | b'-' | b'>' | b'<' | b'/' | b'|' | b'\t' | b';' | b'&' | b'='
                )
        })
    {
        return false;
    }
    LIST_JOINERS.contains(&words(between).as_str())
}

/// Vietnamese words between two codes, as the English word that plays the same part in
/// `comparisons`: "khác gì" (differs how from), "so với" (compared with) → "vs"; "và", "với"
/// (and, with) → "and"; "hay", "hoặc" (or) → "or". Each also without its diacritics, as it
/// is often typed.
fn vi_join(raw: &[u8]) -> Option<&'static str> {
    const JOINS: &[(&str, &str)] = &[
        ("khác gì", "vs"),
        ("khac gi", "vs"),
        ("khác với", "vs"),
        ("khac voi", "vs"),
        ("khác", "vs"),
        ("khac", "vs"),
        ("so với", "vs"),
        ("so voi", "vs"),
        ("và", "and"),
        ("va", "and"),
        ("với", "and"),
        ("voi", "and"),
        ("hay", "or"),
        ("hoặc", "or"),
        ("hoac", "or"),
    ];
    let text = std::str::from_utf8(raw).ok()?;
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == ',');
    // Compared a character at a time in lower case: no copy for the English joins ("vs",
    // "or") that come here first.
    let n = text.chars().count();
    let same = |w: &str| {
        n == w.chars().count()
            && text
                .chars()
                .zip(w.chars())
                .all(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
    };
    JOINS
        .iter()
        .find(|(w, _)| same(w))
        .map(|&(_, english)| english)
}
