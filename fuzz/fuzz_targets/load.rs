//! Bytes → loader checks → YAML with positions → event and metric models (see `src/lib.rs`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eventdef_fuzz::load(data));
