//! Questions about a SIP header field, in explicit mode: "what is Record-Route?", "what does
//! i: mean", "Via", "explain the Contact header", "Privacy là gì". Returns the name as typed;
//! whether it is a header at all is the catalogue's call. Only a short single line can be such
//! a question: a pasted trace (many lines) or a header line with a value never is.

/// The longest text read as a header question, in bytes.
const MAX_LEN: usize = 120;

/// The longest question read by [`named`], in bytes: people asking in their own words ("Then,
/// why the Contact header field is mandatory?") write longer lines than the set frames.
const MAX_NAMED_LEN: usize = 160;

/// The header name `text` asks about, as typed ("Record-Route", "i"), or `None`.
pub fn asked(text: &str) -> Option<&str> {
    let t = text.trim();
    if t.is_empty() || t.len() > MAX_NAMED_LEN || t.contains('\n') {
        return None;
    }
    if t.len() > MAX_LEN {
        return named(t);
    }
    let t = t.trim_end_matches(|c: char| matches!(c, '?' | '!' | '.' | '？') || c.is_whitespace());
    QUESTIONS.iter().find_map(|rule| rule(t))
}

/// The rules, in order: each returns the name it found.
const QUESTIONS: &[fn(&str) -> Option<&str>] = &[bare, framed, in_my, named];

/// Words that may stand before the name ("what is the …") or after it ("… header field for").
const BEFORE: &[&str] = &[
    "what is the ",
    "what's the ",
    "whats the ",
    "what is a ",
    "what is an ",
    "what is ",
    "what's ",
    "whats ",
    "what are ",
    "what does the ",
    "what does ",
    "explain the ",
    "explain ",
    "define ",
    "describe the ",
    "describe ",
    "meaning of the ",
    "meaning of ",
    "purpose of the ",
    "purpose of ",
    "header ",
    "sip header ",
    "giải thích header ",
    "giải thích ",
    "ý nghĩa của header ",
    "ý nghĩa của ",
];
const AFTER: &[&str] = &[
    " header field used for",
    " header used for",
    " header field for",
    " header for",
    " header field mean",
    " header mean",
    " header do",
    " header field",
    " header",
    " used for",
    " for",
    " mean",
    " means",
    " do",
    " stand for",
    " là gì",
    " dùng để làm gì",
    " nghĩa là gì",
    " có ý nghĩa gì",
];

/// A name alone: "Via", "i", "`Record-Route`", "i:".
fn bare(t: &str) -> Option<&str> {
    name(t)
}

/// A name in a question frame: "what is the Via header for", "what does i: mean",
/// "Privacy là gì".
fn framed(t: &str) -> Option<&str> {
    let lower = t.to_lowercase();
    // Both frames are ASCII or fixed Vietnamese phrases: cutting the same byte lengths off the
    // original is safe once the lower-case copy has the same length.
    if lower.len() != t.len() {
        return None;
    }
    let start = BEFORE
        .iter()
        .find(|p| lower.starts_with(*p))
        .map_or(0, |p| p.len());
    let end = AFTER
        .iter()
        .find(|s| lower[start..].ends_with(*s) && lower.len() - s.len() > start)
        .map_or(lower.len(), |s| lower.len() - s.len());
    if start == 0 && end == lower.len() {
        return None;
    }
    name(&t[start..end])
}

/// "why is there a received= in my Via", "what is rport in the Via header": the header the
/// question is about comes last.
fn in_my(t: &str) -> Option<&str> {
    let lower = t.to_ascii_lowercase();
    if !(lower.starts_with("why ") || lower.starts_with("what ")) {
        return None;
    }
    let rest = lower
        .strip_suffix(" header")
        .map_or(t, |_| &t[..t.len() - " header".len()]);
    let rest_lower = rest.to_ascii_lowercase();
    ["in my ", "in the ", "in this ", "in a "]
        .iter()
        .filter_map(|p| rest_lower.rfind(p).map(|i| i + p.len()))
        .max()
        .and_then(|at| name(&rest[at..]))
}

