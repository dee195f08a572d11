//! `extern "C"` entry points native code calls for operations whose exact
//! CPython behaviour lives in the runtime (so both tiers agree bit for bit).

use pyfora_runtime::value::{BuiltinFunction, Value};
use pyfora_syntax::ir::BinOp;

/// Calls a one-argument math builtin on `x`; writes the float result to
/// `out` and returns 0, or returns 1 when it raises or returns a non-float.
///
/// # Safety
/// `which` must point at a builtin that lives for the whole process and
/// `out` at a writable `f64` (native code passes a stack slot).
pub unsafe extern "C" fn math1(which: *const BuiltinFunction, x: f64, out: *mut f64) -> i64 {
    // SAFETY: `which` is the address of a builtin with a `'static` lifetime
    // baked into the code by the compiler, and `out` points at a stack slot
    // of the caller.
    let b = unsafe { &*which };
    let Some(unary) = b.unary else { return 1 };
    match unary(&Value::Float(x)) {
        Ok(Value::Float(r)) => {
            // SAFETY: see above.
            unsafe { *out = r };
            0
        }
        _ => 1,
    }
}

const OPS: [BinOp; 3] = [BinOp::FloorDiv, BinOp::Mod, BinOp::Pow];

/// The code passed to [`float_binop`] for `op`.
pub fn binop_code(op: BinOp) -> i64 {
    OPS.iter().position(|o| *o == op).expect("float // % ** only") as i64
}

/// `x op y` on floats with the runtime's semantics; 1 when it raises (or
/// the result is not a float, e.g. a complex power).
///
/// # Safety
/// `out` must point at a writable `f64` (native code passes a stack slot).
pub unsafe extern "C" fn float_binop(code: i64, x: f64, y: f64, out: *mut f64) -> i64 {
    let op = OPS[code as usize];
    match pyfora_runtime::ops::binop(op, &Value::Float(x), &Value::Float(y)) {
        Ok(Value::Float(r)) => {
            // SAFETY: `out` points at a stack slot of the calling native code.
            unsafe { *out = r };
            0
        }
        _ => 1,
    }
}

/// libm's `pow` (what CPython calls for a positive finite base and a finite
/// exponent), square roots shortcut as the runtime does.
pub extern "C" fn pow(x: f64, y: f64) -> f64 {
    pyfora_runtime::pow::pow(x, y)
}

/// libm's `pow` itself, for the square roots the inline shortcut left over.
pub extern "C" fn libm_pow(x: f64, y: f64) -> f64 {
    pyfora_runtime::pow::libm_pow(x, y)
}

/// `x / y` for the 128-bit int `x` (`lo`, `hi`) and the int `y`, correctly
/// rounded as the runtime divides big ints; 1 (bail) for a zero divisor
/// or a quotient too large for a float (the interpreter raises).
///
/// # Safety
/// `out` must point at a writable `f64`.
pub unsafe extern "C" fn wide_truediv(lo: i64, hi: i64, y: i64, out: *mut f64) -> i64 {
    let x = ((hi as i128) << 64) | (lo as u64 as i128);
    let x = Value::from_big(num_bigint::BigInt::from(x));
    match pyfora_runtime::ops::binop(BinOp::TrueDiv, &x, &Value::Int(y)) {
        Ok(Value::Float(r)) => {
            // SAFETY: `out` points at a stack slot of the calling native code.
            unsafe { *out = r };
            0
        }
        _ => 1,
    }
}

/// `x / y` on ints with the runtime's semantics (correctly rounded, as
/// CPython's long division), for operands too large to convert to float
/// exactly; 1 when it raises (division by zero, overflow).
///
/// # Safety
/// `out` must point at a writable `f64` (native code passes a stack slot).
pub unsafe extern "C" fn int_truediv(x: i64, y: i64, out: *mut f64) -> i64 {
    match pyfora_runtime::ops::binop(BinOp::TrueDiv, &Value::Int(x), &Value::Int(y)) {
        Ok(Value::Float(r)) => {
            // SAFETY: `out` points at a stack slot of the calling native code.
            unsafe { *out = r };
            0
        }
        _ => 1,
    }
}
