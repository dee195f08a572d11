//! The CPython version whose behaviour the engine reproduces where
//! versions differ, in the frontend too (from 3.10 on, an attribute's
//! line is the line of its name). The runtime's `compat` reads and sets
//! the same version.

use std::sync::atomic::{AtomicU8, Ordering};

static MINOR: AtomicU8 = AtomicU8::new(11);

/// Sets the Python 3 minor version to follow (clamped to 9..=13).
pub fn set_python_minor(minor: u8) {
    MINOR.store(minor.clamp(9, 13), Ordering::Relaxed);
}

/// The Python 3 minor version being followed.
pub fn python_minor() -> u8 {
    MINOR.load(Ordering::Relaxed)
}
