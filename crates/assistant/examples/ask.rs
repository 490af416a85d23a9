//! Asks the facts engine one question, with no vehicle data or shop cases
//! (those come from `shopbench ask`): `cargo run -p shopbench-assistant
//! --example ask -- "P0420 on a 2012 Camry 2.5, 140k miles — likely causes?"`.
//! Earlier questions of the conversation may come first, oldest first.

use shopbench_assistant::{Assistant, Gathered, Turn};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let Some(question) = args.pop() else {
        eprintln!("usage: ask [EARLIER QUESTION…] QUESTION");
        std::process::exit(2);
    };
    let history: Vec<Turn> = args.iter().map(|a| Turn::user(a)).collect();
    let a = Assistant::embedded();
    let u = a.understand(&history, &question);
    for h in &u.heard {
        eprintln!("heard: {} \u{2190} \u{201c}{}\u{201d}", h.what, h.words);
    }
    let answer = a.prepare(u, None, Gathered::default()).answer();
    print!("{}", answer.text());
    println!();
    for c in &answer.citations {
        println!("[{}] {}", c.id, c.title);
    }
}
