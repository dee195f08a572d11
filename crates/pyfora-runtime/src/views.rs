//! Dict views: `dict.keys()`, `dict.values()`, `dict.items()`.
//!
//! A view holds its dict (see [`DictView`]). Keys and items views are
//! set-like, as in CPython: `&`, `|`, `-`, `^` against any iterable give a
//! `set`, `==` and the subset comparisons work against sets, frozensets and
//! other set-like views. Values views only support `len`, `in` and
//! iteration, and compare by identity.

use std::sync::Arc;

use pyfora_syntax::ir::{BinOp, CmpOp};

use crate::dict::{new_set, HKey, PySet};
use crate::error::RtResult;
use crate::iter::{self, IterState};
use crate::ops;
use crate::value::{DictView, Value, ViewKind};

/// `d.keys()` / `d.values()` / `d.items()`.
pub fn make(dict: &Arc<crate::dict::Dict>, kind: ViewKind) -> Value {
    Value::DictView(Arc::new(DictView { dict: dict.clone(), kind }))
}

/// The iterator state walking a view.
pub fn iter_state(v: &DictView) -> IterState {
    let d = v.dict.clone();
    match v.kind {
        ViewKind::Keys => IterState::DictKeys { d, idx: 0 },
        ViewKind::Values => IterState::DictValues { d, idx: 0 },
        ViewKind::Items => IterState::DictItems { d, idx: 0 },
    }
}

/// The items of a view, in dict order.
pub fn items(v: &DictView) -> Vec<Value> {
    match v.kind {
        ViewKind::Keys => v.dict.keys().map(|k| k.value.clone()).collect(),
        ViewKind::Values => v.dict.values().cloned().collect(),
        ViewKind::Items => v.dict.iter().map(|(k, x)| Value::tuple(vec![k.value.clone(), x.clone()])).collect(),
    }
}

/// `repr(view)`: `dict_keys(['a', 'b'])`.
pub fn repr(v: &DictView) -> RtResult<String> {
    let parts: RtResult<Vec<String>> = items(v).iter().map(ops::repr).collect();
    Ok(format!("{}([{}])", v.type_name_str(), parts?.join(", ")))
}

