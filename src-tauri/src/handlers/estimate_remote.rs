//! An estimate priced by the shopbench server of the settings (remote mode), over
//! `shopbench_app::remote_estimates`: the estimate stays the shop's record, edited and
//! re-priced here for free; "Price on the server" is one charged request whose whole
//! answer is kept with the estimate and shown when it is reopened.

use shopbench_app::remote_estimates as remote;
use shopbench_i18n::{money, money_range, tr, tr_text, Lang};
use shopbench_store::{EstimateId, StoredEstimate};
use shopbench_views::{EstimateView, RemoteLineView, RemotePricingView, Settings};

use crate::error::DesktopError;
use crate::shop::Shop;

/// Sends the estimate's vehicle, state, areas and photos to `POST /v1/estimates` (an
/// idempotency key makes a retry after a lost answer free), keeps the answer with the
/// estimate, and shows the estimate with it. An estimate with no area, a settings form
/// without a server, or a refusal by the server keeps nothing.
pub async fn price(
    shop: &Shop,
    settings: &Settings,
    id: i64,
) -> Result<EstimateView, DesktopError> {
    let id = EstimateId(id);
    let client = crate::settings::remote_client(settings)?;
    let (stored, req) = {
        let store = shop.store()?;
        let stored = store.estimate(id)?;
        let req = remote::request(&store, &stored)?;
        (stored, req)
    };
    let answer = client
        .create_estimate(&req.input, &req.photos, Some(&req.idempotency_key))
        .await?;
    remote::record(
        &mut shop.store()?,
        &stored,
        settings.remote_url.trim(),
        &req.input,
        &answer,
    )?;
    super::estimate::show(shop, id.0)
}

