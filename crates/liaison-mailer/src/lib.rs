//! Liaison's e-mail adapter (issue 4).
//!
//! - [`SmtpMailer`] implements the application's [`Mailer`] port: it writes a ping in the
//!   entry's language with the English text below (the directory and the campaign named, the
//!   deadline in UTC and in the entry's time zone, the state of its OpenPGP key), or an
//!   escalation in its administrator's language, builds the RFC 5322 message with
//!   `liaison-mail`, and sends it through the relay, whose handover hook commits "handed over"
//!   right before the final dot.
//! - [`ReplyHandler`] implements `liaison-mail`'s [`InboundHandler`]: it takes only
//!   `ping-{token}` and `bounce-{challenge}-{tag}` recipients at the reply domain; a reply
//!   acknowledges (unless it is an auto-reply or a delivery report), a delivery report of a
//!   permanent failure at a bounce address marks the challenge bounced.
//!
//! The texts are in `liaison-i18n` (`mail.ftl`); this crate only assembles them.

mod compose;

pub use compose::{escalation_text, notification_text, ping_text};

use async_trait::async_trait;
use liaison_app::Liaison;
use liaison_app::ping::{
    BridgeMail, EscalationMail, Handover, Mailer, NotificationMail, PingMail, SendFailure,
};
use liaison_core::ping::{AckChannel, InboundAddress, parse_inbound_local_part};
use liaison_mail::{
    Address, DeliverVerdict, Envelope, HandoverError, InboundEnvelope, InboundHandler, Mailbox,
    MessageBuilder, MessageKind, RecipientVerdict, Relay, SendError,
};
use std::sync::Arc;

/// Where links and replies point.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `--public-url`: links are `{public_url}/ping/{token}`.
    pub public_url: String,
    /// `--reply-domain`: replies go to `ping-{token}@` it and bounces to
    /// `bounce-{challenge}-{tag}@` it. Without one, replies cannot acknowledge and bounces go
    /// to `--mail-from`.
    pub reply_domain: Option<String>,
}

/// The [`Mailer`] that sends through an SMTP relay.
pub struct SmtpMailer {
    relay: Relay,
    settings: MailSettings,
}

impl SmtpMailer {
    pub fn new(relay: Relay, settings: MailSettings) -> SmtpMailer {
        SmtpMailer { relay, settings }
    }

    fn at_reply_domain(&self, local: &str) -> Option<Address> {
        let domain = self.settings.reply_domain.as_deref()?;
        Address::from_parts(local, domain).ok()
    }

    fn from(&self, lang: liaison_core::EntryLanguage) -> Mailbox {
        Mailbox::new(
            Some(liaison_i18n::tr(lang, "site-name", &[])),
            self.relay.default_sender().clone(),
        )
    }

    async fn send(
        &self,
        envelope: Envelope,
        bytes: Vec<u8>,
        handover: Handover,
    ) -> Result<(), SendFailure> {
        let result = self
            .relay
            .send(&envelope, &bytes, move || async move {
                handover.commit().await.map_err(HandoverError::new)
            })
            .await;
        result.map(|_| ()).map_err(failure)
    }
}

/// The relay's answer in the application's terms, with its reply text (kept as the bounce
/// reason or in the attempt log).
fn failure(e: SendError) -> SendFailure {
    match e {
        SendError::Handover(_) => SendFailure::HandoverLost,
        SendError::Unconfirmed { reason } => SendFailure::Unknown(reason),
        SendError::RecipientsRefused { refused } => {
            let detail = refused
                .iter()
                .map(|r| format!("{}: {}", r.address.as_str(), r.reply))
                .collect::<Vec<_>>()
                .join("; ");
            if refused.iter().all(|r| r.is_permanent()) {
                SendFailure::Permanent(format!("recipients refused: {detail}"))
            } else {
                SendFailure::Temporary(format!("recipients refused: {detail}"))
            }
        }
        SendError::Temporary { .. } => SendFailure::Temporary(e.to_string()),
        SendError::Permanent { .. } | SendError::Message(_) => {
            SendFailure::Permanent(e.to_string())
        }
    }
}

