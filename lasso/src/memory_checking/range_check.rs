//! Range checks as read-only lookups: proving that values `d_s[i]` (given
//! as [`Column`]s, typically affine in committed polynomials) lie in
//! `[0, 2^(2h))`.
//!
//! Each value is split into two limbs of `h` bits: the low limb `lo` is
//! committed, the high limb is `(d - lo) / 2^h`, a column affine in what is
//! committed. Both limbs are looked up in the identity table of `2^h`
//! cells: a lookup reads the tuple `(count, limb)`, cell `k` holds
//! `(final_count_k, k)`. It is Lasso with one chunk per limb, where the
//! value read is the address, so no `E` polynomial is committed; what is
//! committed is the low limbs, one read count per limb, and the `2^h`
//! final counts. A limb outside `[0, 2^h)` has no cell to match and is
//! rejected by the multiset equation. With both limbs in range,
//! `d = lo + 2^h hi` holds over the integers, so `0 <= d < 2^(2h)`.
//!
//! Two limbs of `h = ceil(bits / 2)` keep the table at `sqrt` of the range:
//! at `2^22` timestamps the table has `2^11` cells, and no polynomial of the
//! range check is longer than the rows.
//!
//! The read-write memories use it with `d = t_w - 1 - t_r`, proving that
//! every read timestamp precedes its access.

use super::{Column, MemoryTuples, ReadCounts, ReadOnlyAccess};
use crate::field::Field;

/// The limb width for values below `2^bits`.
pub fn limb_bits(bits: usize) -> usize {
    bits.div_ceil(2).max(1)
}

/// The prover's side: low limbs and counts of the values `d_s[i]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RangeCheckWitness {
    pub limb_bits: usize,
    /// `lows[s][i]`: the low limb of `d_s[i]`.
    pub lows: Vec<Vec<u32>>,
    /// Read counts of the limb lookups, low and high limb of slot 0, then
    /// of slot 1, ..
    pub read_counts: Vec<Vec<u32>>,
    pub final_counts: Vec<u32>,
}

impl RangeCheckWitness {
    /// Splits `value(slot, row)` (below `2^bits`, or `None` for a value
    /// that is not even a non-negative integer, which only a dishonest
    /// witness has) into limbs and counts their lookups.
    pub fn new(
        slots: usize,
        rows: usize,
        bits: usize,
        value: impl Fn(usize, usize) -> Option<u64>,
    ) -> Self {
        let h = limb_bits(bits);
        let mask = (1u64 << h) - 1;
        let lows: Vec<Vec<u32>> = (0..slots)
            .map(|s| {
                (0..rows)
                    .map(|i| value(s, i).map_or(0, |d| (d & mask) as u32))
                    .collect()
            })
            .collect();
        let counts = ReadCounts::new(2 * slots, rows, h, |a, i| {
            let d = value(a / 2, i)?;
            Some(if a % 2 == 0 { d & mask } else { d >> h })
        });
        Self {
            limb_bits: h,
            lows,
            read_counts: counts.read_counts,
            final_counts: counts.final_counts,
        }
    }
}

/// The tuples of the range check of `values` (one column per slot) with
/// their committed low limbs, the limb lookups' read counts (two per slot,
/// low first) and the final counts.
pub fn tuples<P: Copy, F: Field>(
    values: Vec<Column<P, F>>,
    lows: Vec<P>,
    limb_bits: usize,
    read_counts: Vec<P>,
    final_counts: P,
) -> MemoryTuples<P, F> {
    assert_eq!(values.len(), lows.len(), "one low limb per value");
    assert_eq!(
        2 * values.len(),
        read_counts.len(),
        "two read counts per value"
    );
    let inverse = F::from_u64(1 << limb_bits)
        .inverse()
        .expect("2^h is invertible");
    let mut counts = read_counts.into_iter();
    let mut accesses = Vec::with_capacity(2 * values.len());
    for (d, lo) in values.into_iter().zip(lows) {
        let high = d.minus_poly(lo).scaled(inverse);
        for address in [Column::poly(lo), high] {
            accesses.push(ReadOnlyAccess {
                count: counts.next().expect("counted"),
                address,
                values: Vec::new(),
            });
        }
    }
    MemoryTuples::read_only(
        accesses,
        Column::index(F::one(), F::zero()),
        Vec::new(),
        final_counts,
    )
}
