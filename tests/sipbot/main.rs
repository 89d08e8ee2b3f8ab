//! sipbot's integration tests: one crate, a module per feature. They use the real data files
//! (compiled into the library), the real binary and real log excerpts from `tests/fixtures/`.

mod bot;
mod bot_faults;
mod bot_trace;
mod capture;
mod catalogue;
mod cli;
mod detect;
mod fake_discord;
mod i18n;
mod purity;
mod render;
mod settings;
mod store;
mod support;
mod trace;
