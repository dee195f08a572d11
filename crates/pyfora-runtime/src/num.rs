//! Integer and float arithmetic with CPython's semantics: exact integers
//! (machine fast path, promotion to big integers on overflow), floor
//! division and modulo signs, float division by zero raising.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Pow, Signed, ToPrimitive, Zero};

use crate::error::{overflow_error, value_error, zero_division, RtResult};
use crate::value::Value;

/// The largest left shift of an int the engine attempts (a number of 2^36
/// bits is 8 GiB); beyond it `<<` raises `MemoryError`.
const MAX_SHIFT_BITS: u64 = 1 << 36;

/// An integer operand, borrowed as machine or big integer.
pub enum IntRef<'a> {
    Small(i64),
    Big(&'a BigInt),
}

impl IntRef<'_> {
    /// As a big integer.
    pub fn to_big(&self) -> BigInt {
        match self {
            IntRef::Small(i) => BigInt::from(*i),
            IntRef::Big(b) => (*b).clone(),
        }
    }

    /// As a float (`OverflowError` when too large).
    pub fn to_f64(&self) -> RtResult<f64> {
        match self {
            IntRef::Small(i) => Ok(*i as f64),
            IntRef::Big(b) => {
                let f = b.to_f64().unwrap_or(f64::INFINITY);
                if f.is_infinite() {
                    Err(overflow_error("int too large to convert to float"))
                } else {
                    Ok(f)
                }
            }
        }
    }
}

/// The value as an integer operand (bools count as ints).
pub fn as_int(v: &Value) -> Option<IntRef<'_>> {
    match v {
        Value::Int(i) => Some(IntRef::Small(*i)),
        Value::Bool(b) => Some(IntRef::Small(*b as i64)),
        Value::Big(b) => Some(IntRef::Big(b)),
        _ => None,
    }
}

/// CPython's message for `x % 0` on ints (3.11 gave `%` its own message).
fn int_modulo_message() -> &'static str {
    if crate::compat::python_minor() >= 11 {
        "integer modulo by zero"
    } else {
        "integer division or modulo by zero"
    }
}

/// Floor division of machine integers (None on overflow).
pub fn floordiv_i64(a: i64, b: i64) -> Option<i64> {
    if a == i64::MIN && b == -1 {
        return None;
    }
    Some(Integer::div_floor(&a, &b))
}

/// Python modulo of machine integers (sign of the divisor).
pub fn mod_i64(a: i64, b: i64) -> i64 {
    if b == -1 {
        return 0;
    }
    a.mod_floor(&b)
}

/// `a op b` on integers; `op` is one of + - * // % ** << >> & | ^.
pub fn int_binop(op: pyfora_syntax::ir::BinOp, a: IntRef, b: IntRef) -> RtResult<Value> {
    use pyfora_syntax::ir::BinOp as B;
    if let (IntRef::Small(x), IntRef::Small(y)) = (&a, &b) {
        let (x, y) = (*x, *y);
        let fast = match op {
            B::Add => x.checked_add(y),
            B::Sub => x.checked_sub(y),
            B::Mul => x.checked_mul(y),
            B::FloorDiv => {
                if y == 0 {
                    return Err(zero_division("integer division or modulo by zero"));
                }
                floordiv_i64(x, y)
            }
            B::Mod => {
                if y == 0 {
                    return Err(zero_division(int_modulo_message()));
                }
                Some(mod_i64(x, y))
            }
            B::BitAnd => Some(x & y),
            B::BitOr => Some(x | y),
            B::BitXor => Some(x ^ y),
            B::LShift => {
                if y < 0 {
                    return Err(value_error("negative shift count"));
                }
                if y < 63 && (x == 0 || (x.abs().leading_zeros() as i64) > y + 1) {
                    Some(x << y)
                } else if x == 0 {
                    Some(0)
                } else {
                    None
                }
            }
            B::RShift => {
                if y < 0 {
                    return Err(value_error("negative shift count"));
                }
                Some(if y >= 64 {
                    if x < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    x >> y
                })
            }
            B::Pow => {
                if y < 0 {
                    return float_pow(x as f64, y as f64);
                }
                if y <= u32::MAX as i64 {
                    x.checked_pow(y as u32)
                } else {
                    None
                }
            }
            B::TrueDiv => {
                if y == 0 {
                    return Err(zero_division("division by zero"));
                }
                return Ok(Value::Float(int_truediv(&IntRef::Small(x), &IntRef::Small(y))?));
            }
            B::MatMul => None,
        };
        if let Some(v) = fast {
            return Ok(Value::Int(v));
        }
    }
    big_binop(op, a.to_big(), b.to_big())
}

