//! The online sources, over `reqwest` (rustls, no OpenSSL).
//!
//! - NHTSA recalls: `GET {nhtsa}/recalls/recallsByVehicle?make=&model=&modelYear=`
//!   → `{"Count", "Message", "results": [{"NHTSACampaignNumber", "Component",
//!   "Summary", "Consequence", "Remedy", "Notes", "ReportReceivedDate"
//!   (DD/MM/YYYY), "Manufacturer", "ModelYear", "Make", "Model", …}]}`.
//! - NHTSA complaints: `GET {nhtsa}/complaints/complaintsByVehicle?make=&model=&modelYear=`
//!   → `{"count", "message", "results": [{"odiNumber", "manufacturer",
//!   "crash", "fire", "numberOfInjuries", "numberOfDeaths",
//!   "dateOfIncident", "dateComplaintFiled" (MM/DD/YYYY), "components"
//!   (comma-joined), "summary", "products", …}]}`. Both are documented at
//!   <https://www.nhtsa.gov/nhtsa-datasets-and-apis>. NHTSA answers a
//!   vehicle it has nothing for with HTTP 400 and an empty `results`; that
//!   is read as "no records", any other non-2xx as a failure.
//! - Transport Canada Vehicle Recalls Database (open data, no key, OGL–Canada):
//!   `GET {tc}/recall/make-name/{make}/model-name/{model}/year-range/{y}-{y}?format=json&limit=1000`
//!   lists rows `[{"Name": "Recall number", "Value": {"Literal": …}}, …,
//!   {"Name": "Recall date", …}]` under `ResultSet`, and
//!   `GET {tc}/recall-summary/recall-number/{n}?format=json` gives the
//!   detail (`SYSTEM_TYPE_ETXT`, `COMMENT_ETXT`, `UNIT_AFFECTED_NBR`,
//!   `RECALL_DATE_DTE`, …), with `{tc}` =
//!   `https://data.tc.gc.ca/v1.3/api/eng/vehicle-recall-database` (API page:
//!   <https://tc.api.canada.ca/en/detail?api=VRDB>). Dates come as
//!   `M/D/YYYY h:mm:ss AM`.

use std::time::Duration;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::flat::{ComplaintRecord, RecallRecord};
use crate::report::Vehicle;
use crate::store::{CaRecallRow, CANADA_DETAIL_CAP};

/// NHTSA's API root.
pub const NHTSA_API: &str = "https://api.nhtsa.gov";
/// Transport Canada's Vehicle Recalls Database API root.
pub const TC_API: &str = "https://data.tc.gc.ca/v1.3/api/eng/vehicle-recall-database";

/// The upstream APIs and the HTTP client that asks them.
#[derive(Debug, Clone)]
pub struct Upstream {
    nhtsa: String,
    tc: String,
    client: reqwest::Client,
}

