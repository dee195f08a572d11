//! Builtin functions and constructors of builtin types.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use num_bigint::BigInt;
use num_traits::{Num, Signed, Zero};

use crate::dict::{new_dict, new_set, HKey};
use crate::error::{type_error, value_error, Error, RtResult};
use crate::exceptions::{builtin_class, ExcKind};
use crate::interp::{call_special, call_value};
use crate::iter::{self, IterState};
use crate::native::Reduce;
use crate::num::{as_int, IntRef};
use crate::ops;
use crate::value::*;

type Kwargs = Vec<(Arc<str>, Value)>;

macro_rules! builtin {
    ($id:ident, $name:expr, $f:expr) => {
        /// A builtin function.
        pub static $id: BuiltinFunction = BuiltinFunction { name: $name, call: $f, unary: None, float: None };
    };
}

/// A builtin of exactly one positional argument, computed by `$f` from a
/// reference to it: calls with one plain argument take the `unary` path
/// (no argument vector is built).
macro_rules! builtin_unary {
    ($id:ident, $name:expr, $f:expr) => {
        /// A builtin function of one argument.
        pub static $id: BuiltinFunction = BuiltinFunction {
            name: $name,
            call: |args, kw| {
                no_kwargs($name, &kw)?;
                expect_args($name, &args, 1, 1)?;
                $f(&args[0])
            },
            unary: Some($f),
            float: None,
        };
    };
}

fn no_kwargs(name: &str, kwargs: &Kwargs) -> RtResult<()> {
    if let Some((k, _)) = kwargs.first() {
        return Err(type_error(format!("{name}() got an unexpected keyword argument '{k}'")));
    }
    Ok(())
}

fn expect_args(name: &str, args: &[Value], min: usize, max: usize) -> RtResult<()> {
    if args.len() < min || args.len() > max {
        return Err(type_error(if min == max {
            format!("{name}() takes exactly {min} argument{} ({} given)", if min == 1 { "" } else { "s" }, args.len())
        } else if args.len() < min {
            format!("{name} expected at least {min} argument{}, got {}", if min == 1 { "" } else { "s" }, args.len())
        } else {
            format!("{name} expected at most {max} arguments, got {}", args.len())
        }));
    }
    Ok(())
}

fn kwarg(kwargs: &Kwargs, name: &str) -> Option<Value> {
    kwargs.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone())
}

builtin_unary!(LEN, "len", |v: &Value| Ok(Value::Int(ops::len(v)?)));

builtin!(SUM, "sum", |args, kw| {
    expect_args("sum", &args, 1, 2)?;
    let start = args.get(1).cloned().or_else(|| kwarg(&kw, "start")).unwrap_or(Value::Int(0));
    if let Value::Str(_) = start {
        return Err(type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    sum_values(&args[0], start)
});

/// `sum(iterable, start)`, left to right, with CPython's phases: machine
/// ints add exactly; once the total is a float, floats add with Neumaier
/// compensation on Python 3.12+ (plainly before), ints as doubles; any
/// other item switches to generic `+` for the rest.
pub fn sum_values(iterable: &Value, start: Value) -> RtResult<Value> {
    let starts_at_zero = matches!(start, Value::Int(0));
    let mut total = Summation::new(start);
    let mut count: u64 = 0;
    let mut feed = |x: &Value| -> RtResult<()> {
        count += 1;
        if count % crate::interp::CANCEL_CHECK_INTERVAL == 0 {
            crate::interp::check_cancelled()?;
        }
        total.add(x)
    };
    match iterable {
        Value::Range(r) if r.big.is_none() => {
            for i in 0..r.len()? {
                feed(&Value::Int(r.at(i)))?;
            }
        }
        Value::List(v) | Value::Tuple(v) => {
            for x in v.iter() {
                feed(x)?;
            }
        }
        _ => {
            let it = iter::iter(iterable)?;
            if starts_at_zero {
                if let Some(native) = iter::native_reduce(&it, Reduce::Sum) {
                    return native;
                }
            }
            // Items computed in parallel pieces, added here in order.
            match crate::pieces::for_each(&it, false, &mut |x| feed(&x).map(|()| true)) {
                Some(done) => done?,
                None => iter::for_each_ref(&it, |x| feed(x).map(|()| true))?,
            }
        }
    }
    Ok(total.finish())
}

/// `sum()` of floats with start 0, exactly as [`sum_values`] adds them
/// (native code sums its packed float lists through this); `None` for no
/// items (the sum is then the int 0).
pub fn sum_floats(items: impl Iterator<Item = f64>) -> Option<f64> {
    let mut total = Summation::new(Value::Int(0));
    for x in items {
        total.add(&Value::Float(x)).ok()?;
    }
    match total.finish() {
        Value::Float(f) => Some(f),
        _ => None,
    }
}

/// The arguments of a call of the builtin `name` matched to `params` by
/// position, then by keyword; `required` of them must be there.
pub(crate) fn bind(name: &str, args: Vec<Value>, kwargs: Kwargs, params: &[&str], required: usize) -> RtResult<Vec<Option<Value>>> {
    if args.len() > params.len() {
        return Err(type_error(format!("{name}() takes at most {} positional arguments ({} given)", params.len(), args.len())));
    }
    let mut out: Vec<Option<Value>> = vec![None; params.len()];
    for (slot, a) in out.iter_mut().zip(args) {
        *slot = Some(a);
    }
    for (k, v) in kwargs {
        let Some(i) = params.iter().position(|p| **p == *k) else {
            return Err(type_error(format!("{name}() got an unexpected keyword argument '{k}'")));
        };
        if out[i].is_some() {
            return Err(type_error(format!("argument for {name}() given by name ('{k}') and position ({})", i + 1)));
        }
        out[i] = Some(v);
    }
    if let Some(i) = out[..required].iter().position(|a| a.is_none()) {
        return Err(type_error(format!("{name}() missing required argument '{}' (pos {})", params[i], i + 1)));
    }
    Ok(out)
}

/// The running state of `sum()`.
struct Summation {
    acc: Value,
    /// Ints whose sum left the 64-bit range are added as 128-bit ints
    /// (`Some`; `acc` is then unused) until an item of another kind or a
    /// 128-bit overflow makes it a big int: one machine add per item, where
    /// big-int adds allocate.
    wide: Option<i128>,
    /// Neumaier compensation while `acc` is a float (3.12+).
    compensation: f64,
    /// Set once an item was neither an int nor a float: plain `+` from then on.
    generic: bool,
    compensated: bool,
}

impl Summation {
    fn new(start: Value) -> Summation {
        Summation { acc: start, wide: None, compensation: 0.0, generic: false, compensated: crate::compat::compensated_float_sum() }
    }

    #[inline]
    fn add(&mut self, x: &Value) -> RtResult<()> {
        use pyfora_syntax::ir::BinOp;
        if let Some(w) = self.wide {
            let more = match x {
                Value::Int(b) => w.checked_add(*b as i128),
                Value::Bool(b) => w.checked_add(*b as i128),
                _ => None,
            };
            if let Some(v) = more {
                self.wide = Some(v);
                return Ok(());
            }
            // Anything else goes on from the exact sum as a big int.
            self.acc = Value::from_big(BigInt::from(w));
            self.wide = None;
        }
        if !self.generic {
            match (&self.acc, x) {
                (Value::Int(a), Value::Int(b)) => {
                    if let Some(v) = a.checked_add(*b) {
                        self.acc = Value::Int(v);
                        return Ok(());
                    }
                    self.wide = Some(*a as i128 + *b as i128);
                    return Ok(());
                }
                (Value::Float(f), Value::Float(v)) => {
                    let (f, v) = (*f, *v);
                    let t = f + v;
                    if self.compensated {
                        if f.abs() >= v.abs() {
                            self.compensation += (f - t) + v;
                        } else {
                            self.compensation += (v - t) + f;
                        }
                    }
                    // In place: the accumulator stays a float (no drop call).
                    if let Value::Float(acc) = &mut self.acc {
                        *acc = t;
                    }
                    return Ok(());
                }
                (Value::Float(f), Value::Int(i)) => {
                    self.acc = Value::Float(f + *i as f64);
                    return Ok(());
                }
                (Value::Float(f), Value::Bool(b)) => {
                    self.acc = Value::Float(f + *b as i64 as f64);
                    return Ok(());
                }
                _ => {}
            }
            // Leaving the float phase: fold in the compensation first.
            if let Value::Float(f) = self.acc {
                self.acc = Value::Float(self.folded(f));
                self.compensation = 0.0;
                self.generic = true;
            }
        }
        self.acc = ops::binop(BinOp::Add, &self.acc, x)?;
        Ok(())
    }

    /// `f` plus the compensation, unless that would turn an infinite or
    /// overflowed sum into a NaN (CPython's rule).
    fn folded(&self, f: f64) -> f64 {
        if self.compensation != 0.0 && self.compensation.is_finite() {
            f + self.compensation
        } else {
            f
        }
    }

    fn finish(self) -> Value {
        if let Some(w) = self.wide {
            return Value::from_big(BigInt::from(w));
        }
        match self.acc {
            Value::Float(f) if !self.generic => Value::Float(self.folded(f)),
            other => other,
        }
    }
}

fn min_max(name: &str, args: Vec<Value>, kw: Kwargs, want_max: bool) -> RtResult<Value> {
    let key = kwarg(&kw, "key").filter(|k| !matches!(k, Value::None));
    let default = kwarg(&kw, "default");
    for (k, _) in &kw {
        if &**k != "key" && &**k != "default" {
            return Err(type_error(format!("{name}() got an unexpected keyword argument '{k}'")));
        }
    }
    let mut best = Best { key: key.as_ref(), want_max, best: None };
    match args.len() {
        0 => return Err(type_error(format!("{name} expected at least 1 argument, got 0"))),
        1 => {
            let it = iter::iter(&args[0])?;
            if key.is_none() {
                let reduce = if want_max { Reduce::Max } else { Reduce::Min };
                if let Some(native) = iter::native_reduce(&it, reduce) {
                    return native;
                }
            }
            // A generator expression computed ahead in parallel pieces;
            // anything else is compared item by item as it is read, so an
            // error surfaces where CPython's would (and an endless
            // iterator is not read to the end first).
            match computed_ahead(&it) {
                Some(items) => {
                    for item in items? {
                        best.offer(item)?;
                    }
                }
                None => iter::for_each(&it, |item| best.offer(item).map(|()| true))?,
            }
        }
        _ => {
            if default.is_some() {
                return Err(type_error(format!("Cannot specify a default for {name}() with multiple positional arguments")));
            }
            for item in args {
                best.offer(item)?;
            }
        }
    }
    match best.best {
        Some((_, v)) => Ok(v),
        None => default.ok_or_else(|| {
            // CPython's wording changed in 3.12.
            let what = if crate::compat::python_minor() >= 12 { "iterable argument is empty" } else { "arg is an empty sequence" };
            value_error(format!("{name}() {what}"))
        }),
    }
}

/// The items of a generator expression computed by native code or in
/// parallel pieces; `None` (nothing consumed) where neither takes it.
fn computed_ahead(it: &Value) -> Option<RtResult<Vec<Value>>> {
    if !matches!(it, Value::Iterator(_)) {
        return None;
    }
    iter::native_items(it).or_else(|| crate::pieces::collect(it).map(Ok))
}

/// The running winner of `min()`/`max()`: (its key, the item).
struct Best<'a> {
    key: Option<&'a Value>,
    want_max: bool,
    best: Option<(Value, Value)>,
}

impl Best<'_> {
    /// Compares `item` with the winner so far as CPython does: `item >
    /// best` for max() (the item's `__gt__` first), `item < best` for min().
    fn offer(&mut self, item: Value) -> RtResult<()> {
        let k = match self.key {
            Some(f) => call_value(f, vec![item.clone()], vec![])?,
            None => item.clone(),
        };
        match &self.best {
            None => self.best = Some((k, item)),
            Some((bk, _)) => {
                let op = if self.want_max { pyfora_syntax::ir::CmpOp::Gt } else { pyfora_syntax::ir::CmpOp::Lt };
                if ops::compare(op, &k, bk)? {
                    self.best = Some((k, item));
                }
            }
        }
        Ok(())
    }
}

