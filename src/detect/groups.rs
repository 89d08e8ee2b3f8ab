//! Groups of numbers in a segment: lists and call flows ("100, 180 then 487", "401/407"),
//! which make their bare members codes, and comparisons ("486 vs 600", "the difference
//! between 401 and 407").

use super::bytes::{contains_ci, find_ci};
use super::scan::{Candidate, Item, ItemKind, Need, Scan, WINDOW};
use super::vocab::{
    is_http_status, DIFFERENCE, ERROR_WORDS, LIST_JOINERS, NEVER_BEFORE, UNITS, VI_DIFFERENCE,
};
use super::words::{has_any_word, last_word, next_word, words};
use super::{Evidence, Finding};

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

    /// "X vs Y", "X or Y", "difference between X and Y", "X instead of Y", in the languages
    /// of `vocab::JOINS`; "401, 403 or 407?" asks about every pair of the list (at most
    /// `MAX_PAIRS` per segment).
    pub(super) fn comparisons(&mut self, seg: &[u8], base: usize, candidates: &[Candidate]) {
        // Whether the segment talks about a difference, computed once: per pair would be
        // quadratic on a long line of "401 and 407 and …".
        if candidates.len() < 2 {
            return;
        }
        let mut about_difference: Option<bool> = None;
        let mut choice: Option<bool> = None;
        // The pairs found in this segment, each once (at most `MAX_PAIRS`).
        let mut done: Vec<(u16, u16)> = Vec::new();
        for (k, pair) in candidates.windows(2).enumerate() {
            let (a, b) = (pair[0], pair[1]);
            if a.code == b.code
                || !self.det.is_registered(a.code)
                || !self.det.is_registered(b.code)
            {
                continue;
            }
            let Some(join) = self.join(seg, a, b) else {
                // "A 486 means this endpoint is busy (…), while a 600 means …": a contrast, but
                // one word in a long sentence; not enough for auto-explain on its own.
                if contrast_while(seg, a, b) {
                    self.pair(base, a, b, Need::Loose, &mut done);
                }
                continue;
            };
            // "200 vs 300 users"; but "481 Call/Transaction Does Not Exist" is a phrase.
            let unit_after_b = UNITS.contains(&next_word(seg, b.end).as_str())
                && !self.det.phrase_after(seg, b.end, b.code);
            if unit_after_b
                || NEVER_BEFORE.contains(&last_word(&words(
                    &seg[a.start.saturating_sub(WINDOW)..a.start],
                )))
            {
                continue;
            }
            let mut about = || {
                *about_difference.get_or_insert_with(|| {
                    contains_ci(seg, b"differ")
                        || contains_ci(seg, b"between")
                        || contains_ci(seg, b"compar")
                        || VI_DIFFERENCE.iter().any(|w| contains_ci(seg, w.as_bytes()))
                        || DIFFERENCE.iter().any(|w| {
                            memchr::memmem::find(seg, w.as_bytes()).is_some()
                                || contains_ci(seg, w.as_bytes())
                        })
                })
            };
            let need = match join {
                Join::Versus => Need::Always,
                // "486 or 600?": a question or a sentence about replies, with a code that
                // exists only in SIP, is about SIP even without a context word.
                Join::Or if !is_http_status(a.code) || !is_http_status(b.code) => {
                    let asked = *choice.get_or_insert_with(|| {
                        seg.contains(&b'?')
                            || memchr::memmem::find(seg, "？".as_bytes()).is_some()
                            || has_any_word(seg, ERROR_WORDS)
                    });
                    if asked {
                        Need::ContextElseLoose
                    } else {
                        Need::Context
                    }
                }
                Join::Or => Need::Context,
                Join::Which if !is_http_status(a.code) || !is_http_status(b.code) => {
                    Need::ContextElseLoose
                }
                Join::Which => Need::Context,
                // "return 403 instead of 488", "sends 486, not 480": a contrast.
                Join::Instead => Need::ContextElseLoose,
                Join::And if about() => Need::Always,
                // "difference 401 407": only a sentence about a difference pairs them.
                Join::Nothing if about() => Need::Always,
                // "401/407" alone is a question about the two; in a sentence it is a list.
                Join::Slash if about() => Need::Always,
                Join::Slash if bare_pair(seg, a, b) => Need::ExplicitOnly,
                _ => continue,
            };
            // "X or Y" sets the two against each other only in a question ("486 or 600?",
            // "should the trunk send 486 or 600?") or a sentence about a difference. Stated
            // alternatives are two codes, not a comparison: "a final SIP response like 603
            // Decline or 486 Busy Here" (jambonz/sbc-outbound#198), "maps to a SIP 403
            // Forbidden or SIP 404 Not Found response" (a page on Twilio's error 31203), "send
            // a PRACK if 180 or 183 have an Rseq header" (SIPp/sipp#378).
            if join == Join::Or && !asked_about(seg, b) && !about() {
                self.code(base + a.start, a.code, Evidence::List, need);
                self.code(base + b.start, b.code, Evidence::List, need);
                continue;
            }
            // "401, 403 or 407?": the codes listed before `a` are asked about too; so are
            // those of "486 vs 600 vs 480" (every pair of the three).
            let mut group = vec![b, a];
            for j in (0..k).rev() {
                let (x, next) = (candidates[j], candidates[j + 1]);
                // "401, 403 or 407?", "a 404, a 403 and a 412".
                let gap = &seg[x.end..next.start];
                let listed = gap.contains(&b',')
                    && gap.len() <= 8
                    && matches!(words(gap).as_str(), "" | "a" | "an" | "the");
                let chained = join == Join::Versus && self.join(seg, x, next) == Some(Join::Versus);
                if !(listed || chained) || !self.det.is_registered(x.code) || group.len() >= 4 {
                    break;
                }
                group.push(x);
            }
            group.reverse();
            for (i, x) in group.iter().enumerate() {
                for y in &group[i + 1..] {
                    self.pair(base, *x, *y, need, &mut done);
                }
            }
        }
        self.unlike(seg, base, candidates, &mut done);
    }

    /// One comparison of `x` and `y`, unless already found in this segment or past
    /// `MAX_PAIRS`; both sides become codes, and the sides found on other evidence become
    /// sides of the comparison ("SIP 100 Trying vs 403 Forbidden"), so that one answer covers
    /// both.
    fn pair(
        &mut self,
        base: usize,
        x: Candidate,
        y: Candidate,
        need: Need,
        done: &mut Vec<(u16, u16)>,
    ) {
        let key = (x.code.min(y.code), x.code.max(y.code));
        if x.code == y.code || done.len() >= MAX_PAIRS || done.contains(&key) {
            return;
        }
        done.push(key);
        self.push(
            base + x.start,
            Finding::Compare {
                a: x.code,
                b: y.code,
            },
            need,
        );
        self.code(base + x.start, x.code, Evidence::Comparison, need);
        self.code(base + y.start, y.code, Evidence::Comparison, need);
        for p in &mut self.pending {
            if let Finding::Code { code, evidence, .. } = &mut p.finding {
                if (p.pos == base + x.start && *code == x.code)
                    || (p.pos == base + y.start && *code == y.code)
                {
                    *evidence = Evidence::Comparison;
                }
            }
        }
    }

    /// "Unlike 401 (Unauthorized, …) or 407 (Proxy Authentication Required), a 403 …": the
    /// code after the clause is set against each code in it.
    fn unlike(
        &mut self,
        seg: &[u8],
        base: usize,
        candidates: &[Candidate],
        done: &mut Vec<(u16, u16)>,
    ) {
        let Some(u) = find_ci(seg, b"unlike") else {
            return;
        };
        if u > 0 && seg[u - 1].is_ascii_alphabetic() {
            return;
        }
        let from = u + b"unlike".len();
        let Some(first) = candidates.iter().position(|c| c.start >= from) else {
            return;
        };
        if !article_only(&seg[from..candidates[first].start]) {
            return;
        }
        // The clause ends at the first comma outside parentheses.
        let mut depth = 0usize;
        let Some(comma) = (candidates[first].end..seg.len()).find(|&i| {
            match seg[i] {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                b',' => return depth == 0,
                _ => {}
            }
            false
        }) else {
            return;
        };
        let Some(subject) = candidates.iter().find(|c| c.start > comma) else {
            return;
        };
        if !article_only(&seg[comma + 1..subject.start]) || !self.det.is_registered(subject.code) {
            return;
        }
        for side in candidates[first..].iter().take_while(|c| c.end < comma) {
            if self.det.is_registered(side.code) {
                self.pair(base, *subject, *side, Need::ContextElseLoose, done);
            }
        }
    }

    /// What joins two candidate codes, read past `a`'s reason phrase ("100 Trying vs 403",
    /// "'487 Request Terminated' and '481 …'") and a "SIP" before `b` ("486 different from
    /// SIP 600").
    fn join(&self, seg: &[u8], a: Candidate, b: Candidate) -> Option<Join> {
        let from = self
            .det
            .phrase_end(seg, a.end, a.code)
            .unwrap_or(a.end)
            .min(b.start);
        let raw = after_nouns(&seg[from..b.start]);
        if raw.len() > 24 {
            return contrast_in_clause(seg, a, raw).then_some(Join::Instead);
        }
        let w = words(raw);
        let between = without_article(lang_join(raw).unwrap_or(w.as_str()));
        // "a 405 is sent instead of 501" (a Siemens phone manual in the corpus), as "return 403
        // instead of 488": a few words of the same clause before the contrast.
        if (between.ends_with(" instead of") || between.ends_with(" rather than"))
            && !raw
                .iter()
                .any(|c| matches!(c, b'.' | b';' | b':' | b'?' | b'!'))
        {
            return Some(Join::Instead);
        }
        Some(match between {
            "vs" | "versus" | "v" | "against" | "compared to" | "compared with" | "vs and"
            | "different from" | "differs from" | "differ from" | "contra" | "gegen" => {
                Join::Versus
            }
            "" if raw.windows(3).any(|w| w == b"<->") => Join::Versus,
            "or" | "o" | "ou" | "oder" | "atau" => Join::Or,
            "or?" => Join::Which,
            "and" | "y" | "e" | "et" | "und" | "dan" => Join::And,
            "instead of" | "rather than" | "not" | "and not" | "but not" => Join::Instead,
            "" if raw.iter().all(|c| matches!(c, b' ' | b'\t')) => Join::Nothing,
            "" if raw == b"/" => Join::Slash,
            _ => return contrast_in_clause(seg, a, raw).then_some(Join::Instead),
        })
    }
}

