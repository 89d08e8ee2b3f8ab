//! SIP header fields and the HTTP side of SIP response codes: the facts of `data/headers.toml`
//! and `data/http.toml`, their texts in every language (`data/<lang>/headers.toml`,
//! `data/<lang>/http.toml`), lookup by full or compact name, and autocomplete. Pure.

use std::collections::HashMap;

use serde::Deserialize;

use super::{parse, parse_opt, rfc_section_url, Catalogue, CatalogueError, Lang};

/// Where a header field may appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Appears {
    Requests,
    Responses,
    Both,
}

impl Appears {
    /// Key of the interface string that says it.
    pub fn key(self) -> &'static str {
        match self {
            Appears::Requests => "header-in-requests",
            Appears::Responses => "header-in-responses",
            Appears::Both => "header-in-both",
        }
    }
}

/// Language-neutral facts about one header field (`data/headers.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderFacts {
    /// The registered name, in its usual spelling ("Call-ID", "WWW-Authenticate").
    pub name: String,
    /// The single-letter compact form (RFC 3261 §7.3.3), if the header has one.
    #[serde(default)]
    pub compact: Option<String>,
    pub rfc: String,
    pub section: String,
    pub appears: Appears,
    /// One realistic line of the header, with documentation addresses.
    pub example: String,
    pub related: Vec<String>,
}

impl HeaderFacts {
    /// "RFC 3261 §20.42".
    pub fn citation(&self) -> String {
        format!("{} §{}", self.rfc, self.section)
    }

    pub fn rfc_url(&self) -> Option<String> {
        rfc_section_url(&self.rfc, &self.section)
    }
}

/// Text about one header field, in one language (`data/<lang>/headers.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderText {
    /// What the header says, in one line.
    pub summary: String,
    /// Who adds it, and who may change or remove it on the way.
    pub who: String,
    /// What goes wrong with it in practice.
    pub pitfalls: Vec<String>,
}

/// How a SIP response code relates to the HTTP status with the same number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HttpKinship {
    /// RFC 3261 (or RFC 2543) took the code from HTTP/1.1 with the same idea.
    Borrowed,
    /// HTTP uses the same number for something else.
    Clash,
    /// There is no HTTP status with this number, or none worth comparing.
    None,
}

/// The HTTP side of one SIP response code (`data/http.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpFacts {
    /// The SIP response code.
    pub sip: u16,
    pub kinship: HttpKinship,
    /// The HTTP status with the same number, its registered phrase and where HTTP defines it.
    #[serde(default)]
    pub http_phrase: Option<String>,
    #[serde(default)]
    pub http_rfc: Option<String>,
    #[serde(default)]
    pub http_section: Option<String>,
}

impl HttpFacts {
    /// "RFC 9110 §15.5.9", when there is an HTTP status.
    pub fn http_citation(&self) -> Option<String> {
        Some(format!(
            "{} §{}",
            self.http_rfc.as_deref()?,
            self.http_section.as_deref()?
        ))
    }
}

#[derive(Deserialize)]
struct HeadersFile {
    header: Vec<HeaderFacts>,
}

#[derive(Deserialize)]
struct HttpFile {
    code: Vec<HttpFacts>,
}

#[derive(Deserialize)]
struct LineText {
    line: String,
}

/// Headers and HTTP kinship, facts and texts; empty when the files are absent.
#[derive(Default)]
pub(super) struct Extra {
    headers: Vec<HeaderFacts>,
    /// Lower-case full and compact names → index into `headers`.
    by_name: HashMap<String, usize>,
    /// Per language, in the catalogue's language order: header name → text.
    header_texts: Vec<HashMap<String, HeaderText>>,
    http: HashMap<u16, HttpFacts>,
    http_texts: Vec<HashMap<u16, String>>,
}

impl Extra {
    /// Reads `headers.toml`, `http.toml` and their texts for each language code, in order.
    pub(super) fn from_files<'a>(
        files: &HashMap<&str, &str>,
        languages: impl Iterator<Item = &'a str>,
    ) -> Result<Extra, CatalogueError> {
        let mut extra = Extra::default();
        if files.contains_key("headers.toml") {
            let file: HeadersFile = parse(files, "headers.toml")?;
            extra.headers = file.header;
        }
        for (i, h) in extra.headers.iter().enumerate() {
            let mut keys = vec![h.name.to_ascii_lowercase()];
            if let Some(c) = &h.compact {
                keys.push(c.to_ascii_lowercase());
            }
            for k in keys {
                if extra.by_name.insert(k.clone(), i).is_some() {
                    return Err(CatalogueError::Invalid(format!(
                        "header name or compact form {k:?} appears twice"
                    )));
                }
            }
        }
        if files.contains_key("http.toml") {
            let file: HttpFile = parse(files, "http.toml")?;
            for f in file.code {
                let sip = f.sip;
                if extra.http.insert(sip, f).is_some() {
                    return Err(CatalogueError::Invalid(format!(
                        "http.toml lists {sip} twice"
                    )));
                }
            }
        }
        for lang in languages {
            let texts: HashMap<String, HeaderText> =
                parse_opt(files, &format!("{lang}/headers.toml"))?;
            extra.header_texts.push(texts);
            let path = format!("{lang}/http.toml");
            let lines: HashMap<String, LineText> = parse_opt(files, &path)?;
            let mut by_code = HashMap::new();
            for (k, v) in lines {
                let code = k.parse::<u16>().map_err(|_| CatalogueError::Parse {
                    file: path.clone(),
                    message: format!("key {k:?} is not a number"),
                })?;
                by_code.insert(code, v.line);
            }
            extra.http_texts.push(by_code);
        }
        Ok(extra)
    }
}

