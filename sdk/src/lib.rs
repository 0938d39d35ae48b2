//! Host API for building, tracing, proving and verifying guest programs.
