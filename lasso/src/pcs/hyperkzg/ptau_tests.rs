//! Tests of the ptau reader on files written here in snarkjs's layout from a
//! known `tau` (the real snarkjs files are in `lasso/tests/ptau_snarkjs.rs`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use ark_bn254::{G1Projective, G2Projective};
use ark_ec::PrimeGroup;
use ark_ff::{Field as _, One};
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

use super::*;
use crate::pcs::hyperkzg::SRS_FILE_MAGIC;

/// A coordinate as snarkjs writes it: its Montgomery form, little-endian.
fn fq_bytes(x: Fq) -> Vec<u8> {
    x.0.to_bytes_le()
}

fn g1_bytes(p: G1Affine) -> Vec<u8> {
    if p.is_zero() {
        return vec![0; G1_BYTES];
    }
    [fq_bytes(p.x), fq_bytes(p.y)].concat()
}

fn g2_bytes(p: G2Affine) -> Vec<u8> {
    if p.is_zero() {
        return vec![0; G2_BYTES];
    }
    [p.x.c0, p.x.c1, p.y.c0, p.y.c1]
        .into_iter()
        .flat_map(fq_bytes)
        .collect()
}

fn header(n8: u32, q: &[u8], power: u32) -> Vec<u8> {
    let mut h = n8.to_le_bytes().to_vec();
    h.extend_from_slice(q);
    h.extend_from_slice(&power.to_le_bytes());
    h.extend_from_slice(&power.to_le_bytes());
    h
}

fn bn254_header(power: u32) -> Vec<u8> {
    header(32, &Fq::MODULUS.to_bytes_le(), power)
}

/// A ptau file being built: its sections in file order.
#[derive(Clone)]
struct Ptau {
    sections: Vec<(u32, Vec<u8>)>,
}

impl Ptau {
    /// The file snarkjs would write for `tau` (sections 1, 2, 3 and a
    /// stand-in for the ones not read).
    fn from_tau(tau: Fr, power: u32) -> Self {
        let num_g1 = (1usize << (power + 1)) - 1;
        let mut g1 = Vec::new();
        let mut g2 = Vec::new();
        let (mut p1, mut p2) = (G1Projective::generator(), G2Projective::generator());
        for i in 0..num_g1 {
            g1.extend(g1_bytes(p1.into_affine()));
            if i < 1 << power {
                g2.extend(g2_bytes(p2.into_affine()));
            }
            p1 *= tau;
            p2 *= tau;
        }
        Self {
            sections: vec![
                (1, bn254_header(power)),
                (2, g1),
                (3, g2),
                (7, b"contributions, not read".to_vec()),
            ],
        }
    }

    fn data(&mut self, ty: u32) -> &mut Vec<u8> {
        &mut self
            .sections
            .iter_mut()
            .find(|(t, _)| *t == ty)
            .expect("section present")
            .1
    }

    fn set_g1(&mut self, i: usize, bytes: &[u8]) -> &mut Self {
        self.data(2)[i * G1_BYTES..(i + 1) * G1_BYTES].copy_from_slice(bytes);
        self
    }

    fn set_g2(&mut self, i: usize, bytes: &[u8]) -> &mut Self {
        self.data(3)[i * G2_BYTES..(i + 1) * G2_BYTES].copy_from_slice(bytes);
        self
    }

    fn g1(&mut self, i: usize) -> Vec<u8> {
        self.data(2)[i * G1_BYTES..(i + 1) * G1_BYTES].to_vec()
    }

    fn bytes(&self) -> Vec<u8> {
        let mut b = b"ptau".to_vec();
        b.extend_from_slice(&1u32.to_le_bytes());
        b.extend_from_slice(&(self.sections.len() as u32).to_le_bytes());
        for (ty, data) in &self.sections {
            b.extend_from_slice(&ty.to_le_bytes());
            b.extend_from_slice(&(data.len() as u64).to_le_bytes());
            b.extend_from_slice(data);
        }
        b
    }

    /// Where section `ty`'s size field is in [`Self::bytes`].
    fn size_field_offset(&self, ty: u32) -> usize {
        let mut pos = 12;
        for (t, data) in &self.sections {
            if *t == ty {
                return pos + 4;
            }
            pos += 12 + data.len();
        }
        panic!("no section {ty}")
    }
}

