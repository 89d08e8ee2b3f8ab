//! Shared helpers: the catalogue, the reference tables, the binary.

use std::path::PathBuf;
use std::sync::OnceLock;

use sipbot::catalogue::Catalogue;
use sipbot::detect::Detector;

pub fn cat() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| Catalogue::embedded().expect("the embedded catalogue loads"))
}

#[allow(dead_code)]
pub fn det() -> &'static Detector {
    static DET: OnceLock<Detector> = OnceLock::new();
    DET.get_or_init(|| Detector::new(cat()))
}

pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Rows of a reference CSV (header skipped), split on commas outside quotes.
pub fn csv(name: &str) -> Vec<Vec<String>> {
    let text =
        std::fs::read_to_string(fixture(&format!("reference/{name}"))).expect("reference table");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut cells = Vec::new();
            let mut cur = String::new();
            let mut quoted = false;
            for ch in line.chars() {
                match ch {
                    '"' => quoted = !quoted,
                    ',' if !quoted => cells.push(std::mem::take(&mut cur)),
                    c => cur.push(c),
                }
            }
            cells.push(cur);
            cells
        })
        .collect()
}

pub fn bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_sipbot"));
    // Tests must not depend on the developer's environment.
    c.env_remove("DISCORD_TOKEN")
        .env_remove("LANG")
        .env("NO_COLOR", "1");
    c
}
