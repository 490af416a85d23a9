//! Known issues: owner complaints grouped into named failure modes.
//!
//! Deterministic, no model: a failure mode is a row of [`SIGNATURES`] — a
//! title, the NHTSA component strings it applies to (prefix match on
//! COMPDESC / `components`), and keywords looked for at word starts in the
//! owner's description (upper-cased, so `SLIP` finds "slipping"). Each
//! complaint goes to the one signature with the most keyword hits among
//! those whose component matches (ties: table order). A mode is reported
//! when at least two complaints fall in it; every cited ODI number is then
//! checked against the input set (none can be invented), severity is summed
//! over the cited complaints only, and below 15 complaints the answer is
//! `insufficient_data` (seed 002's rules).
//!
//! `trend` compares the mode's share of complaints filed in the last two
//! calendar years of the vehicle's complaint history with its share before
//! (`rising` > 1.25×, `declining` < 0.8×, else `stable`; `unknown` without
//! both periods). `confidence` is the share of cited complaints that hit two
//! or more of the mode's keywords, mapped to 0.5–1.0 — a statement about
//! how clearly the texts match, not a probability of a defect.

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use crate::report::{Severity, SourceStatus, Vehicle};
use crate::store::Complaint;

/// Fewer distinct complaints than this: refuse (`insufficient_data`).
pub const MIN_COMPLAINTS: usize = 15;

/// Identifies this method in the output (`modelVersion`).
pub const METHOD_VERSION: &str = "shopbench-signatures/v1";

/// One named failure mode.
#[derive(Debug, Clone, Copy)]
pub struct Signature {
    /// The name shown to the user.
    pub title: &'static str,
    /// NHTSA component prefixes it applies to.
    pub components: &'static [&'static str],
    /// Words (or word starts) looked for in the description.
    pub keywords: &'static [&'static str],
}

const PT: &str = "POWER TRAIN";
const ENG: &str = "ENGINE";
const EL: &str = "ELECTRICAL SYSTEM";
const BRK: &str = "SERVICE BRAKES";
const FUEL: &str = "FUEL SYSTEM";

