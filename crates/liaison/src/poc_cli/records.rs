//! The record of a POC's exchanges (Annex A §11, COM-12; `docs/records-archive.md`): every
//! thread decrypted on this device, signed with the POC's key, plus a readable HTML view of the
//! same content. Verification needs no server.

use super::CliError;
use super::commands::{Ctx, fetch_thread, signature_line, who};
use super::home;
use super::render;
use jiff::Timestamp;
use liaison_core::codes::PocRole;
use liaison_core::states::StateCode;
use liaison_i18n::{UiLanguage, tr};
use liaison_openpgp::PublicKey;
use liaison_openpgp::archive::{
    ArchiveError, ArchiveMessage, ArchiveParticipant, ArchivePoc, ArchiveSignatureStatus,
    ArchiveThread, RecordsArchive, sign_archive, verify_archive,
};
use serde_json::Value;
use std::path::Path;
use std::process::ExitCode;
use uuid::Uuid;

fn ts(v: &Value) -> Result<Timestamp, CliError> {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(CliError::bad_answer)
}

fn state_role(entry: &Value) -> Result<(StateCode, PocRole), CliError> {
    let state = entry["state"]
        .as_str()
        .and_then(StateCode::parse)
        .ok_or_else(CliError::bad_answer)?;
    let role = entry["role"]
        .as_str()
        .and_then(PocRole::parse)
        .ok_or_else(CliError::bad_answer)?;
    Ok((state, role))
}

