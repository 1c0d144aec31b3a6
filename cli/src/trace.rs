//! `pocketvm trace`: the run step by step, from the emulator's recording pass (no second
//! interpreter). One line per executed instruction: cycle, pc, symbol+offset, the instruction,
//! the register it wrote and the memory it touched; system calls with their data.

use crate::guest::{Guest, GuestArgs};
use crate::prove::write_stdout;
use crate::Failure;
use clap::Args;
use pocketvm_core::isa::Opcode;
use pocketvm_core::trace::{EcallEvent, Event, StepEvent, Syscall, WordAccess};
use pocketvm_core::ExecutionRecord;
use std::fmt::Write as _;

#[derive(Args, Debug)]
pub(crate) struct TraceArgs {
    #[command(flatten)]
    guest: GuestArgs,
    /// First cycle to show (cycles count from 0).
    #[arg(long, value_name = "CYCLE", default_value_t = 0)]
    from: u64,
    /// Show cycles before this one only (default: to the end of the run).
    #[arg(long, value_name = "CYCLE")]
    to: Option<u64>,
    /// Only instructions at this address (hex with 0x, or decimal), or inside this symbol
    /// (its name as `trace` prints it, or as stored in the ELF).
    #[arg(long, value_name = "ADDR|SYMBOL")]
    pc: Option<String>,
    /// Only instructions and system calls that access the memory word holding this byte
    /// address (hex with 0x, or decimal).
    #[arg(long, value_name = "ADDR")]
    mem: Option<String>,
    /// One JSON object per line: {"cycle", "pc", "symbol", "offset", "instruction", "writes":
    /// [[reg, value]], "memory": [{"addr", "before", "after"}], "syscall"}.
    #[arg(long)]
    json: bool,
}

/// Which addresses `--pc` selects.
enum PcFilter {
    Exact(u32),
    Range(u32, u32),
}

fn parse_number(text: &str, what: &str) -> Result<u32, Failure> {
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|_| Failure::usage(format!("{what} {text:?} is not a 32-bit address")))
}

fn pc_filter(guest: &Guest, text: &str) -> Result<PcFilter, Failure> {
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        return parse_number(text, "--pc").map(PcFilter::Exact);
    }
    let symbol = guest
        .symbols
        .iter()
        .find(|s| s.name == text || crate::guest::demangle(&s.name) == text)
        .ok_or_else(|| Failure::usage(format!("--pc: no symbol named {text:?} in the ELF")))?;
    let end = if symbol.size > 0 {
        symbol.address.saturating_add(symbol.size)
    } else {
        // A label reaches to the next symbol.
        guest
            .symbols
            .iter()
            .map(|s| s.address)
            .filter(|&a| a > symbol.address)
            .min()
            .unwrap_or(u32::MAX)
    };
    Ok(PcFilter::Range(symbol.address, end))
}

