//! Tauri commands: one-line adapters over [`crate::handlers`], each typed by
//! its contract in `shopbench_views` (arguments in, `Out<C>` back) and bound
//! to its name there at compile time ([`bind!`]).

pub mod assistant;
pub mod case;
pub mod estimate;
pub mod link;
pub mod vehicle;

/// Fails to compile when the function `$f` is not named as command `$c` says.
macro_rules! bind {
    ($f:ident => $c:ty) => {
        const _: () = assert!(
            shopbench_views::same_name(<$c as shopbench_views::Command>::NAME, stringify!($f)),
            "a command function must be named as its contract in shopbench-views"
        );
    };
}
pub(crate) use bind;

/// Runs blocking work (SQLite, photo decoding, PDF rendering) off the main thread.
pub(crate) async fn off_main<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, crate::DesktopError> + Send + 'static,
) -> Result<T, crate::DesktopError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| crate::DesktopError::Interrupted(e.to_string()))?
}
