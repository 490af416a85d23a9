//! Which CPU a library file was built for, read from its header.
//!
//! A 64-bit program cannot load a 32-bit library (and vice versa); the
//! operating system's loader then says little more than "not a valid Win32
//! application" or "wrong ELF class". Most J2534 vendors ship only a 32-bit
//! DLL, so shopbench looks at the file first and names the problem.
//!
//! ```text
//! PE (Windows DLL)                     ELF (Linux .so)
//! 0x00  "MZ"                           0x00  7F 'E' 'L' 'F'
//! 0x3C  u32 LE offset of "PE\0\0" ─┐   0x04  class: 1 = 32-bit, 2 = 64-bit
//! off   "PE\0\0"                 ◀─┘   0x05  data:  1 = little, 2 = big endian
//! off+4 u16 LE Machine                 0x12  u16 e_machine (in that endianness)
//! ```

use std::io::Read;
use std::path::Path;

/// A CPU architecture a library can be built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Machine {
    /// 32-bit x86 (`i686`): PE `0x014C`, ELF `3`.
    X86,
    /// 64-bit x86 (`x86_64`): PE `0x8664`, ELF `62`.
    X86_64,
    /// 32-bit ARM: PE `0x01C0`/`0x01C4`, ELF `40`.
    Arm,
    /// 64-bit ARM: PE `0xAA64`, ELF `183`.
    Aarch64,
    /// Anything else: the raw PE or ELF machine number.
    Other(u16),
}

impl Machine {
    /// The architecture this program was compiled for, if it is one of the named ones.
    pub fn current() -> Option<Machine> {
        match std::env::consts::ARCH {
            "x86" => Some(Machine::X86),
            "x86_64" => Some(Machine::X86_64),
            "arm" => Some(Machine::Arm),
            "aarch64" => Some(Machine::Aarch64),
            _ => None,
        }
    }

    /// The machine a library file was built for; `None` when the file cannot
    /// be read or is neither PE nor ELF (then the loader decides).
    pub fn of_file(path: &Path) -> Option<Machine> {
        let mut head = Vec::with_capacity(4096);
        std::fs::File::open(path)
            .ok()?
            .take(64 * 1024)
            .read_to_end(&mut head)
            .ok()?;
        Machine::from_header(&head)
    }

    /// The machine from the first bytes of a PE or ELF file.
    pub fn from_header(bytes: &[u8]) -> Option<Machine> {
        let u16_le = |at: usize| Some(u16::from_le_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]));
        if bytes.starts_with(b"MZ") {
            let at = usize::try_from(u32::from_le_bytes(bytes.get(0x3C..0x40)?.try_into().ok()?))
                .ok()?;
            if bytes.get(at..at.checked_add(4)?)? != b"PE\0\0" {
                return None;
            }
            return Some(match u16_le(at + 4)? {
                0x014C => Machine::X86,
                0x8664 => Machine::X86_64,
                0x01C0 | 0x01C4 => Machine::Arm,
                0xAA64 => Machine::Aarch64,
                other => Machine::Other(other),
            });
        }
        if bytes.starts_with(b"\x7FELF") {
            let raw = match bytes.get(5)? {
                1 => u16_le(0x12)?,
                2 => u16::from_be_bytes([*bytes.get(0x12)?, *bytes.get(0x13)?]),
                _ => return None,
            };
            return Some(match raw {
                3 => Machine::X86,
                62 => Machine::X86_64,
                40 => Machine::Arm,
                183 => Machine::Aarch64,
                other => Machine::Other(other),
            });
        }
        None
    }

    /// Bits of an address on this machine (for messages), if known.
    pub fn bits(self) -> Option<u8> {
        match self {
            Machine::X86 | Machine::Arm => Some(32),
            Machine::X86_64 | Machine::Aarch64 => Some(64),
            Machine::Other(_) => None,
        }
    }
}

impl std::fmt::Display for Machine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Machine::X86 => f.write_str("32-bit x86"),
            Machine::X86_64 => f.write_str("64-bit x86_64"),
            Machine::Arm => f.write_str("32-bit ARM"),
            Machine::Aarch64 => f.write_str("64-bit ARM (aarch64)"),
            Machine::Other(n) => write!(f, "machine type {n:#06x}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest header `from_header` accepts: "MZ", e_lfanew = 0x40, "PE\0\0", Machine.
    fn pe_header(machine: u16) -> Vec<u8> {
        let mut b = vec![0u8; 0x40];
        b[..2].copy_from_slice(b"MZ");
        b[0x3C..0x40].copy_from_slice(&0x40u32.to_le_bytes());
        b.extend_from_slice(b"PE\0\0");
        b.extend_from_slice(&machine.to_le_bytes());
        b.extend_from_slice(&[0; 18]);
        b
    }

    #[test]
    fn pe_machine_types() {
        assert_eq!(Machine::from_header(&pe_header(0x014C)), Some(Machine::X86));
        assert_eq!(
            Machine::from_header(&pe_header(0x8664)),
            Some(Machine::X86_64)
        );
        assert_eq!(
            Machine::from_header(&pe_header(0xAA64)),
            Some(Machine::Aarch64)
        );
        assert_eq!(
            Machine::from_header(&pe_header(0x0200)),
            Some(Machine::Other(0x200))
        );
    }

    #[test]
    fn elf_machine_types_and_this_test_binary() {
        let mut elf = vec![0u8; 0x40];
        elf[..4].copy_from_slice(b"\x7FELF");
        elf[4] = 1;
        elf[5] = 1;
        elf[0x12] = 3;
        assert_eq!(Machine::from_header(&elf), Some(Machine::X86));
        elf[5] = 2;
        elf[0x12] = 0;
        elf[0x13] = 183;
        assert_eq!(Machine::from_header(&elf), Some(Machine::Aarch64));
        #[cfg(target_os = "linux")]
        {
            let me = std::env::current_exe().unwrap();
            assert_eq!(Machine::of_file(&me), Machine::current());
        }
    }

    #[test]
    fn garbage_and_truncated_headers_are_unknown() {
        assert_eq!(Machine::from_header(b""), None);
        assert_eq!(Machine::from_header(b"MZ"), None);
        let mut bad = pe_header(0x014C);
        bad[0x3C..0x40].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(Machine::from_header(&bad), None);
        assert_eq!(Machine::from_header(&pe_header(0x014C)[..0x45]), None);
        assert_eq!(Machine::from_header(b"\x7FELF\x01\x03"), None);
    }
}
