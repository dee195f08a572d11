//! The `numpy` module as pyfora code sees it: array construction
//! (`array`, `zeros`, `ones`, `full`, `arange`, `linspace`), reductions
//! (`sum`, `mean`, `min`, `max`, `prod`, `argmin`, `argmax`, `cumsum`,
//! `std`, `var`, `any`, `all`), `dot`, elementwise functions (`sqrt`,
//! `exp`, `log`, `sin`, ...; `maximum`, `minimum`, `where`), the dtypes
//! (`float64`, `int64`, `bool_`) and `ndarray`. Arrays themselves live in
//! [`crate::ndarray`]. Reductions take no `axis` (whole-array only).

use std::sync::{Arc, OnceLock};

use crate::builtins::bind;
use crate::error::{type_error, value_error, RtResult};
use crate::ndarray::{self, unsupported, Data, Dtype, NdArray, Num};
use crate::value::{BuiltinFunction, Module, TypeKind, Value};

type Kwargs = Vec<(Arc<str>, Value)>;

/// The module.
pub fn module() -> Value {
    static M: OnceLock<Module> = OnceLock::new();
    Value::Module(M.get_or_init(|| {
        let mut attrs: Vec<(&'static str, Value)> = FUNCTIONS.iter().map(|f| (f.name, Value::Builtin(f))).collect();
        attrs.push(("ndarray", Value::Type(TypeKind::NdArray)));
        // numpy 2 names `bool_` `bool`.
        attrs.push(("bool", Value::Builtin(&BOOL_)));
        attrs.push(("pi", Value::Float(std::f64::consts::PI)));
        attrs.push(("newaxis", Value::None));
        attrs.push(("e", Value::Float(std::f64::consts::E)));
        attrs.push(("inf", Value::Float(f64::INFINITY)));
        attrs.push(("nan", Value::Float(f64::NAN)));
        Module { name: "numpy", attrs: attrs.into_iter().collect(), unshipped: Default::default(), refused: None }
    }))
}

/// A dtype argument: `float`, `int`, `bool`, numpy's dtypes or their names.
fn dtype_arg(v: &Option<Value>) -> RtResult<Option<Dtype>> {
    Ok(match v {
        None | Some(Value::None) => None,
        Some(Value::Type(TypeKind::Float)) => Some(Dtype::Float),
        Some(Value::Type(TypeKind::Int)) => Some(Dtype::Int),
        Some(Value::Type(TypeKind::Bool)) => Some(Dtype::Bool),
        Some(Value::Builtin(f)) if std::ptr::eq(*f, &FLOAT64) => Some(Dtype::Float),
        Some(Value::Builtin(f)) if std::ptr::eq(*f, &INT64) => Some(Dtype::Int),
        Some(Value::Builtin(f)) if std::ptr::eq(*f, &BOOL_) => Some(Dtype::Bool),
        Some(Value::Str(s)) => {
            Some(Dtype::from_name(&s.text).ok_or_else(|| unsupported(format!("dtype '{}' (pyfora has float64, int64 and bool)", &*s.text)))?)
        }
        Some(other) => return Err(unsupported(format!("dtype {}", crate::ops::repr(other).unwrap_or_default()))),
    })
}

/// The array an argument stands for (lists and numbers are converted).
fn array_arg(v: &Value) -> RtResult<Arc<NdArray>> {
    match v {
        Value::Array(a) => Ok(a.clone()),
        Value::Bool(_) | Value::Int(_) | Value::Float(_) => ndarray::from_nested(&Value::list(vec![v.clone()]), None).map(Arc::new),
        other => ndarray::from_nested(other, None).map(Arc::new),
    }
}

/// A shape argument: an int or a tuple of ints.
fn shape_arg(v: &Value) -> RtResult<Vec<usize>> {
    let dims = match v {
        Value::Tuple(t) | Value::List(t) => t.iter().map(crate::ops::index_of).collect::<RtResult<Vec<i64>>>()?,
        other => vec![crate::ops::index_of(other).map_err(|_| type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name())))?],
    };
    if dims.is_empty() {
        return Err(unsupported("a 0-dimensional array"));
    }
    if dims.iter().any(|&d| d < 0) {
        return Err(value_error("negative dimensions are not allowed"));
    }
    let shape: Vec<usize> = dims.into_iter().map(|d| d as usize).collect();
    ndarray::checked_size(&shape, Dtype::Float)?;
    Ok(shape)
}

fn no_axis(name: &str, axis: &Option<Value>) -> RtResult<()> {
    match axis {
        None | Some(Value::None) => Ok(()),
        Some(_) => Err(unsupported(format!("{name}() along an axis"))),
    }
}

