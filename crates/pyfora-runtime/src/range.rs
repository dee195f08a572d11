//! `range` objects with CPython's arbitrary-precision semantics.
//!
//! A [`RangeValue`] keeps `i64` bounds for the common case so that length,
//! indexing, membership and iteration are plain machine arithmetic. When a
//! bound, the length, or an intermediate value that iteration needs (one step
//! past either end) does not fit in `i64`, the exact bounds live in
//! [`RangeValue::big`] instead and every operation goes through `BigInt`.
//! Such ranges behave like CPython's: `range(10**20)[10**19]` and
//! `10**19 in range(10**20)` work, while `len(range(10**20))` raises
//! `OverflowError` because the length does not fit in `Py_ssize_t`.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::error::{index_error, overflow_error, type_error, value_error, RtResult};
use crate::value::{SliceValue, Value};

/// `range(start, stop, step)`.
///
/// Invariant: when `big` is `None`, `start`, `stop`, `step`, the length,
/// `start - step` and `start + len * step` all fit in `i64`; otherwise the
/// `i64` fields are zero (`step` one) and must not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeValue {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
    /// The exact bounds of a range outside the `i64` fast path.
    pub big: Option<Box<BigRange>>,
}

/// Exact bounds of a range that does not fit the `i64` fast path.
#[derive(Clone, Debug, PartialEq)]
pub struct BigRange {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
}

/// Number of items of `range(start, stop, step)` (`step != 0`), exactly.
/// How many items `range(start, stop, step)` has (in 128 bits: a range of
/// 64-bit bounds may hold up to 2⁶⁴ of them).
pub(crate) fn item_count(start: i64, stop: i64, step: i64) -> i128 {
    let (start, stop, step) = (start as i128, stop as i128, step as i128);
    match step {
        s if s > 0 && start < stop => (stop - start - 1) / s + 1,
        s if s < 0 && start > stop => (start - stop - 1) / -s + 1,
        _ => 0,
    }
}

fn big_len(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    let (lo, hi, step) = if step.is_positive() { (start, stop, step.clone()) } else { (stop, start, -step) };
    if lo >= hi {
        BigInt::zero()
    } else {
        (hi - lo - 1u32) / step + 1u32
    }
}

/// The machine-integer form of a range, or `None` when it needs `BigInt`
/// (see the invariant of [`RangeValue`]).
fn small_form(start: i64, stop: i64, step: i64) -> Option<RangeValue> {
    let (a, b, s) = (start as i128, stop as i128, step as i128);
    let len = if s > 0 && a < b {
        (b - a - 1) / s + 1
    } else if s < 0 && a > b {
        (a - b - 1) / -s + 1
    } else {
        0
    };
    let fits = |v: i128| i64::try_from(v).is_ok();
    (fits(len) && fits(a + len * s) && fits(a - s)).then_some(RangeValue { start, stop, step, big: None })
}

impl RangeValue {
    /// A range from machine-integer bounds (`step != 0`).
    pub fn new(start: i64, stop: i64, step: i64) -> RangeValue {
        small_form(start, stop, step).unwrap_or_else(|| RangeValue::from_big(BigInt::from(start), BigInt::from(stop), BigInt::from(step)))
    }

    /// A range from arbitrary integer bounds (`step != 0`), on the fast
    /// path whenever it fits.
    pub fn from_big(start: BigInt, stop: BigInt, step: BigInt) -> RangeValue {
        if let (Some(a), Some(b), Some(s)) = (start.to_i64(), stop.to_i64(), step.to_i64()) {
            if let Some(r) = small_form(a, b, s) {
                return r;
            }
        }
        RangeValue { start: 0, stop: 0, step: 1, big: Some(Box::new(BigRange { start, stop, step })) }
    }

    /// `(start, stop, step)` as exact integers.
    pub fn bounds(&self) -> (BigInt, BigInt, BigInt) {
        match &self.big {
            Some(b) => (b.start.clone(), b.stop.clone(), b.step.clone()),
            None => (BigInt::from(self.start), BigInt::from(self.stop), BigInt::from(self.step)),
        }
    }

    /// The `start` attribute.
    pub fn start_value(&self) -> Value {
        match &self.big {
            Some(b) => Value::from_big(b.start.clone()),
            None => Value::Int(self.start),
        }
    }

    /// The `stop` attribute.
    pub fn stop_value(&self) -> Value {
        match &self.big {
            Some(b) => Value::from_big(b.stop.clone()),
            None => Value::Int(self.stop),
        }
    }

