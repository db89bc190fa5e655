//! Bounded dearmoring of one block of an expected type.

use std::io::{BufReader, Read as _};

use pgp::armor::{BlockType, Dearmor, DearmorOptions};

use crate::error::{Error, Input};

/// Decodes the one armored block in `text`, which must be of type `expected`.
///
/// The size is checked before anything is decoded; text before the BEGIN line or after the END
/// line is refused, so what was checked is all that was given.
pub(crate) fn dearmor(
    text: &str,
    expected: BlockType,
    what: Input,
    limit: usize,
) -> Result<Vec<u8>, Error> {
    let trimmed = text.trim();
    if trimmed.len() > limit {
        return Err(Error::TooLarge { what, limit });
    }
    // Exactly one block and nothing around it: text a reader would not see checked (a second
    // block, a note after the END line) is refused rather than ignored.
    let last_line = trimmed.lines().last().unwrap_or_default();
    if !trimmed.starts_with("-----BEGIN PGP ")
        || !last_line.starts_with("-----END PGP ")
        || trimmed.matches("-----BEGIN PGP ").count() != 1
    {
        return Err(Error::NotArmored { what });
    }
    let options = DearmorOptions::new().set_limit(limit);
    let mut reader = Dearmor::with_options(BufReader::new(trimmed.as_bytes()), options);
    reader
        .read_header()
        .map_err(|_| Error::NotArmored { what })?;
    if reader.typ != Some(expected) {
        return Err(Error::NotArmored { what });
    }
    let mut binary = Vec::with_capacity(trimmed.len() / 4 * 3);
    reader
        .read_to_end(&mut binary)
        .map_err(|_| Error::Malformed { what })?;
    if binary.is_empty() {
        return Err(Error::Malformed { what });
    }
    Ok(binary)
}

/// Armor options used for everything this crate writes: no headers (no version string to
/// fingerprint the client), and the CRC-24 line that GnuPG 2.2 prints and expects.
pub(crate) fn options() -> pgp::composed::ArmorOptions<'static> {
    pgp::composed::ArmorOptions {
        headers: None,
        include_checksum: true,
    }
}
