//! The `sipbot` command line: argument parsing (clap) and the commands that run without
//! Discord — explain, list, search, scan, trace, stats and the console. Each command gathers input,
//! calls the pure core and prints; nothing here decides what a SIP code means.

mod blocks;
pub mod invite;
mod scan;
mod stats;
mod trace;

use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::answer::{self, Answer};
use crate::catalogue::{Catalogue, Class, Lang};
use crate::detect::{Detector, Mode};
use crate::render::{self, Reply};

/// sipbot explains SIP response codes, comparisons of codes, Q.850 causes and pasted SIP logs,
/// in the terminal and (with a bot token) on Discord.
#[derive(Debug, Parser)]
#[command(name = "sipbot", version, about, long_about = None)]
pub struct Cli {
    /// Language of the answers: en or vi (default: from LANG, else en).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Explain a code, a reason phrase, a comparison or a Q.850 cause.
    ///
    /// Examples: `sipbot explain 486`, `sipbot explain busy here`,
    /// `sipbot explain "486 vs 600"`, `sipbot explain q850 17`,
    /// `sipbot explain "SIP/2.0 503 Service Unavailable"`.
    /// Exit status: 0 answered, 1 not understood, 2 bad usage.
    Explain {
        /// What to explain (several words are joined with spaces).
        #[arg(required = true, value_name = "TEXT")]
        text: Vec<String>,
        /// Print the exact Discord message body the bot would send, as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the registered codes, all or of one class.
    List {
        /// Only this class: 1xx, 2xx, 3xx, 4xx, 5xx or 6xx.
        #[arg(long, value_parser = parse_class, value_name = "CLASS")]
        class: Option<Class>,
        /// Print the Discord message body as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search codes by words, ranked and typo-tolerant ("busy", "auth", "timeout").
    Search {
        #[arg(required = true, value_name = "WORDS")]
        words: Vec<String>,
        /// Print the Discord message body as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Find SIP codes, comparisons and Q.850 causes in a message or a whole log.
    ///
    /// Reads FILE (or standard input with `-` or no argument) as a stream, of any size;
    /// invalid UTF-8 is tolerated. Exit status: 0 something found, 1 nothing found.
    Scan(ScanArgs),
    /// Analyse a pasted SIP trace: calls, ladder, outcome, participants, codes.
    ///
    /// Reads FILE (or standard input with `-` or no argument): sngrep, Asterisk, FreeSWITCH,
    /// Kamailio/OpenSIPS, ngrep, tcpdump -A, SIPp or softphone logs, or bare SIP messages;
    /// or a pcap/pcapng capture (SIP, RTP and what is wrong with the media).
    /// Streams input of any size; keeps the first calls and messages and says so.
    /// Exit status: 0 a trace was found, 1 none.
    Trace {
        /// The file to read; `-` or nothing for standard input.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Mask phone numbers, users and IP addresses.
        #[arg(long)]
        redact: bool,
        /// Print the parsed calls as JSON (messages, participants, outcome, codes).
        #[arg(long)]
        json: bool,
    },
    /// Print the most explained codes from sipbot's database, as `/sip stats` shows them.
    ///
    /// Reads the file the bot writes (`DATABASE_URL`), while the bot runs if need be; never
    /// creates or changes it. Exit status: 0 printed, 2 the file cannot be read.
    Stats {
        /// The database file (the path of `DATABASE_URL`, e.g. sipbot.db), or its
        /// `postgres://` URL.
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// The period, in days up to today (UTC).
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3650))]
        days: u32,
        /// Only this server (its id); all servers together by default.
        #[arg(long, value_name = "ID")]
        guild: Option<u64>,
        /// Also write the chart, as PNG, to this file.
        #[arg(long, value_name = "PNG")]
        png: Option<PathBuf>,
    },
    /// Connect to Discord and run the bot (needs DISCORD_TOKEN; see .env.example).
    ///
    /// Stops cleanly on Ctrl-C or SIGTERM. Exit status: 0 stopped, 1 the token was rejected or
    /// Discord could not be reached, 2 bad configuration.
    Run,
    /// Print the address that adds sipbot to a Discord server, with its scopes and permissions.
    ///
    /// The application id comes from DISCORD_TOKEN (its first part; the token is never
    /// printed) or from --app-id. Exit status: 0 printed, 2 no id, or a malformed token or id.
    Invite {
        /// The Application ID from the Developer Portal, instead of reading DISCORD_TOKEN.
        #[arg(long, value_name = "ID")]
        app_id: Option<String>,
    },
    /// A prompt where each line is handled like a message to sipbot.
    Console {
        /// explicit: as if you asked sipbot directly (a DM or a mention); strict: as
        /// auto-explain reads a channel; loose: in between.
        #[arg(long, value_enum, default_value_t = ModeArg::Explicit)]
        mode: ModeArg,
    },
}

/// `sipbot scan`'s arguments.
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// The file to scan; `-` or nothing for standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// strict: strong signals only (what auto-explain uses); loose: also bare codes in
    /// sentences about SIP errors; explicit: everything plausible.
    #[arg(long, value_enum, default_value_t = ModeArg::Strict)]
    pub mode: ModeArg,
    /// Print one JSON object: {"codes":[…],"vs":[[a,b]],"q850":[…],"counts":{…}}.
    #[arg(long)]
    pub json: bool,
    /// Threads that detect blocks of the input (default: one per CPU, at most 8; 1 scans
    /// on the main thread). The result is the same whatever the number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModeArg {
    Strict,
    Loose,
    Explicit,
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Mode {
        match m {
            ModeArg::Strict => Mode::Strict,
            ModeArg::Loose => Mode::Loose,
            ModeArg::Explicit => Mode::Explicit,
        }
    }
}