/// A file in the temporary folder, deleted when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(bytes: &[u8]) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "lasso-ptau-test-{}-{}.ptau",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, bytes).expect("write a temporary file");
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn open(bytes: &[u8]) -> Result<PtauFile, PtauError> {
    PtauFile::open(&TempFile::new(bytes).0)
}

/// Converts `2^num_vars` powers in chunks of `chunk` points.
fn convert(bytes: &[u8], num_vars: usize, chunk: usize) -> Result<Vec<u8>, PtauError> {
    let mut out = Vec::new();
    open(bytes)?.write_srs_chunked(num_vars, &mut out, chunk)?;
    Ok(out)
}

fn tau() -> Fr {
    Fr::rand(&mut ChaCha20Rng::seed_from_u64(7))
}

/// The SRS of `2^num_vars` powers of `tau`, computed directly.
fn expected_srs(tau: Fr, num_vars: usize) -> HyperKzgSrs {
    let g1: Vec<G1Affine> = (0..1u64 << num_vars)
        .map(|i| (G1Projective::generator() * tau.pow([i])).into_affine())
        .collect();
    let g2 = G2Affine::generator();
    HyperKzgSrs::from_parts(g1, g2, (g2 * tau).into_affine()).unwrap()
}

const POWER: u32 = 5;

#[test]
fn converts_known_tau_exactly() {
    let bytes = Ptau::from_tau(tau(), POWER).bytes();
    let file = open(&bytes).unwrap();
    assert_eq!(file.power(), POWER);
    assert_eq!(file.ceremony_power(), POWER);
    assert_eq!(file.max_num_vars(), POWER as usize);
    for num_vars in [0, 1, 3, POWER as usize] {
        let expected = expected_srs(tau(), num_vars);
        let mut expected_bytes = Vec::new();
        expected
            .serialize_uncompressed(&mut expected_bytes)
            .unwrap();
        for chunk in [1, 3, 7, 32, CHUNK_POINTS] {
            let out = convert(&bytes, num_vars, chunk).unwrap();
            assert_eq!(out, expected_bytes, "num_vars {num_vars}, chunk {chunk}");
        }
        // The SRS file format is the magic then these bytes.
        let out = convert(&bytes, num_vars, CHUNK_POINTS).unwrap();
        let parsed = HyperKzgSrs::from_bytes(&[SRS_FILE_MAGIC.as_slice(), &out].concat()).unwrap();
        assert_eq!(parsed, expected);
        parsed.check_consistency().unwrap();
    }
    let file = TempFile::new(&bytes);
    let full = srs_from_ptau(&file.0, None).unwrap();
    assert_eq!(full, expected_srs(tau(), POWER as usize));
    assert_eq!(
        srs_from_ptau(&file.0, Some(2)).unwrap(),
        expected_srs(tau(), 2)
    );
    let (g2, tau_g2) = PtauFile::open(&file.0).unwrap().tau_g2().unwrap();
    assert_eq!((g2, tau_g2), (full.g2(), full.tau_g2()));
}

#[test]
fn sections_in_any_order_and_unknown_sections_are_skipped() {
    let mut ptau = Ptau::from_tau(tau(), POWER);
    let s = ptau.sections.clone();
    ptau.sections = vec![
        (12, vec![9; 100]),
        s[2].clone(),
        s[3].clone(),
        s[0].clone(),
        (0, vec![]),
        s[1].clone(),
    ];
    let out = convert(&ptau.bytes(), POWER as usize, 5).unwrap();
    let mut expected = Vec::new();
    expected_srs(tau(), POWER as usize)
        .serialize_uncompressed(&mut expected)
        .unwrap();
    assert_eq!(out, expected);
}

