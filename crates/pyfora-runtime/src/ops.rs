//! Operators on values: arithmetic, comparison, truth, `repr`/`str`,
//! `format`, indexing and length — the semantics of CPython's abstract
//! object layer, dispatching to user dunder methods for instances.

use std::cmp::Ordering;
use std::sync::Arc;

use num_traits::Signed;

use pyfora_syntax::ir::{BinOp, CmpOp};

use crate::dict::{new_dict, HKey};
use crate::error::{index_error, key_error, type_error, Error, RtResult};
use crate::exceptions::ExcKind;
use crate::interp::call_special;
use crate::num::{self, as_int, IntRef};
use crate::value::{PyStr, TypeKind, Value};

/// The forward and reflected methods of a binary operator.
fn binop_dunder(op: BinOp) -> (&'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__"),
        BinOp::Sub => ("__sub__", "__rsub__"),
        BinOp::Mul => ("__mul__", "__rmul__"),
        BinOp::TrueDiv => ("__truediv__", "__rtruediv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__"),
        BinOp::Pow => ("__pow__", "__rpow__"),
        BinOp::LShift => ("__lshift__", "__rlshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__"),
        BinOp::BitAnd => ("__and__", "__rand__"),
        BinOp::BitOr => ("__or__", "__ror__"),
        BinOp::BitXor => ("__xor__", "__rxor__"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__"),
    }
}

/// The method augmented assignment (`x op= y`) tries first.
pub fn inplace_dunder(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "__iadd__",
        BinOp::Sub => "__isub__",
        BinOp::Mul => "__imul__",
        BinOp::TrueDiv => "__itruediv__",
        BinOp::FloorDiv => "__ifloordiv__",
        BinOp::Mod => "__imod__",
        BinOp::Pow => "__ipow__",
        BinOp::LShift => "__ilshift__",
        BinOp::RShift => "__irshift__",
        BinOp::BitAnd => "__iand__",
        BinOp::BitOr => "__ior__",
        BinOp::BitXor => "__ixor__",
        BinOp::MatMul => "__imatmul__",
    }
}

/// Whether `b`'s reflected method `rev` runs before `a`'s own: `b` is an
/// instance of a proper subclass of `a`'s class that defines `rev`
/// differently (CPython's rule for binary operators; for comparisons any
/// proper subclass, `any_override`).
fn subclass_first(a: &Value, b: &Value, rev: &str, any_override: bool) -> bool {
    let (Value::Instance(x), Value::Instance(y)) = (a, b) else { return false };
    if Arc::ptr_eq(&x.class, &y.class) || !y.class.mro().iter().any(|c| Arc::ptr_eq(c, &x.class)) {
        return false;
    }
    match (y.class.lookup(rev), x.class.lookup(rev)) {
        // The default `__ne__` inverts the class's `__eq__`.
        (None, _) if any_override && rev == "__ne__" => y.class.lookup("__eq__").is_some(),
        (None, _) => false,
        (Some(_), _) if any_override => true,
        (Some(Value::Function(f)), Some(Value::Function(g))) => !Arc::ptr_eq(&f, &g),
        (Some(_), _) => true,
    }
}

fn reflected_first(a: &Value, b: &Value, rev: &str) -> bool {
    subclass_first(a, b, rev, false)
}

/// `a op b` for a comparison with an instance operand, as CPython's rich
/// comparison: the left operand's method, then the right operand's
/// reflected one (first when its class is a subclass of the left's), any
/// result they return (not only bools); `NotImplemented` from both falls
/// back to identity for `==`/`!=` (`!=` also inverts a defined `__eq__`)
/// and raises `TypeError` for orderings.
pub fn rich_compare(op: CmpOp, a: &Value, b: &Value) -> RtResult<Value> {
    if (matches!(a, Value::Array(_)) || matches!(b, Value::Array(_))) && !matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn) {
        if !matches!(a, Value::Instance(_)) && !matches!(b, Value::Instance(_)) {
            let (x, y) = (array_side(a)?, array_side(b)?);
            return crate::ndarray::compare(op, &x, &y)?
                .ok_or_else(|| type_error(format!("'{}' not supported between instances of '{}' and '{}'", op.symbol(), a.type_name(), b.type_name())));
        }
    }
    if !matches!(a, Value::Instance(_)) && !matches!(b, Value::Instance(_)) || matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn) {
        return Ok(Value::Bool(compare(op, a, b)?));
    }
    let (fwd, rev) = match op {
        CmpOp::Eq => ("__eq__", "__eq__"),
        CmpOp::NotEq => ("__ne__", "__ne__"),
        _ => (order_dunder(op), order_dunder(reflect(op))),
    };
    // One side's method: its own, or for `!=` the inverse of its `__eq__`.
    let side = |x: &Value, y: &Value, name: &str| -> RtResult<Option<Value>> {
        if !matches!(x, Value::Instance(_)) {
            return Ok(None);
        }
        if let Some(v) = implemented(call_special(x, name, vec![y.clone()])?) {
            return Ok(Some(v));
        }
        if op == CmpOp::NotEq && !crate::interp::has_special(x, "__ne__") {
            if let Some(v) = implemented(call_special(x, "__eq__", vec![y.clone()])?) {
                return Ok(Some(Value::Bool(!truthy(&v)?)));
            }
        }
        Ok(None)
    };
    if subclass_first(a, b, rev, true) {
        if let Some(v) = side(b, a, rev)? {
            return Ok(v);
        }
    }
    if let Some(v) = side(a, b, fwd)? {
        return Ok(v);
    }
    if let Some(v) = side(b, a, rev)? {
        return Ok(v);
    }
    match op {
        CmpOp::Eq => Ok(Value::Bool(is(a, b))),
        CmpOp::NotEq => Ok(Value::Bool(!is(a, b))),
        // Not both instances: a builtin operand may still order (views, sets).
        _ if !matches!(a, Value::Instance(_)) || !matches!(b, Value::Instance(_)) => Ok(Value::Bool(order_builtin(op, a, b)?)),
        _ => Err(type_error(format!("'{}' not supported between instances of '{}' and '{}'", op.symbol(), a.type_name(), b.type_name()))),
    }
}

