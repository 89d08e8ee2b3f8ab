//! The `sipbot` binary: parses the command line, loads `.env` and the catalogue, and hands
//! over to the command. Kept thin on purpose: everything else is in the library.

use clap::Parser;

use sipbot::catalogue::Catalogue;
use sipbot::cli::{self, Cli, Command};

fn main() {
    // A missing .env is normal; a broken one is reported but not fatal.
    if let Err(e) = dotenvy::dotenv() {
        if !e.not_found() {
            eprintln!("sipbot: ignoring .env: {e}");
        }
    }
    let args = Cli::parse();
    std::process::exit(match run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sipbot: {e:#}");
            2
        }
    });
}

fn run(args: Cli) -> anyhow::Result<i32> {
    let cat = Catalogue::embedded()?;
    let lang = cli::choose_lang(&cat, args.lang.as_deref()).map_err(anyhow::Error::msg)?;
    let command = match args.command {
        Some(c) => c,
        None => {
            // The Discord bot is not part of this build yet: show the product in the console.
            let token_set = std::env::var("DISCORD_TOKEN").is_ok_and(|t| !t.trim().is_empty());
            if token_set {
                eprintln!("sipbot: DISCORD_TOKEN is set, but this build has no Discord bot yet; starting the console.");
            } else {
                eprintln!("{}", cat.t(lang, "console-no-token"));
            }
            Command::Console {
                mode: cli::ModeArg::Explicit,
            }
        }
    };
    cli::run_offline(&cat, lang, command)
}
