//! Gateway events, dispatched: connection state, a server's lifecycle, messages (new, edited,
//! deleted) and button presses. Work is bounded (`ops`): past the bound an event is dropped
//! and counted, never queued without limit.

use poise::serenity_prelude as serenity;
use serenity::{FullEvent, Interaction};

use super::buttons::{self, Button};
use super::types::{Data, Error};
use super::{lifecycle, messages};

pub async fn handle(
    fw: poise::FrameworkContext<'_, Data, Error>,
    event: &FullEvent,
) -> Result<(), Error> {
    let bot = fw.user_data;
    let ctx = fw.serenity_context;
    // Connection state first: it is not work, and must be seen even when busy.
    match event {
        FullEvent::Ready { .. } => bot.ops.connected(false),
        FullEvent::Resume { .. } => bot.ops.connected(true),
        FullEvent::ShardStageUpdate { event } => bot.ops.gateway_up.store(
            event.new == serenity::ConnectionStage::Connected,
            std::sync::atomic::Ordering::SeqCst,
        ),
        FullEvent::GuildCreate { guild, .. } => {
            return lifecycle::on_guild_create(bot, guild.id.get()).await
        }
        FullEvent::GuildDelete { incomplete, .. } => {
            return lifecycle::on_guild_delete(bot, incomplete.id.get(), incomplete.unavailable)
                .await
        }
        _ => {}
    }
    let what = match event {
        FullEvent::Message { .. } => "message",
        FullEvent::MessageUpdate { .. } => "edit",
        FullEvent::MessageDelete { .. } | FullEvent::MessageDeleteBulk { .. } => "delete",
        FullEvent::InteractionCreate {
            interaction: Interaction::Component(c),
        } if Button::is_ours(&c.data.custom_id) => "button",
        _ => return Ok(()),
    };
    let Some(_working) = bot.ops.begin(what) else {
        return Ok(());
    };
    match event {
        FullEvent::Message { new_message } => messages::on_message(ctx, bot, new_message).await,
        FullEvent::MessageUpdate { event, .. } => messages::on_edit(ctx, bot, event).await,
        FullEvent::MessageDelete {
            deleted_message_id, ..
        } => messages::on_delete(ctx, bot, *deleted_message_id).await,
        FullEvent::MessageDeleteBulk {
            multiple_deleted_messages_ids,
            ..
        } => {
            for id in multiple_deleted_messages_ids {
                messages::on_delete(ctx, bot, *id).await?;
            }
            Ok(())
        }
        FullEvent::InteractionCreate {
            interaction: Interaction::Component(c),
        } => buttons::dispatch(ctx, bot, c).await,
        _ => Ok(()),
    }
}
