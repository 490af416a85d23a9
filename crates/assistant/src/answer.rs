//! An answer: sentences, each with the sources it was built from, and every
//! cited source resolved; rendered as text one sentence a line (the unit
//! streamed), with the citations in square brackets.

use serde::{Deserialize, Serialize};

use crate::source::SourceId;

/// The engine that writes answers from the gathered facts alone.
pub const FACTS_ENGINE: &str = "shopbench-facts";
/// The shop's own language model, given the same facts and checked against them.
pub const MODEL_ENGINE: &str = "shopbench-model";

/// Which part of an answer a sentence belongs to (a blank line separates parts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The saved case the question is about.
    Case,
    /// What the codes mean; results the mechanic reported.
    Meaning,
    /// The likely causes, in order.
    Causes,
    /// What to test first.
    Plan,
    /// Recall campaigns.
    Recalls,
    /// Owner complaints and known issues.
    Complaints,
    /// The shop's own closed cases.
    Cases,
    /// Why the question is not answered.
    Refusal,
    /// A language model's sentence (checked).
    Model,
}

/// One sentence and what it cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// The part it belongs to.
    pub part: Part,
    /// The sentence, without its citations.
    pub text: String,
    /// Its sources, at least one.
    pub sources: Vec<SourceId>,
}

impl Sentence {
    pub(crate) fn new(part: Part, text: impl Into<String>, sources: Vec<SourceId>) -> Sentence {
        Sentence {
            part,
            text: text.into(),
            sources,
        }
    }

    /// The sentence with its citations: `P0420 means … [P0420].`
    pub fn render(&self) -> String {
        let text = self.text.trim_end();
        let (body, end) = match text.chars().last() {
            Some(c @ ('.' | '?' | '!')) => (&text[..text.len() - c.len_utf8()], c),
            _ => (text, '.'),
        };
        let cites: Vec<String> = self.sources.iter().map(|s| format!("[{s}]")).collect();
        format!("{} {}{end}", body.trim_end(), cites.join(" "))
    }
}

/// A cited source, resolved: what it is and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// Its id, as written in the brackets.
    pub id: SourceId,
    /// A one-line name ("Catalyst System Efficiency Below Threshold (Bank 1)").
    pub title: String,
    /// What it holds (a campaign's summary and remedy, a test's procedure).
    pub detail: String,
}

/// An answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The engine that wrote it ([`FACTS_ENGINE`] or [`MODEL_ENGINE`]).
    pub engine: String,
    /// Its sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Every source cited, resolved, in the order first cited.
    pub citations: Vec<Citation>,
    /// Why a language model's answer was set aside for this one, if it was.
    pub note: Option<String>,
}

impl Answer {
    /// The pieces streamed, in order: one sentence a line, a blank line
    /// between parts. Joined, they are [`Answer::text`].
    pub fn chunks(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.sentences.len());
        let mut last: Option<Part> = None;
        for s in &self.sentences {
            let gap = if last.is_some_and(|p| p != s.part) {
                "\n"
            } else {
                ""
            };
            out.push(format!("{gap}{}\n", s.render()));
            last = Some(s.part);
        }
        out
    }

    /// The whole answer as text.
    pub fn text(&self) -> String {
        self.chunks().concat()
    }

    /// Tokens, as the facts engine counts them: the answer's words and
    /// citations (a language model's answer reports its own count instead).
    pub fn tokens(&self) -> u32 {
        self.text().split_whitespace().count() as u32
    }

    /// Whether this is a refusal (or a request for something to go on).
    pub fn is_refusal(&self) -> bool {
        !self.sentences.is_empty() && self.sentences.iter().all(|s| s.part == Part::Refusal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_carries_its_citations_before_its_full_stop() {
        let s = Sentence::new(
            Part::Meaning,
            "P0420 means low catalyst efficiency.",
            vec!["P0420".parse().unwrap()],
        );
        assert_eq!(s.render(), "P0420 means low catalyst efficiency [P0420].");
        let q = Sentence::new(
            Part::Refusal,
            "Not that?",
            vec!["scope:tuning".parse().unwrap()],
        );
        assert_eq!(q.render(), "Not that [scope:tuning]?");
    }

    #[test]
    fn parts_are_separated_by_a_blank_line() {
        let a = Answer {
            engine: FACTS_ENGINE.into(),
            sentences: vec![
                Sentence::new(Part::Meaning, "A", vec!["P0420".parse().unwrap()]),
                Sentence::new(Part::Causes, "B", vec!["cause:x".parse().unwrap()]),
                Sentence::new(Part::Causes, "C", vec!["cause:y".parse().unwrap()]),
            ],
            citations: Vec::new(),
            note: None,
        };
        assert_eq!(a.text(), "A [P0420].\n\nB [cause:x].\nC [cause:y].\n");
        assert_eq!(a.tokens(), 6);
    }
}
