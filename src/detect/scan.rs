//! The scan driver behind `Detector::detect`: walks a text line by line and segment by
//! segment, hands each run of digits to the cause or number rules, and at the end decides
//! which findings count (tables, SIP context, HTTP-only messages, the mode). Every step moves
//! forward; every look-around is bounded (`WINDOW`), so the whole scan is linear in the input.

use std::cell::Cell;

use super::bytes::contains_ci;
use super::bytes::{has_candidate, has_cause, next_digit, q850_at, run_end, runs_at};
use super::shape::{find_header, has_context, is_sdp_line, HeaderKind};
use super::vocab::{is_http_status, WEB_WORDS};
use super::words::has_any_word;
use super::{Detector, Evidence, Finding, Hit, Mode, Strength};

/// How far back (bytes) the scanner looks for the words before a number.
pub(super) const WINDOW: usize = 48;

/// A three-digit number of a segment, as the list and table rules see it.
#[derive(Clone, Copy)]
pub(super) struct Item {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: ItemKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ItemKind {
    /// A bare code: the index of its pending finding.
    Bare(usize),
    /// A quantity or an identifier: "200 users", "account 603".
    Vetoed,
    /// A code found on some other evidence.
    Found,
}

/// A candidate number in a segment: a three-digit run that passed the hard vetoes.
#[derive(Clone, Copy)]
pub(super) struct Candidate {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) code: u16,
}

/// When a finding counts, decided once the whole text is read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Need {
    /// Counts in every mode.
    Always,
    /// Counts in every mode when the message has SIP context; otherwise only when asked.
    Context,
    /// Counts in loose mode with SIP context, and when asked.
    Loose,
    /// Counts in every mode when the message has SIP context, and in loose mode without it:
    /// "486 or 600?" names a code that exists only in SIP, so it is its own context.
    ContextElseLoose,
    /// Counts only when the user asked sipbot.
    ExplicitOnly,
    /// Withdrawn after the fact (a list member whose sibling is a count or an identifier).
    Dropped,
}

pub(super) struct Pending {
    pub(super) pos: usize,
    pub(super) finding: Finding,
    pub(super) need: Need,
}

/// What a segment's numbers share while it is read: its layout, and what its numbers found.
pub(super) struct Seg<'s> {
    pub(super) seg: &'s [u8],
    pub(super) base: usize,
    /// Leading whitespace.
    pub(super) lead: usize,
    /// Where a row's first cell starts: after indentation, table pipes and bullets.
    pub(super) row_lead: usize,
    /// A known header's colon (`usize::MAX` without one), and what header it is.
    pub(super) veto_from: usize,
    pub(super) header_kind: HeaderKind,
    // Computed on first use: most numbers never get that far.
    pub(super) http_cache: Cell<Option<bool>>,
    pub(super) errorish_cache: Cell<Option<bool>>,
    /// The numbers that may be one side of a comparison, in order.
    pub(super) candidates: Vec<Candidate>,
    /// Every three-digit number that got past the hard vetoes, for the list rule.
    pub(super) items: Vec<Item>,
}

pub(super) struct Scan<'a> {
    /// Visit every digit run of every segment, not only the three-digit ones: what the
    /// shortcut is tested against.
    pub(super) full_walk: bool,
    /// The three-digit runs of the last two 64-byte blocks of the text asked for
    /// (`runs_of`): the line walk and the segments ask for the same blocks in turn.
    runs_cache: [(usize, u64); 2],
    pub(super) det: &'a Detector,
    pub(super) text: &'a [u8],
    mode: Mode,
    pub(super) pending: Vec<Pending>,
    any_strong: bool,
    /// Lines that open with a code found on strong evidence: more than one makes a table.
    pub(super) rows_strong: usize,
    /// Bare codes that open a line: rows of that table if there is one.
    pub(super) rows_bare: Vec<usize>,
    /// Which rule decided each number, by position: what the rule tests look at.
    #[cfg(test)]
    pub(super) decided: Vec<(usize, &'static str)>,
}

