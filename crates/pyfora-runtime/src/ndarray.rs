//! `numpy.ndarray` inside pyfora: packed float64, int64 or bool items (one
//! machine number each, C order) with a shape, and numpy's semantics for
//! what remote code does with them — elementwise arithmetic and comparisons
//! with broadcasting and numpy's type promotion (NEP 50: a Python scalar
//! takes the array's dtype unless it needs a wider kind), wrapping int64
//! arithmetic, IEEE float division (no `ZeroDivisionError`), indexing and
//! slicing, and the reductions (`sum` adds pairwise exactly as numpy does,
//! so results are bit-identical).
//!
//! Items read out of an array are Python scalars (`float`, `int`, `bool`):
//! numpy's scalar types are not modelled. That is the one documented
//! difference (arithmetic on such a scalar is Python's afterwards: exact
//! integers, `ZeroDivisionError`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use pyfora_syntax::ir::{BinOp, CmpOp};

use crate::error::{index_error, overflow_error, type_error, value_error, Error, RtResult};
use crate::exceptions::ExcKind;
use crate::value::Value;

/// The item types pyfora's arrays hold (numpy's `bool`, `int64`, `float64`),
/// ordered by numpy's promotion: bool < int64 < float64.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dtype {
    Bool,
    Int,
    Float,
}

impl Dtype {
    /// numpy's name for the dtype.
    pub fn name(self) -> &'static str {
        match self {
            Dtype::Bool => "bool",
            Dtype::Int => "int64",
            Dtype::Float => "float64",
        }
    }

    /// The dtype numpy calls `name` (also its one-character codes).
    pub fn from_name(name: &str) -> Option<Dtype> {
        Some(match name {
            "bool" | "?" | "b1" => Dtype::Bool,
            "int64" | "int" | "i8" | "<i8" | "int_" => Dtype::Int,
            "float64" | "float" | "f8" | "<f8" | "d" | "double" => Dtype::Float,
            _ => return None,
        })
    }
}

/// The items of an array, packed.
#[derive(Clone, Debug, PartialEq)]
pub enum Data {
    Bool(Vec<bool>),
    Int(Vec<i64>),
    Float(Vec<f64>),
}

/// One item, unboxed.
#[derive(Clone, Copy, Debug)]
pub enum Num {
    B(bool),
    I(i64),
    F(f64),
}

impl Num {
    /// The item as float64.
    pub fn to_f64(self) -> f64 {
        match self {
            Num::B(b) => b as i64 as f64,
            Num::I(i) => i as f64,
            Num::F(f) => f,
        }
    }

    /// The item as int64 (bools as 0/1; floats truncated as numpy's cast).
    pub fn to_i64(self) -> i64 {
        match self {
            Num::B(b) => b as i64,
            Num::I(i) => i,
            // numpy's C cast on x86: truncation toward zero, and the
            // "integer indefinite" i64::MIN for NaN and out-of-range floats.
            Num::F(f) if f.is_nan() || !(-9.223372036854775808e18..9.223372036854775808e18).contains(&f) => i64::MIN,
            Num::F(f) => f as i64,
        }
    }

    /// The item's truth (nonzero).
    pub fn to_bool(self) -> bool {
        match self {
            Num::B(b) => b,
            Num::I(i) => i != 0,
            Num::F(f) => f != 0.0,
        }
    }

    /// The item as a Python scalar.
    pub fn value(self) -> Value {
        match self {
            Num::B(b) => Value::Bool(b),
            Num::I(i) => Value::Int(i),
            Num::F(f) => Value::Float(f),
        }
    }
}

impl Data {
    /// The dtype of the items.
    pub fn dtype(&self) -> Dtype {
        match self {
            Data::Bool(_) => Dtype::Bool,
            Data::Int(_) => Dtype::Int,
            Data::Float(_) => Dtype::Float,
        }
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        match self {
            Data::Bool(v) => v.len(),
            Data::Int(v) => v.len(),
            Data::Float(v) => v.len(),
        }
    }

    /// True when there are no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Item `i`.
    pub fn get(&self, i: usize) -> Num {
        match self {
            Data::Bool(v) => Num::B(v[i]),
            Data::Int(v) => Num::I(v[i]),
            Data::Float(v) => Num::F(v[i]),
        }
    }

    /// The items at `indices`, one by one.
    pub fn get_many<'a>(&'a self, indices: impl Iterator<Item = usize> + 'a) -> impl Iterator<Item = Num> + 'a {
        indices.map(move |i| self.get(i))
    }

    /// The items at `indices`, in that order.
    pub fn gather(&self, indices: impl Iterator<Item = usize>) -> Data {
        match self {
            Data::Bool(v) => Data::Bool(indices.map(|i| v[i]).collect()),
            Data::Int(v) => Data::Int(indices.map(|i| v[i]).collect()),
            Data::Float(v) => Data::Float(indices.map(|i| v[i]).collect()),
        }
    }

    /// The items of `parts` (all of `dtype`), one after another.
    pub fn concat(dtype: Dtype, parts: Vec<Data>) -> Data {
        let mut out = Data::filled(dtype, 0, Num::B(false));
        for part in parts {
            match (&mut out, part) {
                (Data::Float(o), Data::Float(v)) => o.extend(v),
                (Data::Int(o), Data::Int(v)) => o.extend(v),
                (Data::Bool(o), Data::Bool(v)) => o.extend(v),
                _ => unreachable!("the parts are cast to one dtype"),
            }
        }
        out
    }

    /// The items converted to `dtype` as numpy's `astype` does.
    pub fn cast(&self, dtype: Dtype) -> Data {
        if self.dtype() == dtype {
            return self.clone();
        }
        let n = self.len();
        match dtype {
            Dtype::Bool => Data::Bool((0..n).map(|i| self.get(i).to_bool()).collect()),
            Dtype::Int => Data::Int((0..n).map(|i| self.get(i).to_i64()).collect()),
            Dtype::Float => Data::Float((0..n).map(|i| self.get(i).to_f64()).collect()),
        }
    }

    fn filled(dtype: Dtype, n: usize, item: Num) -> Data {
        match dtype {
            Dtype::Bool => Data::Bool(vec![item.to_bool(); n]),
            Dtype::Int => Data::Int(vec![item.to_i64(); n]),
            Dtype::Float => Data::Float(vec![item.to_f64(); n]),
        }
    }
}

/// A numpy array: C-ordered items and a shape (at least one dimension).
#[derive(Clone, Debug, PartialEq)]
pub struct NdArray {
    pub shape: Vec<usize>,
    pub data: Data,
    /// The array this one is numpy's view of (`b[1]`, `b[:, 0]`, `b.T`,
    /// `b.reshape(...)`, `b.ravel()`). The items are a copy, but holding the
    /// base keeps the contract: writing into a view (which would change the
    /// base in numpy) is refused, and so is writing into a base while a
    /// view of it lives (the base is then shared).
    pub base: Option<Arc<NdArray>>,
}

