//! Detection: finds what a piece of text is about — SIP response codes, "X vs Y" comparisons,
//! Q.850 causes, `Reason: SIP;cause=NNN` and `Warning` warn-codes — and returns plain data.
//! An empty result means "not for us". Pure and linear: every loop moves forward through the
//! text, and every look-around is bounded to a small window.
//!
//! Most messages in a channel are not about SIP, so the first thing done is a cheap prefilter
//! (is there a three-digit number at all?) before any real work.
//!
//! Three modes:
//! - `Strict` (auto-explain): strong signals — status lines, `SIP 486`, `486 Busy Here`,
//!   log lines that name a response code, "X vs Y". Once a text has one, the weak signals of
//!   loose mode count too: a paste the bot answers anyway gets every code an expert would
//!   explain in it, not only the loudest; a text without one never gets a reply for them.
//! - `Loose`: strong signals, plus weak ones (a bare code in a sentence about errors, a code
//!   literal in a config, "401/407", a list or call flow of codes — "100, 180 then 487",
//!   "INVITE -> 100 -> 183" —, the rows of a table of codes, "486 Busy") when the message has
//!   SIP context; and "486 or 600?" even without it, when one of the two exists only in SIP.
//! - `Explicit` (the user asked sipbot): everything plausible, bare registered codes included.
//!
//! Never a code, in any mode: numbers in SIP header values and SDP, IP addresses, versions,
//! times, dates, phone numbers, tags, HTTP contexts, counts and money, ticket numbers.

//! Layout: `bytes` (the prefilter and byte searches) → `words` (word windows) and `vocab`
//! (the word lists as data) → `shape` (what a line looks like) → `number` (the ordered rules
//! that decide one number), `causes` (Q.850 causes, warn-codes) and `groups` (lists and
//! comparisons) → `scan` (the walk over the text, and what counts in the end).

mod bytes;
mod causes;
mod groups;
mod number;
mod parallel;
mod scan;
mod shape;
mod vocab;
mod words;

pub mod header;

use std::collections::HashMap;

use crate::catalogue::{Catalogue, CodeFacts};

pub use bytes::has_candidate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Strict,
    Loose,
    Explicit,
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Mode, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "strict" => Ok(Mode::Strict),
            "loose" => Ok(Mode::Loose),
            "explicit" => Ok(Mode::Explicit),
            other => Err(format!(
                "unknown mode {other:?}: use strict, loose or explicit"
            )),
        }
    }
}

/// How sure the detector is that a number is a SIP response code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    /// Counted only because the user asked sipbot directly.
    Explicit,
    /// Counted in loose mode, in a message with SIP context.
    Weak,
    /// Counted in every mode.
    Strong,
}

/// What made a number a SIP response code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// `SIP/2.0 486 Busy Here`.
    StatusLine,
    /// `SIP 486`, `SIP/486`, `sip code 486`, `sip_term_status=486`.
    SipPrefix,
    /// `486 Busy Here`, `Forbidden [403]`.
    Phrase,
    /// A log line that names a response code: `Got SIP response`, `Response msg 401/INVITE`,
    /// `reply 408`, `t_reply(…, 404`, `$rs == 486`, `entering state [terminated][486]`,
    /// `SIP Progress: 180`, `Register refresher [403]`, `REGISTER|401`.
    LogLine,
    /// One side of "X vs Y".
    Comparison,
    /// `sl_send_reply("503", …)`, `t_check_status("302")`.
    ConfigLiteral,
    /// "401/407".
    List,
    /// A bare registered number.
    Bare,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// A SIP response code.
    Code {
        code: u16,
        strength: Strength,
        evidence: Evidence,
    },
    /// "X vs Y", "X or Y", "difference between X and Y".
    Compare { a: u16, b: u16 },
    /// A Q.850 cause: `Reason: Q.850;cause=17`, `hangup_cause_q850=17`, "q850 17".
    Q850 { cause: u8 },
    /// `Reason: SIP;cause=486` (RFC 3326).
    ReasonSip { code: u16 },
    /// A `Warning` header warn-code (RFC 3261 §20.43).
    Warning { code: u16 },
}

