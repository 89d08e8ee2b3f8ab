//! Hangup cause names: the names FreeSWITCH and Asterisk print for why a call ended
//! (`USER_BUSY`, `AST_CAUSE_USER_BUSY`), each with the number its PBX gives it and the PBX
//! table that says so (`data/hangup_causes.toml`). A number that Q.850 defines is that Q.850
//! cause; the rest are the PBX's own and have a text of their own in each language.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::CatalogueError;

/// A PBX's published table of hangup causes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HangupSource {
    /// "FreeSWITCH", "Asterisk".
    pub product: String,
    /// Where in its sources the table is.
    pub table: String,
    pub url: String,
}

/// One name as a PBX prints it.
#[derive(Debug, Clone)]
pub struct HangupName {
    pub name: String,
    /// The PBX's number for it.
    pub value: u16,
    /// The key of its `HangupSource` ("freeswitch", "asterisk").
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NameRow {
    name: String,
    value: u16,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    source: String,
    names: Vec<NameRow>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct HangupFile {
    #[serde(default)]
    source: BTreeMap<String, HangupSource>,
    #[serde(default)]
    name: Vec<Group>,
}

/// The names, with an index by upper-case name.
#[derive(Debug, Default)]
pub(super) struct Hangup {
    pub sources: BTreeMap<String, HangupSource>,
    pub names: Vec<HangupName>,
    by_name: HashMap<String, usize>,
}

/// FreeSWITCH's C prefix, which its logs leave out but its code and some posts keep.
const FREESWITCH_PREFIX: &str = "SWITCH_CAUSE_";
/// Asterisk's prefix, which people sometimes leave out ("AST_CAUSE_" + "UNALLOCATED").
const ASTERISK_PREFIX: &str = "AST_CAUSE_";

impl Hangup {
    pub(super) fn from_file(file: HangupFile) -> Result<Hangup, CatalogueError> {
        let mut out = Hangup {
            sources: file.source,
            ..Hangup::default()
        };
        for group in file.name {
            if !out.sources.contains_key(&group.source) {
                return Err(CatalogueError::Invalid(format!(
                    "hangup_causes.toml: unknown source {:?}",
                    group.source
                )));
            }
            for row in group.names {
                let key = row.name.to_ascii_uppercase();
                if out.by_name.insert(key, out.names.len()).is_some() {
                    return Err(CatalogueError::Invalid(format!(
                        "hangup cause name {} appears twice",
                        row.name
                    )));
                }
                out.names.push(HangupName {
                    name: row.name,
                    value: row.value,
                    source: group.source.clone(),
                });
            }
        }
        Ok(out)
    }

    /// The name as typed, in any case, with or without FreeSWITCH's `SWITCH_CAUSE_` prefix,
    /// or an Asterisk name without its `AST_CAUSE_` prefix when no FreeSWITCH name is spelt so.
    pub(super) fn get(&self, typed: &str) -> Option<&HangupName> {
        let upper = typed.trim().to_ascii_uppercase();
        if upper.is_empty()
            || !upper
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return None;
        }
        let bare = upper.strip_prefix(FREESWITCH_PREFIX).unwrap_or(&upper);
        self.by_name
            .get(bare)
            .or_else(|| self.by_name.get(&format!("{ASTERISK_PREFIX}{bare}")))
            .and_then(|&i| self.names.get(i))
    }
}
