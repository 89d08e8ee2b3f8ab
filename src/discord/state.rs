//! The bot's memory between events: which items were explained recently in each channel (the
//! cooldown), how many auto replies each channel got lately (the flood cap), and which reply
//! answers which message (for the edit and delete follow-ups). Decisions only, no I/O: every
//! method takes the current time, so tests drive it without sleeping.
//!
//! All of it is bounded: old entries are dropped, so a flood of messages cannot grow memory.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::{Duration, Instant};

use crate::item::Item;

/// How auto-explain paces itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    /// The same item is not explained twice in one channel within this time.
    pub cooldown: Duration,
    /// At most this many auto replies per channel…
    pub cap: usize,
    /// …within this window.
    pub window: Duration,
    /// Items listed in one compact reply before "…and N more".
    pub max_items: usize,
}

impl Default for Pacing {
    fn default() -> Self {
        Pacing {
            cooldown: Duration::from_secs(600),
            cap: 5,
            window: Duration::from_secs(60),
            max_items: 5,
        }
    }
}

/// Where sipbot's reply to a message is, and what it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    pub channel: u64,
    pub reply: u64,
    pub author: u64,
    pub items: Vec<Item>,
    /// The reply explains text files attached to the message too (an edit of the message's
    /// text does not change what it explains).
    pub files: bool,
}

/// What to do with a message's findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Reply, listing these items (the ones not on cooldown).
    Reply(Vec<Item>),
    /// Everything found was explained in this channel recently.
    Cooldown,
    /// The channel had its share of auto replies in this window.
    Capped,
}

/// Entries kept per map before the oldest are dropped.
const MAX_CHANNELS: usize = 10_000;
const MAX_POSTED: usize = 50_000;

#[derive(Debug, Default)]
struct Channel {
    recent: HashMap<Item, Instant>,
    replies: VecDeque<Instant>,
    last_used: Option<Instant>,
}

#[derive(Debug, Default)]
pub struct State {
    channels: HashMap<u64, Channel>,
    posted: HashMap<u64, Posted>,
    posted_order: VecDeque<u64>,
    /// Messages whose reply is being sent: an edit or delete arriving meanwhile waits for it.
    in_flight: HashSet<u64>,
}

