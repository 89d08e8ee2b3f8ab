//! The catalogue's vocabulary: classes, statuses, retry semantics and the records read from
//! `data/`. Facts are language-neutral; texts belong to a language.

use serde::Deserialize;

/// The six classes of SIP responses (RFC 3261 §7.2), from the first digit of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Provisional,
    Success,
    Redirection,
    ClientFailure,
    ServerFailure,
    GlobalFailure,
}

impl Class {
    pub const ALL: [Class; 6] = [
        Class::Provisional,
        Class::Success,
        Class::Redirection,
        Class::ClientFailure,
        Class::ServerFailure,
        Class::GlobalFailure,
    ];

    /// The class of a well-formed code (100–699); `None` outside that range.
    pub fn of(code: u16) -> Option<Class> {
        match code {
            100..=199 => Some(Class::Provisional),
            200..=299 => Some(Class::Success),
            300..=399 => Some(Class::Redirection),
            400..=499 => Some(Class::ClientFailure),
            500..=599 => Some(Class::ServerFailure),
            600..=699 => Some(Class::GlobalFailure),
            _ => None,
        }
    }

    /// The first digit: 1 for 1xx and so on.
    pub fn digit(self) -> u16 {
        match self {
            Class::Provisional => 1,
            Class::Success => 2,
            Class::Redirection => 3,
            Class::ClientFailure => 4,
            Class::ServerFailure => 5,
            Class::GlobalFailure => 6,
        }
    }

    /// "4xx" and so on: also the key of the class in the interface strings.
    pub fn label(self) -> &'static str {
        ["1xx", "2xx", "3xx", "4xx", "5xx", "6xx"][(self.digit() - 1) as usize]
    }

    /// Parses "4xx", "4XX", "4" or "client failure"-style input.
    pub fn parse(s: &str) -> Option<Class> {
        let t = s.trim().to_ascii_lowercase();
        let digit = t
            .strip_suffix("xx")
            .unwrap_or(&t)
            .parse::<u16>()
            .ok()
            .filter(|d| (1..=6).contains(d));
        if let Some(d) = digit {
            return Class::of(d * 100);
        }
        match t.as_str() {
            "provisional" | "informational" => Some(Class::Provisional),
            "success" | "successful" => Some(Class::Success),
            "redirection" | "redirect" => Some(Class::Redirection),
            "client failure" | "client error" | "request failure" => Some(Class::ClientFailure),
            "server failure" | "server error" => Some(Class::ServerFailure),
            "global failure" | "global failures" => Some(Class::GlobalFailure),
            _ => None,
        }
    }

    /// The x00 code of the class: how RFC 3261 §8.1.3.2 says to treat an unknown code.
    pub fn base_code(self) -> u16 {
        self.digit() * 100
    }

    /// Whether responses of this class end the transaction (everything but 1xx).
    pub fn is_final(self) -> bool {
        self != Class::Provisional
    }
}

/// Whether a code is in current use (IANA), deprecated (IANA says so) or obsolete (dropped
/// from the RFCs and never registered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Current,
    Deprecated,
    Obsolete,
}

/// The single best description of what a client may do after the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Retry {
    NotApplicable,
    Redirect,
    Credentials,
    Modify,
    Later,
    Elsewhere,
    NoRetry,
    Stop,
}

impl Retry {
    /// Key of the interface string that names it.
    pub fn key(self) -> &'static str {
        match self {
            Retry::NotApplicable => "retry-not-applicable",
            Retry::Redirect => "retry-redirect",
            Retry::Credentials => "retry-credentials",
            Retry::Modify => "retry-modify",
            Retry::Later => "retry-later",
            Retry::Elsewhere => "retry-elsewhere",
            Retry::NoRetry => "retry-no-retry",
            Retry::Stop => "retry-stop",
        }
    }
}

/// The network element that usually sends a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sender {
    Uas,
    Proxy,
    Registrar,
    RedirectServer,
    Gateway,
    B2bua,
    Sbc,
    Carrier,
    Notifier,
    Any,
}

