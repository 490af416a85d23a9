//! The Ask screen: ask (streamed as `assistant-delta` events), list and open conversations.

use shopbench_views::{AnswerDelta, Ask, ListConversations, OpenConversation, Out, ANSWER_EVENT};
use tauri::{AppHandle, Emitter, State};

use super::{bind, off_main};
use crate::error::DesktopError;
use crate::handlers::assistant;
use crate::shop::Shop;

bind!(ask => Ask);
#[tauri::command]
pub async fn ask(
    app: AppHandle,
    shop: State<'_, Shop>,
    args: Ask,
) -> Result<Out<Ask>, DesktopError> {
    let shop = shop.inner().clone();
    off_main(move || {
        let request = args.request.clone();
        let mut emit = |delta: &str| {
            let piece = AnswerDelta {
                request: request.clone(),
                delta: delta.to_string(),
            };
            let _ = app.emit(ANSWER_EVENT, piece);
        };
        assistant::ask(
            &shop,
            &args.message,
            args.conversation,
            args.case,
            &mut emit,
        )
    })
    .await
}

bind!(list_conversations => ListConversations);
#[tauri::command]
pub fn list_conversations(
    shop: State<'_, Shop>,
    args: ListConversations,
) -> Result<Out<ListConversations>, DesktopError> {
    assistant::list(&shop, &args.query)
}

bind!(open_conversation => OpenConversation);
#[tauri::command]
pub fn open_conversation(
    shop: State<'_, Shop>,
    args: OpenConversation,
) -> Result<Out<OpenConversation>, DesktopError> {
    assistant::open(&shop, args.id)
}
