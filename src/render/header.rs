//! The explanation of a SIP header field, the "no such header" answer, and the line that sets
//! a SIP response code beside the HTTP status of the same number.

use crate::catalogue::{Args, Catalogue, CodeFacts, HeaderFacts, HttpKinship, Lang};
use crate::trace::headers::Pointer;
use crate::trace::Call;

use super::{colours, Explanation, Field};

/// Header explanations share one colour, apart from the classes of codes.
const HEADER: u32 = 0x34495E;

/// Fields as (name, value, inline) rows, in order.
fn fields(rows: Vec<(String, String, bool)>) -> Vec<Field> {
    rows.into_iter()
        .map(|(name, value, inline)| Field {
            name,
            value,
            inline,
        })
        .collect()
}

fn footer(cat: &Catalogue, lang: Lang, citation: &str) -> Option<String> {
    Some(cat.t_args(lang, "footer", &Args::new().with("citation", citation)))
}

/// Everything about one header field. `asked` is what the reader typed: when it was the
/// compact form ("i"), the answer says so first.
pub fn header(cat: &Catalogue, lang: Lang, h: &HeaderFacts, asked: &str) -> Explanation {
    let asked = asked.trim().trim_matches('`').trim_end_matches(':').trim();
    let mut description = String::new();
    if let Some(c) = h
        .compact
        .as_deref()
        .filter(|c| c.eq_ignore_ascii_case(asked))
    {
        description.push_str(&cat.t_args(
            lang,
            "header-asked-compact",
            &Args::new().with("value", c).with("name", &h.name),
        ));
        description.push_str("\n\n");
    }
    let text = cat.header_text(&h.name, lang);
    if let Some(t) = text {
        description.push_str(&format!("**{}**\n", t.summary));
    }
    description.push_str(&format!("```\n{}\n```", h.example));
    let mut rows = Vec::new();
    if let Some(t) = text {
        rows.push((cat.t(lang, "field-header-who"), t.who.clone(), false));
        rows.push((
            cat.t(lang, "field-header-pitfalls"),
            t.pitfalls
                .iter()
                .map(|p| format!("• {p}"))
                .collect::<Vec<_>>()
                .join("\n"),
            false,
        ));
    }
    rows.push((
        cat.t(lang, "field-header-compact"),
        match &h.compact {
            Some(c) => format!("`{c}`"),
            None => cat.t(lang, "header-compact-none"),
        },
        true,
    ));
    rows.push((
        cat.t(lang, "field-header-appears"),
        cat.t(lang, h.appears.key()),
        true,
    ));
    rows.push((cat.t(lang, "field-defined"), h.citation(), true));
    let related: Vec<String> = h
        .related
        .iter()
        .filter_map(|r| cat.header(r))
        .map(|r| format!("`{}`", r.name))
        .collect();
    if !related.is_empty() {
        rows.push((
            cat.t(lang, "field-header-related"),
            related.join(" · "),
            false,
        ));
    }
    Explanation {
        title: cat.t_args(lang, "header-title", &Args::new().with("name", &h.name)),
        url: h.rfc_url(),
        colour: HEADER,
        description,
        fields: fields(rows),
        footer: footer(cat, lang, &h.citation()),
        subject: None,
    }
}

/// A header name sipbot does not know, with the closest names it does.
pub fn not_a_header(cat: &Catalogue, lang: Lang, input: &str) -> Explanation {
    let clean: String = input.chars().filter(|c| !c.is_control()).collect();
    let shown = super::truncate(clean.trim(), 80);
    let mut near: Vec<&HeaderFacts> = cat.complete_header(&shown, 5);
    if near.is_empty() {
        let wanted = shown.to_ascii_lowercase();
        let mut all: Vec<(usize, &HeaderFacts)> = cat
            .headers()
            .iter()
            .map(|h| {
                (
                    strsim::levenshtein(&wanted, &h.name.to_ascii_lowercase()),
                    h,
                )
            })
            .filter(|(d, _)| *d <= 3)
            .collect();
        all.sort_by_key(|(d, h)| (*d, h.name.len()));
        near = all.into_iter().map(|(_, h)| h).take(5).collect();
    }
    let mut rows = Vec::new();
    if !near.is_empty() {
        rows.push((
            cat.t(lang, "field-did-you-mean"),
            near.iter()
                .map(|h| format!("`{}`", h.name))
                .collect::<Vec<_>>()
                .join(" · "),
            false,
        ));
    }
    Explanation {
        title: cat.t_args(
            lang,
            "not-a-header-title",
            &Args::new().with("text", &shown),
        ),
        url: None,
        colour: colours::ERROR,
        description: cat.t_args(
            lang,
            "not-a-header",
            &Args::new().with("n", cat.headers().len()),
        ),
        fields: fields(rows),
        footer: footer(cat, lang, "RFC 3261 §7.3, §20"),
        subject: None,
    }
}

