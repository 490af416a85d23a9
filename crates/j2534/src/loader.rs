//! Loading a vendor's PassThru library and calling into it.
//!
//! This is the only module with `unsafe` code on the caller side of the C API.
//! Every call goes through [`Api`], which holds the library (so the function
//! pointers stay valid), serialises calls with a lock (J2534-1 does not promise
//! thread safety, and `PassThruGetLastError` must be asked right after the call
//! that failed), and turns every return code into a [`Result`].

use std::ffi::CStr;
use std::os::raw::{c_char, c_long, c_ulong, c_void};
use std::path::{Path, PathBuf};
use std::ptr;
use std::sync::{Mutex, MutexGuard};

use crate::arch::Machine;
use crate::consts::status::STATUS_NOERROR;
use crate::error::{J2534Error, Result};
use crate::ffi::*;

/// A loaded v04.04 library: its eleven entry points and the lock around them.
pub(crate) struct Api {
    path: PathBuf,
    lock: Mutex<()>,
    open: PassThruOpenFn,
    close: PassThruCloseFn,
    connect: PassThruConnectFn,
    disconnect: PassThruDisconnectFn,
    read_msgs: PassThruReadMsgsFn,
    write_msgs: PassThruWriteMsgsFn,
    start_msg_filter: PassThruStartMsgFilterFn,
    stop_msg_filter: PassThruStopMsgFilterFn,
    ioctl: PassThruIoctlFn,
    read_version: PassThruReadVersionFn,
    get_last_error: PassThruGetLastErrorFn,
    /// Keeps the code behind the pointers above mapped; never used directly.
    _library: libloading::Library,
}

/// Look one function up and copy its pointer out of the `Symbol`.
///
/// # Safety
/// `T` must be the function's true signature, and the pointer must not be
/// used after `lib` is unloaded.
unsafe fn symbol<T: Copy>(lib: &libloading::Library, path: &Path, name: &'static str) -> Result<T> {
    let c_name = format!("{name}\0");
    // SAFETY: the caller guarantees `T` is the C signature; `get` itself only
    // looks the name up.
    let sym = unsafe { lib.get::<T>(c_name.as_bytes()) };
    match sym {
        Ok(sym) => Ok(*sym),
        Err(source) => Err(J2534Error::MissingSymbol {
            path: path.to_owned(),
            symbol: name,
            source,
        }),
    }
}