builtin!(MIN, "min", |args, kw| min_max("min", args, kw, false));
builtin!(MAX, "max", |args, kw| min_max("max", args, kw, true));

builtin_unary!(ABS, "abs", abs_of);

fn abs_of(v: &Value) -> RtResult<Value> {
    match v {
        Value::Int(i) => Ok(match i.checked_abs() {
            Some(v) => Value::Int(v),
            None => Value::from_big(BigInt::from(*i).abs()),
        }),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Big(b) => Ok(Value::from_big(b.abs())),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        Value::Array(a) => crate::ndarray::unary(None, a),
        v @ Value::Instance(_) => call_special(v, "__abs__", vec![])?.ok_or_else(|| type_error(format!("bad operand type for abs(): '{}'", v.type_name()))),
        v => Err(type_error(format!("bad operand type for abs(): '{}'", v.type_name()))),
    }
}

/// `round()`'s `ndigits` as CPython reads it: an int, clamped to the
/// 64-bit range when it is larger.
fn clamped_ndigits(n: &Value) -> RtResult<i64> {
    match n {
        Value::Big(b) if num_traits::Signed::is_negative(&**b) => Ok(i64::MIN),
        Value::Big(_) => Ok(i64::MAX),
        other => ops::index_of(other),
    }
}

builtin!(ROUND, "round", |args, kw| {
    expect_args("round", &args, 1, 2)?;
    let nd = args.get(1).cloned().or_else(|| kwarg(&kw, "ndigits")).filter(|v| !matches!(v, Value::None));
    match (&args[0], nd) {
        (Value::Float(f), None) => {
            let r = crate::num::round_half_even(*f);
            crate::num::float_to_int(r)
        }
        (Value::Float(f), Some(n)) => Ok(Value::Float(round_float(*f, clamped_ndigits(&n)?)?)),
        (v @ (Value::Int(_) | Value::Big(_) | Value::Bool(_)), None) => Ok(match v {
            Value::Bool(b) => Value::Int(*b as i64),
            other => other.clone(),
        }),
        (v @ (Value::Int(_) | Value::Big(_) | Value::Bool(_)), Some(n)) => {
            let n = clamped_ndigits(&n)?;
            if n >= 0 {
                return Ok(match v {
                    Value::Bool(b) => Value::Int(*b as i64),
                    other => other.clone(),
                });
            }
            let x = as_int(v).expect("int").to_big();
            // 10**-n beyond twice |x| rounds to 0 (without computing it).
            if (n.unsigned_abs() as f64) > x.bits() as f64 * std::f64::consts::LOG10_2 + 1.0 {
                return Ok(Value::Int(0));
            }
            let p = num_traits::pow(BigInt::from(10), (-n) as usize);
            let (q, r) = num_integer::Integer::div_mod_floor(&x, &p);
            let twice = &r * 2;
            let q = if twice > p || (twice == p && num_integer::Integer::is_odd(&q)) { q + 1 } else { q };
            Ok(Value::from_big(q * p))
        }
        (v @ Value::Instance(_), nd) => {
            let a = nd.into_iter().collect();
            call_special(v, "__round__", a)?.ok_or_else(|| type_error(format!("type {} doesn't define __round__ method", v.type_name())))
        }
        (v, _) => Err(type_error(format!("type {} doesn't define __round__ method", v.type_name()))),
    }
});

