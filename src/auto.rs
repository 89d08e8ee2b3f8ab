//! What auto-explain says about a message: the items found in it (codes, comparisons, Q.850
//! causes, warn-codes), the compact embed that lists them, and the full explanations behind
//! its Details button. Pure, like the rest of the core: the Discord shell decides when to send.
//!
//! Items travel inside a button's `custom_id` (at most 100 characters), so the Details button
//! keeps working after a restart without any stored state.

use crate::catalogue::{Args, Catalogue, CodeLookup, Lang};
use crate::detect::{Evidence, Finding};
use crate::render::{self, colours, Explanation, Reply};

/// One thing a message is about, in the form a reply lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    Code(u16),
    Compare(u16, u16),
    Q850(u8),
    Warning(u16),
}

impl Item {
    /// A short token: `c486`, `v486-600`, `q17`, `w399`.
    pub fn token(&self) -> String {
        match self {
            Item::Code(c) => format!("c{c}"),
            Item::Compare(a, b) => format!("v{a}-{b}"),
            Item::Q850(c) => format!("q{c}"),
            Item::Warning(w) => format!("w{w}"),
        }
    }

    /// The inverse of [`Item::token`]; `None` for anything else (a forged or old button).
    pub fn parse(token: &str) -> Option<Item> {
        let (kind, rest) = token.split_at_checked(1)?;
        let num = |s: &str| -> Option<u16> {
            (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
                .filter(|n| (100..=699).contains(n))
        };
        match kind {
            "c" => num(rest).map(Item::Code),
            "w" => num(rest).map(Item::Warning),
            "v" => {
                let (a, b) = rest.split_once('-')?;
                Some(Item::Compare(num(a)?, num(b)?))
            }
            "q" => rest
                .parse::<u8>()
                .ok()
                .filter(|c| (1..=127).contains(c) && !rest.starts_with('0'))
                .map(Item::Q850),
            _ => None,
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
            Finding::ReasonSip { code } => Item::Code(code),
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

/// The first sentence of a text, for one-line meanings.
fn first_sentence(s: &str) -> &str {
    let end = s
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .find(|&i| {
            // "RFC 3261 §21.4.8. Next" ends a sentence; "e.g. foo" and "§8.1.3.2 says" don't.
            !s[..i].ends_with("e.g.") && !s[..i].ends_with("i.e.")
        })
        .unwrap_or(s.len());
    &s[..end]
}

/// One line of the compact list.
fn line(cat: &Catalogue, lang: Lang, item: Item) -> Option<String> {
    match item {
        Item::Code(code) => {
            let l = cat.lookup(code)?;
            // With the reason phrase's gloss outside English, as in the full explanation.
            let title = match l {
                CodeLookup::Registered(f) => render::code_title(cat, lang, f),
                other => render::lookup_title(cat, lang, other),
            };
            Some(format!(
                "**{}** — {}",
                title,
                first_sentence(&render::lookup_summary(cat, lang, l))
            ))
        }
        Item::Compare(a, b) => {
            let cmp = cat.compare(a, b, lang)?;
            let key = match cmp.curated {
                Some(t) => first_sentence(&t.key).to_string(),
                None => cat.t_args(
                    lang,
                    "auto-compare-generic",
                    &Args::new().with("a", a).with("b", b),
                ),
            };
            Some(format!("**{a} vs {b}** — {key}"))
        }
        Item::Q850(cause) => {
            let name = render::cause_name(cat, lang, cause)?;
            // Cause 22 maps to 301 or 410; the default (last) is the one to show in one line.
            let sip = cat.sip_for_q850(cause).last().copied();
            Some(match sip {
                Some(code) => cat.t_args(
                    lang,
                    "auto-q850-line",
                    &Args::new()
                        .with("cause", cause)
                        .with("name", name)
                        .with("code", code),
                ),
                None => cat.t_args(
                    lang,
                    "auto-q850-line-unmapped",
                    &Args::new().with("cause", cause).with("name", name),
                ),
            })
        }
        Item::Warning(code) => {
            let text = cat.warning_line(code, lang)?;
            Some(format!("**Warning {code}** — {}", first_sentence(text)))
        }
    }
}

/// The compact reply auto-explain posts: one embed, one line per item, at most `max` items
/// and then "…and N more".
pub fn compact(cat: &Catalogue, lang: Lang, items: &[Item], max: usize) -> Reply {
    let lines: Vec<String> = items.iter().filter_map(|&i| line(cat, lang, i)).collect();
    let shown = max.max(1).min(lines.len());
    let mut description = lines[..shown].join("\n");
    if lines.len() > shown {
        description.push('\n');
        description.push_str(&crate::answer::and_more(cat, lang, lines.len() - shown));
    }
    let colour = items
        .iter()
        .find_map(|i| match i {
            Item::Code(c) => cat
                .lookup(*c)
                .map(|l| render::class_colour(render::lookup_class(l))),
            _ => None,
        })
        .unwrap_or(colours::NEUTRAL);
    let e = Explanation {
        title: cat.t(lang, "auto-title"),
        url: None,
        colour,
        description,
        fields: Vec::new(),
        footer: Some(cat.t(lang, "auto-footer")),
    };
    Reply::embed(e).fit()
}

/// The full explanations behind the Details button, as many as one message holds.
pub fn details(cat: &Catalogue, lang: Lang, items: &[Item]) -> Reply {
    let mut explanations: Vec<Explanation> = items
        .iter()
        .filter_map(|&i| explain(cat, lang, i))
        .collect();
    let extra = explanations
        .len()
        .saturating_sub(crate::answer::MAX_EXPLANATIONS);
    explanations.truncate(crate::answer::MAX_EXPLANATIONS);
    let mut reply = Reply::embeds(explanations);
    if extra > 0 {
        reply.content = Some(crate::answer::and_more(cat, lang, extra));
    }
    reply.fit()
}

/// The full explanation of one item.
pub fn explain(cat: &Catalogue, lang: Lang, item: Item) -> Option<Explanation> {
    match item {
        Item::Code(code) => cat.lookup(code).map(|l| render::code(cat, lang, l)),
        Item::Compare(a, b) => cat
            .compare(a, b, lang)
            .map(|c| render::comparison(cat, lang, c)),
        Item::Q850(cause) => render::cause(cat, lang, cause),
        Item::Warning(code) => render::warning(cat, lang, code),
    }
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
    fn first_sentence_keeps_abbreviations() {
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(first_sentence("Use e.g. this. Then"), "Use e.g. this.");
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