fn address(e: &liaison_core::contact::Email) -> Result<Address, SendFailure> {
    Address::parse(e.as_str()).map_err(|err| SendFailure::Permanent(format!("address: {err}")))
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send_ping(&self, mail: &PingMail, handover: Handover) -> Result<(), SendFailure> {
        let link = format!(
            "{}/ping/{}",
            self.settings.public_url.trim_end_matches('/'),
            mail.token.as_str()
        );
        let reply_to = self.at_reply_domain(&mail.reply_local_part);
        let text = ping_text(mail, &link, reply_to.is_some());
        let recipients = mail
            .recipients
            .iter()
            .map(address)
            .collect::<Result<Vec<_>, _>>()?;
        let mut builder = MessageBuilder::new(self.from(mail.language), mail.written_at)
            .subject(text.subject)
            .text(text.body)
            .header("X-Liaison-Campaign", mail.campaign.id.to_string());
        for r in &recipients {
            builder = builder.to(Mailbox::address(r.clone()));
        }
        if let Some(r) = reply_to {
            builder = builder.reply_to(Mailbox::address(r));
        }
        let message = builder
            .build()
            .map_err(|e| SendFailure::Permanent(format!("message: {e}")))?;
        let sender = self
            .at_reply_domain(&mail.bounce_local_part)
            .unwrap_or_else(|| self.relay.default_sender().clone());
        let envelope = Envelope::new(sender, recipients)
            .map_err(|e| SendFailure::Permanent(format!("envelope: {e}")))?;
        self.send(envelope, message.bytes, handover).await
    }

    async fn send_escalation(
        &self,
        mail: &EscalationMail,
        handover: Handover,
    ) -> Result<(), SendFailure> {
        let link = format!(
            "{}/states/{}",
            self.settings.public_url.trim_end_matches('/'),
            mail.state.as_str()
        );
        let text = escalation_text(mail, &link);
        let to = address(&mail.recipient)?;
        let message = MessageBuilder::new(self.from(mail.language), mail.written_at)
            .to(Mailbox::address(to.clone()))
            .subject(text.subject)
            .text(text.body)
            .header("X-Liaison-Campaign", mail.campaign.id.to_string())
            .build()
            .map_err(|e| SendFailure::Permanent(format!("message: {e}")))?;
        let envelope = Envelope::new(self.relay.default_sender().clone(), vec![to])
            .map_err(|e| SendFailure::Permanent(format!("envelope: {e}")))?;
        self.send(envelope, message.bytes, handover).await
    }

    async fn send_notification(
        &self,
        mail: &NotificationMail,
        handover: Handover,
    ) -> Result<(), SendFailure> {
        let link = format!("{}/sign-in", self.settings.public_url.trim_end_matches('/'));
        let text = notification_text(mail, &link);
        let to = address(&mail.recipient)?;
        let message = MessageBuilder::new(self.from(mail.language), mail.written_at)
            .to(Mailbox::address(to.clone()))
            .subject(text.subject)
            .text(text.body)
            .auto_submitted(true)
            .header("X-Liaison-Thread", mail.thread.to_string())
            .build()
            .map_err(|e| SendFailure::Permanent(format!("message: {e}")))?;
        let envelope = Envelope::new(self.relay.default_sender().clone(), vec![to])
            .map_err(|e| SendFailure::Permanent(format!("envelope: {e}")))?;
        self.send(envelope, message.bytes, handover).await
    }

    async fn send_pgp_mime(
        &self,
        mail: &BridgeMail,
        handover: Handover,
    ) -> Result<(), SendFailure> {
        let lang = mail.language;
        let mut subject = liaison_i18n::tr(lang, "mail-bridge-subject", &[]);
        if mail.exercise {
            let label = liaison_i18n::tr(lang, liaison_core::thread::EXERCISE_LABEL, &[]);
            subject = format!("[{label}] {subject}");
        }
        let to = address(&mail.recipient)?;
        // The subject says only that a message came: the subject line is never encrypted.
        let message = MessageBuilder::new(self.from(lang), mail.written_at)
            .to(Mailbox::address(to.clone()))
            .subject(subject)
            .pgp_encrypted(mail.armored.clone())
            .header("X-Liaison-Thread", mail.thread.to_string())
            .build()
            .map_err(|e| SendFailure::Permanent(format!("message: {e}")))?;
        let envelope = Envelope::new(self.relay.default_sender().clone(), vec![to])
            .map_err(|e| SendFailure::Permanent(format!("envelope: {e}")))?;
        self.send(envelope, message.bytes, handover).await
    }
}