/// The failure modes, one row each.
pub const SIGNATURES: &[Signature] = &[
    Signature {
        title: "Transmission harsh, delayed or erratic shifting",
        components: &[PT],
        keywords: &[
            "HARSH",
            "SHIFTS HARD",
            "HARD SHIFT",
            "SLAM",
            "JERK",
            "LURCH",
            "ERRATIC",
            "DOWNSHIFT",
            "DELAYED ENGAGEMENT",
            "CLUNK",
            "BANG",
        ],
    },
    Signature {
        title: "Transmission slipping or loss of drive",
        components: &[PT],
        keywords: &[
            "SLIP",
            "NEUTRAL",
            "LOSS OF DRIVE",
            "WOULD NOT MOVE",
            "WILL NOT MOVE",
            "NO REVERSE",
            "TORQUE CONVERTER",
        ],
    },
    Signature {
        title: "Engine stalls while driving",
        components: &[ENG, PT, FUEL, EL, "VEHICLE SPEED CONTROL"],
        keywords: &[
            "STALL",
            "SHUT OFF",
            "SHUTS OFF",
            "SHUT DOWN",
            "ENGINE DIED",
            "DIED WHILE",
            "CUT OFF",
        ],
    },
    Signature {
        title: "Loss of engine power or limp mode",
        components: &[ENG, FUEL, PT],
        keywords: &[
            "LIMP",
            "LOSS OF POWER",
            "LOST POWER",
            "LOSES POWER",
            "REDUCED POWER",
            "NO ACCELERATION",
            "WOULD NOT ACCELERATE",
            "HESITAT",
        ],
    },
    Signature {
        title: "Turbocharger or intercooler failure",
        components: &[ENG, PT],
        keywords: &["TURBO", "INTERCOOLER", "CONDENSATION"],
    },
    Signature {
        title: "Engine oil consumption or oil leak",
        components: &[ENG],
        keywords: &[
            "OIL CONSUMPTION",
            "BURNING OIL",
            "CONSUMING OIL",
            "OIL LEAK",
            "LOW OIL",
            "OIL PAN",
        ],
    },
    Signature {
        title: "Coolant leak or overheating",
        components: &[ENG],
        keywords: &[
            "COOLANT",
            "OVERHEAT",
            "WATER PUMP",
            "RADIATOR",
            "ANTIFREEZE",
        ],
    },
    Signature {
        title: "Timing chain or cam phaser noise and failure",
        components: &[ENG, PT],
        keywords: &[
            "TIMING CHAIN",
            "CAM PHASER",
            "PHASER",
            "CAMSHAFT",
            "RATTLE",
            "KNOCK",
        ],
    },
    Signature {
        title: "Electric power steering assist failure",
        components: &["STEERING"],
        keywords: &[
            "POWER STEERING",
            "STEERING ASSIST",
            "ASSIST",
            "HARD TO STEER",
            "DIFFICULT TO STEER",
            "STEERING FAIL",
            "LOSS OF STEERING",
            "LOST STEERING",
            "EPS",
        ],
    },
    Signature {
        title: "Steering linkage wear or looseness",
        components: &["STEERING"],
        keywords: &["TIE ROD", "LOOSE", "PLAY", "RACK", "WANDER", "CLUNK"],
    },
    Signature {
        title: "Brake pedal soft or to the floor, loss of braking",
        components: &[BRK, "PARKING BRAKE"],
        keywords: &[
            "SOFT",
            "SPONGY",
            "TO THE FLOOR",
            "BRAKE FAILURE",
            "BRAKES FAILED",
            "BRAKES FAIL",
            "VACUUM PUMP",
            "BOOSTER",
            "WOULD NOT STOP",
            "DID NOT STOP",
        ],
    },
    Signature {
        title: "ABS fault or unexpected ABS activation",
        components: &[BRK, "ELECTRONIC STABILITY CONTROL"],
        keywords: &["ABS", "ANTI-LOCK", "ANTILOCK"],
    },
    Signature {
        title: "Brake line, fluid or master cylinder leak",
        components: &[BRK],
        keywords: &[
            "BRAKE LINE",
            "MASTER CYLINDER",
            "BRAKE FLUID",
            "FLUID LEAK",
            "CORRODED LINE",
        ],
    },
    Signature {
        title: "Premature brake wear, grinding or rotor warping",
        components: &[BRK],
        keywords: &["ROTOR", "PADS", "WARP", "GRIND", "CALIPER"],
    },
    Signature {
        title: "Phantom or unexpected automatic emergency braking",
        components: &["FORWARD COLLISION AVOIDANCE", BRK],
        keywords: &[
            "PHANTOM",
            "FALSE",
            "FOR NO REASON",
            "AUTOMATIC EMERGENCY BRAK",
            "COLLISION WARNING",
            "SUDDENLY BRAKE",
            "SLAMMED ON THE BRAKES",
        ],
    },
    Signature {
        title: "Air bag warning light or failure to deploy",
        components: &["AIR BAGS"],
        keywords: &[
            "WARNING LIGHT",
            "AIR BAG LIGHT",
            "AIRBAG LIGHT",
            "NOT DEPLOY",
            "FAILED TO DEPLOY",
            "DID NOT DEPLOY",
            "CLOCKSPRING",
            "CLOCK SPRING",
            "OCCUPANT CLASSIFICATION",
            "SENSOR",
        ],
    },
    Signature {
        title: "Air bag inflator rupture",
        components: &["AIR BAGS"],
        keywords: &["INFLATOR", "RUPTUR", "TAKATA", "SHRAPNEL", "METAL FRAGMENT"],
    },
    Signature {
        title: "Battery drain, charging or no-start",
        components: &[EL],
        keywords: &[
            "BATTERY",
            "ALTERNATOR",
            "DRAIN",
            "NOT CHARGING",
            "WOULD NOT START",
            "WILL NOT START",
            "WON'T START",
            "NO START",
        ],
    },
    Signature {
        title: "Instrument cluster, display or infotainment failure",
        components: &[EL, "VISIBILITY"],
        keywords: &[
            "INSTRUMENT CLUSTER",
            "CLUSTER",
            "DASHBOARD",
            "SCREEN",
            "DISPLAY",
            "GAUGE",
            "RADIO",
            "INFOTAINMENT",
        ],
    },
    Signature {
        title: "Wiring short, melting or burning smell",
        components: &[EL],
        keywords: &[
            "WIRING",
            "SHORT",
            "MELT",
            "BURNING SMELL",
            "SMOKE",
            "HARNESS",
        ],
    },
    Signature {
        title: "Rear-view camera failure",
        components: &["BACK OVER PREVENTION", EL],
        keywords: &["CAMERA", "BACKUP", "BACK UP", "REARVIEW", "REAR VIEW"],
    },
    Signature {
        title: "Fuel leak, fuel smell or fuel pump failure",
        components: &[FUEL],
        keywords: &[
            "FUEL PUMP",
            "FUEL LEAK",
            "GAS LEAK",
            "FUEL SMELL",
            "GAS SMELL",
            "FUEL ODOR",
            "INJECTOR",
        ],
    },
    Signature {
        title: "Vehicle fire",
        components: &[EL, ENG, FUEL, "UNKNOWN OR OTHER"],
        keywords: &["FIRE", "CAUGHT FIRE", "FLAMES", "ENGULFED"],
    },
    Signature {
        title: "Unintended acceleration or speed-control malfunction",
        components: &["VEHICLE SPEED CONTROL", ENG],
        keywords: &[
            "UNINTENDED ACCELERATION",
            "SUDDEN ACCELERATION",
            "ACCELERATED ON ITS OWN",
            "SURGE",
            "CRUISE",
            "THROTTLE",
        ],
    },
    Signature {
        title: "Door latch or lock malfunction",
        components: &["LATCHES/LOCKS/LINKAGES", "STRUCTURE"],
        keywords: &[
            "LATCH",
            "LOCK",
            "DOOR WOULD NOT",
            "DOOR WILL NOT",
            "DOOR OPENED",
            "TAILGATE",
            "LIFTGATE",
        ],
    },
    Signature {
        title: "Windshield or sunroof glass cracking or shattering",
        components: &["VISIBILITY", "STRUCTURE"],
        keywords: &[
            "WINDSHIELD",
            "CRACK",
            "SUNROOF",
            "MOONROOF",
            "SHATTER",
            "EXPLODE",
        ],
    },
    Signature {
        title: "Wiper failure",
        components: &["VISIBILITY"],
        keywords: &["WIPER"],
    },
    Signature {
        title: "Headlight or exterior lighting failure",
        components: &["EXTERIOR LIGHTING"],
        keywords: &[
            "HEADLIGHT",
            "HEAD LIGHT",
            "HEADLAMP",
            "BULB",
            "TAIL LIGHT",
            "TAILLIGHT",
            "CONDENSATION",
            "DIM",
        ],
    },
    Signature {
        title: "Suspension component failure",
        components: &["SUSPENSION"],
        keywords: &[
            "STRUT",
            "SHOCK",
            "CONTROL ARM",
            "BALL JOINT",
            "SPRING",
            "BUSHING",
            "SWAY BAR",
            "AIR SUSPENSION",
        ],
    },
    Signature {
        title: "Tire blowout or tread separation",
        components: &["TIRES"],
        keywords: &["BLOWOUT", "BLEW", "SIDEWALL", "BUBBLE", "TREAD SEPARAT"],
    },
    Signature {
        title: "Wheel stud, lug nut or wheel detachment",
        components: &["WHEELS"],
        keywords: &[
            "LUG",
            "STUD",
            "WHEEL CAME OFF",
            "WHEEL FELL OFF",
            "CAP SWELL",
        ],
    },
    Signature {
        title: "Seat belt retractor or buckle failure",
        components: &["SEAT BELTS"],
        keywords: &["RETRACT", "BUCKLE", "LATCH", "PRETENSIONER"],
    },
    Signature {
        title: "Seat frame, track or recliner failure",
        components: &["SEATS"],
        keywords: &[
            "RECLIN",
            "TRACK",
            "FRAME",
            "SEAT BACK",
            "HEATED SEAT",
            "SEAT HEATER",
        ],
    },
    Signature {
        title: "Frame or body rust and corrosion",
        components: &["STRUCTURE", "SUSPENSION"],
        keywords: &["RUST", "CORRO", "ROTTED", "ROT"],
    },
    Signature {
        title: "Rollaway or failure to hold in park",
        components: &[PT, "PARKING BRAKE"],
        keywords: &[
            "ROLL AWAY",
            "ROLLAWAY",
            "ROLLED",
            "NOT IN PARK",
            "SHIFTER",
            "PARKING PAWL",
        ],
    },
    Signature {
        title: "Hybrid or high-voltage propulsion loss",
        components: &["HYBRID PROPULSION SYSTEM", EL],
        keywords: &[
            "HYBRID",
            "HIGH VOLTAGE",
            "INVERTER",
            "PROPULSION",
            "TRACTION BATTERY",
        ],
    },
];

