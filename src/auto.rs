//! What auto-explain says about a message in a channel: the items it lists (from the
//! detector's findings, in the channel's mode), and the reply — the call flow when the message
//! holds a trace (the same decision as a direct question, [`answer::trace_reply`]), otherwise
//! the compact list with a Details button behind it. Pure, like the rest of the core: the
//! Discord shell decides when to send.

use crate::answer;
use crate::catalogue::{Catalogue, Lang};
use crate::detect::{Detector, Mode};
use crate::item::{self, Item};
use crate::render::{self, Reply};

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
