//! The committed example ELFs in tests/fixtures/elf are exactly what guests/ builds today:
//! rebuilds them in a scratch target directory and compares bytes
//! (`guests/build-fixtures.sh --check`).

use std::path::Path;
use std::process::Command;

#[test]
fn committed_guest_elfs_match_their_sources() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../guests/build-fixtures.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg("--check")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    assert!(
        out.status.success(),
        "guests/build-fixtures.sh --check failed (rebuild with `bash guests/build-fixtures.sh` and commit):\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
