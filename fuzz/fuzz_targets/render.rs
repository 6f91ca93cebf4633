//! Front matter + Markdown (two languages) + indicators.toml through the whole pipeline:
//! parse, validate, `check`, render. Any panic is a bug; so is hostile markup in a
//! rendered page when raw HTML is not trusted. Input layout: see `Input::from_text`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/surface/mod.rs"]
mod surface;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let input = surface::Input::from_text(&text);
    let outcome = surface::run(&input);
    if let (Some(output), false) = (&outcome.output, input.trusted) {
        if let Some(offence) = surface::hostile_markup(output) {
            panic!("hostile markup survived: {offence}");
        }
    }
});
