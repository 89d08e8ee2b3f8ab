//! The ladder: a call drawn as arrows between lanes, in a monospace block that fits a
//! Discord embed and a phone screen (`WIDTH` columns). Consecutive retransmissions fold
//! into one arrow with a count; a long flow keeps its beginning and its end and says how
//! many messages were left out in the middle. A call read from log lines that never say
//! who sent what is drawn as a timeline instead: time and message, one per line.

use crate::catalogue::{Args, Catalogue, Lang};
use crate::trace::{Call, Message, Trace};

/// Columns of the widest line.
pub const WIDTH: usize = 60;
/// Lanes drawn; later participants share the last lane.
const MAX_LANES: usize = 6;
/// Widest gap between two lanes: two lanes fit a phone screen.
const MAX_GAP: usize = 30;

/// One arrow: sender lane, receiver lane, text.
struct Row {
    from: usize,
    to: usize,
    text: String,
    /// Carries SDP: marked when there is room.
    sdp: bool,
    /// From a log line that names neither end: written beside the lanes, not as an arrow.
    undirected: bool,
    time: Option<String>,
}

/// Characters that would break out of a Discord code block or the terminal.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c == '`' { '\'' } else { c })
        .filter(|c| !c.is_control())
        .collect()
}

fn fit(s: &str, room: usize) -> String {
    if s.chars().count() <= room {
        return s.to_string();
    }
    if room == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(room - 1).collect();
    out.push('…');
    out
}

fn rows(cat: &Catalogue, lang: Lang, call: &Call, lane_of: &dyn Fn(usize) -> usize) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut last: Option<(usize, usize, String, usize)> = None;
    let text_of = |m: &Message, base: &str, n: usize| {
        if n > 1 {
            cat.t_args(
                lang,
                "trace-ladder-repeat",
                &Args::new().with("label", base).with("n", n),
            )
        } else if m.retransmission {
            cat.t_args(
                lang,
                "trace-ladder-retrans",
                &Args::new().with("label", base),
            )
        } else {
            base.to_string()
        }
    };
    // A capture's messages carry their time: each arrow starts with its offset from the first.
    let t0 = call
        .messages
        .iter()
        .find_map(|m| m.wire.as_ref().map(|w| w.time));
    let at = |m: &Message, text: String| match (t0, &m.wire) {
        (Some(t0), Some(w)) => format!("+{:.3} {text}", (w.time - t0).max(0.0)),
        _ => text,
    };
    for m in &call.messages {
        let (from, to) = (lane_of(m.src), lane_of(m.dst));
        let base = clean(&m.label());
        // A retransmission right after the same arrow folds into it: "INVITE ×3".
        if let Some((f, t, b, n)) = &mut last {
            if m.retransmission && *f == from && *t == to && *b == base {
                *n += 1;
                let text = text_of(m, b, *n);
                if let Some(r) = rows.last_mut() {
                    // The folded arrow keeps the time of its first copy.
                    r.text = match r.text.split_once(' ') {
                        Some((t, _)) if t0.is_some() && t.starts_with('+') => format!("{t} {text}"),
                        _ => text,
                    };
                }
                continue;
            }
        }
        rows.push(Row {
            from,
            to,
            text: at(m, text_of(m, &base, 1)),
            sdp: m.sdp.is_some(),
            undirected: !m.directed(),
            time: m.time.clone(),
        });
        last = Some((from, to, base, 1));
    }
    rows
}

/// A call whose lines never say who sent what: time (when the log gives it) and message.
fn timeline(cat: &Catalogue, lang: Lang, call: &Call, max_rows: usize) -> String {
    let all = rows(cat, lang, call, &|_| 0);
    let width = all
        .iter()
        .map(|r| r.time.as_ref().map_or(0, |t| t.chars().count()))
        .max()
        .unwrap_or(0)
        .min(26);
    let line = |r: &Row| {
        let time = fit(r.time.as_deref().unwrap_or(""), width);
        let pad = " ".repeat(width - time.chars().count());
        let s = format!("{time}{pad} --- {}", r.text);
        fit(s.trim_start(), WIDTH)
    };
    let max_rows = max_rows.max(3);
    if all.len() <= max_rows {
        return all.iter().map(line).collect::<Vec<_>>().join("\n");
    }
    let head = (max_rows - 1) / 2;
    let tail = max_rows - 1 - head;
    let mut out: Vec<String> = all[..head].iter().map(line).collect();
    let left = all.len() - head - tail;
    out.push(fit(
        &cat.t_args(lang, "trace-ladder-elided", &Args::new().with("n", left)),
        WIDTH,
    ));
    out.extend(all[all.len() - tail..].iter().map(line));
    out.join("\n")
}

