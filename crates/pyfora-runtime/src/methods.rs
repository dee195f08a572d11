//! Methods of the builtin containers and numbers, and item assignment.
//!
//! Mutating methods (`list.append`, `dict.__setitem__`, ...) need the
//! receiver's `Arc` to be unique: then nothing else can observe the change
//! and it happens in place. Otherwise they raise `InvalidPyforaOperation`.

use std::sync::Arc;

use crate::dict::HKey;
use crate::error::{attribute_error, index_error, key_error, type_error, value_error, Error, RtResult};
use crate::exceptions::ExcKind;
use crate::iter;
use crate::ops;
use crate::value::{TypeKind, Value};
use pyfora_syntax::ir::{BinOp, CmpOp};

type Kwargs = Vec<(Arc<str>, Value)>;

const LIST_METHODS: &[&str] = &["append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "index", "count", "copy"];
const TUPLE_METHODS: &[&str] = &["index", "count"];
const DICT_METHODS: &[&str] = &["get", "keys", "values", "items", "pop", "setdefault", "update", "clear", "copy", "popitem"];
const SET_METHODS: &[&str] = &[
    "add",
    "discard",
    "remove",
    "pop",
    "clear",
    "update",
    "union",
    "intersection",
    "difference",
    "symmetric_difference",
    "issubset",
    "issuperset",
    "isdisjoint",
    "copy",
    "intersection_update",
    "difference_update",
    "symmetric_difference_update",
];
/// The methods of a frozenset: a set's that leave it as it is (the first
/// six of [`SET_METHODS`] mutate, as do the `_update` forms).
fn frozenset_methods() -> &'static [&'static str] {
    &SET_METHODS[6..SET_METHODS.len() - 3]
}
const MUTATING: &[&str] = &["append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "setdefault", "update", "popitem", "add", "discard"];

fn shared_error(kind: &str, method: &str) -> Error {
    let rebuild = match kind {
        "list" => "build a new list instead, e.g. `a + [x]`",
        "dict" => "build a new dict instead, e.g. `{**d, k: v}`",
        _ => "build a new set instead, e.g. `s | {x}`",
    };
    Error::invalid(format!(
        "`{kind}.{method}` on a {kind} that is also referenced elsewhere would be visible through the other reference; \
         pyfora values are immutable once shared — {rebuild}"
    ))
}

fn arg<'a>(args: &'a [Value], i: usize, method: &str) -> RtResult<&'a Value> {
    args.get(i).ok_or_else(|| type_error(format!("{method}() missing required argument")))
}

fn kw<'a>(kwargs: &'a Kwargs, name: &str) -> Option<&'a Value> {
    kwargs.iter().find(|(k, _)| &**k == name).map(|(_, v)| v)
}

/// How many positional arguments a builtin method takes (`usize::MAX`:
/// any number) and which keywords, as CPython's methods take them.
struct Arity {
    min: usize,
    max: usize,
    keywords: &'static [&'static str],
}

const fn takes(min: usize, max: usize) -> Option<Arity> {
    Some(Arity { min, max, keywords: &[] })
}

/// The arity of method `name` of the builtin type `kind`, for the methods
/// that check it here (`None`: the method checks its own arguments, or
/// does not exist).
fn method_arity(kind: &str, name: &str) -> Option<Arity> {
    const ANY: usize = usize::MAX;
    match (kind, name) {
        ("list", "append" | "extend" | "remove" | "count") => takes(1, 1),
        ("list", "insert") => takes(2, 2),
        ("list", "pop") => takes(0, 1),
        ("list", "clear" | "reverse" | "copy") => takes(0, 0),
        ("list", "sort") => Some(Arity { min: 0, max: 0, keywords: &["key", "reverse"] }),
        ("list" | "tuple", "index") => takes(1, 3),
        ("tuple", "count") => takes(1, 1),
        ("dict", "get" | "pop" | "setdefault") => takes(1, 2),
        ("dict", "keys" | "values" | "items" | "clear" | "copy" | "popitem") => takes(0, 0),
        ("set", "add" | "discard" | "remove" | "symmetric_difference_update") => takes(1, 1),
        ("set", "pop" | "clear") => takes(0, 0),
        ("set", "update" | "intersection_update" | "difference_update") => takes(0, ANY),
        ("set" | "frozenset", "symmetric_difference" | "issubset" | "issuperset" | "isdisjoint") => takes(1, 1),
        ("set" | "frozenset", "copy") => takes(0, 0),
        ("set" | "frozenset", "union" | "intersection" | "difference") => takes(0, ANY),
        ("int" | "bool", "is_integer") if crate::compat::python_minor() < 12 => None,
        ("int" | "bool", "bit_count") if crate::compat::python_minor() < 10 => None,
        ("int" | "bool", "bit_length" | "bit_count" | "as_integer_ratio" | "is_integer" | "conjugate") => takes(0, 0),
        ("float", "is_integer" | "conjugate" | "hex" | "as_integer_ratio") => takes(0, 0),
        _ => None,
    }
}

/// CPython's `TypeError` for a call of method `kind.name` with `nargs`
/// positional arguments or a keyword it does not take.
fn check_arity(kind: &str, name: &str, nargs: usize, kwargs: &Kwargs) -> RtResult<()> {
    let Some(a) = method_arity(kind, name) else { return Ok(()) };
    if let Some((k, _)) = kwargs.iter().find(|(k, _)| !a.keywords.contains(&&**k)) {
        return Err(type_error(if a.keywords.is_empty() {
            format!("{kind}.{name}() takes no keyword arguments")
        } else {
            format!("{kind}.{name}() got an unexpected keyword argument '{k}'")
        }));
    }
    if nargs >= a.min && nargs <= a.max {
        return Ok(());
    }
    Err(type_error(match (a.min, a.max) {
        (0, 0) => format!("{kind}.{name}() takes no arguments ({nargs} given)"),
        (1, 1) => format!("{kind}.{name}() takes exactly one argument ({nargs} given)"),
        (min, max) if nargs < min && min == max => format!("{name} expected {min} arguments, got {nargs}"),
        (min, _) if nargs < min => format!("{name} expected at least {min} argument{}, got {nargs}", if min == 1 { "" } else { "s" }),
        (_, max) => format!("{name} expected at most {max} argument{}, got {nargs}", if max == 1 { "" } else { "s" }),
    }))
}

