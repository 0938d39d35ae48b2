//! The decomposable tables of the instruction set.
//!
//! Three index shapes (see [`crate::lookup::IndexKind`]):
//!
//! * **interleaved** (two 32-bit operands `x`, `y`): chunk `i` (0 = most
//!   significant) is `x_i << h | y_i`, where `x_i`, `y_i` are the `i`-th
//!   `h = log_m / 2`-bit pieces of `x`, `y`, most significant first;
//! * **shift** (operand `x`, shift amount `y`): chunk `i` is
//!   `x_i << h | (y mod 2^h)`: every chunk sees the low bits of `y`, which
//!   hold the shift amount `y mod 32` (needs `h >= 5`);
//! * **single** (one value `z < 2^64`, e.g. `x + y` or `x * y`): the `C`
//!   chunks of `z` itself.
//!
//! Interleaved and shift tables need `C * log_m = 64` (two 32-bit operands);
//! single tables keep the low 32 bits in the last `32 / log_m` chunks and
//! need `log_m` to divide 32. Every table reads **every** chunk at least
//! once, so that the lookup argument's memory checking range-checks every
//! chunk to `[0, 2^log_m)` (chunks `g` ignores get coefficient 0); together
//! with the R1CS constraint that the chunks recompose the index, this makes
//! the decomposition of the index unique.

use std::sync::Arc;

use lasso::field::Field;
use lasso::lookup::{DecomposableTable, Subtable, SubtableRead};

use crate::constants::C;
use crate::subtables::{InstructionSubtable, SubtableKind};

/// Every table of the instruction set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableId {
    // interleaved (x, y)
    And,
    Or,
    Xor,
    /// `[x < y]` unsigned
    Ltu,
    /// `[x < y]` signed
    Lt,
    /// `[x >= y]` unsigned
    Geu,
    /// `[x >= y]` signed
    Ge,
    /// `[x == y]`
    Eq,
    /// `[x != y]`
    Ne,
    /// `[x <= y]` unsigned
    Lteu,
    /// `[x < y or y == 0]`
    ValidUnsignedRemainder,
    /// `[x != 0 or y == 2^32 - 1]`
    ValidDiv0,
    /// `2^32 - 1` if `y != 0` and `sign(x) != sign(y)`, else 0
    QuotientSign,
    // shift (x, y mod 2^h)
    /// `x << (y mod 32)`
    Sll,
    /// `x >> (y mod 32)` (logical)
    Srl,
    /// `x >> (y mod 32)` (arithmetic)
    Sra,
    // single z
    /// `z mod 2^32`
    Truncate,
    /// `floor(z / 2^32) mod 2^32`
    High,
    /// `(z mod 2^32) & !1`
    JalrTarget,
    /// `2^32 - 1` if bit 31 of `z` is set, else 0
    Movsign,
    /// `[z even]`
    IsEven,
}

/// Every table, in declaration order.
pub const ALL_TABLES: [TableId; 21] = {
    use TableId::*;
    [
        And,
        Or,
        Xor,
        Ltu,
        Lt,
        Geu,
        Ge,
        Eq,
        Ne,
        Lteu,
        ValidUnsignedRemainder,
        ValidDiv0,
        QuotientSign,
        Sll,
        Srl,
        Sra,
        Truncate,
        High,
        JalrTarget,
        Movsign,
        IsEven,
    ]
};

/// The shape of a table's index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndexShape {
    Interleaved,
    Shift,
    Single,
}

