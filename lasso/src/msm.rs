//! Variable-base multi-scalar multiplication (MSM) for full-size scalars:
//! `sum_i s_i P_i` for affine points `P_i` and field-element scalars `s_i`.
//!
//! This is the prover's bottleneck (every HyperKZG commitment of a dense
//! polynomial is one), so it gets its own Pippenger implementation that
//! does its bucket additions in affine coordinates, sharing one field
//! inversion among many additions.
//!
//! # Algorithm
//!
//! **Windows.** Write every scalar in base `2^c` with *signed* digits
//! `d_w` in `[-2^(c-1), 2^(c-1)]`: `s = sum_w d_w 2^(wc)`. Then
//! `sum_i s_i P_i = sum_w 2^(wc) W_w` with `W_w = sum_i d_{i,w} P_i`, and the
//! window sums are combined by Horner's rule (`c` doublings per window).
//! A negative digit adds `-P_i`, which in affine coordinates is just
//! `(x, -y)`, so a window needs only `2^(c-1)` buckets (one per digit
//! magnitude) instead of `2^c - 1`.
//!
//! The digits come from Booth recoding, which needs no carry chain: with
//! `b_j` the scalar's bits (`b_{-1} = 0`) and `v_w` the unsigned value of
//! bits `wc .. wc+c-1`,
//!
//! ```text
//! d_w = v_w + b_{wc-1} - 2^c b_{wc+c-1}
//! ```
//!
//! The sum `sum_w d_w 2^(wc)` telescopes back to `s` as long as the top bit
//! read, `b_{nc-1}` for `n` windows, is zero, hence `n = ceil((bits+1)/c)`.
//! Each window reads its `c + 1` bits independently of the others.
//!
//! **Buckets.** Within a window, bucket `k` collects the points whose digit
//! has magnitude `k + 1`; then `W_w = sum_k (k + 1) B_k`, computed with the
//! running sum `R_k = B_top + .. + B_k`, `W_w = sum_k R_k` (two additions per
//! bucket).
//!
//! **Batch-affine accumulation.** Almost all the work is the bucket
//! additions, one per point and window. An affine addition `(x1, y1) + (x2, y2)` is
//!
//! ```text
//! l = (y2 - y1) / (x2 - x1)        (doubling: l = (3 x1^2 + a) / (2 y1))
//! x3 = l^2 - x1 - x2,   y3 = l (x1 - x3) - y1
//! ```
//!
//! which is cheap except for the inversion. Montgomery's trick inverts `m`
//! denominators with one inversion and `3(m - 1)` multiplications, so
//! pending additions are collected into a batch, and a batch costs about
//! 6 multiplications per addition against about 10 for a mixed addition
//! into a projective bucket. Affine buckets are also half the size
//! (64 bytes on BN254), which matters because bucket accesses are random.
//!
//! Within a batch a bucket may receive at most one addition (its new value
//! is not known until the batch is applied). An addition to a bucket that
//! already has one pending is deferred and retried after the batch is
//! applied; when the deferred queue is full (half a batch), it goes instead
//! into a second, projective bucket for the same digit (`overflow`), which
//! is summed in at the end. With `m` a quarter of the number of buckets,
//! about one addition in eight is deferred for random scalars and almost
//! none reaches the projective path; the queue bound keeps adversarial
//! inputs (all scalars equal: every addition collides) at about one
//! projective addition each. The corner cases are decided when an addition
//! is scheduled: an empty bucket simply takes the point, a bucket holding
//! `P` that receives `-P` becomes empty, one that receives `P` schedules a
//! doubling.
//!
//! **Parallelism.** The windows are independent and run as rayon tasks,
//! each with its own buckets. The window size is chosen by a cost model
//! that counts `ceil(windows / threads)` rounds, so that on 2 cores it
//! prefers window counts that split evenly. Parallelism is capped by the
//! number of windows (about 17 for 2^20 points).
//!
//! Below [`SMALL_MSM`] points the bookkeeping does not pay and arkworks'
//! MSM is used.
//!
//! **Not done.** The GLV endomorphism of BN254 would halve the number of
//! windows but not the number of bucket additions, which dominate; it was
//! not tried.

use ark_ec::short_weierstrass::{Affine, Projective, SWCurveConfig};
use ark_ec::{AdditiveGroup, AffineRepr, VariableBaseMSM};
use ark_ff::{Field, One, PrimeField, Zero};
use rayon::prelude::*;

