//! The catalogue of SIP knowledge: every registered response code, the Q.850 causes, the
//! RFC 3398 mapping, methods, warn-codes and curated comparisons, with their texts in every
//! language. It is loaded once from the files under `data/` (compiled into the binary) and is
//! read-only afterwards. Pure: no I/O, no Discord.
//!
//! Facts (phrases, RFCs, sections, mappings) are language-neutral and live in `data/*.toml`;
//! texts live in `data/<lang>/`. A text missing in a language falls back to English, one item
//! at a time, so that a half-finished translation never hides information.

mod code;
mod embedded;
mod hangup;
mod headers;
mod i18n;
pub mod model;
mod search;

use std::collections::{BTreeMap, HashMap};

pub use code::{Cause, OutOfRange, SipCode};
pub use hangup::{HangupName, HangupSource};
pub use headers::{Appears, HeaderFacts, HeaderText, HttpFacts, HttpKinship};
pub use i18n::Args;
pub use model::*;
pub use search::SearchHit;

use i18n::UiBundle;

/// An index into the catalogue's languages. `Lang::BASE` is English, the fallback of all others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(usize);

impl Lang {
    pub const BASE: Lang = Lang(0);
}

/// Why the data files could not be turned into a catalogue. Only a broken edit to `data/` can
/// cause this; the tests load the very same bytes.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("data/{file}: {message}")]
    Parse { file: String, message: String },
    #[error("data/{file} is missing")]
    Missing { file: String },
    #[error("catalogue data is inconsistent: {0}")]
    Invalid(String),
}

/// What a number is, as a SIP response code.
#[derive(Debug, Clone, Copy)]
pub enum CodeLookup<'a> {
    /// Registered with IANA (or historical: 409, 411).
    Registered(&'a CodeFacts),
    /// Well formed (100–699) but not registered: treated like its class's x00.
    Unregistered { code: u16, class: Class },
}

/// A comparison of two codes: curated text when we wrote one, otherwise generated from facts.
#[derive(Debug, Clone, Copy)]
pub struct Comparison<'a> {
    pub a: CodeLookup<'a>,
    pub b: CodeLookup<'a>,
    /// Curated text, written for the pair (a, b) in ascending order.
    pub curated: Option<&'a ComparisonText>,
}

/// All the text of one language.
struct Language {
    info: LanguageInfo,
    codes: HashMap<u16, CodeText>,
    causes: HashMap<u8, CauseText>,
    methods: HashMap<String, LineText>,
    warnings: HashMap<u16, LineText>,
    comparisons: BTreeMap<(u16, u16), ComparisonText>,
    /// Texts of the hangup cause names without a Q.850 cause, by name as written in data.
    hangup: HashMap<String, LineText>,
    ui: UiBundle,
    /// Built on first use: `scan` and the detector never search, and start faster without it.
    search: std::sync::OnceLock<search::Index>,
}

pub struct Catalogue {
    codes: BTreeMap<u16, CodeFacts>,
    causes: BTreeMap<u8, CauseFacts>,
    q850_to_sip: Vec<MappingRow>,
    sip_to_q850: Vec<MappingRow>,
    methods: Vec<MethodFacts>,
    warnings: BTreeMap<u16, WarningFacts>,
    languages: Vec<Language>,
    /// Header fields and the HTTP side of codes (`catalogue::headers`).
    extra: headers::Extra,
    /// PBX hangup cause names (`catalogue::hangup`).
    hangup: hangup::Hangup,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field("codes", &self.codes.len())
            .field("causes", &self.causes.len())
            .field("languages", &self.languages.len())
            .finish()
    }
}

#[derive(serde::Deserialize)]
struct CodesFile {
    code: Vec<CodeFacts>,
}
#[derive(serde::Deserialize)]
struct CausesFile {
    cause: Vec<CauseFacts>,
}
#[derive(serde::Deserialize)]
struct MappingFile {
    q850_to_sip: Vec<MappingRow>,
    sip_to_q850: Vec<MappingRow>,
}
#[derive(serde::Deserialize)]
struct MethodsFile {
    method: Vec<MethodFacts>,
}
#[derive(serde::Deserialize)]
struct WarningsFile {
    warning: Vec<WarningFacts>,
}
#[derive(serde::Deserialize)]
struct LanguagesFile {
    language: Vec<LanguageInfo>,
}

