//! Ranked, typo-tolerant search over the codes of one language: "busy" finds 486 and 600
//! first (their phrases), "auth" finds 401 and 407, "timeout" finds 408 and 504, "48" lists
//! 480–489 (what autocomplete needs). Small enough (under 100 codes) that a scan of every
//! document per query is faster than anything cleverer.

use std::collections::{BTreeMap, HashMap};

use super::model::{CodeFacts, CodeText};
use super::normalise_phrase;

#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub code: u16,
    pub score: f32,
}

/// Words that say nothing about which code is meant.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "what", "whats", "why", "how", "does", "do", "of", "to",
    "in", "on", "for", "and", "or", "it", "this", "that", "my", "me", "i", "we", "sip", "code",
    "codes", "error", "response", "status", "mean", "means", "with", "from", "by", "be", "get",
    "got", "getting",
];

const W_PHRASE: f32 = 10.0;
const W_SUMMARY: f32 = 3.0;
const W_TEXT: f32 = 1.0;

struct Doc {
    code: u16,
    /// (token, weight); a token appears once, with its best weight.
    tokens: Vec<(String, f32)>,
}

pub(super) struct Index {
    docs: Vec<Doc>,
}

/// Lower-case word tokens; hyphenated words also yield their joined form ("time-out" →
/// "time", "out", "timeout").
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '/' | ',' | '.' | ';' | ':' | '(' | ')' | '"' | '`' | '\'' | '?' | '!'
            )
    }) {
        let word: String = raw
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-')
            .flat_map(char::to_lowercase)
            .collect();
        if word.is_empty() {
            continue;
        }
        if word.contains('-') {
            for part in word.split('-').filter(|p| !p.is_empty()) {
                out.push(part.to_string());
            }
            out.push(word.replace('-', ""));
        } else {
            out.push(word);
        }
    }
    out
}

impl Index {
    pub(super) fn build(facts: &BTreeMap<u16, CodeFacts>, texts: &HashMap<u16, CodeText>) -> Index {
        let mut docs = Vec::new();
        for (code, f) in facts {
            let mut weights: HashMap<String, f32> = HashMap::new();
            let mut add = |text: &str, w: f32| {
                for t in tokens(text) {
                    let e = weights.entry(t).or_insert(0.0);
                    if *e < w {
                        *e = w;
                    }
                }
            };
            add(&f.phrase, W_PHRASE);
            if let Some(t) = texts.get(code) {
                add(&t.summary, W_SUMMARY);
                if let Some(g) = &t.phrase_gloss {
                    add(g, W_PHRASE);
                }
                add(&t.description, W_TEXT);
                for w in t.when.iter().chain(t.fix.iter()) {
                    add(w, W_TEXT);
                }
            }
            docs.push(Doc {
                code: *code,
                tokens: weights.into_iter().collect(),
            });
        }
        Index { docs }
    }

    pub(super) fn search(&self, query: &str, facts: &BTreeMap<u16, CodeFacts>) -> Vec<SearchHit> {
        let q = query.trim();
        let mut hits: Vec<SearchHit> = Vec::new();

        // A number or number prefix: "4", "48", "486".
        let digits: String = q.chars().filter(|c| !c.is_whitespace()).collect();
        if !digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit()) {
            for code in facts.keys() {
                let s = code.to_string();
                if s.starts_with(&digits) {
                    let exact = s == digits;
                    hits.push(SearchHit {
                        code: *code,
                        score: if exact { 100.0 } else { 50.0 },
                    });
                }
            }
            sort(&mut hits);
            return hits;
        }

        // The whole query as a reason phrase ("busy here") beats any word match.
        let whole = normalise_phrase(q);
        let exact_phrase = facts
            .values()
            .find(|f| !whole.is_empty() && normalise_phrase(&f.phrase) == whole)
            .map(|f| f.code);

        let words: Vec<String> = tokens(q)
            .into_iter()
            .filter(|w| !STOPWORDS.contains(&w.as_str()))
            .collect();
        // A code typed among words ("486 busy") counts too.
        let numbers: Vec<u16> = words.iter().filter_map(|w| w.parse::<u16>().ok()).collect();
        let words: Vec<String> = words
            .into_iter()
            .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
            .collect();

        for doc in &self.docs {
            let mut score = 0.0;
            let mut matched = 0usize;
            for w in &words {
                let best = doc
                    .tokens
                    .iter()
                    .map(|(t, weight)| match_strength(w, t) * weight)
                    .fold(0.0f32, f32::max);
                if best > 0.0 {
                    matched += 1;
                    score += best;
                }
            }
            if numbers.contains(&doc.code) {
                score += 50.0;
                matched += 1;
            }
            if Some(doc.code) == exact_phrase {
                score += 100.0;
                matched = matched.max(1);
            }
            let needed = (words.len() + numbers.len()).div_ceil(2).max(1);
            if score > 0.0 && matched >= needed {
                hits.push(SearchHit {
                    code: doc.code,
                    score,
                });
            }
        }
        sort(&mut hits);
        // Words found only deep in some other code's text are noise next to a phrase match.
        if let Some(top) = hits.first().map(|h| h.score) {
            hits.retain(|h| h.score >= top * 0.25);
        }
        hits
    }
}

/// How well a query word matches a document token: exact 1, prefix 0.8, inside 0.5, one or
/// two typos 0.6 / 0.4. Short words must match exactly or as a prefix.
fn match_strength(query: &str, token: &str) -> f32 {
    if query == token {
        return 1.0;
    }
    let ql = query.chars().count();
    if ql >= 3 && token.starts_with(query) {
        return 0.8;
    }
    if ql >= 4 && token.contains(query) {
        return 0.5;
    }
    if ql >= 4 {
        let tl = token.chars().count();
        if tl + 2 < ql || ql + 2 < tl {
            return 0.0;
        }
        let d = strsim::damerau_levenshtein(query, token);
        if d == 1 {
            return 0.6;
        }
        if d == 2 && ql >= 7 {
            return 0.4;
        }
    }
    0.0
}

/// Best first; ties by code, so results are stable.
pub(super) fn sort(hits: &mut [SearchHit]) {
    hits.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.code.cmp(&b.code))
    });
}