/// Draws one call of `trace`, at most `max_rows` arrows (at least 3).
pub fn ladder(cat: &Catalogue, lang: Lang, trace: &Trace, call: &Call, max_rows: usize) -> String {
    if !call.directed() {
        return timeline(cat, lang, call, max_rows);
    }
    let lanes: Vec<usize> = call.participants.clone();
    let n = lanes.len().clamp(1, MAX_LANES);
    let lane_of = |p: usize| {
        lanes
            .iter()
            .position(|&q| q == p)
            .unwrap_or(0)
            .min(MAX_LANES - 1)
    };
    let gap = if n > 1 {
        ((WIDTH - 2) / (n - 1)).min(MAX_GAP)
    } else {
        0
    };
    let pos: Vec<usize> = (0..n).map(|k| 1 + k * gap).collect();
    let width = pos[n - 1] + 1;

    let bars = || {
        let mut line = vec![' '; width];
        for &p in &pos {
            line[p] = '|';
        }
        line
    };
    let mut out: Vec<String> = Vec::new();

    // Header: each lane's label over its bar.
    let mut head = vec![' '; width + 4];
    for (k, &p) in pos.iter().enumerate() {
        let label = match lanes.get(k) {
            Some(_) if k == MAX_LANES - 1 && lanes.len() > MAX_LANES => "…".to_string(),
            Some(&q) => trace
                .participants
                .get(q)
                .map(|x| x.label.clone())
                .unwrap_or_default(),
            None => String::new(),
        };
        for (i, ch) in label.chars().enumerate() {
            if let Some(c) = head.get_mut(p + i) {
                *c = ch;
            }
        }
    }
    out.push(head.iter().collect::<String>().trim_end().to_string());

    let all = rows(cat, lang, call, &lane_of);
    let max_rows = max_rows.max(3);
    let draw = |r: &Row| -> String {
        let mut line = bars();
        let (a, b) = (pos[r.from], pos[r.to]);
        if r.undirected {
            // Sender and receiver unknown: the message is written across the lanes.
            let text = fit(&format!("· {}", r.text), WIDTH.saturating_sub(pos[0] + 2));
            let mut s: String = line[..=pos[0]].iter().collect();
            s.push(' ');
            s.push_str(&text);
            return s;
        }
        if a == b {
            // To itself: a short loop mark beside the lane.
            let text = fit(&format!("<> {}", r.text), WIDTH.saturating_sub(a + 2));
            let mut s: String = line[..=a].iter().collect();
            s.push(' ');
            s.push_str(&text);
            let rest: String = line
                .get(a + 2 + text.chars().count()..)
                .map(|x| x.iter().collect())
                .unwrap_or_default();
            s.push_str(&rest);
            return s.trim_end().to_string();
        }
        let (lo, hi) = (a.min(b), a.max(b));
        for c in line.iter_mut().take(hi).skip(lo + 1) {
            *c = '-';
        }
        // Two dashes at least before the head, so that a cut label still reads as an arrow.
        let room = hi - lo - 5;
        let marked = format!("{} (SDP)", r.text);
        let text = if r.sdp && marked.chars().count() <= room {
            marked
        } else {
            fit(&r.text, room)
        };
        let start = if a < b {
            line[hi - 1] = '>';
            lo + 2
        } else {
            line[lo + 1] = '<';
            lo + 3
        };
        for (i, ch) in text.chars().enumerate() {
            line[start + i] = ch;
        }
        line.iter().collect::<String>().trim_end().to_string()
    };
    if all.len() <= max_rows {
        out.extend(all.iter().map(draw));
    } else {
        let head_rows = (max_rows - 1) / 2;
        let tail_rows = max_rows - 1 - head_rows;
        out.extend(all[..head_rows].iter().map(draw));
        let left = all.len() - head_rows - tail_rows;
        let note = cat.t_args(lang, "trace-ladder-elided", &Args::new().with("n", left));
        let mut line = bars();
        let note = fit(&note, width.saturating_sub(3).max(10));
        let start = if n > 1 { pos[0] + 3 } else { pos[0] + 2 };
        for (i, ch) in note.chars().enumerate() {
            match line.get_mut(start + i) {
                Some(c) => *c = ch,
                None => line.push(ch),
            }
        }
        out.push(fit(line.iter().collect::<String>().trim_end(), WIDTH));
        out.extend(all[all.len() - tail_rows..].iter().map(draw));
    }
    out.join("\n")
}
