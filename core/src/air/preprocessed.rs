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

fn shift_cfg(row: usize) -> super::shift_config::ShiftConfig {
    super::shift_config::config(row >= 32, (row & 31) as u32)
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

/// The Merkle root of the fixed columns (tree 0) for each (log blowup, lifting log size) a proof
/// can have (largest component 16..=24, plus the blowup, at most `schedule::limits::LIFTING`), so
/// a verifier need not recompute them. Regenerate with `cargo test --release -p pocketvm-core
/// --lib print_fixed_roots -- --ignored --nocapture` after changing a fixed column;
/// `fixed_roots_match` checks the smallest ones of each blowup.
pub(crate) const FIXED_ROOTS: &[(u32, u32, &str)] = &[
    (
        1,
        17,
        "4215291ad5245e8e69352a62bdd50a8845bceb87ead3244680bd1c6913cf6f97",
    ),
    (
        1,
        18,
        "95a85da4bab54d54f0fd97bfec6ea2705f9207b06c7a14ebc2476a8976d36e78",
    ),
    (
        1,
        19,
        "06ed4a0f2d7430f3eabf82ec119ae8862cade2501eab564a69a898ff04747688",
    ),
    (
        1,
        20,
        "2c11b16e2d278df5d8acc6894cf7a0ab29ce7f6b8252ae1051e1b261369a8b4c",
    ),
    (
        1,
        21,
        "b634e81c73f2020dcb4ac65fec80a49dbaa4b5fbf625b83740bc077cc959608e",
    ),
    (
        1,
        22,
        "b7f17e11255bbbafe81efa362601af6548936bc32d8416dccfe0b1716541bbe1",
    ),
    (
        1,
        23,
        "6e81e674b1405c79b14455afd4895dff6642445c8f3e06cd156bebe5da54f5be",
    ),
    (
        1,
        24,
        "369605a6a60eb22b59f8491dbe44098d9e17baee90ab2e20befc73deb09ea479",
    ),
    (
        1,
        25,
        "7227277cfbd385e8c7bed9517c81198185fdc51c0b2fb448d5b12d0087724980",
    ),
    (
        2,
        18,
        "1b0a601bcb9a802c8e538c78ad5f5ee19de7e5a40a4b0fc869acc045302f79d2",
    ),
    (
        2,
        19,
        "1ce09db749f26089dffe3a9001df14ab0fcb719485de483a2919138492a5ffdf",
    ),
    (
        2,
        20,
        "6bc4600ecc41a48e1e74bd7b655f9cc302cdfa7520cef47f58f2a2848089841c",
    ),
    (
        2,
        21,
        "e4266b7d22cd4414c4ce69d57de02f45622d558119294aa6297dab0ac42686fa",
    ),
    (
        2,
        22,
        "0d27fe9c7cedf5a44759a8aa9aad4f74f096b036a1dd41e4313d81a6ffc05188",
    ),
    (
        2,
        23,
        "c39961ba7c66a555242b01c485df3f7fb18c861c75ea087863c5538532c39bb6",
    ),
    (
        2,
        24,
        "6f665dacea910fdfce224da17a0568ffe2efdd0303ed2fab3662bb4e8ab4782b",
    ),
    (
        2,
        25,
        "0af5023513ca3dcabc7e18b3fb0cdb6a3411f34be03e4096799d5c88702a79db",
    ),
    (
        3,
        19,
        "6d57120d666815a0f3b53d9ec13fda6c90bbe2079a32a4d2038be077c4db6095",
    ),
    (
        3,
        20,
        "cd702593bcb1f1848cd729b0acdfe53a568a29d5bb97422acff16afaf57ec880",
    ),
    (
        3,
        21,
        "489f753dbbb692503d0dbe3375f5205cfee8c1a65dcb7ae6b1ecbef00f2e04e7",
    ),
    (
        3,
        22,
        "610b71352354da79af61061bd440f559f5cc8137e7d499a0e707399387374bbc",
    ),
    (
        3,
        23,
        "9a9dcf32cd7fcab6ebeaf3befaea3139ac02c68bd2bcc6f752c1e99667faa1d0",
    ),
    (
        3,
        24,
        "f86bafac1ea5227496d6b81daa1ce9189ca3d311b7ea050075182e7c6644c5a3",
    ),
    (
        3,
        25,
        "307845f486a4d157b6fbfeb5440fdac08387738c51cf90adcc42a76aab6b3605",
    ),
];

/// The fixed-table root for a blowup and lifting log size, if it is in [`FIXED_ROOTS`].
pub(crate) fn fixed_root(log_blowup: u32, lifting_log_size: u32) -> Option<[u8; 32]> {
    let (_, _, hex) = FIXED_ROOTS
        .iter()
        .find(|(b, l, _)| *b == log_blowup && *l == lifting_log_size)?;
    let mut root = [0u8; 32];
    for (byte, pair) in root.iter_mut().zip(hex.as_bytes().chunks(2)) {
        let text = core::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(text, 16).ok()?;
    }
    Some(root)
}
