//! Terminal rendering of a `Reply`: the same explanation the bot sends, as readable text with
//! colour where the terminal supports it (the caller decides, through `anstream`).

use anstyle::{AnsiColor, Color, RgbColor, Style};

use super::{Explanation, Reply};

fn rgb(c: u32) -> Color {
    Color::Rgb(RgbColor((c >> 16) as u8, (c >> 8) as u8, c as u8))
}

/// Discord markdown we use (`**bold**`) shown as terminal bold; `backticks` kept as they are.
fn inline(s: &str, bold: Style) -> String {
    let mut out = String::with_capacity(s.len());
    let mut on = false;
    let mut rest = s;
    while let Some(i) = rest.find("**") {
        out.push_str(&rest[..i]);
        out.push_str(&if on {
            bold.render_reset().to_string()
        } else {
            bold.render().to_string()
        });
        on = !on;
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    if on {
        out.push_str(&bold.render_reset().to_string());
    }
    out
}

fn indent(s: &str, by: &str) -> String {
    s.lines()
        .map(|l| format!("{by}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn explanation(e: &Explanation) -> String {
    let title = Style::new().bold().fg_color(Some(rgb(e.colour)));
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let heading = Style::new()
        .bold()
        .fg_color(Some(Color::Ansi(AnsiColor::Cyan)));
    let mut out = String::new();
    out.push_str(&format!(
        "{}{}{}\n",
        title.render(),
        e.title,
        title.render_reset()
    ));
    if let Some(url) = &e.url {
        out.push_str(&format!("{}{}{}\n", dim.render(), url, dim.render_reset()));
    }
    if !e.description.is_empty() {
        out.push('\n');
        out.push_str(&inline(&e.description, bold));
        out.push('\n');
    }
    for f in &e.fields {
        out.push('\n');
        out.push_str(&format!(
            "{}{}{}\n",
            heading.render(),
            f.name,
            heading.render_reset()
        ));
        out.push_str(&indent(&inline(&f.value, bold), "  "));
        out.push('\n');
    }
    if let Some(footer) = &e.footer {
        out.push_str(&format!(
            "\n{}— {}{}\n",
            dim.render(),
            footer,
            dim.render_reset()
        ));
    }
    out
}

pub fn reply(r: &Reply) -> String {
    let mut parts: Vec<String> = r.embeds.iter().map(explanation).collect();
    if let Some(c) = &r.content {
        parts.push(format!("{c}\n"));
    }
    parts.join("\n")
}
