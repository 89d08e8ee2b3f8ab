//! The reply to a pasted trace: per call, what happened (outcome and evidence), the ladder
//! in a code block, the participants and each response code explained briefly; a privacy
//! warning when the paste holds credentials. Within Discord's limits: the ladders shrink
//! until the whole reply fits, so `Reply::fit` never has to cut a code block open.
//!
//! Layout: `describe` (outcome and evidence as sentences), `ladder` (the drawing).

pub mod describe;
pub mod ladder;

pub use ladder::ladder;

use crate::catalogue::{Args, Catalogue, CodeLookup, Lang};
use crate::trace::{Call, Outcome, Trace};

use super::{build, colours, discord_len, limits, Explanation, Field, Reply};

/// Calls shown in one reply; the rest are counted.
pub const MAX_TRACE_CALLS: usize = 3;

fn outcome_colour(call: &Call) -> u32 {
    let class = |c: u16| {
        crate::catalogue::Class::of(c)
            .map(build::class_colour)
            .unwrap_or(colours::NEUTRAL)
    };
    match &call.outcome {
        Outcome::Answered { .. }
        | Outcome::Registered { .. }
        | Outcome::Unregistered { .. }
        | Outcome::Completed { .. } => colours::SUCCESS,
        Outcome::Busy { code, .. }
        | Outcome::Rejected { code, .. }
        | Outcome::Redirected { code, .. }
        | Outcome::Challenged { code, .. }
        | Outcome::WrongCredentials { code, .. }
        | Outcome::MediaMismatch { code, .. } => class(*code),
        Outcome::ForbiddenAfterAuth { .. }
        | Outcome::Glare { .. }
        | Outcome::SessionTimer { .. } => colours::CLIENT_FAILURE,
        Outcome::TimedOut { .. } => colours::SERVER_FAILURE,
        Outcome::Cancelled { .. } | Outcome::Unfinished { .. } | Outcome::Unknown => {
            colours::NEUTRAL
        }
    }
}

/// "**486** Busy Here — the called party is busy…" for each distinct code of the call.
fn code_lines(cat: &Catalogue, lang: Lang, call: &Call) -> Vec<String> {
    call.codes
        .iter()
        .filter_map(|&c| {
            let l = cat.lookup(c)?;
            let summary = super::lookup_summary(cat, lang, l);
            Some(match l {
                CodeLookup::Registered(f) => format!("**{c}** {} — {summary}", f.phrase),
                CodeLookup::Unregistered { .. } => format!("**{c}** — {summary}"),
            })
        })
        .collect()
}

/// Which calls to show: INVITE calls first (what people ask about), then the others, each
/// group in the order of the paste.
fn shown(trace: &Trace) -> Vec<&Call> {
    let (invites, others): (Vec<&Call>, Vec<&Call>) = trace
        .calls
        .iter()
        .partition(|c| c.main_method() == "INVITE");
    invites
        .into_iter()
        .chain(others)
        .take(MAX_TRACE_CALLS)
        .collect()
}

fn field(name: String, value: String) -> Field {
    Field {
        name,
        value,
        inline: false,
    }
}

/// Where a call sits in the reply: its number, the calls shown, the ladder's rows.
struct Place {
    n: usize,
    total: usize,
    rows: usize,
}

