//! `sipbot scan`: streams a file or standard input through the detector in blocks cut at line
//! ends, so memory stays constant whatever the size, and invalid UTF-8 is replaced, not fatal.

use std::collections::BTreeMap;
use std::io::{BufReader, Read, Write};
use std::path::PathBuf;

use crate::detect::{Detector, Finding, Mode, ScanSummary};

/// Bytes read per block; a block ends at the last newline in it.
const BLOCK: usize = 256 * 1024;

pub fn run(
    det: &Detector,
    file: Option<PathBuf>,
    mode: Mode,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<i32> {
    let reader = super::input(file.as_deref())?;
    let summary = scan_reader(det, mode, BufReader::with_capacity(BLOCK, reader))?;
    print(&summary, json, out)?;
    Ok(if summary.findings().is_empty() { 1 } else { 0 })
}

/// Scans any reader block by block.
pub fn scan_reader<'d>(
    det: &'d Detector,
    mode: Mode,
    mut r: impl Read,
) -> std::io::Result<ScanSummary<'d>> {
    let mut summary = ScanSummary::new(det, mode);
    // What is left after the last cut (never a whole block: see below) followed by the next
    // read, in one buffer read into in place: no copy of each block into a second buffer.
    let mut buf = vec![0u8; 2 * BLOCK];
    let mut filled = 0;
    loop {
        let n = r.read(&mut buf[filled..filled + BLOCK])?;
        if n == 0 {
            break;
        }
        filled += n;
        // Cut at the last newline; a line longer than a block is cut where it is, so memory
        // stays bounded even for a file without newlines. What is left after a cut holds no
        // newline, so it is shorter than a block.
        let cut = match memchr::memrchr(b'\n', &buf[..filled]) {
            Some(i) => i + 1,
            None if filled >= BLOCK => filled,
            None => continue,
        };
        feed(&mut summary, &buf[..cut]);
        buf.copy_within(cut..filled, 0);
        filled -= cut;
    }
    if filled > 0 {
        feed(&mut summary, &buf[..filled]);
    }
    Ok(summary)
}

/// Invalid UTF-8 is replaced; valid text (nearly every log) is checked, not copied.
fn feed(summary: &mut ScanSummary<'_>, block: &[u8]) {
    match std::str::from_utf8(block) {
        Ok(text) => summary.feed(text),
        Err(_) => summary.feed(&String::from_utf8_lossy(block)),
    }
}

fn print(summary: &ScanSummary<'_>, json: bool, out: &mut impl Write) -> std::io::Result<()> {
    let mut codes = Vec::new();
    let mut vs = Vec::new();
    let mut q850 = Vec::new();
    let mut warnings = Vec::new();
    for f in summary.findings() {
        match *f {
            Finding::Code { code, .. } | Finding::ReasonSip { code } => {
                if !codes.contains(&code) {
                    codes.push(code)
                }
            }
            Finding::Compare { a, b } => vs.push([a, b]),
            Finding::Q850 { cause } => q850.push(cause),
            Finding::Warning { code } => warnings.push(code),
        }
    }
    let counts: BTreeMap<String, u64> = summary
        .counts()
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .collect();
    if json {
        let body = serde_json::json!({
            "codes": codes,
            "vs": vs,
            "q850": q850,
            "warnings": warnings,
            "counts": counts,
        });
        writeln!(out, "{body}")
    } else {
        if summary.findings().is_empty() {
            return writeln!(out, "nothing found ({} bytes scanned)", summary.bytes);
        }
        for f in summary.findings() {
            match *f {
                Finding::Code {
                    code,
                    evidence,
                    strength,
                } => {
                    let n = summary.counts().get(&code).copied().unwrap_or(0);
                    writeln!(out, "code {code}  ×{n}  ({evidence:?}, {strength:?})")?
                }
                Finding::ReasonSip { code } => writeln!(out, "Reason: SIP;cause={code}")?,
                Finding::Compare { a, b } => writeln!(out, "compare {a} vs {b}")?,
                Finding::Q850 { cause } => writeln!(out, "Q.850 cause {cause}")?,
                Finding::Warning { code } => writeln!(out, "Warning {code}")?,
            }
        }
        writeln!(out, "({} bytes scanned)", summary.bytes)
    }
}