fn parse_class(s: &str) -> Result<Class, String> {
    Class::parse(s)
        .ok_or_else(|| format!("{s:?} is not a class: use 1xx, 2xx, 3xx, 4xx, 5xx or 6xx"))
}

/// A FILE argument: the file, or standard input for `-` or none.
fn input(file: Option<&std::path::Path>) -> anyhow::Result<Box<dyn std::io::Read>> {
    use anyhow::Context as _;
    Ok(match file {
        Some(p) if p.as_os_str() != "-" => Box::new(
            std::fs::File::open(p).with_context(|| format!("cannot read {}", p.display()))?,
        ),
        _ => Box::new(std::io::stdin().lock()),
    })
}

/// What the process should exit with.
pub type ExitCode = i32;

/// The language to answer in: `--lang`, else `LANG`, else English.
pub fn choose_lang(cat: &Catalogue, flag: Option<&str>) -> Result<Lang, String> {
    if let Some(f) = flag {
        return cat.lang(f).ok_or_else(|| {
            let known: Vec<String> = cat.languages().map(|(_, l)| l.code.clone()).collect();
            format!("unknown language {f:?}: use one of {}", known.join(", "))
        });
    }
    Ok(std::env::var("LANG")
        .ok()
        .and_then(|l| cat.lang(&l))
        .unwrap_or(Lang::BASE))
}

fn print_reply(out: &mut impl Write, reply: &Reply, json: bool) -> std::io::Result<()> {
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&reply.to_discord_json()).unwrap_or_default()
        )
    } else {
        write!(out, "{}", render::text::reply(reply))
    }
}

/// `sipbot scan` with only the code table loaded (all the detector needs); `None` for any
/// other command. Scans of small inputs start in well under half the time.
pub fn run_scan_alone(command: &Command) -> Option<anyhow::Result<ExitCode>> {
    let Command::Scan(args) = command else {
        return None;
    };
    Some(
        Catalogue::embedded_codes()
            .map_err(anyhow::Error::from)
            .and_then(|codes| {
                scan::run(&Detector::from_codes(&codes), args, &mut anstream::stdout())
            }),
    )
}

/// Runs one of the offline commands; returns the exit status.
pub fn run_offline(cat: &Catalogue, lang: Lang, command: Command) -> anyhow::Result<ExitCode> {
    let det = Detector::new(cat);
    let mut out = anstream::stdout();
    match command {
        Command::Explain { text, json } => {
            let Answer {
                reply, understood, ..
            } = answer::answer(cat, &det, lang, &text.join(" "));
            print_reply(&mut out, &reply, json)?;
            Ok(if understood { 0 } else { 1 })
        }
        Command::List { class, json } => {
            let classes: Vec<Class> = match class {
                Some(c) => vec![c],
                None => Class::ALL.to_vec(),
            };
            // All classes at once only fit a message as code and phrase; one class gets the
            // summaries too.
            let brief = classes.len() > 1;
            let embeds = classes
                .into_iter()
                .flat_map(|c| render::class_list(cat, lang, c, brief))
                .collect();
            print_reply(&mut out, &Reply::embeds(embeds).fit(), json)?;
            Ok(0)
        }
        Command::Search { words, json } => {
            let q = words.join(" ");
            let hits = cat.search(&q, lang, 10);
            print_reply(
                &mut out,
                &Reply::embed(render::search(cat, lang, &q, &hits)).fit(),
                json,
            )?;
            Ok(if hits.is_empty() { 1 } else { 0 })
        }
        Command::Scan(args) => scan::run(&det, &args, &mut out),
        Command::Trace { file, redact, json } => {
            trace::run(cat, lang, file, redact, json, &mut out)
        }
        Command::Stats {
            db,
            days,
            guild,
            png,
        } => stats::run(cat, lang, &db, days, guild, png.as_deref(), &mut out),
        Command::Run => {
            anyhow::bail!("`sipbot run` is handled by the binary, not run_offline")
        }
        Command::Invite { app_id } => {
            let token = std::env::var("DISCORD_TOKEN").ok();
            invite::run(cat, lang, app_id.as_deref(), token.as_deref(), &mut out)
        }
        Command::Console { mode } => {
            let stdin = std::io::stdin();
            console(cat, &det, lang, mode.into(), stdin.lock(), &mut out)?;
            Ok(0)
        }
    }
}

/// The console: each input line is handled like a chat message; ends at end of input.
pub fn console(
    cat: &Catalogue,
    det: &Detector,
    lang: Lang,
    mode: Mode,
    input: impl BufRead,
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(out, "{}", cat.t(lang, "console-welcome"))?;
    write!(out, "> ")?;
    out.flush()?;
    for line in input.split(b'\n') {
        let line = line?;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if matches!(text, "quit" | "exit" | ":q") {
            break;
        }
        if !text.is_empty() {
            let reply = if mode == Mode::Explicit {
                let a = answer::answer(cat, det, lang, text);
                // Chat with no number in it gets one short line, not an error card.
                if !a.chat {
                    a.reply
                } else {
                    Reply::default()
                }
            } else {
                let findings = det.detect(text, mode);
                Reply::embeds(answer::explain_findings(cat, lang, &findings)).fit()
            };
            if reply.embeds.is_empty() {
                writeln!(out, "{}", cat.t(lang, "console-nothing"))?;
            } else {
                write!(out, "{}", render::text::reply(&reply))?;
            }
        }
        write!(out, "> ")?;
        out.flush()?;
    }
    writeln!(out)?;
    Ok(())
}