/// Calls a builtin method on `recv`. `in_place` says whether `recv` is the
/// register of a local (mutation allowed when unique) or a temporary copy.
pub fn call_method(recv: &mut Value, name: &str, args: Vec<Value>, kwargs: Kwargs, in_place: bool) -> RtResult<Value> {
    let kind = match recv {
        Value::List(_) => "list",
        Value::Tuple(_) => "tuple",
        Value::Dict(_) => "dict",
        Value::Set(_) => "set",
        Value::FrozenSet(_) => "frozenset",
        Value::Int(_) | Value::Big(_) => "int",
        Value::Bool(_) => "bool",
        Value::Float(_) => "float",
        _ => "",
    };
    if kwargs.is_empty() && name.starts_with("__") {
        if let Some(result) = protocol_method(recv, name, &args) {
            return result;
        }
    }
    // Class methods called through an instance: `{}.fromkeys(k)`.
    if is_class_method(recv.type_kind(), name) {
        return type_method(recv.type_kind(), name, args, kwargs);
    }
    if !kind.is_empty() {
        check_arity(kind, name, args.len(), &kwargs)?;
    }
    match recv {
        Value::List(_) => list_method(recv, name, args, kwargs, in_place),
        Value::Tuple(t) => seq_common(t, "tuple", name, &args).unwrap_or_else(|| Err(attribute_error("tuple", name))),
        Value::Dict(_) => dict_method(recv, name, args, kwargs, in_place),
        // Set algebra probes keys in bulk; an `__eq__` that raised is raised
        // once the method is done.
        Value::Set(_) => set_method(recv, name, args, in_place).and_then(crate::dict::probed),
        Value::FrozenSet(_) => set_method(recv, name, args, false).and_then(crate::dict::probed),
        Value::Str(s) => {
            let s = s.clone();
            crate::str_methods::call_str_method(&s, name, args, kwargs).unwrap_or_else(|| Err(attribute_error("str", name)))
        }
        Value::Int(_) | Value::Big(_) | Value::Bool(_) => int_method(recv, name, &args),
        Value::Float(f) => float_method(*f, name, &args),
        Value::Range(r) => match name {
            "index" | "count" => range_index_count(r, name, &args),
            _ => Err(attribute_error("range", name)),
        },
        Value::Iterator(_) => iterator_method(recv, name, args),
        Value::Array(a) => {
            let a = a.clone();
            crate::numpy::method(&a, name, args, kwargs)
        }
        Value::Type(t) => type_method(*t, name, args, kwargs),
        // `e.add_note(text)` (Python 3.11+): appended to `e.__notes__`
        // (exceptions' attributes may change after they are built).
        Value::Instance(inst) if inst.class.is_exception && name == "add_note" => match args.as_slice() {
            [Value::Str(_)] => {
                let mut notes = match inst.get_attr("__notes__") {
                    Some(Value::List(items)) => (*items).clone(),
                    _ => Vec::new(),
                };
                notes.push(args[0].clone());
                inst.set_attr(Arc::from("__notes__"), Value::list(notes));
                Ok(Value::None)
            }
            [other] => Err(type_error(format!("note must be a str, not '{}'", other.type_name()))),
            _ => Err(type_error(format!("BaseException.add_note() takes exactly one argument ({} given)", args.len()))),
        },
        // `@prop.setter` and `.getter` give a copy with that function
        // replaced. (Attributes are set only in `__init__`, where assigning
        // a property runs its setter; `.deleter` keeps the property as it
        // is, since nothing is ever deleted.)
        Value::Property(p) if matches!(name, "setter" | "deleter" | "getter") => match args.as_slice() {
            [f] => Ok(Value::Property(Arc::new(match name {
                "getter" => crate::value::PropertyValue { fget: f.clone(), fset: p.fset.clone() },
                "setter" => crate::value::PropertyValue { fget: p.fget.clone(), fset: f.clone() },
                _ => crate::value::PropertyValue { fget: p.fget.clone(), fset: p.fset.clone() },
            }))),
            _ => Err(type_error(format!("property.{name}() takes exactly one argument ({} given)", args.len()))),
        },
        Value::Slice(s) if name == "indices" => slice_indices(s, arg(&args, 0, name)?),
        Value::DictView(v) if name == "isdisjoint" && v.is_set_like() => crate::views::isdisjoint(v, arg(&args, 0, name)?),
        other => Err(attribute_error(&other.type_name(), name)),
    }
}

/// True when `typ.name` exists as a method reachable from the type object:
/// `str.upper`, `str.maketrans`, `dict.fromkeys`, `float.fromhex`.
pub fn type_has_method(t: TypeKind, name: &str) -> bool {
    match t {
        TypeKind::Object => matches!(name, "__hash__" | "__eq__" | "__ne__" | "__repr__" | "__str__"),
        TypeKind::Str => crate::str_methods::has_str_method(name) || has_protocol_method(&sample_of(t), name),
        _ if is_class_method(t, name) => true,
        TypeKind::Int
        | TypeKind::Bool
        | TypeKind::Float
        | TypeKind::List
        | TypeKind::Tuple
        | TypeKind::Dict
        | TypeKind::Set
        | TypeKind::FrozenSet
        | TypeKind::Range => {
            // What an instance has, its type has (`dict.update`,
            // `set.__len__`; `int.real` reads as a method here, where
            // CPython has a data descriptor).
            let sample = sample_of(t);
            method_arity(t.name(), name).is_some() || has_protocol_method(&sample, name) || builtin_attr(&sample, name).is_ok()
        }
        _ => false,
    }
}

/// `object.__hash__(x)` and the other defaults of `object`, called
/// unbound (`__hash__ = object.__hash__` in a class body, or from a method
/// that overrides them): identity hash and equality, the default repr.
fn object_method(name: &str, args: &[Value], kwargs: &Kwargs) -> RtResult<Value> {
    let expected = if matches!(name, "__eq__" | "__ne__") { 2 } else { 1 };
    if args.len() != expected || !kwargs.is_empty() {
        return Err(type_error(format!("expected {} argument{}, got {}", expected, if expected == 1 { "" } else { "s" }, args.len())));
    }
    let x = &args[0];
    match name {
        "__hash__" => Ok(Value::Int(crate::hash::identity_hash(x))),
        "__eq__" if ops::is(x, &args[1]) => Ok(Value::Bool(true)),
        "__ne__" if ops::is(x, &args[1]) => Ok(Value::Bool(false)),
        "__eq__" | "__ne__" => Ok(Value::NotImplemented),
        _ => match x {
            Value::Instance(i) => Ok(Value::str(format!("<{}.{} object at {:#x}>", ops::class_module(&i.class), i.class.name, Arc::as_ptr(i) as usize))),
            other => ops::repr(other).map(Value::str),
        },
    }
}

/// Whether `name` is a class method of the builtin type `t`
/// (`dict.fromkeys`, `float.fromhex`), which its instances reach too.
fn is_class_method(t: TypeKind, name: &str) -> bool {
    matches!((t, name), (TypeKind::Dict, "fromkeys") | (TypeKind::Float, "fromhex"))
}

