//! Benchmark harness for end-to-end zkVM figures (filled in once the zkVM proves).