/// One failure mode found in the complaints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// Its name.
    pub title: String,
    /// NHTSA component strings drawn from the cited complaints.
    pub component_tags: Vec<String>,
    /// The cited complaints (each exists in the input).
    pub odi_numbers: Vec<u64>,
    /// How many complaints are cited.
    pub count: usize,
    /// Severity summed over the cited complaints only.
    pub severity_signals: Severity,
    /// `rising`, `stable`, `declining` or `unknown`.
    pub trend: String,
    /// 0.5–1.0: how clearly the cited texts match (see the module docs).
    pub confidence: f64,
}

/// The known-issues answer (seed 002's `/v1/known-issues` shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KnownIssues {
    /// `ok`, `insufficient_data` or `synthesis_unavailable`.
    pub status: String,
    /// The failure modes (status `ok`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issues: Option<Vec<Issue>>,
    /// Distinct complaints looked at.
    pub complaint_count: usize,
    /// The threshold (status `insufficient_data`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<usize>,
    /// Why nothing was produced (status `synthesis_unavailable`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The method (status `ok`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
}

/// `shopbench vin known-issues` — seed 002's `/v1/known-issues` shape: the
/// failure modes of [`KnownIssues`] with the vehicle and where its complaints
/// came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KnownIssuesReport {
    /// The vehicle asked about.
    pub vehicle: Vehicle,
    /// Status, failure modes, complaint count.
    #[serde(flatten)]
    pub issues: KnownIssues,
    /// When the failure modes were grouped (RFC 3339, UTC); status `ok` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synthesized_at: Option<String>,
    /// Where the complaints came from.
    pub provenance: SourceStatus,
}

