//! What the commands do, without Tauri: each function takes values (and the
//! session or a folder) and returns values, so it is tested without a window.

pub mod case;
pub mod diagnose;
pub mod estimate;
pub mod link;
pub mod live;
pub mod remote;
pub mod report;
pub mod vehicle;

/// Runs `f` on a fresh current-thread runtime (tests: one runtime per test, as
/// a serial port belongs to the runtime that opened it).
#[cfg(test)]
pub(crate) fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}
