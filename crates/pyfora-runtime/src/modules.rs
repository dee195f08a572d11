//! Modules remote code may use by reference: `math` and `functools`
//! (`reduce`, `partial`, `total_ordering`).

use std::sync::{Arc, OnceLock};

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::builtins::to_f64;
use crate::error::{type_error, value_error, Error, RtResult};
use crate::exceptions::ExcKind;
use crate::interp::{call_special, call_value};
use crate::iter;
use crate::num::as_int;
use crate::ops;
use crate::value::{BuiltinFunction, Class, Module, Value};

type Kwargs = Vec<(Arc<str>, Value)>;

fn domain() -> Error {
    value_error("math domain error")
}

fn range_err() -> Error {
    Error::new(ExcKind::OverflowError, "math range error")
}

fn one_arg(name: &str, args: &[Value]) -> RtResult<f64> {
    if args.len() != 1 {
        return Err(type_error(format!("math.{name}() takes exactly one argument ({} given)", args.len())));
    }
    to_f64(&args[0])
}

fn two_args(name: &str, args: &[Value]) -> RtResult<(f64, f64)> {
    if args.len() != 2 {
        return Err(type_error(format!("{name} expected 2 arguments, got {}", args.len())));
    }
    Ok((to_f64(&args[0])?, to_f64(&args[1])?))
}

/// Applies a libm function with CPython's error conventions.
fn unary(name: &str, args: &[Value], f: fn(f64) -> f64) -> RtResult<Value> {
    if args.len() != 1 {
        one_arg(name, args)?;
    }
    unary_of(name, &args[0], f)
}

/// [`unary`] on its one argument.
#[inline]
fn unary_of(name: &str, x: &Value, f: fn(f64) -> f64) -> RtResult<Value> {
    let x = match x {
        Value::Float(x) => *x,
        other => to_f64(other)?,
    };
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(match name {
            "log" | "log2" | "log10" | "log1p" | "atanh" => domain(),
            _ => range_err(),
        });
    }
    Ok(Value::Float(r))
}

macro_rules! math_unary {
    ($id:ident, $name:expr, $f:expr) => {
        static $id: BuiltinFunction = BuiltinFunction {
            name: $name,
            call: |args: Vec<Value>, _kw: Kwargs| unary($name, &args, $f),
            unary: Some(|x: &Value| unary_of($name, x, $f)),
            float: Some($f),
        };
    };
}

/// The libm function behind a one-argument math builtin that follows
/// [`unary`]'s error rules (NaN from a non-NaN argument: domain error; an
/// infinity from a finite one: range or domain error), as an `extern "C"`
/// function native code calls directly. The same functions as below.
pub fn native_unary(name: &str) -> Option<extern "C" fn(f64) -> f64> {
    macro_rules! c {
        ($f:expr) => {{
            extern "C" fn f(x: f64) -> f64 {
                $f(x)
            }
            f
        }};
    }
    Some(match name {
        "sin" => c!(f64::sin),
        "cos" => c!(f64::cos),
        "tan" => c!(f64::tan),
        "asin" => c!(f64::asin),
        "acos" => c!(f64::acos),
        "atan" => c!(f64::atan),
        "sinh" => c!(f64::sinh),
        "cosh" => c!(f64::cosh),
        "tanh" => c!(f64::tanh),
        "asinh" => c!(libm::asinh),
        "acosh" => c!(libm::acosh),
        "atanh" => c!(libm::atanh),
        "exp" => c!(f64::exp),
        "expm1" => c!(f64::exp_m1),
        "log1p" => c!(f64::ln_1p),
        "erf" => c!(libm::erf),
        "erfc" => c!(libm::erfc),
        _ => return None,
    })
}

math_unary!(SIN, "sin", f64::sin);
math_unary!(COS, "cos", f64::cos);
math_unary!(TAN, "tan", f64::tan);
math_unary!(ASIN, "asin", f64::asin);
math_unary!(ACOS, "acos", f64::acos);
math_unary!(ATAN, "atan", f64::atan);
math_unary!(SINH, "sinh", f64::sinh);
math_unary!(COSH, "cosh", f64::cosh);
math_unary!(TANH, "tanh", f64::tanh);
math_unary!(ASINH, "asinh", libm::asinh);
math_unary!(ACOSH, "acosh", libm::acosh);
math_unary!(ATANH, "atanh", libm::atanh);
math_unary!(EXP, "exp", f64::exp);
math_unary!(EXPM1, "expm1", f64::exp_m1);
math_unary!(LOG1P, "log1p", f64::ln_1p);
math_unary!(FABS, "fabs", f64::abs);
/// `degrees`/`radians`: a plain product, never an error (CPython's
/// `degrees(1e308)` is `inf`).
macro_rules! math_scale {
    ($id:ident, $name:expr, $f:expr) => {
        static $id: BuiltinFunction = BuiltinFunction {
            name: $name,
            call: |args: Vec<Value>, _kw: Kwargs| {
                if args.len() != 1 {
                    one_arg($name, &args)?;
                }
                Ok(Value::Float($f(to_f64(&args[0])?)))
            },
            unary: Some(|x: &Value| Ok(Value::Float($f(to_f64(x)?)))),
            float: None,
        };
    };
}
math_scale!(DEGREES, "degrees", f64::to_degrees);
math_scale!(RADIANS, "radians", f64::to_radians);
math_unary!(ERF, "erf", libm::erf);
math_unary!(ERFC, "erfc", libm::erfc);

/// The C math library functions CPython calls directly.
mod libm {
    extern "C" {
        #[link_name = "erf"]
        fn c_erf(x: f64) -> f64;
        #[link_name = "erfc"]
        fn c_erfc(x: f64) -> f64;
        #[link_name = "nextafter"]
        fn c_nextafter(x: f64, y: f64) -> f64;
        #[link_name = "asinh"]
        fn c_asinh(x: f64) -> f64;
        #[link_name = "remainder"]
        fn c_remainder(x: f64, y: f64) -> f64;
        #[link_name = "acosh"]
        fn c_acosh(x: f64) -> f64;
        #[link_name = "atanh"]
        fn c_atanh(x: f64) -> f64;
    }

    /// `cbrt(x)` from the C library, as CPython calls it (Rust's own is
    /// correctly rounded where glibc's is not: `cbrt(27.0)` is
    /// `3.0000000000000004` in CPython). The Rust runtime links a private
    /// `cbrt` of its own that a plain declaration would bind to, so the C
    /// library's is looked up by name in the process.
    pub fn cbrt(x: f64) -> f64 {
        match c_library_cbrt() {
            // SAFETY: the symbol is the C library's `double cbrt(double)`.
            Some(f) => unsafe { f(x) },
            None => x.cbrt(),
        }
    }

    type UnaryFn = unsafe extern "C" fn(f64) -> f64;

    fn c_library_cbrt() -> Option<UnaryFn> {
        static CBRT: std::sync::OnceLock<Option<UnaryFn>> = std::sync::OnceLock::new();
        *CBRT.get_or_init(|| {
            #[cfg(target_os = "linux")]
            {
                extern "C" {
                    fn dlsym(handle: *mut std::ffi::c_void, symbol: *const std::ffi::c_char) -> *mut std::ffi::c_void;
                }
                // `RTLD_DEFAULT` (a null handle on glibc): the global scope,
                // where the interpreter's libm is.
                // SAFETY: dlsym with a NUL-terminated name; a non-null result
                // is the address of the C library's `cbrt`.
                let p = unsafe { dlsym(std::ptr::null_mut(), c"cbrt".as_ptr()) };
                // SAFETY: as above; the function has the C signature `double(double)`.
                (!p.is_null()).then(|| unsafe { std::mem::transmute::<*mut std::ffi::c_void, UnaryFn>(p) })
            }
            #[cfg(not(target_os = "linux"))]
            {
                None
            }
        })
    }

    /// `asinh(x)` from libm (Rust's own `f64::asinh` is computed
    /// differently and disagrees with CPython in the last bit).
    pub fn asinh(x: f64) -> f64 {
        // SAFETY: a pure function of its argument.
        unsafe { c_asinh(x) }
    }

    /// The IEEE remainder `x - n*y` (`n` the integer nearest `x/y`, ties
    /// to even) from libm; the operation is exact, so it equals CPython's
    /// own implementation for finite `x` and nonzero finite `y`.
    pub fn remainder(x: f64, y: f64) -> f64 {
        // SAFETY: a pure function of its arguments.
        unsafe { c_remainder(x, y) }
    }

    /// `acosh(x)` from libm.
    pub fn acosh(x: f64) -> f64 {
        // SAFETY: a pure function of its argument.
        unsafe { c_acosh(x) }
    }

    /// `atanh(x)` from libm.
    pub fn atanh(x: f64) -> f64 {
        // SAFETY: a pure function of its argument.
        unsafe { c_atanh(x) }
    }

    /// `erf(x)` from libm.
    pub fn erf(x: f64) -> f64 {
        // SAFETY: a pure function of its argument.
        unsafe { c_erf(x) }
    }