impl Api {
    /// Load the library at `path` and resolve every v04.04 function.
    pub(crate) fn load(path: &Path) -> Result<Api> {
        check_architecture(path)?;
        // SAFETY: loading runs the library's initialisers. A PassThru library
        // is code the user chose to run with this program; there is no way to
        // load it without trusting it.
        let library =
            unsafe { libloading::Library::new(path) }.map_err(|source| J2534Error::Load {
                path: path.to_owned(),
                source,
            })?;
        let lib = &library;
        // SAFETY (for each `symbol` call below): the type is the signature
        // from `j2534_v0404.h` (see `ffi`), and the pointers are stored next
        // to `library` in the returned `Api`, which unloads it only on drop.
        unsafe {
            Ok(Api {
                path: path.to_owned(),
                lock: Mutex::new(()),
                open: symbol(lib, path, "PassThruOpen")?,
                close: symbol(lib, path, "PassThruClose")?,
                connect: symbol(lib, path, "PassThruConnect")?,
                disconnect: symbol(lib, path, "PassThruDisconnect")?,
                read_msgs: symbol(lib, path, "PassThruReadMsgs")?,
                write_msgs: symbol(lib, path, "PassThruWriteMsgs")?,
                start_msg_filter: symbol(lib, path, "PassThruStartMsgFilter")?,
                stop_msg_filter: symbol(lib, path, "PassThruStopMsgFilter")?,
                ioctl: symbol(lib, path, "PassThruIoctl")?,
                read_version: symbol(lib, path, "PassThruReadVersion")?,
                get_last_error: symbol(lib, path, "PassThruGetLastError")?,
                _library: library,
            })
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, ()> {
        // A panic while holding the lock leaves no state behind it to repair.
        self.lock.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Map a return code; on failure ask `PassThruGetLastError` (the lock is
    /// still held by the caller, so the text belongs to this call).
    fn check(&self, function: &'static str, code: c_long) -> Result<()> {
        if code == STATUS_NOERROR {
            return Ok(());
        }
        Err(J2534Error::api(function, code, self.last_error_locked()))
    }

    fn last_error_locked(&self) -> String {
        let mut buf = [0 as c_char; STRING_BUF_LEN];
        // SAFETY: `buf` is the 80-byte buffer the function is specified to fill.
        let code = unsafe { (self.get_last_error)(buf.as_mut_ptr()) };
        if code != STATUS_NOERROR {
            return String::new();
        }
        c_buf_to_string(&mut buf)
    }

    pub(crate) fn open(&self, name: Option<&CStr>) -> Result<c_ulong> {
        let _guard = self.lock();
        let mut id: c_ulong = 0;
        let name = name.map_or(ptr::null(), |n| n.as_ptr().cast::<c_void>());
        // SAFETY: `name` is NULL or a NUL-terminated string alive for the
        // call; `id` is a valid out-pointer.
        let code = unsafe { (self.open)(name, &mut id) };
        self.check("PassThruOpen", code).map(|()| id)
    }

    pub(crate) fn close(&self, device: c_ulong) -> Result<()> {
        let _guard = self.lock();
        // SAFETY: plain integer argument.
        let code = unsafe { (self.close)(device) };
        self.check("PassThruClose", code)
    }

    pub(crate) fn connect(
        &self,
        device: c_ulong,
        protocol: c_ulong,
        flags: c_ulong,
        baud: c_ulong,
    ) -> Result<c_ulong> {
        let _guard = self.lock();
        let mut channel: c_ulong = 0;
        // SAFETY: integers and a valid out-pointer.
        let code = unsafe { (self.connect)(device, protocol, flags, baud, &mut channel) };
        self.check("PassThruConnect", code).map(|()| channel)
    }

    pub(crate) fn disconnect(&self, channel: c_ulong) -> Result<()> {
        let _guard = self.lock();
        // SAFETY: plain integer argument.
        let code = unsafe { (self.disconnect)(channel) };
        self.check("PassThruDisconnect", code)
    }

    /// Read into `buf`; returns how many were filled. `ERR_BUFFER_EMPTY` and
    /// `ERR_TIMEOUT` are not failures here: they only mean fewer messages
    /// than asked for (possibly none) arrived in time.
    pub(crate) fn read_msgs(
        &self,
        channel: c_ulong,
        buf: &mut [PassThruMsg],
        timeout_ms: c_ulong,
    ) -> Result<usize> {
        use crate::consts::status::{ERR_BUFFER_EMPTY, ERR_TIMEOUT};
        let _guard = self.lock();
        let mut n = c_ulong::try_from(buf.len()).unwrap_or(c_ulong::MAX);
        // SAFETY: `buf` holds `n` writable messages and `n` is a valid
        // in/out pointer; the driver writes at most `n` messages.
        let code = unsafe { (self.read_msgs)(channel, buf.as_mut_ptr(), &mut n, timeout_ms) };
        let read = usize::try_from(n).unwrap_or(usize::MAX).min(buf.len());
        match code {
            ERR_BUFFER_EMPTY | ERR_TIMEOUT => Ok(read),
            _ => self.check("PassThruReadMsgs", code).map(|()| read),
        }
    }

    /// Write `msgs`; returns how many the driver took.
    pub(crate) fn write_msgs(
        &self,
        channel: c_ulong,
        msgs: &mut [PassThruMsg],
        timeout_ms: c_ulong,
    ) -> Result<usize> {
        let _guard = self.lock();
        let mut n = c_ulong::try_from(msgs.len()).unwrap_or(c_ulong::MAX);
        // SAFETY: `msgs` holds `n` initialised messages for the call.
        let code = unsafe { (self.write_msgs)(channel, msgs.as_mut_ptr(), &mut n, timeout_ms) };
        self.check("PassThruWriteMsgs", code)
            .map(|()| usize::try_from(n).unwrap_or(usize::MAX).min(msgs.len()))
    }

    pub(crate) fn start_msg_filter(
        &self,
        channel: c_ulong,
        filter_type: c_ulong,
        mask: &mut PassThruMsg,
        pattern: &mut PassThruMsg,
        flow_control: Option<&mut PassThruMsg>,
    ) -> Result<c_ulong> {
        let _guard = self.lock();
        let mut id: c_ulong = 0;
        let fc = flow_control.map_or(ptr::null_mut(), |m| m as *mut PassThruMsg);
        // SAFETY: mask and pattern are valid messages, `fc` is NULL (allowed
        // for PASS/BLOCK filters) or a valid message; `id` is an out-pointer.
        let code =
            unsafe { (self.start_msg_filter)(channel, filter_type, mask, pattern, fc, &mut id) };
        self.check("PassThruStartMsgFilter", code).map(|()| id)
    }

    pub(crate) fn stop_msg_filter(&self, channel: c_ulong, filter: c_ulong) -> Result<()> {
        let _guard = self.lock();
        // SAFETY: plain integer arguments.
        let code = unsafe { (self.stop_msg_filter)(channel, filter) };
        self.check("PassThruStopMsgFilter", code)
    }

    /// `PassThruIoctl` with raw pointers.
    ///
    /// # Safety
    /// `input` and `output` must be what the specification requires for
    /// `ioctl_id` (NULL or a valid pointer to the right type).
    pub(crate) unsafe fn ioctl(
        &self,
        id: c_ulong,
        ioctl_id: c_ulong,
        input: *mut c_void,
        output: *mut c_void,
    ) -> Result<()> {
        let _guard = self.lock();
        // SAFETY: forwarded to the caller of this `unsafe fn`.
        let code = unsafe { (self.ioctl)(id, ioctl_id, input, output) };
        self.check("PassThruIoctl", code)
    }

    pub(crate) fn read_version(&self, device: c_ulong) -> Result<[String; 3]> {
        let _guard = self.lock();
        let mut fw = [0 as c_char; STRING_BUF_LEN];
        let mut dll = [0 as c_char; STRING_BUF_LEN];
        let mut api = [0 as c_char; STRING_BUF_LEN];
        // SAFETY: three 80-byte buffers, as specified.
        let code = unsafe {
            (self.read_version)(device, fw.as_mut_ptr(), dll.as_mut_ptr(), api.as_mut_ptr())
        };
        self.check("PassThruReadVersion", code)?;
        Ok([
            c_buf_to_string(&mut fw),
            c_buf_to_string(&mut dll),
            c_buf_to_string(&mut api),
        ])
    }
}

/// Refuse a library built for another CPU than this program, with a message
/// that says so (the OS loader's own error is cryptic). Files whose header
/// cannot be read are left to the loader.
pub fn check_architecture(path: &Path) -> Result<()> {
    match (Machine::of_file(path), Machine::current()) {
        (Some(library), Some(program)) if library != program => {
            Err(J2534Error::wrong_architecture(path, library, program))
        }
        _ => Ok(()),
    }
}

/// Text of a `char[80]` the driver filled; a missing NUL is tolerated by
/// forcing one into the last byte.
fn c_buf_to_string(buf: &mut [c_char; STRING_BUF_LEN]) -> String {
    buf[STRING_BUF_LEN - 1] = 0;
    let bytes: Vec<u8> = buf
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    String::from_utf8_lossy(&bytes).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unterminated_driver_strings_are_cut_at_80_bytes() {
        let mut buf = [b'A' as c_char; STRING_BUF_LEN];
        assert_eq!(c_buf_to_string(&mut buf).len(), STRING_BUF_LEN - 1);
        let mut buf = [0 as c_char; STRING_BUF_LEN];
        buf[0] = b'x' as c_char;
        assert_eq!(c_buf_to_string(&mut buf), "x");
    }

    #[test]
    fn a_32_bit_dll_is_refused_with_advice_before_loading() {
        let dir = tempfile::tempdir().unwrap();
        let dll = dir.path().join("vendor32.dll");
        let mut header = vec![0u8; 0x40];
        header[..2].copy_from_slice(b"MZ");
        header[0x3C..0x40].copy_from_slice(&0x40u32.to_le_bytes());
        header.extend_from_slice(b"PE\0\0");
        header.extend_from_slice(&0x014Cu16.to_le_bytes());
        std::fs::write(&dll, header).unwrap();
        let err = Api::load(&dll).err().expect("must fail");
        if Machine::current() == Some(Machine::X86) {
            assert!(matches!(err, J2534Error::Load { .. }), "{err}");
            return;
        }
        assert!(matches!(err, J2534Error::WrongArchitecture { .. }), "{err}");
        let text = err.to_string();
        assert!(text.contains("32-bit x86 library"), "{text}");
        assert!(text.contains("vendor's 64-bit J2534 driver"), "{text}");
        assert!(text.contains("32-bit build of shopbench"), "{text}");
    }

    #[test]
    fn a_missing_library_is_a_load_error_naming_the_path() {
        let err = Api::load(Path::new("/nonexistent/passthru.so"))
            .err()
            .expect("must fail");
        assert!(matches!(err, J2534Error::Load { .. }), "{err}");
        assert!(err.to_string().contains("/nonexistent/passthru.so"));
    }
}
