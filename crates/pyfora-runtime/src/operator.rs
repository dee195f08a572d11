//! The `operator` module: Python's operators as functions, and the
//! `itemgetter`, `attrgetter` and `methodcaller` callables (often passed as
//! `key=` to `sorted`, `min` and `max`, or to `functools.reduce`).

use std::sync::{Arc, OnceLock};

use pyfora_syntax::ir::{BinOp, CmpOp, UnaryOp};

use crate::error::{type_error, RtResult};
use crate::interp::{call_value, get_attr};
use crate::ops;
use crate::value::{BuiltinFunction, Class, Module, Value};

type Kwargs = Vec<(Arc<str>, Value)>;

/// The `operator` module value.
pub fn module() -> Value {
    static M: OnceLock<Module> = OnceLock::new();
    Value::Module(M.get_or_init(|| {
        // `operator.call` is new in 3.11.
        let provided = || FUNCTIONS.iter().filter(|f| f.name != "call" || crate::compat::python_minor() >= 11);
        let mut attrs: Vec<(&'static str, Value)> = Vec::new();
        for f in provided() {
            attrs.push((f.name, Value::Builtin(f)));
        }
        attrs.push(("inv", Value::Builtin(&INVERT)));
        attrs.push(("__inv__", Value::Builtin(&INVERT)));
        // The dunder spellings CPython's module also has: `__add__` for
        // `add`, `__and__` for `and_`.
        for f in provided().filter(|f| !matches!(f.name, "truth" | "is_" | "is_not" | "countOf" | "indexOf" | "length_hint")) {
            let dunder: &'static str = Box::leak(format!("__{}__", f.name.trim_end_matches('_')).into_boxed_str());
            attrs.push((dunder, Value::Builtin(f)));
        }
        for (name, class) in [("itemgetter", getter_class(Getter::Item)), ("attrgetter", getter_class(Getter::Attr)), ("methodcaller", method_caller_class())] {
            attrs.push((name, Value::Class(class.clone())));
        }
        Module { name: "operator", attrs: attrs.into_iter().collect(), unshipped: Default::default(), refused: None }
    }))
}

/// `name(a, b)` for a binary operator.
macro_rules! binary {
    ($id:ident, $name:expr, $op:expr) => {
        static $id: BuiltinFunction =
            BuiltinFunction { unary: None, float: None, name: $name, call: |args, kw| two($name, &args, &kw).and_then(|(a, b)| ops::binop($op, a, b)) };
    };
}

/// `name(a, b)` for a comparison (any value a user method returns).
macro_rules! comparison {
    ($id:ident, $name:expr, $op:expr) => {
        static $id: BuiltinFunction =
            BuiltinFunction { unary: None, float: None, name: $name, call: |args, kw| two($name, &args, &kw).and_then(|(a, b)| ops::rich_compare($op, a, b)) };
    };
}

/// `name(a)` for a unary operator.
macro_rules! unary {
    ($id:ident, $name:expr, $op:expr) => {
        static $id: BuiltinFunction =
            BuiltinFunction { unary: None, float: None, name: $name, call: |args, kw| one($name, &args, &kw).and_then(|a| ops::unary($op, a)) };
    };
}

fn two<'a>(name: &str, args: &'a [Value], kw: &Kwargs) -> RtResult<(&'a Value, &'a Value)> {
    match (args, kw.is_empty()) {
        ([a, b], true) => Ok((a, b)),
        _ => Err(type_error(format!("{name} expected 2 arguments, got {}", args.len() + kw.len()))),
    }
}

fn one<'a>(name: &str, args: &'a [Value], kw: &Kwargs) -> RtResult<&'a Value> {
    match (args, kw.is_empty()) {
        ([a], true) => Ok(a),
        _ => Err(type_error(format!("{name}() takes exactly one argument ({} given)", args.len() + kw.len()))),
    }
}

