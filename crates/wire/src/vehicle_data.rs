//! Seed 002's vehicle-data answers — VIN decode, recalls, reliability, known
//! issues and purchase costs — each a JSON object carrying the seed's
//! top-level `disclaimer`, and the free `/v1/sample/*` answers on one fixed
//! vehicle. The payloads are the engines' own types, embedded as they are.

use serde::{Deserialize, Serialize};
use shopbench_costs::{CaCosts, UsCosts};

/// The `disclaimer` of every vehicle-data answer (seed 002: informational
/// data, not advice, not a vehicle-history report).
pub const DISCLAIMER: &str = "shopbench provides informational vehicle data from public sources \
(NHTSA vPIC, NHTSA recalls and owner complaints, Transport Canada recalls) and published tax and \
fee rules. It is not professional, legal or purchasing advice and not a vehicle-history report \
(no liens, accidents, title, odometer or owner data); it is provided as is, without warranty. \
Recall and complaint data reflect the source files as of their import or fetch time. Contains \
information licensed under the Open Government Licence – Canada.";

/// Seed 002's fixed sample vehicle, a 2013 Ford F-150: every `/v1/sample/*`
/// answer is about it.
pub const SAMPLE_VIN: &str = "1FTFW1ET5DFC10312";

/// The `note` of every sample answer.
pub const SAMPLE_NOTE: &str = "Fixed sample vehicle (2013 Ford F-150, VIN 1FTFW1ET5DFC10312), \
computed live from this server's data like the paid route. Ask about any VIN with an API key — \
see /discovery.";

/// A vehicle-data answer: the answer, with [`DISCLAIMER`] beside its fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VehicleData<T> {
    /// The answer's own fields.
    #[serde(flatten)]
    pub answer: T,
    /// Informational data only: not professional or purchasing advice, not a
    /// vehicle-history report.
    pub disclaimer: String,
}

impl<T> VehicleData<T> {
    /// `answer` with the disclaimer.
    pub fn new(answer: T) -> VehicleData<T> {
        VehicleData {
            answer,
            disclaimer: DISCLAIMER.to_string(),
        }
    }
}

/// A report about the vehicle a VIN decodes to, with that VIN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForVin<T> {
    /// The VIN asked about (upper case).
    pub vin: String,
    /// The report's fields.
    #[serde(flatten)]
    pub report: T,
}

impl<T> ForVin<T> {
    /// `report` about `vin`.
    pub fn new(vin: impl Into<String>, report: T) -> ForVin<T> {
        ForVin {
            vin: vin.into(),
            report,
        }
    }
}

/// A free sample: the paid twin's answer, marked `sample: true` with a `note`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sample<T> {
    /// Always true.
    pub sample: bool,
    /// Which vehicle, and how to ask about another.
    pub note: String,
    /// The same fields as the paid route's answer.
    #[serde(flatten)]
    pub answer: T,
}

impl<T> Sample<T> {
    /// `answer` marked as the sample.
    pub fn new(answer: T) -> Sample<T> {
        Sample {
            sample: true,
            note: SAMPLE_NOTE.to_string(),
            answer,
        }
    }
}

/// `GET /v1/sample/purchase-costs`: one preview per country, $25,000 private
/// sales in Ontario and in California.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SampleCosts {
    /// Ontario, CAD 25,000, private sale.
    pub ca: CaCosts,
    /// California, USD 25,000, private sale.
    pub us: UsCosts,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Billed;
    use serde_json::json;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Report {
        total: u32,
    }

    #[test]
    fn the_disclaimer_and_the_vin_sit_at_the_top_level_beside_the_report() {
        let a = Billed {
            body: VehicleData::new(ForVin::new("1FTFW1ET5DFC10312", Report { total: 3 })),
            charged: true,
            credits_charged: 5,
        };
        let j = serde_json::to_value(&a).unwrap();
        assert_eq!(
            j,
            json!({"vin": "1FTFW1ET5DFC10312", "total": 3, "disclaimer": DISCLAIMER,
                   "charged": true, "credits_charged": 5})
        );
        let back: Billed<VehicleData<ForVin<Report>>> = serde_json::from_value(j).unwrap();
        assert_eq!(back, a);
    }

    #[test]
    fn a_sample_is_its_twin_plus_sample_and_note() {
        let s = Sample::new(VehicleData::new(Report { total: 1 }));
        let j = serde_json::to_value(&s).unwrap();
        assert_eq!(j["sample"], true);
        assert!(j["note"].as_str().unwrap().contains(SAMPLE_VIN));
        assert_eq!(
            (j["total"].clone(), j["disclaimer"].clone()),
            (json!(1), json!(DISCLAIMER))
        );
        assert!(j.get("charged").is_none());
    }

    #[test]
    fn the_disclaimer_says_what_the_seed_says() {
        for words in [
            "not professional, legal or purchasing advice",
            "not a vehicle-history report",
            "Open Government Licence – Canada",
        ] {
            assert!(DISCLAIMER.contains(words), "{words}");
        }
    }
}