/// A dunder's result, with `NotImplemented` (and a missing dunder) as None.
pub fn implemented(r: Option<Value>) -> Option<Value> {
    match r {
        Some(Value::NotImplemented) | None => None,
        v => v,
    }
}

fn unsupported(op: BinOp, a: &Value, b: &Value) -> Error {
    match (op, a) {
        (BinOp::Add, Value::Str(_) | Value::List(_) | Value::Tuple(_)) if !matches!(b, Value::Instance(_)) => {
            let kind = a.type_name();
            return type_error(format!("can only concatenate {kind} (not \"{}\") to {kind}", b.type_name()));
        }
        (BinOp::Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_)) => {
            return type_error(format!("can't multiply sequence by non-int of type '{}'", b.type_name()));
        }
        _ => {}
    }
    // (`**` is named with `pow()`, which raises the same error.)
    let symbol = if op == BinOp::Pow { "** or pow()" } else { op.symbol() };
    type_error(format!("unsupported operand type(s) for {symbol}: '{}' and '{}'", a.type_name(), b.type_name()))
}

/// `a op b` through the instance operands' dunders `fwd` (`__add__`) and
/// `rev` (`__radd__`), as CPython's binary operators: a subclass's own
/// reflected method goes first; the reflected method is tried once, and
/// never between operands of one class. `None` when no method took it.
pub fn dunder_binop(a: &Value, b: &Value, fwd: &str, rev: &str) -> RtResult<Option<Value>> {
    let rev_first = reflected_first(a, b, rev);
    if rev_first {
        if let Some(v) = implemented(call_special(b, rev, vec![a.clone()])?) {
            return Ok(Some(v));
        }
    }
    if let Value::Instance(_) = a {
        if let Some(v) = implemented(call_special(a, fwd, vec![b.clone()])?) {
            return Ok(Some(v));
        }
    }
    let same_class = matches!((a, b), (Value::Instance(x), Value::Instance(y)) if Arc::ptr_eq(&x.class, &y.class));
    if let (Value::Instance(_), false, false) = (b, rev_first, same_class) {
        if let Some(v) = implemented(call_special(b, rev, vec![a.clone()])?) {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// `a op b`.
pub fn binop(op: BinOp, a: &Value, b: &Value) -> RtResult<Value> {
    // Fast paths first.
    match (a, b) {
        (Value::Int(x), Value::Int(y)) if op != BinOp::MatMul => return num::int_binop(op, IntRef::Small(*x), IntRef::Small(*y)),
        (Value::Float(x), Value::Float(y)) if !is_bitop(op) && op != BinOp::MatMul => return num::float_binop(op, *x, *y),
        _ => {}
    }
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        if op == BinOp::MatMul {
            return Err(unsupported(op, a, b));
        }
        if let (Value::Bool(p), Value::Bool(q)) = (a, b) {
            match op {
                BinOp::BitAnd => return Ok(Value::Bool(*p & *q)),
                BinOp::BitOr => return Ok(Value::Bool(*p | *q)),
                BinOp::BitXor => return Ok(Value::Bool(*p ^ *q)),
                _ => {}
            }
        }
        return num::int_binop(op, x, y);
    }
    // Both operands numbers first: a big int converts to float only when
    // the other operand is a float (`"%d" % big` must not overflow).
    let numbers = |v: &Value| matches!(v, Value::Float(_) | Value::Int(_) | Value::Bool(_) | Value::Big(_));
    if numbers(a) && numbers(b) {
        // (No float takes a bitwise operator: checked before a big int
        // converts, which may overflow.)
        if is_bitop(op) || op == BinOp::MatMul {
            return Err(unsupported(op, a, b));
        }
        let (Some(x), Some(y)) = (as_float(a)?, as_float(b)?) else { unreachable!("both operands are numbers") };
        return num::float_binop(op, x, y);
    }
    // `str % x` is always the string's formatting (`str.__mod__` takes any
    // right operand), never `x.__rmod__`.
    let formats = op == BinOp::Mod && matches!(a, Value::Str(_));
    if (matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_))) && !formats {
        let (fwd, rev) = binop_dunder(op);
        if let Some(v) = dunder_binop(a, b, fwd, rev)? {
            return Ok(v);
        }
        if let Value::Instance(_) = a {
            // `count * "ab"` with a count that has `__index__`.
            if op == BinOp::Mul && matches!(b, Value::Str(_) | Value::List(_) | Value::Tuple(_)) && has_index(a) {
                return repeat(b, a);
            }
            return Err(unsupported(op, a, b));
        }
        // `"%s" % obj` and friends: the builtin left operand handles it.
    }
    if matches!(a, Value::Array(_)) || matches!(b, Value::Array(_)) {
        let (x, y) = (array_side(a)?, array_side(b)?);
        return crate::ndarray::binop(op, &x, &y)?.ok_or_else(|| unsupported(op, a, b));
    }
    match (op, a, b) {
        (BinOp::Add, Value::Str(x), Value::Str(y)) => {
            let mut s = String::with_capacity(x.text.len() + y.text.len());
            s.push_str(&x.text);
            s.push_str(&y.text);
            Ok(Value::str(s))
        }
        (BinOp::Add, Value::List(x), Value::List(y)) => {
            let mut v = Vec::with_capacity(x.len() + y.len());
            v.extend(x.iter().cloned());
            v.extend(y.iter().cloned());
            Ok(Value::list(v))
        }
        (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => {
            let mut v = Vec::with_capacity(x.len() + y.len());
            v.extend(x.iter().cloned());
            v.extend(y.iter().cloned());
            Ok(Value::tuple(v))
        }
        (BinOp::Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_), _) if as_int(b).is_some() || has_index(b) => repeat(a, b),
        (BinOp::Mul, _, Value::Str(_) | Value::List(_) | Value::Tuple(_)) if as_int(a).is_some() || has_index(a) => repeat(b, a),
        (BinOp::Mod, Value::Str(s), _) => crate::str_methods::str_mod(s, b),
        (BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor, Value::Set(_) | Value::FrozenSet(_), Value::Set(_) | Value::FrozenSet(_)) => {
            set_op(op, a, b)
        }
        (_, Value::DictView(_), _) | (_, _, Value::DictView(_)) => match crate::dict::probed(crate::views::set_binop(op, a, b)?)? {
            Some(v) => Ok(v),
            None => Err(unsupported(op, a, b)),
        },
        (BinOp::BitOr, Value::Dict(x), Value::Dict(y)) => {
            let mut d = (**x).clone();
            for (k, v) in y.iter() {
                crate::dict::insert(&mut d, k.clone(), v.clone())?;
            }
            Ok(Value::Dict(Arc::new(d)))
        }
        _ => Err(unsupported(op, a, b)),
    }
}

