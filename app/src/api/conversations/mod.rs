//! Conversations: answering a post, messages, accepting a helper, marking help as given,
//! blocking and reporting. Every function checks that the caller takes part in the
//! conversation (`ssr::conversations`); forms work with and without JavaScript.
use crate::domain::account::FormFeedback;
use crate::domain::conversation::{ConversationSummary, ConversationView};
use crate::domain::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::posts::refused;
#[cfg(feature = "ssr")]
use crate::domain::account::{FormId, Notice, Role};
#[cfg(feature = "ssr")]
use crate::ssr::conversations;
#[cfg(feature = "ssr")]
use crate::ssr::posts::Refusal;
#[cfg(feature = "ssr")]
use crate::ssr::request::{RequestCtx, log_internal};

/// What the form keeps of a refused text: at most what a message may hold.
#[cfg(feature = "ssr")]
fn cut(text: &str) -> String {
    text.chars()
        .take(crate::domain::conversation::MESSAGE_MAX)
        .collect()
}

#[cfg(feature = "ssr")]
fn parse_id(ctx: &RequestCtx, id: &str) -> Result<i64, AppError> {
    id.parse::<i64>()
        .map_err(|_| ctx.refuse(AppError::NotFound))
}

/// "I can help" on a need, "I'm interested" on an offer: the first message to its author.
#[server(prefix = "/fn", endpoint = "conversations/start")]
pub async fn answer_post(post_id: String, message: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let post_id = parse_id(&ctx, &post_id)?;
    let feedback = match conversations::start(&ctx.state, &user, post_id, &message)
        .await
        .map_err(log_internal)?
    {
        Ok(id) => {
            let feedback = FormFeedback::notice(FormId::Message, Notice::MessageSent);
            ctx.flash(&feedback).await?;
            feedback.redirect(&format!("/conversations/{id}"))
        }
        Err(refusal) => refused(FormId::Answer, refusal, &[]).keep("message", &cut(&message)),
    };
    ctx.finish(feedback, &format!("/posts/{post_id}")).await
}

#[server(prefix = "/fn", endpoint = "conversations/send")]
pub async fn send_message(id: String, message: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let id = parse_id(&ctx, &id)?;
    let feedback = match conversations::send(&ctx.state, &user, id, &message)
        .await
        .map_err(log_internal)?
    {
        Ok(()) => FormFeedback::notice(FormId::Message, Notice::MessageSent),
        Err(Refusal::NotFound) => return Err(ctx.refuse(AppError::NotFound)),
        Err(refusal) => refused(FormId::Message, refusal, &[]).keep("message", &cut(&message)),
    };
    ctx.finish(feedback, &format!("/conversations/{id}")).await
}

/// `to`: `accepted` (the author chooses this helper), `done` (the help was given) or
/// `blocked` (no more contact with the other side).
#[server(prefix = "/fn", endpoint = "conversations/state")]
pub async fn change_conversation(id: String, to: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let id = parse_id(&ctx, &id)?;
    let state = &ctx.state;
    let (outcome, notice) = match to.as_str() {
        "accepted" => (
            conversations::accept(state, &user, id).await,
            Notice::HelperAccepted,
        ),
        "done" => (
            conversations::finish(state, &user, id).await,
            Notice::HelpGiven,
        ),
        "blocked" => (
            conversations::block(state, &user, id).await,
            Notice::UserBlocked,
        ),
        _ => return Err(ctx.refuse(AppError::Request("unknown state".into()))),
    };
    let feedback = match outcome.map_err(log_internal)? {
        Ok(()) => FormFeedback::notice(FormId::ConversationAction, notice),
        Err(Refusal::NotFound) => return Err(ctx.refuse(AppError::NotFound)),
        Err(refusal) => refused(FormId::ConversationAction, refusal, &[]),
    };
    ctx.finish(feedback, &format!("/conversations/{id}")).await
}

#[server(prefix = "/fn", endpoint = "conversations/report")]
pub async fn report_conversation(id: String, reason: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let id = parse_id(&ctx, &id)?;
    let feedback = match conversations::report(&ctx.state, &user, id, &reason)
        .await
        .map_err(log_internal)?
    {
        Ok(()) => FormFeedback::notice(FormId::ConversationReport, Notice::ConversationReported),
        Err(Refusal::NotFound) => return Err(ctx.refuse(AppError::NotFound)),
        Err(refusal) => {
            refused(FormId::ConversationReport, refusal, &[]).keep("reason", &cut(&reason))
        }
    };
    ctx.finish(feedback, &format!("/conversations/{id}")).await
}

/// A conversation's page; anyone but its two participants gets "not found".
#[server(prefix = "/fn", endpoint = "conversations/get")]
pub async fn load_conversation(id: String) -> Result<ConversationView, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let id = parse_id(&ctx, &id)?;
    match conversations::view(&ctx.state, &user, id)
        .await
        .map_err(log_internal)?
    {
        Ok(view) => Ok(view),
        Err(_) => Err(ctx.refuse(AppError::NotFound)),
    }
}

#[server(prefix = "/fn", endpoint = "conversations/mine")]
pub async fn my_conversations() -> Result<Vec<ConversationSummary>, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    conversations::list(&ctx.state, &user)
        .await
        .map_err(log_internal)
}
