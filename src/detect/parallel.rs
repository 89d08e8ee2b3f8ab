//! Codes set against each other by the shape of the sentences around them, not by a joining
//! word: parallel sentences that each name one code ("MUST return a 500 (…) response …" /
//! "MUST return a 491 (…) response …"), and sentences whose subject is a code ("A 486 is used
//! when …" / "A 480 can be used so that …"; "486 is endpoint-specific, 600 is user-wide");
//! and a code likened to the one a section or sentence is about ("407 Proxy Authentication
//! Required … This code is similar to 401 (Unauthorized), but …").

use super::scan::{Need, Scan};
use super::words::words;
use super::{Evidence, Finding};

/// A text with more subject-code sentences than this is a list of definitions, not a contrast.
const MAX_SUBJECTS: usize = 3;
/// How many words two parallel sentences must open with alike.
const SAME_OPENING: usize = 3;
/// More parallel sentences in a row than this are a list, not a contrast.
const MAX_RUN: usize = 3;
/// Sentences longer than this (bytes) are not read for their shape.
const MAX_SENTENCE: usize = 600;

/// Words that may stand before a code that is a sentence's subject.
const BEFORE_SUBJECT: &[&str] = &[
    "",
    "a",
    "an",
    "the",
    "sip",
    "a sip",
    "the sip",
    "and",
    "and a",
    "and an",
    "and the",
    "but",
    "but a",
    "while",
    "while a",
    "whereas",
    "whereas a",
];

/// The verbs that follow a code that is a sentence's subject.
const SUBJECT_VERBS: &[&str] = &[
    "is",
    "are",
    "was",
    "means",
    "indicates",
    "comes",
    "can",
    "could",
    "should",
    "must",
    "will",
    "may",
    "might",
    "does",
    "signals",
    "tells",
    "says",
    "occurs",
    "happens",
    "returns",
    "used",
    "only",
    "also",
    "just",
    "would",
];

/// One code and the sentence it stands in.
#[derive(Clone, Copy)]
struct InSentence {
    code: u16,
    pos: usize,
    start: usize,
    end: usize,
}