/// `Error` for what numpy does but pyfora's arrays do not.
pub fn unsupported(what: impl std::fmt::Display) -> Error {
    Error::new(ExcKind::NotImplementedError, format!("{what} is not supported by pyfora's numpy arrays"))
}

impl NdArray {
    /// A 1-dimensional array of `data`.
    pub fn vector(data: Data) -> NdArray {
        NdArray { shape: vec![data.len()], data, base: None }
    }

    /// An array of `data` with `shape` (whose product is the item count).
    pub fn new(shape: Vec<usize>, data: Data) -> NdArray {
        debug_assert_eq!(shape.iter().product::<usize>(), data.len());
        NdArray { shape, data, base: None }
    }

    /// This array as numpy's view of `base`.
    pub fn view_of(mut self, base: &Arc<NdArray>) -> NdArray {
        self.base = Some(base.clone());
        self
    }

    /// The array as a value.
    pub fn into_value(self) -> Value {
        Value::Array(Arc::new(self))
    }

    /// The dtype of the items.
    pub fn dtype(&self) -> Dtype {
        self.data.dtype()
    }

    /// `len(a)`: the length of the first axis.
    pub fn len(&self) -> usize {
        self.shape[0]
    }

    /// True when the first axis is empty.
    pub fn is_empty(&self) -> bool {
        self.shape[0] == 0
    }

    /// Number of items (`a.size`).
    pub fn size(&self) -> usize {
        self.data.len()
    }

    /// Items in one step of the first axis.
    fn row_size(&self) -> usize {
        self.shape[1..].iter().product()
    }

    /// `a[i]` for an already normalised `i`: an item of a vector, or a
    /// sub-array.
    fn row(self: &Arc<Self>, i: usize) -> Value {
        if self.shape.len() == 1 {
            return self.data.get(i).value();
        }
        let n = self.row_size();
        NdArray::new(self.shape[1..].to_vec(), self.data.gather(i * n..(i + 1) * n)).view_of(self).into_value()
    }

    /// The rows (items of a vector), as iteration yields them.
    pub fn rows(self: &Arc<Self>) -> Vec<Value> {
        (0..self.len()).map(|i| self.row(i)).collect()
    }

    /// `a.tolist()`: nested lists of Python scalars.
    pub fn to_list(&self) -> Value {
        fn nested(data: &Data, shape: &[usize], start: usize) -> Value {
            if shape.len() == 1 {
                return Value::list((start..start + shape[0]).map(|i| data.get(i).value()).collect());
            }
            let step: usize = shape[1..].iter().product();
            Value::list((0..shape[0]).map(|r| nested(data, &shape[1..], start + r * step)).collect())
        }
        nested(&self.data, &self.shape, 0)
    }

    /// `a[index]` (basic indexing, boolean masks and integer arrays).
    pub fn get_item(self: &Arc<Self>, index: &Value) -> RtResult<Value> {
        match index {
            Value::Tuple(parts) => self.index_parts(parts),
            Value::Array(mask) if mask.dtype() == Dtype::Bool => self.masked(mask),
            Value::Array(picks) if picks.dtype() == Dtype::Int && picks.shape.len() == 1 => {
                let Data::Int(p) = &picks.data else { unreachable!() };
                let n = self.len();
                let rows: RtResult<Vec<usize>> = p.iter().map(|&i| axis_index(i, n, 0)).collect();
                let rows = rows?;
                let m = self.row_size();
                let mut shape = self.shape.clone();
                shape[0] = rows.len();
                Ok(NdArray::new(shape, self.data.gather(rows.iter().flat_map(|&r| r * m..(r + 1) * m))).into_value())
            }
            Value::Array(_) => Err(unsupported("indexing with a float or multi-dimensional array")),
            // A list of ints or bools indexes as the array it would make.
            Value::List(items) if !items.is_empty() && items.iter().all(|x| matches!(x, Value::Bool(_))) => {
                let mask = NdArray::vector(Data::Bool(items.iter().map(|x| matches!(x, Value::Bool(true))).collect()));
                self.masked(&mask)
            }
            Value::List(items) if items.iter().all(|x| matches!(x, Value::Int(_))) => {
                let picks = NdArray::vector(Data::Int(items.iter().map(|x| if let Value::Int(i) = x { *i } else { 0 }).collect()));
                self.get_item(&picks.into_value())
            }
            Value::List(_) => Err(unsupported("indexing with a list of other than ints or bools")),
            other => self.index_parts(std::slice::from_ref(other)),
        }
    }

    fn masked(&self, mask: &NdArray) -> RtResult<Value> {
        if mask.shape != self.shape {
            return Err(index_error(format!(
                "boolean index did not match indexed array along axis 0; size of axis is {} but size of corresponding boolean axis is {}",
                self.shape[0], mask.shape[0]
            )));
        }
        let Data::Bool(m) = &mask.data else { unreachable!() };
        Ok(NdArray::vector(self.data.gather(m.iter().enumerate().filter(|(_, &b)| b).map(|(i, _)| i))).into_value())
    }

