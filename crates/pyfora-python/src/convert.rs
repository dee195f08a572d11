//! Descriptors (plain Python values describing user objects) ⇄ runtime values.

use std::collections::HashMap;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use pyfora_runtime::dict::{new_dict, new_set, HKey};
use pyfora_runtime::ndarray::{Data, Dtype, NdArray};
use pyfora_runtime::value::{Class, Globals, Instance, Value};
use pyfora_runtime::{builtins, interp, modules};

use crate::engine::EngineState;
use crate::errors::{conversion, runtime_error, syntax_error};

/// State of one `define` call: values built so far by client id, and
/// global names whose values are still being built.
#[derive(Default)]
pub struct DefineCtx {
    pub refs: HashMap<i64, Value>,
    /// (globals, name, client id) to bind once every value exists.
    pub deferred: Vec<(Arc<Globals>, Arc<str>, i64)>,
    /// Client ids of the classes being built by this call (a reference to
    /// one waits for it, even when an older version of it is known).
    pub building: rustc_hash::FxHashSet<i64>,
}

fn tag_of<'py>(t: &Bound<'py, PyTuple>) -> PyResult<String> {
    t.get_item(0)?.extract::<String>()
}

fn dict_get<'py>(d: &Bound<'py, PyDict>, key: &str) -> PyResult<Bound<'py, PyAny>> {
    d.get_item(key)?.ok_or_else(|| conversion(format!("malformed descriptor: missing `{key}`")))
}

/// Deepest nesting of values converted between the client and the engine.
/// Conversion recurses on the client's thread, whose stack (8 MiB on the
/// main thread) holds this many levels with room to spare; deeper values
/// are refused with a conversion error rather than overflowing it.
const MAX_NESTING: u32 = 3000;

