//! The fixed header at the start of a snapshot: magic, format version, build id and each
//! section's length and checksum.

use std::path::Path;

use super::{BUILD_ID, FORMAT_VERSION, HEADER_LEN, MAGIC, SECTIONS, SnapshotError};

/// The header's account of one section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Section {
    /// The section's length in bytes.
    pub(super) length: u64,
    /// The CRC-32 of its bytes.
    pub(super) crc: u32,
}

/// What a snapshot's header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    /// The format version.
    pub(super) format: u32,
    /// The build that wrote it.
    pub(super) build: String,
    /// Each section's length and checksum, in order.
    pub(super) sections: [Section; SECTIONS],
}

impl Header {
    /// The header's bytes.
    pub(super) fn encode(&self) -> [u8; HEADER_LEN] {
        let mut bytes = [0u8; HEADER_LEN];
        bytes[..16].copy_from_slice(MAGIC);
        bytes[16..20].copy_from_slice(&self.format.to_le_bytes());
        let mut build = [b' '; 32];
        let id = self.build.as_bytes();
        build[..id.len().min(32)].copy_from_slice(&id[..id.len().min(32)]);
        bytes[20..52].copy_from_slice(&build);
        bytes[52..56].copy_from_slice(&(SECTIONS as u32).to_le_bytes());
        for (i, section) in self.sections.iter().enumerate() {
            let at = 56 + i * 12;
            bytes[at..at + 8].copy_from_slice(&section.length.to_le_bytes());
            bytes[at + 8..at + 12].copy_from_slice(&section.crc.to_le_bytes());
        }
        bytes
    }

    /// Reads a header, checking what can be checked before the sections: the magic, the
    /// format version, the build and the number of sections.
    pub(super) fn decode(bytes: &[u8], path: &Path) -> Result<Header, SnapshotError> {
        let path = || path.to_owned();
        if bytes.len() < 20 || &bytes[..16] != MAGIC {
            return Err(SnapshotError::NotASnapshot { path: path() });
        }
        let u32_at = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let format = u32_at(16);
        if format != FORMAT_VERSION {
            return Err(SnapshotError::Format {
                path: path(),
                found: format,
            });
        }
        if bytes.len() < HEADER_LEN {
            return Err(SnapshotError::Truncated {
                path: path(),
                length: bytes.len() as u64,
                expected: HEADER_LEN as u64,
            });
        }
        let build = String::from_utf8_lossy(&bytes[20..52])
            .trim_end()
            .to_owned();
        if build != BUILD_ID {
            return Err(SnapshotError::Build {
                path: path(),
                found: build,
            });
        }
        if u32_at(52) as usize != SECTIONS {
            return Err(SnapshotError::Corrupted {
                path: path(),
                reason: format!(
                    "its header lists {} sections instead of {SECTIONS}",
                    u32_at(52)
                ),
            });
        }
        let mut sections = [Section::default(); SECTIONS];
        for (i, section) in sections.iter_mut().enumerate() {
            let at = 56 + i * 12;
            let mut length = [0u8; 8];
            length.copy_from_slice(&bytes[at..at + 8]);
            *section = Section {
                length: u64::from_le_bytes(length),
                crc: u32_at(at + 8),
            };
        }
        Ok(Header {
            format,
            build,
            sections,
        })
    }
}