/// Inputs shorter than this go to arkworks' MSM: on the 2-core machine
/// both took the same time at 2^10 and 2^12 (the inversions and bucket
/// reduction weigh more at small sizes).
pub const SMALL_MSM: usize = 1 << 12;

/// `sum_i scalars[i] * bases[i]` over the first `min(bases.len(),
/// scalars.len())` pairs (like arkworks' `msm_unchecked`). Identity bases
/// and zero scalars are allowed.
pub fn msm<P: SWCurveConfig>(bases: &[Affine<P>], scalars: &[P::ScalarField]) -> Projective<P> {
    let n = bases.len().min(scalars.len());
    let (bases, scalars) = (&bases[..n], &scalars[..n]);
    if n < SMALL_MSM {
        return Projective::<P>::msm_unchecked(bases, scalars);
    }
    let config = Config::for_size::<P>(n, rayon::current_num_threads());
    pippenger(bases, scalars, config)
}

/// `sum_i scalars[i] * bases[i]` for scalars below `2^bits` (`bits <=
/// 64`), with the same batch-affine Pippenger: the windows cover `bits`
/// bits instead of the field's 254, so a u32 MSM needs an eighth of the
/// windows. Inputs shorter than [`SMALL_MSM`] return `None` (arkworks'
/// small-scalar MSMs are as fast there).
///
/// # Panics
/// If a scalar does not fit `bits`.
pub fn msm_small<P: SWCurveConfig, T: Copy + Into<u64> + Sync>(
    bases: &[Affine<P>],
    scalars: &[T],
    bits: usize,
) -> Option<Projective<P>> {
    assert!((1..=64).contains(&bits), "scalars of {bits} bits");
    let n = bases.len().min(scalars.len());
    if n < SMALL_MSM {
        return None;
    }
    let limbs: Vec<[u64; 1]> = scalars[..n].par_iter().map(|s| [(*s).into()]).collect();
    assert!(
        bits == 64 || limbs.iter().all(|s| s[0] >> bits == 0),
        "a scalar exceeds {bits} bits"
    );
    let config = Config::for_bits(n, rayon::current_num_threads(), bits);
    Some(pippenger_limbs(&bases[..n], &limbs, bits, config))
}

/// Tuning parameters of [`pippenger`].
#[derive(Clone, Copy, Debug)]
struct Config {
    /// Window size `c`: digits in `[-2^(c-1), 2^(c-1)]`, `2^(c-1)` buckets.
    window_bits: usize,
    /// Most additions per batch (one field inversion each).
    batch_size: usize,
}

impl Config {
    /// Picks the window size minimizing an estimate of the running time on
    /// `threads` threads: per window, `n` batch-affine additions plus
    /// `2^c` projective additions for the running sums (worth about two
    /// affine ones each), times the number of rounds of windows. Bucket
    /// arrays beyond [`BUCKET_CACHE_BYTES`] make every addition a cache
    /// miss, which the estimate charges as a quarter of an addition.
    ///
    /// The batch size trades the inversion (one per batch, costing many
    /// multiplications) against collisions (a batch covering a fraction `f`
    /// of the buckets defers about `f / 2` of the additions) and cache
    /// footprint; a quarter of the buckets, at most 1024, measured best or
    /// tied on the 2-core machine at 2^16..2^20.
    fn for_size<P: SWCurveConfig>(n: usize, threads: usize) -> Self {
        Self::for_bits_of::<P>(n, threads, P::ScalarField::MODULUS_BIT_SIZE as usize)
    }

    /// [`Config::for_size`] for scalars of `bits` bits.
    fn for_bits(n: usize, threads: usize, bits: usize) -> Self {
        // The point type only sets the bucket size; BN254's G1 for all.
        Self::for_bits_of::<ark_bn254::g1::Config>(n, threads, bits)
    }

    fn for_bits_of<P: SWCurveConfig>(n: usize, threads: usize, bits: usize) -> Self {
        let threads = threads.max(1);
        let cost = |c: usize| {
            let rounds = num_windows(bits, c).div_ceil(threads);
            let bucket_bytes = (1usize << (c - 1)) * std::mem::size_of::<Affine<P>>();
            let per_point = if bucket_bytes > BUCKET_CACHE_BYTES {
                5
            } else {
                4
            };
            rounds * (n * per_point + (8 << c))
        };
        let window_bits = (4..=20).min_by_key(|&c| cost(c)).expect("non-empty range");
        let buckets = 1usize << (window_bits - 1);
        Config {
            window_bits,
            batch_size: (buckets / 4).clamp(32, 1024),
        }
    }
}