thread_local! {
    /// How many conversions are nested on this thread right now.
    static NESTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One level of a conversion in progress ([`MAX_NESTING`]).
struct Nesting;

impl Nesting {
    fn enter(direction: &str) -> PyResult<Nesting> {
        let depth = NESTING.with(|n| n.get());
        if depth >= MAX_NESTING {
            return Err(conversion(format!("the value is nested too deeply {direction} (more than {MAX_NESTING} levels)")));
        }
        NESTING.with(|n| n.set(depth + 1));
        Ok(Nesting)
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        NESTING.with(|n| n.set(n.get() - 1));
    }
}

/// Converts a descriptor into a value.
pub fn to_value(py: Python<'_>, st: &EngineState, ctx: &mut DefineCtx, obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    let _level = Nesting::enter("to be shipped")?;
    descriptor_value(py, st, ctx, obj)
}

fn descriptor_value(py: Python<'_>, st: &EngineState, ctx: &mut DefineCtx, obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::None);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        if let Ok(v) = i.extract::<i64>() {
            return Ok(Value::Int(v));
        }
        // Through hexadecimal: power-of-two bases are exempt from CPython's
        // 4300-digit limit on int <-> str conversion.
        let text: String = i.call_method1("__format__", ("x",))?.extract()?;
        return num_bigint::BigInt::parse_bytes(text.as_bytes(), 16)
            .map(Value::from_big)
            .ok_or_else(|| conversion(format!("malformed integer descriptor {text}")));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Value::Float(f.value()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let text: String = s.extract().map_err(|_| conversion("strings containing lone surrogates (such as '\\ud800') cannot be shipped"))?;
        return Ok(Value::str(text));
    }
    let t = obj
        .cast::<PyTuple>()
        .map_err(|_| conversion(format!("malformed descriptor of type {}", obj.get_type().name().map(|n| n.to_string()).unwrap_or_default())))?;
    let tag = tag_of(t)?;
    let items = |py: Python<'_>, ctx: &mut DefineCtx| -> PyResult<Vec<Value>> {
        let list = t.get_item(1)?;
        let mut out = Vec::with_capacity(list.len().unwrap_or(0));
        for x in list.try_iter()? {
            out.push(to_value(py, st, ctx, &x?)?);
        }
        Ok(out)
    };
    match tag.as_str() {
        "tuple" => Ok(Value::tuple(items(py, ctx)?)),
        "list" => Ok(Value::list(items(py, ctx)?)),
        "set" | "frozenset" => {
            let mut s = new_set();
            for v in items(py, ctx)? {
                s.insert(HKey::new(v).map_err(|e| runtime_error(py, e, None))?);
            }
            Ok(if tag == "set" { Value::Set(Arc::new(s)) } else { Value::FrozenSet(Arc::new(s)) })
        }
        "dict" => {
            let mut d = new_dict();
            for pair in t.get_item(1)?.try_iter()? {
                let pair = pair?;
                let k = to_value(py, st, ctx, &pair.get_item(0)?)?;
                let v = to_value(py, st, ctx, &pair.get_item(1)?)?;
                d.insert(HKey::new(k).map_err(|e| runtime_error(py, e, None))?, v);
            }
            Ok(Value::Dict(Arc::new(d)))
        }
        // (The client refuses the modules pyfora does not provide where
        // the user's code names them; a class's methods get a
        // "refusedmodule".)
        "module" => {
            let name: String = t.get_item(1)?.extract()?;
            modules::module(&name)
                .ok_or_else(|| conversion(format!("module `{name}` cannot be used inside pyfora code; pyfora provides {}", modules::provided_list())))
        }
        "usermodule" => user_module(py, st, ctx, &t.get_item(1)?.cast_into::<PyDict>()?),
        // A module a class's methods name that pyfora can never use: an
        // error only if a method that uses it runs.
        "refusedmodule" => Ok(refused_module(t.get_item(1)?.extract()?, t.get_item(2)?.extract()?)),
        "member" => {
            let module: String = t.get_item(1)?.extract()?;
            let name: String = t.get_item(2)?.extract()?;
            let m = modules::module(&module).ok_or_else(|| conversion(format!("module `{module}` cannot be used inside pyfora code")))?;
            interp::get_attr(&m, &name).map_err(|_| conversion(format!("`{module}.{name}` is not available inside pyfora code")))
        }
        "ndarray" => array(&t),
        // A local variable of the client's function not bound yet.
        "unbound" => Ok(Value::Unbound),
        "builtin" => {
            let name: String = t.get_item(1)?.extract()?;
            builtins::lookup(&name).ok_or_else(|| conversion(format!("builtin `{name}` is not available inside pyfora code")))
        }
        "handle" => {
            let h: u64 = t.get_item(1)?.extract()?;
            st.value_of(h)
        }
        "shared" => {
            // A value reached more than once in this descriptor; later
            // occurrences are `("ref", key)`.
            let key: i64 = t.get_item(1)?.extract()?;
            let v = to_value(py, st, ctx, &t.get_item(2)?)?;
            ctx.refs.insert(key, v.clone());
            Ok(v)
        }
        "ref" => {
            let id: i64 = t.get_item(1)?.extract()?;
            if let Some(v) = ctx.refs.get(&id) {
                return Ok(v.clone());
            }
            if let Some(c) = st.class_by_id(id) {
                return Ok(Value::Class(c));
            }
            Err(conversion(format!("reference to object {id} before its definition")))
        }
        "function" => function(py, st, ctx, &t.get_item(1)?.cast_into::<PyDict>()?),
        "class" => class(py, st, ctx, &t.get_item(1)?.cast_into::<PyDict>()?),
        "instance" => {
            let cls = t.get_item(1)?;
            let class_value = if let Ok(d) = cls.cast::<PyDict>() { class(py, st, ctx, d)? } else { to_value(py, st, ctx, &cls)? };
            let Value::Class(c) = class_value else {
                return Err(conversion("instance of something that is not a class"));
            };
            let attrs_obj = t.get_item(2)?;
            let attrs = attrs_obj.cast::<PyDict>()?;
            let mut out = Vec::new();
            for (k, v) in attrs.iter() {
                let k: String = k.extract()?;
                out.push((Arc::from(k.as_str()), to_value(py, st, ctx, &v)?));
            }
            Ok(Value::Instance(Arc::new(Instance::new(c, out, true))))
        }
        // `("attr", obj, name)`: an attribute of a value (`str.lower`,
        // `",".join`).
        "attr" => {
            let obj = to_value(py, st, ctx, &t.get_item(1)?)?;
            let name: String = t.get_item(2)?.extract()?;
            interp::get_attr(&obj, &name).map_err(|_| conversion(format!("`{}.{name}` is not available inside pyfora code", obj.type_name())))
        }
        // `("call", callable, [args])`: a value rebuilt by calling a builtin
        // (`range(2, 10, 3)`, `ValueError("bad")`, `operator.itemgetter(1)`).
        "call" => {
            let callable = to_value(py, st, ctx, &t.get_item(1)?)?;
            let mut args = Vec::new();
            for x in t.get_item(2)?.try_iter()? {
                args.push(to_value(py, st, ctx, &x?)?);
            }
            py.detach(|| crate::engine::on_engine_thread(move || interp::call_value(&callable, args, vec![])))
                .map_err(crate::engine::internal_error)?
                .map_err(|e| runtime_error(py, e, None))
        }
        other => Err(conversion(format!("unknown descriptor `{other}`"))),
    }
}