#[test]
fn too_many_variables_is_refused() {
    let bytes = Ptau::from_tau(tau(), POWER).bytes();
    let file = TempFile::new(&bytes);
    let err = convert(&bytes, POWER as usize + 1, 4).unwrap_err();
    assert!(
        matches!(
            err,
            PtauError::TooSmall {
                needed: 6,
                available: 5
            }
        ),
        "{err}"
    );
    let err = srs_from_ptau(&file.0, Some(64)).unwrap_err();
    assert!(
        matches!(
            err,
            PtauError::TooSmall {
                needed: 64,
                available: 5
            }
        ),
        "{err}"
    );
}

#[test]
fn altered_g1_power_is_inconsistent() {
    let n = 1 << POWER;
    let g = g1_bytes(G1Affine::generator());
    for i in [1, 2, 3, 4, n / 2, n - 1] {
        // P_i + G1: a valid point, not tau^i G1.
        let mut ptau = Ptau::from_tau(tau(), POWER);
        let p = decode_g1(&ptau.g1(i)).unwrap();
        ptau.set_g1(i, &g1_bytes((p + G1Affine::generator()).into_affine()));
        for chunk in [3, 4, CHUNK_POINTS] {
            let err = convert(&ptau.bytes(), POWER as usize, chunk).unwrap_err();
            assert!(matches!(err, PtauError::Inconsistent), "point {i}: {err}");
        }
        // A power past the ones converted is not read.
        if i >= 4 {
            convert(&ptau.bytes(), 2, 3).unwrap();
        }
    }
    // Two powers swapped.
    let mut ptau = Ptau::from_tau(tau(), POWER);
    let (a, b) = (ptau.g1(5), ptau.g1(6));
    ptau.set_g1(5, &b).set_g1(6, &a);
    let err = convert(&ptau.bytes(), POWER as usize, 6).unwrap_err();
    assert!(matches!(err, PtauError::Inconsistent), "{err}");
    // A first power that is not the generator.
    let mut ptau = Ptau::from_tau(tau(), POWER);
    ptau.set_g1(0, &ptau.clone().g1(1));
    let err = convert(&ptau.bytes(), POWER as usize, 6).unwrap_err();
    assert!(
        matches!(err, PtauError::Invalid(ref m) if m.contains("tauG1[0]")),
        "{err}"
    );
    // The generator itself repeated (tau = 1 in G1 only).
    let mut ptau = Ptau::from_tau(tau(), POWER);
    ptau.set_g1(1, &g);
    let err = convert(&ptau.bytes(), POWER as usize, 6).unwrap_err();
    assert!(matches!(err, PtauError::Inconsistent), "{err}");
}

#[test]
fn altered_tau_g2_is_refused() {
    // tau G2 replaced by (tau + 1) G2: a valid point, inconsistent with G1.
    let mut ptau = Ptau::from_tau(tau(), POWER);
    let other = (G2Affine::generator() * (tau() + Fr::one())).into_affine();
    ptau.set_g2(1, &g2_bytes(other));
    let err = convert(&ptau.bytes(), POWER as usize, 8).unwrap_err();
    assert!(matches!(err, PtauError::Inconsistent), "{err}");
    // tauG2[0] not the generator.
    let mut ptau = Ptau::from_tau(tau(), POWER);
    ptau.set_g2(
        0,
        &g2_bytes((G2Projective::generator() * Fr::from(2u64)).into_affine()),
    );
    let err = open(&ptau.bytes()).unwrap().tau_g2().unwrap_err();
    assert!(
        matches!(err, PtauError::Invalid(ref m) if m.contains("generator")),
        "{err}"
    );
}