binary!(ADD, "add", BinOp::Add);
binary!(SUB, "sub", BinOp::Sub);
binary!(MUL, "mul", BinOp::Mul);
binary!(TRUEDIV, "truediv", BinOp::TrueDiv);
binary!(FLOORDIV, "floordiv", BinOp::FloorDiv);
binary!(MOD, "mod", BinOp::Mod);
binary!(POW, "pow", BinOp::Pow);
binary!(LSHIFT, "lshift", BinOp::LShift);
binary!(RSHIFT, "rshift", BinOp::RShift);
binary!(AND, "and_", BinOp::BitAnd);
binary!(OR, "or_", BinOp::BitOr);
binary!(XOR, "xor", BinOp::BitXor);
binary!(MATMUL, "matmul", BinOp::MatMul);
comparison!(LT, "lt", CmpOp::Lt);
comparison!(LE, "le", CmpOp::LtE);
comparison!(EQ, "eq", CmpOp::Eq);
comparison!(NE, "ne", CmpOp::NotEq);
comparison!(GT, "gt", CmpOp::Gt);
comparison!(GE, "ge", CmpOp::GtE);
unary!(NEG, "neg", UnaryOp::Neg);
unary!(POS, "pos", UnaryOp::Pos);
unary!(INVERT, "invert", UnaryOp::Invert);
unary!(NOT, "not_", UnaryOp::Not);

/// `concat` and `iconcat` take sequences only.
fn concatenable(a: &Value) -> RtResult<()> {
    if matches!(a, Value::Str(_) | Value::List(_) | Value::Tuple(_)) {
        Ok(())
    } else {
        Err(type_error(format!("'{}' object can't be concatenated", a.type_name())))
    }
}

static CONCAT: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "concat",
    call: |args, kw| {
        let (a, b) = two("concat", &args, &kw)?;
        concatenable(a)?;
        ops::binop(BinOp::Add, a, b)
    },
};

static TRUTH: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "truth", call: |args, kw| Ok(Value::Bool(ops::truthy(one("truth", &args, &kw)?)?)) };

static ABS: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "abs",
    call: |args, kw| {
        let a = one("abs", &args, &kw)?;
        call_value(&Value::Builtin(&crate::builtins::ABS), vec![a.clone()], vec![])
    },
};

static INDEX: BuiltinFunction = BuiltinFunction { unary: None, float: None, name: "index", call: |args, kw| ops::index_value(one("index", &args, &kw)?) };

static CONTAINS: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "contains",
    call: |args, kw| {
        let (a, b) = two("contains", &args, &kw)?;
        Ok(Value::Bool(ops::compare(CmpOp::In, b, a)?))
    },
};

static GETITEM: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "getitem",
    call: |args, kw| {
        let (a, b) = two("getitem", &args, &kw)?;
        ops::getitem(a, b)
    },
};

static IS: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "is_", call: |args, kw| two("is_", &args, &kw).map(|(a, b)| Value::Bool(ops::is(a, b))) };

static IS_NOT: BuiltinFunction =
    BuiltinFunction { unary: None, float: None, name: "is_not", call: |args, kw| two("is_not", &args, &kw).map(|(a, b)| Value::Bool(!ops::is(a, b))) };

/// `name(a, b)` for an augmented assignment: `a op= b`, whose value it
/// returns (a list, dict or set argument changes in place only when
/// nothing else references it, as for `op=` itself).
macro_rules! in_place {
    ($id:ident, $name:expr, $op:expr) => {
        static $id: BuiltinFunction = BuiltinFunction {
            unary: None,
            float: None,
            name: $name,
            call: |args, kw| {
                two($name, &args, &kw)?;
                let [a, b]: [Value; 2] = args.try_into().expect("two arguments");
                crate::interp::augmented($op, a, b)
            },
        };
    };
}