/// A module remote code cannot use, standing for one a class's methods
/// name: reading any attribute of it raises `why` as a refusal.
fn refused_module(name: String, why: String) -> Value {
    let module = pyfora_runtime::value::Module {
        name: Box::leak(name.into_boxed_str()),
        attrs: Default::default(),
        unshipped: Default::default(),
        refused: Some(Box::leak(why.into_boxed_str())),
    };
    Value::Module(Box::leak(Box::new(module)))
}

/// Converts the globals and closure of a spec into `globals`, deferring
/// references to objects still under construction.
fn fill_globals(py: Python<'_>, st: &EngineState, ctx: &mut DefineCtx, globals: &Arc<Globals>, spec: &Bound<'_, PyDict>) -> PyResult<()> {
    let mut names = rustc_hash::FxHashMap::default();
    for key in ["globals", "closure"] {
        if let Some(d) = spec.get_item(key)? {
            for (k, v) in d.cast::<PyDict>()?.iter() {
                let name: String = k.extract()?;
                let name: Arc<str> = Arc::from(name.as_str());
                if let Ok(t) = v.cast::<PyTuple>() {
                    if t.len() == 2 && tag_of(t).ok().as_deref() == Some("ref") {
                        let id: i64 = t.get_item(1)?.extract()?;
                        // A reference to something still being built waits
                        // for it (a class built here may have been shipped
                        // before in another form); one to a class shipped
                        // before, reused here, resolves at once.
                        if !ctx.refs.contains_key(&id) && (ctx.building.contains(&id) || st.class_by_id(id).is_none()) {
                            ctx.deferred.push((globals.clone(), name, id));
                            continue;
                        }
                    }
                }
                let value = to_value(py, st, ctx, &v)?;
                names.insert(name, value);
            }
        }
    }
    let _ = globals.names.set(names);
    Ok(())
}

fn function(py: Python<'_>, st: &EngineState, ctx: &mut DefineCtx, spec: &Bound<'_, PyDict>) -> PyResult<Value> {
    let id: i64 = dict_get(spec, "id")?.extract()?;
    if let Some(v) = ctx.refs.get(&id) {
        return Ok(v.clone());
    }
    let kind: String = dict_get(spec, "kind")?.extract()?;
    let name: String = dict_get(spec, "name")?.extract()?;
    let path: String = dict_get(spec, "path")?.extract()?;
    let line: u32 = dict_get(spec, "line")?.extract()?;
    let params: Vec<String> = match spec.get_item("params")? {
        Some(p) => p.extract()?,
        None => vec![],
    };
    // Which of several lambdas alike on one line (the client tells them apart).
    let index: usize = match spec.get_item("index")? {
        Some(i) => i.extract()?,
        None => 0,
    };
    let code = st.function_code(&path, line, &kind, &name, &params, index).map_err(|e| match e {
        crate::engine::CodeError::Syntax(s) => syntax_error(py, &s),
        crate::engine::CodeError::Runtime(r) => runtime_error(py, r, None),
        crate::engine::CodeError::NoSource(p) => conversion(format!("the source of `{p}` was not registered")),
    })?;
    let mut defaults = Vec::new();
    if let Some(d) = spec.get_item("defaults")? {
        for x in d.try_iter()? {
            defaults.push(to_value(py, st, ctx, &x?)?);
        }
    }
    let mut kwdefaults = Vec::new();
    if let Some(d) = spec.get_item("kwdefaults")? {
        for (k, v) in d.cast::<PyDict>()?.iter() {
            let k: String = k.extract()?;
            kwdefaults.push((Arc::from(k.as_str()), to_value(py, st, ctx, &v)?));
        }
    }
    let globals = Arc::new(Globals::default());
    let function = interp::make_function(code, globals.clone(), defaults, kwdefaults, vec![]);
    let _ = function.client_id.set(id);
    let f = Value::Function(function.clone());
    ctx.refs.insert(id, f.clone());
    fill_globals(py, st, ctx, &globals, spec)?;
    if let Some(attrs) = spec.get_item("attrs")? {
        let mut values = Vec::new();
        for (k, v) in attrs.cast::<PyDict>()?.iter() {
            let k: String = k.extract()?;
            values.push((Arc::from(k.as_str()), to_value(py, st, ctx, &v)?));
        }
        let _ = function.attrs.set(values);
    }
    Ok(f)
}

