//! The per-number decision: what one three-digit number of a segment is. `RULES` is an
//! ordered list of small rules; each looks at the number and what is around it and either
//! passes (`None`) or returns a `Verdict` with its evidence. The first verdict wins and is
//! applied in one place (`Scan::number`), so the order in `RULES` is the order of precedence:
//! a new rule is one function placed in the list where it must win, with its real cases.

use std::cell::OnceCell;

use super::bytes::{contains_ci, parse_num};
use super::scan::{Candidate, Item, ItemKind, Need, Scan, Seg, WINDOW};
use super::shape::{
    arrow_after, arrow_before, http_mention, is_currency_after, is_currency_before, phrase_at,
    row_entry, tail_has_open_paren, HeaderKind,
};
use super::vocab::{
    CJK_ERROR_WORDS, CONFIG_PREFIXES, CONTEXT_PREFIXES, DIRECTION_WORDS, ERROR_WORDS, HTTP_PHRASES,
    LOG_PREFIXES, METHODS, NEVER_BEFORE, PHRASE_VARIANTS, SIP_KEYS, SIP_PREFIXES, UNITS,
};
use super::words::{
    ends_with_word, has_any_word, label_before, last_word, next_nonspace, next_word, prev_nonspace,
    words, Small, Words,
};
use super::{Detector, Evidence, Finding};

/// What a rule decided about a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Not a code, and nothing a list of codes needs to know about.
    Not,
    /// A quantity or an identifier ("200 users", "account 603"): a list it is in is not a
    /// list of codes. `pairs`: whether the comparison rule still sees it as a neighbour.
    Quantity { pairs: bool },
    /// A SIP response code, on this evidence; `pairs` when it may be one side of "X vs Y".
    Code {
        evidence: Evidence,
        need: Need,
        pairs: bool,
    },
    /// The code in `Reason: SIP;cause=486` (RFC 3326): a finding of its own.
    ReasonSip,
    /// A registered number with no evidence of its own: counted when asked, or weakly with a
    /// sign around it; a list or a table it belongs to may count it too.
    Bare { evidence: Evidence, need: Need },
}

type Rule = fn(&Num<'_>) -> Option<Verdict>;

/// The rules, in order of precedence.
const RULES: &[(&str, Rule)] = &[
    ("status line", status_line),
    ("0x code opening a row", hex_row),
    ("METHOD|code", method_bar),
    ("glued to a cell", glued_cell),
    ("glued to something else", glued),
    ("Reason: SIP;cause=", reason_sip_cause),
    ("in a Reason header", reason_header_value),
    ("warn-code", warn_code),
    ("range bound", range_bound),
    ("frame length of a packet list", frame_length),
    ("SIP prefix or key", sip_prefix),
    ("HTTP", http),
    ("HTTP reason phrase", http_phrase),
    ("code/METHOD", slash_method),
    ("log prefix", log_prefix),
    ("registration status", registration_status),
    ("log word with context", context_prefix),
    ("\"487 reply\"", reply_after),
    ("entering state", entering_state),
    ("cause from the other leg", other_leg),
    ("reason phrase", reason_phrase),
    ("unregistered", unregistered),
    ("SIPp screen row", sipp_row),
    ("quantity or identifier", quantity),
    ("key or argument", key_value),
    ("401/407", slash_list),
    ("other slash", slash_other),
    ("label value", label_value),
    ("bare", bare),
];

/// One number being decided, with what the rules look at; the costlier parts (the words
/// before it, the word after it) are computed on first use, since most numbers are decided
/// by the bytes right around them.
pub(super) struct Num<'n> {
    det: &'n Detector,
    st: &'n Seg<'n>,
    seg: &'n [u8],
    start: usize,
    end: usize,
    code: u16,
    /// The bytes before the number, back to the previous number (at most `WINDOW`).
    gap: &'n [u8],
    /// The bytes right before and after: `prev` is `seg[start - 1]`, `prev2` the one before;
    /// `next` is `seg[end]`, `next2` the one after.
    prev: Option<u8>,
    prev2: Option<u8>,
    next: Option<u8>,
    next2: Option<u8>,
    registered: bool,
    tail: OnceCell<Words>,
    after: OnceCell<Small<16>>,
    unit_after: OnceCell<bool>,
    sip_words: OnceCell<bool>,
}

