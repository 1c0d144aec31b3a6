//! Makes `pocketvm.ld` visible to the linker of every crate that depends on
//! this one.
//!
//! The script is copied into `OUT_DIR`, and that directory is put on the
//! linker's search path. Cargo passes `rustc-link-search` on to the final
//! link of dependent binaries, so a guest only needs `-Tpocketvm.ld` among its
//! link arguments (the guest workspace's `.cargo/config.toml` adds it).

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let script = fs::read("pocketvm.ld").expect("read pocketvm.ld");
    fs::write(out_dir.join("pocketvm.ld"), script).expect("copy pocketvm.ld into OUT_DIR");
    println!("cargo:rustc-link-search={}", out_dir.display());
    println!("cargo:rerun-if-changed=pocketvm.ld");
    println!("cargo:rerun-if-changed=build.rs");
}