/// A value of type `t`, for asking which protocol methods the type has.
fn sample_of(t: TypeKind) -> Value {
    match t {
        TypeKind::Int => Value::Int(0),
        TypeKind::Bool => Value::Bool(false),
        TypeKind::Float => Value::Float(0.0),
        TypeKind::List => Value::list(Vec::new()),
        TypeKind::Tuple => Value::tuple(Vec::new()),
        TypeKind::Dict => Value::Dict(Arc::new(crate::dict::new_dict())),
        TypeKind::Str => Value::str(""),
        TypeKind::Set => Value::Set(Arc::new(crate::dict::new_set())),
        TypeKind::FrozenSet => Value::FrozenSet(Arc::new(crate::dict::new_set())),
        TypeKind::Range => Value::Range(Arc::new(crate::range::RangeValue::new(0, 0, 1))),
        _ => Value::None,
    }
}

/// Calls a method through its type: `str.isdigit("1")`, `dict.fromkeys(k)`.
fn type_method(t: TypeKind, name: &str, mut args: Vec<Value>, kwargs: Kwargs) -> RtResult<Value> {
    match (t, name) {
        (TypeKind::Object, _) => object_method(name, &args, &kwargs),
        (TypeKind::Str, "maketrans") => call_method(&mut Value::str(""), name, args, kwargs, false),
        (TypeKind::Str, _) => {
            if args.is_empty() {
                return Err(type_error(format!("unbound method str.{name}() needs an argument")));
            }
            let mut recv = args.remove(0);
            if !matches!(recv, Value::Str(_)) {
                return Err(type_error(format!("descriptor '{name}' for 'str' objects doesn't apply to a '{}' object", recv.type_name())));
            }
            call_method(&mut recv, name, args, kwargs, false)
        }
        (TypeKind::Dict, "fromkeys") => {
            if args.is_empty() || args.len() > 2 {
                return Err(type_error(format!("fromkeys expected at least 1 argument, got {}", args.len())));
            }
            let value = args.get(1).cloned().unwrap_or(Value::None);
            let mut d = crate::dict::new_dict();
            for k in iter::collect(&args[0])? {
                crate::dict::insert(&mut d, HKey::new(k)?, value.clone())?;
            }
            Ok(Value::Dict(Arc::new(d)))
        }
        (TypeKind::Float, "fromhex") => match args.as_slice() {
            [Value::Str(s)] => Ok(Value::Float(crate::num::float_fromhex(&s.text)?)),
            [other] => Err(type_error(format!("fromhex() argument must be str, not {}", other.type_name()))),
            _ => Err(type_error(format!("float.fromhex() takes exactly one argument ({} given)", args.len()))),
        },
        _ if type_has_method(t, name) => {
            // `int.bit_length(5)`, `dict.get(d, k)`, `set.union(a, b)`:
            // the first argument is the receiver, of the type (or, for
            // int's methods, a bool).
            let kind = t.name();
            let Some(recv) = (!args.is_empty()).then(|| args.remove(0)) else {
                return Err(type_error(format!("unbound method {kind}.{name}() needs an argument")));
            };
            let fits = *recv.type_name() == *kind || (t == TypeKind::Int && matches!(recv, Value::Bool(_)));
            if !fits {
                return Err(type_error(format!("descriptor '{name}' for '{kind}' objects doesn't apply to a '{}' object", recv.type_name())));
            }
            let mut recv = recv;
            let container = matches!(recv, Value::List(_) | Value::Dict(_) | Value::Set(_));
            call_method(&mut recv, name, args, kwargs, container)
        }
        _ => Err(Error::new(ExcKind::AttributeError, format!("type object '{}' has no attribute '{name}'", t.name()))),
    }
}

/// Methods of iterators and generators: `__next__`, `__iter__`, `send`.
fn iterator_method(recv: &Value, name: &str, args: Vec<Value>) -> RtResult<Value> {
    match name {
        "__iter__" => Ok(recv.clone()),
        "__next__" => iter::next(recv)?.ok_or_else(|| Error::with_args(ExcKind::StopIteration, vec![])),
        "send" => {
            let [v]: [Value; 1] = args.try_into().map_err(|a: Vec<Value>| type_error(format!("send() takes exactly one argument ({} given)", a.len())))?;
            iter::send(recv, v)
        }
        "close" if args.is_empty() => iter::generator_close(recv),
        "close" => Err(type_error(format!("close() takes no arguments ({} given)", args.len()))),
        "throw" => match args.as_slice() {
            [exc] => iter::generator_throw(recv, exc),
            // The deprecated `throw(type, value)`: the type called with the value.
            [Value::Class(c), value, ..] if args.len() <= 3 => {
                let exc = crate::interp::instantiate(c, vec![value.clone()], vec![])?;
                iter::generator_throw(recv, &exc)
            }
            _ => Err(type_error(format!("throw expected at least 1 argument, got {}", args.len()))),
        },
        _ => Err(attribute_error(&recv.type_name(), name)),
    }
}

/// `slice.indices(length)`: `(start, stop, step)` clipped like slicing.
fn slice_indices(s: &crate::value::SliceValue, length: &Value) -> RtResult<Value> {
    if [length, &s.lower, &s.upper, &s.step].iter().any(|v| matches!(v, Value::Big(_))) {
        // Bounds past 64 bits: exactly, as CPython computes them.
        let len = crate::range::index_big(length)?;
        if num_traits::Signed::is_negative(&len) {
            return Err(value_error("length should not be negative"));
        }
        let (start, stop, step) = crate::range::slice_indices_big(s, &len)?;
        return Ok(Value::tuple(vec![Value::from_big(start), Value::from_big(stop), Value::from_big(step)]));
    }
    let len = ops::index_of(length)?;
    if len < 0 {
        return Err(value_error("length should not be negative"));
    }
    let get = |v: &Value| -> RtResult<Option<i64>> {
        match v {
            Value::None => Ok(None),
            other => ops::index_of(other).map(Some).map_err(|_| type_error("slice indices must be integers or None or have an __index__ method")),
        }
    };
    let step = get(&s.step)?.unwrap_or(1);
    if step == 0 {
        return Err(value_error("slice step cannot be zero"));
    }
    let (lo, hi) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let clip = |v: Option<i64>, default: i64| match v {
        None => default,
        Some(i) if i < 0 => (i + len).max(lo),
        Some(i) => i.min(hi),
    };
    let start = clip(get(&s.lower)?, if step < 0 { hi } else { lo });
    let stop = clip(get(&s.upper)?, if step < 0 { lo } else { hi });
    Ok(Value::tuple(vec![Value::Int(start), Value::Int(stop), Value::Int(step)]))
}