    /// Basic indexing by a tuple of ints and slices (one per leading axis).
    fn index_parts(self: &Arc<Self>, parts: &[Value]) -> RtResult<Value> {
        if parts.iter().any(|p| matches!(p, Value::None | Value::Ellipsis)) {
            return Err(unsupported("indexing with None (numpy.newaxis) or ..."));
        }
        if parts.len() > self.shape.len() {
            return Err(index_error(format!("too many indices for array: array is {}-dimensional, but {} were indexed", self.shape.len(), parts.len())));
        }
        // Per axis: the selected positions, and whether the axis stays.
        let mut picks: Vec<(Vec<usize>, bool)> = Vec::with_capacity(self.shape.len());
        for (axis, part) in parts.iter().enumerate() {
            let n = self.shape[axis];
            match part {
                Value::Slice(s) => {
                    let (start, stop, step) = crate::str_methods::slice_indices(s, n as i64)?;
                    let count = crate::str_methods::slice_len(start, stop, step);
                    picks.push(((0..count).map(|k| (start + k * step) as usize).collect(), true));
                }
                Value::Int(_) | Value::Big(_) | Value::Instance(_) => {
                    let i = crate::ops::index_of(part).map_err(|_| {
                        index_error("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
                    })?;
                    picks.push((vec![axis_index(i, n, axis)?], false));
                }
                Value::Bool(_) => return Err(unsupported("indexing with a bool")),
                _ => {
                    return Err(index_error(
                        "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices",
                    ))
                }
            }
        }
        for &n in &self.shape[parts.len()..] {
            picks.push(((0..n).collect(), true));
        }
        let shape: Vec<usize> = picks.iter().filter(|(_, keep)| *keep).map(|(p, _)| p.len()).collect();
        let strides = strides(&self.shape);
        let mut flat = Vec::with_capacity(picks.iter().map(|(p, _)| p.len()).product());
        gather_offsets(&picks, &strides, 0, 0, &mut flat);
        if shape.is_empty() {
            return Ok(self.data.get(flat[0]).value());
        }
        Ok(NdArray::new(shape, self.data.gather(flat.into_iter())).view_of(self).into_value())
    }

    /// `a[index] = value` on a uniquely held array: one item.
    pub fn set_item(&mut self, index: &Value, value: &Value) -> RtResult<()> {
        self.check_writable("item assignment")?;
        let parts: &[Value] = match index {
            Value::Tuple(t) => t,
            other => std::slice::from_ref(other),
        };
        if parts.len() != self.shape.len() || !parts.iter().all(|p| matches!(p, Value::Int(_) | Value::Bool(_))) {
            return Err(unsupported("assigning to anything but one item (a[i] = x, a[i, j] = x)"));
        }
        let strides = strides(&self.shape);
        let mut at = 0;
        for (axis, p) in parts.iter().enumerate() {
            at += axis_index(crate::ops::index_of(p)?, self.shape[axis], axis)? * strides[axis];
        }
        let item = scalar(value)?.ok_or_else(|| type_error(format!("float() argument must be a string or a real number, not '{}'", value.type_name())))?;
        match &mut self.data {
            Data::Bool(v) => v[at] = item.to_bool(),
            Data::Int(v) => v[at] = exact_int(item)?,
            Data::Float(v) => v[at] = item.to_f64(),
        }
        Ok(())
    }

    /// Refuses writing into numpy's view of another array.
    pub fn check_writable(&self, what: &str) -> RtResult<()> {
        if self.base.is_some() {
            return Err(Error::invalid(format!(
                "{what} on a view of another numpy array (b[i], b[:, j], b.T, b.reshape(...), b.ravel()) would change that array too; \
                 pyfora values are immutable once shared — take b[i].copy() and build a new array"
            )));
        }
        Ok(())
    }

    /// The array with `shape` (`-1` once for "the rest").
    pub fn reshape(self: &Arc<Self>, dims: &[i64]) -> RtResult<NdArray> {
        let size = self.size();
        let known: i64 = dims.iter().filter(|&&d| d != -1).product();
        let unknown = dims.iter().filter(|&&d| d == -1).count();
        if unknown > 1 {
            return Err(value_error("can only specify one unknown dimension"));
        }
        if dims.iter().any(|&d| d < -1) {
            return Err(value_error("negative dimensions not allowed"));
        }
        let shape: Vec<usize> = dims
            .iter()
            .map(|&d| {
                if d == -1 {
                    if known == 0 {
                        // numpy cannot infer it (e.g. reshape(0, -1)): refused below.
                        usize::MAX
                    } else {
                        size / known as usize
                    }
                } else {
                    d as usize
                }
            })
            .collect();
        if shape.contains(&usize::MAX) || shape.iter().product::<usize>() != size || shape.is_empty() {
            let wanted: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
            let wanted = if wanted.len() == 1 { format!("({},)", wanted[0]) } else { format!("({})", wanted.join(", ")) };
            return Err(value_error(format!("cannot reshape array of size {size} into shape {wanted}")));
        }
        Ok(NdArray::new(shape, self.data.clone()).view_of(self))
    }

    /// `a.T` (reverses the axes).
    pub fn transpose(self: &Arc<Self>) -> NdArray {
        if self.shape.len() < 2 {
            return NdArray::new(self.shape.clone(), self.data.clone()).view_of(self);
        }
        let shape: Vec<usize> = self.shape.iter().rev().copied().collect();
        let src = strides(&self.shape);
        let picks: Vec<(Vec<usize>, bool)> = shape.iter().map(|&n| ((0..n).collect(), true)).collect();
        let rev: Vec<usize> = src.iter().rev().copied().collect();
        let mut flat = Vec::with_capacity(self.size());
        gather_offsets(&picks, &rev, 0, 0, &mut flat);
        NdArray::new(shape, self.data.gather(flat.into_iter())).view_of(self)
    }

    /// `repr(a)` / `str(a)`: numpy's layout rules are not reproduced.
    pub fn repr(&self) -> RtResult<String> {
        Err(unsupported("formatting an array as text (repr/str); bring it back with toLocal() or format a.tolist()"))
    }
}

/// C-order strides (in items) of `shape`.
fn strides(shape: &[usize]) -> Vec<usize> {
    let mut out = vec![1; shape.len()];
    for axis in (0..shape.len().saturating_sub(1)).rev() {
        out[axis] = out[axis + 1] * shape[axis + 1];
    }
    out
}

fn gather_offsets(picks: &[(Vec<usize>, bool)], strides: &[usize], axis: usize, base: usize, out: &mut Vec<usize>) {
    if axis == picks.len() {
        out.push(base);
        return;
    }
    for &p in &picks[axis].0 {
        gather_offsets(picks, strides, axis + 1, base + p * strides[axis], out);
    }
}

/// `i` as a position on an axis of length `n`, numpy's `IndexError` if out of range.
fn axis_index(i: i64, n: usize, axis: usize) -> RtResult<usize> {
    let j = if i < 0 { i + n as i64 } else { i };
    if j < 0 || j >= n as i64 {
        return Err(index_error(format!("index {i} is out of bounds for axis {axis} with size {n}")));
    }
    Ok(j as usize)
}

/// A Python number stored into an int64 array: as Python's `int()` of it,
/// which must fit (numpy's errors for NaN, infinities and big floats).
pub fn exact_int(n: Num) -> RtResult<i64> {
    match n {
        Num::F(f) if f.is_nan() => Err(value_error("cannot convert float NaN to integer")),
        Num::F(f) if f.is_infinite() => Err(overflow_error("cannot convert float infinity to integer")),
        Num::F(f) if !(-9.223372036854775808e18..9.223372036854775808e18).contains(&f) => Err(overflow_error("Python int too large to convert to C long")),
        other => Ok(other.to_i64()),
    }
}

/// The item count of `shape`, refused where numpy refuses it (more items
/// than an address space holds: `ValueError`) and where the items cannot
/// be allocated here (`MemoryError`, as numpy's failed allocation).
pub fn checked_size(shape: &[usize], dtype: Dtype) -> RtResult<usize> {
    let size = shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d)).filter(|&s| s <= isize::MAX as usize / 8);
    let Some(size) = size else {
        return Err(value_error("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size."));
    };
    let width = if dtype == Dtype::Bool { 1 } else { 8 };
    if size as u128 * width > MAX_ARRAY_BYTES {
        return Err(Error::new(ExcKind::MemoryError, format!("Unable to allocate an array with shape {shape:?} and data type {}", dtype.name())));
    }
    Ok(size)
}

/// The largest array the engine allocates (numpy's allocation would fail
/// beyond the machine's memory; ours would abort the process).
const MAX_ARRAY_BYTES: u128 = 1 << 36;

/// A Python number as an item (None for anything else).
pub fn scalar(v: &Value) -> RtResult<Option<Num>> {
    Ok(match v {
        Value::Bool(b) => Some(Num::B(*b)),
        Value::Int(i) => Some(Num::I(*i)),
        Value::Float(f) => Some(Num::F(*f)),
        Value::Big(b) => return Err(overflow_error(format!("Python integer {b} out of bounds for int64"))),
        _ => None,
    })
}