impl<'n> Num<'n> {
    fn new(det: &'n Detector, st: &'n Seg<'n>, start: usize, end: usize, gap: &'n [u8]) -> Num<'n> {
        let seg = st.seg;
        let code = parse_num(&seg[start..end]) as u16;
        Num {
            det,
            st,
            seg,
            start,
            end,
            code,
            gap,
            prev: start.checked_sub(1).map(|i| seg[i]),
            prev2: start.checked_sub(2).map(|i| seg[i]),
            next: seg.get(end).copied(),
            next2: seg.get(end + 1).copied(),
            registered: det.is_registered(code),
            tail: OnceCell::new(),
            after: OnceCell::new(),
            unit_after: OnceCell::new(),
            sip_words: OnceCell::new(),
        }
    }

    /// The words before the number, lower case: "got sip response".
    fn tail(&self) -> &str {
        self.tail.get_or_init(|| words(self.gap)).as_str()
    }

    /// The last word before the number.
    fn last_word(&self) -> &str {
        last_word(self.tail())
    }

    /// The word after the number, lower case.
    fn after(&self) -> &str {
        self.after
            .get_or_init(|| next_word(self.seg, self.end))
            .as_str()
    }

    /// A unit after the number ("200 users", "600 ms"), unless it starts the code's phrase.
    fn unit_after(&self) -> bool {
        *self.unit_after.get_or_init(|| {
            UNITS.contains(&self.after())
                && self.next != Some(b'/')
                && !self.det.phrase_after(self.seg, self.end, self.code)
        })
    }

    /// "SIP", "sip code", "sip response" … right before the number.
    fn sip_words(&self) -> bool {
        *self
            .sip_words
            .get_or_init(|| self.ends_with_any(SIP_PREFIXES))
    }

    fn ends_with_any(&self, list: &[&str]) -> bool {
        // The tail once, not once per word of the list (it is checked as UTF-8 each time).
        let tail = self.tail();
        list.iter().any(|s| ends_with_word(tail, s))
    }

    /// A key's value or a function's argument: `code=486`, `status: 486`, `reply("486"`.
    fn key_value(&self) -> bool {
        matches!(self.prev, Some(b'=' | b':'))
            || (matches!(self.prev, Some(b'"' | b'\'' | b'(' | b' ' | b'['))
                && tail_has_open_paren(self.gap))
            || self.quoted_value()
    }

    /// A quoted value: `le="180"`, `"code": "486"`.
    fn quoted_value(&self) -> bool {
        matches!(self.prev, Some(b'"' | b'\'')) && matches!(self.prev2, Some(b'=' | b':'))
    }

    /// Whether the three digits at `seg[from..from + 3]` stand alone and are a registered code.
    fn registered_at(&self, from: usize) -> bool {
        self.det
            .is_registered(parse_num(&self.seg[from..from + 3]) as u16)
    }
}

fn alnum(c: Option<u8>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
}

fn digit(c: Option<u8>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

fn code(evidence: Evidence, need: Need, pairs: bool) -> Option<Verdict> {
    Some(Verdict::Code {
        evidence,
        need,
        pairs,
    })
}

/// `SIP/2.0 486` anywhere in a line: the status line itself.
fn status_line(x: &Num<'_>) -> Option<Verdict> {
    let line = x.start >= 8
        && x.seg[x.start - 8..x.start].eq_ignore_ascii_case(b"sip/2.0 ")
        && !x
            .next
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'/');
    line.then(|| code(Evidence::StatusLine, Need::Always, false))?
}

/// Phone manuals print their tables of SIP codes as "0x486 The called party is busy." (Siemens,
/// Gigaset): decimal codes behind a misleading "0x". Opening a row, such a code is a row of a
/// table (counted when the table has enough of them, as any other bare code opening a row).
fn hex_row(x: &Num<'_>) -> Option<Verdict> {
    let yes = x.prev == Some(b'x')
        && x.prev2 == Some(b'0')
        && x.start == x.st.row_lead + 2
        && x.registered
        && !alnum(x.next)
        && !matches!(x.next, Some(b'.' | b':' | b'-' | b',' | b'/'));
    yes.then_some(Verdict::Bare {
        evidence: Evidence::List,
        need: Need::ExplicitOnly,
    })
}