in_place!(IADD, "iadd", BinOp::Add);
in_place!(ISUB, "isub", BinOp::Sub);
in_place!(IMUL, "imul", BinOp::Mul);
in_place!(ITRUEDIV, "itruediv", BinOp::TrueDiv);
in_place!(IFLOORDIV, "ifloordiv", BinOp::FloorDiv);
in_place!(IMOD, "imod", BinOp::Mod);
in_place!(IPOW, "ipow", BinOp::Pow);
in_place!(ILSHIFT, "ilshift", BinOp::LShift);
in_place!(IRSHIFT, "irshift", BinOp::RShift);
in_place!(IAND, "iand", BinOp::BitAnd);
in_place!(IOR, "ior", BinOp::BitOr);
in_place!(IXOR, "ixor", BinOp::BitXor);
in_place!(IMATMUL, "imatmul", BinOp::MatMul);

/// `iconcat(a, b)`: `a += b` for sequences.
static ICONCAT: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "iconcat",
    call: |args, kw| {
        concatenable(two("iconcat", &args, &kw)?.0)?;
        let [a, b]: [Value; 2] = args.try_into().expect("two arguments");
        crate::interp::augmented(BinOp::Add, a, b)
    },
};

/// `setitem(a, b, c)`: `a[b] = c` (on a container nothing else
/// references; a shared one is refused as item assignment is).
static SETITEM: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "setitem",
    call: |args, kw| {
        if args.len() != 3 || !kw.is_empty() {
            return Err(type_error(format!("setitem expected 3 arguments, got {}", args.len() + kw.len())));
        }
        let [mut target, index, value]: [Value; 3] = args.try_into().expect("three arguments");
        crate::methods::set_item(&mut target, index, value)?;
        Ok(Value::None)
    },
};

/// `delitem(a, b)`: `del a[b]` (on a container nothing else references).
static DELITEM: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "delitem",
    call: |args, kw| {
        two("delitem", &args, &kw)?;
        let [mut target, index]: [Value; 2] = args.try_into().expect("two arguments");
        crate::methods::del_item(&mut target, index)?;
        Ok(Value::None)
    },
};

/// `length_hint(obj, default=0)`: `len(obj)` for a sized object, else
/// its `__length_hint__` (an iterator's items left), else `default`.
static LENGTH_HINT: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "length_hint",
    call: |args, kw| {
        if !kw.is_empty() {
            return Err(type_error("length_hint() takes no keyword arguments"));
        }
        let (obj, default) = match args.as_slice() {
            [obj] => (obj, Value::Int(0)),
            [obj, default] => (obj, default.clone()),
            _ => return Err(type_error(format!("length_hint expected 1 or 2 arguments, got {}", args.len()))),
        };
        if !matches!(default, Value::Int(_) | Value::Bool(_) | Value::Big(_)) {
            return Err(type_error(format!("'{}' object cannot be interpreted as an integer", default.type_name())));
        }
        let sized = match obj {
            Value::Instance(_) => crate::interp::lookup_class_attr(obj, "__len__").is_some(),
            Value::Iterator(_) => false,
            _ => true,
        };
        if sized {
            if let Ok(n) = ops::len(obj) {
                return Ok(Value::Int(n));
            }
            if !matches!(obj, Value::Instance(_)) {
                return Ok(default);
            }
        }
        let hint = match obj {
            Value::Instance(_) => match crate::interp::call_special(obj, "__length_hint__", vec![])? {
                None => return Ok(default),
                Some(Value::NotImplemented) => return Ok(default),
                Some(v @ (Value::Int(_) | Value::Bool(_) | Value::Big(_))) => v,
                Some(other) => return Err(type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name()))),
            },
            _ => match crate::iter::remaining(obj)? {
                Some(v) => v,
                None => return Ok(default),
            },
        };
        if ops::compare(CmpOp::Lt, &hint, &Value::Int(0))? {
            return Err(crate::error::value_error("__length_hint__() should return >= 0"));
        }
        Ok(hint)
    },
};