// ----- building arrays ----------------------------------------------------------

/// `numpy.array(obj, dtype)`: nested lists/tuples of numbers (or arrays).
pub fn from_nested(obj: &Value, dtype: Option<Dtype>) -> RtResult<NdArray> {
    let mut shape = Vec::new();
    let mut items = Vec::new();
    collect_nested(obj, 0, &mut shape, &mut items)?;
    if shape.is_empty() {
        return Err(unsupported("a 0-dimensional array (numpy.array of a scalar)"));
    }
    let inferred = items.iter().map(|n| match n {
        Num::B(_) => Dtype::Bool,
        Num::I(_) => Dtype::Int,
        Num::F(_) => Dtype::Float,
    });
    let dtype = dtype.unwrap_or_else(|| inferred.max().unwrap_or(Dtype::Float));
    let data = match dtype {
        Dtype::Bool => Data::Bool(items.iter().map(|n| n.to_bool()).collect()),
        Dtype::Int => Data::Int(items.iter().map(|&n| exact_int(n)).collect::<RtResult<_>>()?),
        Dtype::Float => Data::Float(items.iter().map(|n| n.to_f64()).collect()),
    };
    Ok(NdArray::new(shape, data))
}

fn collect_nested(obj: &Value, depth: usize, shape: &mut Vec<usize>, out: &mut Vec<Num>) -> RtResult<()> {
    let rows: Vec<Value> = match obj {
        Value::List(l) | Value::Tuple(l) => l.to_vec(),
        Value::Array(a) => a.rows(),
        Value::Range(_) => crate::iter::collect(obj)?,
        other => {
            if depth != shape.len() {
                return Err(value_error("setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions."));
            }
            let item = scalar(other)?.ok_or_else(|| unsupported(format!("an array of '{}' objects", other.type_name())))?;
            out.push(item);
            return Ok(());
        }
    };
    if depth == shape.len() {
        if !out.is_empty() {
            return Err(value_error(format!(
                "setting an array element with a sequence. The requested array has an inhomogeneous shape after {depth} dimensions."
            )));
        }
        shape.push(rows.len());
    } else if depth > shape.len() || shape[depth] != rows.len() {
        return Err(value_error(format!(
            "setting an array element with a sequence. The requested array has an inhomogeneous shape after {depth} dimensions. The detected shape was {:?} + inhomogeneous part.",
            &shape[..depth]
        )));
    }
    for r in &rows {
        collect_nested(r, depth + 1, shape, out)?;
    }
    if rows.is_empty() && depth + 1 < shape.len() {
        return Err(value_error("setting an array element with a sequence"));
    }
    Ok(())
}

/// An array of `shape` with every item `item`.
pub fn full(shape: Vec<usize>, dtype: Dtype, item: Num) -> NdArray {
    let n = shape.iter().product();
    NdArray::new(shape, Data::filled(dtype, n, item))
}

// ----- elementwise arithmetic -----------------------------------------------------

/// One side of an elementwise operation.
enum Operand<'a> {
    Array(&'a NdArray),
    /// A Python scalar: "weak" in numpy's promotion.
    Scalar(Num),
}

fn operand(v: &Value) -> RtResult<Option<Operand<'_>>> {
    Ok(match v {
        Value::Array(a) => Some(Operand::Array(a)),
        other => scalar(other)?.map(Operand::Scalar),
    })
}

impl Operand<'_> {
    fn shape(&self) -> &[usize] {
        match self {
            Operand::Array(a) => &a.shape,
            Operand::Scalar(_) => &[],
        }
    }

    /// The dtype this operand asks for next to an array of `other` dtype.
    fn dtype_next_to(&self, other: Option<Dtype>) -> Dtype {
        match (self, other) {
            (Operand::Array(a), _) => a.dtype(),
            (Operand::Scalar(n), Some(o)) => {
                let kind = match n {
                    Num::B(_) => Dtype::Bool,
                    Num::I(_) => Dtype::Int,
                    Num::F(_) => Dtype::Float,
                };
                kind.max(o)
            }
            (Operand::Scalar(_), None) => Dtype::Float,
        }
    }

    /// Items cast to `dtype`, one per position of `out` (broadcast).
    fn items(&self, dtype: Dtype, out: &[usize]) -> Data {
        match self {
            Operand::Scalar(n) => Data::filled(dtype, out.iter().product(), *n),
            Operand::Array(a) => {
                let data = a.data.cast(dtype);
                if a.shape == out {
                    return data;
                }
                data.gather(broadcast_offsets(&a.shape, out).into_iter())
            }
        }
    }
}

fn array_dtype(o: &Operand<'_>) -> Option<Dtype> {
    match o {
        Operand::Array(a) => Some(a.dtype()),
        Operand::Scalar(_) => None,
    }
}

/// numpy's broadcast shape of `a` and `b`.
pub fn broadcast_shape(a: &[usize], b: &[usize]) -> RtResult<Vec<usize>> {
    let n = a.len().max(b.len());
    let mut out = vec![0; n];
    for k in 0..n {
        let x = if k + a.len() >= n { a[k + a.len() - n] } else { 1 };
        let y = if k + b.len() >= n { b[k + b.len() - n] } else { 1 };
        out[k] = match (x, y) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => {
                let show = |s: &[usize]| s.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(",");
                let (sa, sb) = (show(a), show(b));
                return Err(value_error(format!(
                    "operands could not be broadcast together with shapes ({}{}) ({}{}) ",
                    sa,
                    if a.len() == 1 { "," } else { "" },
                    sb,
                    if b.len() == 1 { "," } else { "" }
                )));
            }
        };
    }
    Ok(out)
}

/// `a` broadcast to `shape` (which `broadcast_shape` allows).
pub fn broadcast_to(a: &NdArray, shape: &[usize]) -> NdArray {
    if a.shape == shape {
        return a.clone();
    }
    NdArray::new(shape.to_vec(), a.data.gather(broadcast_offsets(&a.shape, shape).into_iter()))
}

/// For each position of `out` (C order), the offset of the item of an
/// array of shape `inp` broadcast to it.
fn broadcast_offsets(inp: &[usize], out: &[usize]) -> Vec<usize> {
    let lead = out.len() - inp.len();
    let src = strides(inp);
    let picks: Vec<(Vec<usize>, bool)> = out.iter().map(|&n| ((0..n).collect(), true)).collect();
    let eff: Vec<usize> = (0..out.len()).map(|k| if k < lead || inp[k - lead] == 1 { 0 } else { src[k - lead] }).collect();
    let mut flat = Vec::with_capacity(out.iter().product());
    gather_offsets(&picks, &eff, 0, 0, &mut flat);
    flat
}

