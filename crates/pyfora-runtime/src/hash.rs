//! `hash()` with CPython's algorithms for numbers and tuples, so that equal
//! numbers of different types hash alike and `hash(x)` matches CPython.

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use crate::error::{type_error, RtResult};
use crate::value::Value;

const MODULUS: u64 = (1u64 << 61) - 1;
const BITS: i32 = 61;

/// CPython's hash of a machine integer.
pub fn hash_int(x: i64) -> i64 {
    let m = (x.unsigned_abs() % MODULUS) as i64;
    let h = if x < 0 { -m } else { m };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// CPython's hash of an arbitrary-precision integer.
pub fn hash_big(x: &BigInt) -> i64 {
    let m = (x.magnitude() % MODULUS).to_u64().expect("reduced below modulus") as i64;
    let h = if x.sign() == Sign::Minus { -m } else { m };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// CPython's hash of a float.
pub fn hash_float(v: f64) -> i64 {
    if v.is_infinite() {
        return if v > 0.0 { 314159 } else { -314159 };
    }
    if v.is_nan() {
        // Python 3.10 and later hash a NaN by its identity, which its
        // payload stands for here (each `float('nan')` gets its own).
        return if crate::compat::python_minor() >= 10 { (v.to_bits() & 0x000f_ffff_ffff_ffff) as i64 } else { 0 };
    }
    let (mut m, mut e) = frexp(v);
    let mut sign = 1i64;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 { e % BITS } else { BITS - 1 - ((-1 - e) % BITS) };
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    let h = x as i64 * sign;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `frexp`: `v == m * 2**e` with `0.5 <= |m| < 1`.
pub fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * 2f64.powi(64));
        return (m, e - 64);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, e)
}

const XXPRIME_1: u64 = 11400714785074694791;
const XXPRIME_2: u64 = 14029467366897019727;
const XXPRIME_5: u64 = 2870177450012600261;

/// CPython's tuple hash over item hashes.
pub fn hash_tuple(items: &[Value]) -> RtResult<i64> {
    let acc = hash_lanes(items)?.wrapping_add((items.len() as u64) ^ (XXPRIME_5 ^ 3527539));
    Ok(if acc == u64::MAX { 1546275796 } else { acc as i64 })
}

/// CPython's slice hash (3.12+): the tuple hash of its three fields
/// without the length step.
fn hash_slice(s: &crate::value::SliceValue) -> RtResult<i64> {
    let acc = hash_lanes(&[s.lower.clone(), s.upper.clone(), s.step.clone()])?;
    Ok(if acc == u64::MAX { 1546275796 } else { acc as i64 })
}

/// The xxHash-style accumulation of the items' hashes shared by tuples
/// and slices.
fn hash_lanes(items: &[Value]) -> RtResult<u64> {
    let mut acc = XXPRIME_5;
    for item in items {
        let lane = py_hash(item)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(XXPRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(XXPRIME_1);
    }
    Ok(acc)
}

/// Hash of a string (stable across runs; CPython's is salted per process,
/// except for the empty string, whose hash is always 0).
pub fn hash_str(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    let h = h as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(v)`; `TypeError` for unhashable values.
pub fn py_hash(v: &Value) -> RtResult<i64> {
    Ok(match v {
        // A constant from 3.12 (before, None's address).
        Value::None if crate::compat::python_minor() >= 12 => 0xFCA8_6420,
        Value::None => 0x5f3759df,
        Value::Ellipsis => 0x1234567,
        Value::NotImplemented => 0x7654321,
        Value::Bool(b) => *b as i64,
        Value::Int(i) => hash_int(*i),
        Value::Big(b) => hash_big(b),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.is_finite() && f.abs() < 9.2e18 {
                hash_int(*f as i64)
            } else {
                hash_float(*f)
            }
        }
        Value::Str(s) => hash_str(&s.text),
        Value::Tuple(t) => hash_tuple(t)?,
        Value::FrozenSet(s) => s.frozen_hash(),
        Value::Range(r) => hash_range(r)?,
        Value::Instance(_) => return crate::interp::instance_hash(v),
        Value::DictView(d) if d.is_set_like() => return Err(type_error(format!("unhashable type: '{}'", v.type_name()))),
        // Slices hash from 3.12.
        Value::Slice(s) if crate::compat::python_minor() >= 12 => hash_slice(s)?,
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) | Value::Array(_) => {
            return Err(type_error(format!("unhashable type: '{}'", v.type_name())))
        }
        other => identity_hash(other),
    })
}

/// Hash by identity for objects without value semantics.
pub fn identity_hash(v: &Value) -> i64 {
    let p: usize = match v {
        Value::Function(f) => std::sync::Arc::as_ptr(f) as *const u8 as usize,
        Value::Class(c) => std::sync::Arc::as_ptr(c) as *const u8 as usize,
        Value::Instance(i) => std::sync::Arc::as_ptr(i) as *const u8 as usize,
        Value::Builtin(b) => *b as *const _ as usize,
        Value::Type(t) => *t as usize + 17,
        Value::Module(m) => *m as *const crate::value::Module as *const u8 as usize,
        _ => 0,
    };
    (p >> 4) as i64
}

/// `hash(range)`: like CPython, the hash of `(len, start, step)` with `start`
/// and `step` replaced by `None` where they do not affect equality.
fn hash_range(r: &crate::value::RangeValue) -> RtResult<i64> {
    let len = Value::from_big(r.len_big());
    let (start, step) = match len {
        Value::Int(0) => (Value::None, Value::None),
        Value::Int(1) => (r.start_value(), Value::None),
        _ => (r.start_value(), r.step_value()),
    };
    hash_tuple(&[len, start, step])
}
