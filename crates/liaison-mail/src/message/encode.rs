//! Header and body encodings: RFC 2047 encoded-words, folding, quoted-printable, base64.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

/// Header lines are folded to stay within this many bytes when the text allows (RFC 5322 §2.1.1
/// SHOULD); an unbreakable word can make a line longer, up to the hard limit of 998.
const FOLD_AT: usize = 78;
/// Bytes of UTF-8 per encoded-word: 45 bytes → 60 base64 characters → a 72-character word,
/// inside RFC 2047's 75.
const WORD_BYTES: usize = 45;

/// Encodes an unstructured header value (Subject, extra headers) that follows `Name: ` of
/// `name_len` bytes. ASCII text is folded at spaces; anything else becomes encoded-words.
pub(crate) fn unstructured(name_len: usize, text: &str) -> String {
    if needs_encoded_words(text) {
        encoded_words(text)
    } else {
        fold_ascii(name_len + 2, text)
    }
}

/// A display name as a phrase: plain atoms when it can be, a quoted string when it is ASCII with
/// specials, encoded-words otherwise.
pub(crate) fn phrase(name: &str) -> String {
    if needs_encoded_words(name) {
        return encoded_words(name);
    }
    let is_atom_text = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~ ".contains(c);
    if name.chars().all(is_atom_text) && !name.starts_with(' ') && !name.ends_with(' ') {
        return name.to_owned();
    }
    let mut quoted = String::with_capacity(name.len() + 2);
    quoted.push('"');
    for c in name.chars() {
        if c == '"' || c == '\\' {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

fn needs_encoded_words(text: &str) -> bool {
    !text.is_ascii() || text.contains("=?") || text.len() > 900
}

/// `=?utf-8?B?...?=` words, split on character boundaries and joined by folding white space,
/// which decoders drop between adjacent encoded-words (RFC 2047 §6.2).
pub(crate) fn encoded_words(text: &str) -> String {
    let mut out = String::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + WORD_BYTES).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if !out.is_empty() {
            out.push_str("\r\n ");
        }
        out.push_str("=?utf-8?B?");
        out.push_str(&B64.encode(&text.as_bytes()[start..end]));
        out.push_str("?=");
        start = end;
    }
    out
}

/// Folds ASCII text at spaces so lines stay near 78 bytes; `used` bytes of the first line are
/// taken by the header name.
fn fold_ascii(used: usize, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_len = used;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            if line_len + 1 + word.len() > FOLD_AT && line_len > 1 {
                out.push_str("\r\n ");
                line_len = 1;
            } else {
                out.push(' ');
                line_len += 1;
            }
        }
        out.push_str(word);
        line_len += word.len();
    }
    out
}

/// Line endings made CRLF (from LF, CR or CRLF) and a final CRLF added.
pub(crate) fn crlf_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32 + 2);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\r\n");
            }
            '\n' => out.push_str("\r\n"),
            c => out.push(c),
        }
    }
    if !out.ends_with("\r\n") {
        out.push_str("\r\n");
    }
    out
}

/// A transfer encoding and the encoded body (CRLF line endings, ending in CRLF).
pub(crate) struct Encoded {
    pub(crate) cte: &'static str,
    pub(crate) body: String,
}

/// Chooses the encoding of a UTF-8 text part: `7bit` for short-lined ASCII, quoted-printable when
/// most of it is ASCII (readable in the raw message), base64 when most is not (Arabic, Chinese,
/// Cyrillic text would triple in quoted-printable).
pub(crate) fn text_body(text: &str) -> Encoded {
    let text = crlf_text(text);
    let short_lines = text.split("\r\n").all(|l| l.len() <= 76);
    if text.is_ascii() && short_lines && !text.split("\r\n").any(|l| l.ends_with([' ', '\t'])) {
        return Encoded {
            cte: "7bit",
            body: text,
        };
    }
    let non_ascii = text.bytes().filter(|b| !b.is_ascii()).count();
    if non_ascii * 5 > text.len() {
        Encoded {
            cte: "base64",
            body: base64_lines(text.as_bytes()),
        }
    } else {
        Encoded {
            cte: "quoted-printable",
            body: quoted_printable(&text),
        }
    }
}

/// Base64 in lines of 76 characters (RFC 2045 §6.8).
pub(crate) fn base64_lines(bytes: &[u8]) -> String {
    let encoded = B64.encode(bytes);
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 38 + 2);
    for chunk in encoded.as_bytes().chunks(76) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push_str("\r\n");
    }
    out
}