/// `a op b` where at least one side is an array; `None` when the other side
/// is not a number or an array (the caller reports the unsupported operand).
pub fn binop(op: BinOp, a: &Value, b: &Value) -> RtResult<Option<Value>> {
    let (Some(x), Some(y)) = (operand(a)?, operand(b)?) else { return Ok(None) };
    if op == BinOp::MatMul {
        let (Value::Array(p), Value::Array(q)) = (a, b) else {
            return Err(value_error("matmul: Input operand does not have enough dimensions"));
        };
        let r = matmul(p, q)?;
        // vector @ vector is a scalar.
        return Ok(Some(if r.shape.is_empty() { r.data.get(0).value() } else { r.into_value() }));
    }
    let shape = broadcast_shape(x.shape(), y.shape())?;
    let dtype = x.dtype_next_to(array_dtype(&y)).max(y.dtype_next_to(array_dtype(&x)));
    if let (Dtype::Int, Operand::Scalar(Num::F(_)), _) | (Dtype::Int, _, Operand::Scalar(Num::F(_))) = (dtype, &x, &y) {
        unreachable!("a float scalar promotes to float64");
    }
    if let (BinOp::Pow, Dtype::Float, Operand::Scalar(e)) = (op, dtype, &y) {
        // numpy's fast scalar powers: `a ** 0.5` is `sqrt(a)` (not `pow`).
        if matches!(e, Num::F(h) if *h == 0.5) {
            let Data::Float(v) = x.items(Dtype::Float, &shape) else { unreachable!() };
            return Ok(Some(NdArray::new(shape, Data::Float(v.into_iter().map(f64::sqrt).collect())).into_value()));
        }
    }
    if op == BinOp::Pow && (array_dtype(&x) == Some(Dtype::Bool) || array_dtype(&y) == Some(Dtype::Bool)) && dtype != Dtype::Float {
        return Err(unsupported("`**` on a boolean array (numpy computes it in int8)"));
    }
    if let Some(r) = float_fast_path(op, &x, &y) {
        return Ok(Some(r.into_value()));
    }
    let data = match (op, dtype) {
        (BinOp::TrueDiv, _) => float_op(op, x.items(Dtype::Float, &shape), y.items(Dtype::Float, &shape))?,
        (_, Dtype::Float) => float_op(op, x.items(Dtype::Float, &shape), y.items(Dtype::Float, &shape))?,
        (_, Dtype::Int) => int_op(op, x.items(Dtype::Int, &shape), y.items(Dtype::Int, &shape))?,
        (_, Dtype::Bool) => bool_op(op, x.items(Dtype::Bool, &shape), y.items(Dtype::Bool, &shape))?,
    };
    Ok(Some(NdArray::new(shape, data).into_value()))
}

/// The float64 function of an arithmetic operator (None for bit operations).
fn float_fn(op: BinOp) -> Option<fn(f64, f64) -> f64> {
    Some(match op {
        BinOp::Add => |p, q| p + q,
        BinOp::Sub => |p, q| p - q,
        BinOp::Mul => |p, q| p * q,
        BinOp::TrueDiv => |p, q| p / q,
        BinOp::FloorDiv => floor_divide,
        BinOp::Mod => remainder,
        BinOp::Pow => f64::powf,
        _ => return None,
    })
}

fn float_op(op: BinOp, x: Data, y: Data) -> RtResult<Data> {
    let (Data::Float(x), Data::Float(y)) = (x, y) else { unreachable!() };
    let f = float_fn(op).ok_or_else(|| {
        type_error(format!(
            "ufunc '{}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''",
            ufunc_name(op)
        ))
    })?;
    Ok(Data::Float(x.iter().zip(&y).map(|(&p, &q)| f(p, q)).collect()))
}

/// Float arrays of one shape, or a float array and a number: computed
/// straight from the operands' items (no casts, no broadcast copies).
fn float_fast_path(op: BinOp, x: &Operand<'_>, y: &Operand<'_>) -> Option<NdArray> {
    // One loop per operator (not a call through a function pointer per
    // item), so that the common ones compile to vector instructions.
    match op {
        BinOp::Add => float_fast_loop(x, y, |u, v| u + v),
        BinOp::Sub => float_fast_loop(x, y, |u, v| u - v),
        BinOp::Mul => float_fast_loop(x, y, |u, v| u * v),
        BinOp::TrueDiv => float_fast_loop(x, y, |u, v| u / v),
        _ => float_fast_loop(x, y, float_fn(op)?),
    }
}

fn float_fast_loop<F: Fn(f64, f64) -> f64>(x: &Operand<'_>, y: &Operand<'_>, f: F) -> Option<NdArray> {
    let number = |n: &Num| match n {
        Num::F(v) => Some(*v),
        Num::I(v) => Some(*v as f64),
        Num::B(_) => None,
    };
    let (shape, data): (&Vec<usize>, Vec<f64>) = match (x, y) {
        (Operand::Array(a), Operand::Array(b)) if a.shape == b.shape => match (&a.data, &b.data) {
            (Data::Float(p), Data::Float(q)) => (&a.shape, p.iter().zip(q).map(|(&u, &v)| f(u, v)).collect()),
            _ => return None,
        },
        (Operand::Array(a), Operand::Scalar(s)) => match (&a.data, number(s), s) {
            (Data::Float(p), Some(v), _) => (&a.shape, p.iter().map(|&u| f(u, v)).collect()),
            // An int64 array and a float: float64 items (exact casts, as numpy's).
            (Data::Int(p), Some(v), Num::F(_)) => (&a.shape, p.iter().map(|&u| f(u as f64, v)).collect()),
            _ => return None,
        },
        (Operand::Scalar(s), Operand::Array(b)) => match (number(s), &b.data, s) {
            (Some(u), Data::Float(q), _) => (&b.shape, q.iter().map(|&v| f(u, v)).collect()),
            (Some(u), Data::Int(q), Num::F(_)) => (&b.shape, q.iter().map(|&v| f(u, v as f64)).collect()),
            _ => return None,
        },
        _ => return None,
    };
    Some(NdArray::new(shape.clone(), Data::Float(data)))
}

/// numpy's `floor_divide` of floats: CPython's algorithm, and `a / 0`
/// instead of an error.
fn floor_divide(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        return a / b;
    }
    match crate::num::float_binop(BinOp::FloorDiv, a, b) {
        Ok(Value::Float(r)) => r,
        _ => f64::NAN,
    }
}

/// numpy's `remainder` of floats: CPython's `%`, and `fmod(a, 0)` (NaN).
fn remainder(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        return f64::NAN;
    }
    match crate::num::float_binop(BinOp::Mod, a, b) {
        Ok(Value::Float(r)) => r,
        _ => f64::NAN,
    }
}

fn ufunc_name(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "subtract",
        BinOp::Mul => "multiply",
        BinOp::TrueDiv => "divide",
        BinOp::FloorDiv => "floor_divide",
        BinOp::Mod => "remainder",
        BinOp::Pow => "power",
        BinOp::LShift => "left_shift",
        BinOp::RShift => "right_shift",
        BinOp::BitAnd => "bitwise_and",
        BinOp::BitOr => "bitwise_or",
        BinOp::BitXor => "bitwise_xor",
        BinOp::MatMul => "matmul",
    }
}

