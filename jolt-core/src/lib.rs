//! The zkVM proper: tracer, witness generation, memory checking, R1CS, prove
//! and verify (built in later issues).