/// The inbound listener's handler: replies to pings and bounces of their messages.
pub struct ReplyHandler {
    app: Arc<Liaison>,
    reply_domain: String,
}

impl ReplyHandler {
    pub fn new(app: Arc<Liaison>, reply_domain: &str) -> ReplyHandler {
        ReplyHandler {
            app,
            reply_domain: reply_domain.to_ascii_lowercase(),
        }
    }

    fn ours(&self, rcpt: &Address) -> Option<InboundAddress> {
        if !rcpt.domain().eq_ignore_ascii_case(&self.reply_domain) {
            return None;
        }
        parse_inbound_local_part(rcpt.local_part())
    }
}

#[async_trait]
impl InboundHandler for ReplyHandler {
    async fn accept_recipient(&self, rcpt: &Address) -> RecipientVerdict {
        match self.ours(rcpt) {
            // A reply address whose token exists: a mistyped or invented one is refused at
            // once, so its sender learns it did not count.
            Some(InboundAddress::Reply(token)) => {
                match self.app.ping_for_token(token.as_str()).await {
                    Ok(_) => RecipientVerdict::Accept,
                    Err(_) => RecipientVerdict::Reject("no such recipient".into()),
                }
            }
            // Checked against the challenge's token when the report arrives.
            Some(InboundAddress::Bounce { .. }) => RecipientVerdict::Accept,
            None => RecipientVerdict::Reject("no such recipient".into()),
        }
    }

    async fn deliver(&self, envelope: &InboundEnvelope, message: &[u8]) -> DeliverVerdict {
        let parsed = match liaison_mail::parse(message) {
            Ok(p) => p,
            Err(e) => return DeliverVerdict::Permanent(format!("unreadable message: {e}")),
        };
        for rcpt in &envelope.recipients {
            match (self.ours(rcpt), &parsed.kind) {
                (Some(InboundAddress::Reply(token)), MessageKind::Personal) => {
                    match self
                        .app
                        .acknowledge_ping_token(token.as_str(), AckChannel::Reply)
                        .await
                    {
                        Ok(done) => tracing::info!(
                            challenge = %done.challenge.id,
                            on_time = done.ack.on_time,
                            "ping acknowledged by reply"
                        ),
                        // Answered before (by the link, say): the reply changes nothing.
                        Err(liaison_app::AppError::AlreadyAcknowledged(_))
                        | Err(liaison_app::AppError::PingNotValid) => {}
                        Err(e) => {
                            tracing::warn!(error = %e, "recording a reply failed");
                            return DeliverVerdict::Temporary("try again later".into());
                        }
                    }
                }
                (Some(InboundAddress::Reply(_)), kind) => {
                    // An out-of-office answer or a report says nothing about the POC reading
                    // the ping.
                    tracing::info!(kind = ?std::mem::discriminant(kind), "automatic reply to a ping ignored");
                }
                (
                    Some(InboundAddress::Bounce { challenge, tag }),
                    MessageKind::DeliveryStatus(report),
                ) => {
                    let failed = report.recipients.iter().find(|r| r.is_permanent_failure());
                    if let Some(r) = failed {
                        let reason = r
                            .diagnostic
                            .clone()
                            .or_else(|| r.status.clone())
                            .unwrap_or_else(|| "delivery failed".into());
                        match self.app.record_ping_bounce(challenge, &tag, &reason).await {
                            Ok(recorded) => {
                                tracing::info!(%challenge, recorded, "bounce of a ping received")
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "recording a bounce failed");
                                return DeliverVerdict::Temporary("try again later".into());
                            }
                        }
                    }
                }
                (Some(InboundAddress::Bounce { .. }), _) | (None, _) => {}
            }
        }
        DeliverVerdict::Accepted
    }
}