macro_rules! builtin {
    ($id:ident, $name:literal, $call:expr) => {
        static $id: BuiltinFunction = BuiltinFunction { name: $name, unary: None, float: None, call: $call };
    };
}

builtin!(ARRAY, "array", |args, kw| {
    let a = bind("array", args, kw, &["object", "dtype"], 1)?;
    Ok(ndarray::from_nested(a[0].as_ref().expect("required"), dtype_arg(&a[1])?)?.into_value())
});
builtin!(ASARRAY, "asarray", |args, kw| {
    let a = bind("asarray", args, kw, &["a", "dtype"], 1)?;
    match (&a[0], dtype_arg(&a[1])?) {
        (Some(Value::Array(x)), None) => Ok(Value::Array(x.clone())),
        (Some(Value::Array(x)), Some(d)) => Ok(NdArray::new(x.shape.clone(), x.data.cast(d)).into_value()),
        (Some(other), d) => Ok(ndarray::from_nested(other, d)?.into_value()),
        (None, _) => unreachable!("required"),
    }
});

fn filled(name: &str, args: Vec<Value>, kw: Kwargs, item: Num) -> RtResult<Value> {
    let a = bind(name, args, kw, &["shape", "dtype"], 1)?;
    Ok(ndarray::full(shape_arg(a[0].as_ref().expect("required"))?, dtype_arg(&a[1])?.unwrap_or(Dtype::Float), item).into_value())
}
builtin!(ZEROS, "zeros", |args, kw| filled("zeros", args, kw, Num::I(0)));
builtin!(ONES, "ones", |args, kw| filled("ones", args, kw, Num::I(1)));
builtin!(FULL, "full", |args, kw| {
    let a = bind("full", args, kw, &["shape", "fill_value", "dtype"], 2)?;
    let fill = a[1].as_ref().expect("required");
    let item = ndarray::scalar(fill)?.ok_or_else(|| unsupported(format!("an array of '{}' objects", fill.type_name())))?;
    let dtype = dtype_arg(&a[2])?.unwrap_or(match item {
        Num::B(_) => Dtype::Bool,
        Num::I(_) => Dtype::Int,
        Num::F(_) => Dtype::Float,
    });
    Ok(ndarray::full(shape_arg(a[0].as_ref().expect("required"))?, dtype, item).into_value())
});

builtin!(ARANGE, "arange", |args, kw| {
    let a = bind("arange", args, kw, &["start", "stop", "step", "dtype"], 1)?;
    let (start, stop) = match (&a[0], &a[1]) {
        (Some(x), None | Some(Value::None)) => (Value::Int(0), x.clone()),
        (Some(x), Some(y)) => (x.clone(), y.clone()),
        (None, _) => unreachable!("required"),
    };
    let step = a[2].clone().filter(|s| !matches!(s, Value::None)).unwrap_or(Value::Int(1));
    let nums = [&start, &stop, &step].map(|v| ndarray::scalar(v));
    let [Some(s0), Some(s1), Some(st)] = [nums[0].clone()?, nums[1].clone()?, nums[2].clone()?] else {
        return Err(type_error("arange() arguments must be numbers"));
    };
    let float = [s0, s1, st].iter().any(|n| matches!(n, Num::F(_)));
    let dtype = dtype_arg(&a[3])?.unwrap_or(if float { Dtype::Float } else { Dtype::Int });
    let data = if float || dtype == Dtype::Float {
        let (x, y, d) = (s0.to_f64(), s1.to_f64(), st.to_f64());
        if d == 0.0 {
            return Err(zero_step());
        }
        let len = ((y - x) / d).ceil();
        if len.is_nan() {
            return Err(value_error("arange: cannot compute length"));
        }
        let len = if len < 0.0 { 0 } else { ndarray::checked_size(&[len.min(usize::MAX as f64) as usize], dtype)? };
        // numpy fills from the first two items: start + i * ((start + step) - start).
        let delta = (x + d) - x;
        let v: Vec<f64> = (0..len)
            .map(|i| {
                if i == 0 {
                    x
                } else if i == 1 {
                    x + d
                } else {
                    x + i as f64 * delta
                }
            })
            .collect();
        Data::Float(v).cast(dtype)
    } else {
        let (x, y, d) = (s0.to_i64(), s1.to_i64(), st.to_i64());
        if d == 0 {
            return Err(zero_step());
        }
        let len = if (d > 0 && y > x) || (d < 0 && y < x) { ((y as i128 - x as i128 + d as i128 - d.signum() as i128) / d as i128) as usize } else { 0 };
        let len = ndarray::checked_size(&[len], dtype)?;
        Data::Int((0..len as i64).map(|i| x + i * d).collect()).cast(dtype)
    };
    Ok(NdArray::vector(data).into_value())
});