impl Finding {
    /// The SIP response code this finding is about, if it is about one.
    pub fn code(&self) -> Option<u16> {
        match self {
            Finding::Code { code, .. } | Finding::ReasonSip { code } => Some(*code),
            _ => None,
        }
    }
}

/// A raw hit: a finding at a byte offset of the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub pos: usize,
    pub finding: Finding,
}

/// The detector: the registered codes and their phrases, taken from the catalogue once.
pub struct Detector {
    registered: [bool; 700],
    /// Reason phrases, lower-case letters and digits only, by code (a table indexed by the
    /// code: looked up for most numbers, where hashing cost more than the rest).
    phrases: ByCode,
    /// The first word of each multi-word reason phrase, lower case, when it is long enough
    /// to mean something on its own ("486 Busy", "503 Service"): a weak signal.
    first_words: ByCode,
}

/// A byte string per code of 0..700, empty when the code has none.
struct ByCode(Vec<Vec<u8>>);

impl ByCode {
    fn new() -> ByCode {
        ByCode(vec![Vec::new(); 700])
    }

    fn insert(&mut self, code: u16, v: Vec<u8>) {
        if let Some(slot) = self.0.get_mut(code as usize) {
            *slot = v;
        }
    }

    pub(super) fn get(&self, code: &u16) -> Option<&Vec<u8>> {
        self.0.get(*code as usize).filter(|v| !v.is_empty())
    }
}

impl std::fmt::Debug for Detector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Detector").finish_non_exhaustive()
    }
}

impl Detector {
    pub fn new(cat: &Catalogue) -> Detector {
        Detector::from_codes(cat.codes())
    }

    /// A detector from the registered codes alone (`Catalogue::embedded_codes`).
    pub fn from_codes<'a>(codes: impl IntoIterator<Item = &'a CodeFacts>) -> Detector {
        let mut registered = [false; 700];
        let mut phrases = ByCode::new();
        let mut first_words = ByCode::new();
        for c in codes {
            registered[c.code as usize] = true;
            phrases.insert(c.code, words::squash(c.phrase.as_bytes()));
            let mut parts = c.phrase.split([' ', '-', '/']);
            if let (Some(first), Some(_)) = (parts.next(), parts.next()) {
                let w = words::squash(first.as_bytes());
                if w.len() >= 4 && w.iter().all(u8::is_ascii_alphabetic) {
                    first_words.insert(c.code, w);
                }
            }
        }
        Detector {
            registered,
            phrases,
            first_words,
        }
    }

    pub fn is_registered(&self, code: u16) -> bool {
        (code as usize) < self.registered.len() && self.registered[code as usize]
    }

    /// What `text` is about, in order of first appearance, each finding once (a code found
    /// twice keeps its strongest evidence).
    pub fn detect(&self, text: &str, mode: Mode) -> Vec<Finding> {
        dedup(self.hits(text, mode))
    }

    /// The findings of a line taken from a paste already known to be SIP (a trace reader's
    /// line): as if the text around it had a strong finding, so that in strict mode the
    /// weak findings count too (`code=403;code=488` in a configuration beside a trace).
    pub fn detect_in_sip(&self, text: &str, mode: Mode) -> Vec<Finding> {
        if !bytes::has_candidate(text.as_bytes()) {
            return Vec::new();
        }
        let mut scan = scan::Scan::new(self, text.as_bytes(), mode);
        scan.known_sip();
        dedup(scan.run())
    }

    /// Every hit, with repeats, in order: what `scan` counts.
    pub(crate) fn hits(&self, text: &str, mode: Mode) -> Vec<Hit> {
        if !bytes::has_candidate(text.as_bytes()) {
            return Vec::new();
        }
        scan::Scan::new(self, text.as_bytes(), mode).run()
    }

    /// How many hits a text has (every repeat counted): what a log scan does per block,
    /// without keeping the findings. Used by the benchmarks.
    pub fn hits_len(&self, text: &str, mode: Mode) -> usize {
        self.hits(text, mode).len()
    }
}

