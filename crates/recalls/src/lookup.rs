//! Per-vehicle answers: refresh each source when its cache window has run
//! out (and the network may be used), serve stale data when the upstream
//! fails, then read the answer from the store.
//!
//! The clock is a value (`now`, Unix seconds) handed in by the caller, so the
//! windows are testable.

use crate::error::{Error, Result};
use crate::known::{self, KnownIssuesReport};
use crate::online::Upstream;
use crate::report::{
    rfc3339, ComplaintStats, RecallCounts, RecallStats, Recalls, RecallsProvenance, RecallsReport,
    ReliabilityProvenance, ReliabilityReport, SourceStatus, Vehicle, OGL_ATTRIBUTION,
};
use crate::store::{ImportKind, Store};

/// Recalls are refetched after 24 hours (per source).
pub const RECALLS_WINDOW_SECS: i64 = 24 * 3600;
/// Complaints are refetched after 7 days.
pub const COMPLAINTS_WINDOW_SECS: i64 = 7 * 24 * 3600;

/// Whether data fetched at `fetched_at` is still inside its window at `now`.
pub fn is_fresh(fetched_at: Option<i64>, now: i64, window_secs: i64) -> bool {
    fetched_at.is_some_and(|t| now >= t && now - t < window_secs)
}

/// The three sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// NHTSA recalls (API or `FLAT_RCL`).
    NhtsaRecalls,
    /// NHTSA owner complaints (API or `FLAT_CMPL`).
    NhtsaComplaints,
    /// Transport Canada recalls (API).
    TcRecalls,
}

impl Source {
    /// Its name in the store and in provenance.
    pub fn name(self) -> &'static str {
        match self {
            Source::NhtsaRecalls => "nhtsa-recalls",
            Source::NhtsaComplaints => "nhtsa-complaints",
            Source::TcRecalls => "tc-recalls",
        }
    }

    fn window(self) -> i64 {
        match self {
            Source::NhtsaComplaints => COMPLAINTS_WINDOW_SECS,
            _ => RECALLS_WINDOW_SECS,
        }
    }

    fn import_kind(self) -> Option<ImportKind> {
        match self {
            Source::NhtsaRecalls => Some(ImportKind::Recalls),
            Source::NhtsaComplaints => Some(ImportKind::Complaints),
            Source::TcRecalls => None,
        }
    }
}

/// Whether the network may be used.
#[derive(Debug, Clone)]
pub enum Network {
    /// Never touch the network: answer from the store.
    Offline,
    /// Refresh from these upstreams when a window has run out.
    Online(Upstream),
}

/// Answers about one vehicle at a time from the store, refreshing it first
/// when the network may be used.
#[derive(Debug)]
pub struct Lookup<'a> {
    store: &'a mut Store,
    network: Network,
    now: i64,
}

