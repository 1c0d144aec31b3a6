//! The calculator pinned on values worked out by hand (each test's comments show the arithmetic).

// Tests may panic (the module above forbids it for code that reads proofs).
#![allow(clippy::panic)]

use super::*;

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

fn params(log_blowup: u32, queries: u32, pow_bits: u32) -> StarkParams {
    StarkParams {
        log_blowup,
        queries,
        pow_bits,
        fold_step: 3,
        log_last_layer: 0,
    }
}

fn shape(log_trace: u32, batched: u64) -> StarkShape {
    StarkShape {
        log_trace,
        columns: batched,
        batched,
        constraints: 1000,
        max_openings: 2,
    }
}

fn term(terms: &[Term], name: &str) -> f64 {
    terms
        .iter()
        .find(|t| t.name == name)
        .map(|t| t.bits)
        .unwrap_or(f64::NAN)
}

#[test]
fn field_is_just_below_2_to_124() {
    let log = log2_field_size();
    assert!(log < 124.0 && log > 124.0 - 1e-8, "{log}");
}

#[test]
fn udr_queries_match_the_published_table() {
    // −log2((1 + ρ)/2): 0.4150 (ρ = 1/2), 0.6781 (1/4), 0.8301 (1/8); 80 bits left after 16
    // bits of work: 80/0.4150 = 192.8, 80/0.6781 = 118.0, 80/0.8301 = 96.4.
    assert_eq!(udr_queries_for(96.0, 1, 16), 193);
    assert_eq!(udr_queries_for(96.0, 2, 16), 118);
    assert_eq!(udr_queries_for(96.0, 3, 16), 97);
    // 20 bits of work: 76/0.4150 = 183.1.
    assert_eq!(udr_queries_for(96.0, 1, 20), 184);
}

#[test]
fn query_round_is_exact() {
    let terms = stark_terms(&params(1, 193, 16), &shape(16, 100), Regime::Udr);
    // 193 · 0.415037 + 16 = 96.102
    assert!(close(term(&terms, "queries"), 96.102, 0.001));
    let terms = stark_terms(&params(1, 192, 16), &shape(16, 100), Regime::Udr);
    assert!(term(&terms, "queries") < 96.0);
    let terms = stark_terms(&params(1, 193, 15), &shape(16, 100), Regime::Udr);
    assert!(term(&terms, "queries") < 96.0);
}

#[test]
fn batching_in_udr_is_columns_times_domain_over_field() {
    // (2049 − 1) · 2^17 / 2^124 = 2^−96 (just above it: |F| is a little below 2^124).
    let terms = stark_terms(&params(1, 193, 16), &shape(16, 2049), Regime::Udr);
    let bits = term(&terms, "batching");
    assert!(close(bits, 96.0, 1e-6) && bits < 96.0, "{bits}");
    assert_eq!(udr_batch_limit(96.0, 16, 1), 2048);
    // Twice the domain halves the room: blowup 4, or 2^17 rows.
    assert_eq!(udr_batch_limit(96.0, 16, 2), 1024);
    assert_eq!(udr_batch_limit(96.0, 17, 1), 1024);
    // 1001 functions on 2^19 points: 124 − log2(1000) − 19 = 95.03.
    let terms = stark_terms(&params(1, 193, 16), &shape(18, 1001), Regime::Udr);
    assert!(close(term(&terms, "batching"), 95.034, 0.001));
}

#[test]
fn fri_rounds_follow_the_fold_schedule() {
    // 2^16 rows, blowup 2, fold step 3: stwo folds 16 times in layers of 3,3,3,3,3,1 (the first
    // layer, circle to line, included). Layer 1 folds 8 into 1 onto 2^14 points:
    // 7 · 2^14 / 2^124 → 124 − 14 − 2.807 = 107.193; layer 5 onto 2^2: 119.193; layer 6 folds 2
    // into 1 onto 2^1: 123.
    let terms = stark_terms(&params(1, 193, 16), &shape(16, 100), Regime::Udr);
    let names: Vec<&str> = terms.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ALI",
            "DEEP",
            "batching",
            "FRI layer 1",
            "FRI layer 2",
            "FRI layer 3",
            "FRI layer 4",
            "FRI layer 5",
            "FRI layer 6",
            "queries"
        ]
    );
    assert!(close(term(&terms, "FRI layer 1"), 107.193, 0.001));
    assert!(close(term(&terms, "FRI layer 5"), 119.193, 0.001));
    assert!(close(term(&terms, "FRI layer 6"), 123.0, 1e-6));
    // 2^17 rows: 17 = 3·5 + 2; the last layer folds 4 into 1 onto 2^1: 124 − 1 − log2(3).
    let terms = stark_terms(&params(1, 193, 16), &shape(17, 100), Regime::Udr);
    assert!(close(term(&terms, "FRI layer 6"), 121.415, 0.001));
    assert!(term(&terms, "FRI layer 7").is_nan());
}

