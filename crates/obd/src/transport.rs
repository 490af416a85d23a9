//! Byte transports to an ELM327: a serial port (USB, Bluetooth SPP) or a TCP
//! socket (Wi-Fi adapters, `elm -n PORT`). Everything above talks to the
//! [`Transport`] trait only.

use crate::ObdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::str::FromStr;
use std::task::Poll;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_serial::{SerialPort, SerialPortBuilderExt, SerialStream};

/// A byte pipe to an adapter.
pub trait Transport: Send {
    /// Writes all bytes.
    fn write_all(&mut self, bytes: &[u8]) -> impl Future<Output = io::Result<()>> + Send;

    /// Waits until some bytes arrive or `deadline` passes. `Ok(0)` means the
    /// deadline passed with nothing; a closed link is an error
    /// (`UnexpectedEof`), never `Ok(0)`. A deadline in the past still returns
    /// bytes that are already waiting.
    fn read_some(
        &mut self,
        buf: &mut [u8],
        deadline: Instant,
    ) -> impl Future<Output = io::Result<usize>> + Send;

    /// Changes the line speed (serial only; others ignore it).
    fn set_baud_rate(&mut self, _baud: u32) -> io::Result<()> {
        Ok(())
    }

    /// True if the line speed matters (a real serial port).
    fn has_baud_rate(&self) -> bool {
        false
    }

    /// Where this transport goes, for messages ("/dev/ttyUSB0", "tcp://127.0.0.1:35000").
    fn describe(&self) -> &str;
}

async fn write_stream<S: AsyncWrite + Unpin>(s: &mut S, bytes: &[u8]) -> io::Result<()> {
    s.write_all(bytes).await?;
    s.flush().await
}

async fn read_stream<S: AsyncRead + Unpin>(
    s: &mut S,
    buf: &mut [u8],
    deadline: Instant,
) -> io::Result<usize> {
    if deadline <= Instant::now() {
        // Only what is already waiting. No timer: tokio rounds a timer up to
        // the next millisecond tick, which would cost every request ~1 ms.
        let mut rb = tokio::io::ReadBuf::new(buf);
        return std::future::poll_fn(|cx| match Pin::new(&mut *s).poll_read(cx, &mut rb) {
            Poll::Ready(Ok(())) if rb.filled().is_empty() => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the other end closed the link",
            ))),
            Poll::Ready(Ok(())) => Poll::Ready(Ok(rb.filled().len())),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Ready(Ok(0)),
        })
        .await;
    }
    match tokio::time::timeout_at(deadline, s.read(buf)).await {
        Err(_elapsed) => Ok(0),
        Ok(Ok(0)) => Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the other end closed the link",
        )),
        Ok(other) => other,
    }
}

/// A serial port (USB or Bluetooth ELM327).
pub struct SerialTransport {
    stream: SerialStream,
    path: String,
}

impl SerialTransport {
    /// Opens `path` at `baud`, 8N1, no flow control.
    pub fn open(path: &str, baud: u32) -> Result<SerialTransport, ObdError> {
        let stream = tokio_serial::new(path, baud)
            .timeout(Duration::from_millis(100))
            .open_native_async()
            .map_err(|e| ObdError::Open {
                port: path.to_string(),
                error: e.into(),
            })?;
        Ok(SerialTransport {
            stream,
            path: path.to_string(),
        })
    }

    /// Wraps an already open stream (e.g. one end of `SerialStream::pair()`).
    pub fn from_stream(stream: SerialStream, name: &str) -> SerialTransport {
        SerialTransport {
            stream,
            path: name.to_string(),
        }
    }
}

impl Transport for SerialTransport {
    fn write_all(&mut self, bytes: &[u8]) -> impl Future<Output = io::Result<()>> + Send {
        write_stream(&mut self.stream, bytes)
    }
    fn read_some(
        &mut self,
        buf: &mut [u8],
        deadline: Instant,
    ) -> impl Future<Output = io::Result<usize>> + Send {
        read_stream(&mut self.stream, buf, deadline)
    }
    fn set_baud_rate(&mut self, baud: u32) -> io::Result<()> {
        self.stream.set_baud_rate(baud).map_err(io::Error::from)
    }
    fn has_baud_rate(&self) -> bool {
        true
    }
    fn describe(&self) -> &str {
        &self.path
    }
}

/// A TCP connection (Wi-Fi ELM327 adapters, `elm -n PORT`).
pub struct TcpTransport {
    stream: TcpStream,
    name: String,
}

impl TcpTransport {
    /// Connects to `addr` ("127.0.0.1:35000"), giving up after `timeout`.
    pub async fn connect(addr: &str, timeout: Duration) -> Result<TcpTransport, ObdError> {
        let name = format!("tcp://{addr}");
        let stream = match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => {
                return Err(ObdError::Open {
                    port: name,
                    error: e,
                })
            }
            Err(_) => {
                return Err(ObdError::Open {
                    port: name,
                    error: io::Error::new(io::ErrorKind::TimedOut, "connection timed out"),
                })
            }
        };
        let _ = stream.set_nodelay(true);
        Ok(TcpTransport { stream, name })
    }
}