/// Is `kw` in `text` starting at a word boundary?
fn has_word(text: &str, kw: &str) -> bool {
    text.match_indices(kw)
        .any(|(i, _)| i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric())
}

fn component_matches(sig: &Signature, components: &[String]) -> bool {
    components
        .iter()
        .any(|c| sig.components.iter().any(|p| c.starts_with(p)))
}

/// Groups `complaints` into failure modes (see the module docs).
pub fn known_issues(complaints: &[Complaint]) -> KnownIssues {
    let count = complaints.len();
    if count < MIN_COMPLAINTS {
        return KnownIssues {
            status: "insufficient_data".into(),
            issues: None,
            complaint_count: count,
            minimum: Some(MIN_COMPLAINTS),
            reason: None,
            model_version: None,
        };
    }
    let members = by_signature(complaints);
    let known: HashSet<u64> = complaints.iter().map(|c| c.odi).collect();
    let all_years = filed_years(complaints.iter());
    let mut issues: Vec<Issue> = Vec::new();
    for (sig, cited) in SIGNATURES.iter().zip(&members) {
        // Validation: only ODI numbers present in the input may be cited.
        let cited: Vec<&(&Complaint, usize)> = cited
            .iter()
            .filter(|(c, _)| known.contains(&c.odi))
            .collect();
        if cited.len() >= 2 {
            issues.push(issue(sig, &cited, &all_years));
        }
    }
    issues.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.title.cmp(&b.title)));
    issues.truncate(10);
    grounded(count, issues)
}

/// Each complaint under the signature that fits it best (its component
/// and the most keywords in its summary; the first signature on a tie),
/// with its keyword hits; a complaint that fits none is left out.
fn by_signature(complaints: &[Complaint]) -> Vec<Vec<(&Complaint, usize)>> {
    let mut members: Vec<Vec<(&Complaint, usize)>> = vec![Vec::new(); SIGNATURES.len()];
    for c in complaints {
        let text = c.summary.to_uppercase();
        let best = SIGNATURES
            .iter()
            .enumerate()
            .filter(|(_, s)| component_matches(s, &c.components))
            .map(|(i, s)| (i, s.keywords.iter().filter(|k| has_word(&text, k)).count()))
            .filter(|(_, hits)| *hits > 0)
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((i, hits)) = best {
            members[i].push((c, hits));
        }
    }
    members
}

/// The years the complaints were filed, where their date says.
fn filed_years<'a>(complaints: impl Iterator<Item = &'a Complaint>) -> Vec<i32> {
    complaints
        .filter_map(|c| c.filed_date.as_deref()?.get(..4)?.parse().ok())
        .collect()
}

/// One failure mode from the complaints `cited` under signature `sig`:
/// their count and ODI numbers, crash/fire/injury signals, the components
/// named, the trend against all the complaints' years and a confidence
/// from how many match at least two keywords.
fn issue(sig: &Signature, cited: &[&(&Complaint, usize)], all_years: &[i32]) -> Issue {
    let mut severity = Severity::default();
    let mut tags = BTreeSet::new();
    for (c, _) in cited {
        severity.crashes += u64::from(c.crash);
        severity.fires += u64::from(c.fire);
        severity.injuries += u64::from(c.injured);
        for comp in &c.components {
            if sig.components.iter().any(|p| comp.starts_with(p)) {
                tags.insert(comp.clone());
            }
        }
    }
    let strong = cited.iter().filter(|(_, hits)| *hits >= 2).count();
    let confidence = (50.0 + 50.0 * strong as f64 / cited.len() as f64).round() / 100.0;
    let mine = filed_years(cited.iter().map(|(c, _)| *c));
    let mut odi_numbers: Vec<u64> = cited.iter().map(|(c, _)| c.odi).collect();
    odi_numbers.sort_unstable();
    Issue {
        title: sig.title.to_string(),
        component_tags: tags.into_iter().collect(),
        count: odi_numbers.len(),
        odi_numbers,
        severity_signals: severity,
        trend: trend(all_years, &mine).into(),
        confidence,
    }
}

