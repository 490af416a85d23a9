//! `shopbench serve`: the /v1 partner API on one SQLite file.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use shopbench_server::{Config, Db, Server};

/// Arguments of `shopbench serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the chosen address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// The server's database: an SQLite file (created if missing) for one
    /// machine, or a `postgres://user:password@host:port/dbname` URL shared by
    /// several `shopbench serve` processes. Its own variable, not SHOPBENCH_DB
    /// (the case store's), so the two never share a file.
    #[arg(long, default_value = "shopbench.db", env = "SHOPBENCH_SERVER_DB")]
    db: String,
    /// Job workers.
    #[arg(long, default_value_t = 2)]
    workers: usize,
    /// CPU-heavy steps of requests (PDFs, photo decoding, pricing) running or
    /// waiting at once; one more is answered 503 with Retry-After. 0 answers
    /// every such request 503 (to shed that work while the rest keeps serving).
    #[arg(long, default_value_t = shopbench_server::CPU_QUEUE)]
    cpu_slots: usize,
    /// Requests per key per sliding minute.
    #[arg(long, default_value_t = 60)]
    rate_per_minute: u32,
    /// Delays before each webhook retry, comma-separated (ms, s, m).
    #[arg(long, value_delimiter = ',', default_value = "5s,30s,5m")]
    webhook_retries: Vec<String>,
    /// Pause after each job stage, so progress can be watched (ms, s, m).
    #[arg(long, default_value = "0ms")]
    stage_delay: String,
    /// How long a claimed job or webhook attempt stays this process's without
    /// renewal; when a process dies, another takes its work over after this.
    #[arg(long, default_value = "30s")]
    lease: String,
    /// A request's head must arrive whole within this of its first byte (ms, s, m).
    #[arg(long, default_value = "10s")]
    header_timeout: String,
    /// A keep-alive connection with nothing to do is closed after this.
    #[arg(long, default_value = "30s")]
    idle_timeout: String,
    /// A request body may pause at most this long between two chunks.
    #[arg(long, default_value = "10s")]
    body_timeout: String,
    /// vPIC data set for GET /v1/decode (default: the one `data import vpic` installs).
    #[arg(long)]
    vpic: Option<PathBuf>,
    /// Recalls and complaints cache for /v1/recalls, /v1/reliability, /v1/known-issues and
    /// their /v1/sample/* twins, filled by `shopbench data import nhtsa-recalls|nhtsa-complaints`
    /// and read offline (default: $SHOPBENCH_DATA_DIR/nhtsa.db, else ~/.local/share/shopbench/nhtsa.db).
    #[arg(long = "data-db")]
    data_db: Option<PathBuf>,
    /// The shop's damage detection model (ONNX; none ships): with it, POST /v1/estimates may
    /// leave out `areas` and the server finds the damage (seed 001's 202 and poll)
    /// [default: $SHOPBENCH_DETECTOR_MODEL, else CONFIG/detector/model.onnx when it is there].
    #[arg(long, value_name = "FILE")]
    detector_model: Option<PathBuf>,
    /// The model's manifest [default: $SHOPBENCH_DETECTOR_MANIFEST, else manifest.json beside the model].
    #[arg(long, value_name = "FILE", requires = "detector_model")]
    detector_manifest: Option<PathBuf>,
    /// Accept a request's callback_url on a loopback or private address (a partner on this
    /// network, tests); refused by default.
    #[arg(long)]
    allow_private_callbacks: bool,
}