/// Words that open a question, looked for among the first three words.
const QUESTION_WORDS: &[&str] = &[
    "what", "why", "how", "is", "are", "does", "do", "should", "can", "when", "where", "which",
];

/// Words that stand before "header" without naming one ("the SIP header", "this header").
const NOT_NAMES: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "sip",
    "which",
    "what",
    "each",
    "every",
    "any",
    "new",
    "custom",
    "same",
    "own",
    "my",
    "your",
    "our",
    "their",
    "its",
    "one",
    "another",
    "first",
    "last",
    "top",
    "extension",
];

/// A question in one's own words that names one header by "<Name> header": "What is the
/// utility of Contact header field?" (SIP Forum list), "In SIP, why the Contact header field
/// MUST be present in the Invite request" (Stack Overflow). It must read as a question (a
/// question mark, or a question word among its first three words), name exactly one header
/// (never "the Route, Via or Contact headers") and carry no digits, which belong to codes.
fn named(t: &str) -> Option<&str> {
    let question = t.contains('?')
        || t.split_whitespace().take(3).any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            QUESTION_WORDS.iter().any(|q| q.eq_ignore_ascii_case(w))
        });
    if !question || t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let mut found: Option<&str> = None;
    for pair in words.windows(2) {
        let after = pair[1].trim_end_matches(|c: char| c.is_ascii_punctuation());
        if !after.eq_ignore_ascii_case("header") {
            continue;
        }
        let before =
            pair[0].trim_matches(|c: char| matches!(c, '\'' | '"' | '`' | '‘' | '’' | '“' | '”'));
        let Some(n) = name(before) else { continue };
        if NOT_NAMES.iter().any(|w| w.eq_ignore_ascii_case(n)) {
            continue;
        }
        match found {
            Some(f) if !f.eq_ignore_ascii_case(n) => return None,
            _ => found = Some(n),
        }
    }
    found
}

/// A header-name-shaped token, without backticks and a trailing colon: letters, digits and
/// dashes, starting with a letter. Anything after it (a value, a second word) disqualifies it.
fn name(s: &str) -> Option<&str> {
    let s = s.trim().trim_matches('`').trim();
    let s = s.strip_suffix(':').unwrap_or(s).trim_end();
    let s = s.trim_matches('`');
    let first = s.chars().next()?;
    (first.is_ascii_alphabetic()
        && s.len() <= 40
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    .then_some(s)
}

#[cfg(test)]
mod tests {
    use super::asked;

    #[test]
    fn questions_give_the_name_as_typed() {
        for (q, want) in [
            ("Via", "Via"),
            ("i", "i"),
            ("i:", "i"),
            ("`Record-Route`", "Record-Route"),
            ("what is Record-Route?", "Record-Route"),
            ("What is the Record-Route header for?", "Record-Route"),
            ("what does i: mean", "i"),
            ("what does `m:` mean?", "m"),
            ("explain the Contact header", "Contact"),
            ("Privacy là gì?", "Privacy"),
            ("header Session-Expires dùng để làm gì", "Session-Expires"),
            ("why is there a received= in my Via?", "Via"),
            ("what is rport in the Via header", "Via"),
            ("What is the utility of Contact header field?", "Contact"),
            (
                "Is the 'Contact' header filed optional? If yes, when?",
                "Contact",
            ),
            ("In SIP, why the `Path` header must be kept", "Path"),
        ] {
            assert_eq!(asked(q), Some(want), "{q}");
        }
    }

    #[test]
    fn header_lines_and_traces_are_no_questions() {
        for t in [
            "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK776asdhds",
            "i: 8f7a@192.0.2.4",
            "Record-Route: <sip:192.0.2.20;lr>",
            "Max-Forwards: 70",
            "what is Record-Route?\nVia: SIP/2.0/UDP 10.0.0.5",
            "what is the difference between 486 and 600",
            "Fix for Contact header which requires Port.",
            "Does sipp respect the Route, Record-Route, Via, or Contact headers?",
            "why does the Via header differ from the Contact header?",
            "why is the Reason header 486 here?",
            "why is the SIP header wrong here?",
            "",
        ] {
            assert_eq!(asked(t), None, "{t}");
        }
    }
}
