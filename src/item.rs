//! What an answer is about: a code, a comparison of two codes, a Q.850 cause, a warn-code or
//! a `Reason: SIP;cause=` value.
//! Items are read from the detector's findings, carried by an `Explanation` as its subject,
//! counted in the statistics, and travel inside a button's `custom_id` (at most 100
//! characters), so the Details button keeps working after a restart without stored state.
//! Pure, and no text of ours: render says what an item means.

use crate::catalogue::{Cause, SipCode};
use crate::detect::{Evidence, Finding};

/// One thing a message is about, in the form a reply lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    Code(u16),
    Compare(u16, u16),
    Q850(u8),
    Warning(u16),
    /// `Reason: SIP;cause=200` (RFC 3326): why a request ended, not a response of its own.
    Reason(u16),
}

impl Item {
    /// A short token: `c486`, `v486-600`, `q17`, `w399`, `r200`.
    pub fn token(&self) -> String {
        match self {
            Item::Code(c) => format!("c{c}"),
            Item::Compare(a, b) => format!("v{a}-{b}"),
            Item::Q850(c) => format!("q{c}"),
            Item::Warning(w) => format!("w{w}"),
            Item::Reason(c) => format!("r{c}"),
        }
    }

    /// The inverse of [`Item::token`]; `None` for anything else (a forged or old button).
    pub fn parse(token: &str) -> Option<Item> {
        let (kind, rest) = token.split_at_checked(1)?;
        let num = |s: &str| s.parse::<SipCode>().ok().map(u16::from);
        match kind {
            "c" => num(rest).map(Item::Code),
            "w" => num(rest).map(Item::Warning),
            "r" => num(rest).map(Item::Reason),
            "v" => {
                let (a, b) = rest.split_once('-')?;
                Some(Item::Compare(num(a)?, num(b)?))
            }
            "q" => rest.parse::<Cause>().ok().map(|c| Item::Q850(c.get())),
            _ => None,
        }
    }

    /// The response codes this item explains (what the statistics count): a code, or both
    /// sides of a comparison.
    pub fn codes(&self) -> Vec<u16> {
        match *self {
            Item::Code(c) => vec![c],
            Item::Compare(a, b) => vec![a, b],
            Item::Q850(_) | Item::Warning(_) | Item::Reason(_) => Vec::new(),
        }
    }
}

/// The items of a message's findings, in order of first appearance, without repeats. A
/// comparison stands for the codes it compares when they were found only as its two sides.
pub fn items(findings: &[Finding]) -> Vec<Item> {
    let compared: Vec<u16> = findings
        .iter()
        .flat_map(|f| match f {
            Finding::Compare { a, b } => vec![*a, *b],
            _ => vec![],
        })
        .collect();
    let mut out: Vec<Item> = Vec::new();
    for f in findings {
        let item = match *f {
            Finding::Code { code, evidence, .. } => {
                if evidence == Evidence::Comparison && compared.contains(&code) {
                    continue;
                }
                Item::Code(code)
            }
            Finding::ReasonSip { code } => Item::Reason(code),
            Finding::Compare { a, b } => Item::Compare(a, b),
            Finding::Q850 { cause } => Item::Q850(cause),
            Finding::Warning { code } => Item::Warning(code),
        };
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The codes a list of items explains, in order, each once.
pub fn codes(items: &[Item]) -> Vec<u16> {
    let mut out: Vec<u16> = Vec::new();
    for c in items.iter().flat_map(Item::codes) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Items as space-separated tokens, as many as fit in `max_len` bytes.
pub fn encode(items: &[Item], max_len: usize) -> String {
    let mut out = String::new();
    for item in items {
        let token = item.token();
        let extra = token.len() + usize::from(!out.is_empty());
        if out.len() + extra > max_len {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&token);
    }
    out
}

/// Items back from [`encode`]; unknown tokens are skipped.
pub fn decode(s: &str) -> Vec<Item> {
    s.split(' ').filter_map(Item::parse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_junk() {
        for item in [
            Item::Code(486),
            Item::Compare(486, 600),
            Item::Q850(17),
            Item::Q850(127),
            Item::Warning(399),
            Item::Reason(200),
        ] {
            assert_eq!(Item::parse(&item.token()), Some(item));
        }
        for junk in [
            "", "c", "c48", "c4860", "c700", "c099", "q0", "q128", "q017", "v486", "x1", "é",
        ] {
            assert_eq!(Item::parse(junk), None, "{junk}");
        }
    }

    #[test]
    fn encode_stops_at_the_limit_on_a_token_boundary() {
        let items: Vec<Item> = (100..130).map(Item::Code).collect();
        let s = encode(&items, 20);
        assert!(s.len() <= 20);
        assert_eq!(
            decode(&s),
            items[..4].to_vec(),
            "4 tokens of 4 bytes and 3 spaces fit in 20"
        );
    }

    #[test]
    fn codes_are_those_of_codes_and_comparisons_once() {
        let items = [
            Item::Code(486),
            Item::Compare(486, 600),
            Item::Q850(17),
            Item::Warning(399),
        ];
        assert_eq!(codes(&items), [486, 600]);
    }
}
