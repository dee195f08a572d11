//! The CPython version whose behaviour the engine reproduces where CPython
//! versions differ (e.g. `sum()` of floats is compensated from 3.12 on).
//! The client tells the engine its own version, so answers match the
//! interpreter the user compares against.

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

/// True when `sum()` of floats uses Neumaier compensation (3.12+).
pub fn compensated_float_sum() -> bool {
    python_minor() >= 12
}