impl Upstream {
    /// Upstreams at the given roots (tests point these at a loopback server).
    pub fn new(nhtsa_base: &str, tc_base: &str) -> Upstream {
        let client = reqwest::Client::builder()
            .user_agent(concat!("shopbench/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap_or_default();
        Upstream {
            nhtsa: nhtsa_base.trim_end_matches('/').to_string(),
            tc: tc_base.trim_end_matches('/').to_string(),
            client,
        }
    }

    /// The real upstreams, or `$SHOPBENCH_NHTSA_API` / `$SHOPBENCH_TC_API`.
    pub fn from_env() -> Upstream {
        let var = |k: &str, d: &str| {
            std::env::var(k)
                .ok()
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| d.to_string())
        };
        Upstream::new(
            &var("SHOPBENCH_NHTSA_API", NHTSA_API),
            &var("SHOPBENCH_TC_API", TC_API),
        )
    }

    fn url(base: &str, segments: &[&str], query: &[(&str, &str)]) -> Result<reqwest::Url> {
        let bad = |detail: String| Error::Upstream {
            source_name: "configuration",
            url: base.to_string(),
            detail,
        };
        let mut url = reqwest::Url::parse(base).map_err(|e| bad(format!("not a URL: {e}")))?;
        url.path_segments_mut()
            .map_err(|()| bad("cannot take a path".into()))?
            .pop_if_empty()
            .extend(segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    /// One GET, retried once after a 5xx (Transport Canada's API answers
    /// sporadic 500s); a connection failure is not retried (offline stays fast).
    async fn get_json(
        &self,
        name: &'static str,
        url: reqwest::Url,
        empty_on_400: bool,
    ) -> Result<Value> {
        match self.get_json_once(name, &url, empty_on_400).await {
            Err((true, _)) => self
                .get_json_once(name, &url, empty_on_400)
                .await
                .map_err(|(_, e)| e),
            other => other.map_err(|(_, e)| e),
        }
    }

    /// `Err((retryable, error))`.
    async fn get_json_once(
        &self,
        name: &'static str,
        url: &reqwest::Url,
        empty_on_400: bool,
    ) -> std::result::Result<Value, (bool, Error)> {
        let fail = |detail: String| Error::Upstream {
            source_name: name,
            url: url.to_string(),
            detail,
        };
        let resp = self
            .client
            .get(url.clone())
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| (false, fail(describe(e))))?;
        let status = resp.status();
        let body = resp.text().await.map_err(|e| (false, fail(describe(e))))?;
        let json: Option<Value> = serde_json::from_str(&body).ok();
        if status.is_success() {
            return json.ok_or_else(|| (false, fail("the answer is not JSON".into())));
        }
        if empty_on_400 && status == reqwest::StatusCode::BAD_REQUEST {
            if let Some(j) = json.filter(|j| j["results"].as_array().is_some_and(Vec::is_empty)) {
                return Ok(j);
            }
        }
        Err((status.is_server_error(), fail(format!("HTTP {status}"))))
    }

    fn nhtsa_query(v: &Vehicle) -> [(&str, String); 3] {
        [
            ("make", v.make.clone()),
            ("model", v.model.clone()),
            ("modelYear", v.year.to_string()),
        ]
    }

    /// NHTSA's recalls for the vehicle.
    pub async fn nhtsa_recalls(&self, v: &Vehicle) -> Result<Vec<RecallRecord>> {
        let q = Upstream::nhtsa_query(v);
        let q: Vec<(&str, &str)> = q.iter().map(|(k, s)| (*k, s.as_str())).collect();
        let url = Upstream::url(&self.nhtsa, &["recalls", "recallsByVehicle"], &q)?;
        let body = self.get_json("NHTSA recalls", url.clone(), true).await?;
        parse_nhtsa_recalls(&body, v).ok_or_else(|| Error::Upstream {
            source_name: "NHTSA recalls",
            url: url.to_string(),
            detail: "no `results` list in the answer".into(),
        })
    }

    /// NHTSA's owner complaints for the vehicle.
    pub async fn nhtsa_complaints(&self, v: &Vehicle) -> Result<Vec<ComplaintRecord>> {
        let q = Upstream::nhtsa_query(v);
        let q: Vec<(&str, &str)> = q.iter().map(|(k, s)| (*k, s.as_str())).collect();
        let url = Upstream::url(&self.nhtsa, &["complaints", "complaintsByVehicle"], &q)?;
        let body = self.get_json("NHTSA complaints", url.clone(), true).await?;
        parse_nhtsa_complaints(&body, v).ok_or_else(|| Error::Upstream {
            source_name: "NHTSA complaints",
            url: url.to_string(),
            detail: "no `results` list in the answer".into(),
        })
    }

    /// Transport Canada's recalls for the vehicle: every listed recall, with
    /// detail for the 25 most recent.
    pub async fn tc_recalls(&self, v: &Vehicle) -> Result<Vec<CaRecallRow>> {
        let name = "Transport Canada recalls";
        let years = format!("{0}-{0}", v.year);
        let url = Upstream::url(
            &self.tc,
            &[
                "recall",
                "make-name",
                &v.make,
                "model-name",
                &v.model,
                "year-range",
                &years,
            ],
            &[("format", "json"), ("limit", "1000")],
        )?;
        let body = self.get_json(name, url.clone(), false).await?;
        let mut rows = parse_tc_list(&body).ok_or_else(|| Error::Upstream {
            source_name: name,
            url: url.to_string(),
            detail: "no `ResultSet` in the answer".into(),
        })?;
        rows.sort_by(|a, b| {
            b.recall_date
                .cmp(&a.recall_date)
                .then(b.recall_number.cmp(&a.recall_number))
        });
        for row in rows.iter_mut().take(CANADA_DETAIL_CAP) {
            let url = Upstream::url(
                &self.tc,
                &["recall-summary", "recall-number", &row.recall_number],
                &[("format", "json")],
            )?;
            let body = self.get_json(name, url, false).await?;
            apply_tc_detail(row, &body);
        }
        Ok(rows)
    }
}

/// A reqwest error without the URL (already in [`Error::Upstream`]) and with
/// its causes ("connection refused", "dns error", …).
pub(crate) fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(&e);
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn num(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64().or_else(|| n.as_f64().map(|f| f.max(0.0) as u64)),
        Value::String(s) => {
            let digits: String = s
                .chars()
                .filter(|c| *c != ',' && !c.is_whitespace())
                .collect();
            digits
                .parse::<u64>()
                .ok()
                .or_else(|| digits.parse::<f64>().ok().map(|f| f.max(0.0) as u64))
        }
        _ => None,
    }
}

fn flag(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => matches!(s.trim(), "Y" | "y" | "Yes" | "YES" | "true"),
        _ => false,
    }
}