/// What people ask about most when a header field is empty: routing and NAT first.
const POPULAR_HEADERS: &[&str] = &[
    "Via",
    "Contact",
    "Record-Route",
    "Route",
    "From",
    "To",
    "Call-ID",
    "CSeq",
    "Max-Forwards",
    "Reason",
    "Session-Expires",
    "P-Asserted-Identity",
    "Privacy",
    "Diversion",
    "History-Info",
    "Require",
    "Supported",
    "Allow",
    "Expires",
    "WWW-Authenticate",
    "Proxy-Authenticate",
    "Identity",
    "Refer-To",
    "Replaces",
    "Retry-After",
];

impl Catalogue {
    /// Every header field, in the order of `data/headers.toml`.
    pub fn headers(&self) -> &[HeaderFacts] {
        &self.extra.headers
    }

    /// A header by its full or compact name, ignoring case, surrounding spaces, backticks and
    /// a trailing colon: "via", "Record-Route:", "`i:`".
    pub fn header(&self, name: &str) -> Option<&HeaderFacts> {
        let key = name
            .trim()
            .trim_matches('`')
            .trim_end_matches(':')
            .trim()
            .to_ascii_lowercase();
        self.extra
            .by_name
            .get(&key)
            .and_then(|&i| self.extra.headers.get(i))
    }

    /// A header's text in `lang`, falling back to the base language.
    pub fn header_text(&self, name: &str, lang: Lang) -> Option<&HeaderText> {
        self.extra
            .header_texts
            .get(lang.0)
            .and_then(|t| t.get(name))
            .or_else(|| self.extra.header_texts.first().and_then(|t| t.get(name)))
    }

    /// Whether `lang` has its own text for the header (no fallback).
    pub fn has_header_text(&self, name: &str, lang: Lang) -> bool {
        self.extra
            .header_texts
            .get(lang.0)
            .is_some_and(|t| t.contains_key(name))
    }

    /// Autocomplete for a header option: the header whose compact form was typed, then the
    /// headers whose name starts with it (ignoring case), then those with a later word that
    /// does ("route" → Record-Route); the most asked-about headers when nothing is typed.
    /// At most `limit`.
    pub fn complete_header(&self, partial: &str, limit: usize) -> Vec<&HeaderFacts> {
        let q = partial
            .trim()
            .trim_matches('`')
            .trim_end_matches(':')
            .trim()
            .to_ascii_lowercase();
        if q.is_empty() {
            return POPULAR_HEADERS
                .iter()
                .filter_map(|n| self.header(n))
                .take(limit)
                .collect();
        }
        let mut out: Vec<&HeaderFacts> = Vec::new();
        let by_compact = self.extra.headers.iter().filter(|h| {
            h.compact
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(&q))
        });
        let by_prefix = self
            .extra
            .headers
            .iter()
            .filter(|h| h.name.to_ascii_lowercase().starts_with(&q));
        let by_word = self.extra.headers.iter().filter(|h| {
            h.name
                .to_ascii_lowercase()
                .split('-')
                .skip(1)
                .any(|w| w.starts_with(&q))
        });
        let mut prefix: Vec<&HeaderFacts> = by_prefix.collect();
        // The exact name first, then shorter names: "route" → Route before Record-Route.
        prefix.sort_by_key(|h| (h.name.len(), h.name.to_ascii_lowercase()));
        for h in by_compact.chain(prefix).chain(by_word) {
            if !out.iter().any(|o| std::ptr::eq(*o, h)) {
                out.push(h);
            }
            if out.len() == limit {
                break;
            }
        }
        out
    }

    /// The HTTP side of a SIP response code, when `data/http.toml` says something about it.
    pub fn http(&self, code: u16) -> Option<&HttpFacts> {
        self.extra.http.get(&code)
    }

    /// Every entry of `data/http.toml`.
    pub fn http_entries(&self) -> impl Iterator<Item = &HttpFacts> {
        self.extra.http.values()
    }

    /// The line that compares a SIP code with HTTP, in `lang` (falling back to the base).
    pub fn http_line(&self, code: u16, lang: Lang) -> Option<&str> {
        self.extra
            .http_texts
            .get(lang.0)
            .and_then(|t| t.get(&code))
            .or_else(|| self.extra.http_texts.first().and_then(|t| t.get(&code)))
            .map(String::as_str)
    }

    /// Whether `lang` has its own HTTP line for the code (no fallback).
    pub fn has_http_line(&self, code: u16, lang: Lang) -> bool {
        self.extra
            .http_texts
            .get(lang.0)
            .is_some_and(|t| t.contains_key(&code))
    }
}
