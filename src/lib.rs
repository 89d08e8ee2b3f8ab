//! sipbot explains SIP response codes, Q.850 causes and pasted SIP logs, on Discord and in
//! the terminal, from one catalogue checked against the RFCs.
//!
//! # Layout
//!
//! The core is in floors; each imports only from the floors below it, never from the shell
//! (`tests/sipbot/purity.rs` enforces it, and that no two files import each other):
//!
//! 1. `catalogue`: the facts and texts of `data/`, compiled in; lookups, search, comparisons,
//!    the RFC 3398 mapping, interface strings (Fluent), and the `SipCode` and `Cause` types
//!    that hold the valid ranges.
//! 2. `detect`: finds what a text is about (codes, "X vs Y", Q.850 causes, warn-codes), with
//!    strict, loose and explicit modes; linear. `trace`: pasted SIP traces — messages found
//!    in logs of many tools, grouped into calls, participants and the outcome with its
//!    evidence; linear, bounded.
//!    `capture`: pcap and pcapng files — SIP over UDP, TCP, SCTP and WebSocket fed to the same
//!    trace builder with capture times and addresses, RTP/RTCP streams and what is wrong with
//!    the media; streaming, bounded.
//! 3. `item`: what an answer is about (a code, a comparison, a cause, a warn-code), read from
//!    findings and carried in button ids. `settings`: what a server can change, its defaults
//!    and bounds.
//! 4. `render`: every text — explanations, comparisons, the trace story and ladder, the
//!    compact list, "…and N more", a server's settings, notes and statistics — as
//!    `Explanation`s (which know their subject) and `Reply`s within Discord's limits, embed
//!    JSON and terminal text.
//! 5. `answer`: a direct question answered, "trace or codes?" decided, a code read from an
//!    option. `auto`: what auto-explain posts for a message.
//!
//! Outside the core, using any floor:
//!
//! - `store`: persistence (settings, team notes, code statistics, removed servers) in
//!   SQLite or PostgreSQL through sqlx; the only module with SQL.
//! - `chart`: the PNG bar chart of `/sip stats` (plotters, with an embedded font).
//! - `discord`: the bot — serenity and poise around the core (see its own map).
//! - `cli`: the `sipbot` command line (run, explain, list, search, scan, trace, console,
//!   stats).
//!
//! The pure core never uses serenity, poise, tokio or I/O; a test keeps it that way.

pub mod answer;
pub mod auto;
pub mod capture;
pub mod catalogue;
pub mod chart;
pub mod cli;
pub mod detect;
pub mod discord;
pub mod item;
pub mod render;
pub mod settings;
pub mod store;
pub mod trace;