/// How far the words of one clause may reach between two codes set against each other.
const CLAUSE: usize = 72;

/// Verbs that change one code into another ("turn that into a 603").
const CHANGE_VERBS: &[&str] = &[
    "turn",
    "turns",
    "turned",
    "turning",
    "translate",
    "translates",
    "translated",
    "convert",
    "converts",
    "converted",
    "change",
    "changes",
    "changed",
    "map",
    "maps",
    "mapped",
    "rewrite",
    "rewrites",
    "rewritten",
    "transform",
    "transforms",
    "transformed",
];

/// A contrast carried by a few words of one clause between two codes: "a 403 response will be
/// returned instead of the expected 407" (Metaswitch/sprout#1217), "replying 500 instead of a
/// more expected 481" (erlnets/nksip#80), "\"500 Server Internal Error: Destination
/// Unreachable\" instead of responding with a \"481 …\"" (RestComm/sip-servlets#189); and a
/// code changed into another: "respond 488 Not Acceptable Here but we turn that into a 603"
/// (jambonz/jambonz-feature-server#1142), "translate retried 503 failures at a single node into
/// a 504" (Metaswitch/sprout#1791).
fn contrast_in_clause(seg: &[u8], a: Candidate, raw: &[u8]) -> bool {
    let raw = past_closing_quote(seg, a, raw);
    if raw.len() > CLAUSE
        || raw.iter().any(|c| {
            c.is_ascii_digit() || matches!(c, b'.' | b';' | b':' | b'?' | b'!' | b'(' | b')')
        })
    {
        return false;
    }
    let w = words(raw);
    let w = without_article(w.as_str());
    let list: Vec<&str> = w.split(' ').filter(|x| !x.is_empty()).collect();
    if list.len() > 8 {
        return false;
    }
    for cue in [["instead", "of"], ["rather", "than"]] {
        if let Some(i) = list.windows(2).position(|p| p == cue) {
            return i <= 5 && list.len() - (i + 2) <= 3;
        }
    }
    if list.last() != Some(&"into") {
        return false;
    }
    let before = words(&seg[a.start.saturating_sub(40)..a.start]);
    let near: Vec<&str> = before.as_str().rsplit(' ').take(3).collect();
    list.iter()
        .chain(near.iter())
        .any(|x| CHANGE_VERBS.contains(x))
}

