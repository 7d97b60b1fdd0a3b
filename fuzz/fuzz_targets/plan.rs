//! Bytes → plan file parser → resolving against a small fixed repository (see `src/lib.rs`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eventdef_fuzz::plan(data));
