//! The cells of the registers-and-RAM memory, and how byte addresses map
//! to them.
//!
//! The guest touches three far-apart places: the registers, the I/O region
//! with the program image and heap just above it (the *low* segment, from
//! `io_start` upward), and the stack (the *stack* segment, from the top of
//! RAM downward). Each becomes one power-of-two *segment* of cells, sized to
//! what the program touches, not to the layout's RAM:
//!
//! | segment | cell `off` is | address (field element) |
//! |---|---|---|
//! | registers (64 cells) | register `off` | `off` |
//! | low (`2^log_low` cells) | word at `io_start + 4 off` | `2^32 + off` |
//! | stack (`2^log_stack` cells, optional) | word at `ram_end - 4 - 4 off` | `2^33 + off` |
//!
//! Segments sit in the domain of `2^log_size` cells largest first, so each
//! is aligned to its size. A cell whose word would lie outside
//! `[io_start, ram_end)`, or inside the part of memory the low segment
//! already covers (for the stack), and every cell outside the segments, is
//! a *dummy* with address `3 * 2^32 + k`, which no access can name: a
//! valid address maps to exactly one cell, an invalid one to none.
//!
//! # Why the prover may choose the sizes
//!
//! The proof carries `log_low` and `log_stack`. Whatever they are, the
//! cells that exist are real, distinct words of the guest's memory, with
//! the initial contents the verifier computes from the statement, and the
//! address of each names that word alone. A read or write of a word outside
//! the chosen segments has no cell, and the memory check rejects an access
//! to an address no cell holds (it has no initial tuple to consume). So a
//! small domain can only make an honest proof impossible (the prover then
//! picks larger sizes), never make a false one pass. The verifier bounds
//! the sizes so that its own work and the proof stay small, and requires
//! the low segment to hold the I/O region, whose final contents the
//! statement fixes.

use lasso::field::Field;
use lasso::poly::eq_eval;

use crate::memory_layout::MemoryLayout;
use instructions::constants::NUM_REGISTERS;

/// Address tags: the high part of a cell's address.
const TAG_LOW: u64 = 1 << 32;
const TAG_STACK: u64 = 2 << 32;
const TAG_DUMMY: u64 = 3 << 32;

const _: () = assert!(
    NUM_REGISTERS.is_power_of_two(),
    "the registers form one segment"
);

/// Largest segment the verifier accepts: 2^28 words (1 GiB).
pub const MAX_LOG_SEGMENT: usize = 28;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Registers,
    Low,
    Stack,
}

/// One segment: `2^log_size` cells from `base`, of which the first `valid`
/// are real.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    kind: Kind,
    base: usize,
    log_size: usize,
    valid: usize,
}

impl Segment {
    fn tag(&self) -> u64 {
        match self.kind {
            Kind::Registers => 0,
            Kind::Low => TAG_LOW,
            Kind::Stack => TAG_STACK,
        }
    }
}

/// Why a domain cannot be built.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum DomainError {
    #[error("memory segment of 2^{0} words exceeds the maximum of 2^{MAX_LOG_SEGMENT}")]
    TooLarge(usize),
    #[error(
        "the low memory segment (2^{log_low} words) cannot hold the I/O region ({io_words} words)"
    )]
    NoRoomForIo { log_low: usize, io_words: usize },
}

/// The cells of the registers-and-RAM memory (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryDomain {
    layout: MemoryLayout,
    log_low: usize,
    log_stack: Option<usize>,
    log_size: usize,
    segments: Vec<Segment>,
}