/// An operand next to an array: lists, tuples and ranges become arrays,
/// as numpy converts them.
fn array_side(v: &Value) -> RtResult<Value> {
    Ok(match v {
        Value::List(_) | Value::Tuple(_) | Value::Range(_) => crate::ndarray::from_nested(v, None)?.into_value(),
        other => other.clone(),
    })
}

/// An instance whose class defines `__index__` (usable as a count).
fn has_index(v: &Value) -> bool {
    matches!(v, Value::Instance(_)) && crate::interp::has_special(v, "__index__")
}

fn is_bitop(op: BinOp) -> bool {
    matches!(op, BinOp::LShift | BinOp::RShift | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor)
}

/// The value as a float operand when it is a number and at least... any number.
fn as_float(v: &Value) -> RtResult<Option<f64>> {
    Ok(match v {
        Value::Float(f) => Some(*f),
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Big(b) => Some(IntRef::Big(b).to_f64()?),
        _ => None,
    })
}

/// The most bytes one repetition may build; CPython's allocation fails
/// beyond what memory holds, and so would ours (aborting the process).
const MAX_REPEAT_BYTES: u128 = 1 << 36;

fn repeat(seq: &Value, n: &Value) -> RtResult<Value> {
    let n = match as_int(n) {
        Some(IntRef::Small(n)) => n.max(0) as usize,
        None if matches!(n, Value::Instance(_)) => match index_value(n)? {
            Value::Int(i) => i.max(0) as usize,
            _ => return Err(Error::new(ExcKind::OverflowError, format!("cannot fit '{}' into an index-sized integer", n.type_name()))),
        },
        _ => return Err(Error::new(ExcKind::OverflowError, "cannot fit 'int' into an index-sized integer")),
    };
    let (unit, width) = match seq {
        Value::Str(s) => (s.text.len(), 1),
        Value::List(l) | Value::Tuple(l) => (l.len(), std::mem::size_of::<Value>()),
        _ => (0, 0),
    };
    if unit == 0 || n == 0 {
        // Nothing to repeat, however many times (`[] * 10**16`).
        return Ok(match seq {
            Value::Str(_) => Value::str(""),
            Value::List(_) => Value::list(Vec::new()),
            Value::Tuple(_) => Value::tuple(Vec::new()),
            _ => unreachable!("repeat is called on sequences"),
        });
    }
    let total = unit as u128 * n as u128;
    if total > isize::MAX as u128 / width.max(1) as u128 {
        return Err(match seq {
            Value::Str(_) => Error::new(ExcKind::OverflowError, "repeated string is too long"),
            _ => Error::new(ExcKind::MemoryError, ""),
        });
    }
    if total * width as u128 > MAX_REPEAT_BYTES {
        return Err(Error::new(ExcKind::MemoryError, ""));
    }
    Ok(match seq {
        Value::Str(s) => Value::str(s.text.repeat(n)),
        Value::List(l) => Value::list(repeat_items(l, n)),
        Value::Tuple(t) => Value::tuple(repeat_items(t, n)),
        _ => unreachable!("repeat is called on sequences"),
    })
}

/// `items` repeated `n` times (`[0] * n`): numbers and other values that
/// own no heap data are copied as bytes, a block at a time.
fn repeat_items(items: &[Value], n: usize) -> Vec<Value> {
    let len = items.len();
    let mut v: Vec<Value> = Vec::with_capacity(len * n);
    if items.iter().all(crate::value::RtCode::is_plain) {
        // SAFETY: plain values need no clone or drop, so byte copies are
        // independent values; the capacity holds `len * n` of them and the
        // length is set once they are all written.
        unsafe {
            let dst = v.as_mut_ptr();
            for k in 0..n {
                std::ptr::copy_nonoverlapping(items.as_ptr(), dst.add(k * len), len);
            }
            v.set_len(len * n);
        }
        return v;
    }
    for _ in 0..n {
        v.extend(items.iter().cloned());
    }
    v
}

/// `x | y`, `x & y`, `x - y` or `x ^ y` on sets (order: `x`'s items first).
pub fn set_algebra(op: BinOp, x: &crate::dict::PySet, y: &crate::dict::PySet) -> crate::dict::PySet {
    use crate::dict::PySet;
    match op {
        BinOp::BitOr => PySet::union(x, y),
        BinOp::BitAnd => PySet::intersection(x, y),
        BinOp::Sub => PySet::difference(x, y),
        BinOp::BitXor => PySet::symmetric_difference(x, y),
        _ => unreachable!("set algebra is | & - ^"),
    }
}

fn set_op(op: BinOp, a: &Value, b: &Value) -> RtResult<Value> {
    let (Value::Set(x) | Value::FrozenSet(x)) = a else { unreachable!() };
    let (Value::Set(y) | Value::FrozenSet(y)) = b else { unreachable!() };
    let out = crate::dict::probed(set_algebra(op, x, y))?;
    Ok(match a {
        Value::FrozenSet(_) => Value::FrozenSet(Arc::new(out)),
        _ => Value::Set(Arc::new(out)),
    })
}