pub async fn export(ctx: &Ctx, out: &Path) -> Result<ExitCode, CliError> {
    let me_id = ctx.me().await?;
    let me_entry = ctx.entry(me_id).await?;
    let key = ctx.unlock()?;
    let (state, role) = state_role(&me_entry)?;
    let mut archive = RecordsArchive::new(
        ArchivePoc {
            id: me_id,
            state,
            role,
            entity_name: me_entry["entity_name"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            key_fingerprint: key.fingerprint().to_owned(),
        },
        Timestamp::now(),
    );
    let list = ctx.client()?.get("/api/v1/threads").await?;
    let mut html_threads = String::new();
    for item in list["items"].as_array().into_iter().flatten() {
        let Some(id) = item["id"].as_str().and_then(|s| s.parse::<Uuid>().ok()) else {
            continue;
        };
        let t = fetch_thread(ctx, id, &key).await?;
        let view = &t.detail["thread"];
        let mut participants = Vec::new();
        for (pid, entry, pkey) in &t.participants {
            if *pid == me_id {
                continue;
            }
            let (state, role) = state_role(entry)?;
            participants.push(ArchiveParticipant {
                poc_id: *pid,
                state,
                role,
                entity_name: entry["entity_name"].as_str().unwrap_or_default().to_owned(),
                key_fingerprint: pkey.as_ref().map(|k| k.fingerprint().to_owned()),
            });
        }
        let mut messages = Vec::new();
        let mut html_messages = String::new();
        for (m, copy, opened) in &t.messages {
            // A bare acknowledgement has no content to record beyond the thread's stages.
            let Some(copy) = copy else { continue };
            let author: Uuid = m["author"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .ok_or_else(CliError::bad_answer)?;
            let msg = ArchiveMessage::new(
                m["id"].as_str().unwrap_or_default(),
                m["kind"].as_str().unwrap_or_default(),
                ts(&m["at"])?,
                author,
                copy.clone(),
                opened.as_ref(),
            )
            .map_err(|e| archive_error(ctx.l, &e))?;
            html_messages.push_str(&html_message(ctx.l, &t, m, opened));
            messages.push(msg);
        }
        let exercise = view["exercise"] == true;
        html_threads.push_str(&format!(
            "<section>\n<h2>{}{}</h2>\n<p>{}: {} · {}: {}</p>\n{html_messages}</section>\n",
            if exercise {
                format!(
                    "<mark>{}</mark> ",
                    render::esc(&render::exercise_label(ctx.l))
                )
            } else {
                String::new()
            },
            render::esc(&tr(
                ctx.l,
                "poc-cli-thread-heading",
                &[("thread", &id.to_string())]
            )),
            render::esc(&tr(ctx.l, "poc-cli-col-state", &[])),
            render::esc(&render::stage(
                ctx.l,
                view["state"].as_str().unwrap_or_default()
            )),
            render::esc(&tr(ctx.l, "poc-cli-col-urgency", &[])),
            render::esc(&render::urgency(
                ctx.l,
                view["urgency"].as_str().unwrap_or_default()
            )),
        ));
        archive.threads.push(ArchiveThread {
            id: id.to_string(),
            exercise,
            status: view["state"].as_str().unwrap_or_default().to_owned(),
            opened_at: ts(&view["created_at"])?,
            participants,
            messages,
        });
    }
    let signed =
        sign_archive(&archive, &key, Timestamp::now()).map_err(|e| archive_error(ctx.l, &e))?;
    home::make_private_dir(out)?;
    home::write_private(&out.join("records.json"), &signed.manifest)?;
    home::write_private(&out.join("records.json.asc"), signed.signature.as_bytes())?;
    let html = html_page(ctx.l, &archive, &html_threads);
    home::write_private(&out.join("records.html"), html.as_bytes())?;
    println!(
        "{}",
        tr(
            ctx.l,
            "poc-cli-record-written",
            &[
                ("threads", &archive.threads.len().to_string()),
                ("dir", &out.display().to_string())
            ]
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn html_message(
    l: UiLanguage,
    t: &super::commands::ReadThread,
    m: &Value,
    opened: &Option<liaison_openpgp::Decrypted>,
) -> String {
    let heading = tr(
        l,
        "poc-cli-message-heading",
        &[
            ("seq", &m["seq"].to_string()),
            (
                "kind",
                &render::kind(l, m["kind"].as_str().unwrap_or_default()),
            ),
            ("author", &who(t, m["author"].as_str().unwrap_or_default())),
            ("at", m["at"].as_str().unwrap_or_default()),
        ],
    );
    let body = match opened {
        Some(d) => match render::document_lines(l, &String::from_utf8_lossy(&d.plaintext)) {
            Ok(lines) => render::lines_html(&lines),
            Err(raw) => format!("<pre>{}</pre>\n", render::esc(&raw)),
        },
        None => String::new(),
    };
    format!(
        "<article>\n<h3>{}</h3>\n<p>{}</p>\n{body}</article>\n",
        render::esc(&heading),
        render::esc(&signature_line(l, opened))
    )
}

fn html_page(l: UiLanguage, a: &RecordsArchive, threads: &str) -> String {
    let title = tr(
        l,
        "poc-cli-record-title",
        &[
            ("entity", &a.poc.entity_name),
            ("state", a.poc.state.as_str()),
        ],
    );
    let notice: String = render::notice(l)
        .iter()
        .map(|n| format!("<p>{}</p>\n", render::esc(n)))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{title}</title>\n<style>mark{{font-weight:bold}} dd{{margin-inline-start:2em;white-space:pre-wrap}} .d2{{margin-inline-start:2em}} .d3{{margin-inline-start:4em}}</style>\n\
         </head>\n<body>\n<h1>{title}</h1>\n<p>{exported}: {at} · {fpr}: {fingerprint}</p>\n\
         <aside>{notice}</aside>\n{threads}</body>\n</html>\n",
        lang = l.as_str(),
        dir = liaison_i18n::direction(l),
        title = render::esc(&title),
        exported = render::esc(&tr(l, "poc-cli-record-exported-at", &[])),
        at = a.exported_at,
        fpr = render::esc(&tr(l, "poc-cli-key-fingerprint", &[])),
        fingerprint = render::esc(&a.poc.key_fingerprint),
    )
}

/// Why an archive is refused, in the reader's language (with the verifier's detail).
fn archive_error(l: UiLanguage, e: &ArchiveError) -> CliError {
    let id = match e {
        ArchiveError::TooLarge { .. } => "poc-cli-record-too-large",
        ArchiveError::Signature(_) => "poc-cli-record-bad-signature",
        ArchiveError::Malformed(_) | ArchiveError::PlaintextNotUtf8 => "poc-cli-record-malformed",
        ArchiveError::NotCanonical => "poc-cli-record-not-canonical",
        ArchiveError::UnsupportedVersion => "poc-cli-record-unsupported",
        ArchiveError::WrongKey { .. } => "poc-cli-record-wrong-key",
        ArchiveError::HashMismatch { .. } => "poc-cli-record-hash-mismatch",
        ArchiveError::BadMessage { .. } => "poc-cli-record-bad-message",
    };
    CliError::msg("poc-cli-record-invalid")
        .arg("reason", tr(l, id, &[]))
        .arg("detail", e.to_string())
}

pub fn verify(
    ctx: &Ctx,
    file: &Path,
    signature: Option<&Path>,
    key: Option<&Path>,
) -> Result<ExitCode, CliError> {
    let limit = liaison_openpgp::limits::MAX_ARCHIVE_MANIFEST_BYTES;
    let read = |path: &Path, limit: usize| -> Result<Vec<u8>, CliError> {
        let unreadable = |detail: String| {
            CliError::msg("poc-cli-unreadable-file")
                .arg("path", path.display().to_string())
                .arg("detail", detail)
        };
        let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
        if meta.len() > limit as u64 {
            return Err(unreadable(format!("> {limit} bytes")));
        }
        std::fs::read(path).map_err(|e| unreadable(e.to_string()))
    };
    let manifest = read(file, limit)?;
    let sig_path = match signature {
        Some(p) => p.to_path_buf(),
        None => {
            let mut p = file.as_os_str().to_owned();
            p.push(".asc");
            p.into()
        }
    };
    let sig = read(
        &sig_path,
        liaison_openpgp::limits::MAX_SIGNATURE_ARMOR_BYTES,
    )?;
    let public = match key {
        Some(k) => {
            let text = home::read_text(k, liaison_openpgp::limits::MAX_PUBLIC_KEY_ARMOR_BYTES)?;
            PublicKey::from_armored(&text).map_err(CliError::key)?
        }
        None => ctx.home.public_key()?,
    };
    let verified =
        verify_archive(&manifest, &sig, &public).map_err(|e| archive_error(ctx.l, &e))?;
    let messages: usize = verified
        .archive
        .threads
        .iter()
        .map(|t| t.messages.len())
        .sum();
    let undecrypted = verified
        .archive
        .threads
        .iter()
        .flat_map(|t| &t.messages)
        .filter(|m| m.signature == ArchiveSignatureStatus::NotDecrypted)
        .count();
    let at = verified
        .signature
        .signed_at
        .map(|t| t.to_string())
        .unwrap_or_default();
    println!(
        "{}",
        tr(
            ctx.l,
            "poc-cli-record-valid",
            &[
                ("fingerprint", &verified.signature.signer_fingerprint),
                ("at", &at),
                ("threads", &verified.archive.threads.len().to_string()),
                ("messages", &messages.to_string()),
                ("undecrypted", &undecrypted.to_string()),
            ]
        )
    );
    Ok(ExitCode::SUCCESS)
}
