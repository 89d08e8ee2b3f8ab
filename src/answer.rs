//! Answering a direct question: what `sipbot explain`, the console, a DM or a mention of the
//! bot get. Turns free text ("486", "busy here", "486 vs 600", "q850 17", a pasted status
//! line) into a `Reply`, or into a helpful error when nothing in it is a SIP code; decides
//! whether a text is read as a trace or for its codes ([`trace_reply`]), and reads a code
//! typed into a command option ([`code_of`]). Pure.

use crate::catalogue::{Catalogue, Cause, Lang, SipCode};
use crate::detect::{Detector, Finding, Mode};
use crate::item;
use crate::render::{self, Explanation, Reply};
use crate::trace;

/// The reply, and whether the text was understood (the CLI's exit status).
#[derive(Debug, Clone)]
pub struct Answer {
    pub reply: Reply,
    pub understood: bool,
    /// Not understood, and nothing in the text looked like a code or a cause at all: plain
    /// chat. Callers that answer chat (the console, a DM) may prefer a short line then.
    pub chat: bool,
}

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
            .parse::<Cause>()
            .ok()
            .and_then(|c| render::cause(cat, lang, c.get()))
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
    // A PBX hangup cause name: "USER_BUSY", "ast_cause_busy", "q850 NORMAL_CLEARING".
    if let Some(e) = hangup_query(q)
        .and_then(|n| cat.hangup_name(n))
        .and_then(|n| render::hangup_name(cat, lang, n))
    {
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
        let well_formed = n.parse::<SipCode>().is_ok();
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

/// The explanations for a list of findings, in order: comparisons replace the codes they
/// compare, Q.850 causes and warn-codes are decoded.
pub fn explain_findings(cat: &Catalogue, lang: Lang, findings: &[Finding]) -> Vec<Explanation> {
    render::explain_all(cat, lang, &item::items(findings))
}

fn understood_in(cat: &Catalogue, lang: Lang, explanations: Vec<Explanation>) -> Answer {
    Answer {
        reply: render::capped(cat, lang, explanations),
        understood: true,
        chat: false,
    }
}

/// A number typed on its own: a registered or unregistered code, or an error with the
/// nearest registered codes.
fn number(cat: &Catalogue, lang: Lang, digits: &str) -> Answer {
    // "099" is not a code even though it parses to 99: codes are exactly three digits 1–6.
    if let Some(l) = digits
        .parse::<SipCode>()
        .ok()
        .and_then(|c| cat.lookup(c.get()))
    {
        return understood_in(cat, lang, vec![render::code(cat, lang, l)]);
    }
    let value: u32 = digits.parse().unwrap_or(u32::MAX);
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

/// "USER_BUSY", "`ast_cause_busy`?", "q850 NORMAL_CLEARING" → the name. A name is written
/// with an underscore or in capitals, so that plain words ("busy", "decline") stay searches.
fn hangup_query(q: &str) -> Option<&str> {
    let q = q.trim_matches(|c: char| c == '?' || c == '`' || c == '.' || c.is_whitespace());
    let lower = q.to_ascii_lowercase();
    let skip = [
        "q.850",
        "q850",
        "hangup cause",
        "hangupcause",
        "hangup_cause",
        "cause",
    ]
    .iter()
    .find(|p| lower.starts_with(*p))
    .map_or(0, |p| p.len());
    let name = q[skip..].trim_start_matches(|c: char| c.is_whitespace() || c == '=' || c == ':');
    let shaped = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && (name.contains('_') || !name.bytes().any(|b| b.is_ascii_lowercase()));
    shaped.then_some(name)
}

/// The one answer to "trace or codes?": a text holding a trace (two or more SIP messages, see
/// [`trace::looks_like_trace`]) with at least one call to show is answered with the call
/// flow, masked when `redact`; `None` means the text is read for its codes instead (by
/// [`answer`] when someone asked, by `auto` for a message in a channel).
pub fn trace_reply(cat: &Catalogue, lang: Lang, text: &str, redact: bool) -> Option<Reply> {
    if !trace::looks_like_trace(text) {
        return None;
    }
    let mut t = trace::analyse(text);
    if redact {
        t.redact();
    }
    render::trace_reply(cat, lang, &t)
}

/// What someone who asked about a text gets (the menu, `/sip trace`, an attachment): the call
/// flow when it holds a trace, otherwise the answer to its codes in explicit mode. The flag
/// says which.
pub fn asked(
    cat: &Catalogue,
    det: &Detector,
    lang: Lang,
    text: &str,
    redact: bool,
) -> (Reply, bool) {
    match trace_reply(cat, lang, text, redact) {
        Some(r) => (r, true),
        None => (answer(cat, det, lang, text).reply, false),
    }
}

/// A code typed into a command option: "486", "486 Busy Here", "busy here"; `None` when it
/// names none (answer with [`not_a_code`]).
pub fn code_of(cat: &Catalogue, input: &str) -> Option<u16> {
    let q = input.trim();
    let digits: String = q.chars().take_while(|c| c.is_ascii_digit()).collect();
    if let Ok(c) = digits.parse::<SipCode>() {
        return Some(c.get());
    }
    if digits.is_empty() {
        return cat.by_phrase(q).map(|f| f.code);
    }
    None
}

/// The answer to an option that names no code: what a code is, with the nearest codes to a
/// number or the best matches for words.
pub fn not_a_code(cat: &Catalogue, lang: Lang, input: &str) -> Reply {
    let q = input.trim();
    let digits: String = q.chars().take_while(|c| c.is_ascii_digit()).collect();
    let value: u32 = digits.parse().unwrap_or(0);
    let nearest = if digits.is_empty() {
        cat.search(q, lang, 3).into_iter().map(|h| h.code).collect()
    } else {
        cat.nearest_codes(value.min(1000), 3)
    };
    Reply::embed(render::not_a_code(cat, lang, q, &nearest)).fit()
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
