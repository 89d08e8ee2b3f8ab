//! Every language is complete: no text of the base language (English) is missing, empty or
//! left untranslated in another language. A run-time fallback to English exists, but it is a
//! safety net, not a licence to ship half-translated data.

use std::collections::HashMap;

use sipbot::catalogue::{Args, Catalogue, Lang};
use toml::Value;

use crate::support::cat;

/// Interface strings that are the same in every language because they hold only protocol
/// tokens, placeholders, command names or examples a user types (which the detector reads in
/// English).
const SAME_IN_EVERY_LANGUAGE: &[&str] = &[
    "footer",
    "field-q850",
    "compare-title",
    "sender-proxy",
    "sender-registrar",
    "sender-b2bua",
    "sender-sbc",
    "warning-title",
    "reason-sip-title",
    "try-examples",
    "help-ask",
    "help-commands",
    "trace-role-proxy",
    "trace-role-registrar",
    "trace-ladder-repeat",
];

fn files() -> HashMap<&'static str, &'static str> {
    Catalogue::embedded_files().iter().copied().collect()
}

/// Every string leaf of a TOML value, with its path ("486.when[2]").
fn leaves(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                leaves(&format!("{prefix}[{i}]"), item, out);
            }
        }
        Value::Table(table) => {
            for (k, v) in table {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(&path, v, out);
            }
        }
        _ => {}
    }
}

fn other_languages() -> Vec<(Lang, String)> {
    let langs: Vec<_> = cat()
        .languages()
        .filter(|(l, _)| *l != Lang::BASE)
        .map(|(l, info)| (l, info.code.clone()))
        .collect();
    assert!(!langs.is_empty(), "only the base language is configured");
    langs
}

#[test]
fn every_catalogue_text_is_translated_in_every_language() {
    let files = files();
    let base = cat().lang_info(Lang::BASE).code.clone();
    for (_, code) in other_languages() {
        for name in [
            "codes.toml",
            "comparisons.toml",
            "q850.toml",
            "methods.toml",
            "warnings.toml",
            "hangup_causes.toml",
        ] {
            let parse = |lang: &str| -> Value {
                let path = format!("{lang}/{name}");
                let text = files
                    .get(path.as_str())
                    .unwrap_or_else(|| panic!("{path} missing"));
                toml::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}"))
            };
            let (mut en, mut other) = (Vec::new(), Vec::new());
            leaves("", &parse(&base), &mut en);
            leaves("", &parse(&code), &mut other);
            let other: HashMap<_, _> = other.into_iter().collect();
            let mut problems = Vec::new();
            for (path, text) in &en {
                match other.get(path) {
                    None => problems.push(format!("{path}: missing")),
                    Some(t) if t.trim().is_empty() => problems.push(format!("{path}: empty")),
                    Some(t) if t == text => problems.push(format!("{path}: same as {base}")),
                    Some(_) => {}
                }
            }
            assert!(
                problems.is_empty(),
                "{code}/{name}:\n{}",
                problems.join("\n")
            );
        }
    }
}

#[test]
fn every_code_has_a_gloss_of_its_reason_phrase_outside_english() {
    for (lang, code) in other_languages() {
        for facts in cat().codes() {
            let text = cat().code_text(facts.code, lang).expect("text");
            let gloss = text.phrase_gloss.as_deref().unwrap_or("");
            assert!(
                !gloss.trim().is_empty(),
                "{code}: {} has no phrase_gloss",
                facts.code
            );
            assert_ne!(
                gloss, facts.phrase,
                "{code}: {} gloss is the phrase",
                facts.code
            );
        }
    }
}

/// Dummy arguments for every placeholder an interface string may use.
fn dummy_args() -> Args {
    let mut args = Args::new();
    for name in [
        "a", "b", "base", "cause", "causes", "citation", "class", "code", "codes", "count", "n",
        "name", "query", "text", "url", "phrase", "minutes", "mode", "lang", "channel", "role",
        "days", "limit", "size", "file", "user", "method", "from", "to", "seconds", "expires",
        "min", "offer", "answer", "who", "reason", "value", "what", "max",
    ] {
        args = args.with(name, format!("⟨{name}⟩"));
    }
    args
}

#[test]
fn every_interface_string_is_translated_in_every_language() {
    let base_keys = cat().ui_keys(Lang::BASE);
    assert!(base_keys.len() > 50, "base language has too few strings");
    let args = dummy_args();
    for (lang, code) in other_languages() {
        let mut problems = Vec::new();
        for key in &base_keys {
            if !cat().has_ui_key(lang, key) {
                problems.push(format!("{key}: missing"));
                continue;
            }
            let en = cat().t_args(Lang::BASE, key, &args);
            let other = cat().t_args(lang, key, &args);
            if other.trim().is_empty() {
                problems.push(format!("{key}: empty"));
            } else if other == en && !SAME_IN_EVERY_LANGUAGE.contains(&key.as_str()) {
                problems.push(format!("{key}: same as English"));
            }
            // The same placeholders, so that no value is silently dropped in translation.
            let marks = |s: &str| -> Vec<String> {
                let mut m: Vec<String> = s
                    .split('⟨')
                    .skip(1)
                    .filter_map(|p| p.split('⟩').next().map(str::to_string))
                    .collect();
                m.sort();
                m.dedup();
                m
            };
            if marks(&en) != marks(&other) {
                problems.push(format!(
                    "{key}: placeholders {:?} vs {:?}",
                    marks(&en),
                    marks(&other)
                ));
            }
        }
        for key in cat().ui_keys(lang) {
            if !cat().has_ui_key(Lang::BASE, &key) {
                problems.push(format!("{key}: not in the base language"));
            }
        }
        assert!(
            problems.is_empty(),
            "{code}/ui.ftl:\n{}",
            problems.join("\n")
        );
    }
}

#[test]
fn the_allow_list_of_identical_strings_stays_honest() {
    // An entry that is translated after all, or removed, must leave the list.
    let args = dummy_args();
    for (lang, _) in other_languages() {
        for key in SAME_IN_EVERY_LANGUAGE {
            assert!(cat().has_ui_key(Lang::BASE, key), "{key} is not a string");
            assert_eq!(
                cat().t_args(Lang::BASE, key, &args),
                cat().t_args(lang, key, &args),
                "{key} differs: remove it from SAME_IN_EVERY_LANGUAGE"
            );
        }
    }
}

#[test]
fn a_missing_translation_falls_back_to_english_at_run_time() {
    let list: Vec<(&str, &str)> = Catalogue::embedded_files()
        .iter()
        .copied()
        .filter(|(p, _)| !p.starts_with("vi/") || *p == "vi/ui.ftl")
        .collect();
    let partial = Catalogue::from_files(&list).expect("a language with only ui.ftl still loads");
    let vi = partial.lang("vi").expect("vi");
    let text = partial.code_text(486, vi).expect("falls back to English");
    assert_eq!(
        Some(&text.summary),
        partial.code_text(486, Lang::BASE).map(|t| &t.summary)
    );
    assert_ne!(
        partial.t(vi, "field-when"),
        partial.t(Lang::BASE, "field-when")
    );
}
