//! `pocketvm`: run, prove and verify RV32IM programs from the command line.
//!
//! Exit status: 0 when the guest reached `exit` (whatever its exit code), 2 for unusable
//! arguments, input files or ELF files, 3 when execution failed (the message names the pc).

mod bench;
mod guest;
mod new;
mod profile;
mod prove;
mod trace;

use clap::{Args, Parser, Subcommand};
use pocketvm_core::{run, ExecError, Input, Program, RunOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "pocketvm",
    version,
    about = "PocketVM: run, prove and verify RV32IM programs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Execute a program and print its public output.
    ///
    /// Without --json the public output goes raw to stdout and the program's debug text to
    /// stderr. Exit status: 0 if the program called exit (whatever its exit code), 2 for
    /// unusable arguments or files, 3 for an execution error.
    Run(RunArgs),
    /// Execute a program and prove the run; write the proof to a file.
    ///
    /// Exit status: 0 when proved, 2 for unusable arguments or files, 3 when the program
    /// failed or the run cannot be proven.
    Prove(prove::ProveArgs),
    /// Verify a proof against a program and public input; print the proven output.
    ///
    /// Exit status: 0 for a valid proof, 1 when the proof is rejected (with the reason), 2 for
    /// unusable arguments, files or undecodable proof bytes.
    Verify(prove::VerifyArgs),
    /// Print a program's 32-byte digest (hex), the identity a proof is bound to.
    Digest(prove::DigestArgs),
    /// Measure the emulator and the prover (time, peak memory, proof size) on built-in programs.
    Bench(bench::BenchArgs),
    /// Create a guest project (Rust, or C with --c) in a new directory.
    ///
    /// `cargo build --release` (or `make`) inside it gives an ELF that `prove` accepts.
    New(new::NewArgs),
    /// Count a run's cycles per function, with the AIR rows each one causes.
    ///
    /// Prints the top functions; -o writes folded stacks for flame-graph tools. Exit status:
    /// 0, 2 for unusable arguments or files (an ELF without symbols included), 3 when the
    /// program failed.
    Profile(profile::ProfileArgs),
    /// Show a run step by step: cycle, pc, symbol, instruction, register writes, memory.
    ///
    /// Exit status: 0, 2 for unusable arguments or files (an empty cycle window included),
    /// 3 when the program failed (the steps before the failure are shown).
    Trace(trace::TraceArgs),
}

#[derive(Args, Debug)]
struct RunArgs {
    /// The RV32IM ELF executable.
    elf: PathBuf,
    /// File with the public input (fd 0); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// File with the private input (fd 3).
    #[arg(long, value_name = "FILE")]
    private_input: Option<PathBuf>,
    /// Stop with an error after this many instructions.
    #[arg(long, value_name = "N", default_value_t = pocketvm_core::emulator::DEFAULT_MAX_CYCLES)]
    max_cycles: u64,
    /// Print one JSON object: {"exit_code", "cycles", "output_hex"}.
    #[arg(long)]
    json: bool,
}

/// What `run --json` prints.
#[derive(serde::Serialize)]
struct RunReport {
    exit_code: u32,
    cycles: u64,
    output_hex: String,
}

/// A failure that ends the command: its message and the process exit status.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) message: String,
    pub(crate) status: u8,
}

impl Failure {
    /// Unusable arguments, files or programs: status 2.
    pub(crate) fn usage(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            status: 2,
        }
    }

    /// The program failed while executing: status 3.
    pub(crate) fn execution(error: &ExecError) -> Failure {
        Failure {
            message: format!("execution failed: {error}"),
            status: 3,
        }
    }
}

/// The CLI allocates with jemalloc. A segmented proof allocates and frees the same large
/// column buffers once per segment; glibc's malloc either fragments its heap under that pattern
/// (peak RSS 450 → 880 MB over the 20 segments of a 5 M-cycle run) or, with a fixed mmap
/// threshold, maps and zeroes every buffer afresh. jemalloc keeps size classes apart and keeps
/// freed pages for reuse for a few seconds before returning them: memory stays as flat as with
/// the fixed threshold, and proving is 12 % faster (docs/benchmarks.md).
#[cfg(any(target_os = "linux", target_os = "macos"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read at its start-up: every size in the ordinary arenas (no eager purging
/// of large blocks), dirty pages returned after 5 s, and no second, "muzzy" stage.
#[cfg(any(target_os = "linux", target_os = "macos"))]
#[allow(unsafe_code, non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: Option<&'static std::ffi::c_char> = Some(
    // SAFETY: a pointer to the first byte of a static, NUL-terminated string.
    unsafe { &*c"oversize_threshold:0,dirty_decay_ms:5000,muzzy_decay_ms:0".as_ptr() },
);

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return argument_error(&error),
    };
    let result = match cli.command {
        Command::Run(args) => run_command(&args),
        Command::Prove(args) => prove::prove_command(&args),
        Command::Verify(args) => prove::verify_command(&args),
        Command::Digest(args) => prove::digest_command(&args),
        Command::Bench(args) => bench::bench(&args),
        Command::New(args) => new::new_command(&args),
        Command::Profile(args) => profile::profile_command(&args),
        Command::Trace(args) => trace::trace_command(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.status)
        }
    }
}

/// Prints help and version as clap does; any other argument error as one line, status 2.
fn argument_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
    }
    let rendered = error.render().to_string();
    let first_paragraph: Vec<&str> = rendered
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let message = first_paragraph.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    eprintln!("error: {message} (see --help)");
    ExitCode::from(2)
}

/// Reads a file named on the command line (`-` is standard input).
pub(crate) fn read_file(path: &Path, what: &str) -> Result<Vec<u8>, Failure> {
    let result = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    result.map_err(|e| Failure::usage(format!("cannot read {what} {}: {e}", path.display())))
}

/// Reads an optional file (empty when not given).
pub(crate) fn read_optional(path: &Option<PathBuf>, what: &str) -> Result<Vec<u8>, Failure> {
    match path {
        Some(path) => read_file(path, what),
        None => Ok(Vec::new()),
    }
}

/// Reads and validates an ELF file.
pub(crate) fn load_program(path: &Path) -> Result<Program, Failure> {
    let bytes = read_file(path, "ELF file")?;
    Program::from_elf(&bytes).map_err(|e| Failure::usage(format!("{}: {e}", path.display())))
}

fn run_command(args: &RunArgs) -> Result<(), Failure> {
    let program = load_program(&args.elf)?;
    let public = read_optional(&args.input, "input file")?;
    let private = read_optional(&args.private_input, "private input file")?;
    let options = RunOptions {
        max_cycles: args.max_cycles,
        ..RunOptions::default()
    };
    let input = Input {
        public: &public,
        private: &private,
    };
    let execution = run(&program, input, &options).map_err(|e| Failure::execution(&e))?;

    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(&execution.debug);
    let _ = stderr.flush();
    if args.json {
        let report = RunReport {
            exit_code: execution.exit_code,
            cycles: execution.stats.cycles,
            output_hex: hex::encode(&execution.output),
        };
        let json = serde_json::to_string(&report)
            .map_err(|e| Failure::usage(format!("cannot encode JSON: {e}")))?;
        prove::write_stdout(format!("{json}\n").as_bytes())
    } else {
        prove::write_stdout(&execution.output)
    }
}
