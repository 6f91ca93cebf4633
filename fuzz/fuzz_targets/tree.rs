//! Content file names and edition trees: fuzzer bytes become files, folders and symbolic
//! links with any names and targets under `content/2022/` of a valid project in a fresh
//! temporary folder, which is then built, rendered and archived. Any panic is a bug; the
//! harness panics on anything written outside the output folder, a published file that
//! is neither generated nor a regular file of the edition, a published or archived
//! secret, an archive entry that is not a plain path, an unlocated error, or an output
//! folder touched by a failed build. Input layout: see `tree::Tree::decode`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/surface/tree.rs"]
mod tree;

fuzz_target!(|data: &[u8]| {
    tree::check(&tree::Tree::decode(data));
});