fn int_op(op: BinOp, x: Data, y: Data) -> RtResult<Data> {
    let (Data::Int(x), Data::Int(y)) = (x, y) else { unreachable!() };
    if op == BinOp::Pow && y.iter().any(|&q| q < 0) {
        return Err(value_error("Integers to negative integer powers are not allowed."));
    }
    let f: fn(i64, i64) -> i64 = match op {
        BinOp::Add => i64::wrapping_add,
        BinOp::Sub => i64::wrapping_sub,
        BinOp::Mul => i64::wrapping_mul,
        // numpy gives 0 for a division by zero (with a warning).
        BinOp::FloorDiv => |p, q| match q {
            0 => 0,
            -1 => p.wrapping_neg(),
            _ if p % q != 0 && ((p < 0) != (q < 0)) => p / q - 1,
            _ => p / q,
        },
        BinOp::Mod => |p, q| {
            if q == 0 || q == -1 {
                0
            } else {
                let r = p % q;
                if r != 0 && ((r < 0) != (q < 0)) {
                    r + q
                } else {
                    r
                }
            }
        },
        BinOp::Pow => |p, q| p.wrapping_pow(q.min(u32::MAX as i64) as u32),
        BinOp::BitAnd => |p, q| p & q,
        BinOp::BitOr => |p, q| p | q,
        BinOp::BitXor => |p, q| p ^ q,
        BinOp::LShift => |p, q| if (0..64).contains(&q) { p << q } else { 0 },
        BinOp::RShift => |p, q| {
            if (0..64).contains(&q) {
                p >> q
            } else if p < 0 {
                -1
            } else {
                0
            }
        },
        BinOp::TrueDiv | BinOp::MatMul => unreachable!("handled by the caller"),
    };
    Ok(Data::Int(x.iter().zip(&y).map(|(&p, &q)| f(p, q)).collect()))
}

fn bool_op(op: BinOp, x: Data, y: Data) -> RtResult<Data> {
    let (Data::Bool(x), Data::Bool(y)) = (x, y) else { unreachable!() };
    let f: fn(bool, bool) -> bool = match op {
        BinOp::Add | BinOp::BitOr => |p, q| p | q,
        BinOp::Mul | BinOp::BitAnd => |p, q| p & q,
        BinOp::BitXor => |p, q| p ^ q,
        BinOp::Sub => {
            return Err(type_error(
                "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.",
            ))
        }
        other => return Err(unsupported(format!("'{}' on two boolean arrays (numpy gives int8)", ufunc_name(other)))),
    };
    Ok(Data::Bool(x.iter().zip(&y).map(|(&p, &q)| f(p, q)).collect()))
}

/// `a op b` elementwise for a comparison, as a bool array (`None` when the
/// other side is neither a number nor an array).
pub fn compare(op: CmpOp, a: &Value, b: &Value) -> RtResult<Option<Value>> {
    let (Some(x), Some(y)) = (operand(a)?, operand(b)?) else {
        return Ok(match op {
            CmpOp::Eq => Some(full(shape_of(a, b), Dtype::Bool, Num::B(false)).into_value()),
            CmpOp::NotEq => Some(full(shape_of(a, b), Dtype::Bool, Num::B(true)).into_value()),
            _ => None,
        });
    };
    let shape = broadcast_shape(x.shape(), y.shape())?;
    let dtype = x.dtype_next_to(array_dtype(&y)).max(y.dtype_next_to(array_dtype(&x)));
    let out: Vec<bool> = match (x.items(dtype, &shape), y.items(dtype, &shape)) {
        (Data::Float(p), Data::Float(q)) => p.iter().zip(&q).map(|(p, q)| cmp_result(op, p.partial_cmp(q))).collect(),
        (Data::Int(p), Data::Int(q)) => p.iter().zip(&q).map(|(p, q)| cmp_result(op, Some(p.cmp(q)))).collect(),
        (Data::Bool(p), Data::Bool(q)) => p.iter().zip(&q).map(|(p, q)| cmp_result(op, Some(p.cmp(q)))).collect(),
        _ => unreachable!("both sides were cast to one dtype"),
    };
    Ok(Some(NdArray::new(shape, Data::Bool(out)).into_value()))
}

fn shape_of(a: &Value, b: &Value) -> Vec<usize> {
    match (a, b) {
        (Value::Array(x), _) | (_, Value::Array(x)) => x.shape.clone(),
        _ => vec![0],
    }
}

fn cmp_result(op: CmpOp, o: Option<std::cmp::Ordering>) -> bool {
    use std::cmp::Ordering::*;
    match (op, o) {
        (CmpOp::NotEq, None) => true,
        (_, None) => false,
        (CmpOp::Eq, Some(o)) => o == Equal,
        (CmpOp::NotEq, Some(o)) => o != Equal,
        (CmpOp::Lt, Some(o)) => o == Less,
        (CmpOp::LtE, Some(o)) => o != Greater,
        (CmpOp::Gt, Some(o)) => o == Greater,
        (CmpOp::GtE, Some(o)) => o != Less,
        _ => unreachable!("elementwise comparisons are == != < <= > >="),
    }
}

/// `-a`, `+a`, `~a` and `abs(a)` (`op` None).
pub fn unary(op: Option<pyfora_syntax::ir::UnaryOp>, a: &NdArray) -> RtResult<Value> {
    use pyfora_syntax::ir::UnaryOp as U;
    let data = match (op, &a.data) {
        (Some(U::Neg), Data::Float(v)) => Data::Float(v.iter().map(|x| -x).collect()),
        (Some(U::Neg), Data::Int(v)) => Data::Int(v.iter().map(|x| x.wrapping_neg()).collect()),
        (Some(U::Neg), Data::Bool(_)) => {
            return Err(type_error(
                "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.",
            ))
        }
        (Some(U::Pos), Data::Bool(_)) => return Err(type_error("ufunc 'positive' did not contain a loop with signature matching types")),
        (Some(U::Pos), d) => d.clone(),
        (Some(U::Invert), Data::Bool(v)) => Data::Bool(v.iter().map(|x| !x).collect()),
        (Some(U::Invert), Data::Int(v)) => Data::Int(v.iter().map(|x| !x).collect()),
        (Some(U::Invert), Data::Float(_)) => {
            return Err(type_error("ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''"))
        }
        (Some(U::Not), _) => return Ok(Value::Bool(!truthy(a)?)),
        (None, Data::Float(v)) => Data::Float(v.iter().map(|x| x.abs()).collect()),
        (None, Data::Int(v)) => Data::Int(v.iter().map(|x| x.wrapping_abs()).collect()),
        (None, d) => d.clone(),
    };
    Ok(NdArray::new(a.shape.clone(), data).into_value())
}

/// `bool(a)`: numpy's rule (only one-item arrays have a truth value).
pub fn truthy(a: &NdArray) -> RtResult<bool> {
    match a.size() {
        1 => Ok(a.data.get(0).to_bool()),
        0 => Err(value_error("The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.")),
        _ => Err(value_error("The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")),
    }
}

