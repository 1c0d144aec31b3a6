//! Row blocks shared by the instruction components.
//!
//! **Access** (offline memory checking): an access at timestamp `ts` to cell (space, addr)
//! uses the tuple (space, addr, prev, prev_ts) and yields (space, addr, value, ts), and proves
//! prev_ts < ts with `Rc16(ts − prev_ts − 1 − 2^16·dh)` and `And8(dh, dh, dh)` (dh a byte),
//! i.e. 0 ≤ ts − prev_ts − 1 < 2^24. Four fractions, all ×en; columns prev_ts and dh (plus
//! prev.lo, prev.hi for a write). For a read, value = prev.

use super::bus::{use_tuple, yield_tuple, Bus, Rel};
use super::witness::{Access, Lookups};
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

/// The field element `c`.
pub(crate) fn k<F: From<BaseField>>(c: u32) -> F {
    F::from(BaseField::from(c))
}

/// Range check `value ∈ [0, 2^16)`, ×en.
pub(crate) fn rc16<E: EvalAtRow>(eval: &mut E, bus: &Bus, en: &E::F, value: E::F) {
    use_tuple(eval, bus, Rel::Rc16, en.clone(), &[value]);
}

/// One memory access (see the module docs).
#[allow(clippy::too_many_arguments)]
pub(crate) fn access<E: EvalAtRow>(
    eval: &mut E,
    bus: &Bus,
    en: &E::F,
    space: u32,
    addr: E::F,
    prev: [E::F; 2],
    value: [E::F; 2],
    prev_ts: E::F,
    ts: E::F,
    dh: E::F,
) {
    let space: E::F = k(space);
    let [prev_lo, prev_hi] = prev;
    let [lo, hi] = value;
    use_tuple(
        eval,
        bus,
        Rel::Mem,
        en.clone(),
        &[
            space.clone(),
            addr.clone(),
            prev_lo,
            prev_hi,
            prev_ts.clone(),
        ],
    );
    yield_tuple(
        eval,
        bus,
        Rel::Mem,
        en.clone(),
        &[space, addr, lo, hi, ts.clone()],
    );
    let gap = ts - prev_ts - k::<E::F>(1) - dh.clone() * BaseField::from(1u32 << 16);
    use_tuple(eval, bus, Rel::Rc16, en.clone(), &[gap]);
    use_tuple(
        eval,
        bus,
        Rel::And8,
        en.clone(),
        &[dh.clone(), dh.clone(), dh],
    );
}

/// Records the lookups of [`access`] and returns its `dh` column.
pub(crate) fn fill_access(lookups: &mut Lookups, a: &Access) -> u32 {
    let gap = a.ts - a.prev_ts - 1;
    lookups.rc16(gap & 0xffff);
    let dh = gap >> 16;
    lookups.and8(dh, dh);
    dh
}

/// Low 16 bits.
pub(crate) fn lo(x: u32) -> u32 {
    x & 0xffff
}

/// High 16 bits.
pub(crate) fn hi(x: u32) -> u32 {
    x >> 16
}

/// The CTRL block: the state bus and the ROM lookup. Uses State(pc, clk), yields
/// State(next_pc, clk + 1) and uses Prog(pc, tag, fields), all ×en, and constrains en to be
/// boolean.
#[allow(clippy::too_many_arguments)]
pub(crate) fn control<E: EvalAtRow>(
    eval: &mut E,
    bus: &Bus,
    en: &E::F,
    pc: &E::F,
    clk: &E::F,
    next_pc: E::F,
    tag: u32,
    fields: &[E::F],
) {
    eval.add_constraint(en.clone() * (en.clone() - k::<E::F>(1)));
    use_tuple(
        eval,
        bus,
        Rel::State,
        en.clone(),
        &[pc.clone(), clk.clone()],
    );
    yield_tuple(
        eval,
        bus,
        Rel::State,
        en.clone(),
        &[next_pc, clk.clone() + k::<E::F>(1)],
    );
    let mut prog = vec![pc.clone(), k(tag)];
    prog.extend_from_slice(fields);
    use_tuple(eval, bus, Rel::Prog, en.clone(), &prog);
}

/// Rows to columns: pads `rows` (each of `width` values) with zero rows to `2^log_size` and
/// transposes.
pub(crate) fn columns_from_rows(
    rows: &[Vec<u32>],
    width: usize,
    log_size: u32,
) -> Vec<Vec<BaseField>> {
    let n = 1usize << log_size;
    let mut columns = vec![vec![BaseField::from(0u32); n]; width];
    for (r, row) in rows.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            columns[c][r] = BaseField::from(v);
        }
    }
    columns
}

/// The log size of a component with `rows` rows (at least 2^4, stwo's SIMD minimum).
pub(crate) fn log_size_for(rows: usize) -> u32 {
    rows.next_power_of_two().ilog2().max(4)
}