/// The estimate's latest server pricing as the screen shows it.
pub(super) fn view(
    s: &StoredEstimate,
    lang: Lang,
) -> Result<Option<RemotePricingView>, DesktopError> {
    let Some(r) = remote::latest(s)? else {
        return Ok(None);
    };
    let cost = &r.answer.summary.cost;
    Ok(Some(RemotePricingView {
        server: r.pricing.pricing.server.clone(),
        remote_id: r.pricing.pricing.remote_id.clone(),
        priced_at: r.pricing.priced_at.clone(),
        credits: r.pricing.pricing.credits_charged,
        // The point total (the breakdown adds up to it); total_min is the range's low end.
        total: money(
            lang,
            cost.breakdown.labelled().iter().map(|(_, c)| c.get()).sum(),
        ),
        range: money_range(lang, cost.total_min.get(), cost.total_max.get()),
        lines: cost
            .line_items
            .iter()
            .map(|l| RemoteLineView {
                description: tr_text(lang, &l.description),
                amount: money(lang, (l.parts_cost + l.labor_cost + l.paint_cost).get()),
            })
            .collect(),
        current: r.current,
        not_sent: r.not_sent.iter().map(|n| tr(lang, n).to_string()).collect(),
        questions: r
            .answer
            .summary
            .questions
            .iter()
            .map(|q| tr_text(lang, q))
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::block_on;
    use crate::handlers::estimate::tests::{bumper_dent, camry, photo};
    use crate::handlers::estimate::{add_area, add_photo_path, edit_line, show};
    use crate::handlers::remote::check_connection;
    use crate::handlers::remote::tests::{remote, server};
    use shopbench_views::{AreaForm, LineForm};

    /// A 2022 Camry with a photo and a moderate dent boxed on its bumper.
    fn bumper_estimate(shop: &Shop) -> EstimateView {
        let v = camry(shop);
        let v = add_photo_path(shop, v.id, photo("bumper.jpg").to_str().unwrap()).unwrap();
        add_area(shop, v.id, &bumper_dent(Some([0.2, 0.3, 0.4, 0.2]))).unwrap()
    }

    /// Issue 19 item 4: in remote mode an estimate is priced by the server in one charged
    /// request; its answer is kept with the estimate (reopened without asking again), agrees
    /// with the embedded engine's, and is marked out of date once the damage changes.
    #[test]
    fn an_estimate_priced_on_the_server_is_kept_reopened_and_marked_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let shop = crate::handlers::temp_shop(dir.path());
        let local = bumper_estimate(&shop);
        assert!(local.remote.is_none());
        let (priced, before, after) = block_on(async {
            let (url, key) = server().await;
            let s = remote(&url, &key);
            let before = check_connection(&s).await.unwrap().credits;
            let priced = price(&shop, &s, local.id).await.unwrap();
            let after = check_connection(&s).await.unwrap().credits;
            (priced, before, after)
        });
        let r = priced
            .remote
            .clone()
            .expect("the server's pricing is shown");
        assert!(r.remote_id.starts_with("est_"), "{r:?}");
        assert!(r.current, "nothing changed since: {r:?}");
        assert!(r.not_sent.is_empty(), "{r:?}");
        assert_eq!(
            before - after,
            r.credits,
            "the credits shown are those drawn"
        );
        assert!(r.credits > 0);
        assert_eq!(
            r.total, local.total,
            "the server runs the same engine: {:#?} {:#?}",
            r.lines, local.lines
        );
        assert!(!r.lines.is_empty());
        for l in &r.lines {
            let french = shopbench_i18n::translates(&l.description);
            assert!(
                french,
                "no French for the server's line {:?}",
                l.description
            );
        }

        let reopened = show(&shop, local.id).unwrap();
        assert_eq!(reopened.remote, priced.remote, "kept, not asked again");

        let first_line = reopened.lines[0].id.clone();
        let edited = edit_line(
            &shop,
            local.id,
            &LineForm {
                line_id: first_line,
                part_cost: Some(999.0),
                ..LineForm::default()
            },
        )
        .unwrap();
        let r = edited.remote.unwrap();
        assert!(r.current, "a line edit is not a change of the damage");
        assert_eq!(r.not_sent, ["the line edits"]);

        let more = add_area(
            &shop,
            local.id,
            &AreaForm {
                photo: String::new(),
                panel: "hood".into(),
                damage_type: "scratch".into(),
                severity: "minor".into(),
                region: None,
            },
        )
        .unwrap();
        assert!(!more.remote.unwrap().current, "the damage changed since");
    }

    #[test]
    fn what_the_server_did_not_see_is_said_in_french_too() {
        for (english, _) in remote::NOT_SENT {
            assert!(shopbench_i18n::translates(english), "{english}");
        }
    }

    /// Nothing is kept when the estimate has no area, the settings name no server, or the
    /// server refuses the key; the estimate is as it was.
    #[test]
    fn a_refused_server_pricing_keeps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let shop = crate::handlers::temp_shop(dir.path());
        let bare = camry(&shop);
        let marked = bumper_estimate(&shop);
        let (no_area, no_server, bad_key) = block_on(async {
            let (url, key) = server().await;
            let no_area = price(&shop, &remote(&url, &key), bare.id)
                .await
                .unwrap_err();
            let no_server = price(&shop, &Settings::default(), marked.id)
                .await
                .unwrap_err();
            let bad = remote(&url, "sk_test_0000000000000000000000000000000000000000");
            let bad_key = price(&shop, &bad, marked.id).await.unwrap_err();
            (no_area, no_server, bad_key)
        });
        assert!(no_area.to_string().contains("damage area"), "{no_area}");
        assert!(no_server.to_string().contains("Server URL"), "{no_server}");
        assert_eq!(bad_key.title(), "The remote server refused", "{bad_key}");
        for id in [bare.id, marked.id] {
            let s = shop.store().unwrap().estimate(EstimateId(id)).unwrap();
            assert!(s.remote_pricings.is_empty());
        }
        assert_eq!(show(&shop, marked.id).unwrap(), marked);
    }
}
