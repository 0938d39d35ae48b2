//! HyperKZG (built next).
