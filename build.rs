//! Embeds every file under `data/` into the binary.
//!
//! The catalogue is data: adding a code, a comparison or a whole language is an edit to `data/`,
//! never to Rust. This script lists the files so that `src/catalogue/embedded.rs` can
//! `include_str!` each of them without naming them by hand.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, root, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("toml") | Some("ftl")
        ) {
            out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let data = manifest.join("data");
    println!("cargo:rerun-if-changed=data");
    let mut files = Vec::new();
    collect(&data, &data, &mut files)?;
    let mut code = String::from("/// Every data file, as `(path relative to data/, contents)`.\n");
    code.push_str("pub static FILES: &[(&str, &str)] = &[\n");
    for rel in &files {
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        let abs = data.join(rel);
        println!("cargo:rerun-if-changed={}", abs.display());
        code.push_str(&format!(
            "    ({rel_str:?}, include_str!({:?})),\n",
            abs.to_string_lossy()
        ));
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    fs::write(out_dir.join("data_files.rs"), code)?;
    migrations(&manifest, &out_dir)
}

/// Embeds `migrations/sqlite/*.sql` and `migrations/postgres/*.sql` (sorted by name:
/// `0001_init.sql`…) for `store`, one table per backend. This is what `sqlx::migrate!` does,
/// without its proc-macro crate, which would compile a second copy of SQLite for the host.
fn migrations(manifest: &Path, out_dir: &Path) -> std::io::Result<()> {
    println!("cargo:rerun-if-changed=migrations");
    let mut code = String::new();
    for (backend, table) in [("sqlite", "MIGRATIONS"), ("postgres", "PG_MIGRATIONS")] {
        let dir = manifest.join("migrations").join(backend);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut names: Vec<String> = fs::read_dir(&dir)?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        names.sort();
        code.push_str(&format!(
            "/// Every {backend} migration, as `(file name, SQL)`, in order.\n"
        ));
        code.push_str(&format!("pub static {table}: &[(&str, &str)] = &[\n"));
        for name in &names {
            let abs = dir.join(name);
            println!("cargo:rerun-if-changed={}", abs.display());
            code.push_str(&format!(
                "    ({name:?}, include_str!({:?})),\n",
                abs.to_string_lossy()
            ));
        }
        code.push_str("];\n");
    }
    fs::write(out_dir.join("migrations.rs"), code)
}