impl State {
    /// Decides about a message's items in a channel, and records the decision when it is a
    /// reply (the caller then sends it).
    pub fn decide(
        &mut self,
        channel: u64,
        items: &[Item],
        pacing: &Pacing,
        now: Instant,
    ) -> Decision {
        if self.channels.len() >= MAX_CHANNELS && !self.channels.contains_key(&channel) {
            self.evict_channels(now, pacing);
        }
        let ch = self.channels.entry(channel).or_default();
        ch.last_used = Some(now);
        ch.recent
            .retain(|_, at| now.saturating_duration_since(*at) < pacing.cooldown);
        let fresh: Vec<Item> = items
            .iter()
            .copied()
            .filter(|i| !ch.recent.contains_key(i))
            .collect();
        if fresh.is_empty() {
            return Decision::Cooldown;
        }
        while ch
            .replies
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= pacing.window)
        {
            ch.replies.pop_front();
        }
        if ch.replies.len() >= pacing.cap {
            return Decision::Capped;
        }
        ch.replies.push_back(now);
        if !pacing.cooldown.is_zero() {
            for i in &fresh {
                ch.recent.insert(*i, now);
            }
        }
        Decision::Reply(fresh)
    }

    /// Forgets a decision whose reply could not be sent, so the items may be explained again.
    pub fn undo(&mut self, channel: u64, items: &[Item]) {
        if let Some(ch) = self.channels.get_mut(&channel) {
            for i in items {
                ch.recent.remove(i);
            }
            ch.replies.pop_back();
        }
    }

    fn evict_channels(&mut self, now: Instant, pacing: &Pacing) {
        let horizon = pacing.cooldown.max(pacing.window);
        self.channels.retain(|_, c| {
            c.last_used
                .is_some_and(|t| now.saturating_duration_since(t) < horizon)
        });
        if self.channels.len() >= MAX_CHANNELS {
            // Still full of active channels: drop the least recently used half.
            let mut by_age: Vec<(u64, Option<Instant>)> = self
                .channels
                .iter()
                .map(|(k, c)| (*k, c.last_used))
                .collect();
            by_age.sort_by_key(|(_, t)| *t);
            for (k, _) in by_age.into_iter().take(MAX_CHANNELS / 2) {
                self.channels.remove(&k);
            }
        }
    }

    /// A reply to `message` is being sent.
    pub fn sending(&mut self, message: u64) {
        if self.in_flight.len() < MAX_CHANNELS {
            self.in_flight.insert(message);
        }
    }

    /// The reply to `message` was sent (then remembered) or failed.
    pub fn sent(&mut self, message: u64) {
        self.in_flight.remove(&message);
    }

    pub fn is_sending(&self, message: u64) -> bool {
        self.in_flight.contains(&message)
    }

    /// Remembers that `message` was answered by `posted`.
    pub fn remember(&mut self, message: u64, posted: Posted) {
        self.in_flight.remove(&message);
        if self.posted.insert(message, posted).is_none() {
            self.posted_order.push_back(message);
        }
        while self.posted_order.len() > MAX_POSTED {
            if let Some(old) = self.posted_order.pop_front() {
                self.posted.remove(&old);
            }
        }
    }

    pub fn posted(&self, message: u64) -> Option<&Posted> {
        self.posted.get(&message)
    }

    /// Forgets a message's reply (it was deleted); returns it.
    pub fn forget(&mut self, message: u64) -> Option<Posted> {
        let p = self.posted.remove(&message)?;
        self.posted_order.retain(|m| *m != message);
        Some(p)
    }

    /// Forgets whichever message `reply` answered (the reply itself was deleted).
    pub fn forget_reply(&mut self, reply: u64) {
        let found = self
            .posted
            .iter()
            .find(|(_, p)| p.reply == reply)
            .map(|(m, _)| *m);
        if let Some(m) = found {
            self.forget(m);
        }
    }

    /// Updates the items a reply lists after its message was edited.
    pub fn update_items(&mut self, message: u64, items: Vec<Item>) {
        if let Some(p) = self.posted.get_mut(&message) {
            p.items = items;
        }
    }

    pub fn tracked(&self) -> (usize, usize) {
        (self.channels.len(), self.posted.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pacing() -> Pacing {
        Pacing {
            cooldown: Duration::from_secs(600),
            cap: 3,
            window: Duration::from_secs(60),
            max_items: 5,
        }
    }

    #[test]
    fn the_same_item_waits_for_the_cooldown_in_one_channel_only() {
        let (mut s, p, t0) = (State::default(), pacing(), Instant::now());
        let busy = [Item::Code(486)];
        assert_eq!(s.decide(1, &busy, &p, t0), Decision::Reply(busy.to_vec()));
        assert_eq!(
            s.decide(1, &busy, &p, t0 + Duration::from_secs(599)),
            Decision::Cooldown
        );
        assert_eq!(s.decide(2, &busy, &p, t0), Decision::Reply(busy.to_vec()));
        assert_eq!(
            s.decide(1, &busy, &p, t0 + Duration::from_secs(600)),
            Decision::Reply(busy.to_vec())
        );
    }

    #[test]
    fn only_new_items_are_listed() {
        let (mut s, p, t0) = (State::default(), pacing(), Instant::now());
        s.decide(1, &[Item::Code(486)], &p, t0);
        assert_eq!(
            s.decide(1, &[Item::Code(486), Item::Code(600)], &p, t0),
            Decision::Reply(vec![Item::Code(600)])
        );
    }

    #[test]
    fn the_cap_bounds_replies_per_window() {
        let (mut s, p, t0) = (State::default(), pacing(), Instant::now());
        for code in 0..3u16 {
            assert!(matches!(
                s.decide(1, &[Item::Code(400 + code)], &p, t0),
                Decision::Reply(_)
            ));
        }
        assert_eq!(s.decide(1, &[Item::Code(410)], &p, t0), Decision::Capped);
        assert!(matches!(
            s.decide(1, &[Item::Code(410)], &p, t0 + Duration::from_secs(60)),
            Decision::Reply(_)
        ));
    }

    #[test]
    fn a_zero_cooldown_explains_every_time_and_undo_forgets() {
        let (mut s, mut p, t0) = (State::default(), pacing(), Instant::now());
        p.cooldown = Duration::ZERO;
        assert!(matches!(
            s.decide(1, &[Item::Code(486)], &p, t0),
            Decision::Reply(_)
        ));
        assert!(matches!(
            s.decide(1, &[Item::Code(486)], &p, t0),
            Decision::Reply(_)
        ));
        p.cooldown = Duration::from_secs(600);
        s.decide(1, &[Item::Code(404)], &p, t0);
        s.undo(1, &[Item::Code(404)]);
        assert!(matches!(
            s.decide(1, &[Item::Code(404)], &p, t0),
            Decision::Reply(_)
        ));
    }

    #[test]
    fn a_reply_in_flight_is_known_until_remembered_or_failed() {
        let mut s = State::default();
        s.sending(7);
        s.sending(8);
        assert!(s.is_sending(7));
        let posted = Posted {
            channel: 1,
            reply: 70,
            author: 2,
            items: vec![],
            files: false,
        };
        s.remember(7, posted);
        s.sent(8);
        assert!(!s.is_sending(7) && !s.is_sending(8));
    }

    #[test]
    fn memory_stays_bounded() {
        let (mut s, p, t0) = (State::default(), pacing(), Instant::now());
        for ch in 0..(MAX_CHANNELS as u64 + 10) {
            s.decide(ch, &[Item::Code(486)], &p, t0);
        }
        for m in 0..(MAX_POSTED as u64 + 10) {
            let posted = Posted {
                channel: 1,
                reply: m,
                author: 2,
                items: vec![],
                files: false,
            };
            s.remember(m, posted);
        }
        let (channels, posted) = s.tracked();
        assert!(channels <= MAX_CHANNELS, "{channels}");
        assert_eq!(posted, MAX_POSTED);
        assert!(s.posted(0).is_none() && s.posted(MAX_POSTED as u64 + 9).is_some());
    }
}
