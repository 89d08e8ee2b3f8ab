//! Detector speed: chat messages (the common case: not about SIP), a status line, a
//! comparison question, and scan throughput on a generated log. Numbers go in BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use sipbot::catalogue::Catalogue;
use sipbot::detect::{Detector, Mode};

const CHAT_NO_DIGITS: &str = "hey team, the deploy went fine this morning but the dashboard is still slow for some people, could someone have a look after lunch? also reminder that the retro is moved to thursday afternoon, thanks!!";
const CHAT_WITH_NUMBERS: &str = "hey team, deploy 42 went out at 10:30 this morning, we have 200 users online and p99 latency is 35 ms; ticket #4512 is still open, retro moved to thursday 14:00, room 12 on floor 3";

fn log_block() -> String {
    let excerpt = include_str!("../tests/fixtures/logs/asterisk-pjsip-busy.log");
    let chat_lines = "[2024-01-01 10:00:00.123] VERBOSE[1234][C-00000001] pbx.c: Executing [2001@from-internal:1] Dial(\"PJSIP/2001-00000001\", \"PJSIP/+15551230486@carrier,30\") in new stack\n";
    format!("{excerpt}\n{chat_lines}")
}

fn bench(c: &mut Criterion) {
    let cat = Catalogue::embedded().expect("catalogue");
    let det = Detector::new(&cat);
    assert!((190..=210).contains(&CHAT_NO_DIGITS.len()));

    let mut g = c.benchmark_group("detect");
    g.bench_function("chat_200B_no_sip_no_digits", |b| {
        b.iter(|| det.detect(black_box(CHAT_NO_DIGITS), Mode::Strict))
    });
    g.bench_function("chat_200B_no_sip_with_numbers", |b| {
        b.iter(|| det.detect(black_box(CHAT_WITH_NUMBERS), Mode::Strict))
    });
    g.bench_function("status_line", |b| {
        b.iter(|| det.detect(black_box("SIP/2.0 486 Busy Here"), Mode::Strict))
    });
    g.bench_function("x_vs_y", |b| {
        b.iter(|| det.detect(black_box("486 vs 600?"), Mode::Strict))
    });
    g.finish();

    let block = log_block();
    let mut log = String::new();
    while log.len() < 8 * 1024 * 1024 {
        log.push_str(&block);
    }
    let mut g = c.benchmark_group("scan");
    g.throughput(Throughput::Bytes(log.len() as u64));
    g.sample_size(10);
    g.bench_function("log_8MiB_strict", |b| {
        b.iter(|| det.hits_len(black_box(&log), Mode::Strict))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
