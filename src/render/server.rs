//! What sipbot shows about a server's own state: its settings, its team notes (a list, and the
//! "Team note" field on a code's explanation) and its statistics. Pure, like the rest of
//! render: values in, `Explanation`s out, within Discord's limits.

use std::collections::BTreeMap;

use super::{colours, limits, truncate, Explanation, Field, Reply};
use crate::catalogue::{Args, Catalogue, Lang};
use crate::item::Item;
use crate::settings::{AutoMode, GuildSettings, NOTE_MAX_CHARS};

fn field(name: String, value: String, inline: bool) -> Field {
    Field {
        name,
        value,
        inline,
    }
}

fn mode_text(cat: &Catalogue, lang: Lang, m: AutoMode) -> String {
    cat.t(lang, &format!("settings-auto-{}", m.as_str()))
}

/// The effective settings, as the answer to `/sip settings show` and to every change.
pub fn settings(cat: &Catalogue, lang: Lang, s: &GuildSettings) -> Explanation {
    let mut fields = vec![field(
        cat.t(lang, "settings-auto"),
        mode_text(cat, lang, s.auto),
        false,
    )];
    if !s.channels.is_empty() {
        let lines: Vec<String> = s
            .channels
            .iter()
            .map(|(c, m)| format!("<#{c}>: {}", mode_text(cat, lang, *m)))
            .collect();
        fields.push(field(
            cat.t(lang, "settings-channels"),
            truncate(&lines.join("\n"), limits::FIELD_VALUE),
            false,
        ));
    }
    let language = match s.language.as_deref().and_then(|code| cat.lang(code)) {
        Some(l) => {
            let info = cat.lang_info(l);
            format!("{} (`{}`)", info.native_name, info.code)
        }
        None => cat.t(lang, "settings-language-auto"),
    };
    fields.push(field(cat.t(lang, "settings-language"), language, false));
    fields.push(field(
        cat.t(lang, "settings-cooldown"),
        cat.t_args(
            lang,
            "settings-cooldown-value",
            &Args::new().with("minutes", s.cooldown_minutes),
        ),
        false,
    ));
    fields.push(field(
        cat.t(lang, "settings-max-items"),
        s.max_items.to_string(),
        true,
    ));
    let editors = match s.note_role {
        Some(r) => cat.t_args(
            lang,
            "settings-note-editors-role",
            &Args::new().with("role", format!("<@&{r}>")),
        ),
        None => cat.t(lang, "settings-note-editors-value"),
    };
    fields.push(field(cat.t(lang, "settings-note-editors"), editors, true));
    Explanation {
        title: cat.t(lang, "settings-title"),
        url: None,
        colour: colours::NEUTRAL,
        description: String::new(),
        fields,
        footer: None,
        subject: None,
    }
}

/// The code a full code explanation is about (a comparison or a search is not one).
pub fn explained_code(e: &Explanation) -> Option<u16> {
    match e.subject {
        Some(Item::Code(c)) => Some(c),
        _ => None,
    }
}

/// The codes a reply explains in full, in order (for the statistics).
pub fn explained_codes(reply: &Reply) -> Vec<u16> {
    let mut out: Vec<u16> = Vec::new();
    for c in reply.embeds.iter().filter_map(explained_code) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The explanation with the team's note as its first field, so the limits never drop it
/// (`Reply::fit` drops fields from the end).
pub fn with_note(cat: &Catalogue, lang: Lang, mut e: Explanation, note: &str) -> Explanation {
    let value = truncate(note.trim(), NOTE_MAX_CHARS.min(limits::FIELD_VALUE));
    if value.is_empty() {
        return e;
    }
    if e.fields.len() >= limits::FIELDS {
        e.fields.truncate(limits::FIELDS - 1);
    }
    e.fields.insert(
        0,
        field(format!("📝 {}", cat.t(lang, "note-field")), value, false),
    );
    e
}

/// Adds each code's team note to its explanations in a reply.
pub fn annotate(
    cat: &Catalogue,
    lang: Lang,
    mut reply: Reply,
    notes: &BTreeMap<u16, String>,
) -> Reply {
    if notes.is_empty() {
        return reply;
    }
    reply.embeds = reply
        .embeds
        .into_iter()
        .map(|e| match explained_code(&e).and_then(|c| notes.get(&c)) {
            Some(note) => with_note(cat, lang, e, note),
            None => e,
        })
        .collect();
    reply.fit()
}

/// `/sip note list`.
pub fn notes(cat: &Catalogue, lang: Lang, notes: &BTreeMap<u16, String>) -> Explanation {
    let mut e = Explanation {
        title: cat.t(lang, "notes-title"),
        url: None,
        colour: colours::NEUTRAL,
        description: String::new(),
        fields: Vec::new(),
        footer: None,
        subject: None,
    };
    if notes.is_empty() {
        e.description = cat.t(lang, "notes-empty");
        return e;
    }
    let shown = notes.len().min(limits::FIELDS);
    for (code, text) in notes.iter().take(shown) {
        let name = match cat.lookup(*code) {
            Some(l) => super::lookup_title(cat, lang, l),
            None => code.to_string(),
        };
        e.fields.push(field(name, text.clone(), false));
    }
    if notes.len() > shown {
        e.description = super::and_more(cat, lang, notes.len() - shown);
    }
    e
}

/// How many codes `/sip stats` lists and charts.
pub const STATS_TOP: usize = 10;

/// `/sip stats`: the most explained codes in the period, with a count each.
pub fn stats(cat: &Catalogue, lang: Lang, days: u32, top: &[(u16, u64)]) -> Explanation {
    let args = Args::new().with("days", days);
    let mut e = Explanation {
        title: cat.t_args(lang, "stats-title", &args),
        url: None,
        colour: colours::NEUTRAL,
        description: String::new(),
        fields: Vec::new(),
        footer: Some(cat.t(lang, "stats-footer")),
        subject: None,
    };
    if top.is_empty() {
        e.description = cat.t_args(lang, "stats-empty", &args);
        return e;
    }
    let lines: Vec<String> = top
        .iter()
        .take(STATS_TOP)
        .enumerate()
        .map(|(i, (code, n))| {
            let title = cat
                .lookup(*code)
                .map(|l| super::lookup_title(cat, lang, l))
                .unwrap_or_else(|| code.to_string());
            format!("{}. **{title}** — {n}", i + 1)
        })
        .collect();
    let total: u64 = top.iter().map(|(_, n)| n).sum();
    e.description = format!(
        "{}\n\n{}",
        lines.join("\n"),
        cat.t_args(lang, "stats-total", &Args::new().with("n", total))
    );
    e
}

/// The chart of `/sip stats`: its title, and a bar per code.
pub fn chart(
    cat: &Catalogue,
    lang: Lang,
    days: u32,
    top: &[(u16, u64)],
) -> (String, Vec<(String, u64)>) {
    let title = cat.t_args(lang, "stats-chart-title", &Args::new().with("days", days));
    let bars = top.iter().map(|(c, n)| (c.to_string(), *n)).collect();
    (title, bars)
}
