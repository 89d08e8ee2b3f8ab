//! Answering a direct question: what `sipbot explain`, the console, a DM or a mention of the
//! bot get. Turns free text ("486", "busy here", "486 vs 600", "q850 17", a pasted status
//! line) into a `Reply`, or into a helpful error when nothing in it is a SIP code. Pure.

use crate::catalogue::{Args, Catalogue, Lang};
use crate::detect::{Detector, Finding, Mode};
use crate::render::{self, Explanation, Reply};

/// The reply, and whether the text was understood (the CLI's exit status).
#[derive(Debug, Clone)]
pub struct Answer {
    pub reply: Reply,
    pub understood: bool,
    /// Not understood, and nothing in the text looked like a code or a cause at all: plain
    /// chat. Callers that answer chat (the console, a DM) may prefer a short line then.
    pub chat: bool,
}

/// How many explanations one answer shows before "…and N more".
pub const MAX_EXPLANATIONS: usize = 10;

/// Answers `text` as a question put to sipbot directly (explicit mode).
pub fn answer(cat: &Catalogue, det: &Detector, lang: Lang, text: &str) -> Answer {
    let q = text.trim();
    if q.is_empty() {
        return not_understood(cat, lang, q);
    }
    // A lone number: a code, or a clear error for out-of-range input.
    let bare =
        q.trim_matches(|c: char| c == '?' || c == '!' || c == '.' || c == '`' || c.is_whitespace());
    if !bare.is_empty() && bare.len() <= 12 && bare.bytes().all(|b| b.is_ascii_digit()) {
        return number(cat, lang, bare);
    }
    // "q850 17", "q.850 cause 17", "cause 17".
    if let Some(cause) = q850_query(q) {
        return match cause
            .parse::<u8>()
            .ok()
            .and_then(|c| render::cause(cat, lang, c))
        {
            Some(e) => understood_in(cat, lang, vec![e]),
            None => Answer {
                reply: Reply::embed(render::not_a_cause(cat, lang, &cause)).fit(),
                understood: false,
                chat: false,
            },
        };
    }
    // A reason phrase: "busy here", "Request Terminated".
    if let Some(f) = cat.by_phrase(q) {
        let e = render::code(cat, lang, crate::catalogue::CodeLookup::Registered(f));
        return understood_in(cat, lang, vec![e]);
    }
    // A header field: "Via", "i", "what is Record-Route?".
    if let Some((name, h)) =
        crate::detect::header::asked(q).and_then(|n| cat.header(n).map(|h| (n, h)))
    {
        return understood_in(cat, lang, vec![render::header(cat, lang, h, name)]);
    }
    let findings = det.detect(q, Mode::Explicit);
    if !findings.is_empty() {
        let explanations = explain_findings(cat, lang, &findings);
        if !explanations.is_empty() {
            return understood_in(cat, lang, explanations);
        }
    }
    // A number that is no code ("what is 700?"): say what a code is.
    if let Some(n) = q
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| !w.is_empty() && w.len() <= 12)
    {
        let well_formed = w_code(n).is_some_and(|c| cat.lookup(c).is_some());
        if findings.is_empty() && !well_formed && q.split_whitespace().count() <= 4 {
            return number(cat, lang, n);
        }
    }
    // A few words without numbers: a ranked search ("busy", "auth", "timeout"). Longer
    // sentences are chat, not search queries.
    if q.split_whitespace().count() <= 3 && !q.bytes().any(|b| b.is_ascii_digit()) {
        let hits = cat.search(q, lang, 10);
        if !hits.is_empty() {
            return understood_in(cat, lang, vec![render::search(cat, lang, q, &hits)]);
        }
    }
    not_understood(cat, lang, q)
}

/// A three-digit string as a number ("099" is not a code: codes start with 1–6).
fn w_code(s: &str) -> Option<u16> {
    (s.len() == 3).then(|| s.parse().ok()).flatten()
}

/// The explanations for a list of findings, in order: comparisons replace the codes they
/// compare, Q.850 causes and warn-codes are decoded.
pub fn explain_findings(cat: &Catalogue, lang: Lang, findings: &[Finding]) -> Vec<Explanation> {
    crate::auto::items(findings)
        .into_iter()
        .filter_map(|item| crate::auto::explain(cat, lang, item))
        .collect()
}

fn understood_in(cat: &Catalogue, lang: Lang, mut explanations: Vec<Explanation>) -> Answer {
    let extra = explanations.len().saturating_sub(MAX_EXPLANATIONS);
    explanations.truncate(MAX_EXPLANATIONS);
    let mut reply = Reply::embeds(explanations);
    if extra > 0 {
        reply.content = Some(and_more(cat, lang, extra));
    }
    Answer {
        reply: reply.fit(),
        understood: true,
        chat: false,
    }
}

/// A number typed on its own: a registered or unregistered code, or an error with the
/// nearest registered codes.
fn number(cat: &Catalogue, lang: Lang, digits: &str) -> Answer {
    let value: u32 = digits.parse().unwrap_or(u32::MAX);
    // "099" is not a code even though it parses to 99: codes are exactly three digits 1–6.
    if digits.len() == 3 {
        if let Some(l) = u16::try_from(value).ok().and_then(|v| cat.lookup(v)) {
            return understood_in(cat, lang, vec![render::code(cat, lang, l)]);
        }
    }
    let nearest = cat.nearest_codes(value.min(1000), 3);
    Answer {
        reply: Reply::embed(render::not_a_code(cat, lang, digits, &nearest)).fit(),
        understood: false,
        chat: false,
    }
}

fn not_understood(cat: &Catalogue, lang: Lang, q: &str) -> Answer {
    let mut e = render::not_a_code(cat, lang, q, &[]);
    if q.is_empty() {
        e.title = cat.t(lang, "not-understood");
    }
    Answer {
        reply: Reply::embed(e).fit(),
        understood: false,
        chat: true,
    }
}

/// "q850 17", "Q.850 17", "q.850 cause 17", "cause 17", "q850 cause=17" → "17".
fn q850_query(q: &str) -> Option<String> {
    let lower = q.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("q.850")
        .or_else(|| lower.strip_prefix("q850"))
        .or_else(|| lower.strip_prefix("q 850"))
        .or_else(|| lower.strip_prefix("isdn"))?;
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == ';');
    let rest = rest.strip_prefix("cause").unwrap_or(rest);
    let rest =
        rest.trim_start_matches(|c: char| c.is_whitespace() || c == '=' || c == ':' || c == '#');
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let after = rest[digits.len()..].trim_matches(|c: char| c.is_whitespace() || c == '?');
    if digits.is_empty() || !after.is_empty() {
        return None;
    }
    Some(digits)
}

/// A "…and N more" line in the reader's language.
pub fn and_more(cat: &Catalogue, lang: Lang, n: usize) -> String {
    cat.t_args(lang, "and-more", &Args::new().with("n", n))
}

#[cfg(test)]
mod tests {
    use super::q850_query;

    #[test]
    fn q850_queries() {
        assert_eq!(q850_query("q850 17").as_deref(), Some("17"));
        assert_eq!(q850_query("Q.850 cause 34").as_deref(), Some("34"));
        assert_eq!(q850_query("q850 cause=16?").as_deref(), Some("16"));
        assert_eq!(q850_query("q850 17 and more words"), None);
        assert_eq!(q850_query("486"), None);
    }
}
