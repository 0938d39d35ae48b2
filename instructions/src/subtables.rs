//! The subtables every instruction table reads.
//!
//! A subtable has `M = 2^log_m` entries indexed by a chunk `k`. Two-operand
//! subtables read `k` as `a || b`: `a = k >> h` is the first operand's piece
//! and `b = k mod 2^h` the second's, `h = log_m / 2`. Single-operand
//! subtables read `k` whole. Every subtable's multilinear extension is
//! evaluated in `O(log M)` field operations (the shift subtables in
//! `O(32 log M)`: a sum over the 32 shift amounts).
//!
//! Variable order of [`Subtable::evaluate_mle`]: `point[0]` is the most
//! significant bit of `k`, so bit `j` (LSB = 0) of `a` is `point[h - 1 - j]`
//! and bit `j` of `b` is `point[2h - 1 - j]`.

use lasso::field::Field;
use lasso::lookup::Subtable;

/// Which subtable (with its parameter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SubtableKind {
    /// `a & b`
    And,
    /// `a | b`
    Or,
    /// `a ^ b`
    Xor,
    /// `[a < b]` (unsigned)
    Ltu,
    /// `[a < b]` with `a`, `b` read as `h`-bit two's complement numbers
    /// (used on the most significant chunk of signed comparisons).
    Lts,
    /// `[a == b]`
    Eq,
    /// `[b == 0]`
    ZeroY,
    /// `[a == 0]`
    ZeroX,
    /// `[a == 0 and b == 2^h - 1]`
    ZeroXOnesY,
    /// `[msb(a) != msb(b)]`
    SignXor,
    /// `[msb(a) == 1 and b == 0]`
    NegXZeroY,
    /// `((a << h j) << (b mod 32)) mod 2^32`: the part of `x << s` that the
    /// operand piece `j` chunks from the least significant one contributes.
    Sll(u8),
    /// `(a << h j) >> (b mod 32)`: the same for `x >> s` (logical).
    Srl(u8),
    /// `msb(a) * (2^32 - 2^(32 - s))` for `s = b mod 32` (0 when `s = 0`):
    /// the sign fill of an arithmetic right shift.
    SraSign,
    /// `k` (single operand).
    Identity,
    /// `(2^32 - 1) * msb(k)` (single operand): the sign mask of a word whose
    /// top chunk is `k`.
    MsbMask,
    /// `k & !1` (single operand).
    ClearLsb,
    /// `[k even]` (single operand).
    IsEven,
    /// `a`: the first operand's piece of the chunk. Read by no table; the
    /// R1CS reads it (with [`SubtableKind::OperandY`]) at every chunk to
    /// recover the operands' bytes of an interleaved or shift index, each
    /// proven below `2^h` by the lookup argument's memory checking.
    OperandX,
    /// `b`: the second operand's piece of the chunk (see
    /// [`SubtableKind::OperandX`]).
    OperandY,
}

/// Every subtable kind used with the default parameters (`C = 4`).
pub fn all_subtables() -> Vec<SubtableKind> {
    use SubtableKind::*;
    let mut v = vec![
        And, Or, Xor, Ltu, Lts, Eq, ZeroY, ZeroX, ZeroXOnesY, SignXor, NegXZeroY, SraSign,
        Identity, MsbMask, ClearLsb, IsEven, OperandX, OperandY,
    ];
    for j in 0..crate::constants::C as u8 {
        v.push(Sll(j));
        v.push(Srl(j));
    }
    v
}

