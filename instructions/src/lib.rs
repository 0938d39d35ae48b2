//! The RV32IM instruction set as decomposable lookups (built in its own issue).
