//! Output shapes (seed 002's `recalls` and `reliability` responses) and the
//! vehicle key.

use serde::{Deserialize, Serialize};

/// The OGL–Canada notice Transport Canada's data must carry.
pub const OGL_ATTRIBUTION: &str =
    "Contains information licensed under the Open Government Licence – Canada.";

/// A vehicle as NHTSA and Transport Canada index it: make, model, model year.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = RecallsVehicle))]
pub struct Vehicle {
    /// Model year.
    pub year: u16,
    /// Make, upper-cased ("FORD").
    pub make: String,
    /// Model, upper-cased ("F-150").
    pub model: String,
}

impl Vehicle {
    /// Builds the key, upper-casing and trimming make and model so that
    /// vPIC's "Mustang" finds NHTSA's "MUSTANG".
    pub fn new(year: u16, make: &str, model: &str) -> Vehicle {
        Vehicle {
            year,
            make: make.trim().to_uppercase(),
            model: model.trim().to_uppercase(),
        }
    }
}

impl std::fmt::Display for Vehicle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.year, self.make, self.model)
    }
}

/// A US (NHTSA) recall campaign for one vehicle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UsRecall {
    /// NHTSA campaign number, e.g. `13V100000`.
    pub campaign: String,
    /// Component(s), `; `-joined when the campaign names several.
    pub component: String,
    /// Defect summary.
    pub summary: String,
    /// Consequence of the defect.
    pub consequence: String,
    /// The remedy.
    pub remedy: String,
    /// Report received date, `YYYY-MM-DD` (empty when unknown).
    pub reported_date: String,
}

/// A Transport Canada recall for one vehicle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CaRecall {
    /// Transport Canada recall number, e.g. `2013123`.
    pub recall_number: String,
    /// System type ("Electrical").
    pub system_type: Option<String>,
    /// Transport Canada's comment.
    pub summary: Option<String>,
    /// Units affected in Canada.
    pub units_affected: Option<u64>,
    /// Recall date, `YYYY-MM-DD`.
    pub recall_date: Option<String>,
}

/// US and Canadian recalls side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recalls {
    /// NHTSA campaigns, newest first.
    pub us: Vec<UsRecall>,
    /// Transport Canada recalls, newest first, at most 25 (seed 002's cap).
    pub canada: Vec<CaRecall>,
}

/// Counts of [`Recalls`] (Canada counts every listed recall, beyond the 25 shown).
/// A count is `null` when its source has no data here (its [`SourceStatus`]
/// says `cache: "none"`): not looked at, which is not zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecallCounts {
    /// NHTSA campaigns; `null` when NHTSA recalls were never imported or fetched.
    pub us: Option<usize>,
    /// Transport Canada recall numbers; `null` when Transport Canada was never fetched.
    pub canada: Option<usize>,
}

/// Where one source's data came from this time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SourceStatus {
    /// `nhtsa-recalls`, `nhtsa-complaints` or `tc-recalls`.
    pub source: String,
    /// `miss` (fetched now), `hit` (cached within its window), `stale`
    /// (the upstream failed; older data served), `offline` (network not
    /// used), `none` (nothing fetched or imported).
    pub cache: String,
    /// When the data was last fetched online (RFC 3339, UTC).
    pub fetched_at: Option<String>,
    /// When a flat file was last imported for this source (RFC 3339, UTC).
    pub imported_at: Option<String>,
    /// Older than the source's cache window (24 h recalls, 7 d complaints),
    /// or served because the upstream failed.
    pub stale: bool,
    /// The upstream error, when a refresh failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl SourceStatus {
    /// Whether the source has any data here (fetched or imported at some
    /// time); `false` is `cache: "none"`, whose counts are not known.
    pub fn has_data(&self) -> bool {
        self.fetched_at.is_some() || self.imported_at.is_some()
    }

    /// `n` when the source has data, else `None` (not known, never 0).
    pub fn count<T>(&self, n: T) -> Option<T> {
        self.has_data().then_some(n)
    }
}

/// Provenance of a recalls answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecallsProvenance {
    /// Last NHTSA recalls fetch.
    pub nhtsa_fetched_at: Option<String>,
    /// Last Transport Canada fetch.
    pub tc_fetched_at: Option<String>,
    /// OGL–Canada notice.
    pub attribution: String,
    /// Any source served stale.
    pub stale: bool,
    /// Per source.
    pub sources: Vec<SourceStatus>,
}

/// `shopbench vin recalls` — seed 002's `/v1/recalls` shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecallsReport {
    /// The vehicle asked about.
    pub vehicle: Vehicle,
    /// US and Canadian recalls.
    pub recalls: Recalls,
    /// Their counts.
    pub counts: RecallCounts,
    /// Where they came from.
    pub provenance: RecallsProvenance,
}

/// A component and how many complaint rows name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComponentCount {
    /// NHTSA component string.
    pub component: String,
    /// Complaints naming it.
    pub count: u64,
}

/// Crash/fire/injury sums over complaints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SeveritySignals))]
pub struct Severity {
    /// Complaints reporting a crash.
    pub crashes: u64,
    /// Complaints reporting a fire.
    pub fires: u64,
    /// Persons injured, summed.
    pub injuries: u64,
}

/// Complaint statistics of a reliability snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ComplaintStats {
    /// Distinct complaints (ODI numbers); `null` when NHTSA complaints were
    /// never imported or fetched (not known, not zero).
    pub total: Option<u64>,
    /// The most frequent components, at most 10 (empty when `total` is `null`).
    pub top_components: Vec<ComponentCount>,
    /// Summed severity signals (each complaint counted once); `null` with `total`.
    pub severity: Option<Severity>,
}

/// Recall counts of a reliability snapshot; each is `null` when its source
/// has no data here (`cache: "none"`): not known, not zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecallStats {
    /// NHTSA campaigns.
    pub us_count: Option<u64>,
    /// Transport Canada recalls.
    pub canada_count: Option<u64>,
    /// Sum of units affected over the Canadian recalls.
    pub canada_units_affected: Option<u64>,
}

/// Provenance of a reliability answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReliabilityProvenance {
    /// Last NHTSA complaints fetch.
    pub complaints_fetched_at: Option<String>,
    /// Last NHTSA recalls fetch.
    pub nhtsa_fetched_at: Option<String>,
    /// Last Transport Canada fetch.
    pub tc_fetched_at: Option<String>,
    /// OGL–Canada notice.
    pub attribution: String,
    /// Any source served stale.
    pub stale: bool,
    /// Per source.
    pub sources: Vec<SourceStatus>,
}

/// `shopbench vin reliability` — seed 002's `/v1/reliability` shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReliabilityReport {
    /// The vehicle asked about.
    pub vehicle: Vehicle,
    /// Complaint statistics.
    pub complaints: ComplaintStats,
    /// Recall counts.
    pub recalls: RecallStats,
    /// Where they came from.
    pub provenance: ReliabilityProvenance,
}

/// Unix seconds → `YYYY-MM-DDTHH:MM:SSZ`.
pub fn rfc3339(secs: i64) -> String {
    shopbench_core::calendar::rfc3339(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_783_166_400), "2026-07-04T12:00:00Z");
    }

    #[test]
    fn vehicle_key_is_upper_case() {
        let v = Vehicle::new(2018, "Ford", " Mustang ");
        assert_eq!(v.to_string(), "2018 FORD MUSTANG");
    }
}