    /// `erfc(x)` from libm.
    pub fn erfc(x: f64) -> f64 {
        // SAFETY: a pure function of its argument.
        unsafe { c_erfc(x) }
    }

    /// `nextafter(x, y)` from libm.
    pub fn nextafter(x: f64, y: f64) -> f64 {
        // SAFETY: a pure function of its arguments.
        unsafe { c_nextafter(x, y) }
    }
}

math_unary!(SQRT, "sqrt", f64::sqrt);

/// `(m, e)` with `b == m * 2**e`, `0.5 <= m < 1`, `m` correctly rounded
/// (CPython's `_PyLong_Frexp`), for a positive integer too big for a float.
fn big_frexp(b: &BigInt) -> (f64, i64) {
    let bits = b.bits();
    let shift = bits.saturating_sub(64);
    let mut top = (b >> shift).to_u64().expect("64 bits");
    // A sticky bit keeps round-half-even exact for the dropped low bits.
    if shift > 0 && (b.clone() - (BigInt::from(top) << shift)).is_positive() {
        top |= 1;
    }
    let mut m = top as f64 / 2f64.powi(64);
    let mut e = shift as i64 + 64;
    if m == 1.0 {
        m = 0.5;
        e += 1;
    }
    (m, e)
}

/// CPython's `loghelper`: `func` of an int (of any size) or a float.
fn log_with(v: &Value, func: fn(f64) -> f64) -> RtResult<f64> {
    if let Some(i) = as_int(v) {
        let b = i.to_big();
        if !b.is_positive() {
            return Err(domain());
        }
        return Ok(match b.to_f64().filter(|f| f.is_finite()) {
            Some(f) => func(f),
            None => {
                let (m, e) = big_frexp(&b);
                func(m) + func(2.0) * e as f64
            }
        });
    }
    let x = to_f64(v)?;
    if x.is_nan() {
        return Ok(x);
    }
    if x <= 0.0 {
        return Err(domain());
    }
    Ok(func(x))
}

fn log_of(v: &Value) -> RtResult<f64> {
    log_with(v, f64::ln)
}

static LOG: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "log",
    call: |args, _| {
        if args.is_empty() || args.len() > 2 {
            return Err(type_error(format!("log expected 1 or 2 arguments, got {}", args.len())));
        }
        let num = log_of(&args[0])?;
        if args.len() == 2 {
            let den = log_of(&args[1])?;
            if den == 0.0 {
                return Err(Error::new(ExcKind::ZeroDivisionError, "float division by zero"));
            }
            return Ok(Value::Float(num / den));
        }
        Ok(Value::Float(num))
    },
};

static LOG2: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "log2",
    call: |args, _| {
        if args.len() != 1 {
            return Err(type_error(format!("math.log2() takes exactly one argument ({} given)", args.len())));
        }
        Ok(Value::Float(log_with(&args[0], f64::log2)?))
    },
};

static LOG10: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "log10",
    call: |args, _| {
        if args.len() != 1 {
            return Err(type_error(format!("math.log10() takes exactly one argument ({} given)", args.len())));
        }
        Ok(Value::Float(log_with(&args[0], f64::log10)?))
    },
};

fn int_result(name: &str, args: &[Value], f: fn(f64) -> f64, dunder: &str) -> RtResult<Value> {
    if args.len() != 1 {
        return Err(type_error(format!("math.{name}() takes exactly one argument ({} given)", args.len())));
    }
    match &args[0] {
        v @ (Value::Int(_) | Value::Big(_)) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        // The dunder, else the value as a float (`__float__`, `__index__`).
        v @ Value::Instance(_) => match call_special(v, dunder, vec![])? {
            Some(r) => Ok(r),
            None => crate::num::float_to_int(f(to_f64(v)?)),
        },
        v => crate::num::float_to_int(f(to_f64(v)?)),
    }
}

static FLOOR: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "floor", call: |args, _| int_result("floor", &args, f64::floor, "__floor__") };
static CEIL: BuiltinFunction = BuiltinFunction { unary: None, float: None, name: "ceil", call: |args, _| int_result("ceil", &args, f64::ceil, "__ceil__") };
static TRUNC: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "trunc", call: |args, _| int_result("trunc", &args, f64::trunc, "__trunc__") };

static POW: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "pow",
    call: |args, _| {
        let (x, y) = two_args("pow", &args)?;
        // C99's pow(±0, -inf) is inf; CPython follows it from 3.11 on.
        if x == 0.0 && y == f64::NEG_INFINITY && crate::compat::python_minor() >= 11 {
            return Ok(Value::Float(f64::INFINITY));
        }
        if x == 0.0 && y < 0.0 {
            return Err(domain());
        }
        if x < 0.0 && x.is_finite() && y.is_finite() && y.fract() != 0.0 {
            return Err(domain());
        }
        let r = crate::pow::pow(x, y);
        if r.is_infinite() && x.is_finite() && y.is_finite() {
            return Err(range_err());
        }
        Ok(Value::Float(r))
    },
};

static ATAN2: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "atan2",
    call: |args, _| {
        let (y, x) = two_args("atan2", &args)?;
        Ok(Value::Float(y.atan2(x)))
    },
};

static FMOD: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "fmod",
    call: |args, _| {
        let (x, y) = two_args("fmod", &args)?;
        // As CPython: a NaN out of two non-NaN operands (an infinite x, a
        // zero y) is a domain error.
        let r = x % y;
        if r.is_nan() && !x.is_nan() && !y.is_nan() {
            return Err(domain());
        }
        Ok(Value::Float(r))
    },
};

static REMAINDER: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "remainder",
    call: |args, _| {
        let (x, y) = two_args("remainder", &args)?;
        if x.is_nan() || y.is_nan() {
            return Ok(Value::Float(if x.is_nan() { x } else { y }));
        }
        if x.is_infinite() || y == 0.0 {
            return Err(domain());
        }
        if y.is_infinite() {
            return Ok(Value::Float(x));
        }
        Ok(Value::Float(libm::remainder(x, y)))
    },
};

math_unary!(CBRT, "cbrt", libm::cbrt);
math_unary!(EXP2, "exp2", f64::exp2);

static COPYSIGN: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "copysign",
    call: |args, _| {
        let (x, y) = two_args("copysign", &args)?;
        Ok(Value::Float(x.copysign(y)))
    },
};

static HYPOT: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "hypot",
    call: |args, _| {
        let xs = args.iter().map(to_f64).collect::<RtResult<Vec<f64>>>()?;
        Ok(Value::Float(vector_norm(&xs)))
    },
};

/// The Euclidean norm of `xs` as CPython (3.10 on) computes it for
/// `math.hypot` and `math.dist`: the coordinates scaled by a power of two
/// near the largest, their squares summed exactly in two parts
/// (error-free products and sums), one square root and a correction step
/// from its residual. An infinity wins over a NaN.
pub fn vector_norm(xs: &[f64]) -> f64 {
    let magnitudes: Vec<f64> = xs.iter().map(|x| x.abs()).collect();
    let max = magnitudes.iter().fold(0.0f64, |m, &x| if x > m { x } else { m });
    if max.is_infinite() {
        return max;
    }
    if magnitudes.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    norm_of_finite(&magnitudes, max)
}

fn norm_of_finite(xs: &[f64], max: f64) -> f64 {
    if max == 0.0 || xs.len() <= 1 {
        return max;
    }
    if crate::compat::python_minor() < 10 {
        return norm_of_finite_39(xs, max);
    }
    let max_e = frexp_exponent(max);
    if max_e < -1023 {
        // Subnormal coordinates: scale them to normal ones first.
        let unscaled: Vec<f64> = xs.iter().map(|x| x / f64::MIN_POSITIVE).collect();
        return f64::MIN_POSITIVE * norm_of_finite(&unscaled, max / f64::MIN_POSITIVE);
    }
    let scale = power_of_two(-max_e);
    let (mut csum, mut frac1, mut frac2) = (1.0f64, 0.0f64, 0.0f64);
    for &x in xs {
        let x = x * scale;
        let (hi, lo) = two_product(x, x);
        let (shi, slo) = fast_two_sum(csum, hi);
        csum = shi;
        frac1 += lo;
        frac2 += slo;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let (hi, lo) = two_product(-h, h);
    let (shi, slo) = fast_two_sum(csum, hi);
    csum = shi;
    frac1 += lo;
    frac2 += slo;
    let x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

/// The norm as CPython 3.9 computed it: each coordinate divided by the
/// largest, the squares summed with one compensation term, one square root
/// scaled back (no correction step).
fn norm_of_finite_39(xs: &[f64], max: f64) -> f64 {
    let (mut csum, mut frac) = (1.0f64, 0.0f64);
    for &x in xs {
        let x = x / max;
        let x = x * x;
        let old = csum;
        csum += x;
        frac += (old - csum) + x;
    }
    max * (csum - 1.0 + frac).sqrt()
}

/// `x * y` as a sum of two doubles, exactly.
fn two_product(x: f64, y: f64) -> (f64, f64) {
    let hi = x * y;
    (hi, x.mul_add(y, -hi))
}

/// `a + b` as a sum of two doubles, exactly (for `|a| >= |b|`).
fn fast_two_sum(a: f64, b: f64) -> (f64, f64) {
    let hi = a + b;
    (hi, (a - hi) + b)
}

/// The exponent `frexp` gives a finite nonzero `x` (`x = m * 2**e`,
/// `0.5 <= |m| < 1`).
fn frexp_exponent(x: f64) -> i32 {
    let field = ((x.to_bits() >> 52) & 0x7ff) as i32;
    if field == 0 {
        // Subnormal: normalise by 2**64 first.
        frexp_exponent(x * power_of_two(64)) - 64
    } else {
        field - 1022
    }
}

/// `2**k`, exactly, for `-1074 <= k <= 1023`.
fn power_of_two(k: i32) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (k + 1074))
    }
}

