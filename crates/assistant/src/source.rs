//! What a sentence cites: one id per fact shopbench holds, written in
//! square brackets after the sentence.
//!
//! | written | the fact | resolved against |
//! |---|---|---|
//! | `[P0420]` | a trouble code | the generic code catalogue (or the code as the mechanic gave it) |
//! | `[cause:catalyst_failed]` | a root cause | the diagnosis knowledge (`obdex:…` ids: the catalogue's causes) |
//! | `[test:rear_o2_graph]` | a diagnostic test | the diagnosis knowledge |
//! | `[rule:ltft_high]` | a combination, reading, mileage, make or finding rule | the diagnosis knowledge |
//! | `[symptom:rough_idle]` | a symptom tag | the diagnosis knowledge |
//! | `[NHTSA 13V900000]`, `[TC 2013123]` | a recall campaign | the offline recall cache |
//! | `[ODI 10500001]` | an owner complaint | the offline complaint cache |
//! | `[case 17]` | one of the shop's cases | the shop's database |
//! | `[scope:tuning]` | what the assistant does not do, and why | `assets/assistant/language.json` |
//! | `[data:recalls]` | a data set looked in (and what it held) | the lookup itself |

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use shopbench_core::Dtc;

/// Who ran a recall campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Authority {
    /// The US National Highway Traffic Safety Administration (campaign numbers like `13V900000`).
    Nhtsa,
    /// Transport Canada (recall numbers like `2013123`).
    TransportCanada,
}

impl Authority {
    /// `NHTSA` or `TC`, as citations write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Authority::Nhtsa => "NHTSA",
            Authority::TransportCanada => "TC",
        }
    }
}

/// The id of one fact a sentence can cite (see the module docs for the forms).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum SourceId {
    /// A trouble code.
    Code(Dtc),
    /// A root cause of the diagnosis knowledge.
    Cause(String),
    /// A diagnostic test of the diagnosis knowledge.
    Test(String),
    /// A rule of the diagnosis knowledge (its evidence id).
    Rule(String),
    /// A symptom tag.
    Symptom(String),
    /// A recall campaign.
    Recall {
        /// Who ran it.
        authority: Authority,
        /// Its number as the authority writes it.
        number: String,
    },
    /// An owner complaint (NHTSA ODI number).
    Complaint(u64),
    /// One of the shop's cases.
    Case(i64),
    /// A row of the assistant's scope table.
    Scope(String),
    /// A data set that was looked in.
    Data(String),
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceId::Code(c) => write!(f, "{c}"),
            SourceId::Cause(id) => write!(f, "cause:{id}"),
            SourceId::Test(id) => write!(f, "test:{id}"),
            SourceId::Rule(id) => write!(f, "rule:{id}"),
            SourceId::Symptom(id) => write!(f, "symptom:{id}"),
            SourceId::Recall { authority, number } => write!(f, "{} {number}", authority.as_str()),
            SourceId::Complaint(odi) => write!(f, "ODI {odi}"),
            SourceId::Case(id) => write!(f, "case {id}"),
            SourceId::Scope(id) => write!(f, "scope:{id}"),
            SourceId::Data(id) => write!(f, "data:{id}"),
        }
    }
}

/// A citation that is not one of the forms in the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadSource(pub String);

impl fmt::Display for BadSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not a source id", self.0)
    }
}

impl FromStr for SourceId {
    type Err = BadSource;

    fn from_str(s: &str) -> Result<SourceId, BadSource> {
        let t = s.trim();
        let bad = || BadSource(t.to_string());
        let word = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_:-".contains(c))
        };
        if let Some((kind, id)) = t.split_once(':') {
            if !word(id) {
                return Err(bad());
            }
            let id = id.to_string();
            return match kind {
                "cause" => Ok(SourceId::Cause(id)),
                "test" => Ok(SourceId::Test(id)),
                "rule" => Ok(SourceId::Rule(id)),
                "symptom" => Ok(SourceId::Symptom(id)),
                "scope" => Ok(SourceId::Scope(id)),
                "data" => Ok(SourceId::Data(id)),
                _ => Err(bad()),
            };
        }
        if let Some((kind, n)) = t.split_once(' ') {
            let n = n.trim();
            return match kind {
                "NHTSA" | "TC" if word(n) => Ok(SourceId::Recall {
                    authority: if kind == "TC" {
                        Authority::TransportCanada
                    } else {
                        Authority::Nhtsa
                    },
                    number: n.to_string(),
                }),
                "ODI" => n.parse().map(SourceId::Complaint).map_err(|_| bad()),
                "case" => n.parse().map(SourceId::Case).map_err(|_| bad()),
                _ => Err(bad()),
            };
        }
        t.parse::<Dtc>().map(SourceId::Code).map_err(|_| bad())
    }
}

impl From<SourceId> for String {
    fn from(s: SourceId) -> String {
        s.to_string()
    }
}

impl TryFrom<String> for SourceId {
    type Error = BadSource;

    fn try_from(s: String) -> Result<SourceId, BadSource> {
        s.parse()
    }
}

/// Every `[…]` in `text`, in order: the ids that parse, and the bracketed
/// texts that do not (a model writing `[source 3]` is caught by the check).
pub fn cited(text: &str) -> (Vec<SourceId>, Vec<String>) {
    let mut ids = Vec::new();
    let mut bad = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find([']', '[']) else {
            break;
        };
        if after.as_bytes()[close] == b']' {
            let inner = &after[..close];
            match inner.parse::<SourceId>() {
                Ok(id) => ids.push(id),
                Err(_) => bad.push(inner.to_string()),
            }
        }
        rest = &after[close..];
    }
    (ids, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_round_trips() {
        for s in [
            "P0420",
            "cause:catalyst_failed",
            "cause:obdex:cat_efficiency",
            "test:rear_o2_graph",
            "rule:ltft_high",
            "symptom:rough_idle",
            "NHTSA 13V900000",
            "TC 2013123",
            "ODI 10500001",
            "case 17",
            "scope:tuning",
            "data:recalls",
        ] {
            let id: SourceId = s.parse().unwrap();
            assert_eq!(id.to_string(), s);
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(serde_json::from_str::<SourceId>(&json).unwrap(), id);
        }
    }

    #[test]
    fn citations_are_found_and_nonsense_is_kept_apart() {
        let (ids, bad) = cited("P0420 means X [P0420]. It is worn [cause:catalyst_failed] [source 3] [NHTSA 13V900000].");
        assert_eq!(ids.len(), 3);
        assert_eq!(bad, ["source 3"]);
        assert!(cited("no brackets at all").0.is_empty());
        assert_eq!(cited("[[P0420]").0.len(), 1);
    }

    proptest::proptest! {
        #[test]
        fn citation_scanning_never_panics(s in "\\PC{0,200}") {
            let _ = cited(&s);
            let _ = s.parse::<SourceId>();
        }
    }
}
