//! `sipbot stats`: the `/sip stats` answer in the terminal, read from the bot's database (an
//! SQLite file, opened read-write without creating it, so WAL readers work beside a running
//! bot; or the PostgreSQL database of a `postgres://` URL), and the same chart as a PNG on
//! request.

use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;

use super::ExitCode;
use crate::catalogue::{Catalogue, Lang};
use crate::render::{self, server};
use crate::settings::first_day;
use crate::store::Store;

pub fn run(
    cat: &Catalogue,
    lang: Lang,
    db: &Path,
    days: u32,
    guild: Option<u64>,
    png: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let text = db.to_string_lossy();
    let postgres = text.starts_with("postgres://") || text.starts_with("postgresql://");
    if !postgres && !db.is_file() {
        anyhow::bail!(
            "{} does not exist: give the file of the bot's DATABASE_URL (default sipbot.db), or its postgres:// URL",
            db.display()
        );
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let first_day = first_day(now, days);
    let url = if postgres {
        text.into_owned()
    } else {
        format!("sqlite://{}?mode=rw", db.display())
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let top = runtime.block_on(async {
        let store = Store::open(&url).await?;
        let top = store.top_codes(guild, first_day, server::STATS_TOP).await;
        store.close().await;
        top
    })?;
    let e = server::stats(cat, lang, days, &top);
    write!(out, "{}", render::text::explanation(&e))?;
    if let Some(path) = png {
        let (title, bars) = server::chart(cat, lang, days, &top);
        let bytes = crate::chart::bar_chart_png(&title, &bars)?;
        std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(0)
}