static ISNAN: BuiltinFunction = BuiltinFunction { unary: None, float: None, name: "isnan", call: |args, _| Ok(Value::Bool(one_arg("isnan", &args)?.is_nan())) };
static ISINF: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "isinf", call: |args, _| Ok(Value::Bool(one_arg("isinf", &args)?.is_infinite())) };
static ISFINITE: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "isfinite", call: |args, _| Ok(Value::Bool(one_arg("isfinite", &args)?.is_finite())) };

static ISCLOSE: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "isclose",
    call: |args, kw| {
        let (a, b) = two_args("isclose", &args)?;
        let get = |n: &str, d: f64| -> RtResult<f64> {
            match kw.iter().find(|(k, _)| &**k == n) {
                Some((_, v)) => to_f64(v),
                None => Ok(d),
            }
        };
        let rel = get("rel_tol", 1e-9)?;
        let abs = get("abs_tol", 0.0)?;
        if rel < 0.0 || abs < 0.0 {
            return Err(value_error("tolerances must be non-negative"));
        }
        if a == b {
            return Ok(Value::Bool(true));
        }
        if a.is_infinite() || b.is_infinite() {
            return Ok(Value::Bool(false));
        }
        let diff = (b - a).abs();
        Ok(Value::Bool(diff <= (rel * b).abs() || diff <= (rel * a).abs() || diff <= abs))
    },
};

/// An integer argument of a `math` function: ints and bools, or objects
/// with `__index__`.
fn big_arg(v: &Value) -> RtResult<BigInt> {
    match as_int(v) {
        Some(i) => Ok(i.to_big()),
        None if matches!(v, Value::Instance(_)) => match ops::index_value(v)? {
            Value::Int(i) => Ok(BigInt::from(i)),
            Value::Big(b) => Ok((*b).clone()),
            _ => unreachable!("index_value gives an int"),
        },
        None => Err(type_error(format!("'{}' object cannot be interpreted as an integer", v.type_name()))),
    }
}

static GCD: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "gcd",
    call: |args, _| {
        let mut g = BigInt::zero();
        for a in &args {
            g = num_integer::Integer::gcd(&g, &big_arg(a)?);
        }
        Ok(Value::from_big(g))
    },
};

static LCM: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "lcm",
    call: |args, _| {
        // Every argument is checked to be an integer, zeros or not.
        let ints = args.iter().map(big_arg).collect::<RtResult<Vec<BigInt>>>()?;
        if ints.iter().any(|b| b.is_zero()) {
            return Ok(Value::Int(0));
        }
        let l = ints.iter().fold(BigInt::one(), |l, b| num_integer::Integer::lcm(&l, b));
        Ok(Value::from_big(l))
    },
};

static FACTORIAL: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "factorial",
    call: |args, _| {
        let n = match args.first() {
            // Python 3.9 still took integral floats (deprecated).
            Some(Value::Float(f)) if crate::compat::python_minor() < 10 && args.len() == 1 => {
                if f.fract() != 0.0 || !f.is_finite() {
                    return Err(value_error("factorial() only accepts integral values"));
                }
                if *f < 0.0 {
                    return Err(value_error("factorial() not defined for negative values"));
                }
                if *f > i64::MAX as f64 {
                    return Err(Error::new(ExcKind::OverflowError, format!("factorial() argument should not exceed {}", i64::MAX)));
                }
                *f as i64
            }
            Some(Value::Float(_)) => return Err(type_error("'float' object cannot be interpreted as an integer")),
            Some(Value::Big(b)) if b.is_negative() => return Err(value_error("factorial() not defined for negative values")),
            Some(Value::Big(_)) => return Err(Error::new(ExcKind::OverflowError, format!("factorial() argument should not exceed {}", i64::MAX))),
            Some(v) if args.len() == 1 => ops::index_of(v)?,
            Some(_) => return Err(type_error(format!("math.factorial() takes exactly one argument ({} given)", args.len()))),
            None => return Err(type_error("factorial() takes exactly one argument (0 given)")),
        };
        if n < 0 {
            return Err(value_error("factorial() not defined for negative values"));
        }
        Ok(Value::from_big(range_product(&BigInt::one(), n as u64)))
    },
};

/// The product of the `count` integers `start, start + 1, ...`, multiplied
/// as a balanced tree (products of similar sizes: near-linear in the size
/// of the result, where multiplying them in order is quadratic).
fn range_product(start: &BigInt, count: u64) -> BigInt {
    match count {
        0 => BigInt::one(),
        1 => start.clone(),
        2 => start * (start + 1u32),
        _ => {
            let half = count / 2;
            range_product(start, half) * range_product(&(start + half), count - half)
        }
    }
}

fn comb_perm(args: &[Value], comb: bool) -> RtResult<Value> {
    let name = if comb { "comb" } else { "perm" };
    let n = big_arg(args.first().ok_or_else(|| type_error(format!("{name} expected 2 arguments")))?)?;
    let k = match args.get(1) {
        // `perm(n, None)` is `perm(n)`.
        Some(Value::None) if !comb => n.clone(),
        Some(v) => big_arg(v)?,
        None if !comb => n.clone(),
        None => return Err(type_error("comb expected 2 arguments, got 1")),
    };
    if n.is_negative() {
        return Err(value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    // comb(n, k) == comb(n, n - k): CPython computes with the smaller one
    // and limits only that to a machine integer.
    let k = if comb { k.clone().min(&n - &k) } else { k };
    let Some(k) = k.to_i64() else {
        let what = if comb { "min(n - k, k)" } else { "k" };
        return Err(Error::new(ExcKind::OverflowError, format!("{what} must not exceed {}", i64::MAX)));
    };
    let k = k as u64;
    // n * (n - 1) * ... * (n - k + 1), divided by k! for comb.
    let falling = range_product(&(&n - k + 1u32), k);
    Ok(Value::from_big(if comb { falling / range_product(&BigInt::one(), k) } else { falling }))
}

static COMB: BuiltinFunction = BuiltinFunction { unary: None, float: None, name: "comb", call: |args, _| comb_perm(&args, true) };
static PERM: BuiltinFunction = BuiltinFunction { unary: None, float: None, name: "perm", call: |args, _| comb_perm(&args, false) };

static ISQRT: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "isqrt",
    call: |args, _| {
        let n = big_arg(args.first().ok_or_else(|| type_error("isqrt() takes exactly one argument"))?)?;
        if n.is_negative() {
            return Err(value_error("isqrt() argument must be nonnegative"));
        }
        Ok(Value::from_big(n.sqrt()))
    },
};

/// `math.sumprod(p, q)` (Python 3.12): ints sum exactly; numbers whose
/// products are all finite sum as the exact products rounded once (each
/// product split exactly into two floats, summed by `fsum`), which is what
/// CPython's extended-precision accumulation gives; anything else is
/// `p[0] * q[0] + p[1] * q[1] + ...` in order.
static SUMPROD: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "sumprod",
    call: |args, _| {
        if args.len() != 2 {
            return Err(type_error(format!("sumprod expected 2 arguments, got {}", args.len())));
        }
        sumprod(&args[0], &args[1])
    },
};