fn class(py: Python<'_>, st: &EngineState, ctx: &mut DefineCtx, spec: &Bound<'_, PyDict>) -> PyResult<Value> {
    let id: i64 = dict_get(spec, "id")?.extract()?;
    if let Some(v) = ctx.refs.get(&id) {
        return Ok(v.clone());
    }
    if let Some(c) = st.class_for_spec(id, spec.as_any()) {
        // Kept only while its bases are still the classes this descriptor's
        // bases convert to (a base built anew makes its subclasses new too,
        // or `issubclass` would see two different bases).
        let mut bases = Vec::new();
        if let Some(b) = spec.get_item("bases")? {
            for x in b.try_iter()? {
                bases.push(to_value(py, st, ctx, &x?)?);
            }
        }
        let same_bases = bases.len() == c.bases.len() && bases.iter().zip(&c.bases).all(|(b, mine)| matches!(b, Value::Class(b) if Arc::ptr_eq(b, mine)));
        if same_bases {
            let class = Value::Class(c);
            ctx.refs.insert(id, class.clone());
            // The descriptor spelled out the functions and classes its
            // methods reach, and later references in it point at those:
            // they resolve to the ones the kept class holds.
            register_reachable(ctx, &class, &mut rustc_hash::FxHashSet::default());
            return Ok(class);
        }
    }
    ctx.building.insert(id);
    let built = build_class(py, st, ctx, spec, id);
    ctx.building.remove(&id);
    built
}

/// Records in `ctx.refs`, by client id, the functions and classes `v`
/// reaches through class namespaces, bases and function globals (those
/// not recorded already; `seen` holds the addresses visited).
fn register_reachable(ctx: &mut DefineCtx, v: &Value, seen: &mut rustc_hash::FxHashSet<usize>) {
    match v {
        Value::Function(f) => {
            if !seen.insert(Arc::as_ptr(f) as usize) {
                return;
            }
            if let Some(id) = f.client_id.get() {
                ctx.refs.entry(*id).or_insert_with(|| v.clone());
            }
            for names in [f.globals.names.get(), f.globals.late.get()].into_iter().flatten() {
                for value in names.values() {
                    register_reachable(ctx, value, seen);
                }
            }
            for value in &f.defaults {
                register_reachable(ctx, value, seen);
            }
        }
        Value::Class(c) => {
            if !seen.insert(Arc::as_ptr(c) as usize) {
                return;
            }
            if let Some(id) = c.client_id {
                ctx.refs.entry(id).or_insert_with(|| v.clone());
            }
            for base in &c.bases {
                register_reachable(ctx, &Value::Class(base.clone()), seen);
            }
            for (_, value) in &c.namespace {
                register_reachable(ctx, value, seen);
            }
        }
        Value::StaticMethod(inner) | Value::ClassMethod(inner) => register_reachable(ctx, inner, seen),
        Value::Property(p) => {
            for part in [&p.fget, &p.fset] {
                register_reachable(ctx, part, seen);
            }
        }
        _ => {}
    }
}

/// Builds the class `spec` describes (client id `id`) anew.
fn build_class(py: Python<'_>, st: &EngineState, ctx: &mut DefineCtx, spec: &Bound<'_, PyDict>, id: i64) -> PyResult<Value> {
    let name: String = dict_get(spec, "name")?.extract()?;
    let path: String = dict_get(spec, "path")?.extract()?;
    let line: u32 = dict_get(spec, "line")?.extract()?;
    let mut bases = Vec::new();
    if let Some(b) = spec.get_item("bases")? {
        for x in b.try_iter()? {
            bases.push(to_value(py, st, ctx, &x?)?);
        }
    }
    let code = st.function_code(&path, line, "class", &name, &[], 0).map_err(|e| match e {
        crate::engine::CodeError::Syntax(s) => syntax_error(py, &s),
        crate::engine::CodeError::Runtime(r) => runtime_error(py, r, None),
        crate::engine::CodeError::NoSource(p) => conversion(format!("the source of `{p}` was not registered")),
    })?;
    let globals = Arc::new(Globals::default());
    fill_globals(py, st, ctx, &globals, spec)?;
    let mut attrs = Vec::new();
    if let Some(a) = spec.get_item("attrs")? {
        for (k, v) in a.cast_into::<PyDict>()?.iter() {
            attrs.push((Arc::from(k.extract::<String>()?.as_str()), to_value(py, st, ctx, &v)?));
        }
    }
    // Class decorators (outermost first), applied again as the class
    // statement applied them: innermost first.
    let mut decorators = Vec::new();
    if let Some(d) = spec.get_item("decorators")? {
        for x in d.try_iter()? {
            decorators.push(to_value(py, st, ctx, &x?)?);
        }
    }
    let body = interp::make_function(code, globals, vec![], vec![], vec![]);
    let class = py
        .detach(|| {
            crate::engine::on_engine_thread(move || {
                let mut class = interp::build_class(Arc::from(name.as_str()), &body, bases, Some(id), attrs)?;
                for decorator in decorators.iter().rev() {
                    class = interp::call_value(decorator, vec![class], vec![])?;
                }
                Ok(class)
            })
        })
        .map_err(crate::engine::internal_error)?
        .map_err(|e| runtime_error(py, e, None))?;
    if let Value::Class(c) = &class {
        st.remember_class(id, spec.as_any(), c.clone());
    }
    ctx.refs.insert(id, class.clone());
    Ok(class)
}