/// What follows a quoted first code's closing quote: in "\"500 Server Internal Error:
/// Destination Unreachable\" instead of", the words of the quote are the code's.
fn past_closing_quote<'a>(seg: &[u8], a: Candidate, raw: &'a [u8]) -> &'a [u8] {
    let Some(open) = a.start.checked_sub(1).map(|i| seg[i]) else {
        return raw;
    };
    if !matches!(open, b'"' | b'\'') {
        return raw;
    }
    match memchr::memchr(open, raw) {
        Some(i) if i < 48 => &raw[i + 1..],
        _ => raw,
    }
}

/// Whether the clause of `b` ends in a question mark: "486 or 600?", "should the sip trunk
/// send 486 or 600?", "\"486 Busy Here\" or \"600 Busy Everywhere\"?". The clause ends at
/// the first '.', '!', ';' or question mark after `b`, within a short sentence's reach, and
/// no other word than the code's phrase, quotes and a few words of the same clause ("from the
/// sip trunk") stand between; a question about something else ("if 180 or 183 have an Rseq
/// header") has a verb right after the pair.
fn asked_about(seg: &[u8], b: Candidate) -> bool {
    let rest = &seg[b.end..];
    let reach = &rest[..rest.len().min(80)];
    let full_stop = |i: usize| reach[i..].starts_with("。".as_bytes());
    let full_question = |i: usize| reach[i..].starts_with("？".as_bytes());
    let Some(stop) = (0..reach.len()).find(|&i| {
        matches!(reach[i], b'?' | b'.' | b'!' | b';') || full_stop(i) || full_question(i)
    }) else {
        return false;
    };
    let question = reach[stop] == b'?' || full_question(stop);
    question
        && !matches!(
            next_word(seg, b.end).as_str(),
            "have" | "has" | "is" | "are" | "was" | "were" | "had" | "does" | "do"
        )
}

