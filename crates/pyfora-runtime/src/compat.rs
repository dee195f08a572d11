//! The CPython version whose behaviour the engine reproduces where CPython
//! versions differ (e.g. `sum()` of floats is compensated from 3.12 on).
//! The client tells the engine its own version, so answers match the
//! interpreter the user compares against.

use std::sync::atomic::{AtomicUsize, Ordering};

pub use pyfora_syntax::version::{python_minor, set_python_minor};

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

/// True when `sum()` of floats uses Neumaier compensation (3.12+).
pub fn compensated_float_sum() -> bool {
    python_minor() >= 12
}