impl Scan<'_> {
    /// Finds the codes that parallel sentences set against each other, and pairs them (weak:
    /// loose mode, or strict when the text has a strong finding).
    pub(super) fn parallels(&mut self) {
        let text = self.text;
        // Logs are parallel by nature ("Got SIP response 486", "Got SIP response 200"): only
        // prose is read for its shape.
        let mut codes: Vec<(usize, u16)> = Vec::new();
        for p in &self.pending {
            match (p.finding, p.need) {
                (
                    Finding::Code {
                        evidence: Evidence::StatusLine | Evidence::LogLine,
                        ..
                    },
                    _,
                ) => return,
                (_, Need::Dropped) => {}
                (Finding::Code { code, .. }, _) => codes.push((p.pos, code)),
                _ => {}
            }
        }
        if codes.len() < 2 {
            return;
        }
        codes.sort_unstable();
        codes.dedup_by_key(|c| c.0);
        let sentences: Vec<InSentence> = codes
            .iter()
            .map(|&(pos, code)| {
                let (start, end) = sentence_of(text, pos);
                InSentence {
                    code,
                    pos,
                    start,
                    end,
                }
            })
            .collect();
        // Only sentences with one code (or one code named twice) are sides.
        let single = |i: usize| {
            let s = sentences[i];
            s.end - s.start <= MAX_SENTENCE
                && sentences
                    .iter()
                    .filter(|o| o.start == s.start)
                    .all(|o| o.code == s.code)
        };
        let firsts: Vec<usize> = (0..sentences.len())
            .filter(|&i| i == 0 || sentences[i].start != sentences[i - 1].start)
            .filter(|&i| single(i))
            .collect();
        let subjects: Vec<usize> = firsts
            .iter()
            .copied()
            .filter(|&i| self.is_subject(text, sentences[i]))
            .collect();
        let mut groups: Vec<Vec<InSentence>> = Vec::new();
        if (2..=MAX_SUBJECTS).contains(&subjects.len()) {
            self.runs(text, &subjects, &sentences, &mut groups, |_, _| true);
        }
        self.runs(text, &firsts, &sentences, &mut groups, |a, b| {
            same_opening(text, a, b)
        });
        for (i, s) in sentences.iter().enumerate() {
            if let Some(j) = likened_to(text, &sentences, i) {
                groups.push(vec![sentences[j], *s]);
            }
        }
        let mut done: Vec<(u16, u16)> = Vec::new();
        for g in groups {
            for (i, x) in g.iter().enumerate() {
                for y in &g[i + 1..] {
                    let key = (x.code.min(y.code), x.code.max(y.code));
                    if x.code == y.code || done.len() >= 3 || done.contains(&key) {
                        continue;
                    }
                    done.push(key);
                    self.push(
                        x.pos,
                        Finding::Compare {
                            a: x.code,
                            b: y.code,
                        },
                        Need::Loose,
                    );
                    for side in [x, y] {
                        self.code(side.pos, side.code, Evidence::Comparison, Need::Loose);
                    }
                }
            }
        }
    }

    /// Runs of sentences that follow one another (nothing but blank space or other sentences
    /// without a code between them is allowed: at most one) and that `alike` accepts pairwise.
    fn runs(
        &self,
        text: &[u8],
        which: &[usize],
        sentences: &[InSentence],
        groups: &mut Vec<Vec<InSentence>>,
        alike: impl Fn(InSentence, InSentence) -> bool,
    ) {
        let mut run: Vec<InSentence> = Vec::new();
        for &i in which {
            let s = sentences[i];
            let follows = run
                .last()
                .is_some_and(|last: &InSentence| close(text, last.end, s.start) && alike(*last, s));
            if !follows {
                if (2..=MAX_RUN).contains(&run.len()) {
                    groups.push(std::mem::take(&mut run));
                }
                run.clear();
            }
            run.push(s);
        }
        if (2..=MAX_RUN).contains(&run.len()) {
            groups.push(run);
        }
    }

    /// "A 486 is used when …", "401 Unauthorized comes from …", "while a 600 means …": the
    /// code opens its sentence or clause (after an article) and a verb follows it (after its
    /// reason phrase or a parenthesis).
    fn is_subject(&self, text: &[u8], s: InSentence) -> bool {
        let clause = clause_start(text, s.start, s.pos);
        let before = words(&text[clause..s.pos]);
        if !BEFORE_SUBJECT.contains(&before.as_str()) {
            return false;
        }
        let line_end = memchr::memchr(b'\n', &text[s.pos..]).map_or(text.len(), |i| s.pos + i);
        let line = &text[..line_end];
        let mut after = s.pos + 3;
        if let Some(end) = self.det.phrase_end(line, after, s.code) {
            after = end;
        }
        let rest = &line[after..];
        let rest = skip_parenthesis(rest);
        let next = words(&rest[..rest.len().min(24)]);
        let first = next.as_str().split(' ').next().unwrap_or("");
        SUBJECT_VERBS.contains(&first)
    }
}

/// The sentence around `pos`: from after the last sentence end (". ", "? ", "! ", a blank line,
/// a bullet opening a line) to the next.
fn sentence_of(text: &[u8], pos: usize) -> (usize, usize) {
    let from = pos.saturating_sub(MAX_SENTENCE);
    let mut start = from;
    let mut i = pos;
    while i > from {
        i -= 1;
        if ends_sentence(text, i) {
            start = i + 1;
            break;
        }
    }
    let to = (pos + MAX_SENTENCE).min(text.len());
    let end = (pos + 3..to)
        .find(|&i| ends_sentence(text, i))
        .map_or(to, |i| i + 1);
    (start, end)
}

/// Whether a sentence ends at `i`: a full stop, question or exclamation mark before
/// whitespace, a blank line, or a line that opens with a bullet.
fn ends_sentence(text: &[u8], i: usize) -> bool {
    let next = text.get(i + 1).copied();
    match text[i] {
        // Not the dots of "i.e." and "e.g.".
        b'.' if i >= 2 && text[i - 2] == b'.' => false,
        b'.' | b'?' | b'!' => next.map_or(true, |c| c.is_ascii_whitespace()),
        b'\n' => {
            let rest = &text[i + 1..];
            let lead = rest
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
            let line = &text[memchr::memrchr(b'\n', &text[..i]).map_or(0, |j| j + 1)..i];
            let line = line.trim_ascii();
            matches!(
                rest.get(lead),
                None | Some(b'\n' | b'\r' | b'-' | b'*' | b'`')
            ) || rest[lead..].starts_with("•".as_bytes())
                || line.starts_with(b"```")
                || line.ends_with(b":")
        }
        _ => false,
    }
}

/// A clause's start within a sentence: after the last comma, semicolon or dash before `pos`.
fn clause_start(text: &[u8], start: usize, pos: usize) -> usize {
    text[start..pos]
        .iter()
        .rposition(|c| matches!(c, b',' | b';' | b'\n' | b'-' | b'*'))
        .map_or(start, |i| start + i + 1)
}