/// The text after a code without the nouns that name what it is: "a 407 SIP response code
/// instead of a 401" (a page of an application server's manual), "a 403 response instead of
/// the 401", "486 reply vs 600 reply".
fn after_nouns(mut raw: &[u8]) -> &[u8] {
    const NOUNS: &[&[u8]] = &[
        b"sip",
        b"response",
        b"responses",
        b"code",
        b"codes",
        b"reply",
        b"replies",
        b"error",
        b"status",
        b"message",
    ];
    for _ in 0..3 {
        let start = raw.iter().position(|c| *c != b' ').unwrap_or(raw.len());
        let word = &raw[start..];
        let end = word
            .iter()
            .position(|c| !c.is_ascii_alphabetic())
            .unwrap_or(word.len());
        if end == 0 || !NOUNS.iter().any(|n| n.eq_ignore_ascii_case(&word[..end])) {
            break;
        }
        raw = &word[end..];
    }
    raw
}

/// The words between two codes without what may stand right before the second: "SIP" and an
/// article ("and a 407", "instead of a 401", "vs the SIP 600", "y un 407", "und einem 603").
fn without_article(between: &str) -> &str {
    const BEFORE_CODE: &[&str] = &[
        " sip", " a", " an", " the", " un", " una", " um", " uma", " une", " le", " la", " el",
        " ein", " eine", " einen", " einem", " einer",
    ];
    if between == "sip" {
        return "";
    }
    let mut between = between;
    for _ in 0..2 {
        match BEFORE_CODE.iter().find_map(|w| between.strip_suffix(w)) {
            Some(rest) => between = rest,
            None => break,
        }
    }
    between
}