/// `x in a`: numpy's `(a == x).any()`.
pub fn contains(a: &Value, x: &Value) -> RtResult<bool> {
    match compare(CmpOp::Eq, a, x)? {
        Some(Value::Array(m)) => Ok(matches!(&m.data, Data::Bool(v) if v.iter().any(|&b| b))),
        _ => Ok(false),
    }
}

/// A one-argument float function applied to every item (`numpy.sqrt`...),
/// the result float64.
pub fn map_float(a: &NdArray, f: fn(f64) -> f64) -> NdArray {
    NdArray::new(a.shape.clone(), Data::Float(as_floats(&a.data).iter().map(|&x| f(x)).collect()))
}

// ----- reductions --------------------------------------------------------------

/// The block of a buffered numpy sum (0: the whole array at once).
static SUM_BLOCK: AtomicUsize = AtomicUsize::new(0);

/// Makes float sums group as the client's numpy does: `0` for pairwise
/// over the whole array (numpy 2.3 and later); `8192` for numpy before
/// that, whose reductions run through an 8192-item buffer: pairwise within
/// each block, the blocks' sums added in order.
pub fn set_sum_block(block: usize) {
    SUM_BLOCK.store(block, Ordering::Relaxed);
}

/// numpy's pairwise summation of floats (8 accumulators in blocks of up to
/// 128 items, halves above that), from its identity 0.0: bit-identical to
/// `numpy.sum` of a contiguous float64 array (see [`set_sum_block`]).
pub fn pairwise_sum(a: &[f64]) -> f64 {
    let block = SUM_BLOCK.load(Ordering::Relaxed);
    if block == 0 || a.len() <= block {
        return 0.0 + pairwise(a);
    }
    let mut res = 0.0;
    for chunk in a.chunks(block) {
        res += pairwise(chunk);
    }
    res
}

