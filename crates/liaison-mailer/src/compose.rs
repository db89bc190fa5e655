//! The texts of the messages, from `mail.ftl`: a ping in the entry's language with the English
//! text below it (once only when the entry is in English), an escalation in its reader's.

use liaison_app::ping::{EscalationMail, PingMail};
use liaison_core::EntryLanguage;
use liaison_core::PocRole;
use liaison_core::ping::{KeyStatus, PingStatus};
use liaison_core::poc::PointOfContact;
use liaison_i18n::{format, tr};

/// A message's subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub subject: String,
    pub body: String,
}

fn role(lang: EntryLanguage, r: PocRole) -> String {
    tr(
        lang,
        match r {
            PocRole::Diplomatic => "mail-role-diplomatic",
            PocRole::Technical => "mail-role-technical",
        },
        &[],
    )
}

/// The entry's name for a reader of `lang`: as its state wrote it, or its informal English
/// translation in the English part when there is one.
fn entry_name(entry: &PointOfContact, lang: EntryLanguage) -> String {
    let c = &entry.content;
    let translated = c.translation_en.as_ref().and_then(|t| {
        t.person_name
            .as_ref()
            .or(t.entity_name.as_ref())
            .map(|n| n.as_str().to_owned())
    });
    let original = c.display_name().to_owned();
    match (lang, translated) {
        (EntryLanguage::En, Some(t)) if c.entry_language != EntryLanguage::En => {
            format!("{t} — {original}")
        }
        _ => original,
    }
}

/// One language's part of a ping.
fn ping_part(mail: &PingMail, lang: EntryLanguage, link: &str, by_reply: bool) -> String {
    let t = |id: &str, args: &[(&str, &str)]| tr(lang, id, args);
    let entry = &mail.entry;
    let directory = t("mail-directory", &[]);
    let started = format::date(lang, mail.campaign.started_at);
    let state = entry.content.state.state().name(lang).to_owned();
    let mut out = Vec::new();
    out.push(t("mail-ping-greeting", &[]));
    out.push(String::new());
    out.push(t(
        "mail-ping-intro",
        &[("directory", &directory), ("started", &started)],
    ));
    out.push(format!(
        "    {}",
        t(
            "mail-ping-entry",
            &[
                ("entry", &entry_name(entry, lang)),
                ("state", &state),
                ("role", &role(lang, entry.content.role)),
            ],
        )
    ));
    out.push(String::new());
    out.push(t(
        "mail-ping-deadline",
        &[("deadline", &format::date_time(lang, mail.due_at))],
    ));
    if let Some(zone) = &entry.content.time_zone
        && let Ok(tz) = jiff::tz::TimeZone::get(zone.as_str())
    {
        out.push(t(
            "mail-ping-deadline-local",
            &[
                ("zone", zone.as_str()),
                ("deadline", &format::date_time_in(lang, mail.due_at, &tz)),
            ],
        ));
    }
    out.push(String::new());
    out.push(t("mail-ping-how", &[]));
    out.push(format!("  - {}", t("mail-ping-how-link", &[])));
    // On its own line, outside any translated message: mail clients then see the link.
    out.push(format!("    {link}"));
    if by_reply {
        out.push(format!("  - {}", t("mail-ping-how-reply", &[])));
    }
    out.push(format!("  - {}", t("mail-ping-how-app", &[])));
    match mail.key {
        KeyStatus::Expired(at) => {
            out.push(String::new());
            out.push(t(
                "mail-ping-key-expired",
                &[("date", &format::date(lang, at))],
            ));
        }
        KeyStatus::ExpiresBeforeNextCampaign(at) => {
            out.push(String::new());
            out.push(t(
                "mail-ping-key-expiring",
                &[("date", &format::date(lang, at))],
            ));
        }
        KeyStatus::NoKey | KeyStatus::Valid => {}
    }
    out.push(String::new());
    out.push(t("mail-ping-outdated", &[]));
    out.push(String::new());
    out.push(t("mail-ping-footer", &[]));
    out.join("\n")
}

/// A ping: the entry's language first, then English (issue 4 item 2).
pub fn ping_text(mail: &PingMail, link: &str, by_reply: bool) -> Text {
    let lang = mail.language;
    let deadline = |l| format::date_time(l, mail.due_at);
    let subject_in = |l| tr(l, "mail-ping-subject", &[("deadline", &deadline(l))]);
    if lang == EntryLanguage::En {
        return Text {
            subject: subject_in(lang),
            body: ping_part(mail, lang, link, by_reply),
        };
    }
    Text {
        subject: format!("{} / {}", subject_in(lang), subject_in(EntryLanguage::En)),
        body: format!(
            "{}\n\n{}\n\n----------------------------------------------------------------\n\n{}\n",
            ping_part(mail, lang, link, by_reply),
            tr(lang, "mail-english-follows", &[]),
            ping_part(mail, EntryLanguage::En, link, by_reply),
        ),
    }
}

/// An escalation to one administrator, in their language (issue 4 item 4).
pub fn escalation_text(mail: &EscalationMail, link: &str) -> Text {
    let lang = mail.language;
    let t = |id: &str, args: &[(&str, &str)]| tr(lang, id, args);
    let state = mail.state.state().name(lang).to_owned();
    let count = format::number(lang, mail.unanswered.len() as u64);
    let mut out = vec![
        t("mail-escalation-greeting", &[]),
        String::new(),
        t(
            "mail-escalation-intro",
            &[
                ("started", &format::date(lang, mail.campaign.started_at)),
                ("state", &state),
            ],
        ),
        String::new(),
    ];
    for u in &mail.unanswered {
        let status = match u.status {
            PingStatus::Bounced => t("mail-escalation-bounced", &[]),
            _ => t("mail-escalation-no-response", &[]),
        };
        let emails: Vec<&str> = u.entry.content.emails.iter().map(|e| e.as_str()).collect();
        let reach = if emails.is_empty() {
            String::new()
        } else {
            format!(" <{}>", emails.join(", "))
        };
        out.push(format!(
            "  - {} ({}){reach}: {status}",
            u.entry.content.display_name(),
            role(lang, u.entry.content.role),
        ));
    }
    out.push(String::new());
    out.push(t("mail-escalation-ask", &[]));
    out.push(String::new());
    out.push(t("mail-escalation-link", &[]));
    out.push(format!("    {link}"));
    out.push(String::new());
    out.push(t("mail-escalation-footer", &[("state", &state)]));
    Text {
        subject: t(
            "mail-escalation-subject",
            &[("state", &state), ("count", &count)],
        ),
        body: out.join("\n") + "\n",
    }
}