impl<'a> Lookup<'a> {
    /// A lookup over `store` at time `now` (Unix seconds).
    pub fn new(store: &'a mut Store, network: Network, now: i64) -> Lookup<'a> {
        Lookup {
            store,
            network,
            now,
        }
    }

    /// Brings one source up to date for `v` (or says why not).
    pub async fn refresh(&mut self, source: Source, v: &Vehicle) -> Result<SourceStatus> {
        let fetched = self.store.fetched_at(source.name(), v)?;
        let imported = match source.import_kind() {
            Some(kind) => self.store.last_import(kind)?,
            None => None,
        };
        let newest = fetched.max(imported);
        let status =
            |cache: &str, fetched: Option<i64>, stale: bool, error: Option<String>| SourceStatus {
                source: source.name().to_string(),
                cache: cache.to_string(),
                fetched_at: fetched.map(rfc3339),
                imported_at: imported.map(rfc3339),
                stale,
                error,
            };
        let upstream = match &self.network {
            Network::Offline => {
                let cache = if newest.is_some() { "offline" } else { "none" };
                let stale = newest.is_some() && !is_fresh(newest, self.now, source.window());
                return Ok(status(cache, fetched, stale, None));
            }
            Network::Online(u) => u.clone(),
        };
        if is_fresh(fetched, self.now, source.window()) {
            return Ok(status("hit", fetched, false, None));
        }
        let outcome = match source {
            Source::NhtsaRecalls => match upstream.nhtsa_recalls(v).await {
                Ok(rows) => self
                    .store
                    .replace_us_recalls(v, &rows, self.now)
                    .map(|()| Ok(())),
                Err(e) => Ok(Err(e)),
            },
            Source::NhtsaComplaints => match upstream.nhtsa_complaints(v).await {
                Ok(rows) => self
                    .store
                    .replace_complaints(v, &rows, self.now)
                    .map(|()| Ok(())),
                Err(e) => Ok(Err(e)),
            },
            Source::TcRecalls => match upstream.tc_recalls(v).await {
                Ok(rows) => self
                    .store
                    .replace_ca_recalls(v, &rows, self.now)
                    .map(|()| Ok(())),
                Err(e) => Ok(Err(e)),
            },
        }?;
        Ok(match outcome {
            Ok(()) => status("miss", Some(self.now), false, None),
            // A failure is never recorded: the next call tries again.
            Err(e) => status(
                if newest.is_some() { "stale" } else { "none" },
                fetched,
                true,
                Some(e.to_string()),
            ),
        })
    }

    fn require_some(&self, v: &Vehicle, sources: &[SourceStatus]) -> Result<()> {
        if sources.iter().any(SourceStatus::has_data) {
            return Ok(());
        }
        let reason = match self.network {
            Network::Offline => "offline, and nothing was imported or fetched before".to_string(),
            Network::Online(_) => {
                let errors: Vec<&str> = sources.iter().filter_map(|s| s.error.as_deref()).collect();
                format!("every upstream failed ({})", errors.join("; "))
            }
        };
        Err(Error::NoData {
            vehicle: v.to_string(),
            reason,
        })
    }

    /// US and Canadian recalls for `v` (seed 002's recalls shape).
    pub async fn recalls(&mut self, v: &Vehicle) -> Result<RecallsReport> {
        let us = self.refresh(Source::NhtsaRecalls, v).await?;
        let tc = self.refresh(Source::TcRecalls, v).await?;
        let sources = vec![us, tc];
        self.require_some(v, &sources)?;
        let us_recalls = self.store.us_recalls(v)?;
        let (canada, canada_count, _) = self.store.ca_recalls(v)?;
        Ok(RecallsReport {
            vehicle: v.clone(),
            counts: RecallCounts {
                us: sources[0].count(us_recalls.len()),
                canada: sources[1].count(canada_count as usize),
            },
            recalls: Recalls {
                us: us_recalls,
                canada,
            },
            provenance: RecallsProvenance {
                nhtsa_fetched_at: sources[0].fetched_at.clone(),
                tc_fetched_at: sources[1].fetched_at.clone(),
                attribution: OGL_ATTRIBUTION.to_string(),
                stale: sources.iter().any(|s| s.stale),
                sources,
            },
        })
    }

    /// The reliability snapshot for `v` (seed 002's reliability shape).
    pub async fn reliability(&mut self, v: &Vehicle) -> Result<ReliabilityReport> {
        let cmpl = self.refresh(Source::NhtsaComplaints, v).await?;
        let us = self.refresh(Source::NhtsaRecalls, v).await?;
        let tc = self.refresh(Source::TcRecalls, v).await?;
        let sources = vec![cmpl, us, tc];
        self.require_some(v, &sources)?;
        let complaints = match sources[0].has_data() {
            true => self.store.complaint_stats(v)?,
            false => ComplaintStats {
                total: None,
                top_components: Vec::new(),
                severity: None,
            },
        };
        let us_count = self.store.us_recalls(v)?.len() as u64;
        let (_, canada_count, canada_units_affected) = self.store.ca_recalls(v)?;
        Ok(ReliabilityReport {
            vehicle: v.clone(),
            complaints,
            recalls: RecallStats {
                us_count: sources[1].count(us_count),
                canada_count: sources[2].count(canada_count),
                canada_units_affected: sources[2].count(canada_units_affected),
            },
            provenance: ReliabilityProvenance {
                complaints_fetched_at: sources[0].fetched_at.clone(),
                nhtsa_fetched_at: sources[1].fetched_at.clone(),
                tc_fetched_at: sources[2].fetched_at.clone(),
                attribution: OGL_ATTRIBUTION.to_string(),
                stale: sources.iter().any(|s| s.stale),
                sources,
            },
        })
    }

    /// Known issues for `v` from its complaints (seed 002's known-issues
    /// shape), stamped with the lookup's time when failure modes were found.
    pub async fn known_issues(&mut self, v: &Vehicle) -> Result<KnownIssuesReport> {
        let status = self.refresh(Source::NhtsaComplaints, v).await?;
        self.require_some(v, std::slice::from_ref(&status))?;
        let issues = known::known_issues(&self.store.complaints(v)?);
        Ok(KnownIssuesReport {
            vehicle: v.clone(),
            synthesized_at: (issues.status == "ok").then(|| rfc3339(self.now)),
            issues,
            provenance: status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        let t = 1_000_000;
        assert!(is_fresh(
            Some(t),
            t + RECALLS_WINDOW_SECS - 1,
            RECALLS_WINDOW_SECS
        ));
        assert!(!is_fresh(
            Some(t),
            t + RECALLS_WINDOW_SECS,
            RECALLS_WINDOW_SECS
        ));
        assert!(is_fresh(Some(t), t + 6 * 86_400, COMPLAINTS_WINDOW_SECS));
        assert!(!is_fresh(None, t, COMPLAINTS_WINDOW_SECS));
        // A clock that went backwards does not make data fresh forever.
        assert!(!is_fresh(Some(t), t - 10, RECALLS_WINDOW_SECS));
    }
}