impl TableId {
    pub fn name(self) -> &'static str {
        use TableId::*;
        match self {
            And => "AND",
            Or => "OR",
            Xor => "XOR",
            Ltu => "LTU",
            Lt => "LT",
            Geu => "GEU",
            Ge => "GE",
            Eq => "EQ",
            Ne => "NE",
            Lteu => "LTEU",
            ValidUnsignedRemainder => "VALID_UNSIGNED_REMAINDER",
            ValidDiv0 => "VALID_DIV0",
            QuotientSign => "QUOTIENT_SIGN",
            Sll => "SLL",
            Srl => "SRL",
            Sra => "SRA",
            Truncate => "TRUNCATE",
            High => "HIGH",
            JalrTarget => "JALR_TARGET",
            Movsign => "MOVSIGN",
            IsEven => "IS_EVEN",
        }
    }

    pub fn shape(self) -> IndexShape {
        use TableId::*;
        match self {
            Sll | Srl | Sra => IndexShape::Shift,
            Truncate | High | JalrTarget | Movsign | IsEven => IndexShape::Single,
            _ => IndexShape::Interleaved,
        }
    }

    /// The table with the default parameters ([`C`] chunks).
    pub fn table(self) -> InstructionTable {
        InstructionTable::new(self, C)
    }

    /// The table as a trait object for the lookup argument.
    pub fn decomposable<F: Field>(self) -> Arc<dyn DecomposableTable<F>> {
        Arc::new(self.table())
    }
}

/// A table of the instruction set with `c` chunks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InstructionTable {
    pub id: TableId,
    pub c: usize,
}

/// Splits an interleaved or shift index into its operand pieces: for each
/// chunk (most significant first) the pair `(x_i, y_i)` of `h`-bit halves.
pub fn operand_pieces(index: u64, c: usize, log_m: usize) -> Vec<(u64, u64)> {
    let h = log_m / 2;
    lasso::lookup::table::split_into_chunks(index, c, log_m)
        .into_iter()
        .map(|k| (k >> h, k & ((1 << h) - 1)))
        .collect()
}

/// The operands `(x, y)` of an interleaved index (no allocation).
pub fn deinterleave(index: u64, c: usize, log_m: usize) -> (u32, u32) {
    let h = log_m / 2;
    let mask_h = (1u64 << h) - 1;
    let mut x = 0u64;
    let mut y = 0u64;
    for i in 0..c {
        let chunk = index >> (log_m * (c - 1 - i));
        x = (x << h) | ((chunk >> h) & mask_h);
        y = (y << h) | (chunk & mask_h);
    }
    (x as u32, y as u32)
}

fn read(kind: SubtableKind, chunks: impl IntoIterator<Item = usize>) -> (SubtableKind, Vec<usize>) {
    (kind, chunks.into_iter().collect())
}

impl InstructionTable {
    pub fn new(id: TableId, c: usize) -> Self {
        InstructionTable { id, c }
    }

    fn check_params(&self, log_m: usize) {
        match self.id.shape() {
            IndexShape::Interleaved | IndexShape::Shift => assert!(
                self.c * log_m == 64,
                "table {}: two 32-bit operands need C * log_m = 64 (C = {}, log_m = {log_m})",
                self.id.name(),
                self.c
            ),
            IndexShape::Single => assert!(
                32 % log_m == 0 && self.c * log_m >= 32 && self.c * log_m <= 64,
                "table {}: needs log_m dividing 32 and 32 <= C * log_m <= 64 (C = {}, log_m = {log_m})",
                self.id.name(),
                self.c
            ),
        }
    }