/// `index`/`count` shared by lists and tuples; None when `name` is neither.
fn seq_common(items: &[Value], kind: &str, name: &str, args: &[Value]) -> Option<RtResult<Value>> {
    Some((|| match name {
        "count" => {
            let x = arg(args, 0, "count")?;
            let mut n = 0;
            for v in items {
                if ops::is(v, x) || ops::eq(v, x)? {
                    n += 1;
                }
            }
            Ok(Value::Int(n))
        }
        "index" => {
            let x = arg(args, 0, "index")?;
            let len = items.len() as i64;
            let clamp = |v: Option<&Value>, default: i64| -> RtResult<i64> {
                Ok(match v {
                    Some(v) => {
                        // Bounds beyond 64 bits clamp (`_PyEval_SliceIndex`).
                        let i = ops::clamped_index(v)?;
                        if i < 0 {
                            (i + len).max(0)
                        } else {
                            i.min(len)
                        }
                    }
                    None => default,
                })
            };
            let start = clamp(args.get(1), 0)?;
            let end = clamp(args.get(2), len)?;
            for i in start..end {
                let v = &items[i as usize];
                if ops::is(v, x) || ops::eq(v, x)? {
                    return Ok(Value::Int(i));
                }
            }
            Err(value_error(if kind == "list" { format!("{} is not in list", ops::repr(x)?) } else { format!("{kind}.index(x): x not in {kind}") }))
        }
        _ => Err(attribute_error(kind, name)),
    })())
    .filter(|r| !matches!(r, Err(Error::Exception(_))) || name == "count" || name == "index")
}

fn list_method(recv: &mut Value, name: &str, args: Vec<Value>, kwargs: Kwargs, in_place: bool) -> RtResult<Value> {
    let Value::List(arc) = recv else { unreachable!() };
    if !MUTATING.contains(&name) || name == "setdefault" || name == "update" || name == "add" || name == "discard" || name == "popitem" {
        return match name {
            "copy" => Ok(Value::list((**arc).clone())),
            "index" | "count" => seq_common(arc, "list", name, &args).expect("exists"),
            _ => Err(attribute_error("list", name)),
        };
    }
    if !in_place {
        return Err(shared_error("list", name));
    }
    let v = Arc::get_mut(arc).ok_or_else(|| shared_error("list", name))?;
    match name {
        "append" => {
            v.push(args.into_iter().next().ok_or_else(|| type_error("list.append() takes exactly one argument (0 given)"))?);
            Ok(Value::None)
        }
        "extend" => {
            // Item by item: the items taken before an error stay (CPython).
            match arg(&args, 0, "extend")? {
                Value::List(items) | Value::Tuple(items) => v.extend(items.iter().cloned()),
                other => iter::for_each_item(&iter::iter_checking_length_hint(other)?, |x| {
                    v.push(x);
                    Ok(())
                })?,
            }
            Ok(Value::None)
        }
        "insert" => {
            let i = ops::index_or_overflow(arg(&args, 0, "insert")?)?;
            let x = arg(&args, 1, "insert")?.clone();
            let len = v.len() as i64;
            let pos = if i < 0 { (i + len).max(0) } else { i.min(len) };
            v.insert(pos as usize, x);
            Ok(Value::None)
        }
        "pop" => {
            let i = match args.first() {
                Some(x) => ops::index_or_overflow(x)?,
                None => -1,
            };
            if v.is_empty() {
                return Err(index_error("pop from empty list"));
            }
            let len = v.len() as i64;
            let idx = if i < 0 { i + len } else { i };
            if idx < 0 || idx >= len {
                return Err(index_error("pop index out of range"));
            }
            Ok(v.remove(idx as usize))
        }
        "remove" => {
            let x = arg(&args, 0, "remove")?;
            for i in 0..v.len() {
                if ops::is(&v[i], x) || ops::eq(&v[i], x)? {
                    v.remove(i);
                    return Ok(Value::None);
                }
            }
            Err(value_error("list.remove(x): x not in list"))
        }
        "clear" => {
            v.clear();
            Ok(Value::None)
        }
        "reverse" => {
            v.reverse();
            Ok(Value::None)
        }
        "sort" => {
            if let Some((k, _)) = kwargs.iter().find(|(k, _)| !matches!(&**k, "key" | "reverse")) {
                return Err(type_error(format!("sort() got an unexpected keyword argument '{k}'")));
            }
            let key = kw(&kwargs, "key").cloned().unwrap_or(Value::None);
            let reverse = match kw(&kwargs, "reverse") {
                Some(r) => crate::builtins::sort_reverse_flag(r)?,
                None => false,
            };
            let items = std::mem::take(v);
            let (sorted, outcome) = crate::builtins::sort_values_in_place(items, &key, reverse);
            *v = sorted;
            outcome.map(|()| Value::None)
        }
        _ => Err(attribute_error("list", name)),
    }
}

fn dict_method(recv: &mut Value, name: &str, args: Vec<Value>, kwargs: Kwargs, in_place: bool) -> RtResult<Value> {
    let Value::Dict(arc) = recv else { unreachable!() };
    match name {
        "get" => {
            let k = HKey::new(arg(&args, 0, "get")?.clone())?;
            let found = crate::dict::probed(arc.get(&k))?;
            return Ok(found.cloned().unwrap_or_else(|| args.get(1).cloned().unwrap_or(Value::None)));
        }
        "keys" => return Ok(crate::views::make(arc, crate::value::ViewKind::Keys)),
        "values" => return Ok(crate::views::make(arc, crate::value::ViewKind::Values)),
        "items" => return Ok(crate::views::make(arc, crate::value::ViewKind::Items)),
        "copy" => return Ok(Value::Dict(Arc::new((**arc).clone()))),
        _ => {}
    }
    if !DICT_METHODS.contains(&name) {
        return Err(attribute_error("dict", name));
    }
    if name == "pop" && !in_place {
        return Err(shared_error("dict", name));
    }
    if !in_place {
        return Err(shared_error("dict", name));
    }
    let d = Arc::get_mut(arc).ok_or_else(|| shared_error("dict", name))?;
    match name {
        "pop" => {
            let key = arg(&args, 0, "pop")?.clone();
            match crate::dict::remove(d, &HKey::new(key.clone())?)? {
                Some(v) => Ok(v),
                None => args.get(1).cloned().ok_or_else(|| key_error(key)),
            }
        }
        "popitem" => match d.pop() {
            Some((k, v)) => Ok(Value::tuple(vec![k.value, v])),
            None => Err(key_error(Value::str("popitem(): dictionary is empty"))),
        },
        "setdefault" => {
            let k = HKey::new(arg(&args, 0, "setdefault")?.clone())?;
            let default = args.get(1).cloned().unwrap_or(Value::None);
            let entry = d.entry(k);
            crate::dict::key_eq_error()?;
            Ok(entry.or_insert(default).clone())
        }
        "update" => {
            if args.len() > 1 {
                return Err(type_error(format!("update expected at most 1 argument, got {}", args.len())));
            }
            if let Some(src) = args.first() {
                crate::builtins::for_each_pair(src, |k, v| crate::dict::insert(d, HKey::new(k)?, v))?;
            }
            for (k, v) in kwargs {
                crate::dict::insert(d, HKey::new(Value::str(&*k))?, v)?;
            }
            Ok(Value::None)
        }
        "clear" => {
            d.clear();
            Ok(Value::None)
        }
        _ => Err(attribute_error("dict", name)),
    }
}

fn to_set(v: &Value) -> RtResult<crate::dict::PySet> {
    let mut s = crate::dict::new_set();
    update_set(&mut s, v)?;
    Ok(s)
}

