//! What every command writes: results to stdout (a closed pipe is not an
//! error), the optional PDF (`--pdf FILE [--paper] [--shop]`), short cells.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use shopbench_report::{PaperSize, Shop};

/// An error that ends the program with its own exit status (not the usual
/// 1): e.g. 3 for a scan whose report was printed but is incomplete, 130 for
/// a command stopped by Ctrl-C.
#[derive(Debug)]
pub struct Exit {
    /// The exit status.
    pub code: u8,
    /// What to print after `error:` (nothing is printed when it is empty:
    /// the command has said all there was to say, e.g. `live` stopped by Ctrl-C).
    pub message: String,
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Exit {}

/// Set once stdout's reader has gone (`shopbench live | head -3`).
static READER_GONE: AtomicBool = AtomicBool::new(false);

/// Writes to stdout. A closed pipe (`| head`) is not an error: the command
/// still does what it was asked (a scan is still saved), and a streaming
/// command stops at its next round ([`reader_gone`]). Every result goes
/// through here or [`say!`], never `println!`, which panics on a closed pipe.
pub fn emit(text: &str) -> Result<()> {
    use std::io::Write as _;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            READER_GONE.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(e.into()),
        Ok(()) => Ok(()),
    }
}

/// Whether stdout's reader has gone: nothing more printed will be read.
pub fn reader_gone() -> bool {
    READER_GONE.load(Ordering::Relaxed)
}

/// `println!` through [`emit`]: a line on stdout, `Ok` when the reader has gone.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::output::emit(&format!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use say;

/// Writes `value` as pretty JSON and a newline.
pub fn emit_json(value: &impl serde::Serialize) -> Result<()> {
    emit(&format!("{}\n", serde_json::to_string_pretty(value)?))
}

/// `s` on one line, at most `n` characters (an ellipsis marks a cut).
pub fn clip(s: &str, n: usize) -> String {
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        let mut t: String = one_line.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// `--pdf FILE [--paper a4|letter] [--shop shop.json]`: also write the
/// result as a PDF report (`shopbench-report`).
#[derive(clap::Args, Debug, Default)]
pub struct PdfArgs {
    /// Also write the report as a PDF to FILE.
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,
    /// Paper size of the PDF: `a4` or `letter` [default: the desktop's Settings, else letter].
    #[arg(long, value_name = "SIZE")]
    pub paper: Option<PaperSize>,
    /// Shop settings for the PDF header: JSON with name, address (lines), phone, email, website,
    /// registration [default: the shop entered in the desktop's Settings].
    #[arg(long, env = "SHOPBENCH_SHOP", value_name = "FILE")]
    pub shop: Option<PathBuf>,
}

/// `-o FILE [--paper a4|letter] [--shop shop.json]`: the flags of a command
/// whose result is a PDF (`report`, `inspect`).
#[derive(clap::Args, Debug)]
pub struct PdfOutput {
    /// Where to write the PDF.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Paper size: `a4` or `letter` [default: the desktop's Settings, else letter].
    #[arg(long, value_name = "SIZE")]
    pub paper: Option<PaperSize>,
    /// Shop settings for the header: JSON with name, address (lines), phone, email, website,
    /// registration [default: the shop entered in the desktop's Settings, CONFIG/settings.json].
    #[arg(long, env = "SHOPBENCH_SHOP", value_name = "FILE")]
    pub shop: Option<PathBuf>,
}

impl PdfOutput {
    /// Renders and writes the PDF; says where on stderr.
    pub fn write(&self, render: impl FnOnce(&Shop, PaperSize) -> Vec<u8>) -> Result<()> {
        PdfArgs::to(self.output.clone(), self.paper, self.shop.clone()).write(render)
    }
}

impl PdfArgs {
    /// The same, writing to `output`.
    pub fn to(output: PathBuf, paper: Option<PaperSize>, shop: Option<PathBuf>) -> PdfArgs {
        PdfArgs {
            pdf: Some(output),
            paper,
            shop,
        }
    }

    /// Renders and writes the PDF when `--pdf` was given; says where on stderr.
    pub fn write(&self, render: impl FnOnce(&Shop, PaperSize) -> Vec<u8>) -> Result<()> {
        let Some(path) = &self.pdf else {
            return Ok(());
        };
        let (shop, paper) = match &self.shop {
            Some(file) => {
                let text = std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read the shop settings {}", file.display()))?;
                let shop =
                    Shop::from_json(&text).with_context(|| format!("in {}", file.display()))?;
                (shop, None)
            }
            // The identity entered in the desktop's Settings, when there is one.
            None => match shopbench_app::ShopPaths::from_env() {
                Ok(paths) => {
                    shopbench_app::shop_settings(&paths.settings_file())?.unwrap_or_default()
                }
                Err(_) => Default::default(),
            },
        };
        let shop = Shop {
            issued_at: Some(crate::data::now()),
            ..shop
        };
        let bytes = render(&shop, self.paper.or(paper).unwrap_or(PaperSize::Letter));
        std::fs::write(path, bytes).with_context(|| {
            format!(
                "cannot write the PDF to {} — check the directory exists and is writable",
                path.display()
            )
        })?;
        eprintln!("wrote {}", path.display());
        Ok(())
    }
}

/// A titled section of a text report (`case show`, `diagnose`), one line per
/// item; nothing when there are none.
pub fn section<T>(title: &str, items: &[T], line: impl Fn(&T) -> String) -> String {
    use std::fmt::Write as _;
    if items.is_empty() {
        return String::new();
    }
    let mut s = format!("\n{title}\n");
    for item in items {
        let _ = writeln!(s, "{}", line(item));
    }
    s
}
