//! Remote engine mode: the same diagnosis, VIN decode, recalls and purchase
//! costs from a shopbench `/v1` server through `shopbench-client`, and the
//! Settings screen's "check connection".

use std::time::Duration;

use shopbench_app::{Costs, Country};
use shopbench_client::ClientError;
use shopbench_core::Vin;
use shopbench_diagnosis::Diagnosis;
use shopbench_recalls::RecallsReport;
use shopbench_views::{AccountView, CaseForm, Settings};
use shopbench_vindecode::Decoded;

use crate::error::DesktopError;
use crate::handlers::case::to_input;
use crate::settings::remote_client as client;

/// How long a remote diagnosis may take before the app gives up.
const REMOTE_WAIT: Duration = Duration::from_secs(60);

/// Calls `GET /v1/account` with the settings' URL and key.
pub async fn check_connection(s: &Settings) -> Result<AccountView, DesktopError> {
    let a = client(s)?.account().await?;
    Ok(AccountView {
        partner: a.partner,
        mode: a.mode.to_string(),
        plan: a.plan,
        credits: a.credit_balance,
    })
}

/// Diagnoses the form on the remote server (create case → diagnose → wait);
/// the result and the server's diagnosis id.
pub async fn diagnose(s: &Settings, form: &CaseForm) -> Result<(Diagnosis, String), DesktopError> {
    diagnose_input(s, &to_input(form)?).await
}

/// Diagnoses an engine input on the remote server; the result and the
/// server's diagnosis id.
pub async fn diagnose_input(
    s: &Settings,
    input: &shopbench_diagnosis::CaseInput,
) -> Result<(Diagnosis, String), DesktopError> {
    let done = client(s)?.diagnose_case(input, REMOTE_WAIT).await?;
    match done.result {
        Some(d) => Ok((d, done.diagnosis_id)),
        None => Err(DesktopError::RemoteFailed {
            id: done.diagnosis_id,
            reason: done
                .error
                .map(|e| e.message)
                .unwrap_or_else(|| done.status.clone()),
        }),
    }
}

/// The server's decode of `vin` and its recalls (`GET /v1/decode`, then
/// `GET /v1/recalls`, each charged by the server). A server without recall
/// data (503) or unable to name the model (422) gives a note instead of
/// recalls, as the offline look-up does; anything else is an error.
pub async fn decode_and_recalls(
    s: &Settings,
    vin: &Vin,
) -> Result<(Decoded, Result<RecallsReport, String>), DesktopError> {
    let c = client(s)?;
    let decoded = c.decode_vin(vin.as_str()).await?.body.answer;
    let recalls = match c.recalls(vin.as_str()).await {
        Ok(r) => Ok(r.body.answer.report),
        Err(ClientError::Api(p)) if matches!(p.status, 422 | 503) => Err(format!(
            "The server has no recalls for this VIN: {}",
            p.detail
        )),
        Err(e) => return Err(e.into()),
    };
    Ok((decoded, recalls))
}

/// The server's purchase costs for the form's parameters
/// (`GET /v1/us/purchase-costs` or `/v1/ca/…`, the query the form reads as).
pub async fn purchase_costs(
    s: &Settings,
    country: Country,
    params: &[(&str, &str)],
) -> Result<Costs, DesktopError> {
    let c = client(s)?;
    Ok(match country {
        Country::Us => Costs::Us(c.us_purchase_costs(params).await?.body.answer),
        Country::Ca => Costs::Ca(c.ca_purchase_costs(params).await?.body.answer),
    })
}