/// `call(obj, /, *args, **kwargs)` (3.11+): `obj(*args, **kwargs)`.
static CALL: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "call",
    call: |mut args, kw| {
        if args.is_empty() {
            return Err(type_error("call() missing required argument 'obj' (pos 1)"));
        }
        let f = args.remove(0);
        call_value(&f, args, kw)
    },
};

static FUNCTIONS: &[&BuiltinFunction] = &[
    &ADD,
    &SUB,
    &MUL,
    &TRUEDIV,
    &FLOORDIV,
    &MOD,
    &POW,
    &LSHIFT,
    &RSHIFT,
    &AND,
    &OR,
    &XOR,
    &MATMUL,
    &LT,
    &LE,
    &EQ,
    &NE,
    &GT,
    &GE,
    &NEG,
    &POS,
    &INVERT,
    &NOT,
    &CONCAT,
    &TRUTH,
    &ABS,
    &INDEX,
    &CONTAINS,
    &GETITEM,
    &IS,
    &IS_NOT,
    &COUNT_OF,
    &INDEX_OF,
    &IADD,
    &ISUB,
    &IMUL,
    &ITRUEDIV,
    &IFLOORDIV,
    &IMOD,
    &IPOW,
    &ILSHIFT,
    &IRSHIFT,
    &IAND,
    &IOR,
    &IXOR,
    &IMATMUL,
    &ICONCAT,
    &SETITEM,
    &DELITEM,
    &CALL,
    &LENGTH_HINT,
];

/// `countOf(a, b)`: how many items of `a` are `b` or equal to it.
static COUNT_OF: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "countOf",
    call: |args, kw| {
        let (a, b) = two("countOf", &args, &kw)?;
        let mut n = 0;
        for x in crate::iter::collect(a)? {
            if ops::is(&x, b) || ops::eq(&x, b)? {
                n += 1;
            }
        }
        Ok(Value::Int(n))
    },
};

/// `indexOf(a, b)`: the index of the first item of `a` that is `b` or
/// equal to it.
static INDEX_OF: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "indexOf",
    call: |args, kw| {
        let (a, b) = two("indexOf", &args, &kw)?;
        for (i, x) in crate::iter::collect(a)?.into_iter().enumerate() {
            if ops::is(&x, b) || ops::eq(&x, b)? {
                return Ok(Value::Int(i as i64));
            }
        }
        Err(crate::error::value_error("sequence.index(x): x not in sequence"))
    },
};

// ----- itemgetter, attrgetter, methodcaller ------------------------------------

/// What an `itemgetter` or `attrgetter` object fetches.
#[derive(Clone, Copy)]
enum Getter {
    Item,
    Attr,
}

/// The class of `itemgetter(*items)` / `attrgetter(*names)`: the instance
/// keeps its arguments in `_keys`; calling it on `obj` gives `obj[k]` (or
/// `obj.k`, dotted names followed), a tuple for several keys.
fn getter_class(kind: Getter) -> &'static Arc<Class> {
    static ITEM: OnceLock<Arc<Class>> = OnceLock::new();
    static ATTR: OnceLock<Arc<Class>> = OnceLock::new();
    let (cell, name, call) = match kind {
        Getter::Item => (&ITEM, "itemgetter", &ITEM_CALL),
        Getter::Attr => (&ATTR, "attrgetter", &ATTR_CALL),
    };
    cell.get_or_init(|| {
        let namespace = vec![(Arc::from("__init__"), Value::Builtin(&KEEP_ARGUMENTS)), (Arc::from("__call__"), Value::Builtin(call))];
        crate::class::new_class(Arc::from(name), vec![], namespace, None, false)
    })
}