/// A method, a bar, then the status: Kamailio's `log_prefix` with `$rm|$rs` glued to the
/// module name ("REGISTER|401tm [t_lookup.c:912]: …", kamailio/kamailio#4266) and OpenSIPS's
/// siptrace rows ("|REGISTER|401|udp:198.198.198.198:5060|…", OpenSIPS/opensips#401).
fn method_bar(x: &Num<'_>) -> Option<Verdict> {
    if x.prev != Some(b'|') || !x.registered {
        return None;
    }
    let before = &x.seg[..x.start - 1];
    let yes = METHODS.iter().any(|m| {
        before.ends_with(m)
            && !before[..before.len() - m.len()]
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric())
    });
    yes.then(|| code(Evidence::LogLine, Need::Always, false))?
}

/// Tables flattened by a web page glue a row's cells: "17 user busy486 Busy here" (oksecu.com),
/// "17User busy486" (a Sonus mapping table). A registered code glued to the end of a word,
/// followed by its own phrase or the end of the line, is a row of that table (counted when the
/// table has enough of them).
fn glued_cell(x: &Num<'_>) -> Option<Verdict> {
    let letter = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let yes = x.prev.is_some_and(|c| c.is_ascii_lowercase())
        && letter(x.prev2)
        && x.registered
        && (matches!(x.next, None | Some(b'\r'))
            || (x.next == Some(b' ') && x.det.phrase_after(x.seg, x.end, x.code)));
    yes.then_some(Verdict::Bare {
        evidence: Evidence::List,
        need: Need::ExplicitOnly,
    })
}

/// Hard vetoes: the number is part of something else — a word, a version, a time, an IP
/// address, a file or host name, a price, `#486`, `$486`, `486@`.
fn glued(x: &Num<'_>) -> Option<Verdict> {
    let (p, pp, n, nn) = (x.prev, x.prev2, x.next, x.next2);
    let not = Some(Verdict::Not);
    if alnum(p) || alnum(n) {
        return not;
    }
    match p {
        Some(b'.') if alnum(pp) => return not,
        Some(b'-') if alnum(pp) => return not,
        Some(b':') if digit(pp) => return not,
        // Markdown bold, "**603 Network Blocked**", is not a star code like "*486".
        Some(b'*') if pp == Some(b'*') => {}
        Some(b'+' | b'#' | b'$' | b'@' | b'\\' | b'%' | b'~' | b'^' | b'&' | b'*') => return not,
        Some(b',') if digit(pp) => return not,
        _ => {}
    }
    // A currency sign or other non-ASCII symbol glued to the number.
    if p.is_some_and(|c| !c.is_ascii()) && is_currency_before(x.seg, x.start) {
        return not;
    }
    match n {
        Some(b'.' | b':' | b'-' | b',') if digit(nn) => return not,
        // A file or host name: "100.pcap", "486.example.com".
        Some(b'.') if alnum(nn) => return not,
        Some(b'@' | b'%' | b'$') => return not,
        _ => {}
    }
    if n.is_some_and(|c| c >= 0x80) && is_currency_after(x.seg, x.end) {
        return not;
    }
    None
}

/// `Reason: SIP;cause=486` (RFC 3326).
fn reason_sip_cause(x: &Num<'_>) -> Option<Verdict> {
    (ends_with_word(x.tail(), "sip cause") && x.gap.contains(&b';')).then_some(Verdict::ReasonSip)
}

/// Any other number in a `Reason` header's value (a Q.850 cause is read before this).
fn reason_header_value(x: &Num<'_>) -> Option<Verdict> {
    (x.st.header_kind == HeaderKind::Reason && x.start >= x.st.veto_from).then_some(Verdict::Not)
}

/// A 3xx number after "warning" on its line is a warn-code (RFC 3261 §20.43), not a
/// redirection: "Warning codes in a 488 response: 300 = incompatible network address, 301 = …"
/// (sipsymposium.com, in prose and in a flattened trace). A status line is read before this.
fn warn_code(x: &Num<'_>) -> Option<Verdict> {
    (x.code / 100 == 3 && contains_ci(&x.seg[..x.start], b"warn")).then_some(Verdict::Not)
}

