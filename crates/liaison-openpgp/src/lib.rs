//! Client-side OpenPGP for Liaison's end-to-end encrypted exchanges (issue 5; Annex A §7(b), §11;
//! COM-10…COM-13).
//!
//! The server never reads what points of contact exchange: a message body is encrypted on the
//! sender's device (the browser, through the vendored OpenPGP.js and `static/js/e2e.mjs`, or the
//! `liaison` CLI, through this crate) to every recipient POC's key and the sender's own key, and
//! signed; the server stores and relays the ciphertext. This crate is what the CLI uses, and what
//! the tests use to check the browser side and GnuPG against each other. It runs where the
//! secret key is; nothing on the server links it for content.
//!
//! What it offers:
//!
//! * keys ([`keys`]): [`SecretKey::generate`] makes a GnuPG-2.2-compatible v4 key (Ed25519
//!   primary for certification and signing, Curve25519 ECDH encryption subkey, a user ID
//!   "Name (Entity) <e-mail>", an expiry, secret parts protected with a passphrase);
//!   [`SecretKey::from_armored`] imports a key exported by `gpg --export-secret-keys --armor`
//!   (also RSA and NIST P-256); [`SecretKey::unlock`] checks the passphrase once and gives an
//!   [`UnlockedKey`]; [`SecretKey::check_matches`] checks it against the key published on the
//!   entry. Public keys ([`PublicKey`]) are validated by `liaison_core::openpgp::OpenPgpKey`,
//!   the same rules the directory applies when a key is published;
//! * messages ([`message`]): [`encrypt_and_sign`] and [`decrypt_and_verify`];
//! * detached signatures ([`signature`]): [`sign_detached`], [`verify_detached`];
//! * the records archive ([`archive`]), specified in `docs/records-archive.md`.
//!
//! Every input from outside (armored keys, messages, signatures, archives) is bounded by the
//! limits in [`limits`] before it is parsed, and hostile input gives an [`Error`], never a panic
//! (property tests feed random bytes to every parser).
//!
//! Algorithms are chosen for GnuPG 2.2 (Debian 12's `gpg`), which recipients may use to read
//! what Liaison sends them by e-mail: v4 keys, EdDSA/ECDH over Curve25519 in their "legacy"
//! (RFC 4880bis/GnuPG) encodings, SEIPD version 1 with a modification detection code and
//! AES-256, iterated-and-salted S2K with SHA-256 and the largest iteration count. See
//! ARCHITECTURE.md, "End-to-end encryption".

pub mod archive;
mod armor;
mod error;
pub mod keys;
pub mod limits;
pub mod message;
pub mod signature;

pub use archive::{
    ArchiveError, ArchiveMessage, ArchiveParticipant, ArchivePoc, ArchiveSignatureStatus,
    ArchiveThread, RecordsArchive, SignedArchive, VerifiedArchive, sign_archive, verify_archive,
};
pub use error::Error;
pub use keys::{KeyGeneration, Passphrase, PublicKey, SecretKey, UnlockedKey};
pub use message::{
    Decrypted, SignatureStatus, decrypt_and_verify, encrypt_and_sign, recipients_with_sender,
};
pub use signature::{VerifiedSignature, sign_detached, verify_detached};

/// Runs a parser of outside input, turning a panic into `on_panic`.
///
/// Defence in depth, as `liaison_core::openpgp::OpenPgpKey::parse` does: neither this crate nor
/// rPGP (fuzzed upstream) is expected to panic on any input, but a hostile message must not take
/// the client down with it. (Only while the build unwinds on panic, the default; the property
/// tests call the unguarded functions, so a panic fails them instead of being hidden.)
fn guarded<T, E>(on_panic: E, parse: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse)).unwrap_or(Err(on_panic))
}

/// The operating system's random generator, the only one this crate uses.
fn rng() -> rand08::rngs::OsRng {
    rand08::rngs::OsRng
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
