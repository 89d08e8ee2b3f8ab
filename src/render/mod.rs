//! Rendering: turns catalogue facts into our own `Explanation` values (an embed's worth of
//! title, link, colour, description, fields and footer) and a `Reply` (a message's worth). It is
//! the only place that formats, and it keeps Discord's embed limits by construction: every
//! `Reply` leaves here through `Reply::fit`, so the Discord shell and the CLI's `--json`
//! send exactly what was measured.
//!
//! Pure: it knows Discord's limits and JSON shape, not serenity.

mod build;
mod header;
mod items;
pub mod media;
pub mod server;
pub mod text;
pub mod trace;

pub use build::*;
pub use header::{header, header_note, http_line, not_a_header};
pub use items::{and_more, capped, compact, details, explain, explain_all, MAX_EXPLANATIONS};
pub use trace::{trace_reply, MAX_TRACE_CALLS};

use serde_json::{json, Value};

/// Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
pub mod limits {
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    pub const FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FOOTER: usize = 2048;
    pub const AUTHOR: usize = 256;
    /// Title, description, field names and values, footer and author of all embeds together.
    pub const TOTAL: usize = 6000;
    pub const EMBEDS: usize = 10;
    pub const CONTENT: usize = 2000;
}

/// Colours by class, so that a glance tells provisional from failure.
pub mod colours {
    pub const PROVISIONAL: u32 = 0x5865F2;
    pub const SUCCESS: u32 = 0x2ECC71;
    pub const REDIRECTION: u32 = 0x3498DB;
    pub const CLIENT_FAILURE: u32 = 0xE67E22;
    pub const SERVER_FAILURE: u32 = 0xE74C3C;
    pub const GLOBAL_FAILURE: u32 = 0x9B59B6;
    pub const NEUTRAL: u32 = 0x95A5A6;
    pub const ERROR: u32 = 0xC0392B;
    pub const Q850: u32 = 0x1ABC9C;
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

/// One embed's worth of explanation.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Explanation {
    pub title: String,
    pub url: Option<String>,
    pub colour: u32,
    pub description: String,
    pub fields: Vec<Field>,
    pub footer: Option<String>,
    /// What this explains, when it is the full explanation of one item (a code, a comparison,
    /// a cause, a warn-code): statistics and team notes use it, never the title. Not sent.
    #[serde(skip)]
    pub subject: Option<crate::item::Item>,
}

/// One message's worth: optional plain content and up to ten embeds.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Reply {
    pub content: Option<String>,
    pub embeds: Vec<Explanation>,
}

/// Discord counts lengths in UTF-16 code units (JavaScript string length); counting them is
/// never less than counting characters, so it is the safe measure.
pub fn discord_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    // A UTF-16 unit per character (every byte but UTF-8's continuation bytes), two for one
    // outside the Basic Multilingual Plane (a four-byte sequence): no decoding needed.
    s.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// Like [`truncate`], in place: nothing is copied when `s` already fits.
fn cut(s: &mut String, max: usize) {
    if discord_len(s) > max {
        *s = truncate(s, max);
    }
}

