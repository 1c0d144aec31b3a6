//! `pocketvm profile`: where a run's cycles go, per function, and the AIR rows each function
//! causes (rows, not cycles, are what proving costs).
//!
//! Every executed instruction is charged to the function whose code holds its pc (inlined code
//! has no symbol of its own, so it is charged to the function it was inlined into). A shadow
//! call stack, driven by the calls and returns the run makes, gives the folded stacks that
//! flame-graph tools read (`frame;frame;frame count` lines).

use crate::guest::{Guest, GuestArgs};
use crate::prove::write_stdout;
use crate::Failure;
use clap::Args;
use pocketvm_core::air::ComponentId;
use pocketvm_core::isa::Opcode;
use pocketvm_core::trace::Event;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub(crate) struct ProfileArgs {
    #[command(flatten)]
    guest: GuestArgs,
    /// Write the folded stacks (for flame-graph tools) to this file.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// How many functions the table shows.
    #[arg(long, value_name = "N", default_value_t = 20)]
    top: usize,
    /// Print one JSON object instead of the table: {"cycles", "rows", "functions": [{"name",
    /// "cycles", "rows", "components": {name: rows}}]}, every function, most cycles first.
    #[arg(long)]
    json: bool,
}

/// Deeper call stacks are cut here (deep recursion would otherwise grow without bound).
const MAX_DEPTH: usize = 512;

/// A node of the call tree: a function reached through the path of its ancestors.
struct Node {
    parent: usize,
    function: usize,
    cycles: u64,
}

/// What one function caused.
#[derive(Default)]
struct Cost {
    cycles: u64,
    rows: HashMap<ComponentId, u64>,
}

/// The call tree and the cost per function, built one event at a time.
struct Profiler {
    /// Function names; index 0 is the code no symbol covers.
    names: Vec<String>,
    by_address: HashMap<u32, usize>,
    nodes: Vec<Node>,
    children: HashMap<(usize, usize), usize>,
    /// The shadow stack, as a path from the root (node 0, no function).
    stack: Vec<usize>,
    costs: Vec<Cost>,
    /// Whether the previous instruction was a call (its target is a new frame) or a return.
    after_call: bool,
    after_return: bool,
}

impl Profiler {
    fn new() -> Profiler {
        Profiler {
            names: vec!["?".to_string()],
            by_address: HashMap::new(),
            nodes: vec![Node {
                parent: 0,
                function: usize::MAX,
                cycles: 0,
            }],
            children: HashMap::new(),
            stack: vec![0],
            costs: vec![Cost::default()],
            after_call: false,
            after_return: false,
        }
    }

    fn function_at(&mut self, guest: &Guest, pc: u32) -> usize {
        let Some((symbol, _)) = guest.symbols.lookup(pc) else {
            return 0;
        };
        if let Some(&id) = self.by_address.get(&symbol.address) {
            return id;
        }
        let id = self.names.len();
        self.names.push(crate::guest::demangle(&symbol.name));
        self.costs.push(Cost::default());
        self.by_address.insert(symbol.address, id);
        id
    }

    fn top(&self) -> usize {
        self.stack.last().copied().unwrap_or(0)
    }

    fn child(&mut self, parent: usize, function: usize) -> usize {
        if let Some(&node) = self.children.get(&(parent, function)) {
            return node;
        }
        let node = self.nodes.len();
        self.nodes.push(Node {
            parent,
            function,
            cycles: 0,
        });
        self.children.insert((parent, function), node);
        node
    }

    /// Moves the shadow stack to `function`, given how control got there.
    fn enter(&mut self, function: usize) {
        // stack[0] is the root, which no return pops.
        if self.after_return && self.stack.len() > 1 {
            self.stack.pop();
        }
        if self.after_call && self.stack.len() < MAX_DEPTH {
            let node = self.child(self.top(), function);
            self.stack.push(node);
            return;
        }
        if self.nodes[self.top()].function == function {
            return;
        }
        // No call led here: a return past several frames, a tail call, or the first
        // instruction.
        let nodes = &self.nodes;
        if let Some(depth) = self
            .stack
            .iter()
            .rposition(|&n| nodes[n].function == function)
        {
            self.stack.truncate(depth + 1);
            return;
        }
        if self.stack.len() > 1 {
            self.stack.pop();
        }
        let node = self.child(self.top(), function);
        self.stack.push(node);
    }

