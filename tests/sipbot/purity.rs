//! The pure core stays pure: no Discord, no runtime, no I/O (see ../shared/design.md).

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_core_uses_no_discord_runtime_or_io() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for part in ["catalogue", "detect", "render", "trace", "capture"] {
        let d = src.join(part);
        if d.is_dir() {
            sources(&d, &mut files);
        }
    }
    files.push(src.join("answer.rs"));
    files.push(src.join("auto.rs"));
    files.push(src.join("settings.rs"));
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