/// The line that compares a registered code with the HTTP status of the same number: taken
/// from HTTP, a clash of numbers, or no HTTP counterpart at all.
pub fn http_line(cat: &Catalogue, lang: Lang, f: &CodeFacts) -> String {
    let kin = cat.http(f.code);
    let kinship = kin.map_or(HttpKinship::None, |k| k.kinship);
    let lead = match (kinship, kin) {
        (HttpKinship::Borrowed | HttpKinship::Clash, Some(k)) => {
            let key = if kinship == HttpKinship::Borrowed {
                "http-borrowed"
            } else {
                "http-clash"
            };
            cat.t_args(
                lang,
                key,
                &Args::new()
                    .with("code", f.code)
                    .with("phrase", k.http_phrase.as_deref().unwrap_or(""))
                    .with("citation", k.http_citation().unwrap_or_default()),
            )
        }
        _ if f.code >= 600 => cat.t(lang, "http-none-6xx"),
        _ => cat.t_args(lang, "http-none", &Args::new().with("code", f.code)),
    };
    match cat.http_line(f.code, lang) {
        // A curated line about a code with no counterpart says so itself.
        Some(line) if kinship == HttpKinship::None => line.to_string(),
        Some(line) => format!("{lead}\n{line}"),
        None => lead,
    }
}

/// One line naming a header and what it says, for a trace story that points at it ("NAT in
/// `Via`", "no `Record-Route`", a `Reason`): "`Record-Route`: The proxies that want to stay on
/// the path…". `None` when sipbot does not know the header.
pub fn header_note(cat: &Catalogue, lang: Lang, name: &str) -> Option<String> {
    let h = cat.header(name)?;
    let summary = cat.header_text(&h.name, lang)?.summary.as_str();
    Some(format!("`{}`: {summary}", h.name))
}

/// The field of a trace story that names the header fields its evidence points at (NAT in
/// `Via` and `Contact`, a `Reason`, `Session-Expires` against `Min-SE`): what each shows in
/// this call, then what the header is, so the reader can ask for it by name. `None` when the
/// story points at no header.
pub fn story_field(cat: &Catalogue, lang: Lang, call: &Call) -> Option<Field> {
    let pointers = crate::trace::headers::pointers(call);
    let mut lines = Vec::new();
    for p in &pointers {
        match p {
            Pointer::NatVia {
                sent_by,
                received,
                rport,
                ..
            } => {
                let args = Args::new()
                    .with("sentby", plain(sent_by))
                    .with("received", plain(received));
                lines.push(cat.t_args(lang, "story-header-nat", &args));
                if !rport {
                    lines.push(cat.t(lang, "story-header-no-rport"));
                }
            }
            Pointer::PrivateContact { host, .. } => lines.push(cat.t_args(
                lang,
                "story-header-private-contact",
                &Args::new().with("host", plain(host)),
            )),
            Pointer::NoRecordRoute { vias, .. } => lines.push(cat.t_args(
                lang,
                "story-header-no-record-route",
                &Args::new().with("vias", vias.to_string()),
            )),
            Pointer::NoSessionRefresh {
                interval,
                refresher,
                after,
                ..
            } => lines.push(
                cat.t_args(
                    lang,
                    "story-header-no-session-refresh",
                    &Args::new()
                        .with("interval", interval.to_string())
                        .with("after", after.to_string())
                        .with(
                            "refresher",
                            refresher
                                .as_deref()
                                .map_or_else(|| "none".to_string(), plain),
                        ),
                ),
            ),
            Pointer::Reason { .. } | Pointer::SessionInterval { .. } => {}
        }
    }
    let mut named: Vec<&str> = Vec::new();
    for name in pointers.iter().flat_map(Pointer::headers) {
        if !named.contains(name) {
            named.push(name);
        }
    }
    let notes = named.iter().filter_map(|n| header_note(cat, lang, n));
    let mut value = String::new();
    for line in lines.into_iter().chain(notes.map(|n| format!("• {n}"))) {
        // Whole lines only, within a field's limit.
        if value.chars().count() + line.chars().count() + 1 > super::limits::FIELD_VALUE {
            break;
        }
        if !value.is_empty() {
            value.push('\n');
        }
        value.push_str(&line);
    }
    (!value.is_empty()).then(|| Field {
        name: cat.t(lang, "field-story-headers"),
        value,
        inline: false,
    })
}

/// An address or token from the trace, shown as code so that no markdown in it acts.
fn plain(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| *c != '`' && !c.is_control())
        .take(64)
        .collect();
    format!("`{s}`")
}