/// A class boundary compared in code: `reply.code < 200` (SEMS), `rs.status > 100`
/// (sip.js) test a range, not a code.
fn range_bound(x: &Num<'_>) -> Option<Verdict> {
    if x.code % 100 != 0 {
        return None;
    }
    let g = x.gap;
    let end = g.iter().rposition(|c| *c != b' ')?;
    let op_start = match (g[end], end.checked_sub(1).map(|i| g[i])) {
        (b'=', Some(b'<' | b'>')) => end - 1,
        (b'<' | b'>', Some(c)) if !matches!(c, b'-' | b'=' | b'<' | b'>') => end,
        _ => return None,
    };
    let before = words(&g[..op_start]);
    let lw = last_word(before.as_str());
    (lw.ends_with("code") || lw.ends_with("status") || lw == "$rs" || lw == "rs")
        .then_some(Verdict::Not)
}

/// Wireshark's packet list: "SIP 357 Status: 200 OK", "| SIP | 413 | Status:" — the number
/// is the frame length.
fn frame_length(x: &Num<'_>) -> Option<Verdict> {
    (x.sip_words() && matches!(x.after(), "request" | "status")).then_some(Verdict::Not)
}

/// `SIP 486`, `SIP/486`, `sip code 486`, `sip_term_status=486`.
fn sip_prefix(x: &Num<'_>) -> Option<Verdict> {
    let key_sep = matches!(
        x.prev,
        Some(b'=' | b':' | b'[' | b'"' | b'\'' | b' ' | b'/' | b'(' | b'\t')
    ) || x.prev.is_none();
    // `sip:486@host`, `accountID: sip:200, …`, `<sip:200>` are user parts of URIs.
    let uri = x.prev == Some(b':')
        && (x.next.is_none() || matches!(x.next, Some(b'@' | b',' | b';' | b'>' | b'"' | b'\'')));
    let prefix = x.sip_words() && !uri;
    let key = || {
        let lw = x.last_word();
        SIP_KEYS.iter().any(|k| lw.ends_with(k))
    };
    ((prefix || key()) && key_sep && !x.unit_after())
        .then(|| code(Evidence::SipPrefix, Need::Always, true))?
}

/// "HTTP/1.1 403 Forbidden", "HTTP 404", a web log's `status=404`; a URL is HTTP only for
/// the numbers near it ("http://microsip.org … answers 503" is not).
fn http(x: &Num<'_>) -> Option<Verdict> {
    let line = match x.st.http_cache.get() {
        Some(v) => v,
        None => {
            // A failed WebSocket upgrade: "Error during WebSocket handshake: Unexpected
            // response code: 403" is the HTTP status of the handshake.
            // (memmem, not a byte loop: this runs on every line that gets this far; the first
            // letter is left out so that "Handshake" matches too.)
            static HANDSHAKE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
                std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"andshake"));
            let v = http_mention(x.seg) || HANDSHAKE.find(x.seg).is_some();
            x.st.http_cache.set(Some(v));
            v
        }
    };
    (line || contains_ci(&x.seg[x.start.saturating_sub(WINDOW)..x.start], b"http"))
        .then_some(Verdict::Not)
}

/// HTTP's own reason phrase: "500 Internal Server Error", "504 Gateway Time-out".
fn http_phrase(x: &Num<'_>) -> Option<Verdict> {
    HTTP_PHRASES
        .iter()
        .any(|(c, ph)| *c == x.code && phrase_at(x.seg, x.end, ph))
        .then_some(Verdict::Quantity { pairs: false })
}

/// `Response msg 401/REGISTER/cseq=…`, `180/INVITE`.
fn slash_method(x: &Num<'_>) -> Option<Verdict> {
    let yes = x.next == Some(b'/') && METHODS.iter().any(|m| x.seg[x.end + 1..].starts_with(m));
    yes.then(|| code(Evidence::LogLine, Need::Always, false))?
}

/// Log words after which a number is a response code: `reply 408`, `$rs == 486`.
fn log_prefix(x: &Num<'_>) -> Option<Verdict> {
    (x.ends_with_any(LOG_PREFIXES) && !x.unit_after())
        .then(|| code(Evidence::LogLine, Need::Always, true))?
}

/// FreeSWITCH: "Failed Registration with status No transport [503]" — the bracket holds the
/// code whatever the phrase before it.
fn registration_status(x: &Num<'_>) -> Option<Verdict> {
    (x.prev == Some(b'[') && x.tail().contains("registration with status"))
        .then(|| code(Evidence::LogLine, Need::Always, true))?
}

/// `reply code 500`, `status=401`, `T_code=100`: strong when the message is about SIP.
fn context_prefix(x: &Num<'_>) -> Option<Verdict> {
    (x.registered && x.ends_with_any(CONTEXT_PREFIXES) && !x.unit_after() && x.next != Some(b'/'))
        .then(|| code(Evidence::LogLine, Need::Context, true))?
}