#[test]
fn points_off_the_curve_or_subgroup_are_invalid() {
    let invalid = |ptau: &Ptau, what: &str| {
        let err = convert(&ptau.bytes(), POWER as usize, 4).unwrap_err();
        assert!(
            matches!(err, PtauError::Invalid(ref m) if m.contains(what)),
            "expected Invalid({what}..), got {err}"
        );
    };
    // y + 1: off the curve.
    let mut ptau = Ptau::from_tau(tau(), POWER);
    let p = decode_g1(&ptau.g1(9)).unwrap();
    let off = [fq_bytes(p.x), fq_bytes(p.y + Fq::one())].concat();
    ptau.set_g1(9, &off);
    invalid(&ptau, "tauG1[9]: not on the BN254 G1 curve");
    // A coordinate equal to the modulus (not reduced).
    let mut ptau = Ptau::from_tau(tau(), POWER);
    let mut raw = ptau.g1(3);
    raw[..32].copy_from_slice(&Fq::MODULUS.to_bytes_le());
    ptau.set_g1(3, &raw);
    invalid(&ptau, "tauG1[3]: a coordinate is not below");
    // The point at infinity.
    let mut ptau = Ptau::from_tau(tau(), POWER);
    ptau.set_g1(17, &[0; G1_BYTES]);
    invalid(&ptau, "tauG1[17]: the point at infinity");
    // tau G2 off the curve.
    let mut ptau = Ptau::from_tau(tau(), POWER);
    let t = (G2Affine::generator() * tau()).into_affine();
    let off = G2Affine::new_unchecked(t.x, t.y + ark_bn254::Fq2::one());
    ptau.set_g2(1, &g2_bytes(off));
    invalid(&ptau, "tauG2[1]: not on the BN254 G2 curve");
    // tau G2 on the curve but outside the prime-order subgroup.
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let outside = loop {
        let x = ark_bn254::Fq2::rand(&mut rng);
        if let Some(p) = G2Affine::get_point_from_x_unchecked(x, false) {
            if !p.is_in_correct_subgroup_assuming_on_curve() {
                break p;
            }
        }
    };
    let mut ptau = Ptau::from_tau(tau(), POWER);
    ptau.set_g2(1, &g2_bytes(outside));
    invalid(&ptau, "tauG2[1]: not in the prime-order subgroup");
}

#[test]
fn degenerate_tau_is_refused() {
    for (tau, what) in [
        (Fr::zero(), "tau = 0"),
        (Fr::one(), "tau = 1"),
        (-Fr::one(), "tau = -1"),
    ] {
        let bytes = Ptau::from_tau(tau, 3).bytes();
        let err = convert(&bytes, 3, 4).unwrap_err();
        assert!(
            matches!(err, PtauError::Invalid(ref m) if m.contains(what)),
            "{what}: {err}"
        );
    }
}

#[test]
fn truncated_files_are_refused() {
    let ptau = Ptau::from_tau(tau(), POWER);
    let bytes = ptau.bytes();
    let g1 = ptau.size_field_offset(2) + 8;
    let g2 = ptau.size_field_offset(3) + 8;
    for cut in [
        0,
        3,
        4,
        10,
        12,
        20,
        40,
        g1 - 12,
        g1 - 1,
        g1,
        g1 + 100,
        g2 - 12,
        g2 + 1,
        g2 + 2 * G2_BYTES,
        bytes.len() - 1,
    ] {
        let err = open(&bytes[..cut]).unwrap_err();
        assert!(
            matches!(err, PtauError::Truncated(_)),
            "cut at {cut}: {err}"
        );
    }
}

#[test]
fn section_sizes_past_the_end_are_refused() {
    let ptau = Ptau::from_tau(tau(), POWER);
    for ty in [1, 2, 3, 7] {
        for size in [u64::MAX, u64::MAX / 2, 1 << 40, ptau.bytes().len() as u64] {
            let mut bytes = ptau.bytes();
            let at = ptau.size_field_offset(ty);
            bytes[at..at + 8].copy_from_slice(&size.to_le_bytes());
            let err = open(&bytes).unwrap_err();
            assert!(
                matches!(err, PtauError::Truncated(_)),
                "section {ty}: {err}"
            );
        }
    }
}

#[test]
fn bad_magic_and_version_are_refused() {
    let mut bytes = Ptau::from_tau(tau(), 2).bytes();
    bytes[..4].copy_from_slice(b"zkey");
    let err = open(&bytes).unwrap_err();
    assert!(
        matches!(err, PtauError::NotPtau { found } if &found == b"zkey"),
        "{err}"
    );
    let mut bytes = Ptau::from_tau(tau(), 2).bytes();
    bytes[4] = 2;
    assert!(matches!(open(&bytes).unwrap_err(), PtauError::Version(2)));
}

