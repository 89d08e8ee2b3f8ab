//! The explanations of items (codes, comparisons, Q.850 causes, warn-codes, `Reason: SIP`
//! values): one full
//! explanation per item, the compact list auto-explain posts, and the cap "…and N more" that
//! every list of explanations shares.

use crate::catalogue::{Args, Catalogue, CodeLookup, Lang};
use crate::item::Item;

use super::{colours, Explanation, Reply};

/// How many explanations one reply shows before "…and N more".
pub const MAX_EXPLANATIONS: usize = 10;

/// A "…and N more" line in the reader's language.
pub fn and_more(cat: &Catalogue, lang: Lang, n: usize) -> String {
    cat.t_args(lang, "and-more", &Args::new().with("n", n))
}

/// Explanations as one reply: at most [`MAX_EXPLANATIONS`], then "…and N more".
pub fn capped(cat: &Catalogue, lang: Lang, mut explanations: Vec<Explanation>) -> Reply {
    let extra = explanations.len().saturating_sub(MAX_EXPLANATIONS);
    explanations.truncate(MAX_EXPLANATIONS);
    let mut reply = Reply::embeds(explanations);
    if extra > 0 {
        reply.content = Some(and_more(cat, lang, extra));
    }
    reply.fit()
}

/// The full explanation of one item.
pub fn explain(cat: &Catalogue, lang: Lang, item: Item) -> Option<Explanation> {
    match item {
        Item::Code(code) => cat.lookup(code).map(|l| super::code(cat, lang, l)),
        Item::Compare(a, b) => cat
            .compare(a, b, lang)
            .map(|c| super::comparison(cat, lang, c)),
        Item::Q850(cause) => super::cause(cat, lang, cause),
        Item::Warning(code) => super::warning(cat, lang, code),
        Item::Reason(code) => Some(super::reason_sip(cat, lang, code)),
    }
}

/// The full explanations of items, in order (those the catalogue cannot explain are left out).
pub fn explain_all(cat: &Catalogue, lang: Lang, items: &[Item]) -> Vec<Explanation> {
    items
        .iter()
        .filter_map(|&i| explain(cat, lang, i))
        .collect()
}

/// The full explanations behind the Details button, as many as one message holds.
pub fn details(cat: &Catalogue, lang: Lang, items: &[Item]) -> Reply {
    capped(cat, lang, explain_all(cat, lang, items))
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
                CodeLookup::Registered(f) => super::code_title(cat, lang, f),
                other => super::lookup_title(cat, lang, other),
            };
            Some(format!(
                "**{}** — {}",
                title,
                first_sentence(&super::lookup_summary(cat, lang, l))
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
            let name = super::cause_name(cat, lang, cause)?;
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
        Item::Reason(code) => Some(format!(
            "**Reason: SIP;cause={code}** — {}",
            first_sentence(&super::reason_sip_text(cat, lang, code))
        )),
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
        description.push_str(&and_more(cat, lang, lines.len() - shown));
    }
    let colour = items
        .iter()
        .find_map(|i| match i {
            Item::Code(c) => cat
                .lookup(*c)
                .map(|l| super::class_colour(super::lookup_class(l))),
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
        subject: None,
    };
    Reply::embed(e).fit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_keeps_abbreviations() {
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(first_sentence("Use e.g. this. Then"), "Use e.g. this.");
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