fn zero_step() -> crate::error::Error {
    crate::error::Error::new(crate::exceptions::ExcKind::ZeroDivisionError, "division by zero")
}

builtin!(LINSPACE, "linspace", |args, kw| {
    let a = bind("linspace", args, kw, &["start", "stop", "num", "endpoint"], 2)?;
    let start = number(a[0].as_ref().expect("required"))?;
    let stop = number(a[1].as_ref().expect("required"))?;
    let num = match &a[2] {
        Some(v) => crate::ops::index_of(v)?,
        None => 50,
    };
    if num < 0 {
        return Err(value_error(format!("Number of samples, {num}, must be non-negative.")));
    }
    let endpoint = match &a[3] {
        Some(v) => crate::ops::truthy(v)?,
        None => true,
    };
    let n = ndarray::checked_size(&[num as usize], Dtype::Float)?;
    let div = if endpoint { n.saturating_sub(1) } else { n } as f64;
    let delta = stop - start;
    let step = delta / div;
    let mut v: Vec<f64> = (0..n)
        .map(|i| {
            let y = i as f64;
            // numpy: `y * step + start`, or `y / div * delta + start` when the step underflows to 0.
            if div > 0.0 && step == 0.0 {
                y / div * delta + start
            } else if div > 0.0 {
                y * step + start
            } else {
                y * delta + start
            }
        })
        .collect();
    if endpoint && n > 1 {
        v[n - 1] = stop;
    }
    Ok(NdArray::vector(Data::Float(v)).into_value())
});

fn number(v: &Value) -> RtResult<f64> {
    match ndarray::scalar(v)? {
        Some(n) => Ok(n.to_f64()),
        None => Err(unsupported(format!("a '{}' bound", v.type_name()))),
    }
}

/// A reduction over a whole array: `f(a)` with numpy's `(a, axis=None)`.
fn reduce(name: &str, args: Vec<Value>, kw: Kwargs, f: fn(&NdArray) -> RtResult<Value>) -> RtResult<Value> {
    let a = bind(name, args, kw, &["a", "axis"], 1)?;
    let arr = array_arg(a[0].as_ref().expect("required"))?;
    reduce_on(name, &arr, &a[1], f)
}

/// `f` over the whole array, or along `axis` where given.
fn reduce_on(name: &str, a: &NdArray, axis: &Option<Value>, f: fn(&NdArray) -> RtResult<Value>) -> RtResult<Value> {
    match axis {
        None | Some(Value::None) => f(a),
        Some(v) => {
            let axis = crate::ops::index_of(v)?;
            let ndim = a.shape.len() as i64;
            if axis < -ndim || axis >= ndim {
                return Err(crate::error::Error::new(
                    crate::exceptions::ExcKind::IndexError,
                    format!("axis {axis} is out of bounds for array of dimension {ndim}"),
                ));
            }
            let axis = if axis < 0 { axis + ndim } else { axis } as usize;
            if ndim == 1 {
                return f(a);
            }
            along_axis(name, a, axis)
        }
    }
}

/// A reduction of a 2-dimensional array along `axis`, in numpy's order:
/// along the rows (axis 1) each row is reduced as a whole (pairwise for
/// float sums); down the columns (axis 0) the rows are combined one after
/// another from the identity.
fn along_axis(name: &str, a: &NdArray, axis: usize) -> RtResult<Value> {
    if a.shape.len() != 2 {
        return Err(unsupported(format!("{name}() along an axis of an array with {} dimensions", a.shape.len())));
    }
    let (rows, cols) = (a.shape[0], a.shape[1]);
    let whole = reduction(name).expect("a reduction");
    if axis == 1 {
        let mut out = Vec::with_capacity(rows);
        for r in 0..rows {
            let lane = NdArray::vector(a.data.gather(r * cols..(r + 1) * cols));
            out.push(whole(&lane)?);
        }
        return Ok(ndarray::from_nested(&Value::list(out), None)?.into_value());
    }
    let column = |j: usize| a.data.get_many((0..rows).map(move |i| i * cols + j));
    let data = match (name, &a.data) {
        ("sum" | "mean", Data::Float(_)) | ("mean", _) => {
            let mut out = vec![0.0; cols];
            for (j, slot) in out.iter_mut().enumerate() {
                let mut acc = 0.0;
                for x in column(j) {
                    acc += x.to_f64();
                }
                *slot = if name == "mean" { acc / rows as f64 } else { acc };
            }
            Data::Float(out)
        }
        ("sum", _) => Data::Int((0..cols).map(|j| column(j).fold(0i64, |s, x| s.wrapping_add(x.to_i64()))).collect()),
        ("prod", Data::Float(_)) => Data::Float((0..cols).map(|j| column(j).fold(1.0, |p, x| p * x.to_f64())).collect()),
        ("prod", _) => Data::Int((0..cols).map(|j| column(j).fold(1i64, |p, x| p.wrapping_mul(x.to_i64()))).collect()),
        ("min" | "max" | "amin" | "amax" | "any" | "all", _) => {
            // Each column on its own, in order (numpy's running maximum).
            let mut out = Vec::with_capacity(cols);
            for j in 0..cols {
                let lane = NdArray::vector(a.data.gather((0..rows).map(|i| i * cols + j)));
                out.push(whole(&lane)?);
            }
            return Ok(ndarray::from_nested(&Value::list(out), Some(if matches!(name, "any" | "all") { Dtype::Bool } else { a.dtype() }))?.into_value());
        }
        _ => return Err(unsupported(format!("{name}() along an axis"))),
    };
    Ok(NdArray::vector(data).into_value())
}