/// `item in view`: a key lookup for keys; for items, a 2-tuple whose key is
/// present with an equal value; a linear search for values.
pub fn contains(v: &DictView, item: &Value) -> RtResult<bool> {
    match v.kind {
        ViewKind::Keys => crate::dict::probed(v.dict.contains_key(&HKey::new(item.clone())?)),
        ViewKind::Items => {
            let Value::Tuple(t) = item else {
                return Ok(false);
            };
            if t.len() != 2 {
                return Ok(false);
            }
            match crate::dict::probed(v.dict.get(&HKey::new(t[0].clone())?))? {
                Some(found) => Ok(ops::is(found, &t[1]) || ops::eq(found, &t[1])?),
                None => Ok(false),
            }
        }
        ViewKind::Values => {
            for x in v.dict.values() {
                if ops::is(x, item) || ops::eq(x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

/// True for the operands a set-like view compares with: sets, frozensets
/// and keys/items views.
fn is_set_like(v: &Value) -> bool {
    match v {
        Value::Set(_) | Value::FrozenSet(_) => true,
        Value::DictView(d) => d.is_set_like(),
        _ => false,
    }
}

/// True when every item of `a` is in `b` (CPython's `all_contained_in`).
fn all_contained_in(a: &Value, b: &Value) -> RtResult<bool> {
    let it = iter::iter(a)?;
    while let Some(x) = iter::next(&it)? {
        if !ops::contains(b, &x)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Rich comparison of a set-like view with another operand (CPython's
/// `dictview_richcompare`); `None` when the comparison is not implemented
/// (the other operand is not set-like).
pub fn richcompare(op: CmpOp, a: &Value, b: &Value) -> RtResult<Option<bool>> {
    if !is_set_like(a) || !is_set_like(b) {
        return Ok(None);
    }
    let (la, lb) = (ops::len(a)?, ops::len(b)?);
    Ok(Some(match op {
        CmpOp::Eq | CmpOp::NotEq => {
            let same = la == lb && all_contained_in(a, b)?;
            if op == CmpOp::Eq {
                same
            } else {
                !same
            }
        }
        CmpOp::Lt => la < lb && all_contained_in(a, b)?,
        CmpOp::LtE => la <= lb && all_contained_in(a, b)?,
        CmpOp::Gt => la > lb && all_contained_in(b, a)?,
        CmpOp::GtE => la >= lb && all_contained_in(b, a)?,
        _ => return Ok(None),
    }))
}

/// `set(v)` as a view operator builds its left operand
/// (`dictviews_to_set`): a keys view from its dict's table (room made
/// first), anything else item by item (a set merged).
fn to_set(v: &Value) -> RtResult<PySet> {
    let mut s = new_set();
    match v {
        Value::DictView(d) if d.kind == ViewKind::Keys => crate::methods::update_set(&mut s, &Value::Dict(d.dict.clone()))?,
        other => crate::methods::update_set(&mut s, other)?,
    }
    Ok(s)
}

/// `a op b` where one operand is a keys/items view, always a `set`, built
/// as CPython's `dictviews_or` & co. build it: `set(a)` updated in place
/// with `b` (`update`, `difference_update`, `symmetric_difference_update`)
/// — the order of the result depends on it. `None` for other operators or
/// operands.
pub fn set_binop(op: BinOp, a: &Value, b: &Value) -> RtResult<Option<Value>> {
    if !matches!(op, BinOp::BitAnd | BinOp::BitOr | BinOp::Sub | BinOp::BitXor) {
        return Ok(None);
    }
    let view_operand = |v: &Value| matches!(v, Value::DictView(d) if d.is_set_like());
    if !view_operand(a) && !view_operand(b) {
        return Ok(None);
    }
    if op == BinOp::BitAnd {
        return view_and(a, b).map(Some);
    }
    if let (BinOp::BitXor, Value::DictView(x), Value::DictView(y)) = (op, a, b) {
        if x.kind == ViewKind::Items && y.kind == ViewKind::Items && crate::compat::python_minor() >= 10 {
            return items_xor(&x.dict, &y.dict).map(Some);
        }
    }
    let mut out = to_set(a)?;
    match op {
        BinOp::BitOr => crate::methods::update_set(&mut out, b)?,
        BinOp::Sub => crate::methods::remove_all(&mut out, b)?,
        _ => crate::methods::toggle_all(&mut out, b)?,
    }
    Ok(Some(Value::Set(Arc::new(out))))
}

/// `d1.items() ^ d2.items()` (CPython's `dictitems_xor`, 3.10+): the
/// pairs of `d2` whose key `d1` lacks or maps to another value, in `d2`'s
/// order, then the pairs of `d1` left over.
fn items_xor(d1: &Arc<crate::dict::Dict>, d2: &Arc<crate::dict::Dict>) -> RtResult<Value> {
    let mut remaining: crate::dict::Dict = (**d1).clone();
    let mut out = new_set();
    for (k, v2) in d2.iter() {
        let same = match crate::dict::probed(remaining.get(k))? {
            Some(v1) => ops::eq(v1, v2)?,
            None => false,
        };
        if same {
            crate::dict::remove(&mut remaining, k)?;
        } else {
            crate::dict::set_insert(&mut out, HKey::new(Value::tuple(vec![k.value.clone(), v2.clone()]))?)?;
        }
    }
    for (k, v1) in remaining {
        crate::dict::set_insert(&mut out, HKey::new(Value::tuple(vec![k.value, v1]))?)?;
    }
    Ok(Value::Set(Arc::new(out)))
}

/// `a & b` with a keys or items view on either side, keeping the items of
/// the operand CPython walks (`dictviews_and`): the other operand's, except
/// that a set at least as large as the view, or a larger view, is probed
/// with the view's items instead.
fn view_and(a: &Value, b: &Value) -> RtResult<Value> {
    let is_view = |v: &Value| matches!(v, Value::DictView(d) if d.is_set_like());
    // The view first (CPython's operator swaps a view on the right).
    let (view, other) = if is_view(a) { (a, b) } else { (b, a) };
    let Value::DictView(v) = view else { unreachable!("one operand is a view") };
    let view_len = v.dict.len();
    let (walked, probed) = match other {
        Value::Set(s) if view_len <= s.len() => (view, other),
        Value::DictView(o) if is_view(other) && o.dict.len() > view_len => (view, other),
        _ => (other, view),
    };
    let mut out = new_set();
    let it = iter::iter(walked)?;
    while let Some(x) = iter::next(&it)? {
        if ops::contains(probed, &x)? {
            crate::dict::set_insert(&mut out, HKey::new(x)?)?;
        }
    }
    Ok(Value::Set(Arc::new(out)))
}

/// `view.isdisjoint(other)` (keys and items views).
pub fn isdisjoint(v: &DictView, other: &Value) -> RtResult<Value> {
    let it = iter::iter(other)?;
    while let Some(x) = iter::next(&it)? {
        if contains(v, &x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}
