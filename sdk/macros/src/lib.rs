//! The `#[provable]` procedural macro (built in a later issue).
