//! sipbot explains SIP response codes, Q.850 causes and pasted SIP logs, on Discord and in
//! the terminal, from one catalogue checked against the RFCs.
//!
//! # Layout
//!
//! - `catalogue`: the facts and texts of `data/`, compiled in; lookups, search, comparisons,
//!   the RFC 3398 mapping, interface strings (Fluent). Pure.
//! - `detect`: finds what a text is about (codes, "X vs Y", Q.850 causes, warn-codes), with
//!   strict, loose and explicit modes. Pure, linear.
//! - `render`: builds `Explanation`s and `Reply`s within Discord's limits; the only place that
//!   formats (embed JSON and terminal text). Pure.
//! - `answer`: turns a direct question into a `Reply` (used by the CLI, the console and the
//!   bot). Pure.
//! - `trace`: pasted SIP traces: messages found in logs of many tools, grouped into calls,
//!   participants, a ladder per call and the outcome with its evidence. Pure, linear,
//!   bounded.
//! - `capture`: pcap and pcapng files: SIP over UDP, TCP, SCTP and WebSocket fed to the
//!   same trace builder with capture times and addresses, RTP/RTCP streams and what is
//!   wrong with the media. Pure (reads a `Read` it is given), streaming, bounded.
//! - `auto`: what auto-explain lists for a message (items, the compact embed, Details). Pure.
//! - `settings`: what a server can change (auto mode per channel, language, cooldown, items,
//!   note role), its defaults and bounds. Pure.
//! - `store`: persistence (settings, team notes, code statistics, removed servers) in SQLite
//!   through sqlx; the only module with SQL.
//! - `chart`: the PNG bar chart of `/sip stats` (plotters, with an embedded font).
//! - `discord`: the bot: serenity and poise around the core (commands, events, sending).
//! - `cli`: the `sipbot` command line (run, explain, list, search, scan, trace, console).
//!
//! The pure core (`catalogue`, `detect`, `trace`, `capture`, `render`, `answer`, `auto`, `settings`) never uses serenity, poise,
//! tokio or I/O; a test keeps it that way.

pub mod answer;
pub mod auto;
pub mod capture;
pub mod catalogue;
pub mod chart;
pub mod cli;
pub mod detect;
pub mod discord;
pub mod render;
pub mod settings;
pub mod store;
pub mod trace;
