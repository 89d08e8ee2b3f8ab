//! The core stays pure and one-way (see ../shared/design.md): no Discord, no runtime, no I/O;
//! each floor of the core imports only from floors below it, never from the shell; and no two
//! files of `src/` import each other, directly or around a loop.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The floors of the core, lowest first; a module imports only from its own floor or lower.
const FLOORS: &[&[&str]] = &[
    &["catalogue"],
    &["detect", "trace", "capture"],
    &["item", "settings"],
    &["render"],
    &["answer", "auto"],
];
/// Outside the core: the core never imports them.
const SHELL: &[&str] = &["discord", "store", "cli", "chart", "main"];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&module))
}

/// The files of a top-level module (`src/x.rs` or everything under `src/x/`).
fn module_files(module: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let dir = src().join(module);
    if dir.is_dir() {
        sources(&dir, &mut files);
    }
    let file = src().join(format!("{module}.rs"));
    if file.is_file() {
        files.push(file);
    }
    files
}

/// A file's code without comments and without its unit tests (what the library builds).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text
        .find("#[cfg(test)]\nmod tests")
        .map_or(text.as_str(), |i| &text[..i]);
    text.lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path a file names through `crate::` or `super::` (use lists expanded), as segments.
fn paths(code: &str) -> Vec<Vec<String>> {
    fn expand(prefix: &str, s: &str, out: &mut Vec<String>) {
        let s = s.trim();
        match (s.find('{'), s.rfind('}')) {
            (Some(open), Some(close)) if close > open => {
                let pre = format!("{prefix}{}", &s[..open]);
                let (mut depth, mut start) = (0, open + 1);
                for (i, c) in s.char_indices().skip(open + 1) {
                    match c {
                        '{' => depth += 1,
                        '}' if depth > 0 => depth -= 1,
                        ',' | '}' if depth == 0 => {
                            expand(&pre, &s[start..i], out);
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
            }
            _ => out.push(format!("{prefix}{s}")),
        }
    }
    let mut flat = Vec::new();
    for stmt in code.split(';') {
        if let Some(i) = stmt.find("use ") {
            if i == 0 || !stmt.as_bytes()[i - 1].is_ascii_alphanumeric() {
                expand("", &stmt[i + 4..].replace(['\n', ' '], ""), &mut flat);
            }
        }
    }
    // Paths written inline in the code (`crate::render::code(…)`).
    let bytes = code.as_bytes();
    for root in ["crate::", "super::"] {
        for (i, _) in code.match_indices(root) {
            if i > 0
                && (bytes[i - 1].is_ascii_alphanumeric()
                    || bytes[i - 1] == b'_'
                    || bytes[i - 1] == b':')
            {
                continue;
            }
            let end = code[i..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| i + e);
            flat.push(code[i..end].to_string());
        }
    }
    flat.into_iter()
        .map(|p| {
            let p = p.split(" as ").next().unwrap_or("").to_string();
            p.split("::")
                .filter(|s| !s.is_empty() && *s != "self" && *s != "*")
                .map(|s| s.split("as").next().unwrap_or(s).to_string())
                .collect()
        })
        .collect()
}

/// The upward or outward imports of the core, as "file imports module" lines.
fn layering_violations(sources_of: impl Fn(&str) -> Vec<(PathBuf, String)>) -> Vec<String> {
    let mut bad = Vec::new();
    for (level, floor) in FLOORS.iter().enumerate() {
        for module in floor.iter() {
            for (file, code) in sources_of(module) {
                for p in paths(&code) {
                    if p.first().map(String::as_str) != Some("crate") || p.len() < 2 {
                        continue;
                    }
                    let target = p[1].as_str();
                    let upward = floor_of(target).is_some_and(|t| t > level);
                    if upward || SHELL.contains(&target) {
                        bad.push(format!("{} imports {target}", file.display()));
                    }
                }
            }
        }
    }
    bad.sort();
    bad.dedup();
    bad
}

fn real_sources(module: &str) -> Vec<(PathBuf, String)> {
    module_files(module)
        .into_iter()
        .map(|f| {
            let c = code(&f);
            (f, c)
        })
        .collect()
}

#[test]
fn the_core_uses_no_discord_runtime_or_io() {
    let mut files = Vec::new();
    for module in FLOORS.iter().flat_map(|f| f.iter()) {
        files.extend(module_files(module));
    }
    assert!(files.len() > 5);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for banned in [
            "serenity::",
            "poise::",
            "tokio::",
            "std::fs",
            "std::net",
            "reqwest::",
            "sqlx::",
        ] {
            assert!(!text.contains(banned), "{} uses {banned}", f.display());
        }
    }
}

#[test]
fn each_floor_of_the_core_imports_only_from_below_and_never_the_shell() {
    let bad = layering_violations(real_sources);
    assert!(
        bad.is_empty(),
        "upward or outward imports:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_layering_check_catches_a_wrong_import() {
    // The real sources, plus one deliberately wrong import per kind.
    let wrong = |module: &str| {
        let mut s = real_sources(module);
        let extra = match module {
            "item" => "use crate::render::Reply;",
            "catalogue" => "use crate::{detect::Detector, item};",
            "render" => "fn f() { crate::discord::Bot::new(); }",
            "auto" => "use crate::store::Store;",
            _ => return s,
        };
        s.push((
            PathBuf::from(format!("{module}/wrong.rs")),
            extra.to_string(),
        ));
        s
    };
    let bad = layering_violations(wrong);
    for want in [
        "item/wrong.rs imports render",
        "catalogue/wrong.rs imports detect",
        "catalogue/wrong.rs imports item",
        "render/wrong.rs imports discord",
        "auto/wrong.rs imports store",
    ] {
        assert!(bad.iter().any(|b| b == want), "{want} not caught: {bad:?}");
    }
    assert_eq!(bad.len(), 5, "{bad:?}");
}

/// The module path of a file: `src/discord/guild.rs` → `discord::guild`.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap().with_extension("");
    let mut segs: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    if matches!(segs.last().map(String::as_str), Some("mod" | "lib")) {
        segs.pop();
    }
    segs
}

fn is_facade(file: &Path) -> bool {
    matches!(
        file.file_name().and_then(|n| n.to_str()),
        Some("mod.rs" | "lib.rs")
    )
}

#[test]
fn no_two_files_of_src_import_each_other() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    files.retain(|f| !f.ends_with("main.rs"));
    let by_module: BTreeMap<Vec<String>, PathBuf> =
        files.iter().map(|f| (module_path(f), f.clone())).collect();
    // An edge for each file another file names; a `mod.rs` (or `lib.rs`) declaring and
    // calling into its own children is their owner, not a dependency that could loop.
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for f in &files {
        let me = module_path(f);
        let dir = f.parent().unwrap().to_path_buf();
        for p in paths(&code(f)) {
            let (mut base, rest) = match p.first().map(String::as_str) {
                Some("crate") => (Vec::new(), &p[1..]),
                Some("super") => {
                    let mut base = me.clone();
                    base.pop();
                    let mut rest = &p[1..];
                    while rest.first().map(String::as_str) == Some("super") {
                        base.pop();
                        rest = &rest[1..];
                    }
                    (base, rest)
                }
                _ => continue,
            };
            base.extend(rest.iter().cloned());
            let target = (0..=base.len())
                .rev()
                .find_map(|n| by_module.get(&base[..n]));
            if let Some(t) = target {
                if t != f && !(is_facade(f) && t.starts_with(&dir)) {
                    edges.entry(f.clone()).or_default().insert(t.clone());
                }
            }
        }
    }
    // A loop exists when some file reaches itself.
    let mut loops = Vec::new();
    for start in &files {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&PathBuf> = edges.get(start).into_iter().flatten().collect();
        while let Some(next) = todo.pop() {
            if next == start {
                loops.push(start.display().to_string());
                break;
            }
            if seen.insert(next) {
                todo.extend(edges.get(next).into_iter().flatten());
            }
        }
    }
    assert!(
        loops.is_empty(),
        "files on an import loop:\n{}",
        loops.join("\n")
    );
    assert!(
        edges.len() > 20,
        "the check sees the imports: {}",
        edges.len()
    );
}
