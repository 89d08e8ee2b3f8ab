//! `sipbot trace`: streams a file or standard input through the trace builder in blocks cut
//! at line ends (memory stays bounded whatever the size; invalid UTF-8 is replaced), then
//! prints the same reply the bot sends, or the parsed calls as JSON.

use std::io::{Read, Write};
use std::path::PathBuf;

use super::blocks::{with_text, Blocks};
use crate::catalogue::{Catalogue, Lang};
use crate::render;
use crate::trace::TraceBuilder;

/// Runs the command once; the process is expected to end after it (see `capture`).
pub fn run(
    cat: &Catalogue,
    lang: Lang,
    file: Option<PathBuf>,
    redact: bool,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<i32> {
    let mut reader = super::input(file.as_deref())?;
    // A capture is known by its first four bytes, whatever the file is called.
    let mut magic = [0u8; 4];
    let mut got = 0;
    while got < magic.len() {
        match reader.read(&mut magic[got..])? {
            0 => break,
            n => got += n,
        }
    }
    let reader = std::io::Cursor::new(magic[..got].to_vec()).chain(reader);
    if crate::capture::sniff(&magic[..got]).is_some() {
        return capture(cat, lang, reader, redact, json, out);
    }
    let mut builder = TraceBuilder::new();
    feed_reader(&mut builder, reader)?;
    let mut trace = builder.finish();
    if redact {
        trace.redact();
    }
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&trace)?)?;
    } else {
        match render::trace_reply(cat, lang, &trace) {
            Some(reply) => write!(out, "{}", render::text::reply(&reply))?,
            None => writeln!(out, "{}", cat.t(lang, "trace-none"))?,
        }
    }
    Ok(if trace.is_empty() { 1 } else { 0 })
}

/// A packet capture: read streaming, printed as the bot's reply or as JSON (the trace, plus
/// `capture`, `rtp_streams`, `rtcp` and `media_findings`).
fn capture(
    cat: &Catalogue,
    lang: Lang,
    reader: impl Read,
    redact: bool,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<i32> {
    match crate::capture::read(reader) {
        Ok(mut cap) => {
            if redact {
                cap.redact();
            }
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&cap)?)?;
            } else {
                let reply = render::media::capture_reply(cat, lang, &cap);
                write!(out, "{}", render::text::reply(&reply))?;
            }
            let code = if cap.is_empty() { 1 } else { 0 };
            // The command ends the process: the capture's many small allocations go back
            // to the system with it, rather than being freed one by one first (a tenth of
            // the time of a big capture).
            std::mem::forget(cap);
            Ok(code)
        }
        Err(e) => {
            if json {
                let v = serde_json::json!({ "error": e });
                writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
            } else {
                writeln!(out, "{}", render::media::error_text(cat, lang, &e))?;
            }
            Ok(1)
        }
    }
}

/// Feeds any reader, block by block, cut at the last newline of each block (the builder is
/// given each block without that newline).
pub fn feed_reader(b: &mut TraceBuilder, r: impl Read) -> std::io::Result<()> {
    let mut blocks = Blocks::new(r);
    while let Some(block) = blocks.next()? {
        with_text(block, |text| {
            b.feed(text.strip_suffix('\n').unwrap_or(text))
        });
    }
    Ok(())
}