/// Unary minus, plus, invert.
pub fn unary(op: pyfora_syntax::ir::UnaryOp, a: &Value) -> RtResult<Value> {
    use pyfora_syntax::ir::UnaryOp as U;
    match (op, a) {
        (U::Not, _) => Ok(Value::Bool(!truthy(a)?)),
        (U::Neg, Value::Int(i)) => Ok(match i.checked_neg() {
            Some(v) => Value::Int(v),
            None => Value::from_big(-num_bigint::BigInt::from(*i)),
        }),
        (U::Neg, Value::Bool(b)) => Ok(Value::Int(-(*b as i64))),
        (U::Neg, Value::Big(b)) => Ok(Value::from_big(-(**b).clone())),
        (U::Neg, Value::Float(f)) => Ok(Value::Float(-f)),
        (U::Pos, Value::Int(_) | Value::Big(_) | Value::Float(_)) => Ok(a.clone()),
        (U::Pos, Value::Bool(b)) => Ok(Value::Int(*b as i64)),
        (U::Invert, Value::Int(i)) => Ok(Value::Int(!i)),
        (U::Invert, Value::Bool(b)) => Ok(Value::Int(!(*b as i64))),
        (U::Invert, Value::Big(b)) => Ok(Value::from_big(-(**b).clone() - 1)),
        (_, Value::Array(x)) => crate::ndarray::unary(Some(op), x),
        (_, Value::Instance(_)) => {
            let name = match op {
                U::Neg => "__neg__",
                U::Pos => "__pos__",
                U::Invert => "__invert__",
                U::Not => unreachable!(),
            };
            call_special(a, name, vec![])?.ok_or_else(|| type_error(format!("bad operand type for unary {}: '{}'", unary_symbol(op), a.type_name())))
        }
        _ => Err(type_error(format!("bad operand type for unary {}: '{}'", unary_symbol(op), a.type_name()))),
    }
}

fn unary_symbol(op: pyfora_syntax::ir::UnaryOp) -> &'static str {
    use pyfora_syntax::ir::UnaryOp as U;
    match op {
        U::Neg => "-",
        U::Pos => "+",
        U::Invert => "~",
        U::Not => "not",
    }
}

/// Python truthiness.
pub fn truthy(v: &Value) -> RtResult<bool> {
    Ok(match v {
        Value::Bool(b) => *b,
        Value::None | Value::Unbound => false,
        Value::Int(i) => *i != 0,
        Value::Big(_) => true,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.text.is_empty(),
        Value::Tuple(t) | Value::List(t) => !t.is_empty(),
        Value::Dict(d) => !d.is_empty(),
        Value::Set(s) | Value::FrozenSet(s) => !s.is_empty(),
        Value::Range(r) => !r.is_empty(),
        Value::DictView(v) => !v.dict.is_empty(),
        Value::Array(a) => crate::ndarray::truthy(a)?,
        Value::Instance(_) => {
            if let Some(b) = call_special(v, "__bool__", vec![])? {
                return match b {
                    Value::Bool(b) => Ok(b),
                    other => Err(type_error(format!("__bool__ should return bool, returned {}", other.type_name()))),
                };
            }
            if crate::interp::has_special(v, "__len__") {
                return Ok(len(v)? != 0);
            }
            true
        }
        _ => true,
    })
}

/// `a == b`.
pub fn eq(a: &Value, b: &Value) -> RtResult<bool> {
    Ok(match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => Arc::ptr_eq(x, y) || x.text == y.text,
        (Value::None, Value::None) | (Value::Ellipsis, Value::Ellipsis) | (Value::NotImplemented, Value::NotImplemented) => true,
        (Value::Tuple(x), Value::Tuple(y)) | (Value::List(x), Value::List(y)) => seq_eq(x, y)?,
        (Value::Dict(x), Value::Dict(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (k, v) in x.iter() {
                match crate::dict::probed(y.get(k))? {
                    Some(w) => {
                        if !(is(v, w) || eq(v, w)?) {
                            return Ok(false);
                        }
                    }
                    None => return Ok(false),
                }
            }
            true
        }
        (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => x.len() == y.len() && crate::dict::probed(x.is_subset(y))?,
        (Value::Range(x), Value::Range(y)) => x.same_items(y),
        (Value::Slice(x), Value::Slice(y)) => seq_eq(&slice_parts(x), &slice_parts(y))?,
        // Bound methods: the same receiver (by identity) and equal functions.
        (Value::BoundMethod(x), Value::BoundMethod(y)) => is(&x.0, &y.0) && eq(&x.1, &y.1)?,
        (Value::Instance(_), _) | (_, Value::Instance(_)) => return truthy(&rich_compare(CmpOp::Eq, a, b)?),
        (Value::Array(_), _) | (_, Value::Array(_)) => return truthy(&rich_compare(CmpOp::Eq, a, b)?),
        (Value::DictView(_), _) | (_, Value::DictView(_)) => crate::views::richcompare(CmpOp::Eq, a, b)?.unwrap_or_else(|| is(a, b)),
        _ => {
            if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
                return Ok(match (x, y) {
                    (IntRef::Small(p), IntRef::Small(q)) => p == q,
                    (p, q) => p.to_big() == q.to_big(),
                });
            }
            match (a, b) {
                (Value::Float(f), other) | (other, Value::Float(f)) => match as_int(other) {
                    Some(i) => num::cmp_int_float(&i, *f) == Some(Ordering::Equal),
                    None => false,
                },
                _ => is(a, b),
            }
        }
    })
}

