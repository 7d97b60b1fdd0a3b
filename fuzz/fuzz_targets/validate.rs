//! Bytes → an event and a metric file → every rule → both reports (see `src/lib.rs`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eventdef_fuzz::validate(data));