/// Quoted-printable of CRLF text (RFC 2045 §6.7): hard line breaks stay CRLF, encoded lines are
/// at most 76 characters with `=` soft breaks, trailing white space is encoded, and a line
/// starting with `.` or `From ` is encoded too so no transport rewrites it.
pub(crate) fn quoted_printable(text: &str) -> String {
    const MAX: usize = 76;
    let mut out = String::with_capacity(text.len() * 11 / 10 + 4);
    let mut lines = text.split("\r\n").peekable();
    while let Some(line) = lines.next() {
        if lines.peek().is_none() && line.is_empty() {
            break;
        }
        let bytes = line.as_bytes();
        let mut col = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let last = i + 1 == bytes.len();
            let at_start = i == 0;
            let mut literal = match b {
                b'=' => false,
                b' ' | b'\t' => !last,
                b'F' if at_start && line.starts_with("From ") => false,
                33..=126 => true,
                _ => false,
            };
            let mut piece_len = if literal { 1 } else { 3 };
            // Room for a soft break `=` unless this is the line's last piece.
            let limit = if last { MAX } else { MAX - 1 };
            if col + piece_len > limit {
                out.push_str("=\r\n");
                col = 0;
            }
            if b == b'.' && col == 0 {
                literal = false;
                piece_len = 3;
            }
            if literal {
                out.push(char::from(b));
            } else {
                out.push('=');
                out.push(hex_digit(b >> 4));
                out.push(hex_digit(b & 0x0f));
            }
            col += piece_len;
        }
        out.push_str("\r\n");
    }
    out
}

fn hex_digit(n: u8) -> char {
    char::from(b"0123456789ABCDEF"[usize::from(n & 0x0f)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decode_qp(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' {
                if b.get(i + 1) == Some(&b'\r') {
                    i += 3;
                    continue;
                }
                let h = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(h, 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        out
    }

    #[test]
    fn encoded_words_split_on_character_boundaries_within_75() {
        let text = "اختبار نقطة الاتصال — 联络点测试 — Проверка контактного пункта";
        let enc = encoded_words(text);
        let mut decoded = Vec::new();
        for word in enc.split("\r\n ") {
            assert!(word.len() <= 75, "{word}");
            let inner = word
                .strip_prefix("=?utf-8?B?")
                .unwrap()
                .strip_suffix("?=")
                .unwrap();
            let part = B64.decode(inner).unwrap();
            // Every word decodes to whole characters on its own.
            assert!(std::str::from_utf8(&part).is_ok());
            decoded.extend(part);
        }
        assert_eq!(String::from_utf8(decoded).unwrap(), text);
    }

    #[test]
    fn ascii_subjects_fold_at_spaces() {
        let s = "Ping test of the global directory of points of contact: please acknowledge within 48 hours";
        let folded = unstructured("Subject".len(), s);
        for line in folded.split("\r\n") {
            assert!(line.len() <= 78 - "Subject: ".len() + 1 || !line.contains(' '));
        }
        assert_eq!(folded.replace("\r\n", ""), s);
        assert_eq!(unstructured(7, "=?x?="), encoded_words("=?x?="));
    }

    #[test]
    fn phrases_quote_specials() {
        assert_eq!(phrase("UN Directory"), "UN Directory");
        assert_eq!(phrase("Doe, \"J\""), "\"Doe, \\\"J\\\"\"");
        assert!(phrase("مديرية").starts_with("=?utf-8?B?"));
    }

    #[test]
    fn quoted_printable_keeps_lines_short_and_protects_dots() {
        let text = crlf_text(&format!(
            ".leading dot\nFrom the start\ntrailing space \n{}\nnaïve café = ok",
            "x".repeat(200)
        ));
        let qp = quoted_printable(&text);
        for line in qp.split("\r\n") {
            assert!(line.len() <= 76, "{line}");
            assert!(!line.starts_with('.') && !line.starts_with("From "));
            assert!(!line.ends_with(' '));
        }
        assert_eq!(decode_qp(&qp), text.as_bytes());
    }

    proptest! {
        #[test]
        fn quoted_printable_round_trips(s in "[.a-z \u{0600}-\u{0620}\n]{0,300}|\\PC{0,300}") {
            let text = crlf_text(&s);
            let qp = quoted_printable(&text);
            prop_assert!(qp.is_ascii());
            for line in qp.split("\r\n") {
                prop_assert!(line.len() <= 76);
                prop_assert!(!line.starts_with('.'));
            }
            prop_assert_eq!(decode_qp(&qp), text.as_bytes());
        }

        #[test]
        fn encoded_words_round_trip(s in "\\PC{1,200}") {
            let enc = encoded_words(&s);
            let mut decoded = Vec::new();
            for word in enc.split("\r\n ") {
                prop_assert!(word.len() <= 75);
                let inner = &word[10..word.len() - 2];
                decoded.extend(B64.decode(inner).unwrap());
            }
            prop_assert_eq!(String::from_utf8(decoded).unwrap(), s);
        }
    }
}
