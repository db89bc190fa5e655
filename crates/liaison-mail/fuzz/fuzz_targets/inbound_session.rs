#![no_main]
// Random bytes from a hostile SMTP client: the session must never panic, and every reply line
// must be a well-formed, CRLF-terminated SMTP reply.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let out = liaison_mail::fuzzing::inbound_session(data);
    let text = String::from_utf8(out).expect("replies are ASCII");
    for line in text.trim_end_matches("\r\n").split("\r\n") {
        assert!(line.len() >= 4 && line.as_bytes()[..3].iter().all(u8::is_ascii_digit));
    }
});
