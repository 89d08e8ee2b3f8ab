//! `sipbot trace`: streams a file or standard input through the trace builder in blocks cut
//! at line ends (memory stays bounded whatever the size; invalid UTF-8 is replaced), then
//! prints the same reply the bot sends, or the parsed calls as JSON.

use std::io::{Read, Write};
use std::path::PathBuf;

use crate::catalogue::{Catalogue, Lang};
use crate::render;
use crate::trace::TraceBuilder;

const BLOCK: usize = 256 * 1024;

pub fn run(
    cat: &Catalogue,
    lang: Lang,
    file: Option<PathBuf>,
    redact: bool,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<i32> {
    let reader = super::input(file.as_deref())?;
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

/// Feeds any reader, block by block, cut at the last newline of each block.
pub fn feed_reader(b: &mut TraceBuilder, mut r: impl Read) -> std::io::Result<()> {
    let mut buf = vec![0u8; BLOCK];
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        carry.extend_from_slice(&buf[..n]);
        let cut = match memchr::memrchr(b'\n', &carry) {
            Some(i) => i + 1,
            None if carry.len() >= BLOCK => carry.len(),
            None => continue,
        };
        let text = String::from_utf8_lossy(&carry[..cut]);
        b.feed(text.strip_suffix('\n').unwrap_or(&text));
        carry.drain(..cut);
    }
    if !carry.is_empty() {
        b.feed(&String::from_utf8_lossy(&carry));
    }
    Ok(())
}