impl SubtableKind {
    /// The unique name (includes the parameter).
    pub fn name(self) -> String {
        use SubtableKind::*;
        match self {
            And => "and".into(),
            Or => "or".into(),
            Xor => "xor".into(),
            Ltu => "ltu".into(),
            Lts => "lts".into(),
            Eq => "eq".into(),
            ZeroY => "zero_y".into(),
            ZeroX => "zero_x".into(),
            ZeroXOnesY => "zero_x_ones_y".into(),
            SignXor => "sign_xor".into(),
            NegXZeroY => "neg_x_zero_y".into(),
            Sll(j) => format!("sll_{j}"),
            Srl(j) => format!("srl_{j}"),
            SraSign => "sra_sign".into(),
            Identity => "identity".into(),
            MsbMask => "msb_mask".into(),
            ClearLsb => "clear_lsb".into(),
            IsEven => "is_even".into(),
            OperandX => "operand_x".into(),
            OperandY => "operand_y".into(),
        }
    }

    fn check_params(self, log_m: usize) {
        use SubtableKind::*;
        assert!(
            (2..=16).contains(&log_m) && log_m & 1 == 0,
            "subtable {}: log_m = {log_m} must be even and at most 16",
            self.name()
        );
        if matches!(self, Sll(_) | Srl(_) | SraSign) {
            assert!(
                log_m >= 10,
                "subtable {}: shifts need the low 5 bits of the shift amount in each chunk, so log_m >= 10 (got {log_m})",
                self.name()
            );
        }
    }

    /// The entry `T[k]` for `k < 2^log_m`.
    pub fn entry(self, k: u64, log_m: usize) -> u64 {
        use SubtableKind::*;
        let h = log_m / 2;
        let mask_h = (1u64 << h) - 1;
        let (a, b) = (k >> h, k & mask_h);
        let msb = |v: u64| (v >> (h - 1)) & 1;
        let word = (1u64 << 32) - 1;
        match self {
            And => a & b,
            Or => a | b,
            Xor => a ^ b,
            Ltu => (a < b) as u64,
            Lts => {
                let sa = a as i64 - ((msb(a) as i64) << h);
                let sb = b as i64 - ((msb(b) as i64) << h);
                (sa < sb) as u64
            }
            Eq => (a == b) as u64,
            ZeroY => (b == 0) as u64,
            ZeroX => (a == 0) as u64,
            ZeroXOnesY => (a == 0 && b == mask_h) as u64,
            SignXor => msb(a) ^ msb(b),
            NegXZeroY => (msb(a) == 1 && b == 0) as u64,
            Sll(j) => ((a << (h * j as usize)) << (b % 32)) & word,
            Srl(j) => (a << (h * j as usize)) >> (b % 32),
            SraSign => {
                let s = b % 32;
                if msb(a) == 1 && s > 0 {
                    word - ((1u64 << (32 - s)) - 1)
                } else {
                    0
                }
            }
            Identity => k,
            MsbMask => ((k >> (log_m - 1)) & 1) * word,
            ClearLsb => k & !1,
            IsEven => 1 - (k & 1),
            OperandX => a,
            OperandY => b,
        }
    }