/// `a/b/YYYY…` → `YYYY-MM-DD`, with `day_first` choosing DD/MM or MM/DD;
/// an ISO date passes through.
fn slash_date(raw: &str, day_first: bool) -> Option<String> {
    let raw = raw.trim();
    if raw.len() >= 10 && raw.as_bytes()[4] == b'-' {
        return Some(raw[..10].to_string());
    }
    let date = raw.split_whitespace().next()?;
    let mut parts = date.split('/');
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    let (d, m) = if day_first { (a, b) } else { (b, a) };
    let (d, m, y): (u32, u32, u32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d) && y >= 1900)
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Reads NHTSA's recallsByVehicle answer (`None` without a `results` list).
pub fn parse_nhtsa_recalls(body: &Value, v: &Vehicle) -> Option<Vec<RecallRecord>> {
    let results = body.get("results")?.as_array()?;
    Some(
        results
            .iter()
            .filter(|r| !s(&r["NHTSACampaignNumber"]).is_empty())
            .map(|r| RecallRecord {
                campaign: s(&r["NHTSACampaignNumber"]),
                make: v.make.clone(),
                model: v.model.clone(),
                year: Some(v.year),
                component: s(&r["Component"]),
                manufacturer: s(&r["Manufacturer"]),
                units_affected: None,
                reported_date: slash_date(&s(&r["ReportReceivedDate"]), true),
                summary: s(&r["Summary"]),
                consequence: s(&r["Consequence"]),
                remedy: s(&r["Remedy"]),
                notes: s(&r["Notes"]),
            })
            .collect(),
    )
}

