//! Every explanation sipbot can render stays within Discord's embed limits.

use sipbot::catalogue::{Class, Lang};
use sipbot::render::{self, check_limits, Reply};

use crate::support::cat;

fn ok(e: render::Explanation, what: &str) {
    let reply = Reply::embed(e).fit();
    check_limits(&reply).unwrap_or_else(|err| panic!("{what}: {err}"));
    // Fitting must not have had to cut anything we wrote: our texts are sized for Discord.
    let body = reply.to_discord_json();
    assert_eq!(body["allowed_mentions"]["parse"], serde_json::json!([]));
}

fn langs() -> Vec<Lang> {
    cat().languages().map(|(l, _)| l).collect()
}

#[test]
fn every_code_renders_within_limits_and_uncut() {
    for lang in langs() {
        for f in cat().codes() {
            let e = render::code(cat(), lang, cat().lookup(f.code).unwrap());
            let before = e.clone();
            let fitted = Reply::embed(e).fit();
            check_limits(&fitted).unwrap_or_else(|err| panic!("{}: {err}", f.code));
            assert_eq!(fitted.embeds[0], before, "{} had to be cut to fit", f.code);
        }
    }
}

#[test]
fn every_comparison_renders_within_limits() {
    let codes: Vec<u16> = cat().codes().map(|f| f.code).collect();
    for lang in langs() {
        for p in cat().curated_pairs() {
            ok(
                render::comparison(cat(), lang, cat().compare(p.0, p.1, lang).unwrap()),
                &format!("{p:?}"),
            );
        }
        // Every generated pair, not a sample: there are under 3,000.
        for (i, a) in codes.iter().enumerate() {
            for b in &codes[i + 1..] {
                ok(
                    render::comparison(cat(), lang, cat().compare(*a, *b, lang).unwrap()),
                    &format!("{a}/{b}"),
                );
            }
        }
        ok(
            render::comparison(cat(), lang, cat().compare(477, 486, lang).unwrap()),
            "477/486",
        );
    }
}

#[test]
fn every_cause_class_list_and_search_renders_within_limits() {
    for lang in langs() {
        for c in cat().causes() {
            ok(
                render::cause(cat(), lang, c.cause).unwrap(),
                &format!("cause {}", c.cause),
            );
        }
        for class in Class::ALL {
            for page in render::class_list(cat(), lang, class, false) {
                let before = page.clone();
                let fitted = Reply::embed(page).fit();
                check_limits(&fitted).unwrap();
                assert_eq!(fitted.embeds[0], before, "{} page was cut", class.label());
            }
        }
        let all: Vec<_> = Class::ALL
            .iter()
            .flat_map(|c| render::class_list(cat(), lang, *c, true))
            .collect();
        assert_eq!(all.len(), 6);
        let fitted = Reply::embeds(all.clone()).fit();
        assert_eq!(
            fitted.embeds, all,
            "the brief list of every class fits one message"
        );
        for q in ["busy", "auth", "timeout", "codec", "a", "4"] {
            let hits = cat().search(q, lang, 25);
            ok(render::search(cat(), lang, q, &hits), q);
        }
        for w in cat().warnings() {
            ok(render::warning(cat(), lang, w.code).unwrap(), "warning");
        }
        ok(render::help(cat(), lang), "help");
        ok(
            render::not_a_code(cat(), lang, &"9".repeat(5000), &[600, 603]),
            "huge input",
        );
        ok(render::code(cat(), lang, cat().lookup(477).unwrap()), "477");
    }
}

#[test]
fn generated_comparisons_say_something_specific() {
    let e = render::comparison(
        cat(),
        Lang::BASE,
        cat().compare(180, 404, Lang::BASE).unwrap(),
    );
    assert!(e.description.contains("provisional"), "{}", e.description);
    let e = render::comparison(
        cat(),
        Lang::BASE,
        cat().compare(404, 600, Lang::BASE).unwrap(),
    );
    assert!(
        e.description.contains("global failure"),
        "{}",
        e.description
    );
    assert!(e.description.contains("Q.850"), "{}", e.description);
}

#[test]
fn the_code_embed_has_the_facts_an_engineer_needs() {
    let e = render::code(cat(), Lang::BASE, cat().lookup(486).unwrap());
    assert_eq!(e.title, "486 Busy Here");
    assert_eq!(
        e.url.as_deref(),
        Some("https://www.rfc-editor.org/rfc/rfc3261#section-21.4.24")
    );
    let names: Vec<&str> = e.fields.iter().map(|f| f.name.as_str()).collect();
    for want in [
        "When you see it",
        "How to fix",
        "Retry?",
        "Class",
        "Defined in",
        "Q.850 (RFC 3398)",
        "Often confused with",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    let q = e
        .fields
        .iter()
        .find(|f| f.name == "Q.850 (RFC 3398)")
        .unwrap();
    assert!(q.value.contains("cause 17"), "{}", q.value);
    let deprecated = render::code(cat(), Lang::BASE, cat().lookup(202).unwrap());
    assert!(deprecated.description.contains("Deprecated"));
    let obsolete = render::code(cat(), Lang::BASE, cat().lookup(409).unwrap());
    assert!(obsolete.description.contains("Obsolete"));
}