impl MemoryDomain {
    /// The domain with a low segment of `2^log_low` cells and, optionally, a
    /// stack segment of `2^log_stack`.
    pub fn new(
        layout: &MemoryLayout,
        log_low: usize,
        log_stack: Option<usize>,
    ) -> Result<Self, DomainError> {
        for log in std::iter::once(log_low).chain(log_stack) {
            if log > MAX_LOG_SEGMENT {
                return Err(DomainError::TooLarge(log));
            }
        }
        let io_words = io_words(layout);
        if (1usize << log_low) < io_words.next_power_of_two() {
            return Err(DomainError::NoRoomForIo { log_low, io_words });
        }
        let total_words = ((layout.ram_end() - layout.io_start() as u64) / 4) as usize;
        let low_valid = (1usize << log_low).min(total_words);
        let mut segments = vec![Segment {
            kind: Kind::Low,
            base: 0,
            log_size: log_low,
            valid: low_valid,
        }];
        if let Some(log_stack) = log_stack {
            segments.push(Segment {
                kind: Kind::Stack,
                base: 0,
                log_size: log_stack,
                valid: (1usize << log_stack).min(total_words - low_valid),
            });
        }
        let log_registers = NUM_REGISTERS.trailing_zeros() as usize;
        segments.push(Segment {
            kind: Kind::Registers,
            base: 0,
            log_size: log_registers,
            valid: NUM_REGISTERS,
        });
        // Largest first (stable: low before stack before registers on ties),
        // so each segment is aligned to its size.
        segments.sort_by_key(|s| std::cmp::Reverse(s.log_size));
        let mut next = 0usize;
        for s in &mut segments {
            s.base = next;
            next += 1 << s.log_size;
        }
        let log_size = next.next_power_of_two().trailing_zeros() as usize;
        Ok(Self {
            layout: *layout,
            log_low,
            log_stack,
            log_size,
            segments,
        })
    }

    /// The smallest domain holding every word the guest accessed
    /// (`addresses`, word-aligned byte addresses of RAM and I/O) and the I/O
    /// region: words below the heap's end go to the low segment, the rest
    /// to the stack segment, unless one low segment alone is no larger.
    pub fn covering(layout: &MemoryLayout, addresses: impl Iterator<Item = u32>) -> Self {
        let io_start = layout.io_start() as u64;
        let ram_end = layout.ram_end();
        let split = layout.heap_end() as u64;
        let (mut low_max, mut stack_max, mut all_max) = (0u64, None::<u64>, 0u64);
        // Addresses outside [io_start, ram_end) have no cell in any domain;
        // the witness reports them.
        for a in addresses
            .map(u64::from)
            .filter(|a| (io_start..ram_end).contains(a))
        {
            let low_off = (a - io_start) / 4;
            all_max = all_max.max(low_off);
            if a < split {
                low_max = low_max.max(low_off);
            } else {
                let off = (ram_end - 4 - a) / 4;
                stack_max = Some(stack_max.map_or(off, |m| m.max(off)));
            }
        }
        let io = io_words(layout).next_power_of_two() as u64;
        let log = |words: u64| words.next_power_of_two().trailing_zeros() as usize;
        let single = log((all_max + 1).max(io));
        let split_domain = stack_max.and_then(|s| {
            let d = Self::new(layout, log((low_max + 1).max(io)), Some(log(s + 1))).ok()?;
            let stack = d.segment(Kind::Stack)?;
            (s < stack.valid as u64 && d.log_size <= single).then_some(d)
        });
        split_domain.unwrap_or_else(|| {
            Self::new(layout, single, None).expect("a low segment covering every access")
        })
    }

    pub fn layout(&self) -> &MemoryLayout {
        &self.layout
    }

    /// `log2` of the low segment's size.
    pub fn log_low(&self) -> usize {
        self.log_low
    }

    /// `log2` of the stack segment's size, if there is one.
    pub fn log_stack(&self) -> Option<usize> {
        self.log_stack
    }

    /// `log2` of the number of cells.
    pub fn log_size(&self) -> usize {
        self.log_size
    }

    fn segment(&self, kind: Kind) -> Option<&Segment> {
        self.segments.iter().find(|s| s.kind == kind)
    }

    fn low(&self) -> &Segment {
        self.segment(Kind::Low).expect("a low segment")
    }

    /// The cell of register `r`.
    pub fn register_cell(&self, r: u8) -> usize {
        self.segment(Kind::Registers).expect("registers").base + r as usize
    }