/// The reductions numpy offers as array methods too (`a.sum()`).
pub fn reduction(name: &str) -> Option<fn(&NdArray) -> RtResult<Value>> {
    Some(match name {
        "sum" => |a| Ok(ndarray::sum(a)),
        "prod" => |a| Ok(ndarray::prod(a)),
        "mean" => |a| Ok(Value::Float(ndarray::mean(a))),
        "min" | "amin" => |a| ndarray::extreme(a, false),
        "max" | "amax" => |a| ndarray::extreme(a, true),
        "argmin" => |a| ndarray::arg_extreme(a, false),
        "argmax" => |a| ndarray::arg_extreme(a, true),
        "any" => |a| Ok(Value::Bool((0..a.size()).any(|i| a.data.get(i).to_bool()))),
        "all" => |a| Ok(Value::Bool((0..a.size()).all(|i| a.data.get(i).to_bool()))),
        "cumsum" => |a| Ok(ndarray::cumsum(a).into_value()),
        _ => return None,
    })
}

macro_rules! reduction_builtin {
    ($id:ident, $name:literal) => {
        builtin!($id, $name, |args, kw| reduce($name, args, kw, reduction($name).expect("a reduction")));
    };
}
reduction_builtin!(SUM, "sum");
reduction_builtin!(PROD, "prod");
reduction_builtin!(MEAN, "mean");
reduction_builtin!(MIN, "min");
reduction_builtin!(MAX, "max");
reduction_builtin!(AMIN, "amin");
reduction_builtin!(AMAX, "amax");
reduction_builtin!(ARGMIN, "argmin");
reduction_builtin!(ARGMAX, "argmax");
reduction_builtin!(ANY, "any");
reduction_builtin!(ALL, "all");
reduction_builtin!(CUMSUM, "cumsum");

/// `var`/`std` with numpy's `ddof`.
pub fn spread(name: &str, a: &NdArray, ddof: &Option<Value>) -> RtResult<Value> {
    let ddof = match ddof {
        Some(v) => crate::ops::index_of(v)?,
        None => 0,
    };
    let v = ndarray::var(a, ddof);
    Ok(Value::Float(if name == "std" { v.sqrt() } else { v }))
}
builtin!(VAR, "var", |args, kw| {
    let a = bind("var", args, kw, &["a", "axis", "dtype", "out", "ddof"], 1)?;
    no_axis("var", &a[1])?;
    spread("var", &*array_arg(a[0].as_ref().expect("required"))?, &a[4])
});
builtin!(STD, "std", |args, kw| {
    let a = bind("std", args, kw, &["a", "axis", "dtype", "out", "ddof"], 1)?;
    no_axis("std", &a[1])?;
    spread("std", &*array_arg(a[0].as_ref().expect("required"))?, &a[4])
});

builtin!(DOT, "dot", |args, kw| {
    let a = bind("dot", args, kw, &["a", "b"], 2)?;
    matmul_values(a[0].as_ref().expect("required"), a[1].as_ref().expect("required"))
});
builtin!(MATMUL, "matmul", |args, kw| {
    let a = bind("matmul", args, kw, &["x1", "x2"], 2)?;
    matmul_values(a[0].as_ref().expect("required"), a[1].as_ref().expect("required"))
});

/// `dot(a, b)` of arrays or lists; a 0-dimensional result is a scalar.
pub fn matmul_values(a: &Value, b: &Value) -> RtResult<Value> {
    let r = ndarray::matmul(&*array_arg(a)?, &*array_arg(b)?)?;
    if r.shape.is_empty() {
        return Ok(r.data.get(0).value());
    }
    Ok(r.into_value())
}