    /// The subtable reads as kinds and chunk positions (the order `combine`
    /// expects).
    pub fn reads(&self, log_m: usize) -> Vec<(SubtableKind, Vec<usize>)> {
        use SubtableKind as S;
        use TableId::*;
        self.check_params(log_m);
        let c = self.c;
        // First chunk holding the low 32 bits of a single-operand index.
        let low = c - 32 / log_m;
        match self.id {
            And => vec![read(S::And, 0..c)],
            Or => vec![read(S::Or, 0..c)],
            Xor => vec![read(S::Xor, 0..c)],
            Ltu | Geu => vec![read(S::Ltu, 0..c), read(S::Eq, 0..c - 1)],
            Lt | Ge => vec![read(S::Lts, [0]), read(S::Ltu, 1..c), read(S::Eq, 0..c - 1)],
            Eq | Ne => vec![read(S::Eq, 0..c)],
            Lteu => vec![read(S::Ltu, 0..c), read(S::Eq, 0..c)],
            ValidUnsignedRemainder => vec![
                read(S::Ltu, 0..c),
                read(S::Eq, 0..c - 1),
                read(S::ZeroY, 0..c),
            ],
            ValidDiv0 => vec![read(S::ZeroX, 0..c), read(S::ZeroXOnesY, 0..c)],
            QuotientSign => vec![
                read(S::SignXor, [0]),
                read(S::NegXZeroY, [0]),
                read(S::ZeroY, 1..c),
            ],
            Sll => (0..c)
                .map(|i| read(S::Sll((c - 1 - i) as u8), [i]))
                .collect(),
            Srl => (0..c)
                .map(|i| read(S::Srl((c - 1 - i) as u8), [i]))
                .collect(),
            Sra => {
                let mut v: Vec<_> = (0..c)
                    .map(|i| read(S::Srl((c - 1 - i) as u8), [i]))
                    .collect();
                v.push(read(S::SraSign, [0]));
                v
            }
            Truncate | High => vec![read(S::Identity, 0..c)],
            JalrTarget => vec![read(S::ClearLsb, [c - 1]), read(S::Identity, 0..c - 1)],
            Movsign => vec![
                read(S::MsbMask, [low]),
                read(S::Identity, (0..c).filter(|&i| i != low)),
            ],
            IsEven => vec![read(S::IsEven, [c - 1]), read(S::Identity, 0..c - 1)],
        }
    }

    /// `g` on the read values (in [`InstructionTable::reads`] order).
    pub fn combine_values<F: Field>(&self, v: &[F], log_m: usize) -> F {
        use TableId::*;
        let c = self.c;
        let one = F::one();
        let word = F::from_u64((1u64 << 32) - 1);
        // sum_i LT_i prod_{j<i} EQ_j with LT values lt[i], EQ values eq[j].
        let lex_less = |lt: &[F], eq: &[F]| {
            let mut acc = F::zero();
            let mut prefix = one;
            for i in 0..c {
                acc += lt[i] * prefix;
                if i + 1 < c {
                    prefix *= eq[i];
                }
            }
            acc
        };
        let h = log_m / 2;
        let weighted = |vals: &[F], bits: usize| {
            // sum_i vals[i] * 2^(bits (c-1-i))
            let mut acc = F::zero();
            for val in vals {
                acc = acc * F::from_u64(1u64 << bits) + *val;
            }
            acc
        };
        match self.id {
            And | Or | Xor => weighted(&v[..c], h),
            Ltu => lex_less(&v[..c], &v[c..]),
            Geu => one - lex_less(&v[..c], &v[c..]),
            Lt => lex_less(&v[..c], &v[c..]),
            Ge => one - lex_less(&v[..c], &v[c..]),
            Eq => v.iter().copied().product(),
            Ne => one - v.iter().copied().product::<F>(),
            Lteu => {
                lex_less(&v[..c], &v[c..2 * c - 1]) + v[c..2 * c].iter().copied().product::<F>()
            }
            ValidUnsignedRemainder => {
                lex_less(&v[..c], &v[c..2 * c - 1])
                    + v[2 * c - 1..3 * c - 1].iter().copied().product::<F>()
            }
            ValidDiv0 => {
                one - v[..c].iter().copied().product::<F>()
                    + v[c..2 * c].iter().copied().product::<F>()
            }
            QuotientSign => word * (v[0] - v[1] * v[2..].iter().copied().product::<F>()),
            Sll | Srl | Sra => v.iter().copied().sum(),
            Truncate => {
                let low = c - 32 / log_m;
                weighted(&v[low..c], log_m)
            }
            High => {
                // bits 32..64 of z: chunks whose position is below `low`,
                // each weighted by its place above bit 32.
                let low = c - 32 / log_m;
                weighted(&v[..low], log_m)
            }
            JalrTarget => {
                // v[0] = clear_lsb(last chunk), v[1..] = chunks 0..c-1.
                let low = c - 32 / log_m;
                weighted(&v[1 + low..], log_m) * F::from_u64(1u64 << log_m) + v[0]
            }
            Movsign => v[0],
            IsEven => v[0],
        }
    }