    /// The cell holding the word at byte address `address`, if the domain
    /// has one (the low segment first).
    pub fn cell_of(&self, address: u32) -> Option<usize> {
        if address % 4 != 0 {
            return None;
        }
        let a = address as u64;
        let low = self.low();
        if let Some(off) = a.checked_sub(self.layout.io_start() as u64) {
            if off / 4 < low.valid as u64 {
                return Some(low.base + (off / 4) as usize);
            }
        }
        let stack = self.segment(Kind::Stack)?;
        let off = (self.layout.ram_end() - 4).checked_sub(a)? / 4;
        (off < stack.valid as u64).then(|| stack.base + off as usize)
    }

    /// The address the low segment gives the word at byte address `a`
    /// (`io_start <= a`, word-aligned), whatever the segment's size: what
    /// the R1CS computes for a load or store there.
    pub fn low_cell_address(layout: &MemoryLayout, a: u32) -> u64 {
        TAG_LOW + ((a - layout.io_start()) / 4) as u64
    }

    /// The address of cell `k` as a field element's integer value.
    pub fn cell_address(&self, k: usize) -> u64 {
        for s in &self.segments {
            if k >= s.base && k < s.base + s.valid {
                return s.tag() + (k - s.base) as u64;
            }
        }
        TAG_DUMMY + k as u64
    }

    /// The address every cell of the domain would have, as one vector.
    pub fn cell_addresses(&self) -> Vec<u64> {
        let mut v: Vec<u64> = (0..1u64 << self.log_size).map(|k| TAG_DUMMY + k).collect();
        for s in &self.segments {
            for off in 0..s.valid {
                v[s.base + off] = s.tag() + off as u64;
            }
        }
        v
    }

    /// The multilinear extension of [`Self::cell_address`] at `point`, in
    /// `O(log_size^2)`: `3 * 2^32 + id~(r)` corrected on every segment's
    /// valid prefix.
    pub fn cell_address_mle<F: Field>(&self, point: &[F]) -> F {
        assert_eq!(point.len(), self.log_size, "point of the wrong dimension");
        let mut acc = F::from_u64(TAG_DUMMY) + lasso::lookup::tables::identity_mle(point);
        for s in &self.segments {
            let (prefix, rest) = point.split_at(self.log_size - s.log_size);
            let select = eq_eval(prefix, &bits::<F>(s.base >> s.log_size, prefix.len()));
            // On a valid cell, address - dummy address = tag - TAG_DUMMY - base.
            let shift = F::from_u64(s.tag()) - F::from_u64(TAG_DUMMY) - F::from_u64(s.base as u64);
            acc += select * less_than_mle(rest, s.valid as u64) * shift;
        }
        acc
    }

    /// The word offset of the I/O region's first word in the domain, and
    /// the number of variables of the aligned block of cells holding it.
    pub fn io_block(&self) -> (usize, usize) {
        let words = io_words(&self.layout);
        (
            self.low().base,
            words.next_power_of_two().trailing_zeros() as usize,
        )
    }
}

/// Words of the I/O region: input, output, and the four words below RAM.
pub fn io_words(layout: &MemoryLayout) -> usize {
    ((layout.io_end() - layout.io_start()) / 4) as usize
}

/// The `len` bits of `x`, most significant first, as field elements.
pub fn bits<F: Field>(x: usize, len: usize) -> Vec<F> {
    (0..len)
        .rev()
        .map(|j| F::from_u64(((x >> j) & 1) as u64))
        .collect()
}