/// Bucket arrays up to this size are assumed to stay in cache (the 2-core
/// development machine has 512 KiB of L2 per core and measured 2^14 affine
/// BN254 buckets, 1 MiB, still fast).
const BUCKET_CACHE_BYTES: usize = 1 << 20;

/// Windows needed for `bits`-bit scalars with `c`-bit Booth digits: the
/// top bit read must be above the scalar, `windows * c >= bits + 1`.
fn num_windows(bits: usize, c: usize) -> usize {
    (bits + 1).div_ceil(c)
}

/// The batch-affine Pippenger MSM (no small-size fallback).
fn pippenger<P: SWCurveConfig>(
    bases: &[Affine<P>],
    scalars: &[P::ScalarField],
    config: Config,
) -> Projective<P> {
    let bigints: Vec<_> = scalars.par_iter().map(|s| s.into_bigint()).collect();
    pippenger_limbs(
        bases,
        &bigints,
        P::ScalarField::MODULUS_BIT_SIZE as usize,
        config,
    )
}

/// The Pippenger sum over scalars given as little-endian limbs of `bits`
/// bits.
fn pippenger_limbs<P: SWCurveConfig, B: AsRef<[u64]> + Sync>(
    bases: &[Affine<P>],
    scalars: &[B],
    bits: usize,
    config: Config,
) -> Projective<P> {
    let c = config.window_bits;
    assert!((1..=30).contains(&c), "window size {c} out of range");
    let windows = num_windows(bits, c);
    let window_sums: Vec<Projective<P>> = (0..windows)
        .into_par_iter()
        .map(|w| window_sum(bases, scalars, w * c, config))
        .collect();
    // Horner: sum_w 2^(wc) W_w, from the top window down.
    let mut result = Projective::<P>::zero();
    for sum in window_sums.iter().rev() {
        for _ in 0..c {
            result.double_in_place();
        }
        result += sum;
    }
    result
}

/// `W = sum_i d_i P_i` for the Booth digits `d_i` starting at bit `start`.
fn window_sum<P: SWCurveConfig, B: AsRef<[u64]>>(
    bases: &[Affine<P>],
    scalars: &[B],
    start: usize,
    config: Config,
) -> Projective<P> {
    let c = config.window_bits;
    let mut buckets = Buckets::new(1 << (c - 1), config.batch_size);
    for (base, scalar) in bases.iter().zip(scalars) {
        let digit = booth_digit(scalar.as_ref(), start, c);
        if digit == 0 || base.is_zero() {
            continue;
        }
        let bucket = digit.unsigned_abs() as usize - 1;
        let point = if digit > 0 { *base } else { -*base };
        buckets.add(bucket, point);
    }
    buckets.finish();
    buckets.weighted_sum()
}

/// The signed digit of window `[start, start + c)` of the little-endian
/// `limbs`: `v + b_{start-1} - 2^c b_{start+c-1}`, in `[-2^(c-1), 2^(c-1)]`.
fn booth_digit(limbs: &[u64], start: usize, c: usize) -> i64 {
    // The c + 1 bits b_{start-1} .. b_{start+c-1}, lowest first.
    let bits = if start == 0 {
        read_bits(limbs, 0, c) << 1
    } else {
        read_bits(limbs, start - 1, c + 1)
    };
    let borrow_in = (bits & 1) as i64;
    let window = (bits >> 1) as i64;
    let top = (bits >> c) & 1;
    window + borrow_in - ((top as i64) << c)
}

/// Bits `lo .. lo + len` of the little-endian `limbs` (`len <= 63`); bits
/// beyond the end read as zero.
fn read_bits(limbs: &[u64], lo: usize, len: usize) -> u64 {
    let (limb, shift) = (lo / 64, lo % 64);
    let Some(&low) = limbs.get(limb) else {
        return 0;
    };
    let mut value = low >> shift;
    if shift + len > 64 {
        if let Some(&high) = limbs.get(limb + 1) {
            value |= high << (64 - shift);
        }
    }
    value & ((1u64 << len) - 1)
}

/// An addition waiting for the batch inversion: `buckets[bucket] += point`,
/// a doubling when the bucket holds `point` itself.
#[derive(Clone, Copy)]
struct PendingAdd<P: SWCurveConfig> {
    bucket: u32,
    doubling: bool,
    point: Affine<P>,
}