/// Adds the items of `v` to `s` as CPython's `set_update_internal` does: a
/// set merged table to table, a dict's keys after making room, any other
/// iterable item by item.
pub fn update_set(s: &mut crate::dict::PySet, v: &Value) -> RtResult<()> {
    match v {
        Value::Set(x) | Value::FrozenSet(x) => s.merge(x),
        Value::Dict(d) => s.add_dict_keys(d.len(), d.keys()),
        other => {
            let it = iter::iter(other)?;
            while let Some(item) = iter::next(&it)? {
                crate::dict::set_insert(s, HKey::new(item)?)?;
            }
        }
    }
    Ok(())
}

/// `so & other` for any iterable `other` (CPython's `set_intersection`).
pub(crate) fn intersect_with(so: &crate::dict::PySet, other: &Value) -> RtResult<crate::dict::PySet> {
    use crate::dict::PySet;
    match other {
        Value::Set(x) | Value::FrozenSet(x) => Ok(PySet::intersection(so, x)),
        other => {
            let mut out = PySet::default();
            let it = iter::iter(other)?;
            while let Some(item) = iter::next(&it)? {
                let k = HKey::new(item)?;
                if crate::dict::set_contains(so, &k)? {
                    out.insert(k);
                }
            }
            Ok(out)
        }
    }
}

/// Removes the items of `other` from `s` (CPython's
/// `set_difference_update_internal`, compaction included).
pub(crate) fn remove_all(s: &mut crate::dict::PySet, other: &Value) -> RtResult<()> {
    match other {
        Value::Set(x) | Value::FrozenSet(x) => {
            for k in x.iter() {
                s.remove(k);
            }
        }
        other => {
            let it = iter::iter(other)?;
            while let Some(item) = iter::next(&it)? {
                crate::dict::set_remove(s, &HKey::new(item)?)?;
            }
        }
    }
    s.compact_after_removals();
    Ok(())
}

/// `so - other` for any iterable `other` (CPython's `set_difference`).
fn subtract(so: &crate::dict::PySet, other: &Value) -> RtResult<crate::dict::PySet> {
    use crate::dict::PySet;
    match other {
        Value::Set(x) | Value::FrozenSet(x) => Ok(PySet::difference(so, x)),
        Value::Dict(d) => Ok(PySet::difference_of_keys(so, d.len(), |k| d.contains_key(k), d.keys())),
        other => {
            let mut out = PySet::copy_of(so);
            remove_all(&mut out, other)?;
            Ok(out)
        }
    }
}

/// `s ^= other` (CPython's `set_symmetric_difference_update`).
pub(crate) fn toggle_all(s: &mut crate::dict::PySet, other: &Value) -> RtResult<()> {
    match other {
        Value::Set(x) | Value::FrozenSet(x) => s.symmetric_difference_update(x),
        Value::Dict(d) => {
            for k in d.keys() {
                s.toggle(k);
            }
        }
        other => {
            let items = to_set(other)?;
            s.symmetric_difference_update(&items);
        }
    }
    Ok(())
}

fn set_method(recv: &mut Value, name: &str, args: Vec<Value>, in_place: bool) -> RtResult<Value> {
    let frozen = matches!(recv, Value::FrozenSet(_));
    let (Value::Set(arc) | Value::FrozenSet(arc)) = recv else { unreachable!() };
    let wrap = |s: crate::dict::PySet| {
        if frozen {
            Value::FrozenSet(Arc::new(s))
        } else {
            Value::Set(Arc::new(s))
        }
    };
    match name {
        "union" | "intersection" | "difference" | "symmetric_difference" => {
            use crate::dict::PySet;
            let out = match name {
                "union" => {
                    let mut out = PySet::copy_of(arc);
                    for a in &args {
                        update_set(&mut out, a)?;
                    }
                    out
                }
                "intersection" => {
                    let mut out = PySet::copy_of(arc);
                    for a in &args {
                        out = intersect_with(&out, a)?;
                    }
                    out
                }
                "difference" => match args.split_first() {
                    None => PySet::copy_of(arc),
                    Some((first, rest)) => {
                        let mut out = subtract(arc, first)?;
                        for a in rest {
                            remove_all(&mut out, a)?;
                        }
                        out
                    }
                },
                _ => {
                    let other = arg(&args, 0, name)?;
                    let mut out = to_set(other)?;
                    out.symmetric_difference_update(arc);
                    out
                }
            };
            return Ok(wrap(out));
        }
        // Which keys are probed in which set follows CPython (a key's
        // `__eq__` may tell).
        "issubset" => {
            let other = arg(&args, 0, name)?;
            return Ok(Value::Bool(match other {
                Value::Set(o) | Value::FrozenSet(o) => arc.is_subset(o),
                // From 3.12: the intersection with the iterable.
                _ if crate::compat::python_minor() >= 12 => intersect_with(arc, other)?.len() == arc.len(),
                _ => arc.is_subset(&to_set(other)?),
            }));
        }
        "issuperset" => {
            let other = arg(&args, 0, name)?;
            if let Value::Set(o) | Value::FrozenSet(o) = other {
                return Ok(Value::Bool(o.is_subset(arc)));
            }
            let it = iter::iter(other)?;
            while let Some(item) = iter::next(&it)? {
                if !crate::dict::set_contains(arc, &HKey::new(item)?)? {
                    return Ok(Value::Bool(false));
                }
            }
            return Ok(Value::Bool(true));
        }
        "isdisjoint" => {
            let other = arg(&args, 0, name)?;
            if let Value::Set(o) | Value::FrozenSet(o) = other {
                // The smaller set's keys are probed in the larger.
                let (large, small) = if o.len() > arc.len() { (&**o, &**arc) } else { (&**arc, &**o) };
                return Ok(Value::Bool(!small.iter().any(|k| large.contains(k) || crate::dict::key_eq_pending())));
            }
            let it = iter::iter(other)?;
            while let Some(item) = iter::next(&it)? {
                if crate::dict::set_contains(arc, &HKey::new(item)?)? {
                    return Ok(Value::Bool(false));
                }
            }
            return Ok(Value::Bool(true));
        }
        "copy" => return Ok(wrap(crate::dict::PySet::copy_of(arc))),
        _ => {}
    }
    if !SET_METHODS.contains(&name) || frozen {
        return Err(attribute_error(if frozen { "frozenset" } else { "set" }, name));
    }
    if !in_place {
        return Err(shared_error("set", name));
    }
    let s = Arc::get_mut(arc).ok_or_else(|| shared_error("set", name))?;
    match name {
        "add" => {
            crate::dict::set_insert(s, HKey::new(arg(&args, 0, "add")?.clone())?)?;
            Ok(Value::None)
        }
        "discard" => {
            crate::dict::set_remove(s, &HKey::new(arg(&args, 0, "discard")?.clone())?)?;
            Ok(Value::None)
        }
        "remove" => {
            let x = arg(&args, 0, "remove")?.clone();
            if crate::dict::set_remove(s, &HKey::new(x.clone())?)? {
                Ok(Value::None)
            } else {
                Err(key_error(x))
            }
        }
        "pop" => match s.pop() {
            Some(k) => Ok(k.value),
            None => Err(key_error(Value::str("pop from an empty set"))),
        },
        "intersection_update" => {
            for a in &args {
                *s = intersect_with(s, a)?;
            }
            Ok(Value::None)
        }
        "difference_update" => {
            for a in &args {
                remove_all(s, a)?;
            }
            Ok(Value::None)
        }
        "symmetric_difference_update" => {
            toggle_all(s, arg(&args, 0, name)?)?;
            Ok(Value::None)
        }
        "clear" => {
            s.clear();
            Ok(Value::None)
        }
        "update" => {
            for a in &args {
                update_set(s, a)?;
            }
            Ok(Value::None)
        }
        _ => Err(attribute_error("set", name)),
    }
}

