//! Rebuilds rapport when the built-in default theme changes: its files are embedded in the
//! binary, and Cargo does not see files read by a macro.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=assets");
}