fn call_embed(
    cat: &Catalogue,
    lang: Lang,
    trace: &Trace,
    call: &Call,
    place: Place,
    preface: &[String],
) -> Explanation {
    let Place { n, total, rows } = place;
    let method = describe::method_name(cat, lang, &call.main_method());
    let outcome = describe::short(cat, lang, call);
    let title = if total > 1 {
        cat.t_args(
            lang,
            "trace-title-call",
            &Args::new()
                .with("n", n)
                .with("total", total)
                .with("method", &method)
                .with("outcome", &outcome),
        )
    } else {
        cat.t_args(
            lang,
            "trace-title",
            &Args::new()
                .with("method", &method)
                .with("outcome", &outcome),
        )
    };
    let mut description = String::new();
    for p in preface {
        description.push_str(p);
        description.push_str("\n\n");
    }
    description.push_str(&describe::outcome(cat, lang, trace, call).join("\n"));
    for line in describe::evidence(cat, lang, call)
        .into_iter()
        .chain(describe::hangups(cat, lang, trace, call, n == 1))
        .chain(describe::mentioned(cat, lang, trace).filter(|_| n == 1))
        .chain(describe::diagnoses(cat, lang, trace, call))
        .chain(describe::next_step(cat, lang, call))
    {
        description.push('\n');
        description.push_str(&line);
    }
    if call.dropped > 0 {
        description.push('\n');
        description.push_str(&cat.t_args(
            lang,
            "trace-dropped",
            &Args::new().with("n", call.dropped),
        ));
    }
    description.push_str("\n```\n");
    description.push_str(&ladder(cat, lang, trace, call, rows));
    description.push_str("\n```");
    let mut fields = Vec::new();
    let notes = describe::notes(cat, lang, trace, call);
    if !notes.is_empty() {
        fields.push(field(
            cat.t(lang, "trace-field-evidence"),
            notes
                .iter()
                .map(|n| format!("• {n}"))
                .collect::<Vec<_>>()
                .join("\n"),
        ));
    }
    fields.extend(super::header::story_field(cat, lang, call));
    let people = describe::participants(cat, lang, trace, call);
    if call.directed() && !people.is_empty() {
        fields.push(field(
            cat.t(lang, "trace-field-participants"),
            people.join("\n"),
        ));
    }
    let codes = code_lines(cat, lang, call);
    if !codes.is_empty() {
        fields.push(field(cat.t(lang, "trace-field-codes"), codes.join("\n")));
    }
    // Footers show no markdown: the Call-ID goes as it is, without control characters.
    let shown_id = match (&call.channel, call.call_id.is_empty()) {
        (Some(c), true) => c.clone(),
        _ => call.call_id.clone(),
    };
    let id: String = shown_id
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect();
    Explanation {
        title,
        url: None,
        colour: outcome_colour(call),
        description,
        fields,
        footer: Some(cat.t_args(
            lang,
            "footer",
            &Args::new().with(
                "citation",
                if id.is_empty() {
                    cat.t(lang, "trace-no-call-id")
                } else if call.call_id.is_empty() {
                    id
                } else {
                    format!("Call-ID {id}")
                },
            ),
        )),
        subject: None,
    }
}

/// The lines above the first call: privacy, redaction, truncation, calls not shown.
fn preface(cat: &Catalogue, lang: Lang, trace: &Trace, shown: usize) -> Vec<String> {
    let mut out = Vec::new();
    if trace.privacy.digest_lines > 0 && !trace.redacted {
        out.push(cat.t_args(
            lang,
            "trace-privacy-digest",
            &Args::new().with("n", trace.privacy.digest_lines),
        ));
    }
    if trace.privacy.password_lines > 0 && !trace.redacted {
        out.push(cat.t_args(
            lang,
            "trace-privacy-password",
            &Args::new().with("n", trace.privacy.password_lines),
        ));
    }
    if trace.redacted {
        out.push(cat.t(lang, "trace-redacted"));
    }
    if trace.truncated() {
        out.push(
            cat.t_args(
                lang,
                "trace-truncated",
                &Args::new()
                    .with("kept", trace.messages_kept)
                    .with("seen", trace.messages_seen)
                    .with("calls", trace.calls.len())
                    .with("callsseen", trace.calls_seen),
            ),
        );
    }
    let hidden = trace.calls_seen.saturating_sub(shown);
    if hidden > 0 {
        out.push(cat.t_args(lang, "trace-more-calls", &Args::new().with("n", hidden)));
    }
    out
}

/// The whole reply to a trace; `None` when the text held no SIP message.
pub fn trace_reply(cat: &Catalogue, lang: Lang, trace: &Trace) -> Option<Reply> {
    let calls = shown(trace);
    if calls.is_empty() {
        return None;
    }
    let total = calls.len();
    let pre = preface(cat, lang, trace, total);
    // Ladders as long as the message allows: shorter when several calls share it.
    let mut rows = match total {
        1 => 40,
        2 => 18,
        _ => 11,
    };
    loop {
        let embeds: Vec<Explanation> = calls
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let p: &[String] = if i == 0 { &pre } else { &[] };
                call_embed(
                    cat,
                    lang,
                    trace,
                    c,
                    Place {
                        n: i + 1,
                        total,
                        rows,
                    },
                    p,
                )
            })
            .collect();
        let fits = embeds
            .iter()
            .map(|e| e.total_len() + discord_len(&e.description) / 20)
            .sum::<usize>()
            <= limits::TOTAL
            && embeds
                .iter()
                .all(|e| discord_len(&e.description) <= limits::DESCRIPTION);
        if fits || rows <= 5 {
            return Some(Reply::embeds(embeds).fit());
        }
        rows -= 3;
    }
}