fn big_binop(op: pyfora_syntax::ir::BinOp, x: BigInt, y: BigInt) -> RtResult<Value> {
    use pyfora_syntax::ir::BinOp as B;
    Ok(Value::from_big(match op {
        B::Add => x + y,
        B::Sub => x - y,
        B::Mul => x * y,
        B::FloorDiv => {
            if y.is_zero() {
                return Err(zero_division("integer division or modulo by zero"));
            }
            x.div_floor(&y)
        }
        B::Mod => {
            if y.is_zero() {
                return Err(zero_division(int_modulo_message()));
            }
            x.mod_floor(&y)
        }
        B::BitAnd => x & y,
        B::BitOr => x | y,
        B::BitXor => x ^ y,
        B::LShift => {
            if y.is_negative() {
                return Err(value_error("negative shift count"));
            }
            if x.is_zero() {
                return Ok(Value::Int(0));
            }
            // A count beyond a C ssize_t: CPython's OverflowError; below it,
            // CPython fails to allocate such a number, and so would we (and
            // abort).
            if y.to_i64().is_none() {
                return Err(crate::error::Error::new(crate::exceptions::ExcKind::OverflowError, "too many digits in integer"));
            }
            let s = y.to_u64().filter(|&s| s < MAX_SHIFT_BITS).ok_or_else(|| crate::error::Error::new(crate::exceptions::ExcKind::MemoryError, ""))?;
            x << s
        }
        B::RShift => {
            if y.is_negative() {
                return Err(value_error("negative shift count"));
            }
            match y.to_u64() {
                Some(s) => {
                    // Floor semantics for negatives.
                    let q = &x >> s;
                    q
                }
                None => {
                    if x.is_negative() {
                        BigInt::from(-1)
                    } else {
                        BigInt::zero()
                    }
                }
            }
        }
        B::Pow => {
            if y.is_negative() {
                let xf = IntRef::Big(&x).to_f64()?;
                let yf = IntRef::Big(&y).to_f64()?;
                return float_pow(xf, yf);
            }
            if x.is_one() || x.is_zero() {
                x
            } else if x == BigInt::from(-1) {
                if y.is_even() {
                    BigInt::one()
                } else {
                    x
                }
            } else {
                let e = y.to_u32().ok_or_else(|| overflow_error("exponent too large"))?;
                Pow::pow(x, e)
            }
        }
        B::TrueDiv => {
            if y.is_zero() {
                return Err(zero_division("division by zero"));
            }
            return Ok(Value::Float(int_truediv(&IntRef::Big(&x), &IntRef::Big(&y))?));
        }
        B::MatMul => unreachable!("matmul on ints is rejected by the caller"),
    }))
}