/// `range.index(x)` / `range.count(x)`: arithmetic for ints and bools (as
/// CPython's `range_index`/`range_count`), a linear search otherwise.
fn range_index_count(r: &crate::range::RangeValue, name: &str, args: &[Value]) -> RtResult<Value> {
    let x = arg(args, 0, name)?;
    if args.len() > 1 {
        return Err(type_error(format!("range.{name}() takes exactly one argument ({} given)", args.len())));
    }
    if let Some(i) = crate::num::as_int(x) {
        let pos = r.position(&i.to_big());
        return match (name, pos) {
            ("count", p) => Ok(Value::Int(p.is_some() as i64)),
            (_, Some(p)) => Ok(Value::from_big(p)),
            (_, None) => Err(value_error(format!("{} is not in range", ops::repr(x)?))),
        };
    }
    let items = iter::collect(&Value::Range(Arc::new(r.clone())))?;
    match (name, seq_common(&items, "range", name, args).expect("index and count exist")) {
        ("index", Err(e)) if e.is(ExcKind::ValueError) => Err(value_error(format!("{} is not in range", ops::repr(x)?))),
        (_, res) => res,
    }
}

fn int_method(recv: &Value, name: &str, args: &[Value]) -> RtResult<Value> {
    match name {
        "bit_length" => Ok(Value::Int(match recv {
            Value::Int(i) => 64 - i.unsigned_abs().leading_zeros() as i64,
            Value::Bool(b) => *b as i64,
            Value::Big(b) => b.bits() as i64,
            _ => unreachable!(),
        })),
        "bit_count" if crate::compat::python_minor() >= 10 => Ok(Value::Int(match recv {
            Value::Int(i) => i.unsigned_abs().count_ones() as i64,
            Value::Bool(b) => *b as i64,
            Value::Big(b) => b.magnitude().count_ones() as i64,
            _ => unreachable!(),
        })),
        "as_integer_ratio" => Ok(Value::tuple(vec![int_method(recv, "__int__", args)?, Value::Int(1)])),
        "is_integer" if crate::compat::python_minor() >= 12 => Ok(Value::Bool(true)),
        "conjugate" | "__index__" | "__int__" => Ok(match recv {
            Value::Bool(b) => Value::Int(*b as i64),
            other => other.clone(),
        }),
        _ => Err(attribute_error(&recv.type_name(), name)),
    }
}

fn float_method(f: f64, name: &str, _args: &[Value]) -> RtResult<Value> {
    match name {
        "is_integer" => Ok(Value::Bool(f.is_finite() && f.fract() == 0.0)),
        "conjugate" => Ok(Value::Float(f)),
        "hex" => Ok(Value::str(crate::num::float_hex(f))),
        "as_integer_ratio" => {
            if !f.is_finite() {
                return Err(if f.is_nan() {
                    value_error("cannot convert NaN to integer ratio")
                } else {
                    Error::new(ExcKind::OverflowError, "cannot convert Infinity to integer ratio")
                });
            }
            let (m, e) = crate::hash::frexp(f);
            let mut mant = m;
            let mut exp = e;
            while mant != mant.floor() {
                mant *= 2.0;
                exp -= 1;
            }
            let n = num_bigint::BigInt::from(mant as i64);
            let (num, den) = if exp >= 0 { (n << exp as u32, num_bigint::BigInt::from(1)) } else { (n, num_bigint::BigInt::from(1) << (-exp) as u32) };
            let g = num_integer::Integer::gcd(&num, &den);
            Ok(Value::tuple(vec![Value::from_big(&num / &g), Value::from_big(&den / &g)]))
        }
        _ => Err(attribute_error("float", name)),
    }
}

/// The protocol methods of builtin values, written out (`d.__getitem__`
/// as a `key=`, `"ab".__len__()`, `(2.7).__floor__()`): whether `recv` has
/// the method `name`.
fn has_protocol_method(recv: &Value, name: &str) -> bool {
    if let Some((op, _)) = operator_method(name) {
        return match recv {
            Value::Int(_) | Value::Big(_) | Value::Bool(_) => true,
            // No bitwise operators on floats.
            Value::Float(_) => !matches!(op, Operator::Bin(BinOp::LShift | BinOp::RShift | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor)),
            Value::Str(_) | Value::List(_) | Value::Tuple(_) => {
                matches!(op, Operator::Compare(_) | Operator::Bin(BinOp::Add | BinOp::Mul)) || (matches!(recv, Value::Str(_)) && name == "__mod__")
            }
            Value::Set(_) | Value::FrozenSet(_) => {
                matches!(op, Operator::Compare(_) | Operator::Bin(BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::Sub))
            }
            // `d1 | d2` (3.9): the union.
            Value::Dict(_) => matches!(op, Operator::Compare(_) | Operator::Bin(BinOp::BitOr)),
            Value::Range(_) => matches!(op, Operator::Compare(_)),
            _ => false,
        };
    }
    let container = matches!(recv, Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Str(_) | Value::Range(_) | Value::Set(_) | Value::FrozenSet(_));
    let number = matches!(recv, Value::Int(_) | Value::Big(_) | Value::Bool(_) | Value::Float(_));
    match name {
        "__str__" | "__repr__" | "__hash__" => container || number,
        "__len__" | "__contains__" | "__iter__" => container,
        "__getitem__" => matches!(recv, Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Str(_) | Value::Range(_)),
        "__abs__" | "__neg__" | "__pos__" | "__bool__" | "__float__" | "__trunc__" | "__floor__" | "__ceil__" | "__round__" => number,
        "__index__" | "__invert__" => matches!(recv, Value::Int(_) | Value::Big(_) | Value::Bool(_)),
        "__int__" => number,
        _ => false,
    }
}

/// What an operator method stands for.
#[derive(Clone, Copy)]
enum Operator {
    Bin(BinOp),
    Compare(CmpOp),
    DivMod,
}