/// The server's used-car inspection (`POST /v1/inspection`, charged) of
/// the scans and purchase question in `req`.
pub async fn inspection(
    s: &Settings,
    req: &shopbench_wire::InspectionRequest,
) -> Result<shopbench_wire::Inspection, DesktopError> {
    Ok(client(s)?.inspection(req).await?.body.answer)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::handlers::block_on;
    use shopbench_server::{Config, Db, Mode, Server};

    /// A real server on 127.0.0.1:0 (in this runtime) with a partner whose
    /// test key is returned.
    pub(crate) async fn server() -> (String, String) {
        server_with(Config::default(), 50).await
    }

    /// [`server`] whose partner holds `credits` test credits.
    pub(crate) async fn server_funded(credits: i64) -> (String, String) {
        server_with(Config::default(), credits).await
    }

    /// [`server`] with its configuration (e.g. its data files).
    async fn server_with(cfg: Config, credits: i64) -> (String, String) {
        let db = Db::open_in_memory().unwrap();
        db.add_partner("Main Street Auto", "garage").unwrap();
        let key = db
            .create_key("Main Street Auto", Mode::Test)
            .unwrap()
            .secret;
        db.add_credits("Main Street Auto", Mode::Test, credits)
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = Server::new(db, cfg).unwrap();
        tokio::spawn(server.run(listener, std::future::pending()));
        (url, key)
    }

    pub(crate) fn remote(url: &str, key: &str) -> Settings {
        Settings {
            engine: "remote".into(),
            remote_url: url.into(),
            remote_key: key.into(),
            ..Settings::default()
        }
    }

    #[test]
    fn remote_mode_checks_the_account_and_diagnoses_like_the_embedded_engine() {
        let form = CaseForm {
            complaint: "shakes at idle, check engine light flashing".into(),
            codes: "P0300\nP0302".into(),
            ..CaseForm::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let embedded =
            crate::handlers::diagnose::run(&crate::handlers::temp_shop(dir.path()), &form).unwrap();
        let (account, remote_result, bad_key) = block_on(async {
            let (url, key) = server().await;
            let s = remote(&url, &key);
            let account = check_connection(&s).await.unwrap();
            let (d, _) = diagnose(&s, &form).await.unwrap();
            let bad = check_connection(&remote(
                &url,
                "sk_test_0000000000000000000000000000000000000000",
            ))
            .await
            .unwrap_err();
            (account, d, bad)
        });
        assert_eq!(account.partner, "Main Street Auto");
        assert_eq!(account.mode, "test");
        assert_eq!(account.credits, 50);
        let ids = |d: &Diagnosis| d.causes.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&remote_result), ids(&embedded.diagnosis));
        assert_eq!(bad_key.title(), "The remote server refused", "{bad_key}");
    }

    /// Issue 19 item 4: a remote diagnosis of a saved case was shown and
    /// lost; now the server is sent the case as stored and its answer is kept
    /// as a run of the case, as an embedded one is.
    #[test]
    fn a_remote_diagnosis_of_a_saved_case_is_kept_as_its_run() {
        let dir = tempfile::tempdir().unwrap();
        let shop = crate::handlers::temp_shop(dir.path());
        let form = crate::handlers::case::save_case(
            &shop,
            &CaseForm {
                make: "Toyota".into(),
                model: "Camry".into(),
                year: "2014".into(),
                complaint: "shakes at idle, check engine light flashing".into(),
                codes: "P0300\nP0302".into(),
                unit: "mi".into(),
                ..CaseForm::default()
            },
        )
        .unwrap();
        let view = block_on(async {
            let (url, key) = server().await;
            crate::handlers::diagnose::run_with(&shop, &remote(&url, &key), &form)
                .await
                .unwrap()
        });
        assert!(
            view.source.starts_with("remote diagnosis dgn_"),
            "{}",
            view.source
        );
        let id = shopbench_store::CaseId(form.id.unwrap());
        let case = shop.store().unwrap().case(id).unwrap();
        assert_eq!(case.runs.len(), 1, "the remote run is kept");
        assert_eq!(
            case.runs[0].top_cause.as_deref(),
            Some(view.causes[0].id.as_str())
        );
        assert_eq!(
            case.runs[0].input,
            serde_json::to_value(shopbench_app::engine_input(&case)).unwrap()
        );
    }

    #[test]
    fn unreachable_or_incomplete_settings_are_readable() {
        let e = block_on(check_connection(&remote("", "sk_test_x"))).unwrap_err();
        assert!(e.to_string().starts_with("Server URL"), "{e}");
        let e = block_on(check_connection(&remote("http://127.0.0.1:9", ""))).unwrap_err();
        assert!(e.to_string().starts_with("API key"), "{e}");
        let e = block_on(check_connection(&remote(
            "http://127.0.0.1:9",
            "sk_test_0000000000000000000000000000000000000000",
        )))
        .unwrap_err();
        assert_eq!(e.title(), "Cannot reach the remote server", "{e}");
        let dir = tempfile::tempdir().unwrap();
        assert!(crate::settings::save(&remote("", ""), &dir.path().join("s.json")).is_err());
    }

    /// Issue 19 item 4: remote mode covered the diagnosis only. Now a VIN
    /// look-up (decode and recalls) and the purchase costs come from the
    /// server and read exactly as the embedded answers, saying where they
    /// came from; a form error is refused here, before any credit is spent.
    #[test]
    fn remote_mode_decodes_finds_recalls_and_prices_purchases_like_the_embedded_engine() {
        use crate::handlers::vehicle::{import_recalls, lookup_vin, purchase_costs};
        let dir = tempfile::tempdir().unwrap();
        let mut paths = crate::handlers::temp_shop(dir.path())
            .paths()
            .unwrap()
            .clone();
        paths.vpic = shopbench_app::ShopPaths::from_env().unwrap().vpic;
        let shop = crate::shop::Shop::at(paths.clone());
        let fixture = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../crates/recalls/tests/fixtures/FLAT_RCL_sample.txt"
        );
        import_recalls(&shop, fixture, 1_800_000_000).unwrap();
        let vin = "1FTFW1ET5DFC10312";
        let here = Settings::default();
        let costs_form = shopbench_views::CostsForm {
            country: "ca".into(),
            region: "ON".into(),
            price: "25000".into(),
            sale: "private".into(),
            ..Default::default()
        };
        let embedded = block_on(lookup_vin(&shop, &here, vin, 1_800_000_000)).unwrap();
        let costs_here = block_on(purchase_costs(&costs_form, &here)).unwrap();
        let (remote_vehicle, remote_costs, refused, credits) = block_on(async {
            let cfg = Config {
                vpic_path: paths.vpic.clone(),
                recalls_path: paths.recalls.clone(),
                ..Config::default()
            };
            let (url, key) = server_with(cfg, 50).await;
            let s = remote(&url, &key);
            let v = lookup_vin(&shop, &s, vin, 1_800_000_000).await.unwrap();
            let c = purchase_costs(&costs_form, &s).await.unwrap();
            let before = check_connection(&s).await.unwrap().credits;
            let bad = shopbench_views::CostsForm {
                price: "lots".into(),
                ..costs_form.clone()
            };
            let refused = purchase_costs(&bad, &s).await.unwrap_err();
            let after = check_connection(&s).await.unwrap().credits;
            (v, c, refused, (before, after))
        });
        assert_eq!(remote_vehicle.title, embedded.title);
        assert_eq!(remote_vehicle.rows, embedded.rows);
        assert_eq!(remote_vehicle.warnings, embedded.warnings);
        assert_eq!(remote_vehicle.recalls, embedded.recalls);
        assert_eq!(remote_vehicle.recalls.len(), 3, "{remote_vehicle:?}");
        assert!(
            remote_vehicle
                .source
                .starts_with("From the shopbench server at http://127.0.0.1:"),
            "{}",
            remote_vehicle.source
        );
        assert!(
            remote_vehicle
                .recalls_note
                .ends_with("from the server's data."),
            "{}",
            remote_vehicle.recalls_note
        );
        assert_eq!(embedded.source, "Worked out on this computer, offline");
        assert_eq!(remote_costs.lines, costs_here.lines);
        assert_eq!(remote_costs.total_range, costs_here.total_range);
        assert_eq!(remote_costs.title, costs_here.title);
        assert_ne!(remote_costs.source, costs_here.source);
        assert!(refused.to_string().starts_with("Price"), "{refused}");
        assert_eq!(credits.0, credits.1, "a refused form spends no credit");
    }
}
