//! Render speed: the full explanation of a code and its Discord JSON payload (what `/sip code`
//! and the Details button send), per code; and the compact auto-explain reply. Numbers go in
//! BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use sipbot::catalogue::{Catalogue, Lang};
use sipbot::item::Item;
use sipbot::render::{self, Reply};

fn bench(c: &mut Criterion) {
    let cat = Catalogue::embedded().expect("catalogue");
    let vi = cat.lang("vi").unwrap_or(Lang::BASE);
    let mut g = c.benchmark_group("render");
    // A common code, one with a long text, and one outside the registry (class fallback).
    for code in [486u16, 403, 488, 499] {
        let lookup = cat.lookup(code).expect("a code in 100..=699");
        g.bench_function(format!("code_{code}_en"), |b| {
            b.iter(|| render::code(&cat, Lang::BASE, black_box(lookup)))
        });
        g.bench_function(format!("code_{code}_en_json"), |b| {
            b.iter(|| {
                let e = render::code(&cat, Lang::BASE, black_box(lookup));
                Reply::embed(e).fit().to_discord_json()
            })
        });
    }
    let lookup = cat.lookup(486).expect("486");
    g.bench_function("code_486_vi_json", |b| {
        b.iter(|| {
            Reply::embed(render::code(&cat, vi, black_box(lookup)))
                .fit()
                .to_discord_json()
        })
    });
    let one = [Item::Code(486)];
    g.bench_function("compact_1_item_json", |b| {
        b.iter(|| render::compact(&cat, Lang::BASE, black_box(&one), 5).to_discord_json())
    });
    let five = [
        Item::Code(486),
        Item::Compare(486, 600),
        Item::Q850(17),
        Item::Code(403),
        Item::Warning(399),
    ];
    g.bench_function("compact_5_items_json", |b| {
        b.iter(|| render::compact(&cat, Lang::BASE, black_box(&five), 5).to_discord_json())
    });
    // `/sip header` autocomplete: every prefix of every header name and compact form, in both
    // cases, in one iteration (Discord gives an autocomplete answer 3 s).
    let mut prefixes: Vec<String> = Vec::new();
    for h in cat.headers() {
        for (i, _) in h.name.char_indices().skip(1) {
            prefixes.push(h.name[..i].to_string());
            prefixes.push(h.name[..i].to_ascii_lowercase());
        }
        prefixes.extend(h.compact.clone());
    }
    g.bench_function("header_autocomplete_every_prefix", |b| {
        b.iter(|| {
            for p in &prefixes {
                black_box(cat.complete_header(black_box(p), 25));
            }
        })
    });
    let via = cat.header("Via").expect("Via");
    g.bench_function("header_via_vi_json", |b| {
        b.iter(|| {
            Reply::embed(render::header(&cat, vi, black_box(via), "Via"))
                .fit()
                .to_discord_json()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