/// `math.sumprod(p, q)` as CPython computes it: the leading pairs of exact
/// ints summed exactly in a machine int, then the pairs of floats (or a
/// float and an int) summed in triple-length arithmetic, then everything
/// else with Python's `+` and `*`. Each fast path ends for good at the
/// first pair it cannot take; the lengths are compared pair by pair.
fn sumprod(p: &Value, q: &Value) -> RtResult<Value> {
    use pyfora_syntax::ir::BinOp;
    let (p, q) = (iter::iter(p)?, iter::iter(q)?);
    let mut total = Value::Int(0);
    let (mut int_path, mut int_total) = (true, None::<i64>);
    let (mut flt_path, mut flt_total) = (true, None::<TripleLength>);
    loop {
        let (x, y) = (iter::next(&p)?, iter::next(&q)?);
        if x.is_some() != y.is_some() {
            return Err(value_error("Inputs are not the same length"));
        }
        let pair = x.zip(y);
        if int_path {
            if let Some((Value::Int(a), Value::Int(b))) = &pair {
                if let Some(sum) = a.checked_mul(*b).and_then(|prod| prod.checked_add(int_total.unwrap_or(0))) {
                    int_total = Some(sum);
                    continue;
                }
            }
            int_path = false;
            if let Some(sum) = int_total.take() {
                total = ops::binop(BinOp::Add, &total, &Value::Int(sum))?;
            }
        }
        if flt_path {
            let as_float = |v: &Value| match v {
                Value::Int(_) | Value::Big(_) | Value::Bool(_) => to_f64(v).ok(),
                _ => None,
            };
            let floats = match &pair {
                Some((Value::Float(a), Value::Float(b))) => Some((*a, *b)),
                Some((Value::Float(a), other)) => as_float(other).map(|b| (*a, b)),
                Some((other, Value::Float(b))) => as_float(other).map(|a| (a, *b)),
                _ => None,
            };
            if let Some((a, b)) = floats {
                let next = TripleLength::fma(a, b, flt_total.unwrap_or_default());
                if next.hi.is_finite() {
                    flt_total = Some(next);
                    continue;
                }
            }
            flt_path = false;
            if let Some(sum) = flt_total.take() {
                total = ops::binop(BinOp::Add, &total, &Value::Float(sum.to_f64()))?;
            }
        }
        let Some((x, y)) = pair else { return Ok(total) };
        total = ops::binop(BinOp::Add, &total, &ops::binop(BinOp::Mul, &x, &y)?)?;
    }
}

/// A float as the unevaluated sum of three (CPython's `TripleLength` in
/// `sumprod`).
#[derive(Clone, Copy, Default)]
struct TripleLength {
    hi: f64,
    lo: f64,
    tiny: f64,
}

impl TripleLength {
    /// `total + x * y` (Ogita, Rump and Oishi's algorithm 5.10 with
    /// SumKVert, K = 3).
    fn fma(x: f64, y: f64, total: TripleLength) -> TripleLength {
        let product = x * y;
        let product_lo = x.mul_add(y, -product);
        let (sum_hi, sum_lo) = two_sum(total.hi, product);
        let (r1_hi, r1_lo) = two_sum(total.lo, product_lo);
        let (r2_hi, r2_lo) = two_sum(r1_hi, sum_lo);
        TripleLength { hi: sum_hi, lo: r2_hi, tiny: total.tiny + r1_lo + r2_lo }
    }

    /// The nearest float.
    fn to_f64(self) -> f64 {
        let (hi, lo) = two_sum(self.lo, self.hi);
        self.tiny + lo + hi
    }
}

/// `a + b` and its rounding error, exactly.
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let x = a + b;
    let z = x - a;
    (x, (a - (x - z)) + (b - z))
}

/// `math.fma(x, y, z)` (Python 3.13): `x * y + z` rounded once.
static FMA: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "fma",
    call: |args, _| {
        if args.len() != 3 {
            return Err(type_error(format!("fma expected 3 arguments, got {}", args.len())));
        }
        let (x, y, z) = (to_f64(&args[0])?, to_f64(&args[1])?, to_f64(&args[2])?);
        let r = x.mul_add(y, z);
        if r.is_nan() && !x.is_nan() && !y.is_nan() && !z.is_nan() {
            return Err(value_error("invalid operation in fma"));
        }
        if r.is_infinite() && x.is_finite() && y.is_finite() && z.is_finite() {
            return Err(Error::new(ExcKind::OverflowError, "overflow in fma"));
        }
        Ok(Value::Float(r))
    },
};

static FSUM: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "fsum",
    call: |args, _| {
        let items = iter::collect(args.first().ok_or_else(|| type_error("fsum() takes exactly one argument"))?)?;
        // Shewchuk's exact partials, as CPython's fsum.
        let mut partials: Vec<f64> = Vec::new();
        let mut special = 0.0f64;
        let mut inf_sum = 0.0f64;
        for it in &items {
            let mut x = to_f64(it)?;
            if !x.is_finite() {
                if x.is_infinite() {
                    inf_sum += x;
                }
                special += x;
                // CPython drops the partials here: the finite summands
                // before a nan or inf cannot overflow afterwards.
                partials.clear();
                continue;
            }
            let mut i = 0;
            for j in 0..partials.len() {
                let mut y = partials[j];
                if x.abs() < y.abs() {
                    std::mem::swap(&mut x, &mut y);
                }
                let hi = x + y;
                let lo = y - (hi - x);
                if lo != 0.0 {
                    partials[i] = lo;
                    i += 1;
                }
                x = hi;
            }
            partials.truncate(i);
            if !x.is_finite() {
                return Err(Error::new(ExcKind::OverflowError, "intermediate overflow in fsum"));
            }
            // Zeros are not kept (so an all-zero sum is +0.0, as CPython's).
            if x != 0.0 {
                partials.push(x);
            }
        }
        if special != 0.0 || special.is_nan() {
            if inf_sum.is_nan() {
                return Err(value_error("-inf + inf in fsum"));
            }
            return Ok(Value::Float(special));
        }
        let mut n = partials.len();
        let mut hi = 0.0;
        if n > 0 {
            n -= 1;
            hi = partials[n];
            let mut lo = 0.0;
            while n > 0 {
                let x = hi;
                n -= 1;
                let y = partials[n];
                hi = x + y;
                let yr = hi - x;
                lo = y - yr;
                if lo != 0.0 {
                    break;
                }
            }
            if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
                let y = lo * 2.0;
                let x = hi + y;
                let yr = x - hi;
                if y == yr {
                    hi = x;
                }
            }
        }
        Ok(Value::Float(hi))
    },
};

static PROD: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "prod",
    call: |args, kw| {
        if args.len() != 1 {
            return Err(type_error(format!("prod() takes exactly 1 positional argument ({} given)", args.len())));
        }
        let items = iter::collect(&args[0])?;
        let mut acc = kw.iter().find(|(k, _)| &**k == "start").map(|(_, v)| v.clone()).unwrap_or(Value::Int(1));
        for x in &items {
            acc = ops::binop(pyfora_syntax::ir::BinOp::Mul, &acc, x)?;
        }
        Ok(acc)
    },
};

static MODF: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "modf",
    call: |args, _| {
        let x = one_arg("modf", &args)?;
        if x.is_infinite() {
            return Ok(Value::tuple(vec![Value::Float(0.0f64.copysign(x)), Value::Float(x)]));
        }
        let i = x.trunc();
        Ok(Value::tuple(vec![Value::Float((x - i).copysign(x)), Value::Float(i)]))
    },
};

static FREXP: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "frexp",
    call: |args, _| {
        let x = one_arg("frexp", &args)?;
        let (m, e) = crate::hash::frexp(x);
        Ok(Value::tuple(vec![Value::Float(m), Value::Int(e as i64)]))
    },
};

static LDEXP: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "ldexp",
    call: |args, _| {
        if args.len() != 2 {
            return Err(type_error("ldexp expected 2 arguments"));
        }
        let x = to_f64(&args[0])?;
        // An exponent beyond i64 scales any finite, nonzero x past the
        // float range (CPython: OverflowError, or a zero of x's sign).
        let e = match &args[1] {
            Value::Big(b) if b.is_negative() => i64::MIN,
            Value::Big(_) => i64::MAX,
            other => ops::index_of(other)?,
        };
        let r = crate::num::ldexp(x, e.clamp(-5000, 5000) as i32);
        if r.is_infinite() && x.is_finite() {
            return Err(range_err());
        }
        Ok(Value::Float(r))
    },
};

static DIST: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "dist",
    call: |args, _| {
        if args.len() != 2 {
            return Err(type_error("dist expected 2 arguments"));
        }
        let p = iter::collect(&args[0])?;
        let q = iter::collect(&args[1])?;
        if p.len() != q.len() {
            return Err(value_error("both points must have the same number of dimensions"));
        }
        let diffs: Vec<f64> = p.iter().zip(&q).map(|(a, b)| Ok(to_f64(a)? - to_f64(b)?)).collect::<RtResult<_>>()?;
        Ok(Value::Float(vector_norm(&diffs)))
    },
};

static REDUCE: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "reduce",
    call: |args, _| {
        if args.len() < 2 || args.len() > 3 {
            return Err(type_error(format!("reduce expected at least 2 arguments, got {}", args.len())));
        }
        let it = iter::iter(&args[1])?;
        let mut acc = match args.get(2) {
            Some(init) => init.clone(),
            None => iter::next(&it)?.ok_or_else(|| type_error("reduce() of empty iterable with no initial value"))?,
        };
        while let Some(x) = iter::next(&it)? {
            acc = call_value(&args[0], vec![acc, x], vec![])?;
        }
        Ok(acc)
    },
};

