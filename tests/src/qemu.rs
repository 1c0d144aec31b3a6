//! Running an ELF under `qemu-riscv32` (qemu-user), the reference the differential tests
//! compare PocketVM with.
//!
//! The streams follow design.md §2: the public input is the program's stdin, the private input
//! its fd 3, the public output its stdout and the debug text its stderr. Both inputs are given
//! as regular files, so every `read` returns as many bytes as are left (a pipe could return
//! fewer). The exit status qemu reports is the exit code modulo 256.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The qemu-user binary.
pub const QEMU: &str = "qemu-riscv32";
/// The CPU model: RV32IM only (no compressed, atomic or floating-point instructions).
pub const QEMU_CPU: &str = "rv32,c=false,a=false,f=false,d=false";
/// How long one qemu run may take before it is killed.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Panics with installation advice unless `qemu-riscv32` can be started. Differential tests
/// call this first, so that a machine without qemu fails them instead of passing silently.
pub fn require_qemu() {
    match Command::new(QEMU)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
    {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "`{QEMU} --version` failed ({}): {}\nThe differential tests need a working qemu-user: \
             install it (Debian/Ubuntu: `apt-get install qemu-user`); CI installs it.",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!(
            "cannot run `{QEMU}` ({e}): it is not on PATH.\nThe differential tests compare \
             PocketVM with qemu-user: install it (Debian/Ubuntu: `apt-get install qemu-user`, \
             which provides qemu-riscv32); CI installs it. These tests never pass without it."
        ),
    }
}

/// What a qemu run produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QemuRun {
    /// The exit status (the guest's exit code modulo 256), or `None` if a signal ended qemu.
    pub status: Option<i32>,
    /// The signal that ended qemu, if any (SIGILL, SIGSEGV, ... for a guest fault).
    pub signal: Option<i32>,
    /// Bytes the guest wrote to fd 1.
    pub stdout: Vec<u8>,
    /// Bytes the guest wrote to fd 2 (and anything qemu itself printed).
    pub stderr: Vec<u8>,
}

impl QemuRun {
    /// A short description of how the run ended.
    pub fn describe_end(&self) -> String {
        match (self.status, self.signal) {
            (Some(code), _) => format!("exit status {code}"),
            (None, Some(signal)) => format!("killed by signal {signal}"),
            (None, None) => "ended without status".to_string(),
        }
    }
}

/// Runs `elf_path` under qemu with `public` on stdin and `private` on fd 3. The inputs are
/// written to files in `scratch` (never next to the ELF, which may be a shared fixture) and
/// removed afterwards.
pub fn run_file(
    elf_path: &Path,
    scratch: &Path,
    public: &[u8],
    private: &[u8],
    timeout: Duration,
) -> QemuRun {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let stem = elf_path
        .file_stem()
        .map_or("elf".into(), |s| s.to_string_lossy().into_owned());
    let public_path = scratch.join(format!("{stem}-{n}.public"));
    let private_path = scratch.join(format!("{stem}-{n}.private"));
    std::fs::write(&public_path, public).expect("write public input file");
    std::fs::write(&private_path, private).expect("write private input file");
    // `exec` so that the status is qemu's own; `3<` opens the private input on fd 3.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" -cpu \"$1\" \"$2\" <\"$3\" 3<\"$4\"")
        .arg(QEMU)
        .arg(QEMU_CPU)
        .arg(elf_path)
        .arg(&public_path)
        .arg(&private_path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start sh to run {QEMU}: {e}"));
    let result = wait_with_timeout(&mut child, timeout);
    let _ = std::fs::remove_file(&public_path);
    let _ = std::fs::remove_file(&private_path);
    result.unwrap_or_else(|| {
        panic!(
            "{QEMU} on {} did not finish within {timeout:?}",
            elf_path.display()
        )
    })
}

/// Writes `elf` to `dir/<name>.elf` (executable: qemu-user refuses files without the execute
/// permission) and runs it like [`run_file`]; removes the file afterwards.
pub fn run_bytes(dir: &Path, name: &str, elf: &[u8], public: &[u8], private: &[u8]) -> QemuRun {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(format!("{name}.elf"));
    std::fs::write(&path, elf).expect("write ELF file");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
        .expect("make ELF file executable");
    let run = run_file(&path, dir, public, private, DEFAULT_TIMEOUT);
    let _ = std::fs::remove_file(&path);
    run
}

/// Collects stdout and stderr while waiting; kills the child after `timeout`.
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Option<QemuRun> {
    let drain = |stream: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut stream) = stream {
                let _ = stream.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_micros(200);
    let status: Option<ExitStatus> = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(5));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Err(e) => panic!("waiting for {QEMU}: {e}"),
        }
    };
    let stdout = stdout.join().expect("stdout reader");
    let stderr = stderr.join().expect("stderr reader");
    let status = status?;
    use std::os::unix::process::ExitStatusExt;
    Some(QemuRun {
        status: status.code(),
        signal: status.signal(),
        stdout,
        stderr,
    })
}