/// The detector `serve` loads once: the one given, else the one the shop's settings name
/// (none when the default place is empty); a model that does not load stops the start.
fn detector(args: &ServeArgs) -> Result<Option<std::sync::Arc<shopbench_detect::OnnxDetector>>> {
    use shopbench_app::detection::{configured_detector, load_detector};
    let paths = shopbench_app::ShopPaths::from_env();
    let loaded = match (&args.detector_model, paths) {
        (Some(model), paths) => {
            let settings = match paths {
                Ok(p) => p.detector,
                Err(_) => shopbench_app::DetectorPaths {
                    model: model.clone(),
                    manifest: model.with_file_name("manifest.json"),
                    set_by: "given with --detector-model".into(),
                    named: true,
                },
            };
            let manifest = args.detector_manifest.clone();
            Some(load_detector(&settings, Some(model.clone()), manifest)?)
        }
        (None, Ok(p)) => configured_detector(&p.detector)?,
        (None, Err(_)) => None,
    };
    if let Some(d) = &loaded {
        eprintln!(
            "shopbench serve: damage detector {} — POST /v1/estimates may leave out areas",
            d.name()
        );
    }
    Ok(loaded.map(std::sync::Arc::new))
}

/// The assistant settings `POST /v1/chat` uses: the shop's settings file and
/// `$SHOPBENCH_MODEL_URL` over it, as `shopbench ask` reads them.
fn assistant_settings() -> shopbench_app::assistant::AssistantSettings {
    use shopbench_app::assistant::AssistantSettings;
    let settings = match shopbench_app::ShopPaths::from_env() {
        Ok(p) => AssistantSettings::load(&p.settings_file()),
        Err(_) => AssistantSettings::load(std::path::Path::new("")),
    };
    if settings.model_ready() {
        eprintln!(
            "shopbench serve: language model at {} — POST /v1/chat may use engine shopbench-model",
            settings.model_url
        );
    }
    settings
}

/// Parses `250ms`, `5s`, `5m`.
pub(crate) fn duration(s: &str) -> Result<Duration> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = num
        .parse()
        .with_context(|| format!("'{s}' is not a duration like 250ms, 5s or 5m"))?;
    Ok(match unit {
        "ms" => Duration::from_millis(n),
        "s" | "" => Duration::from_secs(n),
        "m" => Duration::from_secs(60 * n),
        _ => bail!("'{s}' is not a duration like 250ms, 5s or 5m"),
    })
}

/// Runs `shopbench serve` until Ctrl-C or SIGTERM.
pub fn run(args: ServeArgs) -> Result<()> {
    let detector = detector(&args)?;
    let cfg = Config {
        workers: args.workers,
        cpu_slots: args.cpu_slots,
        per_key_per_minute: args.rate_per_minute,
        webhook_retries: args
            .webhook_retries
            .iter()
            .map(|s| duration(s))
            .collect::<Result<_>>()?,
        stage_delay: duration(&args.stage_delay)?,
        lease: duration(&args.lease)?,
        timeouts: shopbench_server::Timeouts {
            header: duration(&args.header_timeout)?,
            idle: duration(&args.idle_timeout)?,
            body_stall: duration(&args.body_timeout)?,
            ..shopbench_server::Timeouts::default()
        },
        ..Config::default()
    };
    let cfg = match args.vpic {
        Some(vpic_path) => Config { vpic_path, ..cfg },
        None => cfg,
    };
    let cfg = match args.data_db {
        Some(recalls_path) => Config {
            recalls_path,
            ..cfg
        },
        None => cfg,
    };
    let cfg = Config {
        detector,
        allow_private_callbacks: args.allow_private_callbacks,
        assistant: assistant_settings(),
        ..cfg
    };
    let db = Db::open(&args.db)?;
    let db_shown = db.target().to_string();
    let server = Server::new(db, cfg)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {} — is the port in use?", args.addr))?;
        let addr = listener.local_addr()?;
        {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "shopbench serve: listening on http://{addr} (database {})",
                db_shown
            )?;
            out.flush()?;
        }
        server.run(listener, shutdown()).await?;
        Ok(())
    })
}

async fn shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(duration("5s").unwrap(), Duration::from_secs(5));
        assert_eq!(duration("5m").unwrap(), Duration::from_secs(300));
        assert!(duration("5h").is_err());
        assert!(duration("s").is_err());
    }
}