fn math() -> Value {
    static M: OnceLock<Module> = OnceLock::new();
    Value::Module(M.get_or_init(|| {
        let mut attrs: Vec<(&'static str, Value)> = vec![
            ("pi", Value::Float(std::f64::consts::PI)),
            ("e", Value::Float(std::f64::consts::E)),
            ("tau", Value::Float(std::f64::consts::TAU)),
            ("inf", Value::Float(f64::INFINITY)),
            ("nan", Value::Float(f64::NAN)),
        ];
        for f in [
            &SIN, &COS, &TAN, &ASIN, &ACOS, &ATAN, &SINH, &COSH, &TANH, &ASINH, &ACOSH, &ATANH, &EXP, &EXPM1, &LOG1P, &FABS, &DEGREES, &RADIANS, &ERF, &ERFC,
            &SQRT, &LOG, &LOG2, &LOG10, &FLOOR, &CEIL, &TRUNC, &POW, &ATAN2, &FMOD, &COPYSIGN, &HYPOT, &ISNAN, &ISINF, &ISFINITE, &ISCLOSE, &GCD, &LCM,
            &FACTORIAL, &COMB, &PERM, &ISQRT, &FSUM, &PROD, &MODF, &FREXP, &LDEXP, &DIST, &GAMMA, &LGAMMA, &NEXTAFTER, &ULP, &REMAINDER,
        ] {
            attrs.push((f.name, Value::Builtin(f)));
        }
        // New in Python 3.11 (the module is built after the engine learns
        // the client's version).
        if crate::compat::python_minor() >= 11 {
            attrs.push((CBRT.name, Value::Builtin(&CBRT)));
            attrs.push((EXP2.name, Value::Builtin(&EXP2)));
        }
        if crate::compat::python_minor() >= 12 {
            attrs.push((SUMPROD.name, Value::Builtin(&SUMPROD)));
        }
        if crate::compat::python_minor() >= 13 {
            attrs.push((FMA.name, Value::Builtin(&FMA)));
        }
        Module { name: "math", attrs: attrs.into_iter().collect(), unshipped: Default::default(), refused: None }
    }))
}

/// The keyword arguments a builtin function accepts, for a call that
/// passes some: `None` when it is not one of those checked here (it reads
/// what it takes itself). Python's builtins and the `math` functions refuse
/// keywords they do not take instead of ignoring them.
pub fn accepted_keywords(b: &'static BuiltinFunction) -> Option<&'static [&'static str]> {
    const BUILTINS: &[(&str, &[&str])] = &[
        ("sorted", &["key", "reverse"]),
        ("min", &["key", "default"]),
        ("max", &["key", "default"]),
        ("sum", &["start"]),
        ("round", &["number", "ndigits"]),
        ("enumerate", &["iterable", "start"]),
        ("zip", &["strict"]),
        ("map", &[]),
        ("filter", &[]),
        ("reversed", &[]),
        ("any", &[]),
        ("all", &[]),
        ("len", &[]),
        ("abs", &[]),
        ("divmod", &[]),
        ("isinstance", &[]),
        ("issubclass", &[]),
        ("getattr", &[]),
        ("hasattr", &[]),
        ("iter", &[]),
        ("next", &[]),
        ("chr", &[]),
        ("ord", &[]),
        ("hash", &[]),
        ("repr", &[]),
        ("ascii", &[]),
    ];
    if is_math_function(b) {
        return Some(match b.name {
            "isclose" => &["a", "b", "rel_tol", "abs_tol"],
            "prod" => &["start"],
            "nextafter" if crate::compat::python_minor() >= 12 => &["steps"],
            _ => &[],
        });
    }
    if std::ptr::eq(b, &REDUCE) {
        return Some(&[]);
    }
    if is_python_builtin(b) {
        return BUILTINS.iter().find(|(name, _)| *name == b.name).map(|(_, k)| *k);
    }
    None
}

/// Whether `b` is the Python builtin of its name (not a module function
/// that happens to share it).
pub fn is_python_builtin(b: &'static BuiltinFunction) -> bool {
    matches!(crate::builtins::lookup(b.name), Some(Value::Builtin(f)) if std::ptr::eq(f, b))
}

/// Whether `b` is a function of the `math` module.
fn is_math_function(b: &'static BuiltinFunction) -> bool {
    matches!(math(), Value::Module(m) if m.attrs.get(b.name).is_some_and(|v| matches!(v, Value::Builtin(f) if std::ptr::eq(*f, b))))
}

/// The parameters of builtin `b` that CPython also accepts by name, in
/// order (`round(number=2.5)`, `pow(2, exp=3)`); empty for the others.
fn named_positionals(b: &'static BuiltinFunction) -> &'static [&'static str] {
    if is_math_function(b) {
        return match b.name {
            "isclose" => &["a", "b"],
            _ => &[],
        };
    }
    let table: &[(&str, &'static [&'static str])] =
        &[("round", &["number", "ndigits"]), ("pow", &["base", "exp", "mod"]), ("enumerate", &["iterable", "start"])];
    match table.iter().find(|(name, _)| *name == b.name) {
        Some((_, names)) if is_python_builtin(b) => names,
        _ => &[],
    }
}

/// Moves the keyword arguments of a call of builtin `b` that name its
/// positional parameters into place among `args`, as CPython binds them.
pub fn bind_named_positionals(b: &'static BuiltinFunction, args: &mut Vec<Value>, kwargs: &mut Vec<(Arc<str>, Value)>) -> RtResult<()> {
    let names = named_positionals(b);
    if names.is_empty() || !kwargs.iter().any(|(k, _)| names.contains(&&**k)) {
        return Ok(());
    }
    for (i, name) in names.iter().enumerate() {
        let Some(at) = kwargs.iter().position(|(k, _)| &**k == *name) else { continue };
        if i < args.len() {
            return Err(type_error(format!("argument for {}() given by name ('{name}') and position ({})", b.name, i + 1)));
        }
        if i > args.len() {
            return Err(type_error(format!("{}() missing required argument '{}' (pos {})", b.name, names[args.len()], args.len() + 1)));
        }
        args.push(kwargs.remove(at).1);
    }
    Ok(())
}

/// Refuses keyword arguments the builtin `b` does not take, as CPython does.
pub fn check_keywords(b: &'static BuiltinFunction, kwargs: &[(Arc<str>, Value)]) -> RtResult<()> {
    let Some(accepted) = accepted_keywords(b) else { return Ok(()) };
    let name = if is_math_function(b) { format!("math.{}", b.name) } else { b.name.to_string() };
    if accepted.is_empty() {
        return Err(type_error(format!("{name}() takes no keyword arguments")));
    }
    match kwargs.iter().find(|(k, _)| !accepted.contains(&&**k)) {
        Some((k, _)) => Err(type_error(format!("{name}() got an unexpected keyword argument '{k}'"))),
        None => Ok(()),
    }
}

fn functools() -> Value {
    static M: OnceLock<Module> = OnceLock::new();
    Value::Module(M.get_or_init(|| {
        let attrs = [
            ("reduce", Value::Builtin(&REDUCE)),
            ("partial", Value::Class(partial_class().clone())),
            ("total_ordering", Value::Builtin(&TOTAL_ORDERING)),
            ("cmp_to_key", Value::Builtin(&CMP_TO_KEY)),
            ("wraps", Value::Builtin(&WRAPS)),
            ("update_wrapper", Value::Builtin(&UPDATE_WRAPPER)),
            ("lru_cache", Value::Builtin(&LRU_CACHE)),
            ("cache", Value::Builtin(&CACHE)),
        ];
        Module { name: "functools", attrs: attrs.into_iter().collect(), unshipped: Default::default(), refused: None }
    }))
}

/// `functools.update_wrapper(wrapper, wrapped)`: a function is copied with
/// the wrapped one's `__module__`, `__name__`, `__qualname__`, `__doc__`
/// and attributes, and `__wrapped__` (functions are immutable here, so the
/// copy is returned in its place); anything else is returned as it is.
static UPDATE_WRAPPER: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "update_wrapper",
    call: |args, kwargs| {
        let [wrapper, wrapped, _, _]: [Option<Value>; 4] =
            crate::builtins::bind("update_wrapper", args, kwargs, &["wrapper", "wrapped", "assigned", "updated"], 2)?.try_into().expect("four parameters");
        let (wrapper, wrapped) = (wrapper.expect("required"), wrapped.expect("required"));
        let Value::Function(w) = &wrapper else {
            return Ok(wrapper);
        };
        let mut attrs: Vec<(Arc<str>, Value)> = w.attrs.get().cloned().unwrap_or_default();
        let mut set = |name: &str, v: Value| match attrs.iter_mut().find(|(n, _)| &**n == name) {
            Some(slot) => slot.1 = v,
            None => attrs.push((Arc::from(name), v)),
        };
        for name in ["__module__", "__name__", "__qualname__", "__doc__"] {
            if let Ok(v) = crate::interp::get_attr(&wrapped, name) {
                set(name, v);
            }
        }
        if let Value::Function(inner) = &wrapped {
            for (n, v) in inner.attrs.get().into_iter().flatten() {
                if !matches!(&**n, "__module__" | "__name__" | "__qualname__" | "__doc__" | "__wrapped__") {
                    set(n, v.clone());
                }
            }
        }
        set("__wrapped__", wrapped.clone());
        let copy = crate::interp::make_function(w.code.clone(), w.globals.clone(), w.defaults.clone(), w.kwdefaults.clone(), w.closure.clone());
        let _ = copy.attrs.set(attrs);
        Ok(Value::Function(copy))
    },
};