    /// The `step` attribute.
    pub fn step_value(&self) -> Value {
        match &self.big {
            Some(b) => Value::from_big(b.step.clone()),
            None => Value::Int(self.step),
        }
    }

    /// Length of a fast-path range (`big` is `None`).
    fn small_len(&self) -> i64 {
        item_count(self.start, self.stop, self.step) as i64
    }

    /// The exact number of items.
    pub fn len_big(&self) -> BigInt {
        match &self.big {
            Some(b) => big_len(&b.start, &b.stop, &b.step),
            None => BigInt::from(self.small_len()),
        }
    }

    /// `len(range)`: `OverflowError` when the length exceeds `sys.maxsize`.
    pub fn len(&self) -> RtResult<i64> {
        match &self.big {
            None => Ok(self.small_len()),
            Some(_) => self.len_big().to_i64().ok_or_else(|| overflow_error("Python int too large to convert to C ssize_t")),
        }
    }

    /// True when the range has no items.
    pub fn is_empty(&self) -> bool {
        match &self.big {
            None => self.small_len() == 0,
            Some(b) => {
                if b.step.is_positive() {
                    b.start >= b.stop
                } else {
                    b.start <= b.stop
                }
            }
        }
    }

    /// Item `i` of a fast-path range (0 ≤ i < len).
    pub fn at(&self, i: i64) -> i64 {
        self.start + i * self.step
    }

    /// Item `i` (0 ≤ i < len), exactly.
    pub fn item_big(&self, i: &BigInt) -> BigInt {
        let (start, _, step) = self.bounds();
        start + i * step
    }

    /// `range[index]` for an integer index (negative counts from the end).
    pub fn index(&self, index: &BigInt) -> RtResult<Value> {
        if self.big.is_none() {
            if let Some(i) = index.to_i64() {
                let len = self.small_len();
                let idx = if i < 0 { i + len } else { i };
                if idx < 0 || idx >= len {
                    return Err(index_error("range object index out of range"));
                }
                return Ok(Value::Int(self.at(idx)));
            }
        }
        let len = self.len_big();
        let idx = if index.is_negative() { index + &len } else { index.clone() };
        if idx.is_negative() || idx >= len {
            return Err(index_error("range object index out of range"));
        }
        Ok(Value::from_big(self.item_big(&idx)))
    }

    /// True when the integer `x` is one of the items.
    pub fn contains_int(&self, x: &BigInt) -> bool {
        if self.big.is_none() {
            let Some(i) = x.to_i64() else { return false };
            let r = self;
            return if r.step > 0 {
                i >= r.start && i < r.stop && (i as i128 - r.start as i128) % r.step as i128 == 0
            } else {
                i <= r.start && i > r.stop && (r.start as i128 - i as i128) % (-(r.step as i128)) == 0
            };
        }
        let (start, stop, step) = self.bounds();
        let inside = if step.is_positive() { x >= &start && x < &stop } else { x <= &start && x > &stop };
        inside && (x - &start).mod_floor(&step.abs()).is_zero()
    }

    /// The position of the integer `x` among the items, if present.
    pub fn position(&self, x: &BigInt) -> Option<BigInt> {
        if !self.contains_int(x) {
            return None;
        }
        let (start, _, step) = self.bounds();
        Some((x - start) / step)
    }

    /// CPython's range equality: same length, and the same first item and
    /// step where they matter.
    pub fn same_items(&self, other: &RangeValue) -> bool {
        if self.big.is_none() && other.big.is_none() {
            let (lx, ly) = (self.small_len(), other.small_len());
            return lx == ly && (lx == 0 || (self.start == other.start && (lx == 1 || self.step == other.step)));
        }
        let (lx, ly) = (self.len_big(), other.len_big());
        if lx != ly {
            return false;
        }
        let (ax, _, sx) = self.bounds();
        let (ay, _, sy) = other.bounds();
        lx.is_zero() || (ax == ay && (lx.is_one() || sx == sy))
    }

    /// `repr(range)`: `range(0, 5)` or `range(0, 10, 2)`.
    pub fn repr(&self) -> String {
        let (start, stop, step) = self.bounds();
        if step.is_one() {
            format!("range({start}, {stop})")
        } else {
            format!("range({start}, {stop}, {step})")
        }
    }