/// "can't generate 487 reply".
fn reply_after(x: &Num<'_>) -> Option<Verdict> {
    (x.registered && x.after() == "reply").then(|| code(Evidence::LogLine, Need::Context, true))?
}

/// FreeSWITCH: `entering state [terminated][486]`.
fn entering_state(x: &Num<'_>) -> Option<Verdict> {
    let tail = x.tail();
    let yes = ends_with_word(tail, "entering state")
        // Any one state word: sofia's call states ("[received][100]", "[early][183]",
        // "[terminated][486]") as FreeSWITCH prints them.
        || tail.rsplit_once(' ').is_some_and(|(before, state)| {
            ends_with_word(before, "entering state")
                && (1..=16).contains(&state.len())
                && state.bytes().all(|c| c.is_ascii_lowercase())
        });
    yes.then(|| code(Evidence::LogLine, Need::Always, false))?
}

/// FreeSWITCH's mod_sofia, as it hangs up one leg of a bridge: `Overriding SIP cause 480 with
/// 200 from the other leg` (signalwire/freeswitch#1448), `… 480 with 603 from the other leg`
/// (hjleepapa/1.main): the second number is the SIP code it passes on.
fn other_leg(x: &Num<'_>) -> Option<Verdict> {
    let yes = x.registered
        && x.seg[x.end..].starts_with(b" from the other leg")
        && ends_with_word(x.tail(), "with");
    yes.then(|| code(Evidence::LogLine, Need::Always, false))?
}

/// The code's own reason phrase: "486 Busy Here", "Forbidden [403]". A phrase before the
/// code counts, but not as a label's value: "Queued: 182" is a counter of a stats screen.
fn reason_phrase(x: &Num<'_>) -> Option<Verdict> {
    let yes = x.registered
        && (x.det.phrase_after(x.seg, x.end, x.code)
            || (x.det.phrase_before(x.tail(), x.code) && label_before(x.seg, x.start).is_none()));
    yes.then(|| code(Evidence::Phrase, Need::Always, true))?
}

/// Past this point only a registered code can count.
fn unregistered(x: &Num<'_>) -> Option<Verdict> {
    (!x.registered).then_some(Verdict::Not)
}

/// A row of a SIPp scenario screen: the code opens the row and an arrow follows
/// ("401 <----------", "200 ---------->"), whatever the counters after it.
fn sipp_row(x: &Num<'_>) -> Option<Verdict> {
    if x.start != x.st.lead {
        return None;
    }
    let rest = &x.seg[x.end..];
    let spaces = rest.iter().take_while(|c| **c == b' ').count();
    let arrow = &rest[spaces..];
    let dashes = |a: &[u8]| a.iter().take_while(|c| **c == b'-').count();
    let yes = spaces > 0
        && ((arrow.first() == Some(&b'<') && dashes(&arrow[1..]) >= 4)
            || (dashes(arrow) >= 4 && arrow.get(dashes(arrow)) == Some(&b'>')));
    yes.then(|| code(Evidence::LogLine, Need::Always, false))?
}

/// Quantities and identifiers: "200 users", "ticket 486", "call 486", a phone number's
/// groups, an area code.
fn quantity(x: &Num<'_>) -> Option<Verdict> {
    let (p, pp, n, nn) = (x.prev, x.prev2, x.next, x.next2);
    let never = x.unit_after()
        || NEVER_BEFORE.contains(&x.last_word())
        || p == Some(b'`')
        || n == Some(b'`')
        || (p == Some(b'/') && !digit(pp) && !ends_with_word(x.tail(), "sip"))
        // Groups of a phone number or an ID: "+1 555 486 1234", "(555) 486".
        || (matches!(p, Some(b' ' | b')')) && digit(pp))
        || (n == Some(b' ') && digit(nn));
    // An area code: "(486) 555-0199" — never a call's argument, whatever the parens.
    let area_code = p == Some(b'(')
        && n == Some(b')')
        && nn == Some(b' ')
        && digit(x.seg.get(x.end + 2).copied());
    // A unit after a space wins over the parenthesis: "SIP response (420 bytes)" is a size.
    let sized = x.next == Some(b' ') && x.unit_after();
    (area_code || sized || (never && !x.key_value())).then_some(Verdict::Quantity { pairs: true })
}