/// `functools.wraps(wrapped)`: `partial(update_wrapper, wrapped=wrapped)`.
static WRAPS: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "wraps",
    call: |args, kwargs| {
        let [wrapped, _, _]: [Option<Value>; 3] =
            crate::builtins::bind("wraps", args, kwargs, &["wrapped", "assigned", "updated"], 1)?.try_into().expect("three parameters");
        crate::interp::instantiate(partial_class(), vec![Value::Builtin(&UPDATE_WRAPPER)], vec![(Arc::from("wrapped"), wrapped.expect("required"))])
    },
};

/// `functools.lru_cache` and `functools.cache`: not supported yet (a cache
/// is state shared between calls); a clear error where code decorates with
/// them.
static LRU_CACHE: BuiltinFunction = BuiltinFunction { unary: None, float: None, name: "lru_cache", call: |_args, _kw| Err(no_function_cache("lru_cache")) };
static CACHE: BuiltinFunction = BuiltinFunction { unary: None, float: None, name: "cache", call: |_args, _kw| Err(no_function_cache("cache")) };

fn no_function_cache(name: &str) -> crate::error::Error {
    crate::error::Error::new(
        crate::exceptions::ExcKind::NotImplementedError,
        format!("functools.{name} is not supported by pyfora yet: remove the decorator (the function's results do not change without it), or memoize with a dict the function builds and returns"),
    )
}

// ----- string --------------------------------------------------------------------

/// `string.capwords(s, sep=None)`: `sep.join(w.capitalize() for w in s.split(sep))`.
static CAPWORDS: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "capwords",
    call: |args, kwargs| {
        let [s, sep]: [Option<Value>; 2] = crate::builtins::bind("capwords", args, kwargs, &["s", "sep"], 1)?.try_into().expect("two parameters");
        let (mut s, sep) = (s.expect("required"), sep.unwrap_or(Value::None));
        let words = crate::methods::call_method(&mut s, "split", vec![sep.clone()], vec![], false)?;
        let Value::List(words) = words else { unreachable!("str.split gives a list") };
        let mut capitalized = Vec::with_capacity(words.len());
        for w in words.iter() {
            capitalized.push(crate::methods::call_method(&mut w.clone(), "capitalize", vec![], vec![], false)?);
        }
        let mut joiner = if matches!(sep, Value::None) { Value::str(" ") } else { sep };
        crate::methods::call_method(&mut joiner, "join", vec![Value::list(capitalized)], vec![], false)
    },
};

fn string_module() -> Value {
    static M: OnceLock<Module> = OnceLock::new();
    Value::Module(M.get_or_init(|| {
        let lower = "abcdefghijklmnopqrstuvwxyz";
        let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let digits = "0123456789";
        let punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
        let whitespace = " \t\n\r\x0b\x0c";
        let letters = format!("{lower}{upper}");
        let printable = format!("{digits}{letters}{punctuation}{whitespace}");
        let attrs = [
            ("ascii_lowercase", Value::str(lower)),
            ("ascii_uppercase", Value::str(upper)),
            ("ascii_letters", Value::str(letters.as_str())),
            ("digits", Value::str(digits)),
            ("hexdigits", Value::str("0123456789abcdefABCDEF")),
            ("octdigits", Value::str("01234567")),
            ("punctuation", Value::str(punctuation)),
            ("whitespace", Value::str(whitespace)),
            ("printable", Value::str(printable.as_str())),
            ("capwords", Value::Builtin(&CAPWORDS)),
        ];
        Module { name: "string", attrs: attrs.into_iter().collect(), unshipped: Default::default(), refused: None }
    }))
}

// ----- functools.cmp_to_key -------------------------------------------------------

/// `functools.cmp_to_key(mycmp)`: a new class `K` whose instances wrap an
/// item (`obj`) and order themselves by `mycmp(a.obj, b.obj)` against 0;
/// unhashable, as CPython's.
static CMP_TO_KEY: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "cmp_to_key",
    call: |args, kwargs| {
        let mycmp = crate::builtins::bind("cmp_to_key", args, kwargs, &["mycmp"], 1)?.remove(0).expect("required");
        let namespace = vec![
            (Arc::from("__init__"), Value::Builtin(&CMP_KEY_INIT)),
            (Arc::from("__lt__"), Value::Builtin(&CMP_KEY_LT)),
            (Arc::from("__le__"), Value::Builtin(&CMP_KEY_LE)),
            (Arc::from("__gt__"), Value::Builtin(&CMP_KEY_GT)),
            (Arc::from("__ge__"), Value::Builtin(&CMP_KEY_GE)),
            (Arc::from("__eq__"), Value::Builtin(&CMP_KEY_EQ)),
            (Arc::from("__hash__"), Value::None),
            (Arc::from(CMP_KEY_FUNCTION), Value::StaticMethod(Arc::new(mycmp))),
        ];
        Ok(Value::Class(crate::class::new_class(Arc::from("K"), vec![], namespace, None, false)))
    },
};

/// Where a `K` class keeps its comparison function.
const CMP_KEY_FUNCTION: &str = "_pyfora_cmp";

static CMP_KEY_INIT: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "__init__",
    call: |args, kwargs| {
        let [this, obj] = args.as_slice() else { return Err(type_error("K() takes exactly one argument")) };
        if !kwargs.is_empty() {
            return Err(type_error("K() takes no keyword arguments"));
        }
        let Value::Instance(inst) = this else { return Err(type_error("K.__init__ needs a K object")) };
        inst.set_attr(Arc::from("obj"), obj.clone());
        Ok(Value::None)
    },
};

/// `mycmp(this.obj, other.obj) op 0` for two instances of one `K` class.
fn cmp_key_compare(args: &[Value], op: pyfora_syntax::ir::CmpOp) -> RtResult<Value> {
    let [Value::Instance(a), other] = args else { return Err(type_error("K comparison needs two arguments")) };
    let Value::Instance(b) = other else { return Err(type_error("other argument must be K instance")) };
    let (Some(x), Some(y)) = (a.get_attr("obj"), b.get_attr("obj")) else { return Err(type_error("other argument must be K instance")) };
    let Some(Value::StaticMethod(mycmp)) = a.class.lookup(CMP_KEY_FUNCTION) else { return Err(type_error("other argument must be K instance")) };
    let r = call_value(&mycmp, vec![x, y], vec![])?;
    Ok(Value::Bool(ops::compare(op, &r, &Value::Int(0))?))
}

static CMP_KEY_LT: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "__lt__", call: |a, _| cmp_key_compare(&a, pyfora_syntax::ir::CmpOp::Lt) };
static CMP_KEY_LE: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "__le__", call: |a, _| cmp_key_compare(&a, pyfora_syntax::ir::CmpOp::LtE) };
static CMP_KEY_GT: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "__gt__", call: |a, _| cmp_key_compare(&a, pyfora_syntax::ir::CmpOp::Gt) };
static CMP_KEY_GE: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "__ge__", call: |a, _| cmp_key_compare(&a, pyfora_syntax::ir::CmpOp::GtE) };
static CMP_KEY_EQ: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "__eq__", call: |a, _| cmp_key_compare(&a, pyfora_syntax::ir::CmpOp::Eq) };

// ----- functools.partial ---------------------------------------------------------

/// The `functools.partial` class: instances carry CPython's `func`, `args`
/// and `keywords` attributes and are called through `__call__`.
fn partial_class() -> &'static Arc<Class> {
    static C: OnceLock<Arc<Class>> = OnceLock::new();
    C.get_or_init(|| {
        let namespace = vec![
            (Arc::from("__init__"), Value::Builtin(&PARTIAL_INIT)),
            (Arc::from("__call__"), Value::Builtin(&PARTIAL_CALL)),
            (Arc::from("__repr__"), Value::Builtin(&PARTIAL_REPR)),
        ];
        crate::class::new_class(Arc::from("partial"), vec![], namespace, None, false)
    })
}

/// The `(func, args, keywords)` stored on a partial object.
fn partial_parts(p: &Value) -> Option<(Value, Vec<Value>, Kwargs)> {
    let Value::Instance(inst) = p else {
        return None;
    };
    if !Arc::ptr_eq(&inst.class, partial_class()) {
        return None;
    }
    let func = inst.get_attr("func")?;
    let args = match inst.get_attr("args")? {
        Value::Tuple(t) => (*t).clone(),
        _ => return None,
    };
    let mut kwargs = Kwargs::new();
    if let Value::Dict(d) = inst.get_attr("keywords")? {
        for (k, v) in d.iter() {
            if let Value::Str(name) = &k.value {
                kwargs.push((Arc::from(&*name.text), v.clone()));
            }
        }
    }
    Some((func, args, kwargs))
}

/// Merges keyword arguments: later names replace earlier ones in place, as
/// `{**first, **second}` does.
fn merge_kwargs(mut first: Kwargs, second: Kwargs) -> Kwargs {
    for (k, v) in second {
        match first.iter_mut().find(|(n, _)| *n == k) {
            Some(slot) => slot.1 = v,
            None => first.push((k, v)),
        }
    }
    first
}