/// `rising`, `declining` or `stable`: this mode's share of the complaints
/// filed in the last two years against its share of the older ones;
/// `unknown` when either period (or the mode) has none.
fn trend(all_years: &[i32], mine: &[i32]) -> &'static str {
    let Some(latest) = all_years.iter().copied().max() else {
        return "unknown";
    };
    let recent = |ys: &[i32]| ys.iter().filter(|y| **y >= latest - 1).count() as f64;
    let (all_recent, all_old) = (
        recent(all_years),
        all_years.len() as f64 - recent(all_years),
    );
    let (mine_recent, mine_old) = (recent(mine), mine.len() as f64 - recent(mine));
    if all_recent == 0.0 || all_old == 0.0 || mine_old + mine_recent == 0.0 {
        return "unknown";
    }
    let (r, o) = (mine_recent / all_recent, mine_old / all_old);
    if r > o * 1.25 {
        "rising"
    } else if r < o * 0.8 {
        "declining"
    } else {
        "stable"
    }
}

/// The answer for enough complaints: the issues found, or, when none is
/// grounded in two or more complaints, that none could be.
fn grounded(count: usize, issues: Vec<Issue>) -> KnownIssues {
    if issues.is_empty() {
        return KnownIssues {
            status: "synthesis_unavailable".into(),
            issues: None,
            complaint_count: count,
            minimum: None,
            reason: Some("no_grounded_issues".into()),
            model_version: Some(METHOD_VERSION.into()),
        };
    }
    KnownIssues {
        status: "ok".into(),
        issues: Some(issues),
        complaint_count: count,
        minimum: None,
        reason: None,
        model_version: Some(METHOD_VERSION.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(odi: u64, comp: &str, text: &str, year: &str) -> Complaint {
        Complaint {
            odi,
            components: vec![comp.to_string()],
            crash: odi % 5 == 0,
            fire: false,
            injured: u32::from(odi % 5 == 0),
            filed_date: Some(format!("{year}-06-01")),
            summary: text.to_string(),
        }
    }

    #[test]
    fn refuses_below_fifteen() {
        let few: Vec<Complaint> = (1..15).map(|i| c(i, "ENGINE", "stall", "2020")).collect();
        let k = known_issues(&few);
        assert_eq!(
            (k.status.as_str(), k.minimum, k.complaint_count),
            ("insufficient_data", Some(15), 14)
        );
    }

    #[test]
    fn groups_cites_only_inputs_and_sums_cited_severity() {
        let mut cs: Vec<Complaint> = (1..=10)
            .map(|i| {
                c(
                    i,
                    "STEERING",
                    "The power steering assist failed, hard to steer.",
                    "2019",
                )
            })
            .collect();
        cs.extend((11..=20).map(|i| {
            c(
                i,
                "SERVICE BRAKES, HYDRAULIC",
                "Rotor warped, grinding noise.",
                "2021",
            )
        }));
        cs.push(c(21, "SEATS", "Cup holder is too small.", "2021"));
        let k = known_issues(&cs);
        assert_eq!(k.status, "ok");
        let issues = k.issues.unwrap();
        assert_eq!(issues.len(), 2);
        let steering = issues
            .iter()
            .find(|i| i.title.contains("power steering"))
            .unwrap();
        assert_eq!(steering.odi_numbers, (1..=10).collect::<Vec<_>>());
        assert_eq!(steering.severity_signals.crashes, 2); // ODI 5 and 10
        assert_eq!(steering.trend, "declining");
        assert!(issues
            .iter()
            .all(|i| i.odi_numbers.iter().all(|o| (1..=21).contains(o))));
        assert!(!issues.iter().any(|i| i.odi_numbers.contains(&21)));
    }

    #[test]
    fn keywords_match_at_word_starts_only() {
        assert!(has_word("TRANSMISSION SLIPPING", "SLIP"));
        assert!(!has_word("ABSOLUTELY FINE", "BSO"));
        assert!(!has_word("CABS", "ABS"));
    }
}
