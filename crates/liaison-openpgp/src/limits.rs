//! Limits on every input, checked before anything is parsed or allocated from it.
//!
//! They bound what a hostile message, key or archive can make a client do (memory, CPU), and
//! give the later API and pages one place to take their request limits from. A message body is
//! a filled-in inquiry or response template, possibly with a STIX 2.1 bundle: a few kilobytes to a
//! few hundred; [`MAX_PLAINTEXT_BYTES`] leaves room for large technical annexes.

/// Largest plaintext that is encrypted, or accepted after decryption (and decompression: a
/// compressed message that expands past this is refused, so a "zip bomb" costs nothing).
pub const MAX_PLAINTEXT_BYTES: usize = 4 * 1024 * 1024;

/// Largest armored message accepted for decryption. Base64 makes data 4/3 larger; headers, one
/// encrypted session key per recipient (≈ 100 B for Curve25519, ≈ 600 B for RSA 4096) and the
/// signature add a little.
pub const MAX_MESSAGE_ARMOR_BYTES: usize = 6 * 1024 * 1024;

/// Most recipients of one message (the sender's own key included). An inquiry goes to the POCs of
/// one role in a few states; 256 keys is far beyond that and keeps a message's key packets small.
pub const MAX_RECIPIENTS: usize = 256;

/// Largest armored public key: the directory's own limit for a published key.
pub const MAX_PUBLIC_KEY_ARMOR_BYTES: usize = liaison_core::openpgp::OpenPgpKey::MAX_ARMORED_BYTES;

/// Largest armored secret key accepted for import (an RSA 4096 key with subkeys is ≈ 10 KiB).
pub const MAX_SECRET_KEY_ARMOR_BYTES: usize = 128 * 1024;

/// Largest armored detached signature (one signature packet is well under 2 KiB).
pub const MAX_SIGNATURE_ARMOR_BYTES: usize = 16 * 1024;

/// Largest records-archive manifest (and so the largest data a detached signature is verified
/// over): years of exchanges of one POC, each message carried twice (ciphertext and plaintext).
pub const MAX_ARCHIVE_MANIFEST_BYTES: usize = 256 * 1024 * 1024;

/// Longest passphrase, in bytes. The S2K work does not grow with the length, but nothing longer is
/// typed by a person.
pub const MAX_PASSPHRASE_BYTES: usize = 4096;

/// Largest Argon2 memory exponent accepted in an imported key's S2K (2^21 KiB = 2 GiB, RFC 9580's
/// first recommended choice): a key crafted with more would make unlocking exhaust memory.
pub const MAX_ARGON2_MEMORY_EXPONENT: u8 = 21;

/// Most packets of compressed layers unwrapped while decrypting (GnuPG compresses once).
pub(crate) const MAX_NESTING: usize = 4;
