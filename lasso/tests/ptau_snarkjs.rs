//! The ptau reader on files snarkjs wrote: a small ceremony (`new`, two
//! random contributions, a random beacon) run by `scripts/make-test-ptau.sh`,
//! which installs snarkjs with npm into `target/snarkjs` the first time.
//! Needs Node.js and npm (the test suite's installer provides them); without
//! them these tests fail, saying so.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use lasso::pcs::hyperkzg::ptau::{blake2b_512_file, srs_from_ptau, PtauError, PtauFile};
use lasso::pcs::hyperkzg::{HyperKzg, HyperKzgProverKey, HyperKzgSrs, SRS_FILE_MAGIC};
use lasso::pcs::CommitmentScheme;
use lasso::poly::{DensePolynomial, MultilinearPolynomial};
use lasso::{Field, Fr, Transcript};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

const POWER: u32 = 8;

fn out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ptau")
}

/// `target/tmp/ptau/<curve>-<power>.ptau`, made by the script (once: it
/// reuses an existing file).
fn ceremony_file(curve: &str, power: u32) -> PathBuf {
    // One script at a time: the tests of this file run in parallel.
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    for tool in ["node", "npm"] {
        let found = Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "`{tool}` is not installed: these tests run a snarkjs ceremony and need Node.js \
             and npm (scripts/install-deps.sh installs them)"
        );
    }
    let out = out_dir().join(format!("{curve}-{power}.ptau"));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/make-test-ptau.sh");
    let status = Command::new("bash")
        .arg(&script)
        .arg(power.to_string())
        .arg(&out)
        .arg(curve)
        .status()
        .expect("run scripts/make-test-ptau.sh");
    assert!(
        status.success(),
        "{} {power} {} {curve} failed ({status})",
        script.display(),
        out.display()
    );
    out
}

/// A file under the output folder holding `bytes`, removed when dropped.
struct Altered(PathBuf);

impl Altered {
    fn new(name: &str, bytes: &[u8]) -> Self {
        let path = out_dir().join(format!("{name}-{}.ptau", std::process::id()));
        std::fs::write(&path, bytes).expect("write a copy of the ptau file");
        Self(path)
    }
}

