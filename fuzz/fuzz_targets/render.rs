//! Bytes → an event and a metric → every usage snippet and the issue (see `src/lib.rs`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eventdef_fuzz::render(data));
