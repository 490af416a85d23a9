//! Accepting connections with limits a slow or silent client cannot get
//! around: `axum::serve` gives no access to hyper's connection builder, so
//! this loop sets them itself.
//!
//! - **Header timeout**: a request's head must arrive whole within
//!   [`Timeouts::header`] of its first byte (a slowloris client is cut off).
//! - **Idle timeout**: a keep-alive connection with no request in flight is
//!   closed after [`Timeouts::idle`].
//! - **Body timeout**: enforced where bodies are read (`problem::read_body`),
//!   per chunk and overall.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// How long a connection may take, and stay silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// From a request's first byte to the end of its head (default 10 s).
    pub header: Duration,
    /// A keep-alive connection with nothing to do (default 30 s).
    pub idle: Duration,
    /// A request body: the longest pause between two chunks (default 10 s).
    pub body_stall: Duration,
    /// A request body: the whole of it (default 120 s; 50 MB of photos at
    /// a slow uplink).
    pub body_total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            header: Duration::from_secs(10),
            idle: Duration::from_secs(30),
            body_stall: Duration::from_secs(10),
            body_total: Duration::from_secs(120),
        }
    }
}

/// A socket that remembers when it last moved bytes either way.
struct Watched {
    inner: TcpStream,
    last: Arc<AtomicU64>,
    start: Instant,
}

impl Watched {
    fn touch(&self) {
        self.last
            .store(self.start.elapsed().as_millis() as u64, Ordering::Relaxed);
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.touch();
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        r
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Serves `router` on `listener` until `shutdown` completes; connections
/// in flight then finish their current request.
pub(crate) async fn serve(
    listener: TcpListener,
    router: axum::Router,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(s) => s,
                // Out of file descriptors and the like: wait and go on.
                Err(_) => { tokio::time::sleep(Duration::from_millis(50)).await; continue; }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let last = Arc::new(AtomicU64::new(0));
        let io = Watched {
            inner: stream,
            last: last.clone(),
            start: Instant::now(),
        };
        let service = TowerToHyperService::new(router.clone());
        let conn = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(timeouts.header)
            .keep_alive(true)
            .serve_connection(TokioIo::new(io), service);
        let conn = graceful.watch(conn);
        tokio::spawn(idle_watch(conn, last, timeouts.idle));
    }
    // Let requests in flight finish (bounded: a silent client is cut by the timeouts anyway).
    let _ = tokio::time::timeout(Duration::from_secs(30), graceful.shutdown()).await;
    Ok(())
}

/// Drives one connection, closing it when no byte has moved for `idle`.
/// A request being worked on is not idle: the server writes its answer,
/// and a long job answers `202` and is polled.
async fn idle_watch<C>(conn: C, last: Arc<AtomicU64>, idle: Duration)
where
    C: Future + Send,
{
    let started = Instant::now();
    tokio::pin!(conn);
    loop {
        let since = started
            .elapsed()
            .saturating_sub(Duration::from_millis(last.load(Ordering::Relaxed)));
        let left = idle.saturating_sub(since);
        if left.is_zero() {
            return; // dropping the connection closes the socket
        }
        tokio::select! {
            _ = &mut conn => return,
            () = tokio::time::sleep(left) => {}
        }
    }
}