/// One of the user's own modules, holding the attributes its code reads
/// (see `ObjectWalker._walkUserModule`). Modules live as long as the
/// process (`Value::Module` holds a `'static` one), so each shipment of a
/// user module keeps its attributes alive from then on.
fn user_module(py: Python<'_>, st: &EngineState, ctx: &mut DefineCtx, spec: &Bound<'_, PyDict>) -> PyResult<Value> {
    let id: i64 = dict_get(spec, "id")?.extract()?;
    if let Some(v) = ctx.refs.get(&id) {
        return Ok(v.clone());
    }
    let name: String = dict_get(spec, "name")?.extract()?;
    let mut attrs = rustc_hash::FxHashMap::default();
    for (k, v) in dict_get(spec, "attrs")?.cast_into::<PyDict>()?.iter() {
        let key: &'static str = Box::leak(k.extract::<String>()?.into_boxed_str());
        attrs.insert(key, to_value(py, st, ctx, &v)?);
    }
    let mut unshipped = rustc_hash::FxHashSet::default();
    if let Some(names) = spec.get_item("names")? {
        for n in names.try_iter()? {
            let n: String = n?.extract()?;
            if !attrs.contains_key(n.as_str()) {
                unshipped.insert(&*Box::leak(n.into_boxed_str()));
            }
        }
    }
    let module: &'static pyfora_runtime::value::Module =
        Box::leak(Box::new(pyfora_runtime::value::Module { name: Box::leak(name.into_boxed_str()), attrs, unshipped, refused: None }));
    let value = Value::Module(module);
    ctx.refs.insert(id, value.clone());
    Ok(value)
}

/// Binds the deferred global names once all values exist.
pub fn finish(ctx: &mut DefineCtx) {
    let mut by_globals: Vec<(Arc<Globals>, rustc_hash::FxHashMap<Arc<str>, Value>)> = Vec::new();
    for (g, name, id) in ctx.deferred.drain(..) {
        let Some(v) = ctx.refs.get(&id) else { continue };
        match by_globals.iter_mut().find(|(x, _)| Arc::ptr_eq(x, &g)) {
            Some((_, m)) => {
                m.insert(name, v.clone());
            }
            None => {
                let mut m = rustc_hash::FxHashMap::default();
                m.insert(name, v.clone());
                by_globals.push((g, m));
            }
        }
    }
    for (g, m) in by_globals {
        let _ = g.late.set(m);
    }
}

/// A value as a descriptor for the client.
pub fn to_python<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    let outermost = NESTING.with(|n| n.get()) == 0;
    let _level = Nesting::enter("to download")?;
    if !outermost {
        return value_descriptor(py, v);
    }
    ALIASES.with(|a| a.borrow_mut().clear());
    let result = value_descriptor(py, v);
    ALIASES.with(|a| a.borrow_mut().clear());
    result
}