/// The buckets of one window, with the pending batch.
struct Buckets<P: SWCurveConfig> {
    /// Affine bucket values (the identity marks an empty bucket).
    affine: Vec<Affine<P>>,
    /// Additions that collided with a pending one and found the deferred
    /// queue full, per bucket.
    overflow: Vec<Projective<P>>,
    /// Additions that collided with a pending one, retried after the
    /// batch is applied (at most half a batch).
    deferred: Vec<(u32, Affine<P>)>,
    /// Scratch space for retrying `deferred`.
    retry: Vec<(u32, Affine<P>)>,
    /// Whether the bucket has an addition in the pending batch.
    busy: Vec<bool>,
    pending: Vec<PendingAdd<P>>,
    /// `prefix[j]` = product of the denominators of `pending[..j]`.
    prefix: Vec<P::BaseField>,
    /// Product of all pending denominators.
    product: P::BaseField,
    batch_size: usize,
}

impl<P: SWCurveConfig> Buckets<P> {
    fn new(count: usize, batch_size: usize) -> Self {
        Buckets {
            affine: vec![Affine::identity(); count],
            overflow: vec![Projective::zero(); count],
            busy: vec![false; count],
            deferred: Vec::with_capacity(batch_size / 2),
            retry: Vec::with_capacity(batch_size / 2),
            pending: Vec::with_capacity(batch_size),
            prefix: Vec::with_capacity(batch_size),
            product: P::BaseField::one(),
            batch_size,
        }
    }

    /// `buckets[bucket] += point` for a non-identity `point`: now, in the
    /// pending batch, or later. Applies the batch when it is full and then
    /// retries the additions deferred by collisions (at most half a batch,
    /// so the retries cannot fill the next batch).
    fn add(&mut self, bucket: usize, point: Affine<P>) {
        self.schedule(bucket, point);
        if self.pending.len() == self.batch_size {
            self.flush();
            self.retry_deferred();
        }
    }

    /// Applies everything still pending or deferred. Each round schedules at
    /// least the first deferred addition, so this terminates.
    fn finish(&mut self) {
        while !self.pending.is_empty() || !self.deferred.is_empty() {
            self.flush();
            self.retry_deferred();
        }
    }

    /// Schedules the deferred additions again, right after a flush (when no
    /// bucket is busy). The two queues swap roles to reuse their storage.
    fn retry_deferred(&mut self) {
        let mut retry = std::mem::replace(&mut self.deferred, std::mem::take(&mut self.retry));
        for &(bucket, point) in &retry {
            self.schedule(bucket as usize, point);
        }
        retry.clear();
        self.retry = retry;
    }

    /// Decides what `buckets[bucket] += point` needs: an empty bucket takes
    /// the point, `P + (-P)` empties the bucket, anything else joins the
    /// pending batch (as a doubling when the bucket holds `point`), unless
    /// the bucket already has a pending addition.
    fn schedule(&mut self, bucket: usize, point: Affine<P>) {
        if self.busy[bucket] {
            if self.deferred.len() < self.batch_size / 2 {
                self.deferred.push((bucket as u32, point));
            } else {
                self.overflow[bucket] += point;
            }
            return;
        }
        let current = self.affine[bucket];
        if current.is_zero() {
            self.affine[bucket] = point;
            return;
        }
        let doubling = current.x == point.x;
        if doubling && (current.y != point.y || point.y.is_zero()) {
            // current = -point: the sum is the identity.
            self.affine[bucket] = Affine::identity();
            return;
        }
        let denominator = if doubling {
            current.y.double()
        } else {
            point.x - current.x
        };
        self.prefix.push(self.product);
        self.product *= denominator;
        self.busy[bucket] = true;
        self.pending.push(PendingAdd {
            bucket: bucket as u32,
            doubling,
            point,
        });
    }

