//! What auto-explain says about a message in a channel: the items it lists (from the
//! detector's findings, in the channel's mode), and the reply — the call flow when the message
//! holds a trace (the same decision as a direct question, [`answer::trace_reply`]), otherwise
//! the compact list with a Details button behind it; for a packet capture, the items its calls
//! are about ([`capture_items`]). Pure, like the rest of the core: the
//! Discord shell decides when to send.

use crate::answer;
use crate::capture::Capture;
use crate::catalogue::{Catalogue, Cause, Lang, SipCode};
use crate::detect::{Detector, Mode};
use crate::item::{self, Item};
use crate::render::{self, Reply};
use crate::trace::Note;

/// The items auto-explain would list for `text` read in `mode`.
pub fn items(det: &Detector, text: &str, mode: Mode) -> Vec<Item> {
    item::items(&det.detect(text, mode))
}

/// What auto-explain posts for `text` listing `items`: the call flow for a pasted trace,
/// otherwise the compact list of at most `max_items`. The flag says it is a trace (whose reply
/// gets a Redacted copy button).
pub fn reply(
    cat: &Catalogue,
    lang: Lang,
    text: &str,
    items: &[Item],
    max_items: usize,
) -> (Reply, bool) {
    match answer::trace_reply(cat, lang, text, false) {
        Some(r) => (r, true),
        None => (render::compact(cat, lang, items, max_items), false),
    }
}

/// The items a packet capture posted in a channel is about, which are also its cooldown keys:
/// the response codes of its calls, then the Q.850 causes and warn-codes their headers gave,
/// each once. The same capture posted again lists the same items.
pub fn capture_items(cap: &Capture) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let mut add = |i: Item| {
        if !out.contains(&i) {
            out.push(i);
        }
    };
    for call in &cap.trace.calls {
        for &c in &call.codes {
            if SipCode::try_from(c).is_ok() {
                add(Item::Code(c));
            }
        }
    }
    for note in cap.trace.calls.iter().flat_map(|c| &c.notes) {
        match note {
            Note::Reason {
                protocol, cause, ..
            } if protocol.eq_ignore_ascii_case("Q.850") => {
                if let Some(c) = u8::try_from(*cause)
                    .ok()
                    .and_then(|c| Cause::try_from(c).ok())
                {
                    add(Item::Q850(c.get()));
                }
            }
            Note::Warning { code, .. } if (300..=399).contains(code) => add(Item::Warning(*code)),
            _ => {}
        }
    }
    out
}
