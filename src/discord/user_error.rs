//! The lane for what we tell people when sipbot cannot do what they asked: not in a server,
//! no permission, not a code, a file it cannot read, a database that is down… Handlers return
//! a [`UserError`] (as their `Err`) instead of sending a refusal themselves; the one
//! `on_error` of the framework (and the button dispatcher, for buttons) sends it, translated
//! through the interface strings (`data/<lang>/ui.ftl`) and ephemeral. Everything else is a
//! failure of ours: logged, and answered with "something went wrong".

use crate::answer;
use crate::catalogue::{Args, Lang};
use crate::render::Reply;
use crate::settings::NOTE_MAX_CHARS;
use crate::store::StoreError;

use super::attachments::{self, Refusal};
use super::types::Bot;

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("this works in a server only")]
    GuildOnly,
    #[error("Manage Server is needed")]
    NotAdmin,
    #[error("Manage Server or the note role is needed")]
    NotNoteEditor,
    #[error("only the author or a moderator may delete this reply")]
    NotAuthor,
    #[error("the options were not understood")]
    BadOptions,
    #[error("{0:?} is not a SIP response code")]
    NotACode(String),
    #[error("the note is too long")]
    NoteTooLong,
    #[error("the note is empty")]
    NoteEmpty,
    #[error("the file was not read: {0:?}")]
    File(Refusal),
    #[error("the reply no longer points at anything")]
    Gone,
    #[error("the database failed: {0}")]
    Store(#[from] StoreError),
}

impl UserError {
    /// What the person sees, in their language.
    pub fn reply(&self, bot: &Bot, lang: Lang) -> Reply {
        let t = |key: &str| Reply::text(bot.cat.t(lang, key));
        match self {
            UserError::GuildOnly => t("guild-only"),
            UserError::NotAdmin => t("settings-refused"),
            UserError::NotNoteEditor => t("note-refused"),
            UserError::NotAuthor => t("delete-refused"),
            UserError::BadOptions => t("bad-options"),
            UserError::NotACode(input) => answer::not_a_code(&bot.cat, lang, input),
            UserError::NoteTooLong => Reply::text(bot.cat.t_args(
                lang,
                "note-too-long",
                &Args::new().with("max", NOTE_MAX_CHARS),
            )),
            UserError::NoteEmpty => t("note-empty"),
            UserError::File(r) => Reply::text(attachments::refusal_text(bot, lang, r)),
            UserError::Gone => t("details-gone"),
            UserError::Store(_) => t("store-failed"),
        }
    }

    /// Whether this says something went wrong on our side (logged as a warning), rather than
    /// about what was asked (logged as information).
    pub fn is_ours(&self) -> bool {
        matches!(self, UserError::Store(_))
    }
}
