//! The fixed (preprocessed) columns: lookup tables whose contents every proof shares.
//!
//! Columns are stored in "storage order": row i of a component is index i of every one of its
//! columns. Our constraints never look at neighbouring rows, so the order is free.

use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::preprocessed_columns::PreProcessedColumnId;

/// One fixed column: its name, log size and the value of each row.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FixedColumn {
    pub name: &'static str,
    pub log_size: u32,
    pub value: fn(usize) -> u32,
}

/// `seq_16`: 0..2^16, the Rc16 table.
pub(crate) const SEQ_16: FixedColumn = FixedColumn {
    name: "seq_16",
    log_size: 16,
    value: |i| i as u32,
};
/// `and8_x`, `and8_y`, `and8_z`: every byte pair and its AND, the And8 table.
pub(crate) const AND8_X: FixedColumn = FixedColumn {
    name: "and8_x",
    log_size: 16,
    value: |i| (i & 0xff) as u32,
};
/// See [`AND8_X`].
pub(crate) const AND8_Y: FixedColumn = FixedColumn {
    name: "and8_y",
    log_size: 16,
    value: |i| (i >> 8) as u32,
};
/// See [`AND8_X`].
pub(crate) const AND8_Z: FixedColumn = FixedColumn {
    name: "and8_z",
    log_size: 16,
    value: |i| ((i & 0xff) & (i >> 8)) as u32,
};
/// `seq_6`: 0..64, the register numbers of the register boundary.
pub(crate) const SEQ_6: FixedColumn = FixedColumn {
    name: "seq_6",
    log_size: 6,
    value: |i| i as u32,
};

/// `shift_cfg_dir`, `shift_cfg_s`, `shift_cfg_mask`, `shift_cfg_p0..3`: the ShiftCfg table, row
/// 32·dir + s holds the configuration of a shift by s (dir 0 left, 1 right; see
/// `components::shift::config`).
pub(crate) const SHIFT_CFG_DIR: FixedColumn = FixedColumn {
    name: "shift_cfg_dir",
    log_size: 6,
    value: |i| (i >> 5) as u32,
};
/// See [`SHIFT_CFG_DIR`].
pub(crate) const SHIFT_CFG_S: FixedColumn = FixedColumn {
    name: "shift_cfg_s",
    log_size: 6,
    value: |i| (i & 31) as u32,
};
/// See [`SHIFT_CFG_DIR`].
pub(crate) const SHIFT_CFG_MASK: FixedColumn = FixedColumn {
    name: "shift_cfg_mask",
    log_size: 6,
    value: |i| shift_cfg(i).mask,
};
/// See [`SHIFT_CFG_DIR`].
pub(crate) const SHIFT_CFG_P0: FixedColumn = FixedColumn {
    name: "shift_cfg_p0",
    log_size: 6,
    value: |i| shift_cfg(i).p[0],
};
/// See [`SHIFT_CFG_DIR`].
pub(crate) const SHIFT_CFG_P1: FixedColumn = FixedColumn {
    name: "shift_cfg_p1",
    log_size: 6,
    value: |i| shift_cfg(i).p[1],
};
/// See [`SHIFT_CFG_DIR`].
pub(crate) const SHIFT_CFG_P2: FixedColumn = FixedColumn {
    name: "shift_cfg_p2",
    log_size: 6,
    value: |i| shift_cfg(i).p[2],
};
/// See [`SHIFT_CFG_DIR`].
pub(crate) const SHIFT_CFG_P3: FixedColumn = FixedColumn {
    name: "shift_cfg_p3",
    log_size: 6,
    value: |i| shift_cfg(i).p[3],
};

fn shift_cfg(row: usize) -> super::components::shift::ShiftConfig {
    super::components::shift::config(row >= 32, (row & 31) as u32)
}

/// Every fixed column, in the order tree 0 commits them.
pub(crate) const FIXED_COLUMNS: [FixedColumn; 12] = [
    SEQ_16,
    AND8_X,
    AND8_Y,
    AND8_Z,
    SEQ_6,
    SHIFT_CFG_DIR,
    SHIFT_CFG_S,
    SHIFT_CFG_MASK,
    SHIFT_CFG_P0,
    SHIFT_CFG_P1,
    SHIFT_CFG_P2,
    SHIFT_CFG_P3,
];

impl FixedColumn {
    /// The id components read it by.
    pub(crate) fn id(&self) -> PreProcessedColumnId {
        PreProcessedColumnId {
            id: self.name.to_string(),
        }
    }
}

/// The ids of all fixed columns, in commitment order.
pub(crate) fn column_ids() -> Vec<PreProcessedColumnId> {
    FIXED_COLUMNS.iter().map(FixedColumn::id).collect()
}

/// Fixed column values, looked up by name.
#[derive(Debug, Default)]
pub(crate) struct Preprocessed {
    #[cfg(feature = "prover")]
    packed: Vec<(
        &'static str,
        stwo::prover::backend::simd::column::BaseColumn,
    )>,
}

impl Preprocessed {
    /// All fixed columns (about 1 MiB).
    pub(crate) fn new() -> Preprocessed {
        #[cfg(feature = "prover")]
        {
            let packed = FIXED_COLUMNS
                .iter()
                .map(|c| {
                    let values = (0..1usize << c.log_size).map(|i| BaseField::from((c.value)(i)));
                    (c.name, values.collect())
                })
                .collect();
            Preprocessed { packed }
        }
        #[cfg(not(feature = "prover"))]
        Preprocessed {}
    }