#[test]
fn deep_and_ali() {
    // DEEP: (3·(2^16 + 1) + 2^16 − 1) / |F| = 262146 / 2^124 → 106.0; ALI: 1000 / 2^124.
    let terms = stark_terms(&params(1, 193, 16), &shape(16, 100), Regime::Udr);
    assert!(close(term(&terms, "DEEP"), 106.0, 0.001));
    assert!(close(term(&terms, "ALI"), 124.0 - 1000f64.log2(), 0.001));
}

#[test]
fn johnson_bound_regime_at_rate_one_half() {
    // η = max(1/40, √½/100) = 0.025, θ = 1 − 0.70711 − 0.025 = 0.26789, list 28.28,
    // m = ⌈0.70711 / 0.025⌉ = 29: ε_line(2^17) = ((2·29.5^5 + 3·29.5·θ·½)·2^17 / (3·½·√½)
    // + 29.5/√½) / |F| = 2^42.328 / 2^124.
    assert!(close(Regime::Jbr.theta(0.5), 0.267893, 1e-5));
    assert!(close(Regime::Jbr.list_size(0.5), 28.2843, 1e-3));
    assert!(close(
        Regime::Jbr.log2_line_error(0.5, 17),
        42.328 - 124.0,
        0.002
    ));
    let terms = stark_terms(&params(1, 193, 16), &shape(16, 100), Regime::Jbr);
    // 193 · −log2(0.732107) + 16 = 193 · 0.449874 + 16 = 102.826
    assert!(close(term(&terms, "queries"), 102.826, 0.002));
    // DEEP in JBR pays the list size: 106.0 − log2(28.28) = 101.18
    assert!(close(term(&terms, "DEEP"), 101.178, 0.002));
}

#[test]
fn bus_term_counts_degree_and_grinding() {
    // 2^30 fractions of 12-element tuples: (11·(2^30 − 1) + 2^30) / |F| ≈ 12·2^30 / 2^124.
    let bus = BusShape {
        fractions: 1 << 30,
        arity: 12,
        pow_bits: 0,
    };
    assert!(close(
        bus_term(&bus).bits,
        124.0 - 30.0 - 12f64.log2(),
        1e-6
    ));
    let bus = BusShape {
        pow_bits: 12,
        ..bus
    };
    assert!(close(bus_term(&bus).bits, 102.415, 0.001));
}

#[test]
fn a_proof_is_as_strong_as_its_weakest_round() {
    let bus = BusShape {
        fractions: 1 << 20,
        arity: 12,
        pow_bits: 12,
    };
    let strong = (params(1, 193, 16), shape(16, 2000));
    let wide = (params(1, 193, 16), shape(16, 4000));
    let report = assess(&[strong, strong], &bus);
    assert!(report.udr.bits >= MIN_PROVEN_BITS);
    assert_eq!(report.udr.weakest, "part 0: batching");
    assert_eq!(report.conjectured_bits, 16 + 193);
    let report = assess(&[strong, wide, strong], &bus);
    assert!(report.udr.bits < MIN_PROVEN_BITS);
    assert_eq!(report.udr.weakest, "part 1: batching");
    // The JBR figures are proven bounds too, but looser per round at this field size.
    assert!(report.jbr.bits < report.udr.bits);
    let weak_queries = (params(1, 150, 16), shape(16, 100));
    let report = assess(&[strong, weak_queries], &bus);
    assert_eq!(report.udr.weakest, "part 1: queries");
}