/// `partial(func, *args, **keywords)`; a partial of a partial is flattened
/// like CPython's.
static PARTIAL_INIT: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "__init__",
    call: |mut args, kwargs| {
        let this = args.remove(0);
        if args.is_empty() {
            return Err(type_error("type 'partial' takes at least one argument"));
        }
        let func = args.remove(0);
        if !crate::builtins::is_callable(&func) {
            return Err(type_error("the first argument must be callable"));
        }
        let (func, args, kwargs) = match partial_parts(&func) {
            Some((inner, mut inner_args, inner_kw)) => {
                inner_args.extend(args);
                (inner, inner_args, merge_kwargs(inner_kw, kwargs))
            }
            None => (func, args, kwargs),
        };
        let mut keywords = crate::dict::new_dict();
        for (k, v) in kwargs {
            keywords.insert(crate::dict::HKey::new(Value::str(&*k))?, v);
        }
        let Value::Instance(inst) = &this else {
            return Err(type_error("partial.__init__ needs a partial object"));
        };
        inst.set_attr(Arc::from("func"), func);
        inst.set_attr(Arc::from("args"), Value::tuple(args));
        inst.set_attr(Arc::from("keywords"), Value::Dict(Arc::new(keywords)));
        Ok(Value::None)
    },
};

/// `p(*args, **kw)`: `p.func(*p.args, *args, **{**p.keywords, **kw})`.
static PARTIAL_CALL: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "__call__",
    call: |mut args, kwargs| {
        let this = args.remove(0);
        let (func, mut full, stored) = partial_parts(&this).ok_or_else(|| type_error("descriptor '__call__' requires a 'functools.partial' object"))?;
        full.extend(args);
        call_value(&func, full, merge_kwargs(stored, kwargs))
    },
};

/// `repr(p)`: `functools.partial(<func>, 1, key=2)`.
static PARTIAL_REPR: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "__repr__",
    call: |args, _| {
        let (func, pargs, kw) =
            args.first().and_then(partial_parts).ok_or_else(|| type_error("descriptor '__repr__' requires a 'functools.partial' object"))?;
        let mut parts = vec![ops::repr(&func)?];
        for a in &pargs {
            parts.push(ops::repr(a)?);
        }
        for (k, v) in &kw {
            parts.push(format!("{k}={}", ops::repr(v)?));
        }
        Ok(Value::str(format!("functools.partial({})", parts.join(", "))))
    },
};

/// True for the builtins that play the part of Python-level methods in a
/// class namespace (`partial.__call__`, the methods `total_ordering` adds):
/// reading them from an instance gives a bound method, as in CPython where
/// they are ordinary functions.
pub fn binds_as_method(b: &'static BuiltinFunction) -> bool {
    [
        &PARTIAL_INIT,
        &PARTIAL_CALL,
        &PARTIAL_REPR,
        &GT_FROM_LT,
        &LE_FROM_LT,
        &GE_FROM_LT,
        &GE_FROM_LE,
        &LT_FROM_LE,
        &GT_FROM_LE,
        &LT_FROM_GT,
        &GE_FROM_GT,
        &LE_FROM_GT,
        &LE_FROM_GE,
        &GT_FROM_GE,
        &LT_FROM_GE,
    ]
    .iter()
    .any(|m| std::ptr::eq(*m, b))
}

// ----- functools.total_ordering ------------------------------------------------

/// The ordering methods `total_ordering` looks for, in CPython's order of
/// preference (`max()` of the names: `__lt__`, `__le__`, `__gt__`, `__ge__`).
const ORDER_ROOTS: [&str; 4] = ["__lt__", "__le__", "__gt__", "__ge__"];

/// For each root, the methods derived from it (CPython's `_convert` table).
fn derived_ops(root: &str) -> [(&'static str, &'static BuiltinFunction); 3] {
    match root {
        "__lt__" => [("__gt__", &GT_FROM_LT), ("__le__", &LE_FROM_LT), ("__ge__", &GE_FROM_LT)],
        "__le__" => [("__ge__", &GE_FROM_LE), ("__lt__", &LT_FROM_LE), ("__gt__", &GT_FROM_LE)],
        "__gt__" => [("__lt__", &LT_FROM_GT), ("__ge__", &GE_FROM_GT), ("__le__", &LE_FROM_GT)],
        _ => [("__le__", &LE_FROM_GE), ("__gt__", &GT_FROM_GE), ("__lt__", &LT_FROM_GE)],
    }
}

/// How a derived method combines the root's result `r` with equality.
#[derive(Clone, Copy)]
enum Derive {
    /// `not r and self != other`
    NotAndNe,
    /// `r or self == other`
    OrEq,
    /// `not r`
    Not,
    /// `not r or self == other`
    NotOrEq,
    /// `r and self != other`
    AndNe,
}

/// A method derived by `total_ordering`: calls `type(self).<root>(self,
/// other)`, passes `NotImplemented` through, and combines like CPython's
/// `_gt_from_lt` & co. (keeping `and`/`or` operand values).
fn derive(args: Vec<Value>, root: &str, how: Derive) -> RtResult<Value> {
    let [this, other]: [Value; 2] = args.try_into().map_err(|a: Vec<Value>| type_error(format!("expected 2 arguments, got {}", a.len())))?;
    let method = crate::interp::lookup_class_attr(&this, root).ok_or_else(|| crate::error::attribute_error(&this.type_name(), root))?;
    let r = call_value(&method, vec![this.clone(), other.clone()], vec![])?;
    if matches!(r, Value::NotImplemented) {
        return Ok(r);
    }
    let ne = || -> RtResult<Value> { Ok(Value::Bool(ops::compare(pyfora_syntax::ir::CmpOp::NotEq, &this, &other)?)) };
    let eq = || -> RtResult<Value> { Ok(Value::Bool(ops::eq(&this, &other)?)) };
    let truth = ops::truthy(&r)?;
    match how {
        Derive::NotAndNe => {
            if truth {
                Ok(Value::Bool(false))
            } else {
                ne()
            }
        }
        Derive::OrEq => {
            if truth {
                Ok(r)
            } else {
                eq()
            }
        }
        Derive::Not => Ok(Value::Bool(!truth)),
        Derive::NotOrEq => {
            if truth {
                eq()
            } else {
                Ok(Value::Bool(true))
            }
        }
        Derive::AndNe => {
            if truth {
                ne()
            } else {
                Ok(r)
            }
        }
    }
}

macro_rules! derived {
    ($id:ident, $name:expr, $root:expr, $how:expr) => {
        /// A comparison method added by `functools.total_ordering`.
        static $id: BuiltinFunction = BuiltinFunction { unary: None, float: None, name: $name, call: |args, _| derive(args, $root, $how) };
    };
}

derived!(GT_FROM_LT, "__gt__", "__lt__", Derive::NotAndNe);
derived!(LE_FROM_LT, "__le__", "__lt__", Derive::OrEq);
derived!(GE_FROM_LT, "__ge__", "__lt__", Derive::Not);
derived!(GE_FROM_LE, "__ge__", "__le__", Derive::NotOrEq);
derived!(LT_FROM_LE, "__lt__", "__le__", Derive::AndNe);
derived!(GT_FROM_LE, "__gt__", "__le__", Derive::Not);
derived!(LT_FROM_GT, "__lt__", "__gt__", Derive::NotAndNe);
derived!(GE_FROM_GT, "__ge__", "__gt__", Derive::OrEq);
derived!(LE_FROM_GT, "__le__", "__gt__", Derive::Not);
derived!(LE_FROM_GE, "__le__", "__ge__", Derive::NotOrEq);
derived!(GT_FROM_GE, "__gt__", "__ge__", Derive::AndNe);
derived!(LT_FROM_GE, "__lt__", "__ge__", Derive::Not);

/// `functools.total_ordering(cls)`: classes are immutable here, so this
/// returns a copy of `cls` whose namespace also holds the comparison
/// methods derived from the preferred defined one (`ValueError` when none
/// of `< > <= >=` is defined).
static TOTAL_ORDERING: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "total_ordering",
    call: |args, kw| {
        if let Some((k, _)) = kw.first() {
            return Err(type_error(format!("total_ordering() got an unexpected keyword argument '{k}'")));
        }
        let [cls]: [Value; 1] =
            args.try_into().map_err(|a: Vec<Value>| type_error(format!("total_ordering() takes 1 positional argument but {} were given", a.len())))?;
        let Value::Class(c) = &cls else {
            // CPython inspects any object's attributes; builtin types and
            // other objects never define their own ordering dunders here.
            return Err(value_error("must define at least one ordering operation: < > <= >="));
        };
        let roots: Vec<&str> = ORDER_ROOTS.iter().copied().filter(|op| c.lookup(op).is_some()).collect();
        let Some(root) = roots.first().copied() else {
            return Err(value_error("must define at least one ordering operation: < > <= >="));
        };
        let mut namespace: Vec<(Arc<str>, Value)> = c.namespace.iter().map(|(n, v)| (n.clone(), rebind_owner(v))).collect();
        for (name, f) in derived_ops(root) {
            if !roots.contains(&name) {
                namespace.retain(|(n, _)| &**n != name);
                namespace.push((Arc::from(name), Value::Builtin(f)));
            }
        }
        Ok(Value::Class(crate::class::new_class(c.name.clone(), c.bases.clone(), namespace, c.client_id, c.is_builtin)))
    },
};