    fn column(name: &str) -> Option<&'static FixedColumn> {
        FIXED_COLUMNS.iter().find(|c| c.name == name)
    }

    /// The value of column `name` at `row`, for a component of `log_size` rows (the column and
    /// the component must have the same size).
    pub(crate) fn value(&self, name: &str, log_size: u32, row: usize) -> BaseField {
        match Self::column(name) {
            Some(c) if c.log_size == log_size => BaseField::from((c.value)(row)),
            _ => BaseField::from(0u32),
        }
    }

    /// Sixteen rows of column `name`, starting at row `16 · vec_row`.
    #[cfg(feature = "prover")]
    pub(crate) fn packed(
        &self,
        name: &str,
        log_size: u32,
        vec_row: usize,
    ) -> stwo::prover::backend::simd::m31::PackedM31 {
        use stwo::prover::backend::Column;
        let found = self
            .packed
            .iter()
            .find(|(n, c)| *n == name && c.len() == 1 << log_size);
        found.map_or_else(
            || stwo::prover::backend::simd::m31::PackedM31::broadcast(BaseField::from(0u32)),
            |(_, c)| c.data[vec_row],
        )
    }

    /// The columns as trace evaluations for tree 0, in commitment order.
    #[cfg(feature = "prover")]
    pub(crate) fn trace(&self) -> Vec<crate::prover::TraceColumn> {
        use stwo::core::poly::circle::CanonicCoset;
        use stwo::prover::backend::Column;
        use stwo::prover::poly::circle::CircleEvaluation;
        self.packed
            .iter()
            .map(|(_, column)| {
                let log_size = column.len().ilog2();
                CircleEvaluation::new(CanonicCoset::new(log_size).circle_domain(), column.clone())
            })
            .collect()
    }
}

/// The Merkle root of the fixed columns (tree 0) for each lifting log size a proof can have
/// (largest component 16..=24, plus the blowup), so a verifier need not recompute them.
/// Regenerate with `cargo test --release -p pocketvm-core --lib print_fixed_roots -- --ignored
/// --nocapture` after changing a fixed column; `fixed_roots_match` checks the smallest two.
pub(crate) const FIXED_ROOTS: [(u32, [u8; 32]); 9] = [
    (
        17,
        [
            66, 21, 41, 26, 213, 36, 94, 142, 105, 53, 42, 98, 189, 213, 10, 136, 69, 188, 235,
            135, 234, 211, 36, 70, 128, 189, 28, 105, 19, 207, 111, 151,
        ],
    ),
    (
        18,
        [
            149, 168, 93, 164, 186, 181, 77, 84, 240, 253, 151, 191, 236, 110, 162, 112, 95, 146,
            7, 176, 108, 122, 20, 235, 194, 71, 106, 137, 118, 211, 110, 120,
        ],
    ),
    (
        19,
        [
            6, 237, 74, 15, 45, 116, 48, 243, 234, 191, 130, 236, 17, 154, 232, 134, 44, 173, 226,
            80, 30, 171, 86, 74, 105, 168, 152, 255, 4, 116, 118, 136,
        ],
    ),
    (
        20,
        [
            44, 17, 177, 110, 45, 39, 141, 245, 216, 172, 198, 137, 76, 247, 160, 171, 41, 206,
            127, 107, 130, 82, 174, 16, 81, 225, 178, 97, 54, 154, 139, 76,
        ],
    ),
    (
        21,
        [
            182, 52, 232, 28, 115, 242, 2, 13, 203, 74, 198, 95, 236, 128, 164, 157, 186, 164, 181,
            251, 246, 37, 184, 55, 64, 188, 7, 124, 201, 89, 96, 142,
        ],
    ),
    (
        22,
        [
            183, 241, 126, 17, 37, 91, 187, 175, 232, 30, 250, 54, 38, 1, 175, 101, 72, 147, 107,
            195, 45, 132, 22, 220, 207, 224, 177, 113, 101, 65, 187, 225,
        ],
    ),
    (
        23,
        [
            110, 129, 230, 116, 177, 64, 92, 121, 177, 68, 85, 175, 212, 137, 93, 255, 102, 66, 68,
            92, 143, 62, 6, 205, 21, 107, 235, 229, 218, 84, 245, 190,
        ],
    ),
    (
        24,
        [
            54, 150, 5, 166, 166, 14, 178, 43, 89, 248, 73, 29, 190, 68, 9, 141, 158, 23, 186, 238,
            144, 171, 46, 32, 190, 252, 115, 222, 176, 158, 164, 121,
        ],
    ),
    (
        25,
        [
            114, 39, 39, 124, 251, 211, 133, 232, 199, 190, 217, 81, 124, 129, 25, 129, 133, 253,
            197, 28, 11, 47, 180, 72, 213, 177, 45, 0, 135, 114, 73, 128,
        ],
    ),
];

/// The fixed-table root for a lifting log size, if it is in [`FIXED_ROOTS`].
pub(crate) fn fixed_root(lifting_log_size: u32) -> Option<[u8; 32]> {
    FIXED_ROOTS
        .iter()
        .find(|(l, _)| *l == lifting_log_size)
        .map(|(_, r)| *r)
}