fn seq_eq(x: &[Value], y: &[Value]) -> RtResult<bool> {
    if x.len() != y.len() {
        return Ok(false);
    }
    for (p, q) in x.iter().zip(y) {
        // CPython's identity shortcut. Floats are stored inline, so `is`
        // compares their bits: a NaN matches itself (`[n] == [n]`), and so
        // do two NaNs computed apart (where CPython has two objects).
        if !(is(p, q) || eq(p, q)?) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `a is b`: identity for heap values, equality for immediates.
pub fn is(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) | (Value::Ellipsis, Value::Ellipsis) | (Value::NotImplemented, Value::NotImplemented) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Str(x), Value::Str(y)) => Arc::ptr_eq(x, y) || (x.text.len() <= 1 && x.text == y.text),
        (Value::Tuple(x), Value::Tuple(y)) => Arc::ptr_eq(x, y) || (x.is_empty() && y.is_empty()),
        (Value::List(x), Value::List(y)) => Arc::ptr_eq(x, y),
        (Value::Dict(x), Value::Dict(y)) => Arc::ptr_eq(x, y),
        (Value::Set(x), Value::Set(y)) | (Value::FrozenSet(x), Value::FrozenSet(y)) => Arc::ptr_eq(x, y),
        (Value::Function(x), Value::Function(y)) => Arc::ptr_eq(x, y),
        (Value::Class(x), Value::Class(y)) => Arc::ptr_eq(x, y),
        (Value::Instance(x), Value::Instance(y)) => Arc::ptr_eq(x, y),
        (Value::Type(x), Value::Type(y)) => x == y,
        (Value::Builtin(x), Value::Builtin(y)) => std::ptr::eq(*x, *y),
        (Value::Module(x), Value::Module(y)) => std::ptr::eq(*x, *y),
        (Value::Iterator(x), Value::Iterator(y)) => Arc::ptr_eq(x, y),
        (Value::Range(x), Value::Range(y)) => Arc::ptr_eq(x, y),
        (Value::DictView(x), Value::DictView(y)) => Arc::ptr_eq(x, y),
        (Value::Array(x), Value::Array(y)) => Arc::ptr_eq(x, y),
        _ => false,
    }
}

/// Ordering comparison `<, <=, >, >=` (and the rest through `eq`).
pub fn compare(op: CmpOp, a: &Value, b: &Value) -> RtResult<bool> {
    match op {
        CmpOp::Eq => eq(a, b),
        CmpOp::NotEq if is_rich(a) || is_rich(b) => truthy(&rich_compare(op, a, b)?),
        CmpOp::NotEq => Ok(!eq(a, b)?),
        CmpOp::Is => Ok(is(a, b)),
        CmpOp::IsNot => Ok(!is(a, b)),
        CmpOp::In => contains(b, a),
        CmpOp::NotIn => Ok(!contains(b, a)?),
        CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => order(op, a, b),
    }
}

/// Values whose comparisons may give something other than a bool
/// (instances of user classes, numpy arrays).
pub fn is_rich(v: &Value) -> bool {
    matches!(v, Value::Instance(_) | Value::Array(_))
}

fn order(op: CmpOp, a: &Value, b: &Value) -> RtResult<bool> {
    if matches!(a, Value::Array(_)) || matches!(b, Value::Array(_)) {
        return truthy(&rich_compare(op, a, b)?);
    }
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(apply(op, x.cmp(y)));
    }
    if let (Value::Float(x), Value::Float(y)) = (a, b) {
        return Ok(match x.partial_cmp(y) {
            Some(o) => apply(op, o),
            None => false,
        });
    }
    if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
        return truthy(&rich_compare(op, a, b)?);
    }
    order_builtin(op, a, b)
}

/// An ordering of builtin values (an instance operand has no say).
fn order_builtin(op: CmpOp, a: &Value, b: &Value) -> RtResult<bool> {
    if matches!(a, Value::DictView(_)) || matches!(b, Value::DictView(_)) {
        if let Some(r) = crate::views::richcompare(op, a, b)? {
            return Ok(r);
        }
    }
    if let (Value::Tuple(x), Value::Tuple(y)) | (Value::List(x), Value::List(y)) = (a, b) {
        return seq_order(op, x, y);
    }
    if let (Value::Slice(x), Value::Slice(y)) = (a, b) {
        return seq_order(op, &slice_parts(x), &slice_parts(y));
    }
    match cmp_values(a, b)? {
        Some(o) => Ok(apply(op, o)),
        None => match (a, b) {
            // A NaN against a number: every ordering is false.
            (Value::Float(_), other) | (other, Value::Float(_)) if as_int(other).is_some() || matches!(other, Value::Float(_)) => Ok(false),
            (Value::Set(_) | Value::FrozenSet(_), Value::Set(_) | Value::FrozenSet(_)) => set_order(op, a, b),
            _ => Err(type_error(format!("'{}' not supported between instances of '{}' and '{}'", op.symbol(), a.type_name(), b.type_name()))),
        },
    }
}

/// A slice's `(start, stop, step)`, which slices compare by.
fn slice_parts(s: &crate::value::SliceValue) -> [Value; 3] {
    [s.lower.clone(), s.upper.clone(), s.step.clone()]
}

/// `x op y` for two tuples or two lists, as CPython orders them: the first
/// items that differ (by identity or `==`) decide with `op` itself (so a
/// NaN there makes every ordering false), else the lengths do.
fn seq_order(op: CmpOp, x: &[Value], y: &[Value]) -> RtResult<bool> {
    for (p, q) in x.iter().zip(y.iter()) {
        // Floats have no identity here (see `seq_eq`).
        let same = !matches!(p, Value::Float(_)) && is(p, q);
        if !(same || eq(p, q)?) {
            return order(op, p, q);
        }
    }
    Ok(apply(op, x.len().cmp(&y.len())))
}

fn set_order(op: CmpOp, a: &Value, b: &Value) -> RtResult<bool> {
    let (Value::Set(x) | Value::FrozenSet(x)) = a else { unreachable!() };
    let (Value::Set(y) | Value::FrozenSet(y)) = b else { unreachable!() };
    let answer = match op {
        CmpOp::LtE => x.is_subset(y),
        CmpOp::Lt => x.len() < y.len() && x.is_subset(y),
        CmpOp::GtE => y.is_subset(x),
        CmpOp::Gt => x.len() > y.len() && y.is_subset(x),
        _ => unreachable!(),
    };
    crate::dict::probed(answer)
}

fn order_dunder(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "__lt__",
        CmpOp::LtE => "__le__",
        CmpOp::Gt => "__gt__",
        _ => "__ge__",
    }
}

fn reflect(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::LtE => CmpOp::GtE,
        CmpOp::Gt => CmpOp::Lt,
        _ => CmpOp::LtE,
    }
}

fn apply(op: CmpOp, o: Ordering) -> bool {
    match op {
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::LtE => o != Ordering::Greater,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::GtE => o != Ordering::Less,
        _ => unreachable!(),
    }
}