/// A key's value or a function's argument: a code when the key or function is about codes
/// (`sl_send_reply("503"`, `status=486`), nothing otherwise (`rport=486`, `SocketID(204)`).
fn key_value(x: &Num<'_>) -> Option<Verdict> {
    if !x.key_value() {
        return None;
    }
    let lw = x.last_word();
    if CONFIG_PREFIXES.iter().any(|s| lw.ends_with(s)) {
        return code(Evidence::ConfigLiteral, Need::Loose, false);
    }
    let other = matches!(x.prev, Some(b'=' | b':'))
        || x.quoted_value()
        || (x.prev == Some(b'(') && alnum(x.prev2));
    other.then_some(Verdict::Not)
}

/// "401/407": two registered codes joined by a slash.
fn slash_list(x: &Num<'_>) -> Option<Verdict> {
    let (seg, start, end) = (x.seg, x.start, x.end);
    let list_next = x.next == Some(b'/')
        && seg.len() >= end + 4
        && seg[end + 1..end + 4].iter().all(u8::is_ascii_digit)
        && !seg.get(end + 4).is_some_and(|c| c.is_ascii_alphanumeric())
        && x.registered_at(end + 1);
    let list_prev = x.prev == Some(b'/')
        && start >= 4
        && seg[start - 4..start - 1].iter().all(u8::is_ascii_digit)
        && !(start >= 5 && seg[start - 5].is_ascii_alphanumeric())
        && x.registered_at(start - 4);
    (list_next || list_prev).then(|| code(Evidence::List, Need::Loose, true))?
}

/// Any other slash: a path, a fraction, a date.
fn slash_other(x: &Num<'_>) -> Option<Verdict> {
    (x.next == Some(b'/') || x.prev == Some(b'/')).then_some(Verdict::Not)
}

/// A label's value: "Dialogs: 486", "Calls: 183" are counts, unless the label is about
/// errors ("Cause: 488", "error: 503").
fn label_value(x: &Num<'_>) -> Option<Verdict> {
    let label = label_before(x.seg, x.start)?;
    (!ERROR_WORDS.contains(&label.as_str()) && !matches!(label.as_str(), "result" | "reason"))
        .then_some(Verdict::Quantity { pairs: false })
}

/// A registered number with nothing else to say: weak in a sentence about errors, as the
/// first word of its phrase ("486 Busy"), or as a step of a call flow ("inbound 180",
/// "> 302 >", "100 <-----"); otherwise counted only when asked.
fn bare(x: &Num<'_>) -> Option<Verdict> {
    let (seg, start, end) = (x.seg, x.start, x.end);
    // Alone in a table cell, a number belongs to its column, not to the words of the other
    // cells: in "| SIP | 413 | Status: 200 OK |", 413 is the length.
    let in_cell = prev_nonspace(seg, start) == Some(b'|') && next_nonspace(seg, end) == Some(b'|');
    let errorish = !in_cell
        && match x.st.errorish_cache.get() {
            Some(v) => v,
            None => {
                let v = has_any_word(seg, ERROR_WORDS) || has_cjk_error_word(seg);
                x.st.errorish_cache.set(Some(v));
                v
            }
        };
    let partial = x.det.first_word_after(seg, end, x.code);
    let flow = DIRECTION_WORDS.contains(&x.last_word())
        || arrow_before(seg, start, x.st.lead)
        || arrow_after(seg, end);
    let need = if errorish || partial || flow {
        Need::Loose
    } else {
        Need::ExplicitOnly
    };
    let evidence = if partial {
        Evidence::Phrase
    } else {
        Evidence::Bare
    };
    Some(Verdict::Bare { evidence, need })
}

/// The first rule's verdict on a number, and that rule's name.
fn decide(x: &Num<'_>) -> (Verdict, &'static str) {
    for (name, rule) in RULES {
        if let Some(v) = rule(x) {
            return (v, name);
        }
    }
    // `bare` always decides.
    (Verdict::Not, "none")
}

