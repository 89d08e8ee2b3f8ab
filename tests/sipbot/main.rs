//! sipbot's integration tests: one crate, a module per feature. They use the real data files
//! (compiled into the library), the real binary and real log excerpts from `tests/fixtures/`.

mod bot;
mod bot_faults;
mod bot_header;
mod bot_trace;
mod capture;
mod catalogue;
mod cli;
mod cli_headers;
mod detect;
mod fake_discord;
mod headers;
mod i18n;
mod pg;
mod purity;
mod render;
mod scale;
mod settings;
mod store;
mod store_pg;
mod support;
mod trace;