impl<'a> Scan<'a> {
    pub(super) fn new(det: &'a Detector, text: &'a [u8], mode: Mode) -> Scan<'a> {
        Scan {
            full_walk: false,
            runs_cache: [(usize::MAX, 0); 2],
            det,
            text,
            mode,
            pending: Vec::new(),
            any_strong: false,
            rows_strong: 0,
            rows_bare: Vec::new(),
            #[cfg(test)]
            decided: Vec::new(),
        }
    }

    /// The text is part of a SIP paste: it has SIP context as if it had a strong finding.
    pub(super) fn known_sip(&mut self) {
        self.any_strong = true;
    }

    pub(super) fn run(mut self) -> Vec<Hit> {
        self.lines();
        self.finish()
    }

    /// Reads every segment that holds a three-digit run.
    fn lines(&mut self) {
        let text = self.text;
        // Built once: building a searcher cost more than searching a chat message.
        static DOTS: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b".."));
        let dots = &*DOTS;
        // Only lines with a three-digit run are looked at: walk the runs block by block
        // (each block's digits are read once), and take the line around each run found.
        // `from` is always 0 or just after a newline, so that line starts at or after it.
        let mut from = 0;
        let mut block = 0;
        let mut runs = if text.is_empty() { 0 } else { self.runs_of(0) };
        // Where the next ".." is (ngrep's CRLF), searched once past each one found instead
        // of once per line: most logs have none, and a call per line cost more than the
        // search itself. A ".." never spans a newline, so one before a line's end is in it.
        let find_dots = |from: usize| dots.find(&text[from..]).map_or(usize::MAX, |i| from + i);
        let mut next_dots = find_dots(0);
        while from < text.len() {
            if from >= block + 64 {
                block = from - from % 64;
                runs = self.runs_of(block);
            }
            // Runs before `from` were in lines already read.
            if from > block {
                runs &= !0u64 << (from - block);
            }
            if runs == 0 {
                block += 64;
                if block >= text.len() {
                    break;
                }
                runs = self.runs_of(block);
                continue;
            }
            let run = block + runs.trailing_zeros() as usize;
            // Usually the run is in the line that starts at `from` (a SIP message has a
            // candidate on most lines): one memchr then finds that line's end, no look back.
            let first_end = memchr::memchr(b'\n', &text[from..]).map_or(text.len(), |i| from + i);
            let (line_start, line_end) = if run < first_end {
                (from, first_end)
            } else {
                // `text[first_end]` is a newline, so the look back always finds one.
                let start = memchr::memrchr(b'\n', &text[first_end..run])
                    .map_or(first_end, |i| first_end + i + 1);
                let end = memchr::memchr(b'\n', &text[run..]).map_or(text.len(), |i| run + i);
                (start, end)
            };
            let line = &text[line_start..line_end];
            if next_dots < line_start {
                next_dots = find_dots(line_start);
            }
            // ngrep writes a whole message on one line with ".." for each CRLF.
            match (next_dots < line_end).then(|| next_dots - line_start) {
                None => self.segment(line, line_start),
                Some(first) => {
                    let mut seg_start = 0;
                    let mut next = Some(first);
                    while seg_start <= line.len() {
                        let seg_end = next.map_or(line.len(), |i| seg_start + i);
                        let seg = &line[seg_start..seg_end];
                        if has_candidate(seg) {
                            self.segment(seg, line_start + seg_start);
                        }
                        seg_start = seg_end + 2;
                        next = line.get(seg_start..).and_then(|rest| dots.find(rest));
                    }
                }
            }
            from = line_end + 1;
        }
    }

    /// The three-digit runs starting in the 64 bytes of the text at `block` (a multiple of
    /// 64), as `runs_at` gives them; each block is computed once while the walk goes forward.
    fn runs_of(&mut self, block: usize) -> u64 {
        if let Some(&(_, m)) = self.runs_cache.iter().find(|(b, _)| *b == block) {
            return m;
        }
        let m = runs_at(self.text, block);
        self.runs_cache = [self.runs_cache[1], (block, m)];
        m
    }

    /// Decides what the segments found: tables, SIP context, HTTP-only messages.
    pub(super) fn finish(mut self) -> Vec<Hit> {
        let text = self.text;
        // A table of codes ("486 Busy here" on one row, "481*" on the next): a bare code
        // opening a row is one of its entries.
        // Rows of bare codes with translated phrases ("401 Zugangsdaten falsch", "• 100 Đang
        // thử") make one too when there are enough of them.
        if self.rows_strong >= 2 || self.distinct_row_codes() >= TABLE_ROWS {
            for idx in std::mem::take(&mut self.rows_bare) {
                self.upgrade(idx, Need::Loose, Evidence::List);
            }
        }
        if self.mode != Mode::Strict || self.any_strong {
            self.parallels();
        }
        let mode = self.mode;
        // A pasted SIP message is as sure a sign as a strong finding: the codes of the prose
        // around a request without its response count ("returns Error 481" above a BYE,
        // asterisk/asterisk#1735; "a 401 authorization error" above a REGISTER,
        // fusionpbx/fusionpbx#1067).
        let any_strong = self.any_strong || memchr::memmem::find(text, b"SIP/2.0").is_some();
        // SIP context matters only for findings that are not strong, and not when asked.
        let needs_context = mode != Mode::Explicit
            && self.pending.iter().any(|p| match p.need {
                Need::Context | Need::ContextElseLoose => true,
                Need::Loose => mode == Mode::Loose,
                _ => false,
            });
        let context = needs_context && (self.any_strong || has_context(text));
        // A message about HTTP and not about SIP: only the unmistakable signals count
        // ("HTTP/1.1 403" on one line and "403 Forbidden" on the next is still HTTP; nginx,
        // an API or a URL without SIP anywhere is the web too).
        // A code HTTP does not have, with its SIP phrase, says SIP by itself: "\"481
        // Call/Transaction Does Not Exist\"" under a link to the RFC (RestComm/sip-servlets#189),
        // "a 491 (Request Pending) response" quoted under one (pjsip/pjproject#3458).
        let sip_only = self.pending.iter().any(|p| {
            p.need == Need::Always
                && matches!(p.finding, Finding::Code { code, .. } if !is_http_status(code))
        });
        let http_only = !self.pending.is_empty()
            && !sip_only
            && !contains_ci(text, b"sip")
            && (contains_ci(text, b"http") || has_any_word(text, WEB_WORDS));
        if http_only {
            self.pending.retain(|p| match p.finding {
                Finding::Code { evidence, .. } => {
                    matches!(evidence, Evidence::StatusLine | Evidence::SipPrefix)
                }
                Finding::Compare { .. } => false,
                _ => true,
            });
        }
        self.pending
            .into_iter()
            .filter(|p| match p.need {
                Need::Always => true,
                Need::Context => context || mode == Mode::Explicit,
                Need::Loose => {
                    mode == Mode::Explicit
                        || (mode == Mode::Loose && context)
                        || (mode == Mode::Strict && any_strong)
                }
                Need::ContextElseLoose => context || mode != Mode::Strict,
                Need::ExplicitOnly => mode == Mode::Explicit,
                Need::Dropped => false,
            })
            .map(|p| Hit {
                pos: p.pos,
                finding: p.finding,
            })
            .collect()
    }

    pub(super) fn push(&mut self, pos: usize, finding: Finding, need: Need) {
        if matches!(need, Need::Always) {
            self.any_strong = true;
        }
        self.pending.push(Pending { pos, finding, need });
    }

    pub(super) fn code(&mut self, pos: usize, code: u16, evidence: Evidence, need: Need) {
        let strength = strength_of(&need);
        self.push(
            pos,
            Finding::Code {
                code,
                strength,
                evidence,
            },
            need,
        );
    }

    /// Raises a bare code's pending finding (never lowers one that is already stronger).
    pub(super) fn upgrade(&mut self, idx: usize, need: Need, evidence: Evidence) {
        let Some(p) = self.pending.get_mut(idx) else {
            return;
        };
        if !matches!(p.need, Need::ExplicitOnly) {
            return;
        }
        if let Finding::Code {
            strength: s,
            evidence: e,
            ..
        } = &mut p.finding
        {
            *s = strength_of(&need);
            *e = evidence;
        }
        p.need = need;
    }

    /// One segment: a line, or a part of an ngrep line between "..".
    pub(super) fn segment(&mut self, seg: &[u8], base: usize) {
        let lead = seg.iter().take_while(|c| c.is_ascii_whitespace()).count();
        let body = &seg[lead..];
        // SDP lines: "m=audio 18000 RTP/AVP 0 8 101", "o=- 486 486 IN IP4 …".
        if is_sdp_line(body) {
            return;
        }
        let header = find_header(seg, lead);
        let (veto_from, header_kind) = match header {
            Some((pos, kind)) => (pos, kind),
            None => (usize::MAX, HeaderKind::Other),
        };
        // A `Warning` header: its warn-code is read here; numbers after it are its value,
        // numbers before it (a status line on the same pasted line) are still scanned.
        let header_kind = if header_kind == HeaderKind::Warning {
            self.warning(seg, veto_from, base);
            HeaderKind::Plain
        } else {
            header_kind
        };
        let row_lead = row_lead(seg);
        // Numbers in a known header's value are never read (see the veto below), and no
        // digit run can span the colon: stop there instead of walking the rest of the line.
        let limit = if header_kind == HeaderKind::Plain {
            veto_from.min(seg.len())
        } else {
            seg.len()
        };
        let mut st = Seg {
            seg,
            base,
            lead,
            row_lead,
            veto_from,
            header_kind,
            http_cache: Cell::new(None),
            errorish_cache: Cell::new(None),
            candidates: Vec::new(),
            items: Vec::new(),
        };
        // Where the walk of every digit run below starts, and what it knows of the run before.
        let mut i = 0;
        let mut prev_run_end = 0usize;
        let mut prev_run_q850 = false;
        // Only a three-digit run can be a code; runs of other lengths matter only as Q.850
        // causes, which need "cause" before them or come right after "Q.850". Without
        // "cause", only the three-digit runs are visited (from the masks the line walk already
        // made), until a "Q.850" hands over to the walk of every run: the same numbers are
        // decided with the same words before them (`fast_walk_finds_what_the_full_walk_found`).
        // Short walks (a header's name, a status line) cost less than the check.
        if !self.full_walk && limit >= 32 && !has_cause(&seg[..limit]) {
            i = limit;
            let mut block = base - base % 64;
            'fast: while block < base + limit {
                let mut runs = self.runs_of(block);
                if block < base {
                    runs &= !0u64 << (base - block);
                }
                while runs != 0 {
                    let start = block + runs.trailing_zeros() as usize - base;
                    runs &= runs - 1;
                    if start >= limit {
                        break 'fast;
                    }
                    let end = start + 3;
                    if q850_at(seg, start, end) {
                        (i, prev_run_end, prev_run_q850) = (end, end, true);
                        break 'fast;
                    }
                    // The words before a number stop at the digit before it.
                    let lo = start.saturating_sub(WINDOW);
                    let gap_from = seg[lo..start]
                        .iter()
                        .rposition(u8::is_ascii_digit)
                        .map_or(lo, |k| lo + k + 1);
                    self.number(&mut st, start, end, &seg[gap_from..start]);
                }
                block += 64;
            }
        }
        loop {
            i = next_digit(seg, i, limit);
            if i >= limit {
                break;
            }
            let start = i;
            i = run_end(seg, i);
            let end = i;
            let len = end - start;
            let gap_from = prev_run_end.max(start.saturating_sub(WINDOW));
            let gap = &seg[gap_from..start];
            let after_q850 = prev_run_q850;
            prev_run_q850 = len == 3 && q850_at(seg, start, end);
            prev_run_end = end;

            if start >= veto_from && header_kind == HeaderKind::Plain {
                continue;
            }
            if self.cause(seg, base, start, end, gap, after_q850) {
                continue;
            }
            if len != 3 {
                continue;
            }
            self.number(&mut st, start, end, gap);
        }
        // A trace a web page flattened onto one line: "INVITE sip:bob@biloxi.com SIP/2.0
        // Content-Type: application/sdp v=0 … SIP/2.0 488 Not Acceptable Here Warning: 304 …"
        // (sipsymposium.com's guides; a FreeSWITCH siptrace on 553668.com). The first header's
        // value hides the rest of the line, but a status line in it is still one.
        if header_kind == HeaderKind::Plain && veto_from < seg.len() {
            self.status_lines_after(&mut st, veto_from);
        }
        self.lists(seg, &st.items);
        self.comparisons(seg, base, &st.candidates);
    }

    /// The status lines in `st.seg[from..]`, a header's value that the walk skipped.
    fn status_lines_after(&mut self, st: &mut Seg<'_>, from: usize) {
        static STATUS: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"SIP/2.0 "));
        let seg = st.seg;
        let mut at = from;
        while let Some(off) = STATUS.find(&seg[at..]) {
            let start = at + off + b"SIP/2.0 ".len();
            let end = start + 3;
            if end <= seg.len()
                && seg[start..end].iter().all(u8::is_ascii_digit)
                && !seg.get(end).is_some_and(u8::is_ascii_digit)
            {
                let lo = start.saturating_sub(WINDOW);
                let gap_from = seg[lo..start]
                    .iter()
                    .rposition(u8::is_ascii_digit)
                    .map_or(lo, |k| lo + k + 1);
                self.number(st, start, end, &seg[gap_from..start]);
            }
            at = start;
        }
    }
}

