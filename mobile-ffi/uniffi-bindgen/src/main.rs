//! `uniffi-bindgen`, pinned to the uniffi version `pocketvm-ffi` is built with. Used in library
//! mode by `mobile-ffi/generate.sh`:
//! `uniffi-bindgen generate target/release/libpocketvm_ffi.so -l kotlin -l swift -l python -o DIR`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
