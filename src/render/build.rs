//! The builders: one per kind of answer. Each takes the catalogue and a language and returns
//! plain values; none of them can fail, and none of them knows where the result is shown.

use crate::catalogue::{
    Args, Catalogue, Class, CodeFacts, CodeLookup, Comparison, Footnote, HangupName, Lang, Retry,
    SearchHit, Status,
};

use super::{colours, Explanation, Field};
use crate::item::Item;

pub fn class_colour(class: Class) -> u32 {
    match class {
        Class::Provisional => colours::PROVISIONAL,
        Class::Success => colours::SUCCESS,
        Class::Redirection => colours::REDIRECTION,
        Class::ClientFailure => colours::CLIENT_FAILURE,
        Class::ServerFailure => colours::SERVER_FAILURE,
        Class::GlobalFailure => colours::GLOBAL_FAILURE,
    }
}

/// "4xx Client Failure".
pub fn class_name(cat: &Catalogue, lang: Lang, class: Class) -> String {
    format!(
        "{} {}",
        class.label(),
        cat.t(lang, &format!("class-{}", class.label()))
    )
}

fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("• {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn numbered(items: &[String]) -> String {
    items
        .iter()
        .enumerate()
        .map(|(n, i)| format!("{}. {i}", n + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

fn field(name: String, value: String, inline: bool) -> Field {
    Field {
        name,
        value,
        inline,
    }
}

fn footer(cat: &Catalogue, lang: Lang, citation: &str) -> Option<String> {
    if citation.is_empty() {
        Some(cat.t(lang, "footer-plain"))
    } else {
        Some(cat.t_args(lang, "footer", &Args::new().with("citation", citation)))
    }
}

/// "486 Busy Here" or, for a registered code in a language with a gloss, "486 Busy Here
/// (gloss)". Reason phrases are protocol tokens: never translated, only glossed.
pub fn code_title(cat: &Catalogue, lang: Lang, f: &CodeFacts) -> String {
    match cat
        .code_text(f.code, lang)
        .and_then(|t| t.phrase_gloss.as_deref())
    {
        Some(gloss) if lang != Lang::BASE => format!("{} ({gloss})", f.title()),
        _ => f.title(),
    }
}

/// "486 Busy Here" for a registered code, "477 (unregistered 4xx)" otherwise.
pub fn lookup_title(cat: &Catalogue, lang: Lang, l: CodeLookup<'_>) -> String {
    match l {
        CodeLookup::Registered(f) => f.title(),
        CodeLookup::Unregistered { code, class } => cat.t_args(
            lang,
            "unregistered-short",
            &Args::new().with("code", code).with("class", class.label()),
        ),
    }
}

fn senders(cat: &Catalogue, lang: Lang, f: &CodeFacts) -> String {
    f.senders
        .iter()
        .map(|s| cat.t(lang, s.key()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn finality(cat: &Catalogue, lang: Lang, class: Class) -> String {
    if class.is_final() {
        cat.t(lang, "final-yes")
    } else {
        cat.t(lang, "final-no")
    }
}

/// "Class: 4xx Client Failure / Final response" as an inline field.
fn class_field(cat: &Catalogue, lang: Lang, class: Class) -> Field {
    field(
        cat.t(lang, "field-class"),
        format!(
            "{}\n{}",
            class_name(cat, lang, class),
            finality(cat, lang, class)
        ),
        true,
    )
}

/// The Q.850 side of a code, both directions of RFC 3398.
fn q850_lines(cat: &Catalogue, lang: Lang, code: u16) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(cause) = cat.q850_for_sip(code) {
        let name = cat.cause(cause).map(|c| c.name.as_str()).unwrap_or("");
        lines.push(
            cat.t_args(
                lang,
                "q850-sip-to-cause",
                &Args::new()
                    .with("code", code)
                    .with("cause", cause)
                    .with("name", name),
            ),
        );
        match cat.sip_to_q850_footnote(code) {
            Some(Footnote::Credentials) => lines.push(cat.t(lang, "q850-footnote-credentials")),
            Some(Footnote::Remedy) => lines.push(cat.t(lang, "q850-footnote-remedy")),
            None => {}
        }
    }
    let from: Vec<u8> = cat.causes_mapping_to_sip(code);
    if !from.is_empty() {
        let list = from
            .iter()
            .map(|c| {
                let name = cat.cause(*c).map(|x| x.name.as_str()).unwrap_or("");
                format!("{c} {name}")
            })
            .collect::<Vec<_>>()
            .join("; ");
        lines.push(cat.t_args(
            lang,
            "q850-causes-to-sip",
            &Args::new().with("code", code).with("causes", list),
        ));
    }
    lines
}

/// The full explanation of a code.
pub fn code(cat: &Catalogue, lang: Lang, lookup: CodeLookup<'_>) -> Explanation {
    match lookup {
        CodeLookup::Registered(f) => registered_code(cat, lang, f),
        CodeLookup::Unregistered { code, class } => unregistered_code(cat, lang, code, class),
    }
}

fn registered_code(cat: &Catalogue, lang: Lang, f: &CodeFacts) -> Explanation {
    let class = f.class();
    let text = cat.code_text(f.code, lang);
    let mut description = String::new();
    match f.status {
        Status::Current => {}
        Status::Deprecated => {
            description.push_str(&cat.t(lang, "status-deprecated"));
            description.push_str("\n\n");
        }
        Status::Obsolete => {
            description.push_str(&cat.t(lang, "status-obsolete"));
            description.push_str("\n\n");
        }
    }
    let mut fields = Vec::new();
    if let Some(t) = text {
        description.push_str(&format!("**{}**\n\n{}", t.summary, t.description));
        fields.push(field(cat.t(lang, "field-when"), bullets(&t.when), false));
        fields.push(field(cat.t(lang, "field-fix"), numbered(&t.fix), false));
        fields.push(field(
            cat.t(lang, "field-retry"),
            t.retry_text.clone(),
            false,
        ));
    }
    fields.push(class_field(cat, lang, class));
    fields.push(field(
        cat.t(lang, "field-sent-by"),
        senders(cat, lang, f),
        true,
    ));
    fields.push(field(
        cat.t(lang, "field-defined"),
        f.rfc
            .iter()
            .enumerate()
            .map(|(i, r)| if i == 0 { f.citation() } else { r.clone() })
            .collect::<Vec<_>>()
            .join(", "),
        true,
    ));
    let q = q850_lines(cat, lang, f.code);
    if !q.is_empty() {
        fields.push(field(cat.t(lang, "field-q850"), q.join("\n"), false));
    }
    fields.push(field(
        cat.t(lang, "field-http"),
        super::http_line(cat, lang, f),
        false,
    ));
    let related: Vec<String> = f
        .related
        .iter()
        .filter_map(|r| cat.code(*r))
        .map(|r| format!("{} {}", r.code, r.phrase))
        .collect();
    if !related.is_empty() {
        let first = f.related[0];
        fields.push(field(
            cat.t(lang, "field-related"),
            format!(
                "{}\n{}",
                related.join(" · "),
                cat.t_args(
                    lang,
                    "compare-hint",
                    &Args::new().with("a", f.code).with("b", first)
                )
            ),
            false,
        ));
    }
    Explanation {
        title: code_title(cat, lang, f),
        url: f.rfc_url(),
        colour: class_colour(class),
        description,
        fields,
        footer: footer(cat, lang, &f.citation()),
        subject: Some(Item::Code(f.code)),
    }
}

fn unregistered_code(cat: &Catalogue, lang: Lang, code: u16, class: Class) -> Explanation {
    let base = class.base_code();
    let base_facts = cat.code(base);
    let base_title = base_facts
        .map(|b| b.title())
        .unwrap_or_else(|| base.to_string());
    let description = cat.t_args(
        lang,
        "unregistered-description",
        &Args::new()
            .with("code", code)
            .with("class", class_name(cat, lang, class))
            .with("base", &base_title),
    );
    let mut fields = vec![class_field(cat, lang, class)];
    fields.push(field(
        cat.t(lang, "field-class-meaning"),
        cat.t(lang, &format!("class-{}-about", class.label())),
        false,
    ));
    if let Some(t) = cat.code_text(base, lang) {
        fields.push(field(
            cat.t_args(
                lang,
                "field-treated-as",
                &Args::new().with("base", &base_title),
            ),
            t.summary.clone(),
            false,
        ));
    }
    Explanation {
        title: cat.t_args(
            lang,
            "unregistered-title",
            &Args::new().with("code", code).with("class", class.label()),
        ),
        url: crate::catalogue::rfc_section_url("RFC 3261", "8.1.3.2"),
        colour: class_colour(class),
        description,
        fields,
        footer: footer(cat, lang, "RFC 3261 §8.1.3.2"),
        subject: Some(Item::Code(code)),
    }
}

pub fn lookup_summary(cat: &Catalogue, lang: Lang, l: CodeLookup<'_>) -> String {
    match l {
        CodeLookup::Registered(f) => cat
            .code_text(f.code, lang)
            .map(|t| t.summary.clone())
            .unwrap_or_default(),
        CodeLookup::Unregistered { code, class } => cat.t_args(
            lang,
            "unregistered-summary",
            &Args::new()
                .with("code", code)
                .with("base", class.base_code())
                .with("class", class.label()),
        ),
    }
}

fn lookup_code(l: CodeLookup<'_>) -> u16 {
    match l {
        CodeLookup::Registered(f) => f.code,
        CodeLookup::Unregistered { code, .. } => code,
    }
}

pub fn lookup_class(l: CodeLookup<'_>) -> Class {
    match l {
        CodeLookup::Registered(f) => f.class(),
        CodeLookup::Unregistered { class, .. } => class,
    }
}

/// The retry category of a code; an unregistered code behaves like its class's x00.
fn lookup_retry(cat: &Catalogue, l: CodeLookup<'_>) -> Option<Retry> {
    match l {
        CodeLookup::Registered(f) => Some(f.retry),
        CodeLookup::Unregistered { class, .. } => cat.code(class.base_code()).map(|b| b.retry),
    }
}

/// A side-by-side comparison: curated text when we have it, generated from facts otherwise.
pub fn comparison(cat: &Catalogue, lang: Lang, cmp: Comparison<'_>) -> Explanation {
    let (a, b) = (cmp.a, cmp.b);
    let (ca, cb) = (lookup_code(a), lookup_code(b));
    let title = cat.t_args(
        lang,
        "compare-title",
        &Args::new()
            .with("a", lookup_title(cat, lang, a))
            .with("b", lookup_title(cat, lang, b)),
    );
    let mut fields = vec![
        field(
            lookup_title(cat, lang, a),
            lookup_summary(cat, lang, a),
            true,
        ),
        field(
            lookup_title(cat, lang, b),
            lookup_summary(cat, lang, b),
            true,
        ),
    ];
    let description;
    if ca == cb {
        description = cat.t_args(lang, "compare-same", &Args::new().with("code", ca));
    } else if let Some(cur) = cmp.curated {
        description = format!("**{}**\n{}", cat.t(lang, "field-key-difference"), cur.key);
        fields.push(field(
            cat.t(lang, "field-when-which"),
            bullets(&cur.when),
            false,
        ));
    } else {
        description = format!(
            "**{}**\n{}",
            cat.t(lang, "field-key-difference"),
            generated_difference(cat, lang, a, b)
        );
    }
    // The facts side by side, for every pair: class, finality, who sends it, retry, Q.850.
    for l in [a, b] {
        let class = lookup_class(l);
        let mut lines = vec![
            format!(
                "{}: {}",
                cat.t(lang, "field-class"),
                class_name(cat, lang, class)
            ),
            finality(cat, lang, class),
        ];
        if let CodeLookup::Registered(f) = l {
            lines.push(format!(
                "{}: {}",
                cat.t(lang, "field-sent-by"),
                senders(cat, lang, f)
            ));
        }
        if let Some(r) = lookup_retry(cat, l) {
            lines.push(format!(
                "{}: {}",
                cat.t(lang, "field-retry"),
                cat.t(lang, r.key())
            ));
        }
        let q = q850_lines(cat, lang, lookup_code(l));
        if q.is_empty() {
            lines.push(format!("Q.850: {}", cat.t(lang, "q850-none")));
        } else {
            lines.extend(q);
        }
        fields.push(field(
            cat.t_args(
                lang,
                "field-facts-of",
                &Args::new().with("code", lookup_code(l)),
            ),
            lines.join("\n"),
            true,
        ));
    }
    let colour = class_colour(lookup_class(a).max(lookup_class(b)));
    Explanation {
        title,
        url: None,
        colour,
        description,
        fields,
        footer: footer(cat, lang, ""),
        subject: Some(Item::Compare(ca, cb)),
    }
}

/// The sentences of a generated comparison, from facts alone.
fn generated_difference(
    cat: &Catalogue,
    lang: Lang,
    a: CodeLookup<'_>,
    b: CodeLookup<'_>,
) -> String {
    let (ca, cb) = (lookup_code(a), lookup_code(b));
    let (ka, kb) = (lookup_class(a), lookup_class(b));
    let mut s = Vec::new();
    let args = || Args::new().with("a", ca).with("b", cb);
    if ka.is_final() != kb.is_final() {
        let (prov, fin) = if ka.is_final() { (cb, ca) } else { (ca, cb) };
        s.push(cat.t_args(
            lang,
            "gen-provisional-vs-final",
            &Args::new().with("prov", prov).with("final", fin),
        ));
    } else if ka == kb {
        s.push(cat.t_args(
            lang,
            "gen-same-class",
            &args().with("class", class_name(cat, lang, ka)),
        ));
    } else {
        s.push(
            cat.t_args(
                lang,
                "gen-different-class",
                &args()
                    .with("classa", class_name(cat, lang, ka))
                    .with("classb", class_name(cat, lang, kb)),
            ),
        );
    }
    let global = |k: Class| k == Class::GlobalFailure;
    let branch = |k: Class| matches!(k, Class::ClientFailure | Class::ServerFailure);
    if global(ka) && branch(kb) {
        s.push(cat.t_args(
            lang,
            "gen-global-vs-branch",
            &Args::new().with("global", ca).with("branch", cb),
        ));
    } else if global(kb) && branch(ka) {
        s.push(cat.t_args(
            lang,
            "gen-global-vs-branch",
            &Args::new().with("global", cb).with("branch", ca),
        ));
    }
    if let (CodeLookup::Registered(fa), CodeLookup::Registered(fb)) = (a, b) {
        if fa.senders.first() != fb.senders.first() {
            s.push(
                cat.t_args(
                    lang,
                    "gen-senders",
                    &args()
                        .with("sendersa", senders(cat, lang, fa))
                        .with("sendersb", senders(cat, lang, fb)),
                ),
            );
        }
    }
    let (ra, rb) = (lookup_retry(cat, a), lookup_retry(cat, b));
    if let (Some(ra), Some(rb)) = (ra, rb) {
        if ra != rb {
            s.push(
                cat.t_args(
                    lang,
                    "gen-retry",
                    &args()
                        .with("retrya", cat.t(lang, ra.key()))
                        .with("retryb", cat.t(lang, rb.key())),
                ),
            );
        } else {
            s.push(cat.t_args(
                lang,
                "gen-retry-same",
                &args().with("retry", cat.t(lang, ra.key())),
            ));
        }
    }
    let (qa, qb) = (cat.q850_for_sip(ca), cat.q850_for_sip(cb));
    match (qa, qb) {
        (Some(x), Some(y)) if x == y => {
            s.push(cat.t_args(lang, "gen-q850-same", &args().with("cause", x)))
        }
        (Some(x), Some(y)) => s.push(cat.t_args(
            lang,
            "gen-q850-both",
            &args().with("causea", x).with("causeb", y),
        )),
        (Some(x), None) => s.push(
            cat.t_args(
                lang,
                "gen-q850-one",
                &Args::new()
                    .with("code", ca)
                    .with("cause", x)
                    .with("other", cb),
            ),
        ),
        (None, Some(y)) => s.push(
            cat.t_args(
                lang,
                "gen-q850-one",
                &Args::new()
                    .with("code", cb)
                    .with("cause", y)
                    .with("other", ca),
            ),
        ),
        (None, None) => {}
    }
    s.join(" ")
}

/// A Q.850 cause and its RFC 3398 mapping; `None` when the value is not a defined cause.
/// A Q.850 cause's name: the ITU-T name, with the language's rendering after it outside
/// English ("User busy (Thuê bao bận)").
pub fn cause_name(cat: &Catalogue, lang: Lang, cause: u8) -> Option<String> {
    let facts = cat.cause(cause)?;
    Some(
        cat.cause_text(cause, lang)
            .and_then(|t| t.name.clone())
            .filter(|_| lang != Lang::BASE)
            .map(|gloss| format!("{} ({gloss})", facts.name))
            .unwrap_or_else(|| facts.name.clone()),
    )
}

pub fn cause(cat: &Catalogue, lang: Lang, cause: u8) -> Option<Explanation> {
    let facts = cat.cause(cause)?;
    let text = cat.cause_text(cause, lang);
    let name = cause_name(cat, lang, cause)?;
    let mut fields = vec![field(
        cat.t(lang, "field-q850-class"),
        cat.t(
            lang,
            &format!("q850-class-{}", facts.class.replace(' ', "-")),
        ),
        true,
    )];
    let to_sip = cat.sip_for_q850(cause);
    let to_sip_text = if to_sip.is_empty() {
        cat.t(
            lang,
            if cause == 16 {
                "q850-16-to-sip"
            } else {
                "q850-no-sip"
            },
        )
    } else {
        to_sip
            .iter()
            .map(|c| {
                cat.code(*c)
                    .map(|f| f.title())
                    .unwrap_or_else(|| c.to_string())
            })
            .collect::<Vec<_>>()
            .join(if to_sip.len() > 1 { " / " } else { "" })
    };
    let to_sip_text = if cause == 22 {
        format!("{to_sip_text}\n{}", cat.t(lang, "q850-22-note"))
    } else {
        to_sip_text
    };
    fields.push(field(cat.t(lang, "field-cause-to-sip"), to_sip_text, false));
    let from_sip = cat.sips_mapping_to_cause(cause);
    if !from_sip.is_empty() {
        fields.push(field(
            cat.t(lang, "field-sip-to-cause"),
            from_sip
                .iter()
                .map(|c| {
                    cat.code(*c)
                        .map(|f| f.title())
                        .unwrap_or_else(|| c.to_string())
                })
                .collect::<Vec<_>>()
                .join(" · "),
            false,
        ));
    }
    let pbx_names: Vec<String> = cat
        .hangup_names_for(cause)
        .map(|n| format!("`{}`", n.name))
        .collect();
    if !pbx_names.is_empty() {
        fields.push(field(
            cat.t(lang, "field-hangup-names"),
            pbx_names.join(" · "),
            false,
        ));
    }
    Some(Explanation {
        title: cat.t_args(
            lang,
            "cause-title",
            &Args::new().with("cause", cause).with("name", name),
        ),
        url: None,
        colour: colours::Q850,
        description: text.map(|t| t.explanation.clone()).unwrap_or_default(),
        fields,
        footer: footer(cat, lang, "ITU-T Q.850 · RFC 3398"),
        subject: Some(Item::Q850(cause)),
    })
}

/// A PBX hangup cause name (`USER_BUSY`, `AST_CAUSE_BUSY`): the Q.850 cause it stands for,
/// with a line naming the PBX table; or, for the PBX's own values, its text and a word that
/// it has no Q.850 cause.
pub fn hangup_name(cat: &Catalogue, lang: Lang, name: &HangupName) -> Option<Explanation> {
    let source = cat.hangup_source(name)?;
    let args = Args::new()
        .with("name", name.name.as_str())
        .with("product", source.product.as_str())
        .with("table", source.table.as_str())
        .with("value", name.value);
    if let Some(q) = cat.hangup_q850(name) {
        let mut e = cause(cat, lang, q)?;
        let named = cat.t_args(lang, "hangup-named", &args);
        e.description = if e.description.is_empty() {
            named
        } else {
            format!("{named}\n\n{}", e.description)
        };
        return Some(e);
    }
    let line = cat.hangup_line(name, lang).unwrap_or_default();
    Some(Explanation {
        title: cat.t_args(lang, "hangup-title", &args),
        url: Some(source.url.clone()),
        colour: colours::Q850,
        description: format!("{line}\n\n{}", cat.t_args(lang, "hangup-no-q850", &args)),
        fields: Vec::new(),
        footer: footer(cat, lang, &source.product),
        subject: None,
    })
}

/// A ranked list of search results.
pub fn search(cat: &Catalogue, lang: Lang, query: &str, hits: &[SearchHit]) -> Explanation {
    let lines: Vec<String> = hits
        .iter()
        .filter_map(|h| cat.code(h.code))
        .map(|f| {
            let summary = cat
                .code_text(f.code, lang)
                .map(|t| t.summary.as_str())
                .unwrap_or("");
            format!("**{}** {} — {}", f.code, f.phrase, summary)
        })
        .collect();
    let description = if lines.is_empty() {
        cat.t_args(lang, "search-none", &Args::new().with("query", query))
    } else {
        lines.join("\n")
    };
    Explanation {
        title: cat.t_args(lang, "search-title", &Args::new().with("query", query)),
        url: None,
        colour: colours::NEUTRAL,
        description,
        fields: Vec::new(),
        footer: footer(cat, lang, ""),
        subject: None,
    }
}

/// Every registered code of a class: with summaries (split over as many embeds as the
/// description limit needs) or, `brief`, code and phrase only.
pub fn class_list(cat: &Catalogue, lang: Lang, class: Class, brief: bool) -> Vec<Explanation> {
    let lines: Vec<String> = cat
        .by_class(class)
        .map(|f| {
            let mark = match f.status {
                Status::Current => String::new(),
                Status::Deprecated => format!(" ({})", cat.t(lang, "status-deprecated-short")),
                Status::Obsolete => format!(" ({})", cat.t(lang, "status-obsolete-short")),
            };
            if brief {
                format!("**{}** {}{mark}", f.code, f.phrase)
            } else {
                let summary = cat
                    .code_text(f.code, lang)
                    .map(|t| t.summary.as_str())
                    .unwrap_or("");
                format!("**{}** {}{mark} — {summary}", f.code, f.phrase)
            }
        })
        .collect();
    let about = cat.t(lang, &format!("class-{}-about", class.label()));
    // Pages of whole lines, each within the description limit; the whole list stays within
    // one message's 6000 characters only when brief, so callers page long lists.
    let mut pages: Vec<String> = vec![format!("{about}\n")];
    for line in lines {
        let last = pages.last_mut().expect("one page at least");
        if super::discord_len(last) + super::discord_len(&line) + 1 > 3900 {
            pages.push(line);
        } else {
            last.push('\n');
            last.push_str(&line);
        }
    }
    let total = pages.len();
    pages
        .into_iter()
        .enumerate()
        .map(|(i, description)| Explanation {
            title: if total > 1 {
                format!("{} ({}/{total})", class_name(cat, lang, class), i + 1)
            } else {
                class_name(cat, lang, class)
            },
            url: crate::catalogue::rfc_section_url("RFC 3261", &format!("21.{}", class.digit())),
            colour: class_colour(class),
            description,
            fields: Vec::new(),
            footer: footer(cat, lang, "RFC 3261 §21"),
            subject: None,
        })
        .collect()
}

/// The answer to input that is not a SIP response code ("700", "099", "abc"): what a code
/// is, and the nearest matches.
pub fn not_a_code(cat: &Catalogue, lang: Lang, input: &str, suggestions: &[u16]) -> Explanation {
    let mut fields = Vec::new();
    if !suggestions.is_empty() {
        fields.push(field(
            cat.t(lang, "field-did-you-mean"),
            suggestions
                .iter()
                .filter_map(|c| cat.code(*c))
                .map(|f| format!("{} {}", f.code, f.phrase))
                .collect::<Vec<_>>()
                .join("\n"),
            false,
        ));
    }
    fields.push(field(
        cat.t(lang, "field-try"),
        cat.t(lang, "try-examples"),
        false,
    ));
    Explanation {
        title: cat.t_args(
            lang,
            "not-a-code-title",
            &Args::new().with("input", shorten(input, 80)),
        ),
        url: None,
        colour: colours::ERROR,
        description: cat.t(lang, "what-is-a-code"),
        fields,
        footer: footer(cat, lang, "RFC 3261 §7.2, §21"),
        subject: None,
    }
}

/// A Q.850 value that is no defined cause (0, 10, 128…).
pub fn not_a_cause(cat: &Catalogue, lang: Lang, input: &str) -> Explanation {
    Explanation {
        title: cat.t_args(
            lang,
            "not-a-cause-title",
            &Args::new().with("input", shorten(input, 80)),
        ),
        url: None,
        colour: colours::ERROR,
        description: cat.t(lang, "what-is-a-cause"),
        fields: Vec::new(),
        footer: footer(cat, lang, "ITU-T Q.850"),
        subject: None,
    }
}

/// A `Warning` header warn-code (RFC 3261 §20.43).
pub fn warning(cat: &Catalogue, lang: Lang, code: u16) -> Option<Explanation> {
    let w = cat.warning(code)?;
    Some(Explanation {
        title: cat.t_args(
            lang,
            "warning-title",
            &Args::new().with("code", code).with("text", &w.text),
        ),
        url: crate::catalogue::rfc_section_url(
            &w.rfc,
            if w.rfc == "RFC 3261" { "20.43" } else { "" },
        ),
        colour: colours::NEUTRAL,
        description: cat.warning_line(code, lang).unwrap_or_default().to_string(),
        fields: Vec::new(),
        footer: footer(cat, lang, &w.rfc),
        subject: Some(Item::Warning(code)),
    })
}

/// `Reason: SIP;cause=N` (RFC 3326 §2): why a request ended, carried in a header, not a
/// response. 200 in a CANCEL is the answer given elsewhere (a forked call taken on another
/// phone, RFC 3261 §21.2.1 for 200 OK); any other value names the response that ended it.
pub fn reason_sip(cat: &Catalogue, lang: Lang, code: u16) -> Explanation {
    Explanation {
        title: cat.t_args(lang, "reason-sip-title", &Args::new().with("code", code)),
        url: crate::catalogue::rfc_section_url("RFC 3326", "2"),
        colour: colours::NEUTRAL,
        description: reason_sip_text(cat, lang, code),
        fields: Vec::new(),
        footer: footer(cat, lang, "RFC 3326"),
        subject: Some(Item::Reason(code)),
    }
}

/// The meaning of `Reason: SIP;cause=N`, in one paragraph.
pub fn reason_sip_text(cat: &Catalogue, lang: Lang, code: u16) -> String {
    if code == 200 {
        return cat.t(lang, "reason-sip-200");
    }
    let phrase = cat
        .lookup(code)
        .map(|l| lookup_title(cat, lang, l))
        .unwrap_or_else(|| code.to_string());
    cat.t_args(
        lang,
        "reason-sip-other",
        &Args::new().with("code", code).with("phrase", phrase),
    )
}

/// What sipbot is and how to ask it things.
pub fn help(cat: &Catalogue, lang: Lang) -> Explanation {
    Explanation {
        title: cat.t(lang, "help-title"),
        url: None,
        colour: colours::NEUTRAL,
        description: cat.t(lang, "help-description"),
        fields: vec![
            field(cat.t(lang, "help-ask-name"), cat.t(lang, "help-ask"), false),
            field(
                cat.t(lang, "help-paste-name"),
                cat.t(lang, "help-paste"),
                false,
            ),
            field(
                cat.t(lang, "help-commands-name"),
                cat.t(lang, "help-commands"),
                false,
            ),
        ],
        footer: footer(cat, lang, ""),
        subject: None,
    }
}

/// Cuts user input before quoting it back in a title.
fn shorten(s: &str, max: usize) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).collect();
    super::truncate(clean.trim(), max)
}
