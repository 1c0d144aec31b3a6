//! Shift configurations: how a shift by s < 32 is described to a row without arithmetic on s
//! (an AND mask and a multiplier at the whole-byte offset; `components::shift` explains the
//! arithmetic). The ROM encodes immediate shifts with them and the fixed ShiftCfg table holds
//! all 64, so both sit below the shift component.

/// A shift configuration (see `components::shift`): the AND mask and the multipliers p0..p3.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ShiftConfig {
    pub mask: u32,
    pub p: [u32; 4],
}

/// The configuration of a shift by `s` (taken mod 32) to the right (`right`) or the left.
pub(crate) fn config(right: bool, s: u32) -> ShiftConfig {
    let (whole_bytes, bits) = ((s & 31) >> 3, s & 7);
    let (mask, multiplier) = if right {
        ((0xff << bits) & 0xff, 1 << (8 - bits))
    } else {
        ((0xff << (8 - bits)) & 0xff, 1 << bits)
    };
    let mut p = [0; 4];
    p[whole_bytes as usize] = multiplier;
    ShiftConfig { mask, p }
}