    fn step(&mut self, guest: &Guest, record: &pocketvm_core::ExecutionRecord, event: &Event<'_>) {
        let function = self.function_at(guest, event.pc());
        self.enter(function);
        let node = self.top();
        self.nodes[node].cycles += 1;
        let cost = &mut self.costs[function];
        cost.cycles += 1;
        match event {
            Event::Step(step) => {
                let inst = step.instruction;
                if let Some(id) = ComponentId::of_opcode(inst.opcode) {
                    *cost.rows.entry(id).or_default() += 1;
                }
                // Calls link ra (x1) or t0 (x5); a return jumps through one of them to x0.
                let links = inst.rd == 1 || inst.rd == 5;
                self.after_call = matches!(inst.opcode, Opcode::Jal | Opcode::Jalr) && links;
                self.after_return = inst.opcode == Opcode::Jalr
                    && inst.rd == 0
                    && (inst.rs1 == 1 || inst.rs1 == 5)
                    && inst.imm == 0;
            }
            Event::Ecall(ecall) => {
                let words = record.io_words_of(ecall).len() as u32;
                for (id, rows) in ComponentId::of_syscall(&ecall.call, words) {
                    if rows > 0 {
                        *cost.rows.entry(id).or_default() += u64::from(rows);
                    }
                }
                self.after_call = false;
                self.after_return = false;
            }
        }
    }

    /// Folded stacks: one `a;b;c cycles` line per call path that ran instructions.
    fn folded(&self) -> String {
        let mut lines: Vec<(String, u64)> = Vec::new();
        for (index, node) in self.nodes.iter().enumerate().skip(1) {
            if node.cycles == 0 {
                continue;
            }
            let mut path = Vec::new();
            let mut at = index;
            while at != 0 {
                path.push(self.names[self.nodes[at].function].replace(';', ":"));
                at = self.nodes[at].parent;
            }
            path.reverse();
            lines.push((path.join(";"), node.cycles));
        }
        lines.sort();
        let mut out = String::new();
        for (path, cycles) in lines {
            let _ = writeln!(out, "{path} {cycles}");
        }
        out
    }
}

fn component_name(id: &ComponentId) -> String {
    format!("{id:?}")
}

pub(crate) fn profile_command(args: &ProfileArgs) -> Result<(), Failure> {
    let guest = Guest::load(&args.guest)?;
    if guest.symbols.is_empty() {
        return Err(Failure::usage(format!(
            "{} has no symbols (stripped?): build it with symbols to profile it",
            args.guest.elf.display()
        )));
    }
    let mut profiler = Profiler::new();
    let replay = guest.replay(|record| {
        for event in record.in_order() {
            profiler.step(&guest, record, &event);
        }
        true
    })?;
    if let Some(error) = replay.error {
        return Err(Failure::execution(&error));
    }
    if let Some(path) = &args.output {
        std::fs::write(path, profiler.folded())
            .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))?;
    }

    let mut order: Vec<usize> = (0..profiler.names.len())
        .filter(|&f| profiler.costs[f].cycles > 0)
        .collect();
    order.sort_by_key(|&f| std::cmp::Reverse(profiler.costs[f].cycles));
    let rows_of = |f: usize| profiler.costs[f].rows.values().sum::<u64>();
    let total_rows: u64 = order.iter().map(|&f| rows_of(f)).sum();

    if args.json {
        let functions: Vec<_> = order
            .iter()
            .map(|&f| {
                let cost = &profiler.costs[f];
                let components: serde_json::Map<String, serde_json::Value> = cost
                    .rows
                    .iter()
                    .map(|(id, rows)| (component_name(id), (*rows).into()))
                    .collect();
                serde_json::json!({
                    "name": profiler.names[f],
                    "cycles": cost.cycles,
                    "rows": rows_of(f),
                    "components": components,
                })
            })
            .collect();
        let value = serde_json::json!({
            "cycles": replay.cycles,
            "rows": total_rows,
            "functions": functions,
        });
        return write_stdout(format!("{value}\n").as_bytes());
    }

    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:>12} {:>6} {:>12}  function  (rows by component)",
        "cycles", "%", "rows"
    );
    for &f in order.iter().take(args.top) {
        let cost = &profiler.costs[f];
        let mut components: Vec<_> = cost.rows.iter().collect();
        components.sort_by_key(|(id, rows)| (std::cmp::Reverse(**rows), component_name(id)));
        let shown: Vec<String> = components
            .iter()
            .take(4)
            .map(|(id, rows)| format!("{} {rows}", component_name(id)))
            .collect();
        let _ = writeln!(
            out,
            "{:>12} {:>5.1}% {:>12}  {}  ({})",
            cost.cycles,
            100.0 * cost.cycles as f64 / replay.cycles.max(1) as f64,
            rows_of(f),
            profiler.names[f],
            shown.join(", ")
        );
    }
    if order.len() > args.top {
        let rest: u64 = order[args.top..]
            .iter()
            .map(|&f| profiler.costs[f].cycles)
            .sum();
        let _ = writeln!(
            out,
            "{rest:>12} {:>5.1}% {:>12}  ({} more functions)",
            100.0 * rest as f64 / replay.cycles.max(1) as f64,
            "",
            order.len() - args.top
        );
    }
    let _ = writeln!(
        out,
        "{:>12} {:>6} {total_rows:>12}  total (instruction and I/O rows; tables, ROM and memory \
         boundaries come on top)",
        replay.cycles, "100%"
    );
    write_stdout(out.as_bytes())
}