/// `__init__(self, *args, **kwargs)`: keeps them as `_keys` / `_kwargs`.
static KEEP_ARGUMENTS: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "__init__",
    call: |mut args, kwargs| {
        let this = args.remove(0);
        let Value::Instance(inst) = &this else { return Err(type_error("__init__ needs an instance")) };
        let name = &*inst.class.name;
        if args.is_empty() {
            let message = if name == "methodcaller" {
                "methodcaller needs at least one argument, the method name".to_string()
            } else {
                format!("{name} expected 1 argument, got 0")
            };
            return Err(type_error(message));
        }
        if name != "methodcaller" && !kwargs.is_empty() {
            return Err(type_error(format!("{name}() takes no keyword arguments")));
        }
        match name {
            "attrgetter" if args.iter().any(|a| !matches!(a, Value::Str(_))) => return Err(type_error("attribute name must be a string")),
            "methodcaller" if !matches!(args[0], Value::Str(_)) => return Err(type_error("method name must be a string")),
            _ => {}
        }
        let mut keywords = crate::dict::new_dict();
        for (k, v) in kwargs {
            keywords.insert(crate::dict::HKey::new(Value::str(&*k))?, v);
        }
        inst.set_attr(Arc::from("_keys"), Value::tuple(args));
        inst.set_attr(Arc::from("_kwargs"), Value::Dict(Arc::new(keywords)));
        Ok(Value::None)
    },
};

/// The kept arguments of a getter or method caller, and the one argument
/// it is called with.
fn keys_and_target(args: &[Value]) -> RtResult<(Vec<Value>, &Value)> {
    let [this, target] = args else { return Err(type_error(format!("expected 1 argument, got {}", args.len().saturating_sub(1)))) };
    let Value::Instance(inst) = this else { return Err(type_error("expected an operator object")) };
    match inst.get_attr("_keys") {
        Some(Value::Tuple(keys)) => Ok(((*keys).clone(), target)),
        _ => Err(type_error("operator object without its arguments")),
    }
}

fn one_or_tuple(mut values: Vec<Value>) -> Value {
    if values.len() == 1 {
        values.pop().expect("one value")
    } else {
        Value::tuple(values)
    }
}

static ITEM_CALL: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "__call__",
    call: |args, _| {
        let (keys, target) = keys_and_target(&args)?;
        Ok(one_or_tuple(keys.iter().map(|k| ops::getitem(target, k)).collect::<RtResult<Vec<_>>>()?))
    },
};

static ATTR_CALL: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "__call__",
    call: |args, _| {
        let (keys, target) = keys_and_target(&args)?;
        let mut out = Vec::with_capacity(keys.len());
        for k in &keys {
            let Value::Str(path) = k else { return Err(type_error("attribute name must be a string")) };
            let mut v = target.clone();
            for part in path.text.split('.') {
                v = get_attr(&v, part)?;
            }
            out.push(v);
        }
        Ok(one_or_tuple(out))
    },
};

/// The class of `methodcaller(name, *args, **kwargs)`: calling it on `obj`
/// calls `obj.name(*args, **kwargs)`.
fn method_caller_class() -> &'static Arc<Class> {
    static C: OnceLock<Arc<Class>> = OnceLock::new();
    C.get_or_init(|| {
        let namespace = vec![(Arc::from("__init__"), Value::Builtin(&KEEP_ARGUMENTS)), (Arc::from("__call__"), Value::Builtin(&METHOD_CALL))];
        crate::class::new_class(Arc::from("methodcaller"), vec![], namespace, None, false)
    })
}

static METHOD_CALL: BuiltinFunction = BuiltinFunction {
    unary: None,
    float: None,
    name: "__call__",
    call: |args, _| {
        let (mut keys, target) = keys_and_target(&args)?;
        let Value::Str(name) = keys.remove(0) else { return Err(type_error("method name must be a string")) };
        let mut kwargs = Kwargs::new();
        if let Value::Instance(inst) = &args[0] {
            if let Some(Value::Dict(d)) = inst.get_attr("_kwargs") {
                for (k, v) in d.iter() {
                    if let Value::Str(s) = &k.value {
                        kwargs.push((Arc::from(&*s.text), v.clone()));
                    }
                }
            }
        }
        let method = get_attr(target, &name.text)?;
        call_value(&method, keys, kwargs)
    },
};