impl Scan<'_> {
    /// One three-digit number of a segment, `seg[start..end]`, with the bytes before it
    /// back to the previous number (at most `WINDOW`): decides what it is and records it.
    pub(super) fn number(&mut self, st: &mut Seg<'_>, start: usize, end: usize, gap: &[u8]) {
        let code = parse_num(&st.seg[start..end]) as u16;
        if !(100..=699).contains(&code) {
            return;
        }
        let (verdict, _rule) = decide(&Num::new(self.det, st, start, end, gap));
        let pos = st.base + start;
        #[cfg(test)]
        self.decided.push((pos, _rule));
        let candidate = Candidate { start, end, code };
        match verdict {
            Verdict::Not => {}
            Verdict::Quantity { pairs } => {
                st.items.push(Item {
                    start,
                    end,
                    kind: ItemKind::Vetoed,
                });
                if pairs {
                    st.candidates.push(candidate);
                }
            }
            Verdict::Code {
                evidence,
                need,
                pairs,
            } => {
                self.code(pos, code, evidence, need);
                // A strong code opening a row: more than one makes a table.
                if start == st.row_lead && need == Need::Always {
                    self.rows_strong += 1;
                }
                st.items.push(Item {
                    start,
                    end,
                    kind: ItemKind::Found,
                });
                if pairs {
                    st.candidates.push(candidate);
                }
            }
            Verdict::ReasonSip => self.push(pos, Finding::ReasonSip { code }, Need::Always),
            Verdict::Bare { evidence, need } => {
                let idx = self.pending.len();
                self.code(pos, code, evidence, need);
                st.items.push(Item {
                    start,
                    end,
                    kind: ItemKind::Bare(idx),
                });
                // "0x486 …" and "user busy486" open a row too (the only rules that say List).
                let opens_row = start == st.row_lead || evidence == Evidence::List;
                if opens_row && row_entry(st.seg, end) {
                    self.rows_bare.push(idx);
                }
                st.candidates.push(candidate);
            }
        }
    }
}

impl Detector {
    /// The code's reason phrase right after it: `486 Busy Here`, `486 "Busy Here"`,
    /// `sl_send_reply("404", "Not Found")`.
    pub(super) fn phrase_after(&self, seg: &[u8], end: usize, code: u16) -> bool {
        self.phrase_end(seg, end, code).is_some()
    }

    /// Where the code's reason phrase right after it ends, if it is there.
    pub(super) fn phrase_end(&self, seg: &[u8], end: usize, code: u16) -> Option<usize> {
        let phrase = self.phrases.get(&code)?;
        phrase_match(seg, end, phrase).or_else(|| {
            PHRASE_VARIANTS
                .iter()
                .filter(|(c, _)| *c == code)
                .find_map(|(_, v)| phrase_match(seg, end, v))
        })
    }

    /// The code's reason phrase right before it: `Forbidden [403]`, `Busy Here (486)`.
    pub(super) fn phrase_before(&self, tail: &str, code: u16) -> bool {
        let Some(phrase) = self.phrases.get(&code) else {
            return false;
        };
        // The letters and digits of the tail, read backwards, must end with the phrase, and
        // the phrase must start at a word boundary of the tail (no allocation: this runs for
        // every registered number that gets this far).
        let t = tail.as_bytes();
        let mut i = t.len();
        let mut k = phrase.len();
        while k > 0 {
            while i > 0 && !t[i - 1].is_ascii_alphanumeric() {
                i -= 1;
            }
            if i == 0 || t[i - 1] != phrase[k - 1] {
                return false;
            }
            i -= 1;
            k -= 1;
        }
        // What is left of the word the phrase starts in has no letter or digit.
        !t[..i]
            .iter()
            .rev()
            .take_while(|c| **c != b' ')
            .any(u8::is_ascii_alphanumeric)
    }

    /// "486 Busy": the word after the number is the first word of the code's phrase.
    pub(super) fn first_word_after(&self, seg: &[u8], end: usize, code: u16) -> bool {
        let Some(first) = self.first_words.get(&code) else {
            return false;
        };
        seg.get(end) == Some(&b' ') && next_word(seg, end).as_bytes() == first.as_slice()
    }
}