/// Correctly rounded `a / b` for integers.
pub fn int_truediv(a: &IntRef, b: &IntRef) -> RtResult<f64> {
    if let (IntRef::Small(x), IntRef::Small(y)) = (a, b) {
        const EXACT: i64 = 1 << 53;
        if x.abs() <= EXACT && y.abs() <= EXACT {
            return Ok(*x as f64 / *y as f64);
        }
    }
    let x = a.to_big();
    let y = b.to_big();
    let negative = x.is_negative() != y.is_negative();
    let (x, y) = (x.abs(), y.abs());
    // Scale so the quotient has 55+ significant bits, then round once.
    let shift: i64 = 55 - (x.bits() as i64 - y.bits() as i64);
    let (num, den) = if shift >= 0 { (x << shift as u64, y) } else { (x, y << (-shift) as u64) };
    let (q, r) = num.div_rem(&den);
    let mut q = q;
    // Sticky bit for correct rounding.
    if !r.is_zero() {
        q = (q << 1u32) | BigInt::one();
    } else {
        q <<= 1u32;
    }
    let qf = q.to_f64().unwrap_or(f64::INFINITY);
    let e = -(shift as i32) - 1;
    let result = ldexp(qf, e);
    if result.is_infinite() {
        return Err(overflow_error("integer division result too large for a float"));
    }
    Ok(if negative { -result } else { result })
}

/// `x * 2**e`.
pub fn ldexp(x: f64, e: i32) -> f64 {
    if e > 1000 {
        return ldexp(x * 2f64.powi(1000), e - 1000);
    }
    if e < -1000 {
        return ldexp(x * 2f64.powi(-1000), e + 1000);
    }
    x * 2f64.powi(e)
}

/// `a op b` on floats.
pub fn float_binop(op: pyfora_syntax::ir::BinOp, x: f64, y: f64) -> RtResult<Value> {
    use pyfora_syntax::ir::BinOp as B;
    Ok(Value::Float(match op {
        B::Add => x + y,
        B::Sub => x - y,
        B::Mul => x * y,
        B::TrueDiv => {
            if y == 0.0 {
                return Err(zero_division("float division by zero"));
            }
            x / y
        }
        B::FloorDiv => {
            if y == 0.0 {
                return Err(zero_division("float floor division by zero"));
            }
            float_divmod(x, y).0
        }
        B::Mod => {
            if y == 0.0 {
                let msg = if crate::compat::python_minor() >= 13 { "float modulo by zero" } else { "float modulo" };
                return Err(zero_division(msg));
            }
            float_divmod(x, y).1
        }
        B::Pow => return float_pow(x, y),
        _ => unreachable!("bit operations on floats are rejected by the caller"),
    }))
}

/// CPython's float divmod.
pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

/// CPython's float power, with its errors.
pub fn float_pow(x: f64, y: f64) -> RtResult<Value> {
    if y == 0.0 {
        return Ok(Value::Float(1.0));
    }
    if x.is_nan() {
        return Ok(Value::Float(if y == 0.0 { 1.0 } else { x }));
    }
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(zero_division("0.0 cannot be raised to a negative power"));
    }
    if x < 0.0 && x.is_finite() && y.is_finite() && y.fract() != 0.0 {
        // CPython returns a complex number here; pyfora has none (a
        // documented deviation, see tests/conformance/deviations.py).
        return Err(crate::error::Error::new(
            crate::exceptions::ExcKind::NotImplementedError,
            "complex numbers are not supported by pyfora: a negative number raised to a fractional power has a complex result",
        ));
    }
    let r = crate::pow::pow(x, y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(crate::error::Error::with_args(
            crate::exceptions::ExcKind::OverflowError,
            vec![Value::Int(34), Value::str("Numerical result out of range")],
        ));
    }
    Ok(Value::Float(r))
}

/// Float to integer value (`int(x)`), erroring on inf/nan.
pub fn float_to_int(f: f64) -> RtResult<Value> {
    if f.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(overflow_error("cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.2e18 {
        Ok(Value::Int(t as i64))
    } else {
        use num_traits::FromPrimitive;
        Ok(Value::from_big(BigInt::from_f64(t).expect("finite")))
    }
}

/// Python's `round(x)` for floats (half to even), returning an int.
pub fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

/// Compares an integer with a float exactly.
pub fn cmp_int_float(i: &IntRef, f: f64) -> Option<std::cmp::Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { std::cmp::Ordering::Less } else { std::cmp::Ordering::Greater });
    }
    match i {
        IntRef::Small(x) if x.abs() < (1 << 53) => (*x as f64).partial_cmp(&f),
        _ => {
            // Compare exactly: floor the float and compare as big ints.
            use num_traits::FromPrimitive;
            let fl = f.floor();
            let fb = BigInt::from_f64(fl).expect("finite");
            let ib = i.to_big();
            match ib.cmp(&fb) {
                std::cmp::Ordering::Equal => {
                    if f > fl {
                        Some(std::cmp::Ordering::Less)
                    } else {
                        Some(std::cmp::Ordering::Equal)
                    }
                }
                o => Some(o),
            }
        }
    }
}