/// Total order between comparable builtin values (None when unordered or
/// incomparable; nan compares unordered).
pub fn cmp_values(a: &Value, b: &Value) -> RtResult<Option<Ordering>> {
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        return Ok(Some(match (x, y) {
            (IntRef::Small(p), IntRef::Small(q)) => p.cmp(&q),
            (p, q) => p.to_big().cmp(&q.to_big()),
        }));
    }
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => Ok(x.partial_cmp(y)),
        (Value::Float(f), other) => Ok(as_int(other).and_then(|i| num::cmp_int_float(&i, *f)).map(|o| o.reverse())),
        (other, Value::Float(f)) => Ok(as_int(other).and_then(|i| num::cmp_int_float(&i, *f))),
        (Value::Str(x), Value::Str(y)) => Ok(Some(x.text.cmp(&y.text))),
        (Value::Tuple(x), Value::Tuple(y)) | (Value::List(x), Value::List(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                if is(p, q) || eq(p, q)? {
                    continue;
                }
                if order(CmpOp::Lt, p, q)? {
                    return Ok(Some(Ordering::Less));
                }
                if order(CmpOp::Gt, p, q)? {
                    return Ok(Some(Ordering::Greater));
                }
                return Ok(None);
            }
            Ok(Some(x.len().cmp(&y.len())))
        }
        _ => Ok(None),
    }
}

/// `a < b` as used by sorting, `min` and `max`.
pub fn less_than(a: &Value, b: &Value) -> RtResult<bool> {
    order(CmpOp::Lt, a, b)
}

