//! The CPython version whose behaviour the engine reproduces where CPython
//! versions differ (e.g. `sum()` of floats is compensated from 3.12 on).
//! The client tells the engine its own version, so answers match the
//! interpreter the user compares against.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

static MINOR: AtomicU8 = AtomicU8::new(11);

/// The client's `sys.get_int_max_str_digits()` (0: no limit).
static MAX_STR_DIGITS: AtomicUsize = AtomicUsize::new(4300);

/// Follows the client's `sys.set_int_max_str_digits(limit)` (0: no limit).
pub fn set_int_max_str_digits(limit: usize) {
    MAX_STR_DIGITS.store(limit, Ordering::Relaxed);
}

/// Most decimal digits an int <-> str conversion takes, if limited
/// (CPython's `sys.get_int_max_str_digits()`, 4300 unless the client
/// changed it).
pub fn int_max_str_digits() -> Option<usize> {
    match MAX_STR_DIGITS.load(Ordering::Relaxed) {
        0 => None,
        n => Some(n),
    }
}

/// Whether `digits` decimal digits exceed the limit.
pub fn exceeds_str_digits(digits: usize) -> bool {
    int_max_str_digits().is_some_and(|limit| digits > limit)
}

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
