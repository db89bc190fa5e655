//! A small command-line front to `liaison-openpgp`, for tests that drive the crate from outside
//! Rust (the browser library's node tests, `tests/browser/e2e-crypto.test.mjs`). Not the
//! `liaison` CLI: that one (issue 5 item 9) talks to a server; this one only transforms files.
//!
//! Built by `cargo test -p liaison-openpgp` (examples are built with the tests) or
//! `cargo build -p liaison-openpgp --example openpgp-helper`, at
//! `target/debug/examples/openpgp-helper`.
//!
//! The passphrase comes from the environment variable `LIAISON_OPENPGP_PASSPHRASE` (never an
//! argument: arguments are visible to other users of the machine). Times are RFC 3339.
//!
//! ```text
//! openpgp-helper generate NAME ENTITY EMAIL CREATED SECRET_OUT PUBLIC_OUT
//! openpgp-helper encrypt SECRET AT RECIPIENT_PUB...        < plaintext   > armored message
//! openpgp-helper decrypt SECRET SIGNER_PUB...              < armored     > JSON
//! openpgp-helper sign SECRET AT                            < data        > armored signature
//! openpgp-helper verify PUBLIC SIGNATURE_FILE              < data        > JSON
//! openpgp-helper verify-archive PUBLIC MANIFEST SIGNATURE_FILE               > JSON
//! ```
//!
//! `verify-archive` checks a records archive (`docs/records-archive.md`) with
//! `verify_archive` and prints `{"signer_fingerprint", "threads", "messages"}`.
//!
//! `decrypt` prints `{"plaintext_base64", "signature", "signer_fingerprint", "recipient_key_ids"}`
//! with `signature` one of `valid`, `invalid`, `unknown_signer`, `unsigned`; errors go to stderr
//! with exit status 1.

use std::io::{Read as _, Write as _};
use std::process::ExitCode;

use liaison_openpgp::{
    KeyGeneration, Passphrase, PublicKey, SecretKey, SignatureStatus, UnlockedKey,
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("openpgp-helper: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let (command, rest) = args.split_first().ok_or("no command")?;
    match (command.as_str(), rest) {
        ("generate", [name, entity, email, created, secret_out, public_out]) => {
            let spec = KeyGeneration::new(
                name.as_str(),
                Some(entity.clone()),
                email.as_str(),
                time(created)?,
            );
            let key = SecretKey::generate(&spec, &passphrase()?).map_err(|e| e.to_string())?;
            std::fs::write(secret_out, key.to_armored().map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
            std::fs::write(public_out, key.public_key().armored()).map_err(|e| e.to_string())?;
            println!("{}", key.fingerprint());
            Ok(())
        }
        ("encrypt", [secret, at, recipients @ ..]) => {
            let signer = unlock(secret)?;
            let recipients = recipients
                .iter()
                .map(|p| public(p))
                .collect::<Result<Vec<_>, _>>()?;
            let armored =
                liaison_openpgp::encrypt_and_sign(&stdin()?, &recipients, &signer, time(at)?)
                    .map_err(|e| e.to_string())?;
            print(armored.as_bytes())
        }
        ("decrypt", [secret, signers @ ..]) => {
            let key = unlock(secret)?;
            let signers = signers
                .iter()
                .map(|p| public(p))
                .collect::<Result<Vec<_>, _>>()?;
            let armored = String::from_utf8(stdin()?).map_err(|e| e.to_string())?;
            let decrypted = liaison_openpgp::decrypt_and_verify(&armored, &key, &signers)
                .map_err(|e| e.to_string())?;
            let (status, signer) = match &decrypted.signature {
                SignatureStatus::Valid {
                    signer_fingerprint, ..
                } => ("valid", Some(signer_fingerprint.clone())),
                SignatureStatus::Invalid { signer_fingerprint } => {
                    ("invalid", Some(signer_fingerprint.clone()))
                }
                SignatureStatus::UnknownSigner { issuer } => {
                    ("unknown_signer", Some(issuer.clone()))
                }
                SignatureStatus::Unsigned => ("unsigned", None),
            };
            use base64::Engine as _;
            let json = serde_json::json!({
                "plaintext_base64": base64::engine::general_purpose::STANDARD.encode(&decrypted.plaintext),
                "signature": status,
                "signer_fingerprint": signer,
                "recipient_key_ids": decrypted.recipient_key_ids,
            });
            print(json.to_string().as_bytes())
        }
        ("sign", [secret, at]) => {
            let key = unlock(secret)?;
            let signature = liaison_openpgp::sign_detached(&stdin()?, &key, time(at)?)
                .map_err(|e| e.to_string())?;
            print(signature.as_bytes())
        }
        ("verify", [public_key, signature]) => {
            let key = public(public_key)?;
            let signature = std::fs::read_to_string(signature).map_err(|e| e.to_string())?;
            let verified = liaison_openpgp::verify_detached(&stdin()?, &signature, &key)
                .map_err(|e| e.to_string())?;
            let json = serde_json::json!({
                "signer_fingerprint": verified.signer_fingerprint,
                "signing_key_id": verified.signing_key_id,
            });
            print(json.to_string().as_bytes())
        }
        ("verify-archive", [public_key, manifest, signature]) => {
            let key = public(public_key)?;
            let manifest = std::fs::read(manifest).map_err(|e| e.to_string())?;
            let signature = std::fs::read(signature).map_err(|e| e.to_string())?;
            let verified = liaison_openpgp::verify_archive(&manifest, &signature, &key)
                .map_err(|e| e.to_string())?;
            let json = serde_json::json!({
                "signer_fingerprint": verified.signature.signer_fingerprint,
                "threads": verified.archive.threads.len(),
                "messages": verified.archive.threads.iter().map(|t| t.messages.len()).sum::<usize>(),
            });
            print(json.to_string().as_bytes())
        }
        _ => Err(format!("unknown command or arguments: {args:?}")),
    }
}

fn passphrase() -> Result<Passphrase, String> {
    std::env::var("LIAISON_OPENPGP_PASSPHRASE")
        .map(Passphrase::new)
        .map_err(|_| "LIAISON_OPENPGP_PASSPHRASE is not set".to_owned())
}

fn unlock(path: &str) -> Result<UnlockedKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let key = SecretKey::from_armored(&text).map_err(|e| format!("{path}: {e}"))?;
    key.unlock(&passphrase()?)
        .map_err(|e| format!("{path}: {e}"))
}

fn public(path: &str) -> Result<PublicKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    PublicKey::from_armored(&text).map_err(|e| format!("{path}: {e}"))
}

fn time(text: &str) -> Result<jiff::Timestamp, String> {
    text.parse().map_err(|e| format!("{text}: {e}"))
}

fn stdin() -> Result<Vec<u8>, String> {
    let mut data = Vec::new();
    std::io::stdin()
        .read_to_end(&mut data)
        .map_err(|e| e.to_string())?;
    Ok(data)
}

fn print(bytes: &[u8]) -> Result<(), String> {
    let mut out = std::io::stdout();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| e.to_string())
}