/// `item in container`.
pub fn contains(container: &Value, item: &Value) -> RtResult<bool> {
    match container {
        Value::Array(_) => crate::ndarray::contains(container, &array_side(item)?),
        Value::Str(s) => match item {
            Value::Str(sub) => Ok(s.text.contains(&*sub.text)),
            other => Err(type_error(format!("'in <string>' requires string as left operand, not {}", other.type_name()))),
        },
        Value::List(v) | Value::Tuple(v) => {
            for x in v.iter() {
                if is(x, item) || eq(x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Dict(d) => crate::dict::probed(d.contains_key(&HKey::new(item.clone())?)),
        // A set item is looked up as the frozenset of its items, as CPython does.
        Value::Set(s) | Value::FrozenSet(s) => match item {
            Value::Set(inner) => crate::dict::set_contains(s, &HKey::new(Value::FrozenSet(inner.clone()))?),
            _ => crate::dict::set_contains(s, &HKey::new(item.clone())?),
        },
        Value::DictView(v) => crate::views::contains(v, item),
        Value::Range(r) => Ok(match item {
            Value::Int(i) if r.big.is_none() => {
                let i = *i;
                if r.step > 0 {
                    i >= r.start && i < r.stop && (i - r.start) % r.step == 0
                } else {
                    i <= r.start && i > r.stop && (r.start - i) % (-r.step) == 0
                }
            }
            Value::Int(_) | Value::Big(_) | Value::Bool(_) => r.contains_int(&crate::range::index_big(item)?),
            Value::Float(f) if f.fract() == 0.0 && f.is_finite() => {
                r.contains_int(&<num_bigint::BigInt as num_traits::FromPrimitive>::from_f64(*f).expect("finite float"))
            }
            _ => false,
        }),
        Value::Instance(_) => {
            if let Some(r) = call_special(container, "__contains__", vec![item.clone()])? {
                return truthy(&r);
            }
            // Item by item, stopping at the first match (the object may
            // iterate forever).
            let it = crate::iter::iter(container)?;
            while let Some(x) = crate::iter::next(&it)? {
                if is(&x, item) || eq(&x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Iterator(_) => {
            let it = container.clone();
            while let Some(x) = crate::iter::next(&it)? {
                if is(&x, item) || eq(&x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        other => Err(type_error(format!("argument of type '{}' is not iterable", other.type_name()))),
    }
}

/// `operator.index(v)`: the integer value of ints and bools.
pub fn index_of(v: &Value) -> RtResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::Big(_) => Err(Error::new(ExcKind::IndexError, "cannot fit 'int' into an index-sized integer")),
        Value::Instance(_) => match index_value(v)? {
            Value::Int(i) => Ok(i),
            _ => Err(Error::new(ExcKind::IndexError, format!("cannot fit '{}' into an index-sized integer", v.type_name()))),
        },
        other => Err(type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name()))),
    }
}

/// `operator.index(v)` as a value: any int, however large, is its own
/// index (bools become ints; an instance answers through `__index__`).
pub fn index_value(v: &Value) -> RtResult<Value> {
    match v {
        Value::Int(_) | Value::Big(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Instance(_) => match call_special(v, "__index__", vec![])? {
            Some(r @ (Value::Int(_) | Value::Big(_) | Value::Bool(_))) => index_value(&r),
            Some(r) => Err(type_error(format!("__index__ returned non-int (type {})", r.type_name()))),
            None => Err(type_error(format!("'{}' object cannot be interpreted as an integer", v.type_name()))),
        },
        other => Err(type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name()))),
    }
}

/// `operator.index(v)` as a slice bound: ints beyond 64 bits clamp to the
/// nearest end of `i64` (CPython's `_PyEval_SliceIndex`).
pub fn clamped_index(v: &Value) -> RtResult<i64> {
    match index_value(v)? {
        Value::Big(b) if b.is_negative() => Ok(i64::MIN),
        Value::Big(_) => Ok(i64::MAX),
        other => index_of(&other),
    }
}

/// `index_of` for a count or code point rather than a position: an int
/// beyond 64 bits is an `OverflowError` (CPython's C-long conversion).
pub fn index_or_overflow(v: &Value) -> RtResult<i64> {
    match v {
        Value::Big(_) => Err(Error::new(ExcKind::OverflowError, "Python int too large to convert to C long")),
        Value::Instance(_) => match index_value(v)? {
            Value::Int(i) => Ok(i),
            _ => Err(Error::new(ExcKind::OverflowError, "Python int too large to convert to C long")),
        },
        other => index_of(other),
    }
}

fn normalize_index(i: i64, len: usize, what: &str) -> RtResult<usize> {
    let idx = if i < 0 { i + len as i64 } else { i };
    if idx < 0 || idx >= len as i64 {
        return Err(index_error(format!("{what} index out of range")));
    }
    Ok(idx as usize)
}

/// `obj[index]`.
pub fn getitem(obj: &Value, index: &Value) -> RtResult<Value> {
    match obj {
        Value::Array(a) => a.get_item(index),
        Value::List(v) | Value::Tuple(v) => {
            let what = if matches!(obj, Value::List(_)) { "list" } else { "tuple" };
            match index {
                Value::Int(i) => Ok(v[normalize_index(*i, v.len(), what)?].clone()),
                Value::Slice(s) => {
                    let (start, stop, step) = crate::str_methods::slice_indices(s, v.len() as i64)?;
                    let n = crate::str_methods::slice_len(start, stop, step);
                    let mut out = Vec::with_capacity(n as usize);
                    let mut i = start;
                    for _ in 0..n {
                        out.push(v[i as usize].clone());
                        i += step;
                    }
                    Ok(if what == "list" { Value::list(out) } else { Value::tuple(out) })
                }
                other => match index_of(other) {
                    Ok(i) => Ok(v[normalize_index(i, v.len(), what)?].clone()),
                    // An int beyond 64 bits: CPython's "cannot fit" IndexError.
                    Err(e) if e.is(ExcKind::IndexError) => Err(e),
                    Err(_) => Err(type_error(format!("{what} indices must be integers or slices, not {}", other.type_name()))),
                },
            }
        }
        Value::Str(s) => crate::str_methods::str_getitem(s, index),
        Value::Dict(d) => match crate::dict::probed(d.get(&HKey::new(index.clone())?))? {
            Some(v) => Ok(v.clone()),
            None => Err(key_error(index.clone())),
        },
        Value::Range(r) => match index {
            Value::Slice(s) => Ok(Value::Range(Arc::new(r.slice(s)?))),
            Value::Int(i) if r.big.is_none() => {
                let len = r.len()?;
                let idx = if *i < 0 { i + len } else { *i };
                if idx < 0 || idx >= len {
                    return Err(index_error("range object index out of range"));
                }
                Ok(Value::Int(r.at(idx)))
            }
            Value::Int(_) | Value::Big(_) | Value::Bool(_) => r.index(&crate::range::index_big(index)?),
            Value::Instance(i) if i.class.lookup("__index__").is_some() => r.index(&crate::range::index_big(index)?),
            other => Err(type_error(format!("range indices must be integers or slices, not {}", other.type_name()))),
        },
        Value::Instance(_) => {
            call_special(obj, "__getitem__", vec![index.clone()])?.ok_or_else(|| type_error(format!("'{}' object is not subscriptable", obj.type_name())))
        }
        // `Cls[x]` calls the class's `__class_getitem__` (an implicit class
        // method) when it has one.
        Value::Class(c) => match c.lookup("__class_getitem__") {
            Some(hook) => crate::interp::call_class_hook(&hook, obj, vec![index.clone()]),
            // Without one (PEP 695 generics among them): the class itself.
            None => Ok(obj.clone()),
        },
        // `list[int]` and the other generic builtins (as their own type).
        Value::Type(TypeKind::List | TypeKind::Dict | TypeKind::Tuple | TypeKind::Set | TypeKind::FrozenSet | TypeKind::Type) => Ok(obj.clone()),
        Value::Type(_) => Err(type_error("'type' object is not subscriptable")),
        other => Err(type_error(format!("'{}' object is not subscriptable", other.type_name()))),
    }
}

/// `len(v)`.
pub fn len(v: &Value) -> RtResult<i64> {
    Ok(match v {
        Value::Str(s) => s.chars as i64,
        Value::List(l) | Value::Tuple(l) => l.len() as i64,
        Value::Dict(d) => d.len() as i64,
        Value::Set(s) | Value::FrozenSet(s) => s.len() as i64,
        Value::Range(r) => r.len()?,
        Value::DictView(v) => v.dict.len() as i64,
        Value::Array(a) => a.len() as i64,
        Value::Instance(_) => match call_special(v, "__len__", vec![])? {
            Some(n) => {
                let n = match n {
                    Value::Big(b) if b.is_negative() => return Err(crate::error::value_error("__len__() should return >= 0")),
                    Value::Big(_) => return Err(Error::new(ExcKind::OverflowError, "cannot fit 'int' into an index-sized integer")),
                    n => index_of(&n)?,
                };
                if n < 0 {
                    return Err(crate::error::value_error("__len__() should return >= 0"));
                }
                n
            }
            None => return Err(type_error(format!("object of type '{}' has no len()", v.type_name()))),
        },
        other => return Err(type_error(format!("object of type '{}' has no len()", other.type_name()))),
    })
}

/// Python `repr()`.
pub fn repr(v: &Value) -> RtResult<String> {
    Ok(match v {
        Value::Unbound => "<unbound>".into(),
        Value::None => "None".into(),
        Value::Ellipsis => "Ellipsis".into(),
        Value::NotImplemented => "NotImplemented".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Big(b) => big_to_string(b)?,
        Value::Float(f) => crate::format::float_repr(*f),
        Value::Str(s) => crate::str_methods::str_repr(&s.text),
        Value::Array(a) => a.repr()?,
        Value::Tuple(t) => {
            let parts: RtResult<Vec<String>> = t.iter().map(repr).collect();
            let parts = parts?;
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Value::List(l) => {
            let parts: RtResult<Vec<String>> = l.iter().map(repr).collect();
            format!("[{}]", parts?.join(", "))
        }
        Value::Dict(d) => {
            let mut parts = Vec::with_capacity(d.len());
            for (k, v) in d.iter() {
                parts.push(format!("{}: {}", repr(&k.value)?, repr(v)?));
            }
            format!("{{{}}}", parts.join(", "))
        }
        Value::Set(s) => {
            if s.is_empty() {
                "set()".into()
            } else {
                let parts: RtResult<Vec<String>> = s.iter().map(|k| repr(&k.value)).collect();
                format!("{{{}}}", parts?.join(", "))
            }
        }
        Value::FrozenSet(s) => {
            if s.is_empty() {
                "frozenset()".into()
            } else {
                let parts: RtResult<Vec<String>> = s.iter().map(|k| repr(&k.value)).collect();
                format!("frozenset({{{}}})", parts?.join(", "))
            }
        }
        Value::Range(r) => r.repr(),
        Value::DictView(v) => crate::views::repr(v)?,
        Value::Slice(s) => format!("slice({}, {}, {})", repr(&s.lower)?, repr(&s.upper)?, repr(&s.step)?),
        Value::Function(f) => format!("<function {}>", f.code.ir.qualname),
        Value::Builtin(b) => format!("<built-in function {}>", b.name),
        Value::BuiltinMethod(m) => {
            format!("<built-in method {} of {} object>", m.1, m.0.type_name())
        }
        Value::BoundMethod(_) => "<bound method>".into(),
        Value::Type(t) => format!("<class '{}'>", t.name()),
        Value::Class(c) => {
            if c.is_builtin {
                format!("<class '{}'>", c.name)
            } else {
                format!("<class '{}.{}'>", class_module(c), c.name)
            }
        }
        Value::Instance(i) => {
            if let Some(r) = call_special(v, "__repr__", vec![])? {
                return match r {
                    Value::Str(s) => Ok(s.text.to_string()),
                    other => Err(type_error(format!("__repr__ returned non-string (type {})", other.type_name()))),
                };
            }
            if i.class.is_exception {
                let args = exception_args(v);
                let inner = match &args {
                    Value::Tuple(t) if t.len() == 1 => repr(&t[0])?,
                    Value::Tuple(t) => {
                        let parts: RtResult<Vec<String>> = t.iter().map(repr).collect();
                        parts?.join(", ")
                    }
                    _ => String::new(),
                };
                format!("{}({})", i.class.name, inner)
            } else {
                format!("<{}.{} object at {:#x}>", class_module(&i.class), i.class.name, Arc::as_ptr(i) as usize)
            }
        }
        Value::Module(m) => format!("<module '{}'>", m.name),
        Value::Iterator(_) => format!("<{} object>", v.type_name()),
        Value::StaticMethod(_) => "<staticmethod object>".into(),
        Value::ClassMethod(_) => "<classmethod object>".into(),
        Value::Property(_) => "<property object>".into(),
        Value::Super(_) => "<super object>".into(),
    })
}

/// The module a user class was defined in (its `__module__`; `__main__`
/// when the client did not say).
pub(crate) fn class_module(c: &crate::value::Class) -> String {
    match c.lookup("__module__") {
        Some(Value::Str(s)) => s.text.to_string(),
        _ => "__main__".to_string(),
    }
}

/// Decimal digits of a big integer, with CPython's 4300-digit limit.
pub fn big_to_string(b: &num_bigint::BigInt) -> RtResult<String> {
    let s = b.to_string();
    let digits = s.trim_start_matches('-').len();
    if crate::compat::exceeds_str_digits(digits) {
        return Err(crate::error::value_error(crate::format::str_digits_message()));
    }
    Ok(s)
}

/// The `args` tuple of an exception instance.
pub fn exception_args(v: &Value) -> Value {
    match v {
        Value::Instance(i) => i.get_attr("args").unwrap_or_else(|| Value::tuple(vec![])),
        _ => Value::tuple(vec![]),
    }
}

/// Python `str()`.
pub fn to_str(v: &Value) -> RtResult<String> {
    match v {
        Value::Str(s) => Ok(s.text.to_string()),
        Value::Instance(i) => {
            if let Some(r) = call_special(v, "__str__", vec![])? {
                return match r {
                    Value::Str(s) => Ok(s.text.to_string()),
                    other => Err(type_error(format!("__str__ returned non-string (type {})", other.type_name()))),
                };
            }
            if i.class.is_exception {
                let args = exception_args(v);
                return match &args {
                    Value::Tuple(t) if t.is_empty() => Ok(String::new()),
                    Value::Tuple(t) if t.len() == 1 => {
                        if i.class.is_subclass_of(&crate::exceptions::builtin_class(ExcKind::KeyError)) {
                            repr(&t[0])
                        } else {
                            to_str(&t[0])
                        }
                    }
                    other => repr(other),
                };
            }
            repr(v)
        }
        other => repr(other),
    }
}

/// Python `format(v, spec)`.
pub fn format_value(v: &Value, spec: &str) -> RtResult<String> {
    let r = match v {
        Value::Float(f) => crate::formatting::format_float_spec(*f, spec),
        Value::Int(_) | Value::Big(_) => crate::formatting::format_int_value(v, spec),
        Value::Bool(b) => {
            if spec.is_empty() {
                return Ok(if *b { "True" } else { "False" }.into());
            }
            crate::formatting::format_int_value(&Value::Int(*b as i64), spec)
        }
        Value::Str(s) => crate::formatting::format_str_spec(&s.text, spec),
        Value::Instance(_) => {
            if let Some(r) = call_special(v, "__format__", vec![Value::str(spec)])? {
                return match r {
                    Value::Str(s) => Ok(s.text.to_string()),
                    other => Err(type_error(format!("__format__ must return a str, not {}", other.type_name()))),
                };
            }
            if spec.is_empty() {
                return to_str(v);
            }
            return Err(type_error(format!("unsupported format string passed to {}.__format__", v.type_name())));
        }
        other => {
            if spec.is_empty() {
                return to_str(other);
            }
            return Err(type_error(format!("unsupported format string passed to {}.__format__", other.type_name())));
        }
    };
    r.map_err(crate::formatting::to_error)
}

/// A fresh dict value.
pub fn empty_dict() -> Value {
    Value::Dict(Arc::new(new_dict()))
}

/// A string value from a `PyStr`.
pub fn str_value(s: PyStr) -> Value {
    Value::Str(Arc::new(s))
}