/// `round(x, n)` for floats, as CPython's: the exact value of `x` rounded
/// half-even to a multiple of `10**-n`, then to the nearest float
/// (`OverflowError` when that is too large).
pub fn round_float(x: f64, n: i64) -> RtResult<f64> {
    // Beyond these CPython returns `x` itself, or a zero.
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() || x == 0.0 || n > NDIGITS_MAX {
        return Ok(x);
    }
    if n < NDIGITS_MIN {
        return Ok(0.0f64.copysign(x));
    }
    let r = if n >= 0 {
        // Formatting rounds the exact binary value half-even; parsing
        // rounds the decimal to the nearest float.
        format!("{:.*}", n as usize, x).parse().unwrap_or(x)
    } else {
        let bits = x.abs().to_bits();
        let (biased, fraction) = ((bits >> 52) as i64, bits & ((1 << 52) - 1));
        let (mantissa, exponent) = if biased == 0 { (fraction, -1074) } else { (fraction | (1 << 52), biased - 1075) };
        let ten_k = num_traits::pow(BigInt::from(10), (-n) as usize);
        let numerator = BigInt::from(mantissa) << exponent.max(0) as u64;
        let denominator = &ten_k << (-exponent).max(0) as u64;
        let (q, rem) = num_integer::Integer::div_rem(&numerator, &denominator);
        let twice = rem * 2;
        let q = if twice > denominator || (twice == denominator && num_integer::Integer::is_odd(&q)) { q + 1 } else { q };
        num_traits::ToPrimitive::to_f64(&(q * ten_k)).unwrap_or(f64::INFINITY)
    };
    if r.is_infinite() {
        return Err(crate::error::overflow_error("rounded value too large to represent"));
    }
    Ok(r.copysign(x))
}

builtin!(DIVMOD, "divmod", |args, kw| {
    no_kwargs("divmod", &kw)?;
    expect_args("divmod", &args, 2, 2)?;
    use pyfora_syntax::ir::BinOp;
    if matches!(args[0], Value::Instance(_)) || matches!(args[1], Value::Instance(_)) {
        return ops::dunder_binop(&args[0], &args[1], "__divmod__", "__rdivmod__")?
            .ok_or_else(|| type_error(format!("unsupported operand type(s) for divmod(): '{}' and '{}'", args[0].type_name(), args[1].type_name())));
    }
    if let (Value::Float(_), _) | (_, Value::Float(_)) = (&args[0], &args[1]) {
        let x = to_f64(&args[0])?;
        let y = to_f64(&args[1])?;
        if y == 0.0 {
            return Err(Error::new(ExcKind::ZeroDivisionError, "float divmod()"));
        }
        let (q, r) = crate::num::float_divmod(x, y);
        return Ok(Value::tuple(vec![Value::Float(q), Value::Float(r)]));
    }
    let q = ops::binop(BinOp::FloorDiv, &args[0], &args[1])?;
    let r = ops::binop(BinOp::Mod, &args[0], &args[1])?;
    Ok(Value::tuple(vec![q, r]))
});

builtin!(POW, "pow", |args, kw| {
    no_kwargs("pow", &kw)?;
    expect_args("pow", &args, 2, 3)?;
    match args.get(2) {
        None | Some(Value::None) => ops::binop(pyfora_syntax::ir::BinOp::Pow, &args[0], &args[1]),
        Some(m) if matches!(args[0], Value::Instance(_)) => match ops::implemented(call_special(&args[0], "__pow__", vec![args[1].clone(), m.clone()])?) {
            Some(v) => Ok(v),
            None => Err(type_error(format!(
                "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
                args[0].type_name(),
                args[1].type_name(),
                m.type_name()
            ))),
        },
        Some(m) => {
            let (Some(b), Some(e), Some(m)) = (as_int(&args[0]), as_int(&args[1]), as_int(m)) else {
                return Err(type_error("pow() 3rd argument not allowed unless all arguments are integers"));
            };
            let (b, e, m) = (b.to_big(), e.to_big(), m.to_big());
            if m.is_zero() {
                return Err(value_error("pow() 3rd argument cannot be 0"));
            }
            let base = if e.is_negative() { mod_inverse(&b, &m).ok_or_else(|| value_error("base is not invertible for the given modulus"))? } else { b };
            let r = base.modpow(&e.abs(), &m.abs());
            let r = if m.is_negative() && !r.is_zero() { r + &m } else { r };
            let r = if !m.is_negative() && r.is_negative() { r + &m } else { r };
            Ok(Value::from_big(r))
        }
    }
});

fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let m = m.abs();
    let e = num_integer::Integer::extended_gcd(&(a.clone() % &m + &m), &m);
    if e.gcd != BigInt::from(1) {
        return None;
    }
    Some(((e.x % &m) + &m) % &m)
}

/// The value as a float (ints and bools convert).
pub fn to_f64(v: &Value) -> RtResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::Big(b) => IntRef::Big(b).to_f64(),
        // `__float__`, else `__index__` (as `PyFloat_AsDouble`).
        Value::Instance(_) => match call_special(v, "__float__", vec![])? {
            Some(Value::Float(f)) => Ok(f),
            Some(r) => Err(type_error(format!("{}.__float__ returned non-float (type {})", v.type_name(), r.type_name()))),
            None if crate::interp::has_special(v, "__index__") => to_f64(&ops::index_value(v)?),
            None => Err(type_error(format!("must be real number, not {}", v.type_name()))),
        },
        other => Err(type_error(format!("must be real number, not {}", other.type_name()))),
    }
}

builtin!(ZIP, "zip", |args, kw| {
    if !kw.is_empty() && crate::compat::python_minor() < 10 {
        // `strict=` came with Python 3.10.
        return Err(type_error("zip() takes no keyword arguments"));
    }
    let mut strict = false;
    for (k, v) in &kw {
        match &**k {
            "strict" => strict = ops::truthy(v)?,
            _ => return Err(type_error(format!("zip() got an unexpected keyword argument '{k}'"))),
        }
    }
    let inners = args.iter().map(iter::iter).collect::<RtResult<Vec<_>>>()?;
    Ok(iter::make(IterState::Zip { inners, strict }))
});

builtin!(ENUMERATE, "enumerate", |args, kw| {
    expect_args("enumerate", &args, 1, 2)?;
    let start = args.get(1).cloned().or_else(|| kwarg(&kw, "start")).map(|v| ops::index_value(&v)).transpose()?.unwrap_or(Value::Int(0));
    Ok(iter::make(IterState::Enumerate { inner: iter::iter(&args[0])?, count: start }))
});

builtin!(MAP, "map", |args, kw| {
    no_kwargs("map", &kw)?;
    if args.len() < 2 {
        return Err(type_error("map() must have at least two arguments."));
    }
    let f = args[0].clone();
    let inners = args[1..].iter().map(iter::iter).collect::<RtResult<Vec<_>>>()?;
    Ok(iter::make(IterState::Map { f, inners }))
});

builtin!(FILTER, "filter", |args, kw| {
    no_kwargs("filter", &kw)?;
    expect_args("filter", &args, 2, 2)?;
    Ok(iter::make(IterState::Filter { f: args[0].clone(), inner: iter::iter(&args[1])? }))
});

builtin!(SORTED, "sorted", |args, kw| {
    expect_args("sorted", &args, 1, 1)?;
    let key = kwarg(&kw, "key").unwrap_or(Value::None);
    // CPython reads the items before it looks at `reverse`.
    let items = collect_items(&args[0])?;
    let reverse = match kwarg(&kw, "reverse") {
        Some(r) => sort_reverse_flag(&r)?,
        None => false,
    };
    Ok(Value::list(sort_values(items, &key, reverse)?))
});