/// The module pyfora provides that holds the builtin function `b` under
/// its own name (`math` for `math.floor`).
fn provided_member(b: &'static pyfora_runtime::value::BuiltinFunction) -> Option<&'static str> {
    modules::PROVIDED.iter().copied().find(|name| match modules::module(name) {
        Some(Value::Module(m)) => matches!(m.attrs.get(b.name), Some(Value::Builtin(x)) if std::ptr::eq(*x, b)),
        _ => false,
    })
}

/// A numpy array as a descriptor: `("ndarray", dtype, shape, bytes)`.
fn array_descriptor<'py>(py: Python<'py>, a: &NdArray) -> PyResult<Bound<'py, PyAny>> {
    let bytes: Vec<u8> = match &a.data {
        Data::Float(v) => v.iter().flat_map(|x| x.to_ne_bytes()).collect(),
        Data::Int(v) => v.iter().flat_map(|x| x.to_ne_bytes()).collect(),
        Data::Bool(v) => v.iter().map(|&b| b as u8).collect(),
    };
    let shape = PyTuple::new(py, a.shape.iter().copied())?;
    Ok(PyTuple::new(
        py,
        [PyString::new(py, "ndarray").into_any(), PyString::new(py, a.dtype().name()).into_any(), shape.into_any(), PyBytes::new(py, &bytes).into_any()],
    )?
    .into_any())
}

thread_local! {
    /// The lists, dicts, sets and instances the download in progress has
    /// described, by address, with their keys ([`aliased`]).
    static ALIASES: std::cell::RefCell<rustc_hash::FxHashMap<usize, i64>> = std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// A list, dict, set or instance held in more than one place (`shared`,
/// its address `ptr`) comes back as one object: `("alias", key, desc)`
/// where a download first reaches it, `("same", key)` wherever it is
/// reached again — also from inside itself (`self.me = self`).
fn aliased<'py>(py: Python<'py>, ptr: usize, shared: bool, build: impl FnOnce() -> PyResult<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
    if !shared {
        return build();
    }
    let (key, seen) = ALIASES.with(|a| {
        let mut a = a.borrow_mut();
        match a.get(&ptr) {
            Some(key) => (*key, true),
            None => {
                let key = a.len() as i64;
                a.insert(ptr, key);
                (key, false)
            }
        }
    });
    if seen {
        return Ok(PyTuple::new(py, [PyString::new(py, "same").into_any(), key.into_pyobject(py)?.into_any()])?.into_any());
    }
    let desc = build()?;
    Ok(PyTuple::new(py, [PyString::new(py, "alias").into_any(), key.into_pyobject(py)?.into_any(), desc])?.into_any())
}

