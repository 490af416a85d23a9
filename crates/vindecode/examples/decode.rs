//! Prints the JSON decode of each VIN given on the command line.
//!
//! `cargo run --release -p shopbench-vindecode --example decode -- 1HGCM82633A004352`

fn main() {
    let t = std::time::Instant::now();
    let decoder = match shopbench_vindecode::Decoder::open(
        std::env::var_os("SHOPBENCH_VPIC_DB").expect("set SHOPBENCH_VPIC_DB=$(scripts/fetch-vpic)"),
    ) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    eprintln!("loaded {:?} in {:?}", decoder.counts(), t.elapsed());
    for vin in std::env::args().skip(1) {
        match decoder.decode_str(&vin) {
            Ok(d) => println!(
                "{}",
                serde_json::to_string_pretty(&d).expect("serializable")
            ),
            Err(e) => println!("{vin}: {e}"),
        }
    }
}
