//! Glue between runtime values and the pure formatting routines in
//! [`crate::format`].

use crate::error::{Error, RtResult};
use crate::exceptions::ExcKind;
use crate::format::{FormatError, FormatErrorKind, IntLike};
use crate::value::Value;

/// Converts a formatting error into the Python exception it stands for.
pub fn to_error(e: FormatError) -> Error {
    let kind = match e.kind {
        FormatErrorKind::ValueError => ExcKind::ValueError,
        FormatErrorKind::TypeError => ExcKind::TypeError,
        FormatErrorKind::OverflowError => ExcKind::OverflowError,
        FormatErrorKind::MemoryError => ExcKind::MemoryError,
    };
    Error::new(kind, e.message)
}

/// `format(i, spec)` for an int value (small or big).
pub fn format_int_value(v: &Value, spec: &str) -> Result<String, FormatError> {
    match v {
        Value::Int(i) => crate::format::format_int_spec(&IntLike::Small(*i), spec),
        Value::Big(b) => {
            let digits = b.magnitude().to_string();
            let x = IntLike::Big { negative: b.sign() == num_bigint::Sign::Minus, decimal_digits: &digits };
            crate::format::format_int_spec(&x, spec)
        }
        _ => unreachable!("format_int_value is called on ints"),
    }
}

/// `format(f, spec)` for a float.
pub fn format_float_spec(f: f64, spec: &str) -> Result<String, FormatError> {
    crate::format::format_float_spec(f, spec)
}

/// `format(s, spec)` for a string.
pub fn format_str_spec(s: &str, spec: &str) -> Result<String, FormatError> {
    crate::format::format_str_spec(s, spec)
}

/// Keeps the result alias in use for callers that map errors eagerly.
pub fn map<T>(r: Result<T, FormatError>) -> RtResult<T> {
    r.map_err(to_error)
}
