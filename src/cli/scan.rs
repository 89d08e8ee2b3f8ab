//! `sipbot scan`: streams a file or standard input through the detector in blocks cut at line
//! ends, so memory stays constant whatever the size, and invalid UTF-8 is replaced, not fatal.
//! Blocks are independent (each is detected on its own, then added in order), so a large
//! input is scanned on several threads with the same result as on one.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::{mpsc, Mutex};

use super::blocks::{with_text, Blocks};
use super::ScanArgs;
use crate::detect::{Detector, Finding, Hit, Mode, ScanSummary};

/// At most this many threads, whatever the machine: past a few, reading is the limit.
const MAX_THREADS: usize = 8;

pub fn run(det: &Detector, args: &ScanArgs, out: &mut impl Write) -> anyhow::Result<i32> {
    let reader = super::input(args.file.as_deref())?;
    let threads = args.threads.map_or_else(default_threads, usize::from);
    let summary = scan_reader(det, args.mode.into(), reader, threads)?;
    print(&summary, args.json, out)?;
    Ok(if summary.findings().is_empty() { 1 } else { 0 })
}

/// One thread per CPU this process may use, at most `MAX_THREADS`.
fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_THREADS)
}

/// Scans any reader block by block, on `threads` threads (0 or 1: on this one).
pub fn scan_reader<'d>(
    det: &'d Detector,
    mode: Mode,
    r: impl Read,
    threads: usize,
) -> std::io::Result<ScanSummary<'d>> {
    let mut blocks = Blocks::new(r);
    let mut summary = ScanSummary::new(det, mode);
    if threads <= 1 {
        while let Some(block) = blocks.next()? {
            with_text(block, |text| summary.feed(text));
        }
        return Ok(summary);
    }
    scan_parallel(&mut blocks, &mut summary, threads)?;
    Ok(summary)
}

/// The worker threads detect blocks as they come; this thread reads, hands blocks out, and
/// adds the results in the blocks' order. At most two blocks per thread are in flight, so
/// memory stays bounded; the block buffers go back and forth instead of being reallocated.
fn scan_parallel<R: Read>(
    blocks: &mut Blocks<R>,
    summary: &mut ScanSummary<'_>,
    threads: usize,
) -> std::io::Result<()> {
    let det = summary.detector();
    let mode = summary.mode();
    let (work_tx, work_rx) = mpsc::channel::<(usize, Vec<u8>)>();
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Vec<u8>, usize, Vec<Hit>)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            s.spawn(move || loop {
                // The lock is held only while waiting for the next block.
                let job = work_rx
                    .lock()
                    .map_err(|_| ())
                    .and_then(|rx| rx.recv().map_err(|_| ()));
                let Ok((index, block)) = job else { break };
                let (len, hits) = with_text(&block, |text| (text.len(), det.hits(text, mode)));
                if done_tx.send((index, block, len, hits)).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let mut spare: Vec<Vec<u8>> = Vec::new();
        let mut waiting: BTreeMap<usize, (usize, Vec<Hit>)> = BTreeMap::new();
        let (mut sent, mut added) = (0usize, 0usize);
        // Takes one result (waiting for it), and adds every block that is now next in order.
        let mut receive = |spare: &mut Vec<Vec<u8>>, added: &mut usize| -> bool {
            let Ok((index, block, len, hits)) = done_rx.recv() else {
                return false;
            };
            spare.push(block);
            waiting.insert(index, (len, hits));
            while let Some((len, hits)) = waiting.remove(&*added) {
                summary.add(len, hits);
                *added += 1;
            }
            true
        };
        let mut result = Ok(());
        loop {
            let block = match blocks.next() {
                Ok(Some(b)) => b,
                Ok(None) => break,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            };
            let mut owned = spare.pop().unwrap_or_default();
            owned.clear();
            owned.extend_from_slice(block);
            if work_tx.send((sent, owned)).is_err() {
                break;
            }
            sent += 1;
            // No worker left (one panicked): stop reading; the scope re-raises the panic.
            let mut workers_gone = false;
            while sent - added >= 2 * threads && !workers_gone {
                workers_gone = !receive(&mut spare, &mut added);
            }
            if workers_gone {
                break;
            }
        }
        drop(work_tx);
        while added < sent && receive(&mut spare, &mut added) {}
        result
    })
}

fn print(summary: &ScanSummary<'_>, json: bool, out: &mut impl Write) -> std::io::Result<()> {
    let mut codes = Vec::new();
    let mut vs = Vec::new();
    let mut q850 = Vec::new();
    let mut warnings = Vec::new();
    let mut reasons = Vec::new();
    for f in summary.findings() {
        match *f {
            // `Reason: SIP;cause=200` names why a request ended; it is no response code.
            Finding::Code { code, .. } => {
                if !codes.contains(&code) {
                    codes.push(code)
                }
            }
            Finding::ReasonSip { code } => reasons.push(code),
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
            "reasons": reasons,
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