impl Sender {
    pub fn key(self) -> &'static str {
        match self {
            Sender::Uas => "sender-uas",
            Sender::Proxy => "sender-proxy",
            Sender::Registrar => "sender-registrar",
            Sender::RedirectServer => "sender-redirect-server",
            Sender::Gateway => "sender-gateway",
            Sender::B2bua => "sender-b2bua",
            Sender::Sbc => "sender-sbc",
            Sender::Carrier => "sender-carrier",
            Sender::Notifier => "sender-notifier",
            Sender::Any => "sender-any",
        }
    }
}

/// Language-neutral facts about one response code (`data/codes.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeFacts {
    pub code: u16,
    /// The registered reason phrase, exactly as IANA lists it: a protocol token, never translated.
    pub phrase: String,
    /// Defining RFCs, the one that holds `section` first.
    pub rfc: Vec<String>,
    pub section: String,
    pub status: Status,
    pub senders: Vec<Sender>,
    pub retry: Retry,
    pub related: Vec<u16>,
}

impl CodeFacts {
    pub fn class(&self) -> Class {
        // Codes are checked to be 100–699 when the catalogue loads.
        Class::of(self.code).unwrap_or(Class::ClientFailure)
    }

    /// "486 Busy Here".
    pub fn title(&self) -> String {
        format!("{} {}", self.code, self.phrase)
    }

    /// The RFC that defines the code, with its section: "RFC 3261 §21.4.24".
    pub fn citation(&self) -> String {
        match self.rfc.first() {
            Some(rfc) => format!("{rfc} §{}", self.section),
            None => String::new(),
        }
    }

    /// A link to the defining section on the RFC editor's site.
    pub fn rfc_url(&self) -> Option<String> {
        let rfc = self.rfc.first()?;
        rfc_section_url(rfc, &self.section)
    }
}

/// `https://www.rfc-editor.org/rfc/rfcNNNN#section-X.Y` for "RFC NNNN" and "X.Y".
pub fn rfc_section_url(rfc: &str, section: &str) -> Option<String> {
    let number = rfc.trim().strip_prefix("RFC")?.trim();
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if section.is_empty() {
        Some(format!("https://www.rfc-editor.org/rfc/rfc{number}"))
    } else {
        Some(format!(
            "https://www.rfc-editor.org/rfc/rfc{number}#section-{section}"
        ))
    }
}

/// Text about one code, in one language (`data/<lang>/codes.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeText {
    pub summary: String,
    pub description: String,
    pub when: Vec<String>,
    pub fix: Vec<String>,
    pub retry_text: String,
    /// A short gloss of the reason phrase, for languages other than English.
    #[serde(default)]
    pub phrase_gloss: Option<String>,
}

/// A Q.850 cause value (`data/q850.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CauseFacts {
    pub cause: u8,
    /// The ITU-T Q.850 name.
    pub name: String,
    /// The Q.850 class, e.g. "normal event".
    pub class: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CauseText {
    pub explanation: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// One row of the RFC 3398 mapping (`data/rfc3398.toml`).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingRow {
    pub cause: u8,
    pub code: u16,
    /// The mark RFC 3398 §8.2.6.1 puts after the row, if any.
    #[serde(default)]
    pub footnote: Option<Footnote>,
}

/// The footnotes of the RFC 3398 §8.2.6.1 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Footnote {
    /// (*): a gateway that can provide credentials SHOULD do so and go on with the call;
    /// only one that cannot sends cause 21.
    #[serde(rename = "*")]
    Credentials,
    /// (+): a gateway SHOULD remedy the protocol error and re-originate the session if at
    /// all possible; only if that proves impossible should it fail the ISUP half.
    #[serde(rename = "+")]
    Remedy,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodFacts {
    pub name: String,
    pub rfc: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineText {
    pub line: String,
}

/// A `Warning` header warn-code (RFC 3261 §20.43).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningFacts {
    pub code: u16,
    /// The warn-text the RFC gives for it.
    pub text: String,
    pub rfc: String,
}

/// A curated comparison of two codes, in one language (`data/<lang>/comparisons.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonText {
    pub key: String,
    pub when: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageInfo {
    /// The folder under `data/` and the `--lang` value: "en", "vi".
    pub code: String,
    /// The language's name in English.
    pub name: String,
    /// The language's name in itself.
    pub native_name: String,
    /// Discord locales served in this language (an interaction's `locale`).
    pub discord_locales: Vec<String>,
}