/// The operator a method name stands for, and whether it is the reflected
/// form (`__radd__`; comparisons have none).
fn operator_method(name: &str) -> Option<(Operator, bool)> {
    let core = name.strip_prefix("__")?.strip_suffix("__")?;
    if let Some(op) = operator_of(core) {
        return Some((op, false));
    }
    match operator_of(core.strip_prefix('r')?)? {
        Operator::Compare(_) => None,
        op => Some((op, true)),
    }
}

/// The operator of a method name without its underscores (`add`, `lt`).
fn operator_of(core: &str) -> Option<Operator> {
    use Operator::*;
    Some(match core {
        "add" => Bin(BinOp::Add),
        "sub" => Bin(BinOp::Sub),
        "mul" => Bin(BinOp::Mul),
        "truediv" => Bin(BinOp::TrueDiv),
        "floordiv" => Bin(BinOp::FloorDiv),
        "mod" => Bin(BinOp::Mod),
        "pow" => Bin(BinOp::Pow),
        "lshift" => Bin(BinOp::LShift),
        "rshift" => Bin(BinOp::RShift),
        "and" => Bin(BinOp::BitAnd),
        "or" => Bin(BinOp::BitOr),
        "xor" => Bin(BinOp::BitXor),
        "divmod" => DivMod,
        "eq" => Compare(CmpOp::Eq),
        "ne" => Compare(CmpOp::NotEq),
        "lt" => Compare(CmpOp::Lt),
        "le" => Compare(CmpOp::LtE),
        "gt" => Compare(CmpOp::Gt),
        "ge" => Compare(CmpOp::GtE),
        _ => return None,
    })
}

/// `recv.name(other)` for an operator method of a builtin value: the
/// operation when `other` is a type the receiver's type handles itself
/// (an int takes ints and bools, a float also ints, a sequence its own
/// type), else `NotImplemented` — as CPython's `(1).__add__(2.5)`.
fn operator_call(recv: &Value, op: Operator, reflected: bool, other: &Value) -> RtResult<Value> {
    let is_int = |v: &Value| matches!(v, Value::Int(_) | Value::Big(_) | Value::Bool(_));
    let handles = match recv {
        Value::Int(_) | Value::Big(_) | Value::Bool(_) => is_int(other),
        Value::Float(_) => is_int(other) || matches!(other, Value::Float(_)),
        // `"%s" % x` takes any value, and `"a" + 1` raises TypeError
        // itself; `[1] * 3` takes ints; comparisons give NotImplemented.
        Value::Str(_) if matches!(op, Operator::Bin(BinOp::Mod)) => true,
        Value::Str(_) | Value::List(_) | Value::Tuple(_) if matches!(op, Operator::Bin(BinOp::Add)) && !reflected => true,
        Value::Str(_) | Value::List(_) | Value::Tuple(_) if matches!(op, Operator::Bin(BinOp::Mul)) => is_int(other),
        // Sets and frozensets combine with each other.
        Value::Set(_) | Value::FrozenSet(_) => matches!(other, Value::Set(_) | Value::FrozenSet(_)),
        _ => std::mem::discriminant(recv) == std::mem::discriminant(other),
    };
    if !handles {
        return Ok(Value::NotImplemented);
    }
    let (a, b) = if reflected { (other, recv) } else { (recv, other) };
    match op {
        Operator::Bin(op) => ops::binop(op, a, b),
        Operator::Compare(op) => ops::rich_compare(op, a, b),
        Operator::DivMod => crate::interp::call_value(&crate::builtins::lookup("divmod").expect("a builtin"), vec![a.clone(), b.clone()], Vec::new()),
    }
}

/// Calls the protocol method `name` of `recv` (see [`has_protocol_method`]):
/// the operation it stands for. `None` when `recv` has no such method.
fn protocol_method(recv: &Value, name: &str, args: &[Value]) -> Option<RtResult<Value>> {
    if !has_protocol_method(recv, name) {
        return None;
    }
    if let Some((op, reflected)) = operator_method(name) {
        return Some(match args {
            [other] => operator_call(recv, op, reflected, other),
            _ => Err(type_error(format!("expected 1 argument, got {}", args.len()))),
        });
    }
    let builtin = |f: &str, extra: &[Value]| -> RtResult<Value> {
        let mut argv = vec![recv.clone()];
        argv.extend(extra.iter().cloned());
        crate::interp::call_value(&crate::builtins::lookup(f).expect("a builtin"), argv, Vec::new())
    };
    let math = |f: &str| -> RtResult<Value> {
        let m = crate::modules::module("math").expect("math is provided");
        crate::interp::call_value(&crate::interp::get_attr(&m, f)?, vec![recv.clone()], Vec::new())
    };
    let no_args = |f: &dyn Fn() -> RtResult<Value>| -> RtResult<Value> {
        if args.is_empty() {
            f()
        } else {
            Err(type_error(format!("{name}() takes no arguments ({} given)", args.len())))
        }
    };
    Some(match name {
        "__getitem__" | "__contains__" => match args {
            [x] if name == "__getitem__" => ops::getitem(recv, x),
            [x] => ops::contains(recv, x).map(Value::Bool),
            _ => Err(type_error(format!("{name}() takes exactly one argument ({} given)", args.len()))),
        },
        "__round__" if args.len() <= 1 => builtin("round", args),
        "__round__" => Err(type_error(format!("__round__() takes at most 1 argument ({} given)", args.len()))),
        "__len__" => no_args(&|| builtin("len", &[])),
        "__iter__" => no_args(&|| crate::iter::iter(recv)),
        "__str__" => no_args(&|| builtin("str", &[])),
        "__repr__" => no_args(&|| builtin("repr", &[])),
        "__hash__" => no_args(&|| builtin("hash", &[])),
        "__abs__" => no_args(&|| builtin("abs", &[])),
        "__bool__" => no_args(&|| builtin("bool", &[])),
        "__float__" => no_args(&|| builtin("float", &[])),
        "__int__" | "__index__" => no_args(&|| builtin("int", &[])),
        "__neg__" => no_args(&|| ops::unary(pyfora_syntax::ir::UnaryOp::Neg, recv)),
        "__invert__" => no_args(&|| ops::unary(pyfora_syntax::ir::UnaryOp::Invert, recv)),
        "__pos__" => no_args(&|| ops::unary(pyfora_syntax::ir::UnaryOp::Pos, recv)),
        "__trunc__" => no_args(&|| math("trunc")),
        "__floor__" => no_args(&|| math("floor")),
        "__ceil__" => no_args(&|| math("ceil")),
        _ => return None,
    })
}