    /// The multilinear extension at `point` (`point[0]` = MSB of `k`).
    pub fn mle<F: Field>(self, point: &[F]) -> F {
        use SubtableKind::*;
        let log_m = point.len();
        self.check_params(log_m);
        let h = log_m / 2;
        // Bits LSB first.
        let a: Vec<F> = (0..h).map(|j| point[h - 1 - j]).collect();
        let b: Vec<F> = (0..h).map(|j| point[2 * h - 1 - j]).collect();
        let k: Vec<F> = (0..log_m).map(|j| point[log_m - 1 - j]).collect();
        let one = F::one();
        let two = F::from_u64(2);
        let pow2 = |e: usize| F::from_u64(1u64 << e);
        let eq_bit = |x: F, y: F| x * y + (one - x) * (one - y);
        let word = F::from_u64((1u64 << 32) - 1);
        match self {
            And => (0..h).map(|j| pow2(j) * a[j] * b[j]).sum(),
            Or => (0..h).map(|j| pow2(j) * (a[j] + b[j] - a[j] * b[j])).sum(),
            Xor => (0..h)
                .map(|j| pow2(j) * (a[j] + b[j] - two * a[j] * b[j]))
                .sum(),
            Ltu => ltu_mle(&a, &b),
            Lts => {
                let m = h - 1;
                a[m] * (one - b[m]) + eq_bit(a[m], b[m]) * ltu_mle(&a[..m], &b[..m])
            }
            Eq => (0..h).map(|j| eq_bit(a[j], b[j])).product(),
            ZeroY => b.iter().map(|&bj| one - bj).product(),
            ZeroX => a.iter().map(|&aj| one - aj).product(),
            ZeroXOnesY => {
                a.iter().map(|&aj| one - aj).product::<F>() * b.iter().copied().product::<F>()
            }
            SignXor => a[h - 1] + b[h - 1] - two * a[h - 1] * b[h - 1],
            NegXZeroY => a[h - 1] * b.iter().map(|&bj| one - bj).product::<F>(),
            Sll(j) => {
                let off = h * j as usize;
                let w = shift_weights(&b);
                (0..32usize)
                    .map(|s| {
                        let v: F = (0..h)
                            .filter(|i| i + off + s < 32)
                            .map(|i| pow2(i + off + s) * a[i])
                            .sum();
                        w[s] * v
                    })
                    .sum()
            }
            Srl(j) => {
                let off = h * j as usize;
                let w = shift_weights(&b);
                (0..32usize)
                    .map(|s| {
                        let v: F = (0..h)
                            .filter(|i| i + off >= s)
                            .map(|i| pow2(i + off - s) * a[i])
                            .sum();
                        w[s] * v
                    })
                    .sum()
            }
            SraSign => {
                let w = shift_weights(&b);
                let fill: F = (1..32usize)
                    .map(|s| w[s] * F::from_u64((1u64 << 32) - (1u64 << (32 - s))))
                    .sum();
                a[h - 1] * fill
            }
            Identity => (0..log_m).map(|j| pow2(j) * k[j]).sum(),
            MsbMask => word * k[log_m - 1],
            ClearLsb => (1..log_m).map(|j| pow2(j) * k[j]).sum(),
            IsEven => one - k[0],
            OperandX => (0..h).map(|j| pow2(j) * a[j]).sum(),
            OperandY => (0..h).map(|j| pow2(j) * b[j]).sum(),
        }
    }
}

/// `[a < b]` for bit vectors given LSB first: the highest differing bit
/// decides.
fn ltu_mle<F: Field>(a: &[F], b: &[F]) -> F {
    let one = F::one();
    let mut result = F::zero();
    let mut prefix_eq = one;
    for j in (0..a.len()).rev() {
        result += prefix_eq * (one - a[j]) * b[j];
        prefix_eq *= a[j] * b[j] + (one - a[j]) * (one - b[j]);
    }
    result
}

/// `w[s] = eq(b mod 32, s)` on the low five bits of `b` (LSB first), for
/// `s < 32`.
fn shift_weights<F: Field>(b: &[F]) -> Vec<F> {
    let one = F::one();
    let mut w = vec![one];
    for (t, &bit) in b.iter().enumerate().take(5) {
        let mut next = vec![F::zero(); w.len() * 2];
        for (s, &ws) in w.iter().enumerate() {
            next[s] = ws * (one - bit);
            next[s | (1 << t)] = ws * bit;
        }
        w = next;
    }
    w
}

/// A subtable as the lookup argument sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InstructionSubtable(pub SubtableKind);

impl<F: Field> Subtable<F> for InstructionSubtable {
    fn name(&self) -> String {
        self.0.name()
    }

    fn materialize(&self, log_m: usize) -> Vec<u64> {
        self.0.check_params(log_m);
        (0..1u64 << log_m).map(|k| self.0.entry(k, log_m)).collect()
    }

    fn evaluate_mle(&self, point: &[F]) -> F {
        self.0.mle(point)
    }
}