/// A fresh copy of a user function (or of one wrapped in staticmethod /
/// classmethod / property), so that the new class becomes its owner and
/// zero-argument `super()` inside it resolves against the new class.
fn rebind_owner(v: &Value) -> Value {
    match v {
        Value::Function(f) => {
            Value::Function(crate::interp::make_function(f.code.clone(), f.globals.clone(), f.defaults.clone(), f.kwdefaults.clone(), f.closure.clone()))
        }
        Value::StaticMethod(inner) => Value::StaticMethod(Arc::new(rebind_owner(inner))),
        Value::ClassMethod(inner) => Value::ClassMethod(Arc::new(rebind_owner(inner))),
        Value::Property(p) => Value::Property(Arc::new(crate::value::PropertyValue { fget: rebind_owner(&p.fget), fset: rebind_owner(&p.fset) })),
        other => other.clone(),
    }
}

/// The modules pyfora code can use.
pub const PROVIDED: &[&str] = &["math", "functools", "operator", "itertools", "bisect", "string", "numpy"];

/// [`PROVIDED`] for messages: "`math`, `functools`, ... and `numpy`".
pub fn provided_list() -> String {
    let quoted: Vec<String> = PROVIDED.iter().map(|m| format!("`{m}`")).collect();
    let (last, rest) = quoted.split_last().expect("pyfora provides modules");
    format!("{} and {last}", rest.join(", "))
}

/// A module by name, if remote code may use it.
pub fn module(name: &str) -> Option<Value> {
    match name {
        "math" => Some(math()),
        "functools" => Some(functools()),
        "operator" => Some(crate::operator::module()),
        "numpy" => Some(crate::numpy::module()),
        "string" => Some(string_module()),
        other => crate::prelude::module(other),
    }
}

// ----- gamma, lgamma, nextafter, ulp ------------------------------------------

/// Factorials `(k-1)!` for k = 1..=23: exact `gamma` at small integers.
const GAMMA_INTEGRAL: [f64; 23] = [
    1.0,
    1.0,
    2.0,
    6.0,
    24.0,
    120.0,
    720.0,
    5040.0,
    40320.0,
    362880.0,
    3628800.0,
    39916800.0,
    479001600.0,
    6227020800.0,
    87178291200.0,
    1307674368000.0,
    20922789888000.0,
    355687428096000.0,
    6402373705728000.0,
    121645100408832000.0,
    2432902008176640000.0,
    51090942171709440000.0,
    1124000727777607680000.0,
];

const LANCZOS_G: f64 = 6.024680040776729583740234375;
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
const LANCZOS_NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN: [f64; 13] =
    [0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0, 66.0, 1.0];

/// The Lanczos rational sum used by CPython's gamma and lgamma (x > 0).
fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// `sin(pi * x)`, accurate near the integers.
fn sinpi(x: f64) -> f64 {
    use std::f64::consts::PI;
    let y = x.abs() % 2.0;
    let r = match (2.0 * y).round() as i32 {
        0 => (PI * y).sin(),
        1 => (PI * (y - 0.5)).cos(),
        2 => (PI * (1.0 - y)).sin(),
        3 => -(PI * (y - 1.5)).cos(),
        _ => (PI * (y - 2.0)).sin(),
    };
    1f64.copysign(x) * r
}

/// CPython's `m_tgamma`.
fn tgamma(x: f64) -> RtResult<f64> {
    use std::f64::consts::PI;
    if !x.is_finite() {
        return if x.is_nan() || x > 0.0 { Ok(x) } else { Err(domain()) };
    }
    if x == 0.0 {
        return Err(domain());
    }
    if x == x.floor() {
        if x < 0.0 {
            return Err(domain());
        }
        if x <= 23.0 {
            return Ok(GAMMA_INTEGRAL[x as usize - 1]);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() { Err(range_err()) } else { Ok(r) };
    }
    if absx > 200.0 {
        return if x < 0.0 { Ok(0.0 / sinpi(x)) } else { Err(range_err()) };
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    let z = if absx > LANCZOS_G_MINUS_HALF { (y - absx) - LANCZOS_G_MINUS_HALF } else { (y - LANCZOS_G_MINUS_HALF) - absx };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -PI / sinpi(absx) / absx * y.exp() / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / y.exp();
        r += z * r;
        if absx < 140.0 {
            r *= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if r.is_infinite() {
        return Err(range_err());
    }
    Ok(r)
}

/// CPython's `m_lgamma`.
fn lgamma(x: f64) -> RtResult<f64> {
    if !x.is_finite() {
        return Ok(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        return if x <= 0.0 { Err(domain()) } else { Ok(0.0) };
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return Ok(-absx.ln());
    }
    let mut r = lanczos_sum(absx).ln() - LANCZOS_G;
    r += (absx - 0.5) * ((absx + LANCZOS_G - 0.5).ln() - 1.0);
    if x < 0.0 {
        r = std::f64::consts::PI.ln() - sinpi(absx).abs().ln() - absx.ln() - r;
    }
    if r.is_infinite() {
        return Err(range_err());
    }
    Ok(r)
}

static GAMMA: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "gamma", call: |args, _| Ok(Value::Float(tgamma(one_arg("gamma", &args)?)?)) };

static LGAMMA: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "lgamma", call: |args, _| Ok(Value::Float(lgamma(one_arg("lgamma", &args)?)?)) };

static NEXTAFTER: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "nextafter",
    call: |args, kw| {
        let (x, y) = two_args("nextafter", &args)?;
        let steps = match kw.as_slice() {
            [] => None,
            // `steps=` (3.12).
            // `steps=` (3.12; `check_keywords` refused any other).
            [(_, Value::None)] => None,
            [(_, steps)] => Some(ops::index_value(steps)?),
            _ => return Err(type_error("nextafter() takes at most 1 keyword argument")),
        };
        Ok(Value::Float(match steps {
            None => libm::nextafter(x, y),
            Some(steps) => nextafter_steps(x, y, &steps)?,
        }))
    },
};

/// `math.nextafter(x, y, steps=n)`: `n` steps from `x` toward `y`, never
/// past `y` (CPython's walk over the floats' bit patterns).
fn nextafter_steps(x: f64, y: f64, steps: &Value) -> RtResult<f64> {
    let steps: u64 = match steps {
        Value::Int(n) if *n < 0 => return Err(value_error("steps must be a non-negative integer")),
        Value::Int(n) => *n as u64,
        Value::Big(b) if num_traits::Signed::is_negative(&**b) => return Err(value_error("steps must be a non-negative integer")),
        _ => u64::MAX,
    };
    if steps == 0 || x.is_nan() {
        return Ok(x);
    }
    if y.is_nan() {
        return Ok(y);
    }
    let (ux, uy) = (x.to_bits(), y.to_bits());
    if ux == uy {
        return Ok(x);
    }
    const SIGN: u64 = 1 << 63;
    let (ax, ay) = (ux & !SIGN, uy & !SIGN);
    Ok(if (ux ^ uy) & SIGN != 0 {
        // Opposite signs: through zero.
        if ax + ay <= steps {
            y
        } else if ax < steps {
            f64::from_bits((uy & SIGN) | (steps - ax))
        } else {
            f64::from_bits(ux - steps)
        }
    } else if ax > ay {
        if ax - ay >= steps {
            f64::from_bits(ux - steps)
        } else {
            y
        }
    } else if ay - ax >= steps {
        f64::from_bits(ux + steps)
    } else {
        y
    })
}

/// `math.ulp(x)`: the value of the least significant bit of `x`.
fn ulp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let x = x.abs();
    if x.is_infinite() {
        return x;
    }
    let next = libm::nextafter(x, f64::INFINITY);
    if next.is_infinite() {
        // x is the largest finite float: use the step below it.
        return x - libm::nextafter(x, -f64::INFINITY);
    }
    next - x
}

static ULP: BuiltinFunction = BuiltinFunction { unary: None, float: None, name: "ulp", call: |args, _| Ok(Value::Float(ulp(one_arg("ulp", &args)?))) };

#[cfg(test)]
mod tests {
    use super::norm_of_finite_39;

    #[test]
    fn the_norm_of_python_3_9_rounds_as_it_did() {
        // Values printed by CPython 3.9.18 (3.10 on gives 10.253048327204938
        // and 1.414213562373095e+22).
        assert_eq!(norm_of_finite_39(&[7.25, 7.25], 7.25), 10.25304832720494);
        assert_eq!(norm_of_finite_39(&[3.1, 4.7, 1.1], 4.7), 5.736723803705387);
        assert_eq!(norm_of_finite_39(&[1e22, 1e22], 1e22), 1.4142135623730952e+22);
    }
}