/// An elementwise float function of one argument: a scalar for a scalar.
/// The elementwise functions computed with the C library's math, whose
/// results the client's numpy may compute with its own SIMD code instead
/// (bit for bit or not, depending on the numpy build and the CPU).
pub const LIBM_FUNCTIONS: [&str; 12] = ["exp", "log", "log10", "log2", "log1p", "expm1", "sin", "cos", "tan", "arcsin", "arccos", "arctan"];

/// Bit `i`: the client's numpy computes `LIBM_FUNCTIONS[i]` differently
/// from the C library (measured by the client, see [`set_unlike_libm`]).
static UNLIKE_LIBM: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Records which of [`LIBM_FUNCTIONS`] the client's numpy computes with
/// results that differ from the C library's; those then raise
/// `NotImplementedError` rather than give other answers than numpy's.
/// Unknown names are ignored.
pub fn set_unlike_libm(names: &[String]) {
    let bits = names.iter().filter_map(|n| LIBM_FUNCTIONS.iter().position(|f| f == n)).fold(0u32, |acc, i| acc | (1 << i));
    UNLIKE_LIBM.store(bits, std::sync::atomic::Ordering::Relaxed);
}

/// `NotImplementedError` when the client's numpy computes `name` unlike the C library.
fn check_like_libm(name: &str) -> RtResult<()> {
    let Some(i) = LIBM_FUNCTIONS.iter().position(|f| *f == name) else { return Ok(()) };
    if UNLIKE_LIBM.load(std::sync::atomic::Ordering::Relaxed) & (1 << i) == 0 {
        return Ok(());
    }
    Err(unsupported(format!(
        "numpy.{name}(): this machine's numpy computes it with its own vector code, whose results differ from the C library's in the last bit; pyfora computes the C library's and refuses rather than give different answers (use math.{} on the items)",
        math_name(name)
    )))
}

/// The `math` function of the same name as numpy's `name`.
fn math_name(name: &str) -> &str {
    match name {
        "arcsin" => "asin",
        "arccos" => "acos",
        "arctan" => "atan",
        other => other,
    }
}

fn unary_float(name: &str, args: Vec<Value>, kw: Kwargs, f: fn(f64) -> f64) -> RtResult<Value> {
    check_like_libm(name)?;
    let a = bind(name, args, kw, &["x"], 1)?;
    let x = a[0].as_ref().expect("required");
    if let Some(n) = ndarray::scalar(x)? {
        return Ok(Value::Float(f(n.to_f64())));
    }
    let arr = array_arg(x)?;
    if arr.dtype() == Dtype::Bool {
        return Err(unsupported(format!("{name}() of a boolean array (numpy computes it in float16)")));
    }
    Ok(ndarray::map_float(&arr, f).into_value())
}

macro_rules! float_ufunc {
    ($id:ident, $name:literal, $f:expr) => {
        builtin!($id, $name, |args, kw| unary_float($name, args, kw, $f));
    };
}
float_ufunc!(SQRT, "sqrt", f64::sqrt);
float_ufunc!(EXP, "exp", f64::exp);
float_ufunc!(LOG, "log", f64::ln);
float_ufunc!(LOG10, "log10", f64::log10);
float_ufunc!(LOG2, "log2", f64::log2);
float_ufunc!(LOG1P, "log1p", f64::ln_1p);
float_ufunc!(EXPM1, "expm1", f64::exp_m1);
float_ufunc!(SIN, "sin", f64::sin);
float_ufunc!(COS, "cos", f64::cos);
float_ufunc!(TAN, "tan", f64::tan);
float_ufunc!(ARCSIN, "arcsin", f64::asin);
float_ufunc!(ARCCOS, "arccos", f64::acos);
float_ufunc!(ARCTAN, "arctan", f64::atan);

/// `floor`/`ceil`: floats rounded; int arrays kept as they are (numpy
/// keeps their dtype).
fn rounding(name: &str, args: Vec<Value>, kw: Kwargs, f: fn(f64) -> f64) -> RtResult<Value> {
    // Integers are already whole: numpy keeps them as they are.
    if let Some(Value::Array(a)) = args.first() {
        if a.dtype() != Dtype::Float && kw.is_empty() && args.len() == 1 {
            if a.dtype() == Dtype::Bool {
                return Err(unsupported(format!("{name}() of a boolean array (numpy computes it in float16)")));
            }
            return Ok(NdArray::new(a.shape.clone(), a.data.clone()).into_value());
        }
    }
    unary_float(name, args, kw, f)
}
builtin!(FLOOR, "floor", |args, kw| rounding("floor", args, kw, f64::floor));
builtin!(CEIL, "ceil", |args, kw| rounding("ceil", args, kw, f64::ceil));

