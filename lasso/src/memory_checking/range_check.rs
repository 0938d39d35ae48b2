//! Range checks as read-only lookups: proving that values `d_s[i]` (given
//! as [`Column`]s, typically affine in committed polynomials) lie in
//! `[0, 2^bits)`.
//!
//! The table is the identity on `2^bits` cells, so a lookup reads the tuple
//! `(count, d)` and the cell `k` holds `(final_count_k, k)`: Lasso with a
//! single chunk, where the value read is the address and no `E`
//! polynomial is committed. The committed polynomials are one read-count
//! vector per slot and one final-count vector. A value outside the range
//! has no cell to match and is rejected by the multiset equation.
//!
//! Its read and final counts come from [`super::ReadCounts`].
//!
//! The read-write memories use it with `d = t_w - 1 - t_r`, proving that
//! every read timestamp precedes its access.

use super::{Column, MemoryTuples, ReadOnlyAccess};

use crate::field::Field;

/// The tuples of the range check of `values` (one column per slot) with
/// their read counts and the final counts.
pub fn tuples<P: Copy, F: Field>(
    values: Vec<Column<P, F>>,
    read_counts: Vec<P>,
    final_counts: P,
) -> MemoryTuples<P, F> {
    assert_eq!(values.len(), read_counts.len(), "one read count per slot");
    let accesses = values
        .into_iter()
        .zip(read_counts)
        .map(|(address, count)| ReadOnlyAccess {
            count,
            address,
            values: Vec::new(),
        })
        .collect();
    MemoryTuples::read_only(
        accesses,
        Column::index(F::one(), F::zero()),
        Vec::new(),
        final_counts,
    )
}