impl Transport for TcpTransport {
    fn write_all(&mut self, bytes: &[u8]) -> impl Future<Output = io::Result<()>> + Send {
        write_stream(&mut self.stream, bytes)
    }
    fn read_some(
        &mut self,
        buf: &mut [u8],
        deadline: Instant,
    ) -> impl Future<Output = io::Result<usize>> + Send {
        read_stream(&mut self.stream, buf, deadline)
    }
    fn describe(&self) -> &str {
        &self.name
    }
}

/// Either transport, chosen at run time from a [`PortSpec`].
pub enum AnyTransport {
    /// A serial port.
    Serial(SerialTransport),
    /// A TCP socket.
    Tcp(TcpTransport),
}

impl Transport for AnyTransport {
    async fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            AnyTransport::Serial(t) => t.write_all(bytes).await,
            AnyTransport::Tcp(t) => t.write_all(bytes).await,
        }
    }
    async fn read_some(&mut self, buf: &mut [u8], deadline: Instant) -> io::Result<usize> {
        match self {
            AnyTransport::Serial(t) => t.read_some(buf, deadline).await,
            AnyTransport::Tcp(t) => t.read_some(buf, deadline).await,
        }
    }
    fn set_baud_rate(&mut self, baud: u32) -> io::Result<()> {
        match self {
            AnyTransport::Serial(t) => t.set_baud_rate(baud),
            AnyTransport::Tcp(t) => t.set_baud_rate(baud),
        }
    }
    fn has_baud_rate(&self) -> bool {
        matches!(self, AnyTransport::Serial(_))
    }
    fn describe(&self) -> &str {
        match self {
            AnyTransport::Serial(t) => t.describe(),
            AnyTransport::Tcp(t) => t.describe(),
        }
    }
}

/// Where the adapter is: `tcp://HOST:PORT`, or anything else = a serial device path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PortSpec {
    /// A serial device (`/dev/ttyUSB0`, `/dev/rfcomm0`, `COM3`).
    Serial(String),
    /// A TCP address (`127.0.0.1:35000`), written `tcp://127.0.0.1:35000`.
    Tcp(String),
}

impl FromStr for PortSpec {
    type Err = ObdError;
    fn from_str(s: &str) -> Result<PortSpec, ObdError> {
        let s = s.trim();
        let invalid = |reason: &str| ObdError::InvalidPort {
            port: s.to_string(),
            reason: reason.to_string(),
        };
        if s.is_empty() {
            return Err(invalid(
                "empty — give a serial device such as /dev/ttyUSB0, or tcp://HOST:PORT",
            ));
        }
        match s.strip_prefix("tcp://") {
            Some(addr) => {
                let addr = addr.trim_end_matches('/');
                match addr.rsplit_once(':') {
                    Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => {
                        Ok(PortSpec::Tcp(addr.to_string()))
                    }
                    _ => Err(invalid(
                        "expected tcp://HOST:PORT, e.g. tcp://192.168.0.10:35000",
                    )),
                }
            }
            None => Ok(PortSpec::Serial(s.to_string())),
        }
    }
}

impl fmt::Display for PortSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortSpec::Serial(p) => f.write_str(p),
            PortSpec::Tcp(a) => write!(f, "tcp://{a}"),
        }
    }
}

impl PortSpec {
    /// Opens the transport (serial at `baud`).
    pub async fn open(&self, baud: u32) -> Result<AnyTransport, ObdError> {
        match self {
            PortSpec::Serial(p) => SerialTransport::open(p, baud).map(AnyTransport::Serial),
            PortSpec::Tcp(a) => TcpTransport::connect(a, Duration::from_secs(5))
                .await
                .map(AnyTransport::Tcp),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_specs() {
        assert_eq!(
            "tcp://127.0.0.1:35000".parse::<PortSpec>().unwrap(),
            PortSpec::Tcp("127.0.0.1:35000".into())
        );
        assert_eq!(
            "/dev/ttyUSB0".parse::<PortSpec>().unwrap(),
            PortSpec::Serial("/dev/ttyUSB0".into())
        );
        assert!("tcp://nohost".parse::<PortSpec>().is_err());
        assert!("".parse::<PortSpec>().is_err());
        assert_eq!(PortSpec::Tcp("h:1".into()).to_string(), "tcp://h:1");
    }

    #[tokio::test]
    async fn serial_pair_reads_and_reports_deadline() {
        let (a, b) = SerialStream::pair().expect("pty pair");
        let mut a = SerialTransport::from_stream(a, "pair-a");
        let mut b = SerialTransport::from_stream(b, "pair-b");
        a.write_all(b"ELM327 v1.5\r\r>").await.unwrap();
        let mut buf = [0u8; 64];
        let mut got = Vec::new();
        while !got.ends_with(b">") {
            let n = b
                .read_some(&mut buf, Instant::now() + Duration::from_secs(2))
                .await
                .unwrap();
            assert!(n > 0, "timed out");
            got.extend_from_slice(&buf[..n]);
        }
        assert_eq!(got, b"ELM327 v1.5\r\r>");
        let n = b
            .read_some(&mut buf, Instant::now() + Duration::from_millis(50))
            .await
            .unwrap();
        assert_eq!(n, 0);
    }
}