/// Nothing but an article (or "SIP") between a word and a code: "unlike a 503", ", while a 600".
fn article_only(between: &[u8]) -> bool {
    between.len() <= 12
        && matches!(
            words(between).as_str(),
            "" | "a" | "an" | "the" | "sip" | "a sip" | "the sip"
        )
}

/// "A 486 means this endpoint is busy (…), while a 600 means …", "SIP 300 (…) is a 3xx
/// response, while 486 (…) is a 4xx": ", while" or ", whereas" right before the second code
/// sets it against the first.
fn contrast_while(seg: &[u8], a: Candidate, b: Candidate) -> bool {
    let between = &seg[a.end..b.start];
    if between.len() > 160 {
        return false;
    }
    let Some(comma) = memchr::memrchr(b',', between) else {
        return false;
    };
    let rest = words(&between[comma + 1..]);
    let rest = rest.as_str();
    ["while", "whereas"].iter().any(|w| {
        rest.strip_prefix(w)
            .is_some_and(|r| matches!(r.trim_start(), "" | "a" | "an" | "the" | "sip"))
    })
}

/// At most this many comparisons per segment: "401, 403, 407 or 486?" asks about a few
/// pairs, not every one.
const MAX_PAIRS: usize = 3;

/// How two codes are joined, as far as a comparison is concerned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Join {
    /// "vs", "compared to", "different from", "<->".
    Versus,
    /// "or": a choice.
    Or,
    /// An "or" that asks by its grammar: Chinese "还是" ("486 还是 600").
    Which,
    /// "and": a comparison when the sentence is about a difference.
    And,
    /// "instead of", "rather than", "not": a contrast.
    Instead,
    /// Nothing but spaces: "difference 401 407".
    Nothing,
    /// "401/407".
    Slash,
}

/// Whether the segment holds nothing but the pair (and "SIP", "code", a question mark):
/// "401/407", "sip 401/407?".
fn bare_pair(seg: &[u8], a: Candidate, b: Candidate) -> bool {
    let rest = words(&seg[..a.start]);
    let after = words(&seg[b.end..]);
    [rest.as_str(), after.as_str()]
        .iter()
        .all(|w| matches!(*w, "" | "sip" | "sip code" | "sip codes" | "codes"))
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

/// Words outside ASCII between two codes, as the English word that plays the same part in
/// `comparisons`. Vietnamese: "khác gì" (differs how from), "so với" (compared with) → "vs";
/// "và", "với" (and, with) → "and"; "hay", "hoặc" (or) → "or", each also without its
/// diacritics, as it is often typed. Russian "и"/"или", Chinese "和"/"与", "还是" (the "or" of a
/// question; "或" lists): "and", "or"; "против", "对比": "vs".
fn lang_join(raw: &[u8]) -> Option<&'static str> {
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
        ("и", "and"),
        ("или", "or"),
        ("против", "vs"),
        ("和", "and"),
        ("与", "and"),
        ("跟", "and"),
        // The "or" of a question by its grammar, with or without a question mark.
        ("还是", "or?"),
        ("对比", "vs"),
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