/// Prints the calculator's inputs for each component kind alone at 2^16 rows (the table in
/// docs/security.md): committed columns, batched functions, constraints, most openings.
#[test]
#[ignore = "prints docs/security.md's table; run by hand"]
fn air_numbers() {
    use crate::air::components::{BitOp, BranchOp, LessOp, Region};
    use crate::air::ComponentId as C;
    let kinds = [
        C::Add,
        C::Sub,
        C::AddImm,
        C::Const,
        C::Bitwise(BitOp::And),
        C::BitwiseImm(BitOp::Xor),
        C::SetLess(LessOp::Slt),
        C::SetLess(LessOp::Slti),
        C::Branch(BranchOp::Beq),
        C::Branch(BranchOp::Blt),
        C::Jalr,
        C::Lw,
        C::Lb,
        C::Sw,
        C::Sb,
        C::Slli,
        C::Sll,
        C::Sra,
        C::Mul,
        C::Mulh,
        C::Div,
        C::EcallExit,
        C::EcallReadPublic,
        C::EcallWrite,
        C::IoPublicIn,
        C::IoOutput,
        C::Program,
        C::RegBoundary,
        C::MemRegion(Region {
            base: 0x1000,
            log_size: 16,
        }),
        C::Rc16,
        C::And8,
        C::ShiftCfg,
    ];
    let base = shape::stark_shape(&[(C::Rc16, 16)], 0);
    println!("| component | columns | batched | constraints |");
    println!("|---|---:|---:|---:|");
    for id in kinds {
        let log = id.fixed_log_size().unwrap_or(16);
        let s = shape::stark_shape(&[(id, log)], 0);
        println!(
            "| {id:?} | {} | {} | {} |",
            s.columns - shape::COMPOSITION_COLUMNS as u64,
            s.batched - shape::COMPOSITION_COLUMNS as u64,
            s.constraints
        );
    }
    println!("(Rc16 alone: {base:?}; composition adds 8 columns, 8 batched)");
}

/// Part layouts assembled from per-component layouts are exactly stwo's own.
#[test]
fn assembled_layouts_match_stwos() {
    use crate::air::components::{BranchOp, Region};
    use crate::air::ComponentId as C;
    let parts: [&[(C, u32)]; 3] = [
        &[(C::Add, 17), (C::Rc16, 16), (C::And8, 16), (C::Lw, 12)],
        &[
            (C::Branch(BranchOp::Blt), 5),
            (C::Program, 9),
            (C::RegBoundary, 6),
        ],
        &[
            (
                C::MemRegion(Region {
                    base: 64,
                    log_size: 10,
                }),
                10,
            ),
            (C::ShiftCfg, 6),
            (C::Sll, 14),
            (C::EcallExit, 4),
        ],
    ];
    let mut cache = shape::LayoutCache::default();
    for part in parts {
        assert_eq!(cache.part(part, 3), shape::part_layout(part, 3), "{part:?}");
    }
}

/// Prints, for the example programs, every part's counts and its batching level (the figures
/// in docs/security.md).
#[test]
#[ignore = "prints docs/security.md's per-part figures; run by hand"]
fn example_parts() {
    use crate::emulator::Input;
    use crate::prover::{prove, ProveOptions};
    let sha: Vec<u8> = (0..2048u32).map(|i| (i * 37 % 251) as u8).collect();
    let cases: [(&str, &[u8], &[u8]); 2] = [
        (
            "fib(200000)",
            include_bytes!("../../../tests/fixtures/elf/fib.elf"),
            b"200000",
        ),
        (
            "sha256 2 KiB",
            include_bytes!("../../../tests/fixtures/elf/sha256.elf"),
            &sha,
        ),
    ];
    for (name, elf, public) in cases {
        let program = crate::Program::from_elf(elf).unwrap_or_else(|e| panic!("{e}"));
        let input = Input {
            public,
            private: b"",
        };
        let (_, proof) = prove(&program, input, &ProveOptions::default(), &mut |_, _| true)
            .unwrap_or_else(|e| panic!("{e}"));
        for (index, part) in proof.segments.iter().enumerate() {
            let s = shape::stark_shape(&part.components, proof.claim.exit_code);
            let terms = stark_terms(&crate::schedule::DEFAULT_PARAMS, &s, Regime::Udr);
            println!(
                "{name} part {index}: {} components, 2^{} rows, {} columns, {} batched, {} constraints, batching {:.2} bits",
                part.components.len(),
                s.log_trace,
                s.columns,
                s.batched,
                s.constraints,
                term(&terms, "batching")
            );
        }
    }
}
