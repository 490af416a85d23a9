//! The crate's error type.

/// What can go wrong loading the assistant's tables.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AssistantError {
    /// `assets/assistant/language.json` does not parse.
    #[error("the assistant's word tables (assets/assistant/language.json) do not parse: {0}")]
    Parse(#[from] serde_json::Error),
    /// The tables name something the diagnosis knowledge does not have.
    #[error(
        "the assistant's word tables are inconsistent: {0} — fix assets/assistant/language.json"
    )]
    Inconsistent(String),
}