/// Splits NHTSA's comma-joined `components` without cutting names that
/// contain ", " themselves ("FUEL SYSTEM, GASOLINE").
pub fn split_components(joined: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = joined.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ',' && chars.peek().is_some_and(|n| *n != ' ') {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Reads NHTSA's complaintsByVehicle answer: one record per complaint × component.
pub fn parse_nhtsa_complaints(body: &Value, v: &Vehicle) -> Option<Vec<ComplaintRecord>> {
    let results = body.get("results")?.as_array()?;
    let mut out = Vec::new();
    for r in results {
        let Some(odi) = num(&r["odiNumber"]) else {
            continue;
        };
        let mut components = split_components(&s(&r["components"]));
        if components.is_empty() {
            components.push(String::new());
        }
        for component in components {
            out.push(ComplaintRecord {
                odi,
                manufacturer: s(&r["manufacturer"]),
                make: v.make.clone(),
                model: v.model.clone(),
                year: Some(v.year),
                crash: flag(&r["crash"]),
                fire: flag(&r["fire"]),
                injured: num(&r["numberOfInjuries"]).unwrap_or(0) as u32,
                deaths: num(&r["numberOfDeaths"]).unwrap_or(0) as u32,
                component,
                fail_date: slash_date(&s(&r["dateOfIncident"]), false),
                filed_date: slash_date(&s(&r["dateComplaintFiled"]), false),
                miles: None,
                summary: s(&r["summary"]),
            });
        }
    }
    Some(out)
}

/// `[{"Name": …, "Value": {"Literal": …}}, …]` → (name, literal) pairs.
fn tc_fields(row: &Value) -> Vec<(String, Value)> {
    row.as_array()
        .map(|fields| {
            fields
                .iter()
                .map(|f| (s(&f["Name"]), f["Value"]["Literal"].clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Reads Transport Canada's recall list: one row per distinct recall number.
pub fn parse_tc_list(body: &Value) -> Option<Vec<CaRecallRow>> {
    let set = body.get("ResultSet")?.as_array()?;
    let mut out: Vec<CaRecallRow> = Vec::new();
    for row in set {
        let fields = tc_fields(row);
        let get = |name: &str, pos: usize| {
            fields
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .or_else(|| fields.get(pos))
                .map(|(_, v)| s(v))
                .unwrap_or_default()
        };
        let number = get("Recall number", 0);
        if number.is_empty() || out.iter().any(|r| r.recall_number == number) {
            continue;
        }
        out.push(CaRecallRow {
            recall_number: number,
            recall_date: slash_date(&get("Recall date", 5), false),
            system_type: None,
            summary: None,
            units_affected: None,
        });
    }
    Some(out)
}

/// Fills a listed recall from Transport Canada's recall-summary answer.
pub fn apply_tc_detail(row: &mut CaRecallRow, body: &Value) {
    let Some(first) = body
        .get("ResultSet")
        .and_then(Value::as_array)
        .and_then(|s| s.first())
    else {
        return;
    };
    let fields = tc_fields(first);
    let get = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let text = |name: &str| {
        get(name)
            .map(|v| s(&v).replace("\r\n", "\n"))
            .filter(|t| !t.is_empty())
    };
    row.system_type = text("SYSTEM_TYPE_ETXT");
    row.summary = text("COMMENT_ETXT");
    row.units_affected = get("UNIT_AFFECTED_NBR").as_ref().and_then(num);
    if let Some(d) = text("RECALL_DATE_DTE").and_then(|d| slash_date(&d, false)) {
        row.recall_date = Some(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_in_each_upstream_format() {
        assert_eq!(
            slash_date("25/03/2021", true).as_deref(),
            Some("2021-03-25")
        );
        assert_eq!(
            slash_date("08/31/2026", false).as_deref(),
            Some("2026-08-31")
        );
        assert_eq!(
            slash_date("3/15/2018 12:00:00 AM", false).as_deref(),
            Some("2018-03-15")
        );
        assert_eq!(
            slash_date("2024-02-15", false).as_deref(),
            Some("2024-02-15")
        );
        assert_eq!(slash_date("nope", false), None);
    }

    #[test]
    fn components_split_on_bare_commas_only() {
        assert_eq!(
            split_components("FUEL SYSTEM, GASOLINE,ELECTRICAL SYSTEM"),
            vec!["FUEL SYSTEM, GASOLINE", "ELECTRICAL SYSTEM"]
        );
        assert!(split_components("").is_empty());
    }

    #[test]
    fn tc_list_and_detail() {
        let list = json!({"ResultSet": [[
            {"Name": "Recall number", "Value": {"Literal": "2013123"}},
            {"Name": "Manufacturer Name", "Value": {"Literal": "FORD"}},
            {"Name": "Model name", "Value": {"Literal": "F-150"}},
            {"Name": "Make name", "Value": {"Literal": "FORD"}},
            {"Name": "Year", "Value": {"Literal": "2013"}},
            {"Name": "Recall date", "Value": {"Literal": "3/15/2013 12:00:00 AM"}}
        ]]});
        let mut rows = parse_tc_list(&list).unwrap();
        assert_eq!(rows[0].recall_date.as_deref(), Some("2013-03-15"));
        let detail = json!({"ResultSet": [[
            {"Name": "SYSTEM_TYPE_ETXT", "Value": {"Literal": "Electrical"}},
            {"Name": "UNIT_AFFECTED_NBR", "Value": {"Literal": "4,200"}},
            {"Name": "COMMENT_ETXT", "Value": {"Literal": "Issue:\r\nWiring."}}
        ]]});
        apply_tc_detail(&mut rows[0], &detail);
        assert_eq!(rows[0].units_affected, Some(4200));
        assert_eq!(rows[0].summary.as_deref(), Some("Issue:\nWiring."));
    }
}