fn absolute(name: &str, args: Vec<Value>, kw: Kwargs) -> RtResult<Value> {
    let a = bind(name, args, kw, &["x"], 1)?;
    match a[0].as_ref().expect("required") {
        Value::Array(x) => ndarray::unary(None, x),
        x if ndarray::scalar(x)?.is_some() => call_builtin("abs", vec![x.clone()]),
        x => ndarray::unary(None, &*array_arg(x)?),
    }
}
builtin!(ABS, "abs", |args, kw| absolute("abs", args, kw));
builtin!(ABSOLUTE, "absolute", |args, kw| absolute("absolute", args, kw));

fn float_test(name: &str, args: Vec<Value>, kw: Kwargs, f: fn(f64) -> bool) -> RtResult<Value> {
    let a = bind(name, args, kw, &["x"], 1)?;
    let x = a[0].as_ref().expect("required");
    if let Some(n) = ndarray::scalar(x)? {
        return Ok(Value::Bool(f(n.to_f64())));
    }
    let arr = array_arg(x)?;
    let out = (0..arr.size()).map(|i| f(arr.data.get(i).to_f64())).collect();
    Ok(NdArray::new(arr.shape.clone(), Data::Bool(out)).into_value())
}
builtin!(ISNAN, "isnan", |args, kw| float_test("isnan", args, kw, f64::is_nan));
builtin!(ISINF, "isinf", |args, kw| float_test("isinf", args, kw, f64::is_infinite));
builtin!(ISFINITE, "isfinite", |args, kw| float_test("isfinite", args, kw, f64::is_finite));

/// `maximum`/`minimum`: elementwise, NaN wins.
fn pick(name: &str, args: Vec<Value>, kw: Kwargs, largest: bool) -> RtResult<Value> {
    let a = bind(name, args, kw, &["x1", "x2"], 2)?;
    let (x, y) = (a[0].as_ref().expect("required"), a[1].as_ref().expect("required"));
    let scalars = ndarray::scalar(x)?.is_some() && ndarray::scalar(y)?.is_some();
    let (x, y) = (array_arg(x)?, array_arg(y)?);
    let shape = if scalars { vec![] } else { ndarray::broadcast_shape(&x.shape, &y.shape)? };
    // numpy keeps x where x > y (or x is NaN), else y: ties go to y (-0.0 vs 0.0).
    let op = if largest { pyfora_syntax::ir::CmpOp::Gt } else { pyfora_syntax::ir::CmpOp::Lt };
    let keep_x = ndarray::compare(op, &Value::Array(x.clone()), &Value::Array(y.clone()))?.expect("arrays compare");
    let x_nan = float_test("isnan", vec![Value::Array(x.clone())], vec![], f64::is_nan)?;
    let cond = ndarray::binop(pyfora_syntax::ir::BinOp::BitOr, &keep_x, &x_nan)?.expect("bool arrays");
    let out = where_values(&cond, &Value::Array(x), &Value::Array(y), &shape.clone().max(vec![1]))?;
    Ok(if scalars { first_item(&out) } else { out })
}

/// The one item of a one-item array result (numpy's scalar result for
/// scalar inputs).
fn first_item(v: &Value) -> Value {
    match v {
        Value::Array(a) => a.data.get(0).value(),
        other => other.clone(),
    }
}
builtin!(MAXIMUM, "maximum", |args, kw| pick("maximum", args, kw, true));
builtin!(MINIMUM, "minimum", |args, kw| pick("minimum", args, kw, false));

builtin!(WHERE, "where", |args, kw| {
    let a = bind("where", args, kw, &["condition", "x", "y"], 1)?;
    let (Some(x), Some(y)) = (&a[1], &a[2]) else {
        return Err(unsupported("where() with only a condition"));
    };
    let c = a[0].as_ref().expect("required");
    let scalars = ndarray::scalar(c)?.is_some() && ndarray::scalar(x)?.is_some() && ndarray::scalar(y)?.is_some();
    let cond = array_arg(c)?;
    let shape = ndarray::broadcast_shape(&cond.shape, &ndarray::broadcast_shape(&shape_of(x)?, &shape_of(y)?)?)?;
    let out = where_values(&Value::Array(cond), x, y, &shape)?;
    Ok(if scalars { first_item(&out) } else { out })
});

fn shape_of(v: &Value) -> RtResult<Vec<usize>> {
    Ok(match v {
        Value::Array(a) => a.shape.clone(),
        other if ndarray::scalar(other)?.is_some() => vec![],
        other => array_arg(other)?.shape.clone(),
    })
}

