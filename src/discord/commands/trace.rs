//! `/sip trace`: a SIP trace or log from an attached file, or pasted into a pop-up.

use std::time::Duration;

use poise::futures_util::StreamExt;
use poise::serenity_prelude as serenity;
use serenity::{
    ActionRowComponent, Attachment, CreateActionRow, CreateInputText, CreateInteractionResponse,
    CreateModal, InputTextStyle, ModalInteractionCollector,
};

use super::lang;
use crate::catalogue::Lang;
use crate::discord::types::{Data, Error};
use crate::discord::user_error::UserError;
use crate::discord::{attachments, buttons, convert};

/// How long the paste pop-up waits for the user.
const MODAL_TIMEOUT: Duration = Duration::from_secs(900);

/// Analyse a SIP trace or log: an attached file, or paste it in a pop-up.
#[poise::command(slash_command)]
pub async fn trace(
    ctx: poise::ApplicationContext<'_, Data, Error>,
    #[description = "A text log (.txt, .log, .sip, .out) or a capture (.pcap, .pcapng); leave empty to paste"]
    file: Option<Attachment>,
) -> Result<(), Error> {
    let bot = ctx.data().clone();
    let lang = lang(poise::Context::Application(ctx)).await;
    let Some(att) = file else {
        return paste(ctx, &bot, lang).await;
    };
    // Downloading and analysing may take longer than Discord's 3 seconds.
    ctx.defer().await?;
    if let Some(r) = attachments::capture_reply(&bot, lang, &att, false).await {
        let reply = r.map_err(UserError::File)?;
        ctx.send(convert::poise_reply(&reply, false)).await?;
        return Ok(());
    }
    let text = attachments::fetch(&att, bot.max_attachment)
        .await
        .map_err(UserError::File)?;
    let (reply, _) = attachments::analyse(&bot, lang, text, false).await;
    ctx.send(convert::poise_reply(&reply, false)).await?;
    Ok(())
}

/// The paste pop-up: a modal with one long text field, answered when submitted.
async fn paste(
    ctx: poise::ApplicationContext<'_, Data, Error>,
    bot: &Data,
    lang: Lang,
) -> Result<(), Error> {
    let id = buttons::paste_id(ctx.interaction.id.get());
    let field = CreateInputText::new(
        InputTextStyle::Paragraph,
        bot.cat.t(lang, "paste-label"),
        "text",
    )
    .placeholder(bot.cat.t(lang, "paste-placeholder"))
    .max_length(4000)
    .required(true);
    let modal = CreateModal::new(&id, bot.cat.t(lang, "paste-title"))
        .components(vec![CreateActionRow::InputText(field)]);
    // Listen before the pop-up opens, so a quick submit cannot be missed.
    let filter_id = id.clone();
    let mut submits = Box::pin(
        ModalInteractionCollector::new(ctx.serenity_context())
            .filter(move |m| m.data.custom_id == filter_id)
            .timeout(MODAL_TIMEOUT)
            .stream(),
    );
    ctx.interaction
        .create_response(
            ctx.serenity_context(),
            CreateInteractionResponse::Modal(modal),
        )
        .await?;
    ctx.has_sent_initial_response
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let Some(submit) = submits.next().await else {
        return Ok(()); // closed without sending: nothing to answer
    };
    let text: String = submit
        .data
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .filter_map(|c| match c {
            ActionRowComponent::InputText(t) => t.value.clone(),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (reply, _) = attachments::analyse(bot, lang, text, false).await;
    submit
        .create_response(
            ctx.serenity_context(),
            CreateInteractionResponse::Message(convert::interaction_message(
                &reply,
                false,
                Vec::new(),
            )),
        )
        .await?;
    Ok(())
}
