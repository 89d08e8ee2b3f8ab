//! Interface strings (titles, field names, buttons, errors, help) in Project Fluent files,
//! `data/<lang>/ui.ftl`. Catalogue texts stay in TOML; only the words around them live here.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// Named arguments for a Fluent message: `{ $code }` and so on.
#[derive(Default)]
pub struct Args(Vec<(&'static str, String)>);

impl Args {
    pub fn new() -> Args {
        Args(Vec::new())
    }

    pub fn with(mut self, name: &'static str, value: impl ToString) -> Args {
        self.0.push((name, value.to_string()));
        self
    }
}

pub(super) struct UiBundle {
    bundle: FluentBundle<FluentResource>,
    keys: Vec<String>,
}

impl UiBundle {
    pub(super) fn new(lang: &str, source: &str) -> Result<UiBundle, String> {
        let resource = FluentResource::try_new(source.to_string()).map_err(|(_, errors)| {
            format!("{} Fluent syntax error(s): {:?}", errors.len(), errors)
        })?;
        let keys = resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect();
        let mut bundle = Self::bundle(lang);
        bundle
            .add_resource(resource)
            .map_err(|errors| format!("{errors:?}"))?;
        Ok(UiBundle { bundle, keys })
    }

    pub(super) fn empty(lang: &str) -> UiBundle {
        UiBundle {
            bundle: Self::bundle(lang),
            keys: Vec::new(),
        }
    }

    fn bundle(lang: &str) -> FluentBundle<FluentResource> {
        let id = lang.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Unicode isolation marks would end up inside Discord embeds and terminal text.
        bundle.set_use_isolating(false);
        bundle
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    pub(super) fn keys(&self) -> Vec<String> {
        self.keys.clone()
    }

    pub(super) fn format(&self, key: &str, args: &Args) -> Option<String> {
        let message = self.bundle.get_message(key)?;
        let pattern = message.value()?;
        let mut fargs = FluentArgs::new();
        for (name, value) in &args.0 {
            // Numbers go in as numbers so that Fluent's plural rules can select on them.
            // Only canonical numbers: "099" typed by a user must come back as "099".
            match value.parse::<i64>() {
                Ok(n) if n.to_string() == *value => fargs.set(*name, FluentValue::from(n)),
                _ => fargs.set(*name, FluentValue::from(value.as_str())),
            }
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fargs), &mut errors);
        Some(text.into_owned())
    }
}
