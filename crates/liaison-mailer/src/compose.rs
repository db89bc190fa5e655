//! The texts of the messages, from `mail.ftl`: a ping in the entry's language with the English
//! text below it (once only when the entry is in English), an escalation in its reader's.

use liaison_app::ping::{EscalationMail, NotificationMail, PingMail};
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

/// A thread notification (issue 5) in the entry's language: what happened, the thread's
/// urgency, EXERCISE when it is one, and where to sign in. Metadata only: the server has no
/// content to put in it, and the message says so.
pub fn notification_text(mail: &NotificationMail, link: &str) -> Text {
    let lang = mail.language;
    let t = |id: &str, args: &[(&str, &str)]| tr(lang, id, args);
    let urgency = t(mail.urgency.label_id(), &[]);
    let exercise = liaison_core::thread::EXERCISE_LABEL;
    let mut subject = t("mail-notification-subject", &[("urgency", &urgency)]);
    let mut out = Vec::new();
    if mail.exercise {
        subject = format!("[{}] {subject}", t(exercise, &[]));
        out.push(format!("*** {} ***", t(exercise, &[])));
        out.push(String::new());
    }
    out.push(t("mail-ping-greeting", &[]));
    out.push(String::new());
    out.push(t(mail.kind.message_id(), &[]));
    out.push(t("mail-notification-urgency", &[("urgency", &urgency)]));
    out.push(String::new());
    out.push(t("mail-notification-sign-in", &[]));
    out.push(format!("    {link}"));
    out.push(String::new());
    out.push(t("mail-notification-footer", &[]));
    Text {
        subject,
        body: out.join("\n") + "\n",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::{SignedDuration, Timestamp};
    use liaison_app::ping::UnansweredEntry;
    use liaison_core::ping::{
        CampaignTarget, CampaignTrigger, PingCampaign, PingToken, bounce_local_part,
        reply_local_part,
    };
    use liaison_core::poc::{PocStatus, PointOfContact, parse_submission};
    use std::sync::Arc;
    use uuid::Uuid;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn entry(json: serde_json::Value) -> Arc<PointOfContact> {
        let sub = parse_submission(&json).unwrap();
        Arc::new(PointOfContact {
            id: Uuid::from_u128(5),
            content: sub.content,
            status: PocStatus::Active,
            flags: vec![],
            revision: 1,
            created_at: at("2026-01-01T00:00:00Z"),
            updated_at: at("2026-01-01T00:00:00Z"),
            retired_at: None,
            last_verified_at: None,
        })
    }

    fn arabic() -> Arc<PointOfContact> {
        entry(serde_json::json!({
            "state": "EG", "role": "technical", "kind": "person",
            "entity_name": "الفريق الوطني للاستجابة لطوارئ الحاسوب",
            "person_name": "أحمد المنصوري",
            "emails": ["a.mansouri@cert.eg.example"],
            "entry_language": "ar",
            "translation_en": {"entity_name": "National CERT", "person_name": "Ahmed Al-Mansouri"},
            "time_zone": "Africa/Cairo"
        }))
    }

    fn campaign() -> PingCampaign {
        PingCampaign {
            id: Uuid::from_u128(9),
            started_at: at("2026-11-20T08:00:00Z"),
            started_by: "system:ping".into(),
            trigger: CampaignTrigger::Scheduled,
            target: CampaignTarget::default(),
            window: SignedDuration::from_hours(48),
            slot: None,
            closed_at: None,
        }
    }

    fn mail(e: Arc<PointOfContact>, key: KeyStatus) -> PingMail {
        let token = PingToken::from_bytes(&[3; 32]);
        PingMail {
            challenge: Uuid::from_u128(1),
            campaign: campaign(),
            recipients: e.content.emails.clone(),
            language: e.content.entry_language,
            reply_local_part: reply_local_part(&token),
            bounce_local_part: bounce_local_part(Uuid::from_u128(1), &token.hash()),
            token,
            due_at: at("2026-11-22T14:05:00Z"),
            key,
            next_campaign_at: at("2027-01-01T00:00:00Z"),
            written_at: at("2026-11-20T14:05:00Z"),
            entry: e,
        }
    }

    fn plain(s: &str) -> String {
        s.replace(['\u{2068}', '\u{2069}'], "")
    }

    #[test]
    fn a_ping_is_in_the_entrys_language_with_english_below() {
        let m = mail(arabic(), KeyStatus::NoKey);
        let t = ping_text(&m, "https://d.example/ping/x", true);
        let body = plain(&t.body);
        let ar = body.find("جهة الاتصال الموقرة").unwrap();
        let en = body.find("Dear point of contact").unwrap();
        assert!(ar < en);
        // Both parts name the campaign, the entry and the deadline in UTC and local time.
        assert!(body.contains("20 نوفمبر 2026"));
        assert!(body.contains("20 November 2026"));
        assert!(body.contains("22 November 2026, 14:05 UTC"));
        assert!(body.contains("In your time zone (Africa/Cairo) that is 22 November 2026, 16:05"));
        assert!(body.contains("Ahmed Al-Mansouri — أحمد المنصوري"));
        assert!(body.contains("Egypt, technical point of contact"));
        assert!(body.contains("مصر"));
        // The link on a line of its own, twice (once per language), outside any argument.
        assert_eq!(
            t.body
                .lines()
                .filter(|l| l.trim() == "https://d.example/ping/x")
                .count(),
            2
        );
        assert!(body.contains("reply to this message"));
        assert!(plain(&t.subject).contains(" / Ping test of the points of contact directory"));
        // No reply address: the reply way is not offered.
        let t = ping_text(&m, "https://d.example/ping/x", false);
        assert!(!t.body.contains("reply to this message"));
    }

    #[test]
    fn an_english_entry_gets_one_part_and_key_warnings() {
        let e = entry(serde_json::json!({
            "state": "KE", "role": "diplomatic", "kind": "entity",
            "entity_name": "Ministry of Foreign Affairs",
            "emails": ["ict@mfa.ke.example"], "entry_language": "en"
        }));
        let t = ping_text(
            &mail(e.clone(), KeyStatus::Expired(at("2026-03-01T00:00:00Z"))),
            "https://d.example/ping/x",
            true,
        );
        let body = plain(&t.body);
        assert_eq!(body.matches("Dear point of contact").count(), 1);
        assert!(!body.contains("The same message in English follows"));
        assert!(body.contains("expired on 1 March 2026"));
        assert!(!body.contains("In your time zone"), "no time zone given");
        let t = ping_text(
            &mail(
                e,
                KeyStatus::ExpiresBeforeNextCampaign(at("2026-12-15T00:00:00Z")),
            ),
            "https://d.example/ping/x",
            true,
        );
        assert!(plain(&t.body).contains("expires on 15 December 2026, before the next ping test"));
    }

    #[test]
    fn an_escalation_is_in_its_readers_language() {
        let e = arabic();
        let m = EscalationMail {
            outbox: Uuid::from_u128(2),
            recipient: liaison_core::contact::Email::parse("sa@mfa.eg.example").unwrap(),
            language: EntryLanguage::Fr,
            state: e.content.state,
            campaign: campaign(),
            unanswered: vec![UnansweredEntry {
                entry: e,
                status: PingStatus::Bounced,
            }],
            written_at: at("2026-11-22T15:00:00Z"),
        };
        let t = escalation_text(&m, "https://d.example/states/EG");
        let body = plain(&t.body);
        assert!(plain(&t.subject).contains("Test « ping »"));
        assert!(plain(&t.subject).contains("(1)"));
        assert!(body.contains("Égypte"));
        assert!(body.contains("أحمد المنصوري (technique) <a.mansouri@cert.eg.example>: le message n'a pas pu être remis"));
        assert!(
            t.body
                .lines()
                .any(|l| l.trim() == "https://d.example/states/EG")
        );
    }
}