/// After a parenthesis that opens `rest` ("(Busy Here) is …").
fn skip_parenthesis(rest: &[u8]) -> &[u8] {
    let lead = rest.iter().take_while(|c| **c == b' ').count();
    if rest.get(lead) != Some(&b'(') {
        return rest;
    }
    match memchr::memchr(b')', &rest[lead..]) {
        Some(i) if i < 64 => &rest[lead + i + 1..],
        _ => rest,
    }
}

/// Whether the sentence starting at `b` follows the one ending at `a_end`, with at most one
/// other short sentence between.
fn close(text: &[u8], a_end: usize, b_start: usize) -> bool {
    if b_start < a_end {
        return false;
    }
    let gap = &text[a_end..b_start];
    gap.len() <= 400
        && gap
            .iter()
            .filter(|c| matches!(c, b'.' | b'?' | b'!'))
            .count()
            <= 1
}

/// Whether two sentences open with the same `SAME_OPENING` words, none of them a number, and
/// go on for a few words of their own before the code: "A UAS that receives a second INVITE …
/// MUST return a 500" / "A UAS that receives an INVITE … MUST return a 491". A row that only
/// labels its code ("SIP server error 503 …", "Sip non-success response: 486") is a list.
fn same_opening(text: &[u8], a: InSentence, b: InSentence) -> bool {
    let wa = words(&text[a.start..a.pos]);
    let wb = words(&text[b.start..b.pos]);
    let (wa, wb) = (opening(wa.as_str()), opening(wb.as_str()));
    match (wa, wb) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// The first `SAME_OPENING` words, if none holds a digit and at least two more follow before
/// the code.
fn opening(w: &str) -> Option<Vec<&str>> {
    let all: Vec<&str> = w.split(' ').filter(|x| !x.is_empty()).collect();
    let first = &all[..all.len().min(SAME_OPENING)];
    (all.len() >= SAME_OPENING + 2 && first.iter().all(|x| !x.bytes().any(|c| c.is_ascii_digit())))
        .then(|| first.to_vec())
}

/// Words that liken a code to another: "similar to 401", "the proxy equivalent of 401", in
/// the languages the corpus has ("similar ao 401", "类似于 404").
const LIKENED: &[&str] = &[
    "similar to",
    "similar to the",
    "similar to a",
    "equivalent of",
    "equivalent to",
    "counterpart of",
    "similar ao",
    "similar a",
    "semelhante ao",
    "semelhante a",
    "similaire à",
    "similaire au",
    "ähnlich wie",
    "аналогичен",
    "похож на",
    "类似于",
    "类似",
];

/// The code that `sentences[i]`'s code is likened to the subject of: "SIP 407 is the proxy
/// equivalent of 401 Unauthorized" (a guide page), or, under a heading "21.4.8 407 Proxy
/// Authentication Required", "Esse código é similar ao 401 (Unauthorized), mas …" (RFC 3261
/// §21.4.8 in a Portuguese translation), "604不存在于任何地方 … 此响应类似于 404未找到响应,但"
/// (a SIP tutorial's page): the code before, when it opens its line or its sentence, within a
/// few lines.
fn likened_to(text: &[u8], sentences: &[InSentence], i: usize) -> Option<usize> {
    let s = sentences[i];
    let before = &text[s.pos.saturating_sub(24)..s.pos];
    let lower = String::from_utf8_lossy(before).to_lowercase();
    let lower = lower.trim_end();
    if !LIKENED.iter().any(|w| {
        lower.strip_suffix(w).is_some_and(|rest| {
            // Chinese writes no space before the cue.
            rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric()) || !w.is_ascii()
        })
    }) {
        return None;
    }
    let j = (0..i).rev().find(|&j| sentences[j].code != s.code)?;
    let subject = sentences[j];
    if s.pos - subject.pos > 400 {
        return None;
    }
    let line_start = memchr::memrchr(b'\n', &text[..subject.pos]).map_or(0, |k| k + 1);
    // Opens its line after a section number ("21.4.8 407"), or its sentence ("SIP 407 is").
    let head = words(&text[line_start..subject.pos]);
    let heading = head
        .as_str()
        .split(' ')
        .all(|w| w.is_empty() || w.bytes().all(|c| c.is_ascii_digit()) || w == "sip");
    let opens = words(&text[subject.start..subject.pos]);
    (heading || matches!(opens.as_str(), "" | "sip" | "a" | "the" | "a sip")).then_some(j)
}