fn value_descriptor<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::None => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        // Hexadecimal, not decimal: CPython's 4300-digit limit on int(str)
        // does not apply to power-of-two bases.
        Value::Big(b) => py.get_type::<PyInt>().call1((b.to_str_radix(16), 16))?,
        Value::Float(f) => PyFloat::new(py, *f).into_any(),
        Value::Str(s) => PyString::new(py, &s.text).into_any(),
        Value::Tuple(items) | Value::List(items) => {
            let is_list = matches!(v, Value::List(_));
            let tag = if is_list { "list" } else { "tuple" };
            return aliased(py, Arc::as_ptr(items) as usize, is_list && Arc::strong_count(items) > 1, || {
                let list = PyList::empty(py);
                for x in items.iter() {
                    list.append(to_python(py, x)?)?;
                }
                Ok(PyTuple::new(py, [PyString::new(py, tag).into_any(), list.into_any()])?.into_any())
            });
        }
        Value::Set(s) | Value::FrozenSet(s) => {
            let is_set = matches!(v, Value::Set(_));
            let tag = if is_set { "set" } else { "frozenset" };
            return aliased(py, Arc::as_ptr(s) as usize, is_set && Arc::strong_count(s) > 1, || {
                let list = PyList::empty(py);
                for k in s.iter() {
                    list.append(to_python(py, &k.value)?)?;
                }
                Ok(PyTuple::new(py, [PyString::new(py, tag).into_any(), list.into_any()])?.into_any())
            });
        }
        Value::Dict(d) => {
            return aliased(py, Arc::as_ptr(d) as usize, Arc::strong_count(d) > 1, || {
                let list = PyList::empty(py);
                for (k, x) in d.iter() {
                    list.append(PyTuple::new(py, [to_python(py, &k.value)?, to_python(py, x)?])?)?;
                }
                Ok(PyTuple::new(py, [PyString::new(py, "dict").into_any(), list.into_any()])?.into_any())
            });
        }
        // A view comes back as a view of the rebuilt dict.
        Value::DictView(view) => {
            let tag = view.type_name_str();
            let dict = to_python(py, &Value::Dict(view.dict.clone()))?;
            PyTuple::new(py, [PyString::new(py, tag).into_any(), dict])?.into_any()
        }
        Value::Slice(s) => {
            PyTuple::new(py, [PyString::new(py, "slice").into_any(), to_python(py, &s.lower)?, to_python(py, &s.upper)?, to_python(py, &s.step)?])?.into_any()
        }
        Value::Ellipsis => PyTuple::new(py, [PyString::new(py, "ellipsis").into_any()])?.into_any(),
        Value::Range(r) => PyTuple::new(
            py,
            [PyString::new(py, "range").into_any(), to_python(py, &r.start_value())?, to_python(py, &r.stop_value())?, to_python(py, &r.step_value())?],
        )?
        .into_any(),
        Value::Instance(i) => {
            return aliased(py, Arc::as_ptr(i) as usize, Arc::strong_count(i) > 1, || {
                let attrs = PyDict::new(py);
                for (k, x) in i.attrs.read().expect("instance lock").iter() {
                    attrs.set_item(&**k, to_python(py, x)?)?;
                }
                let cls: Bound<'py, PyAny> = class_ref(py, &i.class)?;
                Ok(PyTuple::new(py, [PyString::new(py, "instance").into_any(), cls, attrs.into_any()])?.into_any())
            });
        }
        Value::Class(c) if c.is_builtin => PyTuple::new(py, [PyString::new(py, "builtin").into_any(), PyString::new(py, &c.name).into_any()])?.into_any(),
        // Classes and functions the client shipped come back as its own.
        Value::Class(c) if c.client_id.is_some() => {
            PyTuple::new(py, [PyString::new(py, "ref").into_any(), c.client_id.into_pyobject(py)?.into_any()])?.into_any()
        }
        Value::Function(f) if f.client_id.get().is_some() => {
            PyTuple::new(py, [PyString::new(py, "ref").into_any(), f.client_id.get().copied().into_pyobject(py)?.into_any()])?.into_any()
        }
        // A builtin function comes back as the client's own (`len`,
        // `math.floor`), found by name where pyfora provides it.
        Value::Builtin(b) => {
            if modules::is_python_builtin(b) {
                PyTuple::new(py, [PyString::new(py, "builtin").into_any(), PyString::new(py, b.name).into_any()])?.into_any()
            } else if let Some(module) = provided_member(b) {
                PyTuple::new(py, [PyString::new(py, "member").into_any(), PyString::new(py, module).into_any(), PyString::new(py, b.name).into_any()])?
                    .into_any()
            } else {
                return Err(cannot_come_back(v));
            }
        }
        Value::Type(t) => PyTuple::new(py, [PyString::new(py, "builtin").into_any(), PyString::new(py, t.name()).into_any()])?.into_any(),
        Value::Array(a) => {
            return aliased(py, Arc::as_ptr(a) as usize, Arc::strong_count(a) > 1, || array_descriptor(py, a));
        }
        other => return Err(cannot_come_back(other)),
    })
}

/// The error for a value that has no local counterpart.
fn cannot_come_back(v: &Value) -> PyErr {
    conversion(format!("a value of type `{}` cannot be brought back to Python; return data (numbers, strings, containers, instances) instead", v.type_name()))
}

/// `("ndarray", dtype, shape, bytes)`: a numpy array's items in C order,
/// native byte order.
fn array(t: &Bound<'_, PyTuple>) -> PyResult<Value> {
    let dtype: String = t.get_item(1)?.extract()?;
    let shape: Vec<usize> = t.get_item(2)?.extract()?;
    let raw: Vec<u8> = t.get_item(3)?.extract()?;
    let dtype = Dtype::from_name(&dtype).ok_or_else(|| conversion(format!("numpy arrays of dtype {dtype} cannot be shipped")))?;
    let width = if dtype == Dtype::Bool { 1 } else { 8 };
    let count: usize = shape.iter().product();
    if shape.is_empty() || raw.len() != count * width {
        return Err(conversion("malformed numpy array descriptor"));
    }
    let word = |c: &[u8]| <[u8; 8]>::try_from(c).expect("8-byte chunks");
    let data = match dtype {
        Dtype::Float => Data::Float(raw.chunks_exact(8).map(|c| f64::from_ne_bytes(word(c))).collect()),
        Dtype::Int => Data::Int(raw.chunks_exact(8).map(|c| i64::from_ne_bytes(word(c))).collect()),
        Dtype::Bool => Data::Bool(raw.iter().map(|&b| b != 0).collect()),
    };
    Ok(NdArray::new(shape, data).into_value())
}