/// Items of `x` where `cond` holds, of `y` elsewhere (all broadcast to `shape`).
fn where_values(cond: &Value, x: &Value, y: &Value, shape: &[usize]) -> RtResult<Value> {
    let spread = |v: &Value| -> RtResult<NdArray> { Ok(ndarray::broadcast_to(&*array_arg(v)?, shape)) };
    let (c, xa, ya) = (spread(cond)?, spread(x)?, spread(y)?);
    let dtype = xa.dtype().max(ya.dtype());
    let data = match (xa.data.cast(dtype), ya.data.cast(dtype)) {
        (Data::Float(p), Data::Float(q)) => Data::Float((0..p.len()).map(|i| if cond_at(&c, i) { p[i] } else { q[i] }).collect()),
        (Data::Int(p), Data::Int(q)) => Data::Int((0..p.len()).map(|i| if cond_at(&c, i) { p[i] } else { q[i] }).collect()),
        (Data::Bool(p), Data::Bool(q)) => Data::Bool((0..p.len()).map(|i| if cond_at(&c, i) { p[i] } else { q[i] }).collect()),
        _ => unreachable!("cast to one dtype"),
    };
    Ok(NdArray::new(shape.to_vec(), data).into_value())
}

fn cond_at(c: &NdArray, i: usize) -> bool {
    c.data.get(i).to_bool()
}

builtin!(CONCATENATE, "concatenate", |args, kw| {
    let a = bind("concatenate", args, kw, &["arrays", "axis"], 1)?;
    if !matches!(&a[1], None | Some(Value::Int(0))) {
        return Err(unsupported("concatenate() along an axis other than 0"));
    }
    let parts: Vec<Arc<NdArray>> = crate::iter::collect(a[0].as_ref().expect("required"))?.iter().map(array_arg).collect::<RtResult<_>>()?;
    let Some(first) = parts.first() else {
        return Err(value_error("need at least one array to concatenate"));
    };
    if parts.iter().any(|p| p.shape[1..] != first.shape[1..]) {
        return Err(value_error("all the input array dimensions except for the concatenation axis must match exactly"));
    }
    let dtype = parts.iter().map(|p| p.dtype()).max().expect("not empty");
    let mut shape = first.shape.clone();
    shape[0] = parts.iter().map(|p| p.shape[0]).sum();
    let data = Data::concat(dtype, parts.iter().map(|p| p.data.cast(dtype)).collect());
    Ok(NdArray::new(shape, data).into_value())
});

/// Calls the Python builtin `name`.
fn call_builtin(name: &str, args: Vec<Value>) -> RtResult<Value> {
    let f = crate::builtins::lookup(name).expect("a Python builtin");
    crate::interp::call_value(&f, args, vec![])
}

/// `numpy.float64(x)` and friends: the Python scalar (numpy's scalar types
/// are not modelled).
fn scalar_type(name: &str, args: Vec<Value>, kw: Kwargs, python: &str) -> RtResult<Value> {
    let a = bind(name, args, kw, &["value"], 0)?;
    match &a[0] {
        None => call_builtin(python, vec![]),
        // Of an array: the array converted (`astype`).
        Some(Value::Array(x)) => {
            let dtype = Dtype::from_name(match python {
                "float" => "float64",
                "int" => "int64",
                _ => "bool",
            })
            .expect("a pyfora dtype");
            Ok(NdArray::new(x.shape.clone(), x.data.cast(dtype)).into_value())
        }
        Some(v) => {
            let r = call_builtin(python, vec![v.clone()])?;
            if let Value::Big(b) = &r {
                return Err(crate::error::overflow_error(format!("Python int {b} too large to convert to int64")));
            }
            Ok(r)
        }
    }
}
builtin!(FLOAT64, "float64", |args, kw| scalar_type("float64", args, kw, "float"));
builtin!(INT64, "int64", |args, kw| scalar_type("int64", args, kw, "int"));
builtin!(BOOL_, "bool_", |args, kw| scalar_type("bool_", args, kw, "bool"));

static FUNCTIONS: &[&BuiltinFunction] = &[
    &ARRAY,
    &ASARRAY,
    &ZEROS,
    &ONES,
    &FULL,
    &ARANGE,
    &LINSPACE,
    &SUM,
    &PROD,
    &MEAN,
    &MIN,
    &MAX,
    &AMIN,
    &AMAX,
    &ARGMIN,
    &ARGMAX,
    &ANY,
    &ALL,
    &CUMSUM,
    &VAR,
    &STD,
    &DOT,
    &MATMUL,
    &SQRT,
    &EXP,
    &LOG,
    &LOG10,
    &LOG2,
    &LOG1P,
    &EXPM1,
    &SIN,
    &COS,
    &TAN,
    &ARCSIN,
    &ARCCOS,
    &ARCTAN,
    &FLOOR,
    &CEIL,
    &ABS,
    &ABSOLUTE,
    &ISNAN,
    &ISINF,
    &ISFINITE,
    &MAXIMUM,
    &MINIMUM,
    &WHERE,
    &CONCATENATE,
    &FLOAT64,
    &INT64,
    &BOOL_,
];

