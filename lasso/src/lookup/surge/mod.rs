//! Surge: the lookup argument over decomposable tables (in progress).
