//! Opcodes and the instruction families they belong to.

/// Every operation the emulator knows. All of RV32I (FENCE executes as a no-op) and the M
/// extension; `Ebreak` and `Invalid` decode but fail when executed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum Opcode {
    // RV32I register-register.
    Add,
    Sub,
    Sll,
    Slt,
    Sltu,
    Xor,
    Srl,
    Sra,
    Or,
    And,
    // RV32I register-immediate.
    Addi,
    Slti,
    Sltiu,
    Xori,
    Ori,
    Andi,
    Slli,
    Srli,
    Srai,
    // Upper immediates and jumps.
    Lui,
    Auipc,
    Jal,
    Jalr,
    // Branches.
    Beq,
    Bne,
    Blt,
    Bge,
    Bltu,
    Bgeu,
    // Loads and stores.
    Lb,
    Lh,
    Lw,
    Lbu,
    Lhu,
    Sb,
    Sh,
    Sw,
    // System.
    Fence,
    Ecall,
    Ebreak,
    // M extension.
    Mul,
    Mulh,
    Mulhsu,
    Mulhu,
    Div,
    Divu,
    Rem,
    Remu,
    /// A word in the code that is not an RV32IM instruction; `imm` holds the word.
    Invalid,
}

/// Instruction families: the unit the emulator counts rows in and the prover builds one AIR
/// component for. The split follows `air-blueprint.md` §3: each family needs only its own
/// columns. System calls are split by call number because each call has its own component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Family {
    /// ADD, SUB.
    AddSub,
    /// ADDI.
    AddImm,
    /// AND, OR, XOR.
    Bitwise,
    /// ANDI, ORI, XORI.
    BitwiseImm,
    /// SLL, SRL, SRA.
    ShiftReg,
    /// SLLI, SRLI, SRAI.
    ShiftImm,
    /// SLT, SLTU.
    SetLess,
    /// SLTI, SLTIU.
    SetLessImm,
    /// BEQ, BNE.
    BranchEq,
    /// BLT, BGE, BLTU, BGEU.
    BranchCmp,
    /// LUI, AUIPC, JAL and FENCE: rows that write a value known from the program alone.
    Const,
    /// JALR.
    Jalr,
    /// LW.
    LoadWord,
    /// LB, LBU, LH, LHU.
    LoadSub,
    /// SW.
    StoreWord,
    /// SB, SH.
    StoreSub,
    /// MUL.
    Mul,
    /// MULH, MULHSU, MULHU.
    MulHigh,
    /// DIV, DIVU, REM, REMU.
    DivRem,
    /// ECALL with a7 = 93.
    EcallExit,
    /// ECALL with a7 = 63.
    EcallRead,
    /// ECALL with a7 = 64.
    EcallWrite,
    /// EBREAK and invalid words: never executed successfully, so never proven.
    Unprovable,
}

impl Family {
    /// Number of families.
    pub const COUNT: usize = Family::Unprovable as usize + 1;

    /// All families, in order.
    pub const ALL: [Family; Family::COUNT] = [
        Family::AddSub,
        Family::AddImm,
        Family::Bitwise,
        Family::BitwiseImm,
        Family::ShiftReg,
        Family::ShiftImm,
        Family::SetLess,
        Family::SetLessImm,
        Family::BranchEq,
        Family::BranchCmp,
        Family::Const,
        Family::Jalr,
        Family::LoadWord,
        Family::LoadSub,
        Family::StoreWord,
        Family::StoreSub,
        Family::Mul,
        Family::MulHigh,
        Family::DivRem,
        Family::EcallExit,
        Family::EcallRead,
        Family::EcallWrite,
        Family::Unprovable,
    ];

    /// A short lower-case name, for reports.
    pub const fn name(self) -> &'static str {
        match self {
            Family::AddSub => "add_sub",
            Family::AddImm => "add_imm",
            Family::Bitwise => "bitwise",
            Family::BitwiseImm => "bitwise_imm",
            Family::ShiftReg => "shift_reg",
            Family::ShiftImm => "shift_imm",
            Family::SetLess => "set_less",
            Family::SetLessImm => "set_less_imm",
            Family::BranchEq => "branch_eq",
            Family::BranchCmp => "branch_cmp",
            Family::Const => "const",
            Family::Jalr => "jalr",
            Family::LoadWord => "load_word",
            Family::LoadSub => "load_sub",
            Family::StoreWord => "store_word",
            Family::StoreSub => "store_sub",
            Family::Mul => "mul",
            Family::MulHigh => "mul_high",
            Family::DivRem => "div_rem",
            Family::EcallExit => "ecall_exit",
            Family::EcallRead => "ecall_read",
            Family::EcallWrite => "ecall_write",
            Family::Unprovable => "unprovable",
        }
    }
}

impl Opcode {
    /// The family this opcode's rows live in. ECALL is reported as [`Family::EcallExit`] here;
    /// the emulator files each executed ECALL under the family of its call number.
    pub const fn family(self) -> Family {
        use Opcode::*;
        match self {
            Add | Sub => Family::AddSub,
            Addi => Family::AddImm,
            And | Or | Xor => Family::Bitwise,
            Andi | Ori | Xori => Family::BitwiseImm,
            Sll | Srl | Sra => Family::ShiftReg,
            Slli | Srli | Srai => Family::ShiftImm,
            Slt | Sltu => Family::SetLess,
            Slti | Sltiu => Family::SetLessImm,
            Beq | Bne => Family::BranchEq,
            Blt | Bge | Bltu | Bgeu => Family::BranchCmp,
            Lui | Auipc | Jal | Fence => Family::Const,
            Jalr => Family::Jalr,
            Lw => Family::LoadWord,
            Lb | Lh | Lbu | Lhu => Family::LoadSub,
            Sw => Family::StoreWord,
            Sb | Sh => Family::StoreSub,
            Mul => Family::Mul,
            Mulh | Mulhsu | Mulhu => Family::MulHigh,
            Div | Divu | Rem | Remu => Family::DivRem,
            Ecall => Family::EcallExit,
            Ebreak | Invalid => Family::Unprovable,
        }
    }

    /// The assembler mnemonic.
    pub const fn mnemonic(self) -> &'static str {
        use Opcode::*;
        match self {
            Add => "add",
            Sub => "sub",
            Sll => "sll",
            Slt => "slt",
            Sltu => "sltu",
            Xor => "xor",
            Srl => "srl",
            Sra => "sra",
            Or => "or",
            And => "and",
            Addi => "addi",
            Slti => "slti",
            Sltiu => "sltiu",
            Xori => "xori",
            Ori => "ori",
            Andi => "andi",
            Slli => "slli",
            Srli => "srli",
            Srai => "srai",
            Lui => "lui",
            Auipc => "auipc",
            Jal => "jal",
            Jalr => "jalr",
            Beq => "beq",
            Bne => "bne",
            Blt => "blt",
            Bge => "bge",
            Bltu => "bltu",
            Bgeu => "bgeu",
            Lb => "lb",
            Lh => "lh",
            Lw => "lw",
            Lbu => "lbu",
            Lhu => "lhu",
            Sb => "sb",
            Sh => "sh",
            Sw => "sw",
            Fence => "fence",
            Ecall => "ecall",
            Ebreak => "ebreak",
            Mul => "mul",
            Mulh => "mulh",
            Mulhsu => "mulhsu",
            Mulhu => "mulhu",
            Div => "div",
            Divu => "divu",
            Rem => "rem",
            Remu => "remu",
            Invalid => "invalid",
        }
    }
}
