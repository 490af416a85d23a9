//! `shopbench ask` and `shopbench conversations` end to end: the real binary,
//! a real SQLite file in a temporary home, the recall fixtures imported with
//! `data import`, and the real vPIC dataset for a question that names a VIN.

use std::path::{Path, PathBuf};

use serde_json::Value;
use shopbench_e2e::{json, ok, ran, run_shopbench, shopbench_in, workspace_root, Run};

fn top3(d: &Value) -> Vec<String> {
    d["causes"]
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

fn fixture(name: &str) -> String {
    workspace_root()
        .join("crates/recalls/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn ask_streams_a_cited_answer_lists_its_sources_and_keeps_the_conversation() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let r = ok(run_shopbench(
        h,
        &[
            "ask",
            "P0420 on a 2012 Camry 2.5, 140k miles — likely causes?",
        ],
    ));
    assert!(
        r.stdout
            .starts_with("P0420 means Catalyst System Efficiency Below Threshold (Bank 1)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("1. Catalytic converter degraded"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("\nSources:\n  [P0420] Catalyst System Efficiency Below Threshold (Bank 1)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("[test:rear_o2_graph]"));
    for line in r
        .stdout
        .split("\nSources:")
        .next()
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
    {
        assert!(
            line.contains("]."),
            "a sentence without its sources: {line}"
        );
    }
    assert!(r.stderr.contains("conversation 1 started"), "{}", r.stderr);

    let f = ok(run_shopbench(
        h,
        &[
            "ask",
            "--conversation",
            "1",
            "and if the downstream O2 switches like the upstream?",
        ],
    ));
    assert!(
        f.stdout
            .contains("Taken as a result: Graph the downstream O2 against the upstream failed"),
        "{}",
        f.stdout
    );
    assert!(f.stderr.contains("conversation 1 continued"));

    let list = ok(run_shopbench(h, &["conversations"]));
    assert!(
        list.stdout.contains(" 4 messages") && list.stdout.contains("P0420 on a 2012 Camry"),
        "{}",
        list.stdout
    );
    let shown = json(run_shopbench(h, &["conversations", "show", "1", "--json"]));
    let messages = shown["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 4);
    assert_eq!(messages[1]["engine"], "shopbench-facts");
    assert!(messages[3]["citations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == "test:rear_o2_graph"));
    let text = ok(run_shopbench(h, &["conversations", "show", "1"])).stdout;
    assert!(
        text.contains("> and if the downstream O2 switches") && text.contains("Sources:"),
        "{text}"
    );
    let found = json(run_shopbench(
        h,
        &["conversations", "list", "--search", "downstream", "--json"],
    ));
    assert_eq!(found.as_array().unwrap().len(), 1);
}

/// The ranking an answer about a saved case gives is `shopbench diagnose`'s.
#[test]
fn ask_about_a_case_ranks_it_as_diagnose_does() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(run_shopbench(
        h,
        &[
            "case",
            "new",
            "--vehicle",
            "Toyota Camry 2014 2.5L",
            "--mileage",
            "120000",
            "--complaint",
            "rough idle",
            "--code",
            "P0171",
            "--code",
            "P0174",
        ],
    ));
    let diagnosed = json(run_shopbench(h, &["diagnose", "1", "--json"]));
    let asked = json(run_shopbench(
        h,
        &[
            "ask",
            "--case",
            "1",
            "what are the likely causes?",
            "--json",
        ],
    ));
    assert_eq!(top3(&asked["diagnosis"]), top3(&diagnosed));
    let text = asked["text"].as_str().unwrap();
    assert!(
        text.starts_with("Case 1: 2014 Toyota Camry 2.5L, codes P0171 P0174"),
        "{text}"
    );
    for (i, c) in diagnosed["causes"]
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .enumerate()
    {
        assert!(
            text.contains(&format!("{}. {}", i + 1, c["name"].as_str().unwrap())),
            "{text}"
        );
    }
    let convs = json(run_shopbench(h, &["conversations", "list", "--json"]));
    assert_eq!(convs[0]["case_id"], 1);
}

#[test]
fn recalls_come_from_the_imported_cache_and_a_vin_is_decoded_for_them() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(run_shopbench(
        h,
        &[
            "data",
            "import",
            "nhtsa-recalls",
            &fixture("FLAT_RCL_sample.txt"),
        ],
    ));
    let r = ok(run_shopbench(
        h,
        &["ask", "any recalls on a 2013 Ford F-150?"],
    ));
    for n in ["13V900000", "14V900001", "15V900002"] {
        assert!(r.stdout.contains(&format!("[NHTSA {n}]")), "{}", r.stdout);
    }
    assert!(
        !r.stdout.contains("18V900004"),
        "the Mustang's campaign is not the F-150's"
    );
    let r = with_vpic(h, &["ask", "recalls for VIN 1FTFW1ET5DFC10312?"]);
    assert!(r.stdout.contains("[NHTSA 13V900000]"), "{r:?}");
}

fn with_vpic(home: &Path, args: &[&str]) -> Run {
    let vpic: PathBuf = shopbench_app::ShopPaths::from_env()
        .expect("HOME is set")
        .vpic;
    assert!(
        vpic.exists(),
        "vPIC dataset missing at {} — run scripts/setup",
        vpic.display()
    );
    ok(ran(shopbench_in(home, args).env("SHOPBENCH_VPIC_DB", vpic)))
}

#[test]
fn out_of_scope_questions_get_a_short_refusal_and_mistakes_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let r = ok(run_shopbench(
        h,
        &["ask", "send me a stage 2 tune for my GTI"],
    ));
    assert!(
        r.stdout.starts_with("shopbench does not give tuning maps")
            && r.stdout.contains("[scope:tuning]."),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stdout
            .split("\nSources:")
            .next()
            .unwrap()
            .trim()
            .lines()
            .count(),
        1
    );
    for (args, says) in [
        (vec!["ask", "  "], "question: empty"),
        (
            vec!["ask", "--conversation", "7", "P0420?"],
            "conversation 7 does not exist",
        ),
        (
            vec!["ask", "--case", "3", "P0420?"],
            "case 3 does not exist",
        ),
        (
            vec!["ask", "--engine", "model", "P0420?"],
            "no language model is set up",
        ),
        (vec!["ask", "--engine", "gpt", "P0420?"], "pick facts"),
        (
            vec![
                "--remote",
                "http://127.0.0.1:9",
                "--key",
                "sk_test_x",
                "ask",
                "P0420?",
            ],
            "/v1/chat",
        ),
    ] {
        let r = run_shopbench(h, &args);
        assert_eq!(r.code, Some(1), "{args:?}: {r:?}");
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
    let list = json(run_shopbench(h, &["conversations", "list", "--json"]));
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["send me a stage 2 tune for my GTI"],
        "only the answered question was kept"
    );
}