impl Drop for Altered {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Where section `ty`'s data lies, read from the section table.
fn section(bytes: &[u8], ty: u32) -> Range<usize> {
    let u32_at = |p: usize| u32::from_le_bytes(bytes[p..p + 4].try_into().unwrap());
    let mut pos = 12;
    for _ in 0..u32_at(8) {
        let size = u64::from_le_bytes(bytes[pos + 4..pos + 12].try_into().unwrap()) as usize;
        if u32_at(pos) == ty {
            return pos + 12..pos + 12 + size;
        }
        pos += 12 + size;
    }
    panic!("no section {ty}")
}

fn convert(path: &Path) -> Result<Vec<u8>, PtauError> {
    let mut out = Vec::new();
    PtauFile::open(path)?.write_srs(POWER as usize, &mut out)?;
    Ok(out)
}

#[test]
fn snarkjs_ceremony_file_converts_and_commitments_open() {
    let path = ceremony_file("bn128", POWER);
    let mut file = PtauFile::open(&path).unwrap();
    assert_eq!(file.power(), POWER);
    assert_eq!(file.max_num_vars(), POWER as usize);
    let mut bytes = SRS_FILE_MAGIC.to_vec();
    file.write_srs(POWER as usize, &mut bytes).unwrap();
    assert_eq!(bytes.len(), 8 + 8 + 64 * (1 << POWER) + 2 * 128);

    let srs = HyperKzgSrs::from_bytes(&bytes).unwrap();
    srs.check_consistency().unwrap();
    assert_eq!(srs.max_num_vars(), POWER as usize);
    assert_eq!(srs_from_ptau(&path, None).unwrap(), srs);
    assert_eq!(srs_from_ptau(&path, Some(3)).unwrap(), srs.clone().trim(3));

    // A commitment with the ceremony's SRS opens, and a wrong value does not.
    let pk = HyperKzgProverKey::new(srs);
    let vk = HyperKzg::verifier_key(&pk);
    let mut rng = ChaCha20Rng::seed_from_u64(8);
    let n = POWER as usize;
    let poly = DensePolynomial::new((0..1 << n).map(|_| Fr::random(&mut rng)).collect());
    let point: Vec<Fr> = (0..n).map(|_| Fr::random(&mut rng)).collect();
    let eval = poly.evaluate(&point);
    let commitment = HyperKzg::commit(&pk, &poly.clone().into());
    let transcript = || {
        let mut t = Transcript::new(b"ptau snarkjs test");
        t.append_serializable(b"commitment", &commitment);
        t
    };
    let proof = HyperKzg::prove(&pk, &poly, &point, eval, &mut transcript());
    HyperKzg::verify(&vk, &commitment, &point, eval, &proof, &mut transcript()).unwrap();
    let wrong = eval + Fr::from(1u64);
    assert!(HyperKzg::verify(&vk, &commitment, &point, wrong, &proof, &mut transcript()).is_err());

    // The file's hash is the one coreutils' `b2sum` prints (BLAKE2b-512).
    let hex: String = blake2b_512_file(&path)
        .unwrap()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let b2sum = Command::new("b2sum")
        .arg(&path)
        .output()
        .expect("run b2sum");
    assert!(b2sum.status.success());
    assert_eq!(String::from_utf8(b2sum.stdout).unwrap()[..128], hex);
}

#[test]
fn altered_snarkjs_files_are_refused() {
    let bytes = std::fs::read(ceremony_file("bn128", POWER)).unwrap();
    let g1 = section(&bytes, 2);
    let g2 = section(&bytes, 3);

    // Two tauG1 powers swapped: every point still valid.
    let mut swapped = bytes.clone();
    let (a, b) = (g1.start + 3 * 64, g1.start + 4 * 64);
    swapped[a..a + 64].copy_from_slice(&bytes[b..b + 64]);
    swapped[b..b + 64].copy_from_slice(&bytes[a..a + 64]);
    let err = convert(&Altered::new("swapped-g1", &swapped).0).unwrap_err();
    assert!(matches!(err, PtauError::Inconsistent), "{err}");

    // The last power converted replaced by the next one (outside the SRS).
    let mut shifted = bytes.clone();
    let last = g1.start + ((1 << POWER) - 1) * 64;
    shifted[last..last + 64].copy_from_slice(&bytes[last + 64..last + 128]);
    let err = convert(&Altered::new("shifted-g1", &shifted).0).unwrap_err();
    assert!(matches!(err, PtauError::Inconsistent), "{err}");

    // tauG2[1] replaced by tauG2[2] = tau^2 G2, a valid point.
    let mut tau_g2 = bytes.clone();
    let t = g2.start + 128;
    tau_g2[t..t + 128].copy_from_slice(&bytes[t + 128..t + 256]);
    let err = convert(&Altered::new("tau-g2", &tau_g2).0).unwrap_err();
    assert!(matches!(err, PtauError::Inconsistent), "{err}");

    // One coordinate byte flipped: off the curve.
    let mut flipped = bytes.clone();
    flipped[g1.start + 10 * 64 + 5] ^= 1;
    let err = convert(&Altered::new("flipped", &flipped).0).unwrap_err();
    assert!(
        matches!(err, PtauError::Invalid(ref m) if m.contains("tauG1[10]")),
        "{err}"
    );

    // Truncated copies.
    for cut in [7, 40, g1.start + 1000, g2.start + 100, bytes.len() - 1] {
        let err = PtauFile::open(&Altered::new("truncated", &bytes[..cut]).0).unwrap_err();
        assert!(
            matches!(err, PtauError::Truncated(_)),
            "cut at {cut}: {err}"
        );
    }
}

#[test]
fn bls12_381_ceremony_file_is_another_curve() {
    let path = ceremony_file("bls12381", 4);
    let err = PtauFile::open(&path).unwrap_err();
    let PtauError::OtherCurve(msg) = &err else {
        panic!("expected OtherCurve, got {err}")
    };
    assert!(
        msg.contains("48-byte") && msg.contains("BLS12-381"),
        "{msg}"
    );
    assert!(srs_from_ptau(&path, None).is_err());
}