    /// `range[slice]`, CPython's `compute_slice`: the slice indices are
    /// computed exactly against the length, then mapped through the range
    /// (`range(0, 20, 2)[::3]` is `range(0, 20, 6)`).
    pub fn slice(&self, s: &SliceValue) -> RtResult<RangeValue> {
        let (start, stop, step) = slice_indices_big(s, &self.len_big())?;
        let (r_start, _, r_step) = self.bounds();
        let new_start = &r_start + &start * &r_step;
        let new_stop = &r_start + &stop * &r_step;
        Ok(RangeValue::from_big(new_start, new_stop, r_step * step))
    }

    /// The range walked backwards (`reversed(range)`'s items, in order).
    pub fn reversed(&self) -> RangeValue {
        let (start, _, step) = self.bounds();
        let len = self.len_big();
        if len.is_zero() {
            return RangeValue::from_big(start.clone(), start, -step);
        }
        let last = &start + (&len - 1u32) * &step;
        let stop = &start - &step;
        RangeValue::from_big(last, stop, -step)
    }
}

/// An integer as `BigInt` through `__index__` (`range()` arguments).
pub fn index_big(v: &Value) -> RtResult<BigInt> {
    match v {
        Value::Int(i) => Ok(BigInt::from(*i)),
        Value::Bool(b) => Ok(BigInt::from(*b as i64)),
        Value::Big(b) => Ok((**b).clone()),
        Value::Instance(_) => match crate::interp::call_special(v, "__index__", vec![])? {
            Some(r @ (Value::Int(_) | Value::Big(_) | Value::Bool(_))) => index_big(&r),
            Some(r) => Err(type_error(format!("__index__ returned non-int (type {})", r.type_name()))),
            None => Err(type_error(format!("'{}' object cannot be interpreted as an integer", v.type_name()))),
        },
        other => Err(type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name()))),
    }
}

/// `range(...)` from its arguments.
pub fn construct(args: &[Value]) -> RtResult<RangeValue> {
    let ints = args.iter().map(index_big).collect::<RtResult<Vec<BigInt>>>()?;
    let (start, stop, step) = match <[BigInt; 1]>::try_from(ints) {
        Ok([stop]) => (BigInt::zero(), stop, BigInt::one()),
        Err(ints) => match <[BigInt; 2]>::try_from(ints) {
            Ok([start, stop]) => (start, stop, BigInt::one()),
            Err(ints) => match <[BigInt; 3]>::try_from(ints) {
                Ok([start, stop, step]) => (start, stop, step),
                Err(ints) if ints.is_empty() => return Err(type_error("range expected at least 1 argument, got 0")),
                Err(ints) => return Err(type_error(format!("range expected at most 3 arguments, got {}", ints.len()))),
            },
        },
    };
    if step.is_zero() {
        return Err(value_error("range() arg 3 must not be zero"));
    }
    Ok(RangeValue::from_big(start, stop, step))
}

/// CPython's `_PySlice_GetLongIndices`: `(start, stop, step)` of a slice
/// against `len`, exactly (no clamping of huge bounds).
pub fn slice_indices_big(s: &SliceValue, len: &BigInt) -> RtResult<(BigInt, BigInt, BigInt)> {
    let bound = |v: &Value| -> RtResult<Option<BigInt>> {
        match v {
            Value::None => Ok(None),
            Value::Int(_) | Value::Bool(_) | Value::Big(_) => index_big(v).map(Some),
            Value::Instance(i) if i.class.lookup("__index__").is_some() => index_big(v).map(Some),
            _ => Err(type_error("slice indices must be integers or None or have an __index__ method")),
        }
    };
    let step = bound(&s.step)?.unwrap_or_else(BigInt::one);
    if step.is_zero() {
        return Err(value_error("slice step cannot be zero"));
    }
    let backwards = step.is_negative();
    let (lower, upper) = if backwards { (BigInt::from(-1), len - 1u32) } else { (BigInt::zero(), len.clone()) };
    let clip = |b: Option<BigInt>, default: &BigInt| -> BigInt {
        match b {
            None => default.clone(),
            Some(b) if b.is_negative() => {
                let b = b + len;
                if b < lower {
                    lower.clone()
                } else {
                    b
                }
            }
            Some(b) => {
                if b > upper {
                    upper.clone()
                } else {
                    b
                }
            }
        }
    };
    let start = clip(bound(&s.lower)?, if backwards { &upper } else { &lower });
    let stop = clip(bound(&s.upper)?, if backwards { &lower } else { &upper });
    Ok((start, stop, step))
}