/// The items of an iterable. A generator expression over a range or a
/// numeric list runs as (parallel) native code when the native tier
/// compiles it, else in interpreted pieces on the worker pool
/// ([`crate::pieces`]) when there are several threads.
fn collect_items(v: &Value) -> RtResult<Vec<Value>> {
    if let Some(items) = computed_ahead(v) {
        return items;
    }
    if let Value::Instance(_) = v {
        return iter::collect(&iter::iter_checking_length_hint(v)?);
    }
    iter::collect(v)
}

/// `reverse=` of `sorted`/`list.sort`: an int before 3.12 (`reverse=None`
/// is a `TypeError`), any truth value from 3.12.
pub fn sort_reverse_flag(r: &Value) -> RtResult<bool> {
    if crate::compat::python_minor() >= 12 {
        ops::truthy(r)
    } else {
        Ok(ops::index_of(r)? != 0)
    }
}

/// CPython's sort with an optional key function; `reverse` keeps stability
/// as CPython does (reverse, sort, reverse).
pub fn sort_values(items: Vec<Value>, key: &Value, reverse: bool) -> RtResult<Vec<Value>> {
    let (sorted, outcome) = sort_values_in_place(items, key, reverse);
    outcome.map(|()| sorted)
}

/// `items` sorted as `list.sort` sorts them, with the outcome: on an error
/// the items are all still there, in the order CPython's list is left in
/// (as they were when the key function fails; as far as the merges got
/// when a comparison fails).
pub fn sort_values_in_place(items: Vec<Value>, key: &Value, reverse: bool) -> (Vec<Value>, RtResult<()>) {
    let keys: Vec<Value> = match key {
        Value::None => items.clone(),
        f => match items.iter().map(|x| call_value(f, vec![x.clone()], vec![])).collect::<RtResult<_>>() {
            Ok(keys) => keys,
            Err(e) => return (items, Err(e)),
        },
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    if reverse {
        idx.reverse();
    }
    // CPython's own algorithm, so that orders that are not total (NaNs)
    // come out as CPython's do.
    let outcome = crate::timsort::sort(&mut idx, |a, b| ops::less_than(&keys[a], &keys[b]));
    let mut out: Vec<Value> = idx.into_iter().map(|i| items[i].clone()).collect();
    if reverse {
        out.reverse();
    }
    (out, outcome)
}

builtin!(REVERSED, "reversed", |args, kw| {
    no_kwargs("reversed", &kw)?;
    expect_args("reversed", &args, 1, 1)?;
    match &args[0] {
        Value::List(v) | Value::Tuple(v) => Ok(iter::make(IterState::Reversed { items: v.clone(), idx: v.len() })),
        Value::Range(r) => Ok(iter::make(iter::range_state(&r.reversed()))),
        Value::Str(_) => {
            let items = iter::collect(&args[0])?;
            let n = items.len();
            Ok(iter::make(IterState::Reversed { items: Arc::new(items), idx: n }))
        }
        Value::DictView(v) => {
            let items = crate::views::items(v);
            let n = items.len();
            Ok(iter::make(IterState::Reversed { items: Arc::new(items), idx: n }))
        }
        Value::Dict(d) => {
            let keys: Vec<Value> = d.keys().map(|k| k.value.clone()).collect();
            let n = keys.len();
            Ok(iter::make(IterState::Reversed { items: Arc::new(keys), idx: n }))
        }
        v @ Value::Instance(_) => {
            if let Some(r) = call_special(v, "__reversed__", vec![])? {
                return iter::iter(&r);
            }
            // The sequence protocol: `__getitem__` (checked first), then
            // `__len__`; items are read as the iterator reaches them.
            if crate::interp::lookup_class_attr(v, "__getitem__").is_none() {
                return Err(type_error(format!("'{}' object is not reversible", v.type_name())));
            }
            let n = ops::len(v)?;
            Ok(iter::make(IterState::GetItemReversed { obj: v.clone(), idx: n - 1 }))
        }
        v => Err(type_error(format!("'{}' object is not reversible", v.type_name()))),
    }
});

builtin!(ANY, "any", |args, kw| {
    no_kwargs("any", &kw)?;
    expect_args("any", &args, 1, 1)?;
    let it = iter::iter(&args[0])?;
    drop(args);
    if let Some(native) = iter::native_reduce(&it, Reduce::Any) {
        return native;
    }
    let mut found = false;
    let mut decide = |x: Value| {
        found = ops::truthy(&x)?;
        Ok(!found)
    };
    match crate::pieces::for_each(&it, true, &mut decide) {
        Some(done) => done?,
        None => iter::for_each(&it, decide)?,
    }
    Ok(Value::Bool(found))
});

builtin!(ALL, "all", |args, kw| {
    no_kwargs("all", &kw)?;
    expect_args("all", &args, 1, 1)?;
    let it = iter::iter(&args[0])?;
    drop(args);
    if let Some(native) = iter::native_reduce(&it, Reduce::All) {
        return native;
    }
    let mut found = false;
    let mut decide = |x: Value| {
        found = !ops::truthy(&x)?;
        Ok(!found)
    };
    match crate::pieces::for_each(&it, true, &mut decide) {
        Some(done) => done?,
        None => iter::for_each(&it, decide)?,
    }
    Ok(Value::Bool(!found))
});

/// `isinstance(v, t)` for one type or class.
pub fn is_instance(v: &Value, t: &Value) -> RtResult<bool> {
    Ok(match t {
        Value::Type(kind) => match kind {
            TypeKind::Object => true,
            TypeKind::Int => matches!(v, Value::Int(_) | Value::Big(_) | Value::Bool(_)),
            TypeKind::Function => matches!(v, Value::Function(_)),
            k => v.type_kind() == *k && !matches!(v, Value::Instance(_)),
        },
        Value::Class(c) => match v {
            Value::Instance(i) => i.class.is_subclass_of(c),
            _ => false,
        },
        Value::Tuple(ts) => {
            for x in ts.iter() {
                if is_instance(v, x)? {
                    return Ok(true);
                }
            }
            false
        }
        other => return Err(type_error(format!("isinstance() arg 2 must be a type, a tuple of types, or a union, not {}", other.type_name()))),
    })
}

builtin!(ISINSTANCE, "isinstance", |args, kw| {
    no_kwargs("isinstance", &kw)?;
    expect_args("isinstance", &args, 2, 2)?;
    Ok(Value::Bool(is_instance(&args[0], &args[1])?))
});

fn is_subclass(c: &Value, t: &Value) -> RtResult<bool> {
    Ok(match (c, t) {
        (_, Value::Tuple(ts)) => {
            for x in ts.iter() {
                if is_subclass(c, x)? {
                    return Ok(true);
                }
            }
            false
        }
        (Value::Class(a), Value::Class(b)) => a.is_subclass_of(b),
        (Value::Class(_), Value::Type(TypeKind::Object)) => true,
        (Value::Type(_), Value::Type(TypeKind::Object)) => true,
        (Value::Type(TypeKind::Bool), Value::Type(TypeKind::Int)) => true,
        (Value::Type(a), Value::Type(b)) => a == b,
        (Value::Type(_), Value::Class(_)) => false,
        (Value::Class(_), Value::Type(_)) => false,
        _ => return Err(type_error("issubclass() arg 1 must be a class")),
    })
}

builtin!(ISSUBCLASS, "issubclass", |args, kw| {
    no_kwargs("issubclass", &kw)?;
    expect_args("issubclass", &args, 2, 2)?;
    Ok(Value::Bool(is_subclass(&args[0], &args[1])?))
});

fn attr_name(v: &Value) -> RtResult<String> {
    match v {
        Value::Str(s) => Ok(s.text.to_string()),
        other => Err(type_error(format!("attribute name must be string, not '{}'", other.type_name()))),
    }
}

builtin!(GETATTR, "getattr", |args, kw| {
    no_kwargs("getattr", &kw)?;
    expect_args("getattr", &args, 2, 3)?;
    let name = attr_name(&args[1])?;
    match crate::interp::get_attr(&args[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if e.is(ExcKind::AttributeError) && args.len() == 3 => Ok(args[2].clone()),
        Err(e) => Err(e),
    }
});

builtin!(SETATTR, "setattr", |args, kw| {
    no_kwargs("setattr", &kw)?;
    expect_args("setattr", &args, 3, 3)?;
    let name = attr_name(&args[1])?;
    crate::interp::set_attr(&args[0], &Arc::from(&*name), args[2].clone())?;
    Ok(Value::None)
});

builtin!(DELATTR, "delattr", |args, kw| {
    no_kwargs("delattr", &kw)?;
    expect_args("delattr", &args, 2, 2)?;
    let name = attr_name(&args[1])?;
    Err(Error::invalid(format!("deleting attribute '{name}': pyfora objects are immutable once built")))
});

builtin!(HASATTR, "hasattr", |args, kw| {
    no_kwargs("hasattr", &kw)?;
    expect_args("hasattr", &args, 2, 2)?;
    let name = attr_name(&args[1])?;
    match crate::interp::get_attr(&args[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.is(ExcKind::AttributeError) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
});

builtin!(ITER, "iter", |args, kw| {
    no_kwargs("iter", &kw)?;
    expect_args("iter", &args, 1, 2)?;
    match args.get(1) {
        None => iter::iter(&args[0]),
        Some(sentinel) => {
            if !is_callable(&args[0]) {
                return Err(type_error("iter(v, w): v must be callable"));
            }
            Ok(iter::make(IterState::CallUntil { f: args[0].clone(), sentinel: sentinel.clone() }))
        }
    }
});

builtin!(ASCII, "ascii", |args, kw| {
    no_kwargs("ascii", &kw)?;
    expect_args("ascii", &args, 1, 1)?;
    Ok(Value::str(crate::format::ascii_escape(&ops::repr(&args[0])?)))
});

builtin!(VARS, "vars", |args, kw| {
    no_kwargs("vars", &kw)?;
    if args.len() != 1 {
        return Err(type_error("vars() without arguments is not supported"));
    }
    crate::interp::get_attr(&args[0], "__dict__").map_err(|_| type_error("vars() argument must have __dict__ attribute"))
});

builtin!(NEXT, "next", |args, kw| {
    no_kwargs("next", &kw)?;
    expect_args("next", &args, 1, 2)?;
    if let Value::Instance(_) = &args[0] {
        if let Some(v) = call_special(&args[0], "__next__", vec![]).or_else(|e| {
            if e.is(ExcKind::StopIteration) && args.len() == 2 {
                Ok(Some(args[1].clone()))
            } else {
                Err(e)
            }
        })? {
            return Ok(v);
        }
    }
    if !matches!(args[0], Value::Iterator(_)) {
        return Err(type_error(format!("'{}' object is not an iterator", args[0].type_name())));
    }
    match iter::step(&args[0])? {
        iter::Step::Item(v) => Ok(v),
        iter::Step::Done(r) => match args.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(Error::with_args(ExcKind::StopIteration, if matches!(r, Value::None) { vec![] } else { vec![r] })),
        },
    }
});

builtin_unary!(CHR, "chr", chr_of);

fn chr_of(v: &Value) -> RtResult<Value> {
    // An int beyond a C int: OverflowError before 3.13, out of range after.
    let before_313 = crate::compat::python_minor() < 13;
    let too_large = || Error::new(ExcKind::OverflowError, "Python int too large to convert to C int");
    let i = match ops::index_value(v)? {
        Value::Big(_) if before_313 => return Err(too_large()),
        Value::Big(_) => return Err(value_error("chr() arg not in range(0x110000)")),
        other => ops::index_of(&other)?,
    };
    if i32::try_from(i).is_err() && before_313 {
        return Err(too_large());
    }
    if (0xD800..=0xDFFF).contains(&i) {
        // A documented deviation: pyfora strings are valid UTF-8.
        return Err(Error::new(
            ExcKind::NotImplementedError,
            "strings containing lone surrogates (U+D800..U+DFFF) are not supported by pyfora: its strings are valid Unicode (UTF-8)",
        ));
    }
    let c = u32::try_from(i).ok().and_then(char::from_u32).ok_or_else(|| value_error("chr() arg not in range(0x110000)"))?;
    Ok(Value::char(c))
}

builtin_unary!(ORD, "ord", ord_of);

fn ord_of(v: &Value) -> RtResult<Value> {
    match v {
        Value::Str(s) if s.chars == 1 => Ok(Value::Int(s.text.chars().next().expect("one char") as i64)),
        Value::Str(s) => Err(type_error(format!("ord() expected a character, but string of length {} found", s.chars))),
        v => Err(type_error(format!("ord() expected string of length 1, but {} found", v.type_name()))),
    }
}

builtin_unary!(HASH, "hash", |v: &Value| Ok(Value::Int(crate::hash::py_hash(v)?)));

builtin_unary!(REPR, "repr", |v: &Value| Ok(Value::str(ops::repr(v)?)));

builtin!(FORMAT, "format", |args, kw| {
    no_kwargs("format", &kw)?;
    expect_args("format", &args, 1, 2)?;
    let spec = match args.get(1) {
        Some(Value::Str(s)) => s.text.to_string(),
        Some(v) => return Err(type_error(format!("format() argument 2 must be str, not {}", v.type_name()))),
        None => String::new(),
    };
    Ok(Value::str(ops::format_value(&args[0], &spec)?))
});

builtin!(CALLABLE, "callable", |args, kw| {
    no_kwargs("callable", &kw)?;
    expect_args("callable", &args, 1, 1)?;
    Ok(Value::Bool(is_callable(&args[0])))
});

/// `callable(v)`.
pub fn is_callable(v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Builtin(_) | Value::BuiltinMethod(_) | Value::BoundMethod(_) | Value::Class(_) | Value::Type(_) => true,
        Value::Instance(_) => crate::interp::has_special(v, "__call__"),
        _ => false,
    }
}

fn radix_text(args: &[Value], name: &str, radix: u32, prefix: &str) -> RtResult<Value> {
    expect_args(name, args, 1, 1)?;
    let n = match as_int(&args[0]) {
        Some(i) => i.to_big(),
        None => match ops::index_value(&args[0])? {
            Value::Big(b) => (*b).clone(),
            other => BigInt::from(ops::index_of(&other)?),
        },
    };
    let sign = if n.is_negative() { "-" } else { "" };
    Ok(Value::str(format!("{sign}{prefix}{}", n.abs().to_str_radix(radix))))
}

// `id(x)`: an object's address, the same for values that are the same
// object (`x is y`): heap objects by their allocation, the values pyfora
// keeps inline (numbers, None, one-character strings) by their contents,
// in a range no allocation reaches.
builtin!(ID, "id", |args, _kw| {
    expect_args("id", &args, 1, 1)?;
    Ok(Value::Int(object_id(&args[0])))
});

fn object_id(v: &Value) -> i64 {
    fn at<T: ?Sized>(p: &Arc<T>) -> i64 {
        Arc::as_ptr(p) as *const u8 as usize as i64
    }
    const INLINE: i64 = 1 << 61;
    let by_content = |tag: i64, bits: u64| INLINE | (tag << 56) | ((bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 8) as i64 & ((1 << 56) - 1));
    match v {
        Value::Str(s) if s.text.chars().count() > 1 => at(s),
        Value::Tuple(t) if !t.is_empty() => at(t),
        Value::Big(b) => at(b),
        Value::List(x) => at(x),
        Value::Dict(x) => at(x),
        Value::Set(x) | Value::FrozenSet(x) => at(x),
        Value::Range(x) => at(x),
        Value::DictView(x) => at(x),
        Value::Slice(x) => at(x),
        Value::Function(x) => at(x),
        Value::Class(x) => at(x),
        Value::Instance(x) => at(x),
        Value::Iterator(x) => at(x),
        Value::Array(x) => at(x),
        Value::Int(i) => by_content(1, *i as u64),
        Value::Bool(b) => by_content(2, *b as u64),
        Value::Float(f) => by_content(3, f.to_bits()),
        Value::Str(s) => by_content(4, crate::hash::hash_str(&s.text) as u64),
        Value::None => by_content(5, 0),
        Value::Tuple(_) => by_content(5, 1),
        Value::Ellipsis => by_content(5, 2),
        Value::NotImplemented => by_content(5, 3),
        other => by_content(6, crate::hash::identity_hash(other) as u64),
    }
}

builtin!(BIN, "bin", |args, _kw| radix_text(&args, "bin", 2, "0b"));
builtin!(OCT, "oct", |args, _kw| radix_text(&args, "oct", 8, "0o"));
builtin!(HEX, "hex", |args, _kw| radix_text(&args, "hex", 16, "0x"));

builtin!(STATICMETHOD, "staticmethod", |args, _kw| {
    expect_args("staticmethod", &args, 1, 1)?;
    Ok(Value::StaticMethod(Arc::new(args[0].clone())))
});
builtin!(CLASSMETHOD, "classmethod", |args, _kw| {
    expect_args("classmethod", &args, 1, 1)?;
    Ok(Value::ClassMethod(Arc::new(args[0].clone())))
});
builtin!(PROPERTY, "property", |args, _kw| {
    expect_args("property", &args, 1, 2)?;
    let fset = args.get(1).cloned().unwrap_or(Value::None);
    Ok(Value::Property(Arc::new(crate::value::PropertyValue { fget: args[0].clone(), fset })))
});

builtin!(SUPER, "super", |args, _kw| {
    expect_args("super", &args, 2, 2)?;
    match &args[0] {
        Value::Class(c) => {
            check_super_receiver(c, &args[1])?;
            Ok(Value::Super(Arc::new((c.clone(), args[1].clone()))))
        }
        _ => Err(type_error("super() argument 1 must be a type")),
    }
});

/// `super(class, obj)` needs `obj` to be an instance of `class` or a
/// subclass of it (CPython's `TypeError` otherwise, also for the
/// argument-less `super()` of a method called with another receiver).
pub fn check_super_receiver(class: &Arc<crate::value::Class>, obj: &Value) -> RtResult<()> {
    let fits = match obj {
        Value::Instance(i) => i.class.is_subclass_of(class),
        Value::Class(c) => c.is_subclass_of(class),
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(type_error("super(type, obj): obj must be an instance or subtype of type"))
    }
}

builtin!(IMPORT, "__import__", |args, _kw| {
    let name = attr_name(&args[0])?;
    crate::modules::module(&name).ok_or_else(|| unavailable_module(&name))
});

builtin!(TO_TUPLE, "__pyfora_tuple__", |args, _kw| Ok(Value::tuple(iter::collect(&args[0])?)));
builtin!(TO_SET, "__pyfora_set__", |args, _kw| construct(TypeKind::Set, args, vec![]));
// A set display of constants, built in source order: CPython's compiler
// keeps it as a frozenset rebuilt from its own order (constant merging),
// which the display then merges into a new set.
builtin!(CONSTANT_SET, "__pyfora_constant_set__", |args, _kw| {
    let (Some(Value::Set(built)) | Some(Value::FrozenSet(built))) = args.first() else {
        return Err(type_error("__pyfora_constant_set__ takes a set"));
    };
    let constant: crate::dict::PySet = built.iter().cloned().collect();
    Ok(Value::Set(Arc::new(crate::dict::PySet::copy_of(&constant))))
});

builtin!(EXCEPTION_INIT, "__init__", |args, kw| {
    if let (Some(Value::Instance(i)), false) = (args.first(), kw.is_empty()) {
        // Only these take keywords (`name=`, `path=`, `obj=`).
        let takes_keywords =
            [ExcKind::ImportError, ExcKind::AttributeError, ExcKind::NameError].iter().any(|k| i.class.is_subclass_of(&crate::exceptions::builtin_class(*k)));
        if !takes_keywords {
            return Err(type_error(format!("{}() takes no keyword arguments", i.class.name)));
        }
    }
    if let Some(Value::Instance(i)) = args.first() {
        i.set_attr(Arc::from("args"), Value::tuple(args[1..].to_vec()));
    }
    Ok(Value::None)
});
builtin!(OBJECT_INIT, "__init__", |args, kw| {
    // Reached with more than the instance only through a subclass's own
    // `__init__` (a class without one is checked when it is called).
    if args.len() > 1 || !kw.is_empty() {
        return Err(type_error("object.__init__() takes exactly one argument (the instance to initialize)"));
    }
    Ok(Value::None)
});

/// Key/value pairs of a mapping or an iterable of pairs.
pub fn mapping_pairs(src: &Value) -> RtResult<Vec<(Value, Value)>> {
    let mut out = Vec::new();
    for_each_pair(src, |k, v| {
        out.push((k, v));
        Ok(())
    })?;
    Ok(out)
}

/// Hands each `(key, value)` pair of `src` (a dict, a mapping instance, or
/// an iterable of pairs) to `f` as it is taken: an error in the iterable
/// comes after the pairs before it were handed over, as in `dict.update`.
pub fn for_each_pair(src: &Value, mut f: impl FnMut(Value, Value) -> RtResult<()>) -> RtResult<()> {
    if let Some(pairs) = keys_mapping_pairs(src) {
        return pairs?.into_iter().try_for_each(|(k, v)| f(k, v));
    }
    match src {
        Value::Dict(d) => d.iter().try_for_each(|(k, v)| f(k.value.clone(), v.clone())),
        other => {
            let mut i = 0;
            iter::for_each_item(other, |item| {
                let pair = iter::collect(&item).map_err(|_| type_error(format!("cannot convert dictionary update sequence element #{i} to a sequence")))?;
                if pair.len() != 2 {
                    return Err(value_error(format!("dictionary update sequence element #{i} has length {}; 2 is required", pair.len())));
                }
                let mut p = pair.into_iter();
                f(p.next().expect("2"), p.next().expect("2"))?;
                i += 1;
                Ok(())
            })
        }
    }
}

/// The pairs of an instance that is a mapping by CPython's test (it has a
/// `keys` method): `(k, obj[k])` for each `k` of `obj.keys()`, in order.
/// `None` for anything else.
pub fn keys_mapping_pairs(obj: &Value) -> Option<RtResult<Vec<(Value, Value)>>> {
    if !matches!(obj, Value::Instance(_)) || crate::interp::lookup_class_attr(obj, "keys").is_none() {
        return None;
    }
    let pairs = || -> RtResult<Vec<(Value, Value)>> {
        let keys = crate::interp::call_value(&crate::interp::get_attr(obj, "keys")?, vec![], vec![])?;
        let mut out = Vec::new();
        for k in iter::collect(&keys)? {
            let v = crate::ops::getitem(obj, &k)?;
            out.push((k, v));
        }
        Ok(out)
    };
    Some(pairs())
}

/// Parses an integer literal from source (`0x..`, `0o..`, `0b..`, decimal).
pub fn parse_int_literal(text: &str) -> RtResult<Value> {
    let t = text.replace('_', "");
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = if let Some(r) = lower.strip_prefix("0x") {
        (r.to_string(), 16)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (r.to_string(), 8)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (r.to_string(), 2)
    } else {
        (lower, 10)
    };
    BigInt::from_str_radix(&digits, radix).map(Value::from_big).map_err(|_| value_error(format!("invalid integer literal {text}")))
}

/// The value of `text` when it is an optional sign and 1 to 18 ASCII
/// digits, nothing else (the common case of `int(text)`, which then skips
/// the general parse).
fn short_decimal(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut value: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        value = value * 10 + (d - b'0') as i64;
    }
    Some(if negative { -value } else { value })
}

/// `int(text, base)` with Python's syntax rules: surrounding whitespace,
/// any script's decimal digits, underscores between digits, and CPython's
/// 4300-digit limit for bases that are not powers of two.
pub fn parse_int(text: &str, base: u32) -> RtResult<Value> {
    if base == 10 {
        if let Some(v) = short_decimal(text) {
            return Ok(Value::Int(v));
        }
    }
    let err = || value_error(format!("invalid literal for int() with base {base}: {}", crate::str_methods::str_repr(text)));
    let ascii = crate::str_methods::decimal_and_space_to_ascii(text);
    let s = ascii.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b');
    let (neg, body) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let lower = body.to_ascii_lowercase();
    let (digits, radix) = match base {
        0 => {
            if let Some(r) = lower.strip_prefix("0x") {
                (r.to_string(), 16)
            } else if let Some(r) = lower.strip_prefix("0o") {
                (r.to_string(), 8)
            } else if let Some(r) = lower.strip_prefix("0b") {
                (r.to_string(), 2)
            } else {
                if lower.len() > 1 && lower.starts_with('0') && lower.trim_start_matches(['0', '_']).len() > 0 {
                    return Err(err());
                }
                (lower.clone(), 10)
            }
        }
        16 => (lower.strip_prefix("0x").unwrap_or(&lower).to_string(), 16),
        8 => (lower.strip_prefix("0o").unwrap_or(&lower).to_string(), 8),
        2 => (lower.strip_prefix("0b").unwrap_or(&lower).to_string(), 2),
        b => (lower.clone(), b),
    };
    // One underscore may follow a base prefix (`0x_ff`), never start the number.
    let prefixed = digits.len() < lower.len();
    let digits = if prefixed { digits.strip_prefix('_').unwrap_or(&digits) } else { &digits[..] };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return Err(err());
    }
    let clean = digits.replace('_', "");
    if !clean.chars().all(|c| c.is_digit(radix)) {
        return Err(err());
    }
    if !radix.is_power_of_two() && crate::compat::exceeds_str_digits(clean.len()) {
        return Err(value_error(format!(
            "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; \
             use sys.set_int_max_str_digits() to increase the limit",
            crate::compat::int_max_str_digits().unwrap_or_default(),
            clean.len()
        )));
    }
    let n = BigInt::from_str_radix(&clean, radix).map_err(|_| err())?;
    Ok(Value::from_big(if neg { -n } else { n }))
}