/// Bare codes opening this many rows, all different, make a table without a strong row.
const TABLE_ROWS: usize = 4;

/// Where a row's first cell starts: after indentation, table pipes and bullets ("-", "*",
/// "•", "·").
fn row_lead(seg: &[u8]) -> usize {
    let mut i = 0;
    loop {
        match seg.get(i..) {
            Some([b' ' | b'\t' | b'|' | b'*' | b'-' | b'+', ..]) => i += 1,
            Some([0xE2, 0x80, 0xA2, ..]) => i += 3,
            Some([0xC2, 0xB7, ..]) => i += 2,
            _ => return i,
        }
    }
}

impl Scan<'_> {
    /// How many different codes the bare codes opening rows are.
    fn distinct_row_codes(&self) -> usize {
        let mut seen: Vec<u16> = Vec::new();
        for &idx in &self.rows_bare {
            if let Some(Finding::Code { code, .. }) = self.pending.get(idx).map(|p| p.finding) {
                if !seen.contains(&code) {
                    seen.push(code);
                }
            }
            if seen.len() >= TABLE_ROWS {
                break;
            }
        }
        seen.len()
    }
}

pub(super) fn strength_of(need: &Need) -> Strength {
    match need {
        Need::Always | Need::Context | Need::ContextElseLoose => Strength::Strong,
        Need::Loose => Strength::Weak,
        Need::ExplicitOnly | Need::Dropped => Strength::Explicit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::bytes::tests::naive_has_candidate;

    type Hits = Vec<(usize, Finding)>;

    /// Hits of a scan with the three-digit shortcut and with the walk of every digit run.
    fn both_walks(text: &str, mode: Mode) -> (Hits, Hits) {
        let det = detector();
        let run = |full_walk: bool| {
            let mut scan = Scan::new(det, text.as_bytes(), mode);
            scan.full_walk = full_walk;
            scan.run()
                .into_iter()
                .map(|h| (h.pos, h.finding))
                .collect::<Vec<_>>()
        };
        (run(false), run(true))
    }

    proptest::proptest! {
        #[test]
        fn fast_walk_finds_what_the_full_walk_found(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "SIP/2.0 ", "486", " Busy Here", "\n", "..", "Via: ", "100", "12", "1234", "7",
                " vs ", "cause=", "Cause: ", "CAUSE ", "cAuSe", "Q.850;", "q850 ", "850", " ",
                "x", "CSeq: ", "200 users", " or ", "603", "http ", "sip ", "-> ", "Reason: ",
                ":", ".", "0", "\r\n", "é", "hangup_cause=", "[2024-01-01 10:00:00.123] ",
                "ISDN cause ", "(", ")", "=", "/", "abcdefghijklmnopqrstuvwxyz0123456789",
                "Failed Registration with status ", "[", "]", "45",
            ][..]), 0..120),
        ) {
            let text = parts.concat();
            for mode in [Mode::Strict, Mode::Loose, Mode::Explicit] {
                let (fast, full) = both_walks(&text, mode);
                proptest::prop_assert_eq!(fast, full, "{:?} in {:?}", mode, text);
            }
        }
    }

    /// The same on every real log, trace and chat line the tests hold (the corpus files hold
    /// hundreds of chat lines and log excerpts; compiled in, as the core reads no files).
    #[test]
    fn fast_walk_finds_what_the_full_walk_found_in_the_fixtures() {
        for text in [
            include_str!("../../tests/fixtures/logs/asterisk-pjsip-busy.log"),
            include_str!("../../tests/fixtures/traces/asterisk-pjsip-auth-answered.log"),
            include_str!("../../tests/fixtures/traces/chan-sip-cancelled.log"),
            include_str!("../../tests/fixtures/traces/freeswitch-siptrace-488.log"),
            include_str!("../../tests/fixtures/traces/kamailio-syslog-auth-loop.log"),
            include_str!("../../tests/fixtures/traces/linphone-403-after-auth.log"),
            include_str!("../../tests/fixtures/traces/ngrep-byline-register.txt"),
            include_str!("../../tests/fixtures/traces/ngrep-redirect-302.txt"),
            include_str!("../../tests/fixtures/traces/pjsip-softphone-408.log"),
            include_str!("../../tests/fixtures/traces/prefixed-crlf-compact.log"),
            include_str!("../../tests/fixtures/traces/sipp-422.log"),
            include_str!("../../tests/fixtures/traces/sngrep-glare.txt"),
            include_str!("../../tests/fixtures/traces/sngrep-proxy-decline.txt"),
            include_str!("../../tests/fixtures/traces/tcpdump-timeout.txt"),
            include_str!("../../tests/fixtures/detect/chat.toml"),
            include_str!("../../tests/fixtures/detect/logs.toml"),
            include_str!("../../tests/fixtures/detect/negatives.toml"),
            include_str!("../../tests/fixtures/detect/gathered.toml"),
            include_str!("../../tests/fixtures/detect/aside/gathered.toml"),
        ] {
            for mode in [Mode::Strict, Mode::Loose, Mode::Explicit] {
                let (fast, full) = both_walks(text, mode);
                assert_eq!(fast, full, "{mode:?} in {}", &text[..text.len().min(80)]);
            }
        }
    }

    /// The line walk as it was first written: every line, a branch per byte.
    fn naive_lines(scan: &mut Scan<'_>) {
        let text = scan.text;
        let mut line_start = 0;
        while line_start < text.len() {
            let line_end =
                memchr::memchr(b'\n', &text[line_start..]).map_or(text.len(), |i| line_start + i);
            let line = &text[line_start..line_end];
            if naive_has_candidate(line) {
                let mut seg_start = 0;
                while seg_start <= line.len() {
                    let seg_end = memchr::memmem::find(&line[seg_start..], b"..")
                        .map_or(line.len(), |i| seg_start + i);
                    let seg = &line[seg_start..seg_end];
                    if naive_has_candidate(seg) {
                        scan.segment(seg, line_start + seg_start);
                    }
                    seg_start = seg_end + 2;
                }
            }
            line_start = line_end + 1;
        }
    }

    fn detector() -> &'static Detector {
        static DET: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
        DET.get_or_init(|| {
            let cat = crate::catalogue::Catalogue::embedded().expect("catalogue");
            Detector::new(&cat)
        })
    }

    proptest::proptest! {
        /// The block walk reads exactly the segments the line-by-line walk read: same hits,
        /// same positions, in every mode.
        #[test]
        fn block_walk_finds_what_the_line_walk_found(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "SIP/2.0 ", "486", " Busy Here", "\n", "..", "Via: ", "100", "12", "1234",
                " vs ", "cause=17", "Q.850;", " ", "x", "CSeq: ", "200 users", " or ", "603",
                "http ", "sip ", "-> ", "Reason: ", ":", ".", "0", "\r\n", "é",
            ][..]), 0..80),
        ) {
            let text = parts.concat();
            let det = detector();
            for mode in [Mode::Strict, Mode::Loose, Mode::Explicit] {
                let fast: Vec<(usize, Finding)> = Scan::new(det, text.as_bytes(), mode)
                    .run()
                    .into_iter()
                    .map(|h| (h.pos, h.finding))
                    .collect();
                let mut slow = Scan::new(det, text.as_bytes(), mode);
                naive_lines(&mut slow);
                let slow: Vec<(usize, Finding)> =
                    slow.finish().into_iter().map(|h| (h.pos, h.finding)).collect();
                proptest::prop_assert_eq!(fast, slow, "{:?} in {:?}", mode, text);
            }
        }
    }
}