pub(crate) fn trace_command(args: &TraceArgs) -> Result<(), Failure> {
    let guest = Guest::load(&args.guest)?;
    if let Some(to) = args.to {
        if to <= args.from {
            return Err(Failure::usage(format!(
                "empty cycle window: --to {to} is not after --from {}",
                args.from
            )));
        }
    }
    if guest.symbols.is_empty() {
        eprintln!(
            "warning: {} has no symbols (stripped?): addresses are shown without names",
            args.guest.elf.display()
        );
    }
    let pc = args
        .pc
        .as_deref()
        .map(|t| pc_filter(&guest, t))
        .transpose()?;
    let mem_word = args
        .mem
        .as_deref()
        .map(|t| parse_number(t, "--mem").map(|a| a / 4))
        .transpose()?;
    let to = args.to.unwrap_or(u64::MAX);

    let mut out = String::new();
    let mut failure = None;
    let replay = guest.replay(|record| {
        let mut more = true;
        for event in record.in_order() {
            let clk = u64::from(event.clk());
            if clk < args.from {
                continue;
            }
            if clk >= to {
                more = false;
                break;
            }
            let shown = match &pc {
                None => true,
                Some(PcFilter::Exact(a)) => event.pc() == *a,
                Some(PcFilter::Range(lo, hi)) => (*lo..*hi).contains(&event.pc()),
            } && mem_word.is_none_or(|w| touches(record, &event, w));
            if shown {
                line(&guest, record, &event, args.json, &mut out);
            }
        }
        // Flush a stretch at a time, so a long trace streams out.
        if let Err(e) = write_stdout(out.as_bytes()) {
            failure = Some(e);
            return false;
        }
        out.clear();
        more
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    if args.from >= replay.cycles && replay.error.is_none() {
        return Err(Failure::usage(format!(
            "--from {} is past the end of the run ({} cycles)",
            args.from, replay.cycles
        )));
    }
    if let Some(error) = replay.error {
        return Err(Failure::execution(&error));
    }
    Ok(())
}

/// Whether an event reads or writes memory word `word`.
fn touches(record: &ExecutionRecord, event: &Event<'_>, word: u32) -> bool {
    match event {
        Event::Step(step) => step.memory.is_some_and(|m| m.word == word),
        Event::Ecall(ecall) => record.io_words_of(ecall).iter().any(|w| w.word == word),
    }
}

/// Whether the instruction writes its rd.
fn writes_rd(opcode: Opcode) -> bool {
    use Opcode::*;
    !matches!(
        opcode,
        Beq | Bne | Blt | Bge | Bltu | Bgeu | Sb | Sh | Sw | Fence | Ecall | Ebreak | Invalid
    )
}

/// The registers a step wrote, as (register, value): none for x0.
fn step_writes(step: &StepEvent) -> Vec<(u8, u32)> {
    let inst = step.instruction;
    if writes_rd(inst.opcode) && inst.rd != 0 {
        vec![(inst.rd, step.rd_value)]
    } else {
        Vec::new()
    }
}

/// The registers a system call wrote: a0 for `read` (bytes read) and `write` (bytes written).
fn ecall_writes(ecall: &EcallEvent) -> Vec<(u8, u32)> {
    match ecall.call {
        Syscall::Exit { .. } => Vec::new(),
        Syscall::Read { read, .. } => vec![(10, read)],
        Syscall::Write { len, .. } => vec![(10, len)],
    }
}

/// The bytes at `buf..buf + len` as the moved words hold them (`after` for a read, `before`
/// for a write, which changes no memory). The words are in address order.
fn bytes_of(words: &[WordAccess], buf: u32, len: u32, after: bool) -> Vec<u8> {
    (0..len)
        .filter_map(|i| {
            let addr = buf.wrapping_add(i);
            let at = words.binary_search_by_key(&(addr / 4), |w| w.word).ok()?;
            let word = words.get(at)?;
            let value = if after { word.after } else { word.before };
            Some((value >> (8 * (addr % 4))) as u8)
        })
        .collect()
}

/// A short, readable rendering of bytes: text in quotes when printable, else hex.
fn show_bytes(bytes: &[u8]) -> String {
    const SHOWN: usize = 48;
    let cut = &bytes[..bytes.len().min(SHOWN)];
    let more = if bytes.len() > SHOWN { "…" } else { "" };
    if cut
        .iter()
        .all(|b| b.is_ascii_graphic() || *b == b' ' || *b == b'\n')
    {
        format!("{:?}{more}", String::from_utf8_lossy(cut))
    } else {
        format!("0x{}{more}", hex::encode(cut))
    }
}

fn syscall_text(record: &ExecutionRecord, ecall: &EcallEvent) -> String {
    let words = record.io_words_of(ecall);
    match ecall.call {
        Syscall::Exit { code } => format!("exit({code})"),
        Syscall::Read {
            fd, buf, len, read, ..
        } => format!(
            "read(fd {fd}, {buf:#x}, {len}) = {read}: {}",
            show_bytes(&bytes_of(words, buf, read, true))
        ),
        Syscall::Write { fd, buf, len, .. } => {
            if fd == 1 {
                format!(
                    "write(fd 1, {buf:#x}, {len}): {}",
                    show_bytes(&bytes_of(words, buf, len, false))
                )
            } else {
                // Debug text is not part of any statement, so the record does not keep it.
                format!("write(fd {fd}, {buf:#x}, {len})")
            }
        }
    }
}

fn line(guest: &Guest, record: &ExecutionRecord, event: &Event<'_>, json: bool, out: &mut String) {
    let (symbol, offset) = guest.name_at(event.pc());
    let (instruction, writes, memory, syscall) = match event {
        Event::Step(step) => (
            step.instruction.to_string(),
            step_writes(step),
            step.memory.map(|m| vec![m]).unwrap_or_default(),
            None,
        ),
        Event::Ecall(ecall) => (
            "ecall".to_string(),
            ecall_writes(ecall),
            Vec::new(),
            Some(syscall_text(record, ecall)),
        ),
    };
    if json {
        let memory: Vec<_> = memory
            .iter()
            .map(|m| serde_json::json!({"addr": m.word * 4, "before": m.before, "after": m.after}))
            .collect();
        let value = serde_json::json!({
            "cycle": event.clk(),
            "pc": event.pc(),
            "symbol": symbol,
            "offset": offset,
            "instruction": instruction,
            "writes": writes,
            "memory": memory,
            "syscall": syscall,
        });
        let _ = writeln!(out, "{value}");
        return;
    }
    let place = format!("{symbol}+{offset:#x}");
    let _ = write!(
        out,
        "{:>9}  {:#010x}  {place:<32}  {instruction:<24}",
        event.clk(),
        event.pc()
    );
    for (reg, value) in writes {
        let _ = write!(out, "  x{reg}={value:#010x}");
    }
    for m in memory {
        let addr = m.word * 4;
        if m.before == m.after {
            let _ = write!(out, "  [{addr:#010x}] = {:#010x}", m.after);
        } else {
            let _ = write!(
                out,
                "  [{addr:#010x}] {:#010x} -> {:#010x}",
                m.before, m.after
            );
        }
    }
    if let Some(text) = syscall {
        let _ = write!(out, "  {text}");
    }
    out.push('\n');
}