/// Cuts `s` to at most `max` UTF-16 units, ending in "…" when anything was cut. Cuts at a
/// line or word boundary when one is near, so bullet lists end on a whole item.
pub fn truncate(s: &str, max: usize) -> String {
    if discord_len(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let budget = max - 1; // room for "…"
    let mut end = 0;
    let mut used = 0;
    for (i, ch) in s.char_indices() {
        let w = ch.len_utf16();
        if used + w > budget {
            break;
        }
        used += w;
        end = i + ch.len_utf8();
    }
    let cut = &s[..end];
    // Prefer a line break, then a space, in the last fifth of the budget.
    let floor = end - end / 5;
    let at = cut
        .rfind('\n')
        .filter(|&i| i >= floor)
        .or_else(|| cut.rfind(' ').filter(|&i| i >= floor))
        .unwrap_or(end);
    let mut out = cut[..at].trim_end().to_string();
    out.push('…');
    out
}

impl Explanation {
    fn total_len(&self) -> usize {
        discord_len(&self.title)
            + discord_len(&self.description)
            + self.footer.as_deref().map_or(0, discord_len)
            + self
                .fields
                .iter()
                .map(|f| discord_len(&f.name) + discord_len(&f.value))
                .sum::<usize>()
    }

    /// Applies the per-part limits. Empty fields are dropped (Discord rejects them).
    fn fit_parts(&mut self) {
        cut(&mut self.title, limits::TITLE);
        cut(&mut self.description, limits::DESCRIPTION);
        self.fields
            .retain(|f| !f.name.trim().is_empty() && !f.value.trim().is_empty());
        self.fields.truncate(limits::FIELDS);
        for f in &mut self.fields {
            cut(&mut f.name, limits::FIELD_NAME);
            cut(&mut f.value, limits::FIELD_VALUE);
        }
        if let Some(footer) = &mut self.footer {
            cut(footer, limits::FOOTER);
        }
        if self.title.trim().is_empty() && self.description.trim().is_empty() {
            self.description = "…".into();
        }
    }

    /// Shrinks the embed to at most `budget` units: drops fields from the end, then
    /// shortens the description.
    fn fit_total(&mut self, budget: usize) {
        while self.total_len() > budget && self.fields.len() > 1 {
            self.fields.pop();
        }
        if self.total_len() > budget {
            let rest = self.total_len() - discord_len(&self.description);
            let room = budget.saturating_sub(rest);
            self.description = truncate(&self.description, room.max(1));
        }
        while self.total_len() > budget && !self.fields.is_empty() {
            self.fields.pop();
        }
        if self.total_len() > budget {
            self.footer = None;
        }
        if self.total_len() > budget {
            self.title = truncate(
                &self.title,
                budget.saturating_sub(discord_len(&self.description)).max(1),
            );
        }
    }
}

impl Reply {
    pub fn embed(e: Explanation) -> Reply {
        Reply {
            content: None,
            embeds: vec![e],
        }
    }

    pub fn embeds(embeds: Vec<Explanation>) -> Reply {
        Reply {
            content: None,
            embeds,
        }
    }

    /// A reply of one sentence and no embed.
    pub fn text(text: String) -> Reply {
        Reply {
            content: Some(text),
            embeds: Vec::new(),
        }
        .fit()
    }

    /// Enforces every Discord limit: parts, fields, ten embeds, 6000 units in all.
    pub fn fit(mut self) -> Reply {
        if let Some(c) = &mut self.content {
            cut(c, limits::CONTENT);
        }
        self.embeds.truncate(limits::EMBEDS);
        let mut left = limits::TOTAL;
        let mut kept = Vec::with_capacity(self.embeds.len());
        for mut e in self.embeds {
            e.fit_parts();
            // Keep at least a small embed's room for each embed still to come.
            if left < 64 {
                break;
            }
            e.fit_total(left);
            left = left.saturating_sub(e.total_len());
            kept.push(e);
        }
        self.embeds = kept;
        self
    }

    /// The Discord message body (`POST /channels/{id}/messages`, or an interaction
    /// callback's `data`). Mentions are always switched off: quoted text may hold @everyone.
    pub fn to_discord_json(&self) -> Value {
        let embeds: Vec<Value> = self.embeds.iter().map(embed_json).collect();
        let mut body = json!({
            "embeds": embeds,
            "allowed_mentions": { "parse": [], "replied_user": false },
        });
        if let Some(c) = &self.content {
            body["content"] = Value::String(c.clone());
        }
        body
    }
}

/// One embed in Discord's JSON shape.
pub fn embed_json(e: &Explanation) -> Value {
    let mut v = json!({
        "type": "rich",
        "title": e.title,
        "color": e.colour,
    });
    if !e.description.is_empty() {
        v["description"] = Value::String(e.description.clone());
    }
    if let Some(url) = &e.url {
        v["url"] = Value::String(url.clone());
    }
    if !e.fields.is_empty() {
        v["fields"] = Value::Array(
            e.fields
                .iter()
                .map(|f| json!({"name": f.name, "value": f.value, "inline": f.inline}))
                .collect(),
        );
    }
    if let Some(f) = &e.footer {
        v["footer"] = json!({ "text": f });
    }
    v
}

/// Checks a message body against Discord's limits; `Err` names the first broken one. The
/// tests run every rendered reply through it.
pub fn check_limits(reply: &Reply) -> Result<(), String> {
    if reply.embeds.len() > limits::EMBEDS {
        return Err(format!("{} embeds", reply.embeds.len()));
    }
    if let Some(c) = &reply.content {
        if discord_len(c) > limits::CONTENT {
            return Err("content too long".into());
        }
    }
    let mut total = 0;
    for e in &reply.embeds {
        if discord_len(&e.title) > limits::TITLE {
            return Err(format!("title too long: {}", e.title));
        }
        if discord_len(&e.description) > limits::DESCRIPTION {
            return Err(format!("description too long in {}", e.title));
        }
        if e.title.trim().is_empty() && e.description.trim().is_empty() {
            return Err("empty embed".into());
        }
        if e.fields.len() > limits::FIELDS {
            return Err(format!("{} fields in {}", e.fields.len(), e.title));
        }
        for f in &e.fields {
            if f.name.trim().is_empty() || f.value.trim().is_empty() {
                return Err(format!("empty field in {}", e.title));
            }
            if discord_len(&f.name) > limits::FIELD_NAME
                || discord_len(&f.value) > limits::FIELD_VALUE
            {
                return Err(format!("field {:?} too long in {}", f.name, e.title));
            }
        }
        if let Some(f) = &e.footer {
            if discord_len(f) > limits::FOOTER {
                return Err("footer too long".into());
            }
        }
        total += e.total_len();
    }
    if total > limits::TOTAL {
        return Err(format!("{total} characters in all"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_respects_the_limit_and_marks_the_cut() {
        let s = "word ".repeat(100);
        let t = truncate(&s, 50);
        assert!(discord_len(&t) <= 50);
        assert!(t.ends_with('…'));
        assert_eq!(truncate("short", 50), "short");
    }

    proptest::proptest! {
        /// The byte count of UTF-16 units is the count of encoding the text as UTF-16.
        #[test]
        fn discord_len_counts_what_utf16_encoding_counts(s in "\\PC{0,40}", ascii in "[ -~]{0,40}") {
            let mixed = format!("{ascii}{s}é😀");
            for t in [s.as_str(), ascii.as_str(), mixed.as_str()] {
                proptest::prop_assert_eq!(discord_len(t), t.encode_utf16().count());
            }
        }
    }

    #[test]
    fn truncate_counts_utf16_units() {
        let s = "😀".repeat(10); // 2 units each
        let t = truncate(&s, 7);
        assert!(discord_len(&t) <= 7, "{t}");
    }

    #[test]
    fn fit_keeps_a_huge_reply_within_every_limit() {
        let field = Field {
            name: "n".repeat(300),
            value: "v ".repeat(700),
            inline: false,
        };
        let e = Explanation {
            title: "t".repeat(300),
            description: "d ".repeat(3000),
            fields: vec![field; 30],
            footer: Some("f".repeat(3000)),
            ..Default::default()
        };
        let reply = Reply::embeds(vec![e; 12]).fit();
        check_limits(&reply).unwrap();
        assert!(!reply.embeds.is_empty());
    }

    #[test]
    fn json_switches_mentions_off() {
        let body = Reply::embed(Explanation {
            title: "x".into(),
            ..Default::default()
        })
        .to_discord_json();
        assert_eq!(body["allowed_mentions"]["parse"], json!([]));
        assert_eq!(body["allowed_mentions"]["replied_user"], json!(false));
    }
}