fn class_ref<'py>(py: Python<'py>, c: &Arc<Class>) -> PyResult<Bound<'py, PyAny>> {
    if c.is_builtin {
        return Ok(PyTuple::new(py, [PyString::new(py, "builtin").into_any(), PyString::new(py, &c.name).into_any()])?.into_any());
    }
    match c.client_id {
        Some(id) => Ok(id.into_pyobject(py)?.into_any()),
        None => {
            Err(conversion(format!("an instance of class `{}` defined inside remote code cannot be brought back; define the class in your module", c.name)))
        }
    }
}

thread_local! {
    /// How deep [`exception_parts`] is in a chain of `__cause__`/`__context__`.
    static CHAIN_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// (type name, client class id or None, args descriptors, details) of an
/// exception; details hold a rebuilt class's base and attributes and the
/// chained exceptions' own parts (`cause`, `context`, `suppress_context`).
pub fn exception_parts(py: Python<'_>, exc: &Value) -> (String, Py<PyAny>, Py<PyAny>, Py<PyAny>) {
    let details = PyDict::new(py);
    let (name, class_id) = match exc {
        Value::Instance(i) => {
            let id = if i.class.is_builtin { None } else { i.class.client_id };
            if !i.class.is_builtin && id.is_none() {
                // A class the remote code created: the client stands in for
                // it with a class of the same name under its nearest ancestor
                // it knows (a builtin, or a class it shipped).
                let base = i.class.mro().iter().skip(1).find(|c| c.is_builtin || c.client_id.is_some()).map(|c| match c.client_id {
                    Some(id) if !c.is_builtin => id.into_pyobject(py).map(|o| o.into_any()),
                    _ => PyString::new(py, &c.name).into_pyobject(py).map(|o| o.into_any()),
                });
                if let Some(Ok(base)) = base {
                    let _ = details.set_item("base", base);
                }
            }
            let attributes = PyDict::new(py);
            // (name, why) of the attributes that cannot come back.
            let lost = PyList::empty(py);
            for (k, x) in i.attrs.read().expect("instance lock").iter() {
                // Notes added remotely (`add_note`) come back with it.
                if &**k != "args" && (!k.starts_with("__") || &**k == "__notes__") {
                    match to_python(py, x) {
                        Ok(o) => {
                            let _ = attributes.set_item(&**k, o);
                        }
                        Err(e) => {
                            // The conversion error's message (its first argument).
                            let why = e.value(py).getattr("args").and_then(|a| a.get_item(0)).map(|m| m.to_string()).unwrap_or_else(|_| e.to_string());
                            let _ = lost.append((&**k, why));
                        }
                    }
                }
            }
            let _ = details.set_item("attributes", attributes);
            let _ = details.set_item("lost", lost);
            // The chained exceptions, as parts of their own (a chain is short;
            // a cycle is cut by the depth limit).
            if CHAIN_DEPTH.with(|d| d.get()) < 8 {
                for (attr, key) in [("__cause__", "cause"), ("__context__", "context")] {
                    if let Some(chained @ Value::Instance(_)) = i.get_attr(attr) {
                        CHAIN_DEPTH.with(|d| d.set(d.get() + 1));
                        let parts = exception_parts(py, &chained);
                        CHAIN_DEPTH.with(|d| d.set(d.get() - 1));
                        let _ = details.set_item(key, parts);
                    }
                }
            }
            if let Some(Value::Bool(b)) = i.get_attr("__suppress_context__") {
                let _ = details.set_item("suppress_context", b);
            }
            (i.class.name.to_string(), id)
        }
        other => (other.type_name().to_string(), None),
    };
    let args = pyfora_runtime::ops::exception_args(exc);
    let args_list = PyList::empty(py);
    if let Value::Tuple(items) = &args {
        for x in items.iter() {
            match to_python(py, x) {
                Ok(o) => {
                    let _ = args_list.append(o);
                }
                Err(_) => {
                    // On an engine thread's stack: the argument may be nested
                    // far deeper than this thread's stack could print.
                    let x = x.clone();
                    let text = crate::engine::on_engine_thread(move || pyfora_runtime::ops::repr(&x).unwrap_or_default()).unwrap_or_default();
                    let _ = args_list.append(text);
                }
            }
        }
    }
    let id_obj: Py<PyAny> = match class_id {
        Some(i) => i.into_pyobject(py).map(|o| o.into_any().unbind()).unwrap_or_else(|_| py.None()),
        None => py.None(),
    };
    (name, id_obj, args_list.into_any().unbind(), details.into_any().unbind())
}