/// The methods of arrays (`a.sum()`, `a.reshape(2, 3)`, ...).
pub const ARRAY_METHODS: &[&str] = &[
    "sum",
    "prod",
    "mean",
    "min",
    "max",
    "argmin",
    "argmax",
    "any",
    "all",
    "cumsum",
    "var",
    "std",
    "tolist",
    "copy",
    "reshape",
    "transpose",
    "flatten",
    "ravel",
    "astype",
    "dot",
    "item",
];

/// A data attribute of an array (`shape`, `ndim`, `size`, `T`), if `name` is one.
pub fn attribute(a: &Arc<NdArray>, name: &str) -> Option<RtResult<Value>> {
    Some(Ok(match name {
        "shape" => Value::tuple(a.shape.iter().map(|&d| Value::Int(d as i64)).collect()),
        "ndim" => Value::Int(a.shape.len() as i64),
        "size" => Value::Int(a.size() as i64),
        "T" => a.transpose().into_value(),
        "dtype" => return Some(Err(unsupported("`dtype` (numpy's dtype objects)"))),
        _ => return None,
    }))
}

/// Calls the array method `name`.
pub fn method(a: &Arc<NdArray>, name: &str, args: Vec<Value>, kw: Kwargs) -> RtResult<Value> {
    if let Some(f) = reduction(name) {
        let b = bind(name, args, kw, &["axis"], 0)?;
        return reduce_on(name, a, &b[0], f);
    }
    match name {
        "var" | "std" => {
            let b = bind(name, args, kw, &["axis", "dtype", "out", "ddof"], 0)?;
            no_axis(name, &b[0])?;
            spread(name, a, &b[3])
        }
        "tolist" => {
            bind(name, args, kw, &[], 0)?;
            Ok(a.to_list())
        }
        "copy" => {
            bind(name, args, kw, &[], 0)?;
            Ok(NdArray::new(a.shape.clone(), a.data.clone()).into_value())
        }
        "flatten" => {
            bind(name, args, kw, &[], 0)?;
            Ok(NdArray::vector(a.data.clone()).into_value())
        }
        "ravel" => {
            bind(name, args, kw, &[], 0)?;
            Ok(NdArray::vector(a.data.clone()).view_of(a).into_value())
        }
        "transpose" => {
            bind(name, args, kw, &[], 0)?;
            Ok(a.transpose().into_value())
        }
        "reshape" => {
            if let Some((k, _)) = kw.first() {
                return Err(type_error(format!("reshape() got an unexpected keyword argument '{k}'")));
            }
            let dims: Vec<i64> = match args.as_slice() {
                [Value::Tuple(t)] | [Value::List(t)] => t.iter().map(crate::ops::index_of).collect::<RtResult<_>>()?,
                other => other.iter().map(crate::ops::index_of).collect::<RtResult<_>>()?,
            };
            Ok(a.reshape(&dims)?.into_value())
        }
        "astype" => {
            let b = bind(name, args, kw, &["dtype"], 1)?;
            let dtype = dtype_arg(&b[0])?.ok_or_else(|| unsupported("astype(None)"))?;
            Ok(NdArray::new(a.shape.clone(), a.data.cast(dtype)).into_value())
        }
        "dot" => {
            let b = bind(name, args, kw, &["b"], 1)?;
            matmul_values(&Value::Array(a.clone()), b[0].as_ref().expect("required"))
        }
        "item" => {
            let b = bind(name, args, kw, &["index"], 0)?;
            match &b[0] {
                None if a.size() == 1 => Ok(a.data.get(0).value()),
                None => Err(value_error("can only convert an array of size 1 to a Python scalar")),
                Some(i) => {
                    let i = crate::ops::index_of(i)?;
                    let n = a.size() as i64;
                    let j = if i < 0 { i + n } else { i };
                    if j < 0 || j >= n {
                        return Err(crate::error::index_error(format!("index {i} is out of bounds for size {n}")));
                    }
                    Ok(a.data.get(j as usize).value())
                }
            }
        }
        _ => Err(crate::error::attribute_error("numpy.ndarray", name)),
    }
}
