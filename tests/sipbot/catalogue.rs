//! The catalogue against the reference tables, and its completeness and consistency.

use sipbot::catalogue::{Class, CodeLookup, Lang, Retry, Status};

use crate::support::{cat, csv};

fn class_name(c: Class) -> &'static str {
    match c {
        Class::Provisional => "Provisional",
        Class::Success => "Success",
        Class::Redirection => "Redirection",
        Class::ClientFailure => "Client Failure",
        Class::ServerFailure => "Server Failure",
        Class::GlobalFailure => "Global Failure",
    }
}

#[test]
fn every_registered_code_is_present_with_its_exact_phrase_class_rfc_and_status() {
    let rows = csv("sip-response-codes.csv");
    assert_eq!(rows.len(), 75);
    for r in &rows {
        let code: u16 = r[0].parse().unwrap();
        let f = cat().code(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(f.phrase, r[1], "phrase of {code}");
        assert_eq!(class_name(f.class()), r[2], "class of {code}");
        let rfcs: Vec<String> = r[3].split(';').map(|s| s.trim().to_string()).collect();
        assert_eq!(f.rfc, rfcs, "RFC of {code}");
        let status = match f.status {
            Status::Current => "current",
            Status::Deprecated => "deprecated",
            Status::Obsolete => "obsolete",
        };
        assert_eq!(status, r[4], "status of {code}");
    }
    assert_eq!(cat().code(202).unwrap().status, Status::Deprecated);
}

#[test]
fn historical_codes_are_marked_obsolete_and_nothing_else_is_added() {
    for r in csv("sip-response-codes-historical.csv") {
        let code: u16 = r[0].parse().unwrap();
        let f = cat().code(code).unwrap();
        assert_eq!(f.phrase, r[1]);
        assert_eq!(f.status, Status::Obsolete);
        assert_eq!(f.rfc, vec!["RFC 2543".to_string()]);
    }
    assert_eq!(cat().codes().count(), 77, "75 registered + 409 + 411");
}

#[test]
fn every_code_cites_a_section_and_rfc_3261_codes_cite_section_21() {
    for f in cat().codes() {
        assert!(!f.section.is_empty(), "{} has no section", f.code);
        assert!(
            f.section.chars().all(|c| c.is_ascii_digit() || c == '.'),
            "{}: {}",
            f.code,
            f.section
        );
        if f.rfc[0] == "RFC 3261" {
            let want = format!("21.{}.", f.class().digit());
            assert!(
                f.section.starts_with(&want),
                "{} cites §{}",
                f.code,
                f.section
            );
        }
        assert!(f.rfc_url().is_some(), "{} has no RFC link", f.code);
    }
    assert_eq!(cat().code(486).unwrap().section, "21.4.24");
    assert_eq!(cat().code(100).unwrap().section, "21.1.1");
    assert_eq!(cat().code(606).unwrap().section, "21.6.4");
}

#[test]
fn every_text_field_is_present_and_non_empty() {
    for f in cat().codes() {
        assert!(
            cat().has_code_text(f.code, Lang::BASE),
            "{} has no English text",
            f.code
        );
        let t = cat().code_text(f.code, Lang::BASE).unwrap();
        assert!(!t.summary.trim().is_empty(), "{} summary", f.code);
        assert!(
            t.summary.chars().count() <= 140,
            "{} summary too long",
            f.code
        );
        assert!(!t.description.trim().is_empty(), "{} description", f.code);
        assert!(
            t.when.len() >= 2 && t.when.iter().all(|s| !s.trim().is_empty()),
            "{} when",
            f.code
        );
        assert!(
            t.fix.len() >= 2 && t.fix.iter().all(|s| !s.trim().is_empty()),
            "{} fix",
            f.code
        );
        assert!(!t.retry_text.trim().is_empty(), "{} retry", f.code);
        assert!(!f.senders.is_empty(), "{} senders", f.code);
    }
}

#[test]
fn retry_semantics_agree_with_the_class() {
    for f in cat().codes() {
        match f.class() {
            Class::Provisional | Class::Success => {
                assert_eq!(f.retry, Retry::NotApplicable, "{}", f.code)
            }
            Class::Redirection => assert_eq!(f.retry, Retry::Redirect, "{}", f.code),
            // RFC 3261 §16.7, §21.6: a 6xx ends the search.
            Class::GlobalFailure => assert_eq!(f.retry, Retry::Stop, "{}", f.code),
            _ => assert!(
                !matches!(
                    f.retry,
                    Retry::NotApplicable | Retry::Redirect | Retry::Stop
                ),
                "{}",
                f.code
            ),
        }
    }
    assert_eq!(cat().code(401).unwrap().retry, Retry::Credentials);
    assert_eq!(cat().code(407).unwrap().retry, Retry::Credentials);
    assert!(cat().code_text(603, Lang::BASE).unwrap().retry_text.len() > 10);
}

#[test]
fn related_codes_resolve() {
    for f in cat().codes() {
        assert!(!f.related.is_empty(), "{} has no related codes", f.code);
        for r in &f.related {
            assert!(
                cat().code(*r).is_some(),
                "{} relates to unknown {r}",
                f.code
            );
            assert_ne!(*r, f.code, "{} relates to itself", f.code);
        }
    }
}

#[test]
fn the_curated_comparisons_people_ask_for_exist() {
    let wanted = [
        (401, 407),
        (401, 403),
        (403, 404),
        (404, 410),
        (404, 484),
        (404, 604),
        (408, 480),
        (408, 504),
        (480, 486),
        (486, 600),
        (486, 603),
        (600, 603),
        (603, 607),
        (603, 608),
        (488, 606),
        (415, 488),
        (500, 503),
        (502, 503),
        (503, 504),
        (180, 183),
        (100, 180),
        (200, 202),
        (301, 302),
        (302, 305),
        (420, 421),
        (408, 481),
        (491, 500),
        (422, 423),
        (408, 487),
    ];
    let pairs = cat().curated_pairs();
    for p in wanted {
        assert!(pairs.contains(&p), "no curated comparison for {p:?}");
    }
    let mut keys = std::collections::HashSet::new();
    for p in &pairs {
        assert!(
            cat().code(p.0).is_some() && cat().code(p.1).is_some(),
            "{p:?}"
        );
        let t = cat().comparison_text(*p, Lang::BASE).unwrap();
        assert!(t.key.len() > 80, "{p:?}: key difference too thin");
        assert!(
            !t.when.is_empty() && t.when.iter().all(|w| !w.trim().is_empty()),
            "{p:?}"
        );
        // Not a template: no two comparisons share their key text.
        assert!(
            keys.insert(t.key.clone()),
            "{p:?} repeats another comparison"
        );
    }
    // Order does not matter when asking.
    let c = cat().compare(600, 486, Lang::BASE).unwrap();
    assert!(c.curated.is_some());
    let g = cat().compare(100, 608, Lang::BASE).unwrap();
    assert!(g.curated.is_none());
}

#[test]
fn every_q850_cause_is_present_with_its_name_class_and_text() {
    let rows = csv("q850-causes.csv");
    assert_eq!(rows.len(), 71);
    for r in rows {
        let n: u8 = r[0].parse().unwrap();
        let c = cat()
            .cause(n)
            .unwrap_or_else(|| panic!("cause {n} missing"));
        assert_eq!(c.name, r[1]);
        assert_eq!(c.class, r[2]);
        assert!(cat().has_cause_text(n, Lang::BASE), "cause {n} has no text");
        assert!(!cat()
            .cause_text(n, Lang::BASE)
            .unwrap()
            .explanation
            .trim()
            .is_empty());
    }
    assert_eq!(cat().causes().count(), 71);
}

#[test]
fn the_rfc_3398_mapping_matches_the_reference_both_ways() {
    let rows = csv("sip-q850-mapping.csv");
    let q2s: Vec<(u8, u16)> = rows
        .iter()
        .filter(|r| r[0] == "q850-to-sip")
        .map(|r| (r[1].parse().unwrap(), r[2].parse().unwrap()))
        .collect();
    let s2q: Vec<(u16, u8)> = rows
        .iter()
        .filter(|r| r[0] == "sip-to-q850")
        .map(|r| (r[1].parse().unwrap(), r[2].parse().unwrap()))
        .collect();
    let got_q2s: Vec<(u8, u16)> = cat()
        .q850_to_sip_rows()
        .iter()
        .map(|r| (r.cause, r.code))
        .collect();
    let got_s2q: Vec<(u16, u8)> = cat()
        .sip_to_q850_rows()
        .iter()
        .map(|r| (r.code, r.cause))
        .collect();
    assert_eq!(got_q2s, q2s);
    assert_eq!(got_s2q, s2q);
    assert_eq!(cat().q850_for_sip(486), Some(17));
    assert_eq!(cat().sip_for_q850(17), vec![486]);
    // Cause 22: 301 with a new number, 410 by default (listed last).
    assert_eq!(cat().sip_for_q850(22), vec![301, 410]);
    assert_eq!(cat().q850_for_sip(487), None);
    for (cause, code) in q2s {
        assert!(cat().cause(cause).is_some() && cat().code(code).is_some());
    }
}

#[test]
fn methods_and_warn_codes_have_a_line_each() {
    let rows = csv("sip-methods.csv");
    assert_eq!(cat().methods().len(), rows.len());
    for r in rows {
        let m = cat().methods().iter().find(|m| m.name == r[0]).unwrap();
        let rfcs: Vec<String> = r[1].split(';').map(|s| s.trim().to_string()).collect();
        assert_eq!(m.rfc, rfcs);
        assert!(
            cat()
                .method_line(&r[0], Lang::BASE)
                .is_some_and(|l| !l.is_empty()),
            "{}",
            r[0]
        );
    }
    let codes: Vec<u16> = cat().warnings().map(|w| w.code).collect();
    for c in [300, 301, 302, 303, 304, 305, 306, 307, 330, 331, 370, 399] {
        assert!(codes.contains(&c), "warn-code {c} missing");
    }
    for w in cat().warnings() {
        assert!((300..=399).contains(&w.code));
        assert!(cat()
            .warning_line(w.code, Lang::BASE)
            .is_some_and(|l| !l.is_empty()));
    }
    assert_eq!(
        cat().warning(305).unwrap().text,
        "Incompatible media format"
    );
}

#[test]
fn unregistered_and_out_of_range_codes() {
    for (code, base) in [
        (477, 400),
        (299, 200),
        (699, 600),
        (150, 100),
        (555 + 1, 500),
    ] {
        match cat().lookup(code) {
            Some(CodeLookup::Unregistered { class, .. }) => assert_eq!(class.base_code(), base),
            _ => panic!("{code} should be well formed and unregistered"),
        }
    }
    for bad in [99, 700, 1000, 0] {
        assert!(cat().lookup(bad).is_none(), "{bad}");
    }
}

#[test]
fn lookup_by_phrase_ignores_case_and_punctuation() {
    assert_eq!(cat().by_phrase("busy here").unwrap().code, 486);
    assert_eq!(cat().by_phrase("BUSY HERE").unwrap().code, 486);
    assert_eq!(
        cat()
            .by_phrase("call transaction does not exist")
            .unwrap()
            .code,
        481
    );
    assert_eq!(cat().by_phrase("server timeout").unwrap().code, 504);
    assert!(cat().by_phrase("busy").is_none());
}

fn top(query: &str, n: usize) -> Vec<u16> {
    cat()
        .search(query, Lang::BASE, n)
        .iter()
        .map(|h| h.code)
        .collect()
}

#[test]
fn search_ranks_phrases_first_and_tolerates_typos() {
    let busy = top("busy", 2);
    assert!(busy.contains(&486) && busy.contains(&600), "{busy:?}");
    let auth = top("auth", 2);
    assert!(auth.contains(&401) && auth.contains(&407), "{auth:?}");
    let timeout = top("timeout", 2);
    assert!(
        timeout.contains(&408) && timeout.contains(&504),
        "{timeout:?}"
    );
    assert!(top("codec", 3).contains(&488));
    assert_eq!(top("bsuy here", 1), vec![486], "a transposition");
    assert_eq!(top("forbiden", 1), vec![403], "a missing letter");
    assert_eq!(
        top("48", 20),
        vec![480, 481, 482, 483, 484, 485, 486, 487, 488, 489]
    );
    assert!(top("zzqqxx", 5).is_empty());
}

/// `sipbot scan` loads only the code table: the same codes and phrases as the whole catalogue.
#[test]
fn the_code_table_alone_holds_what_the_catalogue_holds() {
    let alone: Vec<(u16, String)> = sipbot::catalogue::Catalogue::embedded_codes()
        .unwrap()
        .into_iter()
        .map(|c| (c.code, c.phrase))
        .collect();
    let whole: Vec<(u16, String)> = cat().codes().map(|c| (c.code, c.phrase.clone())).collect();
    assert_eq!(alone, whole);
    assert!(alone.len() >= 75);
}

#[test]
fn hangup_cause_names_map_to_q850_or_say_they_are_the_pbxs_own() {
    let cat = cat();
    let names = cat.hangup_names();
    assert!(names.len() > 100, "{}", names.len());
    for n in names {
        let source = cat.hangup_source(n).expect("a source");
        assert!(
            source.url.starts_with("https://github.com/") && source.url.contains("/blob/"),
            "{}: a pinned source",
            n.name
        );
        match cat.hangup_q850(n) {
            Some(c) => assert_eq!(u16::from(c), n.value, "{}", n.name),
            None => {
                // The PBX's own values: above Q.850's 127, 0 for "none", or numbers older
                // Q.931 tables had and Q.850 dropped (45, 52, 54). Each has its own text.
                assert!(
                    n.value > 127 || matches!(n.value, 0 | 45 | 52 | 54),
                    "{} = {} is not a Q.850 cause",
                    n.name,
                    n.value
                );
                assert!(cat.has_hangup_text(&n.name, Lang::BASE), "{}: text", n.name);
            }
        }
    }
    let q = |s: &str| cat.hangup_name(s).and_then(|n| cat.hangup_q850(n));
    assert_eq!(q("USER_BUSY"), Some(17));
    assert_eq!(q("user_busy"), Some(17));
    assert_eq!(q("AST_CAUSE_USER_BUSY"), Some(17));
    assert_eq!(q("ast_cause_busy"), Some(17));
    assert_eq!(q("SWITCH_CAUSE_NO_ANSWER"), Some(19));
    assert_eq!(
        q("UNALLOCATED"),
        Some(1),
        "an Asterisk name without its prefix"
    );
    assert_eq!(q("RECOVERY_ON_TIMER_EXPIRE"), Some(102));
    assert_eq!(q("AST_CAUSE_UNREGISTERED"), Some(20));
    for own in [
        "ORIGINATOR_CANCEL",
        "MEDIA_TIMEOUT",
        "LOSE_RACE",
        "AST_CAUSE_NOTDEFINED",
    ] {
        let n = cat.hangup_name(own).expect(own);
        assert_eq!(cat.hangup_q850(n), None, "{own}");
    }
    assert!(cat.hangup_name("busy here").is_none());
    assert!(cat.hangup_name("").is_none());
    // Cause 17 lists the names PBXs print for it.
    let for_17: Vec<&str> = cat.hangup_names_for(17).map(|n| n.name.as_str()).collect();
    assert_eq!(
        for_17,
        ["USER_BUSY", "AST_CAUSE_USER_BUSY", "AST_CAUSE_BUSY"]
    );
    // Autocomplete: by number, by name (prefix first), common causes when empty.
    assert_eq!(cat.complete_cause("", 3), ["16", "17", "18"]);
    assert_eq!(cat.complete_cause("12", 5), ["127"]);
    let busy = cat.complete_cause("user bu", 5);
    assert_eq!(busy, ["USER_BUSY", "AST_CAUSE_USER_BUSY"]);
    let timeout = cat.complete_cause("timeout", 25);
    assert!(
        timeout.contains(&"MEDIA_TIMEOUT".to_string()),
        "{timeout:?}"
    );
    assert!(cat.complete_cause("zzz", 5).is_empty());
}

#[test]
fn the_footnotes_of_rfc_3398_8_2_6_1_are_on_their_rows_and_in_the_explanation() {
    use sipbot::catalogue::Footnote;
    let cat = cat();
    let marked = |f: Footnote| -> Vec<u16> {
        cat.sip_to_q850_rows()
            .iter()
            .filter(|r| r.footnote == Some(f))
            .map(|r| r.code)
            .collect()
    };
    assert_eq!(marked(Footnote::Credentials), [401, 407]);
    assert_eq!(
        marked(Footnote::Remedy),
        [406, 413, 414, 415, 416, 420, 421, 423, 484, 505, 513]
    );
    let text = |code: u16, lang: Lang| {
        let e = sipbot::render::code(cat, lang, cat.lookup(code).expect("a code"));
        let mut all = e.description.clone();
        for f in &e.fields {
            all.push_str(&f.value);
        }
        all
    };
    assert!(text(407, Lang::BASE).contains("RFC 3398 §8.2.6.1 (*)"));
    assert!(text(420, Lang::BASE).contains("RFC 3398 §8.2.6.1 (+)"));
    assert!(!text(403, Lang::BASE).contains("§8.2.6.1 (*)"));
    let vi = cat.lang("vi").expect("vi");
    assert!(text(484, vi).contains("khắc phục lỗi giao thức"));
}
