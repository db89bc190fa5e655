//! Decrypted documents shown to people: each field with its label in the reader's language,
//! choices by their label; free text as the writer wrote it (issue 5 item 2). The same lines
//! make the terminal view and the HTML rendering of a record.

use liaison_core::inquiry::{self, FIELD_LABELS, Template};
use liaison_core::thread::{ANNEX_A_10_NOTICE, EXERCISE_LABEL};
use liaison_i18n::{UiLanguage, tr};
use serde_json::Value;

/// One line of a rendered document: a heading (no value) or a field and its value.
pub struct Line {
    pub depth: usize,
    pub label: String,
    pub value: Option<String>,
}

/// A decrypted plaintext as labelled lines: a template document field by field; anything else
/// (a note in plain text) as one unlabelled text.
pub fn document_lines(l: UiLanguage, plaintext: &str) -> Result<Vec<Line>, String> {
    let Ok(value) = serde_json::from_str::<Value>(plaintext) else {
        return Err(plaintext.to_owned());
    };
    let Ok(doc) = inquiry::validate(&value) else {
        return Err(plaintext.to_owned());
    };
    let template = match doc {
        inquiry::Document::Inquiry(_) => Template::InquiryV1,
        inquiry::Document::Response(_) => Template::ResponseV1,
    };
    let choices = template.choices();
    let mut out = vec![Line {
        depth: 0,
        label: tr(l, template.title_id(), &[]),
        value: None,
    }];
    for path in template.field_paths() {
        let pointer = format!("/{}", path.replace('.', "/"));
        let Some(v) = value.pointer(&pointer) else {
            continue;
        };
        let label = FIELD_LABELS
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, id)| tr(l, id, &[]))
            .unwrap_or_else(|| path.clone());
        let depth = path.matches('.').count() + 1;
        let is_object_field = v.is_object() && path != "stix" && path != "translation";
        let text = match v {
            _ if is_object_field => None,
            Value::String(s) => Some(
                choices
                    .iter()
                    .find(|(p, _)| *p == path)
                    .and_then(|(_, list)| list.iter().find(|(value, _)| value == s))
                    .map(|(_, id)| tr(l, id, &[]))
                    .unwrap_or_else(|| s.clone()),
            ),
            Value::Bool(true) => Some(tr(l, "poc-cli-yes", &[])),
            Value::Bool(false) => Some(tr(l, "poc-cli-no", &[])),
            other => Some(other.to_string()),
        };
        out.push(Line {
            depth,
            label,
            value: text,
        });
    }
    Ok(out)
}

/// The lines as terminal text, values under their label when they span lines.
pub fn lines_text(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        let indent = "  ".repeat(line.depth);
        match &line.value {
            None => out.push_str(&format!("{indent}{}\n", line.label)),
            Some(v) if v.contains('\n') => {
                out.push_str(&format!("{indent}{}:\n", line.label));
                for part in v.lines() {
                    out.push_str(&format!("{indent}    {part}\n"));
                }
            }
            Some(v) => out.push_str(&format!("{indent}{}: {v}\n", line.label)),
        }
    }
    out
}

/// The Annex A §10 statements, each on its own line.
pub fn notice(l: UiLanguage) -> Vec<String> {
    ANNEX_A_10_NOTICE.iter().map(|id| tr(l, id, &[])).collect()
}

pub fn exercise_label(l: UiLanguage) -> String {
    tr(l, EXERCISE_LABEL, &[])
}

/// Labels of the thread model's vocabulary (stages, kinds, urgency).
pub fn stage(l: UiLanguage, s: &str) -> String {
    let id = match s {
        "sent" => "poc-cli-stage-sent",
        "delivered" => "poc-cli-stage-delivered",
        "acknowledged" => "poc-cli-stage-acknowledged",
        "responded" => "poc-cli-stage-responded",
        "closed" => "poc-cli-stage-closed",
        other => return other.to_owned(),
    };
    tr(l, id, &[])
}