#[test]
fn other_curves_are_refused() {
    // BLS12-381 (48-byte elements), as snarkjs writes its header.
    let mut bls_q = vec![0u8; 48];
    let hex = BLS12_381_Q_HEX.trim_start_matches("0x");
    let hex = format!("{hex:0>96}");
    for (i, b) in bls_q.iter_mut().rev().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    }
    let mut ptau = Ptau::from_tau(tau(), 2);
    *ptau.data(1) = header(48, &bls_q, 2);
    let err = open(&ptau.bytes()).unwrap_err();
    let PtauError::OtherCurve(msg) = err else {
        panic!("expected OtherCurve, got {err}")
    };
    assert!(msg.contains("48-byte") && msg.contains("BLS12-381") && msg.contains("BN254"));
    // 32-byte elements, but BN254's scalar field: another curve.
    *ptau.data(1) = header(32, &Fr::MODULUS.to_bytes_le(), 2);
    let err = open(&ptau.bytes()).unwrap_err();
    assert!(
        matches!(err, PtauError::OtherCurve(ref m) if m.contains("0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001")),
        "{err}"
    );
}

#[test]
fn inconsistent_tables_and_headers_are_malformed() {
    let base = Ptau::from_tau(tau(), 3);
    let malformed = |ptau: &Ptau, what: &str| {
        let err = open(&ptau.bytes()).unwrap_err();
        assert!(
            matches!(err, PtauError::Malformed(ref m) if m.contains(what)),
            "expected Malformed({what}..), got {err}"
        );
    };
    let mut p = base.clone();
    p.sections.retain(|(t, _)| *t != 3);
    malformed(&p, "no section 3");
    let mut p = base.clone();
    p.sections.retain(|(t, _)| *t != 1);
    malformed(&p, "no section 1");
    let mut p = base.clone();
    p.sections.push(p.sections[1].clone());
    malformed(&p, "section 2 (tauG1) appears more than once");
    // Section 2 one point short of what power 3 needs.
    let mut p = base.clone();
    p.data(2).truncate(14 * G1_BYTES);
    malformed(&p, "section 2 (tauG1) is 896 bytes, but power 3 needs 960");
    // The header claims power 4; the sections hold power 3.
    let mut p = base.clone();
    *p.data(1) = bn254_header(4);
    malformed(&p, "power 4 needs");
    let mut p = base.clone();
    *p.data(1) = bn254_header(0);
    malformed(&p, "power 0");
    let mut p = base.clone();
    *p.data(1) = bn254_header(60);
    malformed(&p, "power 60");
    let mut p = base.clone();
    p.data(1).push(0);
    malformed(&p, "section 1 (header) is 45 bytes");
    let mut p = base.clone();
    p.data(1)[..4].copy_from_slice(&u32::MAX.to_le_bytes());
    malformed(&p, "not plausible");
    let mut p = base.clone();
    *p.data(1) = vec![1, 2];
    malformed(&p, "too short");
    // Bytes after the last section.
    let mut bytes = base.bytes();
    bytes.extend_from_slice(&[0; 5]);
    let err = open(&bytes).unwrap_err();
    assert!(
        matches!(err, PtauError::Malformed(ref m) if m.contains("5 bytes after")),
        "{err}"
    );
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let err = PtauFile::open(Path::new("/nonexistent/x.ptau")).unwrap_err();
    assert!(matches!(err, PtauError::Io { ref path, .. } if path == "/nonexistent/x.ptau"));
    assert!(err.to_string().contains("/nonexistent/x.ptau"));
}

#[test]
fn blake2b_512_of_files() {
    use blake2::{Blake2b512, Digest};
    // RFC 7693, appendix A.
    let abc = TempFile::new(b"abc");
    let expected = "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1\
                    7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923";
    let hex: String = blake2b_512_file(&abc.0)
        .unwrap()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hex, expected);
    // Several read buffers' worth.
    let mut data = vec![0u8; (5 << 20) / 2 + 17];
    ChaCha20Rng::seed_from_u64(1).fill_bytes(&mut data);
    let big = TempFile::new(&data);
    let digest: [u8; 64] = Blake2b512::digest(&data).into();
    assert_eq!(blake2b_512_file(&big.0).unwrap(), digest);
}
