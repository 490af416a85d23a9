//! The crate's error type.

/// What can go wrong loading knowledge or evaluation data.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiagnosisError {
    /// A knowledge file is not valid JSON for its schema.
    #[error("knowledge file {file} does not parse: {source} — regenerate it with crates/diagnosis/tools/gen_knowledge.py")]
    KnowledgeParse {
        /// Which file (e.g. `causes.json`).
        file: &'static str,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
    /// A knowledge file refers to something that does not exist or holds an impossible number.
    #[error("knowledge is inconsistent: {0}")]
    KnowledgeInvalid(String),
    /// A reading written in a unit its kind of measurement cannot be in
    /// (`coolant_temp=12V`).
    #[error("{name} cannot be in {unit}: write it in {accepted}, or give the number alone")]
    ReadingUnit {
        /// The reading's name.
        name: String,
        /// The unit as written.
        unit: String,
        /// The units it may be written in (`C, F`).
        accepted: String,
    },
    /// A line of an evaluation JSONL file does not parse.
    #[error("evaluation case on line {line} does not parse: {source} — each line must be one JSON object with `id`, `case` and `confirmed_cause`")]
    CaseParse {
        /// 1-based line number.
        line: usize,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
}