pub fn kind(l: UiLanguage, k: &str) -> String {
    let id = match k {
        "inquiry" => "poc-cli-kind-inquiry",
        "response" => "poc-cli-kind-response",
        "acknowledgement" => "poc-cli-kind-acknowledgement",
        "coordination_note" => "poc-cli-kind-coordination-note",
        "consent_request" => "poc-cli-kind-consent-request",
        "consent_decision" => "poc-cli-kind-consent-decision",
        "forwarded" => "poc-cli-kind-forwarded",
        other => return other.to_owned(),
    };
    tr(l, id, &[])
}

pub fn urgency(l: UiLanguage, u: &str) -> String {
    match liaison_core::thread::Urgency::parse(u) {
        Some(u) => tr(l, u.label_id(), &[]),
        None => u.to_owned(),
    }
}

/// HTML text escaping (the rendering is a static file; everything in it is data).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn lines_html(lines: &[Line]) -> String {
    let mut out = String::from("<dl>\n");
    for line in lines {
        let style = format!(" class=\"d{}\"", line.depth.min(3));
        match &line.value {
            None => out.push_str(&format!(
                "<dt{style}><strong>{}</strong></dt>\n",
                esc(&line.label)
            )),
            Some(v) => out.push_str(&format!(
                "<dt{style}>{}</dt><dd{style}>{}</dd>\n",
                esc(&line.label),
                esc(v)
            )),
        }
    }
    out.push_str("</dl>\n");
    out
}

/// Example documents for `template show`: every field, filled as a CERT would, with times
/// around `now` (a respond-by time must lie in the coming year).
pub fn skeleton(template: &str, now: jiff::Timestamp) -> Value {
    let at = |hours: i64| {
        let t = now
            .checked_add(jiff::SignedDuration::from_hours(hours))
            .unwrap_or(now);
        t.round(jiff::Unit::Minute).unwrap_or(t).to_string()
    };
    if template == "response" {
        serde_json::json!({
            "template": "response", "version": 1, "language": "en",
            "sender": {"name": "Duty officer", "affiliation": "National CERT"},
            "in_reply_to": "00000000-0000-4000-8000-000000000000",
            "response": {
                "type": "will_consider",
                "text": "We have received your inquiry and are looking into it.",
                "estimated_time_frame": "within two working days",
                "expected_by": at(48)
            },
            "follow_up": {"channel_agreed": true, "channel": "this thread", "primary_agency": "National CERT"},
            "tlp": "AMBER"
        })
    } else {
        serde_json::json!({
            "template": "inquiry", "version": 1, "language": "en",
            "sender": {"name": "Duty officer", "affiliation": "National CERT"},
            "incident": {
                "category": "intrusion",
                "sector": "energy",
                "observed_at": at(-2),
                "description": "What was observed, from where, since when, with as much detail as possible."
            },
            "request": {"type": "information", "details": "What you ask the other state to do or tell."},
            "contact": {"email": "cert@example.org", "phone": "+15555550100", "other": "24/7 duty line"},
            "time_sensitivity": {"urgency": "high", "respond_by": at(24)},
            "follow_up": {"proposed_channel": "this thread", "primary_agency": "National CERT"},
            "tlp": "AMBER"
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_are_valid_documents() {
        for t in ["inquiry", "response"] {
            let doc = skeleton(t, jiff::Timestamp::now());
            assert!(
                inquiry::validate(&doc).is_ok(),
                "{t}: {:?}",
                inquiry::validate(&doc).err()
            );
        }
    }

    #[test]
    fn documents_are_shown_with_labels_in_the_reader_s_language() {
        let text = skeleton("inquiry", jiff::Timestamp::now()).to_string();
        let lines = document_lines(UiLanguage::Fr, &text).ok().unwrap();
        let shown = lines_text(&lines);
        assert!(shown.contains(&tr(UiLanguage::Fr, "template-field-incident-category", &[])));
        assert!(
            shown.contains(&tr(UiLanguage::Fr, "inquiry-sector-energy", &[])),
            "{shown}"
        );
        // Free text stays in the writer's language.
        assert!(shown.contains("as much detail as possible"));
        assert!(document_lines(UiLanguage::En, "a plain note").is_err());
        assert_eq!(esc("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
    }
}