fn parse<T: serde::de::DeserializeOwned>(
    files: &HashMap<&str, &str>,
    name: &str,
) -> Result<T, CatalogueError> {
    let text = files.get(name).ok_or_else(|| CatalogueError::Missing {
        file: name.to_string(),
    })?;
    toml::from_str(text).map_err(|e| CatalogueError::Parse {
        file: name.to_string(),
        message: e.to_string(),
    })
}

fn parse_opt<T: serde::de::DeserializeOwned + Default>(
    files: &HashMap<&str, &str>,
    name: &str,
) -> Result<T, CatalogueError> {
    if files.contains_key(name) {
        parse(files, name)
    } else {
        Ok(T::default())
    }
}

/// Text tables keyed by a number in TOML ("[486]") come back with string keys.
fn numeric_keys<K: std::str::FromStr + std::hash::Hash + Eq, V>(
    file: &str,
    table: HashMap<String, V>,
) -> Result<HashMap<K, V>, CatalogueError> {
    table
        .into_iter()
        .map(|(k, v)| {
            k.parse::<K>()
                .map(|k| (k, v))
                .map_err(|_| CatalogueError::Parse {
                    file: file.to_string(),
                    message: format!("key {k:?} is not a number"),
                })
        })
        .collect()
}

/// The code table (`codes.toml`), checked: every code in 100–699, none twice.
fn codes_of(files: &HashMap<&str, &str>) -> Result<BTreeMap<u16, CodeFacts>, CatalogueError> {
    let codes_file: CodesFile = parse(files, "codes.toml")?;
    let mut codes = BTreeMap::new();
    for c in codes_file.code {
        if Class::of(c.code).is_none() {
            return Err(CatalogueError::Invalid(format!(
                "code {} is outside 100–699",
                c.code
            )));
        }
        let code = c.code;
        if codes.insert(code, c).is_some() {
            return Err(CatalogueError::Invalid(format!(
                "code {code} appears twice"
            )));
        }
    }
    Ok(codes)
}

impl Catalogue {
    /// The facts of the registered codes compiled into this binary, without the rest of the
    /// catalogue: all the detector needs, for `sipbot scan` (the texts of every language are
    /// nine tenths of the start-up time, and a scan shows none).
    pub fn embedded_codes() -> Result<Vec<CodeFacts>, CatalogueError> {
        let files: HashMap<&str, &str> = embedded::FILES.iter().copied().collect();
        Ok(codes_of(&files)?.into_values().collect())
    }

    /// The catalogue compiled into this binary.
    pub fn embedded() -> Result<Catalogue, CatalogueError> {
        Catalogue::from_files(embedded::FILES)
    }