/// `obj.name` for builtin values: bound builtin methods and data attributes.
pub fn builtin_attr(obj: &Value, name: &str) -> RtResult<Value> {
    // Class methods read through an instance bind to the type.
    if is_class_method(obj.type_kind(), name) {
        return Ok(Value::BuiltinMethod(Arc::new((Value::Type(obj.type_kind()), Arc::from(name)))));
    }
    let known: &[&str] = match obj {
        Value::List(_) => LIST_METHODS,
        Value::Tuple(_) => TUPLE_METHODS,
        Value::Dict(_) => DICT_METHODS,
        Value::Set(_) => SET_METHODS,
        Value::FrozenSet(_) => frozenset_methods(),
        Value::Str(_) => &[],
        Value::Int(_) | Value::Big(_) | Value::Bool(_) => match name {
            "real" | "numerator" => {
                return Ok(match obj {
                    Value::Bool(b) => Value::Int(*b as i64),
                    other => other.clone(),
                })
            }
            "imag" => return Ok(Value::Int(0)),
            "denominator" => return Ok(Value::Int(1)),
            // `int.is_integer` exists from 3.12.
            // `int.bit_count` exists from 3.10.
            _ if crate::compat::python_minor() < 10 => &["bit_length", "conjugate", "as_integer_ratio"],
            _ if crate::compat::python_minor() < 12 => &["bit_length", "bit_count", "conjugate", "as_integer_ratio"],
            _ => &["bit_length", "bit_count", "conjugate", "as_integer_ratio", "is_integer"],
        },
        Value::Float(f) => match name {
            "real" => return Ok(Value::Float(*f)),
            "imag" => return Ok(Value::Float(0.0)),
            _ => &["is_integer", "conjugate", "as_integer_ratio", "hex"],
        },
        Value::Range(r) => match name {
            "start" => return Ok(r.start_value()),
            "stop" => return Ok(r.stop_value()),
            "step" => return Ok(r.step_value()),
            _ => &["index", "count"],
        },
        Value::DictView(v) if v.is_set_like() => &["isdisjoint"],
        Value::Array(a) => match crate::numpy::attribute(a, name) {
            Some(r) => return r,
            None => crate::numpy::ARRAY_METHODS,
        },
        Value::Slice(s) => match name {
            "start" => return Ok(s.lower.clone()),
            "stop" => return Ok(s.upper.clone()),
            "step" => return Ok(s.step.clone()),
            _ => &["indices"],
        },
        Value::Iterator(it) => {
            if matches!(name, "__name__" | "__qualname__") {
                if let Ok(g) = it.try_lock() {
                    if let iter::IterState::Generator(g) = &*g {
                        return Ok(Value::str(&*g.name));
                    }
                }
            }
            // A running generator (locked) asking for its own attribute.
            let is_gen = it.try_lock().map_or(true, |g| matches!(*g, iter::IterState::Generator(_)));
            if is_gen {
                &["__next__", "__iter__", "send", "close", "throw"]
            } else {
                &["__next__", "__iter__"]
            }
        }
        _ => &[],
    };
    let is_str_method = matches!(obj, Value::Str(_)) && crate::str_methods::has_str_method(name);
    if known.contains(&name) || is_str_method || has_protocol_method(obj, name) {
        return Ok(Value::BuiltinMethod(Arc::new((obj.clone(), Arc::from(name)))));
    }
    Err(attribute_error(&obj.type_name(), name))
}

/// The position `index` names in a list of `len` items for item
/// assignment or deletion (negative from the end), or CPython's error.
fn list_assignment_index(index: &Value, len: usize) -> RtResult<usize> {
    let i = ops::index_of(index).map_err(|_| type_error(format!("list indices must be integers or slices, not {}", index.type_name())))?;
    let len = len as i64;
    let idx = if i < 0 { i + len } else { i };
    if idx < 0 || idx >= len {
        return Err(index_error("list assignment index out of range"));
    }
    Ok(idx as usize)
}

/// `del obj[index]` on a value (in place when unique; `operator.delitem`).
pub fn del_item(target: &mut Value, index: Value) -> RtResult<()> {
    match target {
        Value::List(arc) => {
            let v = Arc::get_mut(arc).ok_or_else(|| shared_error("list", "__delitem__"))?;
            match &index {
                Value::Slice(s) => {
                    let (start, stop, step) = crate::str_methods::slice_indices(s, v.len() as i64)?;
                    let n = crate::str_methods::slice_len(start, stop, step);
                    let mut doomed = vec![false; v.len()];
                    for k in 0..n {
                        doomed[(start + k * step) as usize] = true;
                    }
                    let mut i = 0;
                    v.retain(|_| {
                        i += 1;
                        !doomed[i - 1]
                    });
                    Ok(())
                }
                other => {
                    let idx = list_assignment_index(other, v.len())?;
                    v.remove(idx);
                    Ok(())
                }
            }
        }
        Value::Dict(arc) => {
            let k = HKey::new(index)?;
            let d = Arc::get_mut(arc).ok_or_else(|| shared_error("dict", "__delitem__"))?;
            match crate::dict::remove(d, &k)? {
                Some(_) => Ok(()),
                None => Err(crate::error::key_error(k.value.clone())),
            }
        }
        Value::Instance(_) => match crate::interp::call_special(target, "__delitem__", vec![index])? {
            Some(_) => Ok(()),
            None => Err(type_error(format!("'{}' object does not support item deletion", target.type_name()))),
        },
        other => Err(type_error(format!("'{}' object doesn't support item deletion", other.type_name()))),
    }
}

/// `obj[index] = value` on the value in a register (in place when unique).
pub fn set_item(target: &mut Value, index: Value, value: Value) -> RtResult<()> {
    match target {
        Value::List(arc) => {
            let v = Arc::get_mut(arc).ok_or_else(|| shared_error("list", "__setitem__"))?;
            match &index {
                Value::Slice(s) => {
                    let items = iter::collect(&value)?;
                    let (start, stop, step) = crate::str_methods::slice_indices(s, v.len() as i64)?;
                    if step == 1 {
                        let stop = stop.max(start);
                        v.splice(start as usize..stop as usize, items);
                    } else {
                        let n = crate::str_methods::slice_len(start, stop, step);
                        if n as usize != items.len() {
                            return Err(value_error(format!("attempt to assign sequence of size {} to extended slice of size {}", items.len(), n)));
                        }
                        let mut i = start;
                        for item in items {
                            v[i as usize] = item;
                            i += step;
                        }
                    }
                    Ok(())
                }
                other => {
                    let idx = list_assignment_index(other, v.len())?;
                    v[idx] = value;
                    Ok(())
                }
            }
        }
        Value::Dict(arc) => {
            let k = HKey::new(index)?;
            let d = Arc::get_mut(arc).ok_or_else(|| shared_error("dict", "__setitem__"))?;
            crate::dict::insert(d, k, value)
        }
        Value::Array(arc) => Arc::get_mut(arc).ok_or_else(|| shared_error("numpy.ndarray", "__setitem__"))?.set_item(&index, &value),
        Value::Instance(_) => match crate::interp::call_special(target, "__setitem__", vec![index, value])? {
            Some(_) => Ok(()),
            None => Err(type_error(format!("'{}' object does not support item assignment", target.type_name()))),
        },
        other => Err(type_error(format!("'{}' object does not support item assignment", other.type_name()))),
    }
}