fn pairwise(a: &[f64]) -> f64 {
    let n = a.len();
    if n < 8 {
        let mut res = 0.0;
        for &x in a {
            res += x;
        }
        return res;
    }
    if n <= 128 {
        let mut r = [0.0; 8];
        r.copy_from_slice(&a[..8]);
        let mut i = 8;
        while i < n - n % 8 {
            for j in 0..8 {
                r[j] += a[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &x in &a[i..] {
            res += x;
        }
        return res;
    }
    let mut half = n / 2;
    half -= half % 8;
    pairwise(&a[..half]) + pairwise(&a[half..])
}

/// `a.sum()`: float64 pairwise, int64 and bool wrapping (as int64).
pub fn sum(a: &NdArray) -> Value {
    match &a.data {
        Data::Float(v) => Value::Float(pairwise_sum(v)),
        Data::Int(v) => Value::Int(v.iter().fold(0i64, |s, &x| s.wrapping_add(x))),
        Data::Bool(v) => Value::Int(v.iter().filter(|&&b| b).count() as i64),
    }
}

/// `a.mean()`: the float64 pairwise sum over the count.
pub fn mean(a: &NdArray) -> f64 {
    let floats = as_floats(&a.data);
    pairwise_sum(&floats) / floats.len() as f64
}

/// The items as float64, borrowed when they already are.
fn as_floats(data: &Data) -> std::borrow::Cow<'_, [f64]> {
    match data {
        Data::Float(v) => std::borrow::Cow::Borrowed(v),
        other => match other.cast(Dtype::Float) {
            Data::Float(v) => std::borrow::Cow::Owned(v),
            _ => unreachable!("cast to float64"),
        },
    }
}

/// `a.var(ddof)`: numpy's two-pass variance.
pub fn var(a: &NdArray, ddof: i64) -> f64 {
    let v = as_floats(&a.data);
    let m = pairwise_sum(&v) / v.len() as f64;
    let squares: Vec<f64> = v.iter().map(|x| (x - m) * (x - m)).collect();
    pairwise_sum(&squares) / (v.len() as i64 - ddof).max(0) as f64
}

/// `a.prod()`: in order from 1.
pub fn prod(a: &NdArray) -> Value {
    match &a.data {
        Data::Float(v) => Value::Float(v.iter().fold(1.0, |p, &x| p * x)),
        Data::Int(v) => Value::Int(v.iter().fold(1i64, |p, &x| p.wrapping_mul(x))),
        Data::Bool(v) => Value::Int(v.iter().all(|&b| b) as i64),
    }
}

/// `a.min()` / `a.max()` (`largest`): NaN wins, as in numpy.
pub fn extreme(a: &NdArray, largest: bool) -> RtResult<Value> {
    if a.size() == 0 {
        let name = if largest { "maximum" } else { "minimum" };
        return Err(value_error(format!("zero-size array to reduction operation {name} which has no identity")));
    }
    Ok(match &a.data {
        // numpy's maximum/minimum folded in order: keep the running value
        // only while it is strictly better (or NaN), so ties (-0.0, 0.0)
        // go to the later item.
        Data::Float(v) => {
            let mut best = v[0];
            for &x in &v[1..] {
                let keep = best.is_nan() || (largest && best > x) || (!largest && best < x);
                if !keep {
                    best = x;
                }
            }
            Value::Float(best)
        }
        Data::Int(v) => Value::Int(if largest { *v.iter().max().expect("not empty") } else { *v.iter().min().expect("not empty") }),
        Data::Bool(v) => Value::Bool(if largest { v.iter().any(|&b| b) } else { v.iter().all(|&b| b) }),
    })
}

/// `a.argmin()` / `a.argmax()`: the first extreme item (the first NaN).
pub fn arg_extreme(a: &NdArray, largest: bool) -> RtResult<Value> {
    if a.size() == 0 {
        let name = if largest { "argmax" } else { "argmin" };
        return Err(value_error(format!("attempt to get {name} of an empty sequence")));
    }
    let mut best = 0;
    for i in 1..a.size() {
        let (x, b) = (a.data.get(i), a.data.get(best));
        let better = match (x, b) {
            (_, Num::F(b)) if b.is_nan() => break,
            (Num::F(x), _) if x.is_nan() => true,
            (Num::F(x), Num::F(b)) => (largest && x > b) || (!largest && x < b),
            (x, b) => (largest && x.to_i64() > b.to_i64()) || (!largest && x.to_i64() < b.to_i64()),
        };
        if better {
            best = i;
        }
    }
    Ok(Value::Int(best as i64))
}

/// `a.cumsum()`: running sums in order, flattened.
pub fn cumsum(a: &NdArray) -> NdArray {
    let data = match a.data.cast(if a.dtype() == Dtype::Float { Dtype::Float } else { Dtype::Int }) {
        // From the first item itself (a leading -0.0 stays -0.0).
        Data::Float(v) => Data::Float(
            v.iter()
                .enumerate()
                .scan(0.0, |s, (i, &x)| {
                    *s = if i == 0 { x } else { *s + x };
                    Some(*s)
                })
                .collect(),
        ),
        Data::Int(v) => Data::Int(
            v.iter()
                .scan(0i64, |s, &x| {
                    *s = s.wrapping_add(x);
                    Some(*s)
                })
                .collect(),
        ),
        Data::Bool(_) => unreachable!("cast to a number"),
    };
    NdArray::vector(data)
}

/// `numpy.dot` / `@`: vector·vector, matrix·vector, vector·matrix,
/// matrix·matrix. Float products are summed in order (numpy's BLAS may
/// order them differently: documented).
pub fn matmul(a: &NdArray, b: &NdArray) -> RtResult<NdArray> {
    if a.shape.len() > 2 || b.shape.len() > 2 {
        return Err(unsupported("dot/matmul of arrays with more than 2 dimensions"));
    }
    let (m, k) = if a.shape.len() == 1 { (1, a.shape[0]) } else { (a.shape[0], a.shape[1]) };
    let (k2, n) = if b.shape.len() == 1 { (b.shape[0], 1) } else { (b.shape[0], b.shape[1]) };
    if k != k2 {
        let show = |s: &[usize]| if s.len() == 1 { format!("({},)", s[0]) } else { format!("({},{})", s[0], s[1]) };
        return Err(value_error(format!("shapes {} and {} not aligned: {} (dim {}) != {} (dim 0)", show(&a.shape), show(&b.shape), k, a.shape.len() - 1, k2)));
    }
    if a.dtype() == Dtype::Bool && b.dtype() == Dtype::Bool {
        // numpy's boolean dot: any(a_i and b_i).
        let r = matmul(&NdArray::new(a.shape.clone(), a.data.cast(Dtype::Int)), &NdArray::new(b.shape.clone(), b.data.cast(Dtype::Int)))?;
        return Ok(NdArray::new(r.shape.clone(), r.data.cast(Dtype::Bool)));
    }
    let dtype = a.dtype().max(b.dtype()).max(Dtype::Int);
    let shape: Vec<usize> = match (a.shape.len(), b.shape.len()) {
        (1, 1) => vec![],
        (1, _) => vec![n],
        (_, 1) => vec![m],
        _ => vec![m, n],
    };
    let data = match dtype {
        Dtype::Float => {
            let (x, y) = (as_floats(&a.data), as_floats(&b.data));
            // Row i of the result accumulates x[i, t] * y[t, :] for t in
            // order: each item is the same in-order sum of products as the
            // textbook loop, with y and the result read along their rows.
            let mut out = vec![0.0; m * n];
            for i in 0..m {
                let acc = &mut out[i * n..(i + 1) * n];
                for t in 0..k {
                    let xv = x[i * k + t];
                    let row = &y[t * n..(t + 1) * n];
                    for (o, &yv) in acc.iter_mut().zip(row) {
                        *o += xv * yv;
                    }
                }
            }
            Data::Float(out)
        }
        _ => {
            let (Data::Int(x), Data::Int(y)) = (a.data.cast(Dtype::Int), b.data.cast(Dtype::Int)) else { unreachable!() };
            let mut out = Vec::with_capacity(m * n);
            for i in 0..m {
                for j in 0..n {
                    let mut s = 0i64;
                    for t in 0..k {
                        s = s.wrapping_add(x[i * k + t].wrapping_mul(y[t * n + j]));
                    }
                    out.push(s);
                }
            }
            Data::Int(out)
        }
    };
    Ok(NdArray { shape, data, base: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn floats(v: &[f64]) -> NdArray {
        NdArray::vector(Data::Float(v.to_vec()))
    }

    #[test]
    fn pairwise_sum_groups_as_numpy() {
        // Below 8 items: in order from 0.0.
        assert_eq!(pairwise_sum(&[1e16, 1.0, -1e16]), 0.0);
        // 8 accumulators: the 1.0s meet each other before the big terms.
        let mut v = vec![1e16, 1.0, 1.0, 1.0, -1e16, 1.0, 1.0, 1.0];
        v.extend([0.0; 8]);
        assert_eq!(pairwise_sum(&v), ((1e16 + 1.0) + (1.0 + 1.0)) + ((-1e16 + 1.0) + (1.0 + 1.0)));
        assert_eq!(pairwise_sum(&[-0.0; 16]).to_bits(), 0.0f64.to_bits());
    }

    #[test]
    fn broadcasting_and_promotion() {
        let m = NdArray::new(vec![2, 2], Data::Int(vec![1, 2, 3, 4])).into_value();
        let row = NdArray::vector(Data::Float(vec![0.5, 1.0])).into_value();
        let Some(Value::Array(r)) = binop(BinOp::Mul, &m, &row).unwrap() else { panic!() };
        assert_eq!(r.shape, vec![2, 2]);
        assert_eq!(r.data, Data::Float(vec![0.5, 2.0, 1.5, 4.0]));
        // A Python int stays int64; a Python float widens.
        let Some(Value::Array(r)) = binop(BinOp::Add, &m, &Value::Int(1)).unwrap() else { panic!() };
        assert_eq!(r.dtype(), Dtype::Int);
        let col = NdArray::new(vec![3, 1], Data::Int(vec![1, 2, 3])).into_value();
        assert!(binop(BinOp::Add, &m, &col).is_err());
    }

    #[test]
    fn int64_wraps_and_divides_like_numpy() {
        let a = NdArray::vector(Data::Int(vec![i64::MAX, -7, 7, 5])).into_value();
        let b = NdArray::vector(Data::Int(vec![1, 2, -2, 0])).into_value();
        let Some(Value::Array(s)) = binop(BinOp::Add, &a, &b).unwrap() else { panic!() };
        assert_eq!(s.data, Data::Int(vec![i64::MIN, -5, 5, 5]));
        let Some(Value::Array(q)) = binop(BinOp::FloorDiv, &a, &b).unwrap() else { panic!() };
        assert_eq!(q.data, Data::Int(vec![i64::MAX, -4, -4, 0]));
        let Some(Value::Array(r)) = binop(BinOp::Mod, &a, &b).unwrap() else { panic!() };
        assert_eq!(r.data, Data::Int(vec![0, 1, -1, 0]));
    }

    #[test]
    fn indexing() {
        let m = Arc::new(NdArray::new(vec![2, 3], Data::Int((0..6).collect())));
        assert!(matches!(m.get_item(&Value::tuple(vec![Value::Int(1), Value::Int(-1)])).unwrap(), Value::Int(5)));
        let Value::Array(col) = m
            .get_item(&Value::tuple(vec![
                Value::Slice(Arc::new(crate::value::SliceValue { lower: Value::None, upper: Value::None, step: Value::None })),
                Value::Int(1),
            ]))
            .unwrap()
        else {
            panic!()
        };
        assert_eq!(col.data, Data::Int(vec![1, 4]));
        assert!(m.get_item(&Value::Int(2)).is_err());
        assert_eq!(m.transpose().data, Data::Int(vec![0, 3, 1, 4, 2, 5]));
        assert!(matches!(extreme(&floats(&[1.0, f64::NAN, 0.0]), false).unwrap(), Value::Float(f) if f.is_nan()));
    }
}