/// Where `phrase` (lower-case letters and digits) ends when it follows `seg[..end]` after a few
/// separators, read past the spaces, dashes and slashes inside it.
fn phrase_match(seg: &[u8], end: usize, phrase: &[u8]) -> Option<usize> {
    let mut i = end;
    let mut skipped = 0;
    while i < seg.len()
        && matches!(
            seg[i],
            b' ' | b'"' | b'\'' | b',' | b'(' | b'[' | b':' | b'-' | b'\t' | b'<'
        )
    {
        i += 1;
        skipped += 1;
        if skipped > 6 {
            return None;
        }
    }
    let mut k = 0;
    while k < phrase.len() {
        if i >= seg.len() {
            return None;
        }
        let c = seg[i];
        if c.is_ascii_alphanumeric() {
            if c.to_ascii_lowercase() != phrase[k] {
                return None;
            }
            k += 1;
        } else if !matches!(c, b' ' | b'-' | b'/' | b'\'') {
            return None;
        }
        i += 1;
    }
    (!seg.get(i).is_some_and(|c| c.is_ascii_alphanumeric())).then_some(i)
}

/// Whether a segment holds one of `CJK_ERROR_WORDS` (only looked for when it has bytes of
/// three-byte UTF-8 characters).
fn has_cjk_error_word(seg: &[u8]) -> bool {
    seg.iter().any(|c| *c >= 0xE0)
        && CJK_ERROR_WORDS
            .iter()
            .any(|w| memchr::memmem::find(seg, w.as_bytes()).is_some())
}

#[cfg(test)]
mod tests {
    use super::super::scan::Scan;
    use super::super::Mode;
    use super::RULES;

    fn detector() -> &'static super::Detector {
        static DET: std::sync::OnceLock<super::Detector> = std::sync::OnceLock::new();
        DET.get_or_init(|| {
            let cat = crate::catalogue::Catalogue::embedded().expect("catalogue");
            super::Detector::new(&cat)
        })
    }

    /// The rule that decided the first three-digit number in `text`.
    fn decided_by(text: &str) -> &'static str {
        let mut scan = Scan::new(detector(), text.as_bytes(), Mode::Explicit);
        scan.full_walk = true;
        scan.segment(text.as_bytes(), 0);
        scan.decided.first().map_or("nothing", |d| d.1)
    }

    /// One real-looking case per rule, in the order of `RULES`: each shows the rule winning
    /// over the ones after it.
    #[test]
    fn each_rule_decides_its_cases() {
        let cases: &[(&str, &str)] = &[
            ("SIP/2.0 486 Busy Here", "status line"),
            ("0x486 The called party is busy.", "0x code opening a row"),
            (
                "REGISTER|401tm [t_lookup.c:912]: t_reply_matching()",
                "METHOD|code",
            ),
            ("17 user busy486 Busy here", "glued to a cell"),
            ("upgraded to v2.486", "glued to something else"),
            (
                "Reason: SIP;cause=200;text=\"Call completed elsewhere\"",
                "Reason: SIP;cause=",
            ),
            ("Reason: Q.850;cause=16, foo=486", "in a Reason header"),
            (
                "Warning codes: 300 = incompatible network address",
                "warn-code",
            ),
            ("if(reply.code < 200 && x)", "range bound"),
            ("SIP 357 Status: 200 OK", "frame length of a packet list"),
            ("the carrier said SIP 503", "SIP prefix or key"),
            ("HTTP/1.1 403 Forbidden", "HTTP"),
            ("500 Internal Server Error", "HTTP reason phrase"),
            ("Response msg 401/REGISTER/cseq=1", "code/METHOD"),
            ("ERROR: tm: reply 408 for branch 0", "log prefix"),
            (
                "Failed Registration with status No transport [503]",
                "registration status",
            ),
            ("completed with code 408", "log word with context"),
            ("sent a 487 reply upstream", "\"487 reply\""),
            ("entering state [terminated][486]", "entering state"),
            (
                "overriding the cause with 200 from the other leg",
                "cause from the other leg",
            ),
            ("got 486 busy here", "reason phrase"),
            ("we saw 477 twice", "unregistered"),
            ("         401 <----------  E-RTD1 0", "SIPp screen row"),
            ("we have 200 users", "quantity or identifier"),
            ("sl_send_reply(\"503\", \"Overloaded\")", "key or argument"),
            ("challenges with 401/407", "401/407"),
            ("the 486/Busy case", "other slash"),
            ("Dialogs: 486", "label value"),
            ("calls fail with 480", "bare"),
        ];
        let names: Vec<&str> = RULES.iter().map(|r| r.0).collect();
        let tested: Vec<&str> = cases.iter().map(|c| c.1).collect();
        assert_eq!(tested, names, "one case per rule, in order");
        for (text, rule) in cases {
            assert_eq!(decided_by(text), *rule, "{text}");
        }
    }
}