/// Sorts hits by position and keeps the first of each finding; a code keeps its strongest
/// evidence but its first position.
pub(crate) fn dedup(mut hits: Vec<Hit>) -> Vec<Finding> {
    hits.sort_by_key(|h| h.pos);
    let mut out: Vec<Finding> = Vec::new();
    for h in hits {
        match h.finding {
            Finding::Code {
                code,
                strength,
                evidence,
            } => {
                if let Some(existing) = out
                    .iter_mut()
                    .find(|f| matches!(f, Finding::Code { code: c, .. } if *c == code))
                {
                    if let Finding::Code {
                        strength: s,
                        evidence: e,
                        ..
                    } = existing
                    {
                        if strength > *s {
                            *s = strength;
                            *e = evidence;
                        }
                    }
                } else {
                    out.push(h.finding);
                }
            }
            Finding::Compare { a, b } => {
                let dup = out.iter().any(|f| {
                    matches!(f, Finding::Compare { a: x, b: y } if (*x, *y) == (a, b) || (*x, *y) == (b, a))
                });
                if !dup {
                    out.push(h.finding);
                }
            }
            other => {
                if !out.contains(&other) {
                    out.push(other);
                }
            }
        }
    }
    out
}

/// A streaming accumulator for `sipbot scan`: feed it blocks of text (cut at line ends), read
/// the findings in order of first appearance and how often each code was seen.
pub struct ScanSummary<'d> {
    detector: &'d Detector,
    mode: Mode,
    findings: Vec<Finding>,
    counts: HashMap<u16, u64>,
    seen_codes: std::collections::HashSet<u16>,
    pub bytes: u64,
}

impl<'d> ScanSummary<'d> {
    pub fn new(detector: &'d Detector, mode: Mode) -> ScanSummary<'d> {
        ScanSummary {
            detector,
            mode,
            findings: Vec::new(),
            counts: HashMap::new(),
            seen_codes: Default::default(),
            bytes: 0,
        }
    }

    pub fn feed(&mut self, block: &str) {
        let hits = self.detector.hits(block, self.mode);
        self.add(block.len(), hits);
    }

    /// Adds the hits of the next block (`len` bytes), found elsewhere with
    /// `Detector::hits(block, mode)`: a scan on several threads finds each block's hits on
    /// its own thread and adds the blocks here in their order, so the summary is the same.
    pub(crate) fn add(&mut self, len: usize, hits: Vec<Hit>) {
        self.bytes += len as u64;
        // Response codes only: `Reason: SIP;cause=200` is no response.
        for h in &hits {
            if let Finding::Code { code, .. } = h.finding {
                *self.counts.entry(code).or_insert(0) += 1;
            }
        }
        // Findings stay few (at most one per code, cause and pair) whatever the input size,
        // so merging block by block keeps memory constant.
        for f in dedup(hits) {
            match f {
                Finding::Code { code, .. } => {
                    if self.seen_codes.insert(code) {
                        self.findings.push(f);
                    }
                }
                other => {
                    let mut all = std::mem::take(&mut self.findings);
                    all.push(other);
                    self.findings = dedup(
                        all.into_iter()
                            .enumerate()
                            .map(|(pos, finding)| Hit { pos, finding })
                            .collect(),
                    );
                }
            }
        }
    }

    pub(crate) fn detector(&self) -> &'d Detector {
        self.detector
    }

    pub(crate) fn mode(&self) -> Mode {
        self.mode
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub fn counts(&self) -> &HashMap<u16, u64> {
        &self.counts
    }
}