    /// Applies the pending batch with one inversion (Montgomery's trick,
    /// walking back from the inverse of the whole product).
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut inverse = self
            .product
            .inverse()
            .expect("denominators are nonzero: distinct x, or y != 0 when doubling");
        for (add, prefix) in self.pending.iter().zip(&self.prefix).rev() {
            let bucket = add.bucket as usize;
            let (x1, y1) = (self.affine[bucket].x, self.affine[bucket].y);
            let (numerator, denominator) = if add.doubling {
                let xx = x1.square();
                (xx.double() + xx + P::COEFF_A, y1.double())
            } else {
                (add.point.y - y1, add.point.x - x1)
            };
            // `inverse` is 1 / (product of denominators up to this one).
            let lambda = numerator * inverse * prefix;
            inverse *= denominator;
            let x3 = lambda.square() - x1 - add.point.x;
            let y3 = lambda * (x1 - x3) - y1;
            self.affine[bucket] = Affine::new_unchecked(x3, y3);
            self.busy[bucket] = false;
        }
        self.pending.clear();
        self.prefix.clear();
        self.product = P::BaseField::one();
    }

    /// `sum_k (k + 1) B_k` by running sums, from the top bucket down.
    fn weighted_sum(&self) -> Projective<P> {
        debug_assert!(self.pending.is_empty() && self.deferred.is_empty());
        let mut running = Projective::<P>::zero();
        let mut total = Projective::<P>::zero();
        for (affine, overflow) in self.affine.iter().zip(&self.overflow).rev() {
            running += affine;
            running += overflow;
            total += &running;
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::{Fr, G1Affine, G1Projective};
    use ark_ec::{CurveGroup, PrimeGroup};
    use ark_ff::{BigInteger, UniformRand};
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    /// `n` distinct pseudo-random points `R + i S` (cheaper than `n` random
    /// scalar multiplications).
    fn points(n: usize, seed: u64) -> Vec<G1Affine> {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let step = G1Projective::rand(&mut rng);
        let mut p = G1Projective::rand(&mut rng);
        let projective: Vec<G1Projective> = (0..n)
            .map(|_| {
                p += step;
                p
            })
            .collect();
        G1Projective::normalize_batch(&projective)
    }

    fn scalars(n: usize, seed: u64) -> Vec<Fr> {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        (0..n).map(|_| Fr::rand(&mut rng)).collect()
    }

    /// Configurations that stress the batching: tiny windows (many
    /// collisions), tiny batches (many flushes), and the chosen one.
    fn configs(n: usize) -> Vec<Config> {
        let mut configs = vec![
            Config {
                window_bits: 1,
                batch_size: 4,
            },
            Config {
                window_bits: 3,
                batch_size: 2,
            },
            Config {
                window_bits: 8,
                batch_size: 16,
            },
            Config::for_size::<ark_bn254::g1::Config>(n.max(1), 2),
        ];
        if n > 4096 {
            configs.drain(..2); // the tiny windows are slow at this size
        }
        configs
    }

    /// Our MSM (public entry and each configuration) against arkworks.
    fn check(bases: &[G1Affine], scalars: &[Fr]) {
        let n = bases.len().min(scalars.len());
        let expected = G1Projective::msm_unchecked(bases, scalars);
        assert_eq!(msm(bases, scalars), expected, "msm, n = {n}");
        for config in configs(n) {
            let got = pippenger(&bases[..n], &scalars[..n], config);
            assert_eq!(got, expected, "n = {n}, {config:?}");
        }
    }

    #[test]
    fn random_inputs_match_arkworks() {
        for (i, n) in [0, 1, 2, 3, 17, 1000, (1 << 12) + 5, 1 << 15]
            .into_iter()
            .enumerate()
        {
            check(&points(n, i as u64), &scalars(n, 100 + i as u64));
        }
    }

    #[test]
    fn booth_digits_recompose_the_scalar() {
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        let bits = Fr::MODULUS_BIT_SIZE as usize;
        for c in [1, 2, 5, 13, 16, 20] {
            for s in [Fr::zero(), Fr::one(), -Fr::one(), Fr::rand(&mut rng)] {
                let limbs = s.into_bigint();
                let mut sum = Fr::zero();
                for w in (0..num_windows(bits, c)).rev() {
                    let d = booth_digit(limbs.as_ref(), w * c, c);
                    assert!(d.unsigned_abs() <= 1 << (c - 1));
                    sum = sum * Fr::from(1u64 << c) + Fr::from(d);
                }
                assert_eq!(sum, s, "c = {c}");
            }
        }
    }

    #[test]
    fn zero_scalars() {
        let n = 1500;
        check(&points(n, 1), &vec![Fr::zero(); n]);
    }

    #[test]
    fn one_minus_one_and_p_minus_one() {
        let n = 1200;
        let minus_one = -Fr::one();
        assert_eq!(minus_one.into_bigint(), {
            let mut p = Fr::MODULUS;
            p.sub_with_borrow(&1u64.into());
            p
        });
        let pattern = [Fr::one(), minus_one, Fr::zero(), Fr::from(2u64)];
        let scalars: Vec<Fr> = (0..n).map(|i| pattern[i % 4]).collect();
        check(&points(n, 2), &scalars);
        check(&points(n, 3), &vec![minus_one; n]);
    }

    #[test]
    fn identical_bases_and_scalars_force_doublings() {
        let n = 1100;
        let base = points(1, 4)[0];
        let s = scalars(1, 5)[0];
        check(&vec![base; n], &vec![s; n]);
        // The same with small scalars (all in one low bucket).
        check(&vec![base; n], &vec![Fr::from(3u64); n]);
    }

    #[test]
    fn opposite_bases_cancel() {
        let n = 1300;
        let ps = points(n / 2, 6);
        let ss = scalars(n / 2, 7);
        // P_i and -P_i with the same scalar, adjacent and far apart.
        let mut bases = Vec::new();
        let mut scalars = Vec::new();
        for (p, s) in ps.iter().zip(&ss) {
            bases.extend([*p, -*p]);
            scalars.extend([*s, *s]);
        }
        bases.extend(ps.iter().map(|p| -*p));
        scalars.extend(&ss);
        check(&bases, &scalars);
        // Repeated P, -P, P, -P with equal scalars: every bucket flips
        // between P and the identity.
        let p = ps[0];
        let bases: Vec<G1Affine> = (0..n).map(|i| if i % 2 == 0 { p } else { -p }).collect();
        check(&bases, &vec![ss[0]; n]);
    }

    #[test]
    fn identity_bases_are_skipped() {
        let n = 1400;
        let mut bases = points(n, 8);
        for i in (0..n).step_by(3) {
            bases[i] = G1Affine::identity();
        }
        check(&bases, &scalars(n, 9));
        check(&vec![G1Affine::identity(); n], &scalars(n, 10));
    }

    #[test]
    fn extra_bases_are_ignored() {
        let bases = points(6000, 11);
        check(&bases, &scalars(4200, 12));
        check(&bases, &scalars(20, 13));
        assert_eq!(
            msm(&bases, &scalars(4200, 12)),
            msm(&bases[..4200], &scalars(4200, 12))
        );
    }

    #[test]
    fn generator_multiples() {
        // sum_i i * (i G) = (sum i^2) G.
        let n = SMALL_MSM as u64 + 30;
        let g = G1Projective::generator();
        let bases =
            G1Projective::normalize_batch(&(1..=n).map(|i| g * Fr::from(i)).collect::<Vec<_>>());
        let scalars: Vec<Fr> = (1..=n).map(Fr::from).collect();
        let expected = g * Fr::from((1..=n).map(|i| i * i).sum::<u64>());
        assert_eq!(msm(&bases, &scalars), expected);
    }

    #[test]
    fn small_scalars_match_arkworks() {
        use rand::Rng;
        let mut rng = ChaCha20Rng::seed_from_u64(77);
        for (n, bits) in [
            (SMALL_MSM, 32),
            (5000, 8),
            (5000, 16),
            (SMALL_MSM + 1, 64),
            (1 << 14, 32),
        ] {
            let bases = points(n, n as u64 + bits as u64);
            let mut values: Vec<u64> = (0..n)
                .map(|_| {
                    if bits == 64 {
                        rng.gen()
                    } else {
                        rng.gen_range(0..1u64 << bits)
                    }
                })
                .collect();
            // Zeros, the maximum, and repeated values.
            values[0] = 0;
            values[1] = if bits == 64 {
                u64::MAX
            } else {
                (1 << bits) - 1
            };
            values[2] = values[1];
            let field: Vec<Fr> = values.iter().map(|v| Fr::from(*v)).collect();
            let expected = G1Projective::msm_unchecked(&bases, &field);
            assert_eq!(
                msm_small(&bases, &values, bits),
                Some(expected),
                "n {n}, {bits} bits"
            );
            let limbs: Vec<[u64; 1]> = values.iter().map(|v| [*v]).collect();
            let tiny = Config {
                window_bits: 3,
                batch_size: 4,
            };
            assert_eq!(
                pippenger_limbs(&bases, &limbs, bits, tiny),
                expected,
                "tiny windows"
            );
        }
        assert_eq!(
            msm_small(&points(10, 1), &[1u64; 10], 8),
            None,
            "below the threshold"
        );
    }
}