    /// The data files compiled into this binary, as `(path relative to data/, contents)`:
    /// what [`Catalogue::embedded`] reads, for tests that check the files themselves.
    pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
        embedded::FILES
    }

    /// Builds a catalogue from `(path relative to data/, contents)` pairs.
    pub fn from_files(list: &[(&str, &str)]) -> Result<Catalogue, CatalogueError> {
        let files: HashMap<&str, &str> = list.iter().copied().collect();
        let codes = codes_of(&files)?;
        let causes_file: CausesFile = parse(&files, "q850.toml")?;
        let mapping: MappingFile = parse(&files, "rfc3398.toml")?;
        let methods_file: MethodsFile = parse(&files, "methods.toml")?;
        let warnings_file: WarningsFile = parse(&files, "warnings.toml")?;
        let languages_file: LanguagesFile = parse(&files, "languages.toml")?;
        let hangup = hangup::Hangup::from_file(parse_opt(&files, "hangup_causes.toml")?)?;

        let mut causes = BTreeMap::new();
        for c in causes_file.cause {
            let n = c.cause;
            if causes.insert(n, c).is_some() {
                return Err(CatalogueError::Invalid(format!("cause {n} appears twice")));
            }
        }
        let mut warnings = BTreeMap::new();
        for w in warnings_file.warning {
            warnings.insert(w.code, w);
        }

        let mut languages = Vec::new();
        for info in languages_file.language {
            let dir = info.code.clone();
            let path = |f: &str| format!("{dir}/{f}");
            let codes_path = path("codes.toml");
            let texts: HashMap<String, CodeText> = parse_opt(&files, &codes_path)?;
            let causes_path = path("q850.toml");
            let cause_texts: HashMap<String, CauseText> = parse_opt(&files, &causes_path)?;
            let warnings_path = path("warnings.toml");
            let warning_texts: HashMap<String, LineText> = parse_opt(&files, &warnings_path)?;
            let comparisons_path = path("comparisons.toml");
            let comparison_texts: HashMap<String, ComparisonText> =
                parse_opt(&files, &comparisons_path)?;
            let mut comparisons = BTreeMap::new();
            for (key, text) in comparison_texts {
                let pair = key
                    .split_once('-')
                    .and_then(|(a, b)| Some((a.parse::<u16>().ok()?, b.parse::<u16>().ok()?)))
                    .filter(|(a, b)| a < b)
                    .ok_or_else(|| CatalogueError::Parse {
                        file: comparisons_path.clone(),
                        message: format!("key {key:?} is not \"A-B\" with A < B"),
                    })?;
                comparisons.insert(pair, text);
            }
            let ui_path = path("ui.ftl");
            let ui = match files.get(ui_path.as_str()) {
                Some(src) => {
                    UiBundle::new(&info.code, src).map_err(|message| CatalogueError::Parse {
                        file: ui_path.clone(),
                        message,
                    })?
                }
                None => UiBundle::empty(&info.code),
            };
            let codes_text = numeric_keys(&codes_path, texts)?;
            languages.push(Language {
                codes: codes_text,
                causes: numeric_keys(&causes_path, cause_texts)?,
                methods: parse_opt(&files, &path("methods.toml"))?,
                warnings: numeric_keys(&warnings_path, warning_texts)?,
                hangup: parse_opt(&files, &path("hangup_causes.toml"))?,
                comparisons,
                ui,
                search: std::sync::OnceLock::new(),
                info,
            });
        }
        if languages.is_empty() {
            return Err(CatalogueError::Invalid(
                "languages.toml lists no language".into(),
            ));
        }
        let extra =
            headers::Extra::from_files(&files, languages.iter().map(|l| l.info.code.as_str()))?;
        Ok(Catalogue {
            codes,
            causes,
            q850_to_sip: mapping.q850_to_sip,
            sip_to_q850: mapping.sip_to_q850,
            methods: methods_file.method,
            warnings,
            languages,
            extra,
            hangup,
        })
    }

    // ---- languages -------------------------------------------------------------------------

    pub fn languages(&self) -> impl Iterator<Item = (Lang, &LanguageInfo)> {
        self.languages
            .iter()
            .enumerate()
            .map(|(i, l)| (Lang(i), &l.info))
    }

    /// The language with this code ("en", "vi"), or one whose Discord locale or POSIX `LANG`
    /// prefix matches ("vi_VN.UTF-8", "en-US").
    pub fn lang(&self, code: &str) -> Option<Lang> {
        let wanted = code.trim();
        if wanted.is_empty() {
            return None;
        }
        let primary = wanted
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or(wanted)
            .to_ascii_lowercase();
        self.languages
            .iter()
            .position(|l| {
                l.info.code.eq_ignore_ascii_case(wanted)
                    || l.info
                        .discord_locales
                        .iter()
                        .any(|loc| loc.eq_ignore_ascii_case(wanted))
                    || l.info.code == primary
            })
            .map(Lang)
    }

    pub fn lang_info(&self, lang: Lang) -> &LanguageInfo {
        &self.language(lang).info
    }

    fn language(&self, lang: Lang) -> &Language {
        self.languages.get(lang.0).unwrap_or(&self.languages[0])
    }

    /// Looks an item up in `lang`, falling back to the base language.
    fn text<'a, T>(
        &'a self,
        lang: Lang,
        get: impl Fn(&'a Language) -> Option<&'a T>,
    ) -> Option<&'a T> {
        get(self.language(lang)).or_else(|| get(&self.languages[0]))
    }

    // ---- interface strings -----------------------------------------------------------------

    /// An interface string. Falls back to English, then to the key itself, so a missing
    /// string shows up as its key instead of a crash.
    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.t_args(lang, key, &Args::new())
    }

    pub fn t_args(&self, lang: Lang, key: &str, args: &Args) -> String {
        self.language(lang)
            .ui
            .format(key, args)
            .or_else(|| self.languages[0].ui.format(key, args))
            .unwrap_or_else(|| key.to_string())
    }

    /// Whether a language defines an interface string itself (no fallback).
    pub fn has_ui_key(&self, lang: Lang, key: &str) -> bool {
        self.language(lang).ui.has(key)
    }

    /// Every interface-string key of a language.
    pub fn ui_keys(&self, lang: Lang) -> Vec<String> {
        self.language(lang).ui.keys()
    }

    // ---- codes -----------------------------------------------------------------------------

    pub fn codes(&self) -> impl Iterator<Item = &CodeFacts> {
        self.codes.values()
    }

    pub fn code(&self, code: u16) -> Option<&CodeFacts> {
        self.codes.get(&code)
    }

    pub fn is_registered(&self, code: u16) -> bool {
        self.codes.contains_key(&code)
    }

    pub fn code_text(&self, code: u16, lang: Lang) -> Option<&CodeText> {
        self.text(lang, |l| l.codes.get(&code))
    }

    /// Whether `lang` has its own text for `code` (no fallback).
    pub fn has_code_text(&self, code: u16, lang: Lang) -> bool {
        self.language(lang).codes.contains_key(&code)
    }

    /// A registered code, or a well-formed unregistered one; `None` outside 100–699.
    pub fn lookup(&self, code: u16) -> Option<CodeLookup<'_>> {
        match self.codes.get(&code) {
            Some(f) => Some(CodeLookup::Registered(f)),
            None => Class::of(code).map(|class| CodeLookup::Unregistered { code, class }),
        }
    }

    /// The code whose reason phrase this is, ignoring case and surrounding punctuation
    /// ("busy here" → 486).
    pub fn by_phrase(&self, phrase: &str) -> Option<&CodeFacts> {
        let wanted = normalise_phrase(phrase);
        if wanted.is_empty() {
            return None;
        }
        self.codes
            .values()
            .find(|c| normalise_phrase(&c.phrase) == wanted)
    }

    pub fn by_class(&self, class: Class) -> impl Iterator<Item = &CodeFacts> {
        let d = class.digit();
        self.codes.range(d * 100..d * 100 + 100).map(|(_, c)| c)
    }

    /// Registered codes nearest to a number, closest first (for "did you mean").
    pub fn nearest_codes(&self, n: u32, limit: usize) -> Vec<u16> {
        let mut all: Vec<u16> = self.codes.keys().copied().collect();
        all.sort_by_key(|&c| ((c as i64 - n as i64).abs(), c));
        all.truncate(limit);
        all
    }

    fn search_index(&self, lang: Lang) -> &search::Index {
        let l = self.language(lang);
        l.search
            .get_or_init(|| search::Index::build(&self.codes, &l.codes))
    }

    /// Ranked, typo-tolerant search over phrases and texts ("busy", "auth", "timeout", "48").
    pub fn search(&self, query: &str, lang: Lang, limit: usize) -> Vec<SearchHit> {
        let mut hits = self.search_index(lang).search(query, &self.codes);
        if lang != Lang::BASE {
            // Engineers type English terms whatever their language: merge both indexes.
            for hit in self.search_index(Lang::BASE).search(query, &self.codes) {
                match hits.iter_mut().find(|h| h.code == hit.code) {
                    Some(h) => h.score = h.score.max(hit.score),
                    None => hits.push(hit),
                }
            }
            search::sort(&mut hits);
        }
        hits.truncate(limit);
        hits
    }

    /// Autocomplete for a code option: the codes whose number starts with what was typed
    /// ("48" → 480, 481…), otherwise the search results for the words ("busy" → 486, 600…),
    /// and the codes people ask about most when nothing is typed yet. Deprecated and obsolete
    /// codes come last among number matches.
    pub fn complete(&self, partial: &str, lang: Lang, limit: usize) -> Vec<u16> {
        /// The codes asked about most in VoIP team chats, for an empty field.
        const POPULAR: &[u16] = &[
            486, 404, 408, 480, 487, 488, 503, 403, 401, 407, 500, 603, 183, 180, 200, 302, 481,
            484, 502, 504, 600, 415, 422, 491, 100,
        ];
        let q = partial.trim();
        if q.is_empty() {
            return POPULAR.iter().copied().take(limit).collect();
        }
        let digits: String = q.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && digits.len() <= 3 && q[digits.len()..].trim().is_empty() {
            let mut hits: Vec<&CodeFacts> = self
                .codes
                .values()
                .filter(|f| f.code.to_string().starts_with(&digits))
                .collect();
            hits.sort_by_key(|f| (f.status != Status::Current, f.code));
            return hits.into_iter().map(|f| f.code).take(limit).collect();
        }
        // "486 busy" and other number-and-words input: the number decides when it is a code.
        if digits.len() == 3 {
            if let Ok(n) = digits.parse::<u16>() {
                if self.codes.contains_key(&n) {
                    return vec![n];
                }
            }
        }
        self.search(q, lang, limit)
            .into_iter()
            .map(|h| h.code)
            .collect()
    }

    // ---- comparisons -----------------------------------------------------------------------

    /// Compares two well-formed codes; `None` if either is outside 100–699.
    pub fn compare(&self, a: u16, b: u16, lang: Lang) -> Option<Comparison<'_>> {
        let key = (a.min(b), a.max(b));
        Some(Comparison {
            a: self.lookup(a)?,
            b: self.lookup(b)?,
            curated: self.text(lang, |l| l.comparisons.get(&key)),
        })
    }

    /// Every pair with a curated comparison in the base language, ascending.
    pub fn curated_pairs(&self) -> Vec<(u16, u16)> {
        self.languages[0].comparisons.keys().copied().collect()
    }

    pub fn has_comparison_text(&self, pair: (u16, u16), lang: Lang) -> bool {
        self.language(lang).comparisons.contains_key(&pair)
    }

    pub fn comparison_text(&self, pair: (u16, u16), lang: Lang) -> Option<&ComparisonText> {
        self.text(lang, |l| l.comparisons.get(&pair))
    }

    // ---- Q.850 and RFC 3398 ----------------------------------------------------------------

    pub fn causes(&self) -> impl Iterator<Item = &CauseFacts> {
        self.causes.values()
    }

    pub fn cause(&self, cause: u8) -> Option<&CauseFacts> {
        self.causes.get(&cause)
    }

    pub fn cause_text(&self, cause: u8, lang: Lang) -> Option<&CauseText> {
        self.text(lang, |l| l.causes.get(&cause))
    }

    pub fn has_cause_text(&self, cause: u8, lang: Lang) -> bool {
        self.language(lang).causes.contains_key(&cause)
    }

    /// RFC 3398 §8.2.6.1: the cause a gateway puts in the ISUP release for this SIP response.
    pub fn q850_for_sip(&self, code: u16) -> Option<u8> {
        self.sip_to_q850
            .iter()
            .find(|r| r.code == code)
            .map(|r| r.cause)
    }

    /// The footnote RFC 3398 §8.2.6.1 puts on this response's row.
    pub fn sip_to_q850_footnote(&self, code: u16) -> Option<Footnote> {
        self.sip_to_q850
            .iter()
            .find(|r| r.code == code)
            .and_then(|r| r.footnote)
    }

    /// RFC 3398 §8.2.6.1 the other way round: the SIP responses that map to this cause.
    pub fn sips_mapping_to_cause(&self, cause: u8) -> Vec<u16> {
        self.sip_to_q850
            .iter()
            .filter(|r| r.cause == cause)
            .map(|r| r.code)
            .collect()
    }

    /// RFC 3398 §7.2.4.1: the SIP responses a gateway sends for this cause. Cause 22 has two
    /// (301 when a new number is known, otherwise 410); the default comes last.
    pub fn sip_for_q850(&self, cause: u8) -> Vec<u16> {
        self.q850_to_sip
            .iter()
            .filter(|r| r.cause == cause)
            .map(|r| r.code)
            .collect()
    }

    /// RFC 3398 §7.2.4.1 the other way round: the causes that a gateway turns into this code.
    pub fn causes_mapping_to_sip(&self, code: u16) -> Vec<u8> {
        self.q850_to_sip
            .iter()
            .filter(|r| r.code == code)
            .map(|r| r.cause)
            .collect()
    }

    pub fn q850_to_sip_rows(&self) -> &[MappingRow] {
        &self.q850_to_sip
    }

    pub fn sip_to_q850_rows(&self) -> &[MappingRow] {
        &self.sip_to_q850
    }

    // ---- PBX hangup cause names -----------------------------------------------------------

    /// Every hangup cause name, FreeSWITCH's then Asterisk's, in their tables' order.
    pub fn hangup_names(&self) -> &[HangupName] {
        &self.hangup.names
    }

    /// A hangup cause name as typed or logged, in any case (`user_busy`, `AST_CAUSE_BUSY`,
    /// `SWITCH_CAUSE_NO_ANSWER`).
    pub fn hangup_name(&self, typed: &str) -> Option<&HangupName> {
        self.hangup.get(typed)
    }

    /// The PBX table a name comes from.
    pub fn hangup_source(&self, name: &HangupName) -> Option<&HangupSource> {
        self.hangup.sources.get(&name.source)
    }

    /// The Q.850 cause a name stands for: its number, when Q.850 defines it. `None` for the
    /// PBX's own values (FreeSWITCH's 487 ORIGINATOR_CANCEL, 604 MEDIA_TIMEOUT…).
    pub fn hangup_q850(&self, name: &HangupName) -> Option<u8> {
        u8::try_from(name.value)
            .ok()
            .filter(|c| self.causes.contains_key(c))
    }

    /// The names PBXs print for a Q.850 cause.
    pub fn hangup_names_for(&self, cause: u8) -> impl Iterator<Item = &HangupName> {
        self.hangup
            .names
            .iter()
            .filter(move |n| self.hangup_q850(n) == Some(cause))
    }

    /// The text of a name without a Q.850 cause.
    pub fn hangup_line(&self, name: &HangupName, lang: Lang) -> Option<&str> {
        self.text(lang, |l| l.hangup.get(&name.name))
            .map(|t| t.line.as_str())
    }

    /// Autocomplete for a cause option: the causes whose number starts with what was typed,
    /// otherwise the hangup cause names that contain it (spaces read as underscores), those
    /// that start with it first; common causes when nothing is typed yet. Values as typed
    /// back: "17", "USER_BUSY".
    pub fn complete_cause(&self, partial: &str, limit: usize) -> Vec<String> {
        /// The causes seen most in call records.
        const POPULAR: &[u8] = &[
            16, 17, 18, 19, 21, 1, 3, 27, 31, 34, 38, 41, 44, 88, 102, 127,
        ];
        let q = partial.trim();
        if q.is_empty() {
            return POPULAR.iter().take(limit).map(u8::to_string).collect();
        }
        if q.bytes().all(|b| b.is_ascii_digit()) {
            return self
                .causes
                .keys()
                .map(u8::to_string)
                .filter(|c| c.starts_with(q))
                .take(limit)
                .collect();
        }
        let wanted = q.to_ascii_uppercase().replace([' ', '-'], "_");
        let mut hits: Vec<(bool, usize, &str)> = self
            .hangup
            .names
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                let bare = n.name.strip_prefix("AST_CAUSE_").unwrap_or(&n.name);
                let at = n.name.find(&wanted)?;
                Some((!(at == 0 || bare.starts_with(&wanted)), i, n.name.as_str()))
            })
            .collect();
        hits.sort();
        hits.into_iter()
            .take(limit)
            .map(|(_, _, n)| n.to_string())
            .collect()
    }

    pub fn has_hangup_text(&self, name: &str, lang: Lang) -> bool {
        self.language(lang).hangup.contains_key(name)
    }

    // ---- methods and warn-codes ------------------------------------------------------------

    pub fn methods(&self) -> &[MethodFacts] {
        &self.methods
    }

    pub fn method_line(&self, name: &str, lang: Lang) -> Option<&str> {
        self.text(lang, |l| l.methods.get(name))
            .map(|t| t.line.as_str())
    }

    pub fn has_method_text(&self, name: &str, lang: Lang) -> bool {
        self.language(lang).methods.contains_key(name)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &WarningFacts> {
        self.warnings.values()
    }

    pub fn warning(&self, code: u16) -> Option<&WarningFacts> {
        self.warnings.get(&code)
    }

    pub fn warning_line(&self, code: u16, lang: Lang) -> Option<&str> {
        self.text(lang, |l| l.warnings.get(&code))
            .map(|t| t.line.as_str())
    }

    pub fn has_warning_text(&self, code: u16, lang: Lang) -> bool {
        self.language(lang).warnings.contains_key(&code)
    }
}

/// Lower case, letters and digits only: "Call/Transaction Does Not Exist",
/// "call transaction does not exist" and "Server Time-out" / "server timeout" compare equal.
pub fn normalise_phrase(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