/// `sum_{x < bound} eq(r, x)` over `r.len()` bits, in `O(len)`: for each
/// 1-bit of `bound`, the block of `x` agreeing with `bound` above it and
/// having a 0 there.
pub fn less_than_mle<F: Field>(r: &[F], bound: u64) -> F {
    let n = r.len();
    if bound >= 1u64 << n {
        return F::one();
    }
    let mut prefix = F::one();
    let mut acc = F::zero();
    for (j, rj) in r.iter().enumerate() {
        let bit = (bound >> (n - 1 - j)) & 1;
        if bit == 1 {
            acc += prefix * (F::one() - rj);
            prefix *= rj;
        } else {
            prefix *= F::one() - rj;
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use lasso::field::Fr;
    use lasso::poly::{DensePolynomial, MultilinearPolynomial};
    use rand::SeedableRng;

    fn random_point(n: usize, seed: u64) -> Vec<Fr> {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        (0..n).map(|_| Fr::random(&mut rng)).collect()
    }

    #[test]
    fn less_than_matches_its_definition() {
        for n in 0..6 {
            let r = random_point(n, n as u64);
            for bound in 0..=(1u64 << n) + 1 {
                let v: Vec<Fr> = (0..1u64 << n)
                    .map(|x| Fr::from_u64((x < bound) as u64))
                    .collect();
                assert_eq!(
                    less_than_mle(&r, bound),
                    DensePolynomial::new(v).evaluate(&r)
                );
            }
        }
    }

    #[test]
    fn cell_addresses_and_their_mle_agree() {
        let small = MemoryLayout::with_stack(8192, 1024, 64, 64).unwrap();
        for (layout, log_low, log_stack) in [
            (MemoryLayout::default(), 12, Some(10)),
            (MemoryLayout::default(), 12, None),
            (MemoryLayout::default(), 12, Some(13)),
            // RAM smaller than the segments: cells past it are dummies.
            (small, 12, Some(11)),
        ] {
            let d = MemoryDomain::new(&layout, log_low, log_stack).unwrap();
            let v = d.cell_addresses();
            for k in [0, 1, v.len() / 2, v.len() - 1] {
                assert_eq!(v[k], d.cell_address(k));
            }
            let mut sorted = v.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), v.len(), "addresses are distinct");
            let r = random_point(d.log_size(), 9);
            let poly = DensePolynomial::new(v.iter().map(|a| Fr::from_u64(*a)).collect());
            assert_eq!(d.cell_address_mle(&r), poly.evaluate(&r));
        }
    }

    #[test]
    fn every_valid_word_has_one_cell_and_invalid_ones_none() {
        let layout = MemoryLayout::with_stack(8192, 1024, 64, 64).unwrap();
        let d = MemoryDomain::new(&layout, 12, Some(11)).unwrap();
        let mut seen = std::collections::HashSet::new();
        let mut a = layout.io_start();
        while (a as u64) < layout.ram_end() {
            if let Some(k) = d.cell_of(a) {
                assert!(seen.insert(k), "two words share cell {k}");
                let addr = d.cell_address(k);
                assert!(addr < TAG_DUMMY, "a valid word in a dummy cell");
            }
            a += 4;
        }
        // With low 2^12 words, this RAM (2^11 words plus I/O) is all low.
        assert_eq!(
            seen.len(),
            ((layout.ram_end() - layout.io_start() as u64) / 4) as usize
        );
        assert_eq!(d.cell_of(layout.io_start() - 4), None);
        assert_eq!(d.cell_of(layout.ram_base() + 2), None);
    }

    #[test]
    fn covering_splits_low_and_stack() {
        let layout = MemoryLayout::default();
        let accesses = [
            layout.ram_base(),
            layout.ram_base() + 4 * 1000,
            layout.stack_top() - 64,
            layout.termination(),
        ];
        let d = MemoryDomain::covering(&layout, accesses.into_iter());
        assert!(d.log_stack().is_some());
        assert!(d.log_size() <= 13, "domain of 2^{}", d.log_size());
        for a in accesses {
            assert!(d.cell_of(a).is_some(), "{a:#x}");
        }
        let no_stack = MemoryDomain::covering(&layout, [layout.ram_base()].into_iter());
        assert_eq!(no_stack.log_stack(), None);
    }

    #[test]
    fn a_low_segment_too_small_for_the_io_region_is_refused() {
        let layout = MemoryLayout::default();
        assert!(matches!(
            MemoryDomain::new(&layout, 4, None),
            Err(DomainError::NoRoomForIo { .. })
        ));
        assert!(matches!(
            MemoryDomain::new(&layout, 12, Some(40)),
            Err(DomainError::TooLarge(40))
        ));
    }
}