fn parse_float(text: &str) -> RtResult<f64> {
    let ascii = crate::str_methods::decimal_and_space_to_ascii(text);
    let s = ascii.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b');
    let err = || value_error(format!("could not convert string to float: {}", crate::str_methods::str_repr(text)));
    let lower = s.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    if matches!(body, "inf" | "infinity" | "nan") {
        let v: f64 = if body == "nan" { crate::num::fresh_nan() } else { f64::INFINITY };
        return Ok(if lower.starts_with('-') { -v } else { v });
    }
    // Underscores only between two digits.
    let bytes = s.as_bytes();
    let misplaced =
        (0..bytes.len()).any(|i| bytes[i] == b'_' && (i == 0 || i + 1 == bytes.len() || !bytes[i - 1].is_ascii_digit() || !bytes[i + 1].is_ascii_digit()));
    if misplaced || !s.chars().all(|c| c.is_ascii_digit() || "+-.eE_".contains(c)) {
        return Err(err());
    }
    s.replace('_', "").parse::<f64>().map_err(|_| err())
}

/// Calls a builtin type: `int(x)`, `list(it)`, `range(n)`, ...
pub fn construct(kind: TypeKind, mut args: Vec<Value>, mut kw: Kwargs) -> RtResult<Value> {
    let name = kind.name();
    // Keywords CPython's constructors take (the rest refuse any; `dict`,
    // `zip`, `enumerate` and `object` read their own).
    let accepted: Option<&[&str]> = match kind {
        TypeKind::Dict | TypeKind::Zip | TypeKind::Enumerate | TypeKind::Object => None,
        TypeKind::Int => Some(&["base"]),
        TypeKind::Str => Some(&["object"]),
        _ => Some(&[]),
    };
    if let (Some(accepted), false) = (accepted, kw.is_empty()) {
        if accepted.is_empty() {
            return Err(type_error(format!("{name}() takes no keyword arguments")));
        }
        if let Some((k, _)) = kw.iter().find(|(k, _)| !accepted.contains(&&**k)) {
            return Err(type_error(format!("'{k}' is an invalid keyword argument for {name}()")));
        }
    }
    // Positional arguments CPython's constructors take at most.
    let most = match kind {
        TypeKind::Int => Some(2),
        TypeKind::Float | TypeKind::Str | TypeKind::Bool | TypeKind::Tuple | TypeKind::List | TypeKind::Set | TypeKind::FrozenSet | TypeKind::Dict => Some(1),
        _ => None,
    };
    if let Some(most) = most.filter(|m| args.len() > *m) {
        return Err(type_error(if kind == TypeKind::Int {
            format!("int() takes at most 2 arguments ({} given)", args.len())
        } else {
            format!("{name} expected at most {most} argument, got {}", args.len())
        }));
    }
    if kind == TypeKind::Str {
        if let Some(i) = kw.iter().position(|(k, _)| &**k == "object") {
            if !args.is_empty() {
                return Err(type_error("argument for str() given by name ('object') and position (1)"));
            }
            args.push(kw.remove(i).1);
        }
    }
    match kind {
        TypeKind::Int => {
            if args.len() > 1 && kwarg(&kw, "base").is_some() {
                return Err(type_error("argument for int() given by name ('base') and position (2)"));
            }
            // The base is checked first, whatever the value (as CPython does).
            let base = match args.get(1).cloned().or_else(|| kwarg(&kw, "base")) {
                Some(b) if !args.is_empty() => {
                    let b = ops::index_of(&b)?;
                    if b != 0 && !(2..=36).contains(&b) {
                        return Err(value_error("int() base must be >= 2 and <= 36, or 0"));
                    }
                    Some(b)
                }
                other => other.map(|_| 10),
            };
            match (args.first(), base) {
                (None, None) => Ok(Value::Int(0)),
                (None, Some(_)) => Err(type_error("int() missing string argument")),
                (Some(Value::Str(s)), b) => parse_int(&s.text, b.unwrap_or(10) as u32),
                (Some(_), Some(_)) => Err(type_error("int() can't convert non-string with explicit base")),
                (Some(Value::Float(f)), None) => crate::num::float_to_int(*f),
                (Some(Value::Bool(b)), None) => Ok(Value::Int(*b as i64)),
                (Some(v @ (Value::Int(_) | Value::Big(_))), None) => Ok(v.clone()),
                (Some(v @ Value::Instance(_)), None) => match call_special(v, "__int__", vec![])? {
                    Some(r @ (Value::Int(_) | Value::Big(_))) => Ok(r),
                    Some(Value::Bool(b)) => Ok(Value::Int(b as i64)),
                    Some(r) => Err(type_error(format!("__int__ returned non-int (type {})", r.type_name()))),
                    None => match call_special(v, "__index__", vec![])? {
                        Some(r @ (Value::Int(_) | Value::Big(_))) => Ok(r),
                        Some(r) => Err(type_error(format!("__index__ returned non-int (type {})", r.type_name()))),
                        // Python 3.9 to 3.13 still fall back on `__trunc__`.
                        None => match call_special(v, "__trunc__", vec![])? {
                            Some(r @ (Value::Int(_) | Value::Big(_))) => Ok(r),
                            Some(Value::Bool(b)) => Ok(Value::Int(b as i64)),
                            Some(r) => Err(type_error(format!("__trunc__ returned non-Integral (type {})", r.type_name()))),
                            None => Err(type_error(format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", v.type_name()))),
                        },
                    },
                },
                (Some(v), None) => Err(type_error(format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", v.type_name()))),
            }
        }
        TypeKind::Float => match args.first() {
            None => Ok(Value::Float(0.0)),
            Some(Value::Str(s)) => Ok(Value::Float(parse_float(&s.text)?)),
            // An object without `__float__` converts through `__index__`.
            Some(v @ Value::Instance(_)) if !crate::interp::has_special(v, "__float__") && crate::interp::has_special(v, "__index__") => {
                Ok(Value::Float(to_f64(&ops::index_value(v)?)?))
            }
            Some(v @ (Value::Float(_) | Value::Int(_) | Value::Big(_) | Value::Bool(_) | Value::Instance(_))) => Ok(Value::Float(to_f64(v).map_err(|e| {
                if matches!(v, Value::Instance(_)) {
                    type_error(format!("float() argument must be a string or a real number, not '{}'", v.type_name()))
                } else {
                    e
                }
            })?)),
            Some(v) => Err(type_error(format!("float() argument must be a string or a real number, not '{}'", v.type_name()))),
        },
        TypeKind::Str => match args.first() {
            None => Ok(Value::str("")),
            Some(v) => Ok(Value::str(ops::to_str(v)?)),
        },
        TypeKind::Bool => match args.first() {
            None => Ok(Value::Bool(false)),
            Some(v) => Ok(Value::Bool(ops::truthy(v)?)),
        },
        TypeKind::Tuple => match args.first() {
            None => Ok(Value::tuple(vec![])),
            Some(t @ Value::Tuple(_)) => Ok(t.clone()),
            Some(v) => Ok(Value::tuple(collect_items(v)?)),
        },
        TypeKind::List => match args.first() {
            None => Ok(Value::list(vec![])),
            Some(v) => Ok(Value::list(collect_items(v)?)),
        },
        TypeKind::Dict => {
            let mut d = new_dict();
            match args.first() {
                // A dict's table is copied whole (no hashing per key).
                Some(Value::Dict(src)) => d = (**src).clone(),
                Some(src) => {
                    for (k, v) in mapping_pairs(src)? {
                        crate::dict::insert(&mut d, HKey::new(k)?, v)?;
                    }
                }
                None => {}
            }
            for (k, v) in kw {
                crate::dict::insert(&mut d, HKey::new(Value::str(&*k))?, v)?;
            }
            Ok(Value::Dict(Arc::new(d)))
        }
        TypeKind::Set | TypeKind::FrozenSet => {
            let mut s = new_set();
            if let Some(src) = args.first() {
                crate::methods::update_set(&mut s, src)?;
            }
            Ok(if kind == TypeKind::Set { Value::Set(Arc::new(s)) } else { Value::FrozenSet(Arc::new(s)) })
        }
        TypeKind::Range => {
            no_kwargs("range", &kw)?;
            Ok(Value::Range(Arc::new(crate::range::construct(&args)?)))
        }
        TypeKind::Slice => {
            let (lower, upper, step) = match args.len() {
                1 => (Value::None, args[0].clone(), Value::None),
                2 => (args[0].clone(), args[1].clone(), Value::None),
                3 => (args[0].clone(), args[1].clone(), args[2].clone()),
                n => return Err(type_error(format!("slice expected at most 3 arguments, got {n}"))),
            };
            Ok(Value::Slice(Arc::new(SliceValue { lower, upper, step })))
        }
        TypeKind::Type => match args.len() {
            1 => Ok(type_of(&args[0])),
            _ => Err(type_error("type() with 3 arguments is not supported")),
        },
        TypeKind::Object => Ok(Value::Instance(Arc::new(Instance::new(object_class(), vec![], true)))),
        _ => Err(type_error(format!("cannot create '{name}' instances"))),
    }
}

fn object_class() -> Arc<Class> {
    static OBJ: OnceLock<Arc<Class>> = OnceLock::new();
    OBJ.get_or_init(|| crate::class::new_class(Arc::from("object"), vec![], vec![], None, false)).clone()
}

/// `type(v)`.
pub fn type_of(v: &Value) -> Value {
    match v {
        Value::Instance(i) => Value::Class(i.class.clone()),
        other => Value::Type(other.type_kind()),
    }
}

fn table() -> &'static HashMap<&'static str, Value> {
    static TABLE: OnceLock<HashMap<&'static str, Value>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m: HashMap<&'static str, Value> = HashMap::new();
        for f in [
            &LEN,
            &SUM,
            &MIN,
            &MAX,
            &ABS,
            &ROUND,
            &DIVMOD,
            &POW,
            &ZIP,
            &ENUMERATE,
            &MAP,
            &FILTER,
            &SORTED,
            &REVERSED,
            &ANY,
            &ALL,
            &ISINSTANCE,
            &ISSUBCLASS,
            &GETATTR,
            &SETATTR,
            &DELATTR,
            &HASATTR,
            &ITER,
            &NEXT,
            &CHR,
            &ORD,
            &HASH,
            &ID,
            &REPR,
            &FORMAT,
            &CALLABLE,
            &BIN,
            &OCT,
            &HEX,
            &ASCII,
            &VARS,
            &STATICMETHOD,
            &CLASSMETHOD,
            &PROPERTY,
            &SUPER,
            &IMPORT,
            &TO_TUPLE,
            &TO_SET,
            &CONSTANT_SET,
        ] {
            m.insert(f.name, Value::Builtin(f));
        }
        for f in crate::matching::builtins() {
            m.insert(f.name, Value::Builtin(f));
        }
        for kind in [
            TypeKind::Int,
            TypeKind::Float,
            TypeKind::Str,
            TypeKind::Bool,
            TypeKind::Tuple,
            TypeKind::List,
            TypeKind::Dict,
            TypeKind::Set,
            TypeKind::FrozenSet,
            TypeKind::Range,
            TypeKind::Slice,
            TypeKind::Type,
            TypeKind::Object,
        ] {
            m.insert(kind.name(), Value::Type(kind));
        }
        m.insert("xrange", Value::Type(TypeKind::Range));
        m.insert("None", Value::None);
        m.insert("Ellipsis", Value::Ellipsis);
        m.insert("NotImplemented", Value::NotImplemented);
        m.insert("True", Value::Bool(true));
        m.insert("False", Value::Bool(false));
        for &k in ExcKind::ALL {
            m.insert(k.name(), Value::Class(builtin_class(k)));
        }
        // Python 3's aliases of `OSError` (`except IOError:`).
        m.insert("IOError", Value::Class(builtin_class(ExcKind::OSError)));
        m.insert("EnvironmentError", Value::Class(builtin_class(ExcKind::OSError)));
        m
    })
}

/// A builtin name (`len`, `int`, `ValueError`, ...).
pub fn lookup(name: &str) -> Option<Value> {
    if let Some(module) = name.strip_prefix(pyfora_syntax::ir::IMPORT_PREFIX) {
        // `import module` of a module pyfora provides.
        return crate::modules::module(module);
    }
    table().get(name).cloned()
}

/// The error for `import module` of a module neither pyfora provides nor
/// the client shipped.
pub fn unavailable_module(module: &str) -> Error {
    Error::new(
        ExcKind::ModuleNotFoundError,
        format!(
            "module '{module}' is not available to pyfora code, which can import {} and the modules of your own that your code imports",
            crate::modules::provided_list()
        ),
    )
}