/// `2.0 ** k` for `-1074 <= k <= 1023`, built exactly from its bits.
fn pow2(k: i64) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (k + 1074))
    }
}

/// `float.hex()`: `[-]0x<h>.<13 hex digits>p<sign><exponent>` exactly like
/// CPython (`0x1.0000000000000p+0`, subnormals as `0x0.<digits>p-1022`,
/// `inf`, `-inf`, `nan`, zero as `0x0.0p+0`).
pub fn float_hex(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_string();
    }
    if f.is_infinite() {
        return if f < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    // Subnormals keep the minimum exponent with a leading 0 digit.
    let (lead, exp) = if biased == 0 { (0, -1022) } else { (1, biased - 1023) };
    let exp_sign = if exp < 0 { '-' } else { '+' };
    format!("{sign}0x{lead}.{frac:013x}p{exp_sign}{}", exp.abs())
}

/// `float.fromhex(text)`, correctly rounded (half to even) like CPython.
pub fn float_fromhex(text: &str) -> RtResult<f64> {
    let invalid = || crate::error::value_error("invalid hexadecimal floating-point string");
    let s = text.trim();
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let sign = if neg { -1.0 } else { 1.0 };
    match lower.as_str() {
        "inf" | "infinity" => return Ok(sign * f64::INFINITY),
        "nan" => return Ok(fresh_nan()),
        _ => {}
    }
    let body = lower.strip_prefix("0x").unwrap_or(&lower);
    let (digits, exp) = match body.split_once('p') {
        Some((d, e)) => (d, e.parse::<i64>().map_err(|_| invalid())?),
        None => (body, 0),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(invalid());
    }
    let mut mant = BigInt::from(0);
    for c in int_part.chars().chain(frac_part.chars()) {
        let d = c.to_digit(16).ok_or_else(invalid)?;
        mant = (mant << 4u32) + BigInt::from(d);
    }
    if mant.is_zero() {
        return Ok(sign * 0.0);
    }
    let e = exp - 4 * frac_part.len() as i64;
    let top = mant.bits() as i64 - 1 + e;
    let too_large = || crate::error::overflow_error("hexadecimal value too large to represent as a float");
    if top > 1023 {
        return Err(too_large());
    }
    let lsb = (top - 52).max(-1074);
    let q = if e >= lsb { mant << (e - lsb) as u64 } else { round_half_even_shift(&mant, (lsb - e) as u64) };
    let r = q.to_f64().expect("at most 2**53") * pow2(lsb);
    if r.is_infinite() {
        return Err(too_large());
    }
    Ok(sign * r)
}

/// `m >> s` rounded to nearest, ties to even (m > 0).
fn round_half_even_shift(m: &BigInt, s: u64) -> BigInt {
    let q: BigInt = m >> s;
    let rem = m - (&q << s);
    let half = BigInt::from(1) << (s - 1);
    match rem.cmp(&half) {
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal if q.bit(0) => q + 1,
        _ => q,
    }
}

/// A NaN that is a new object, as each `float('nan')` is in CPython. Floats
/// are stored inline and `is` compares their bits (`ops::is`), so each such
/// NaN carries a payload of its own: `n = float('nan'); [n] == [n]` holds
/// (the identity shortcut of container comparisons) while
/// `[float('nan')] == [float('nan')]` does not, as in CPython.
pub fn fresh_nan() -> f64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let payload = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) & 0x0007_ffff_ffff_ffff;
    f64::from_bits(0x7ff8_0000_0000_0000 | payload.max(1))
}