    /// Total degree of `g`.
    pub fn degree(&self) -> usize {
        use TableId::*;
        match self.id {
            And | Or | Xor | Sll | Srl | Sra | Truncate | High | JalrTarget | Movsign | IsEven => 1,
            Ltu
            | Geu
            | Lt
            | Ge
            | Eq
            | Ne
            | Lteu
            | ValidUnsignedRemainder
            | ValidDiv0
            | QuotientSign => self.c,
        }
    }

    /// The table entry at `index`, computed directly from the operands.
    pub fn entry(&self, index: u64, log_m: usize) -> u64 {
        use TableId::*;
        self.check_params(log_m);
        let c = self.c;
        let h = log_m / 2;
        let word = (1u64 << 32) - 1;
        match self.id.shape() {
            IndexShape::Interleaved => {
                let (x, y) = deinterleave(index, c, log_m);
                let (sx, sy) = (x as i32, y as i32);
                match self.id {
                    And => (x & y) as u64,
                    Or => (x | y) as u64,
                    Xor => (x ^ y) as u64,
                    Ltu => (x < y) as u64,
                    Lt => (sx < sy) as u64,
                    Geu => (x >= y) as u64,
                    Ge => (sx >= sy) as u64,
                    Eq => (x == y) as u64,
                    Ne => (x != y) as u64,
                    Lteu => (x <= y) as u64,
                    ValidUnsignedRemainder => (y == 0 || x < y) as u64,
                    ValidDiv0 => (x != 0 || y == u32::MAX) as u64,
                    QuotientSign => {
                        if y != 0 && (sx < 0) != (sy < 0) {
                            word
                        } else {
                            0
                        }
                    }
                    _ => unreachable!(),
                }
            }
            IndexShape::Shift => {
                // Each chunk shifts by its own y-piece; the R1CS makes them
                // all equal to y mod 2^h, and then this is x shifted by y.
                let mask_h = (1u64 << h) - 1;
                let mut acc = 0u64;
                let mut sign_fill = 0u64;
                for i in 0..c {
                    let chunk = (index >> (log_m * (c - 1 - i))) & ((1u64 << log_m) - 1);
                    let (a, s) = (chunk >> h, (chunk & mask_h) % 32);
                    let part = a << (h * (c - 1 - i));
                    acc += match self.id {
                        Sll => (part << s) & word,
                        _ => part >> s,
                    };
                    if i == 0 && self.id == Sra && (a >> (h - 1)) & 1 == 1 && s > 0 {
                        sign_fill = word - ((1u64 << (32 - s)) - 1);
                    }
                }
                acc + sign_fill
            }
            IndexShape::Single => match self.id {
                Truncate => index & word,
                High => (index >> 32) & word,
                JalrTarget => index & word & !1,
                Movsign => ((index >> 31) & 1) * word,
                IsEven => 1 - (index & 1),
                _ => unreachable!(),
            },
        }
    }
}

impl<F: Field> DecomposableTable<F> for InstructionTable {
    fn name(&self) -> String {
        self.id.name().to_string()
    }

    fn num_chunks(&self) -> usize {
        self.c
    }

    fn subtable_reads(&self, log_m: usize) -> Vec<SubtableRead<F>> {
        self.reads(log_m)
            .into_iter()
            .map(|(kind, chunks)| SubtableRead {
                subtable: Arc::new(InstructionSubtable(kind)) as Arc<dyn Subtable<F>>,
                chunks,
            })
            .collect()
    }

    fn combine(&self, values: &[F], log_m: usize) -> F {
        self.combine_values(values, log_m)
    }

    fn g_degree(&self) -> usize {
        self.degree()
    }

    fn evaluate(&self, index: u64, log_m: usize) -> u64 {
        self.entry(index, log_m)
    }
}
