//! The register space of the memory argument (space 0 of `Rel::Mem`): which cell holds what.
//! Instruction, I/O and boundary components, the witness builder and the verifier's public
//! terms all read this map, so it lives below them.
//!
//! | cells | meaning | initial value (verifier) |
//! |---|---|---|
//! | 0..31 | x0..x31 (x0 is never written) | 0, and `STACK_TOP` for x2 |
//! | 32 | the sink: writes to x0 go here | 0 |
//! | 33 | public input: bytes left | the input's length |
//! | 34 | private input: 0, then bytes left + [`PRIVATE_STARTED`] | 0 |
//! | 35, 36 | public output and debug text: length so far | 0 |
//! | 37..63 | unused | 0 |

/// Register cells in the AIR: x0..x31, the sink (32) and the stream cells, up to 63.
pub const REG_CELLS: usize = 64;

/// The register that writes to x0 go to: x0 itself is never written, so it stays zero.
pub const SINK_REG: u32 = 32;

/// Register cell holding how many bytes of the public input are left (starts at the input's
/// length: the verifier yields that initial value). A canonical word below 2^24.
pub(crate) const PUBLIC_INPUT_REG: u32 = 33;
/// Register cell of the private input: 0 until the first private read, then
/// (bytes left) + [`PRIVATE_STARTED`] (a canonical word: the flag is bit 8 of the high limb).
pub(crate) const PRIVATE_INPUT_REG: u32 = 34;
/// Register cell holding the length of the public output so far (starts at 0).
pub(crate) const OUTPUT_REG: u32 = 35;
/// Register cell holding the length of the debug text so far (starts at 0).
pub(crate) const DEBUG_REG: u32 = 36;
/// The flag the private-input register carries once the private length is fixed.
pub(crate) const PRIVATE_STARTED: u32 = 1 << 24;
