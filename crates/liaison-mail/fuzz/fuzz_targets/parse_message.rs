#![no_main]
// Received messages (replies, bounces) are outside input: parsing must never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    liaison_mail::fuzzing::parse_message(data);
});
