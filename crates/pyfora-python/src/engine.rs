//! The embedded engine: user sources, compiled code, and values addressed
//! by integer handles. Computations run on engine threads (large stacks,
//! GIL released) and can be cancelled by token.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::prelude::*;
use pyo3::types::PyDict;

use pyfora_runtime::value::{Class, Globals, PyStr, RtCode, Value};
use pyfora_runtime::{interp, Error};
use pyfora_syntax::{lower, SourceFile, SyntaxError};

use crate::convert::{self, DefineCtx};
use crate::errors::{conversion, runtime_error, syntax_error};
use crate::reuse::Reuse;

pub use crate::engine_threads::on_engine_thread;
pub(crate) use crate::engine_threads::ENGINE_STACK_BYTES;

/// The Python exception for an engine thread that failed.
pub fn internal_error(message: String) -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err(message)
}

/// Why code for a definition could not be produced.
pub enum CodeError {
    Syntax(SyntaxError),
    Runtime(Error),
    NoSource(String),
}

/// Path, line, kind, name, parameters, and index among lambdas alike on that line.
type CodeKey = (String, u32, String, String, Vec<String>, usize);

/// Shared engine state (also used from engine threads).
#[derive(Default)]
pub struct EngineState {
    sources: Mutex<HashMap<String, Arc<Result<SourceFile, SyntaxError>>>>,
    code: Mutex<HashMap<CodeKey, Arc<RtCode>>>,
    handles: Mutex<HashMap<u64, Value>>,
    next_handle: AtomicU64,
    classes: Mutex<HashMap<i64, (Py<PyAny>, Arc<Class>)>>,
    cancel_flags: Mutex<HashMap<u64, Arc<AtomicBool>>>,
    /// Descriptors passed to `define` recently and their values.
    defined: Reuse<Value>,
    /// Environments of `with` blocks run recently and their values.
    environments: Reuse<rustc_hash::FxHashMap<Arc<str>, Value>>,
}

impl Drop for EngineState {
    fn drop(&mut self) {
        // Values still held are freed on the reaper's stack (`reaper`).
        let handles = std::mem::take(self.handles.get_mut().unwrap_or_else(|e| e.into_inner()));
        handles.into_values().for_each(crate::reaper::release);
    }
}

impl EngineState {
    /// The value behind a handle.
    pub fn get(&self, h: u64) -> Option<Value> {
        self.handles.lock().expect("handles lock").get(&h).cloned()
    }

    /// The value behind handle `h`, or the error for a released one.
    pub fn value_of(&self, h: u64) -> PyResult<Value> {
        self.get(h).ok_or_else(|| conversion(format!("remote object {h} no longer exists")))
    }

    fn store(&self, v: Value) -> u64 {
        let h = self.next_handle.fetch_add(1, Ordering::Relaxed) + 1;
        self.handles.lock().expect("handles lock").insert(h, v);
        h
    }

    /// A class the client shipped earlier, by its client id.
    pub fn class_by_id(&self, id: i64) -> Option<Arc<Class>> {
        self.classes.lock().expect("classes lock").get(&id).map(|(_, c)| c.clone())
    }

    /// The class shipped earlier with client id `id` when it was shipped
    /// with the same descriptor `spec` (same body, attributes, globals):
    /// later calls then keep its identity. A class changed since (an
    /// attribute set, a global its methods read rebound) is built anew.
    pub fn class_for_spec(&self, id: i64, spec: &Bound<'_, PyAny>) -> Option<Arc<Class>> {
        let classes = self.classes.lock().expect("classes lock");
        let (shipped, class) = classes.get(&id)?;
        crate::reuse::same_class(shipped.bind(spec.py()), spec).then(|| class.clone())
    }

    /// Remembers a shipped class and the descriptor it was built from.
    pub fn remember_class(&self, id: i64, spec: &Bound<'_, PyAny>, c: Arc<Class>) {
        self.classes.lock().expect("classes lock").insert(id, (spec.clone().unbind(), c));
    }

    fn source(&self, path: &str) -> Result<Arc<Result<SourceFile, SyntaxError>>, CodeError> {
        self.sources.lock().expect("sources lock").get(path).cloned().ok_or_else(|| CodeError::NoSource(path.to_string()))
    }

    /// Compiled code of the definition at `path:line` (cached).
    pub fn function_code(&self, path: &str, line: u32, kind: &str, name: &str, params: &[String], index: usize) -> Result<Arc<RtCode>, CodeError> {
        let key = (path.to_string(), line, kind.to_string(), name.to_string(), params.to_vec(), index);
        if let Some(c) = self.code.lock().expect("code lock").get(&key) {
            return Ok(c.clone());
        }
        let src = self.source(path)?;
        let src = src.as_ref().as_ref().map_err(|e| CodeError::Syntax(e.clone()))?;
        let ir = match kind {
            "def" => lower::lower_function(src, src.find_def(line, name).map_err(CodeError::Syntax)?),
            "lambda" => lower::lower_lambda(src, src.find_lambda(line, params, index).map_err(CodeError::Syntax)?),
            "class" => lower::lower_class(src, src.find_class(line, name).map_err(CodeError::Syntax)?),
            "block" => lower::lower_block(src, src.find_with(line).map_err(CodeError::Syntax)?),
            other => return Err(CodeError::NoSource(format!("unknown definition kind {other}"))),
        }
        .map_err(CodeError::Syntax)?;
        let code = interp::prepare(&ir).map_err(CodeError::Runtime)?;
        self.code.lock().expect("code lock").insert(key, code.clone());
        Ok(code)
    }

    fn code_error(&self, py: Python<'_>, e: CodeError) -> PyErr {
        match e {
            CodeError::Syntax(s) => syntax_error(py, &s),
            CodeError::Runtime(r) => runtime_error(py, r, None),
            CodeError::NoSource(p) => conversion(format!("the source of `{p}` was not registered")),
        }
    }
}

/// The embedded engine (`pyfora._core.Engine`).
#[pyclass(module = "pyfora._core")]
pub struct Engine {
    state: Arc<EngineState>,
    threads: usize,
    /// Whether computations may use native code (`PYFORA_JIT`, default on).
    jit: bool,
}

fn cancel_flag(st: &EngineState, token: Option<u64>) -> Option<Arc<AtomicBool>> {
    token.map(|t| st.cancel_flags.lock().expect("cancel lock").entry(t).or_insert_with(|| Arc::new(AtomicBool::new(false))).clone())
}

/// Ends the computation of `token`: its cancellation flag is set, so that
/// forked work still running for it (a second call started ahead of a
/// first that failed) stops, and forgotten.
fn finish_computation(st: &EngineState, token: Option<u64>) {
    if let Some(t) = token {
        if let Some(flag) = st.cancel_flags.lock().expect("cancel lock").remove(&t) {
            pyfora_runtime::forks::cancel_computation(&flag);
        }
    }
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (threads=None, python_minor=None))]
    fn new(threads: Option<usize>, python_minor: Option<u8>) -> Self {
        if let Some(minor) = python_minor {
            pyfora_runtime::compat::set_python_minor(minor);
        }
        let from_env = std::env::var("PYFORA_THREADS").ok().and_then(|v| v.trim().parse::<usize>().ok()).filter(|n| *n > 0);
        let threads = threads.or(from_env).unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
        let jit = std::env::var("PYFORA_JIT").map(|v| v.trim() != "0").unwrap_or(true);
        if jit {
            pyfora_jit::install();
        }
        pyfora_jit::install_scheduler();
        Engine { state: Arc::new(EngineState::default()), threads, jit }
    }

    /// Follows the client's `sys.set_int_max_str_digits(limit)` (0: no
    /// limit) in int <-> str conversions.
    fn set_int_max_str_digits(&self, limit: usize) {
        pyfora_runtime::compat::set_int_max_str_digits(limit);
    }

    /// Number of cores computations may use.
    fn worker_count(&self) -> usize {
        self.threads
    }

    /// Worker threads busy with pieces of parallel work right now.
    fn workers_busy(&self) -> usize {
        pyfora_runtime::native::WORKERS_BUSY.load(Ordering::Relaxed)
    }

    /// Fraction done of the parallel reductions running now, if any.
    fn fraction_done(&self) -> Option<f64> {
        pyfora_runtime::native::fraction_done()
    }

    /// Whether computations may run native code (`PYFORA_JIT`).
    fn native_code(&self) -> bool {
        self.jit
    }

    /// Registers the text of a user file. A file registered again has
    /// changed (the client sends it only then: an edited and reloaded
    /// module): the code lowered from its old text and the conversions
    /// that may hold functions of it are forgotten.
    fn set_source(&self, py: Python<'_>, path: String, text: String) {
        let parsed = py.detach(|| SourceFile::parse(&path, text));
        let previous = self.state.sources.lock().expect("sources lock").insert(path.clone(), Arc::new(parsed));
        if previous.is_some() {
            self.state.code.lock().expect("code lock").retain(|key, _| key.0 != path);
            self.state.defined.clear();
            self.state.environments.clear();
        }
    }

    /// Converts a descriptor into an engine value; returns its handle.
    fn define(&self, py: Python<'_>, desc: &Bound<'_, PyAny>) -> PyResult<u64> {
        // Only functions are reused: two separately defined equal objects
        // (`submit(f, A(1), A(1))`) must stay distinct objects.
        let is_function = crate::reuse::has_tag(desc, "function");
        if is_function {
            if let Some(v) = self.state.defined.find(desc) {
                return Ok(self.state.store(v));
            }
        }
        let mut ctx = DefineCtx::default();
        let v = convert::to_value(py, &self.state, &mut ctx, desc)?;
        convert::finish(&mut ctx);
        if is_function {
            self.state.defined.remember(desc, v.clone());
        }
        Ok(self.state.store(v))
    }

    /// Maps the UTF-8 file at `path` as a `str` value (paged in as code reads
    /// it, never copied to the heap); returns its handle. Fails with `OSError`.
    fn import_file(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<u64> {
        let text = py.detach(|| PyStr::from_file(&path)).map_err(import_error)?;
        Ok(self.state.store(Value::Str(Arc::new(text))))
    }

    /// Handles of the items of the tuple behind `handle` (the arguments of a
    /// call, defined together so shared objects stay shared).
    fn unpack(&self, handle: u64) -> PyResult<Vec<u64>> {
        let v = self.state.value_of(handle)?;
        match v {
            Value::Tuple(items) => Ok(items.iter().map(|item| self.state.store(item.clone())).collect()),
            other => Err(conversion(format!("expected a tuple of arguments, found {}", other.type_name()))),
        }
    }

    /// Calls the value `f` with positional arguments; returns the result's handle.
    #[pyo3(signature = (f, args, token=None))]
    fn call(&self, py: Python<'_>, f: u64, args: Vec<u64>, token: Option<u64>) -> PyResult<u64> {
        let st = &self.state;
        let func = st.value_of(f)?;
        let argv = args.iter().map(|h| st.value_of(*h)).collect::<PyResult<Vec<_>>>()?;
        let flag = cancel_flag(st, token);
        let jit = self.jit;
        let threads = self.threads;
        let result = py
            .detach(move || {
                on_engine_thread(move || {
                    interp::set_cancel_flag(flag);
                    pyfora_runtime::native::set_enabled(jit);
                    pyfora_runtime::native::set_threads(threads);
                    interp::call_value(&func, argv, vec![])
                })
            })
            .map_err(internal_error)?;
        finish_computation(st, token);
        match result {
            Ok(v) => Ok(st.store(v)),
            Err(e) => Err(runtime_error(py, e, None)),
        }
    }

    /// Asks the computation started with `token` to stop.
    fn cancel(&self, token: u64) {
        let flag = cancel_flag(&self.state, Some(token)).expect("token given");
        pyfora_runtime::forks::cancel_computation(&flag);
    }

    /// Names the body of the `with` at `path:line` reads from outside.
    fn block_free_names(&self, py: Python<'_>, path: String, line: u32) -> PyResult<Vec<String>> {
        let src = self.state.source(&path).map_err(|e| self.state.code_error(py, e))?;
        let src = src.as_ref().as_ref().map_err(|e| syntax_error(py, e))?;
        let with = src.find_with(line).map_err(|e| syntax_error(py, &e))?;
        let mut names = pyfora_syntax::scope::block_free_names(with);
        // `super()` in a block in a method: the method's `__class__` cell
        // and first argument (the module is searched only for such a block).
        if let Some(receiver) = src.bare_super_receiver(with) {
            names.extend(["__class__".to_string(), receiver.to_string()]);
        }
        Ok(names)
    }

    /// Names the body of the `with` at `path:line` assigns.
    fn block_assigned_names(&self, py: Python<'_>, path: String, line: u32) -> PyResult<Vec<String>> {
        let src = self.state.source(&path).map_err(|e| self.state.code_error(py, e))?;
        let src = src.as_ref().as_ref().map_err(|e| syntax_error(py, e))?;
        let with = src.find_with(line).map_err(|e| syntax_error(py, &e))?;
        Ok(pyfora_syntax::scope::block_assigned_names(with))
    }

    /// Runs the body of the `with` at `path:line` with `env` as its outer
    /// scope; returns the handles of the variables it assigned.
    #[pyo3(signature = (path, line, env, token=None))]
    fn run_block<'py>(&self, py: Python<'py>, path: String, line: u32, env: &Bound<'py, PyDict>, token: Option<u64>) -> PyResult<Bound<'py, PyDict>> {
        let st = &self.state;
        let code = st.function_code(&path, line, "block", "", &[], 0).map_err(|e| st.code_error(py, e))?;
        let names = match st.environments.find(env.as_any()) {
            Some(names) => names,
            None => {
                let mut ctx = DefineCtx::default();
                let mut names = rustc_hash::FxHashMap::default();
                for (k, v) in env.iter() {
                    let k: String = k.extract()?;
                    names.insert(Arc::from(k.as_str()), convert::to_value(py, st, &mut ctx, &v)?);
                }
                convert::finish(&mut ctx);
                st.environments.remember(env.as_any(), names.clone());
                names
            }
        };
        let globals = Globals::with(names);
        let flag = cancel_flag(st, token);
        let run_code = code.clone();
        let jit = self.jit;
        let threads = self.threads;
        let (result, regs) = py
            .detach(move || {
                on_engine_thread(move || {
                    interp::set_cancel_flag(flag);
                    pyfora_runtime::native::set_enabled(jit);
                    pyfora_runtime::native::set_threads(threads);
                    interp::run_block(run_code, globals)
                })
            })
            .map_err(internal_error)?;
        finish_computation(st, token);
        let out = PyDict::new(py);
        let ir = &code.ir;
        let mut assigned: Vec<(Arc<str>, usize)> = ir.locals.iter().map(|(n, r)| (n.clone(), *r as usize)).collect();
        for (i, n) in ir.cellvars.iter().enumerate() {
            assigned.push((n.clone(), ir.nregs as usize + i));
        }
        for (name, idx) in assigned {
            if let Some(v) = regs.get(idx) {
                if !matches!(v, Value::Unbound) {
                    out.set_item(&*name, st.store(v.clone()))?;
                }
            }
        }
        match result {
            Ok(_) => Ok(out),
            Err(e) => Err(runtime_error(py, e, Some(out))),
        }
    }

    /// The value behind `handle` as a descriptor.
    fn to_python<'py>(&self, py: Python<'py>, handle: u64) -> PyResult<Bound<'py, PyAny>> {
        let v = self.state.value_of(handle)?;
        convert::to_python(py, &v)
    }

    /// The values behind `handles` as one descriptor of a tuple of them:
    /// a list (or dict, set, instance, array) that several of them hold
    /// comes back as one object.
    fn to_python_many<'py>(&self, py: Python<'py>, handles: Vec<u64>) -> PyResult<Bound<'py, PyAny>> {
        let values = handles.into_iter().map(|h| self.state.value_of(h)).collect::<PyResult<Vec<_>>>()?;
        convert::to_python(py, &Value::tuple(values))
    }

    /// An estimate of the value's size in bytes when downloaded.
    fn byte_size(&self, handle: u64) -> PyResult<u64> {
        let v = self.state.value_of(handle)?;
        Ok(estimate_size(&v))
    }

    /// Whether the value's estimated size is at most `limit` bytes; stops
    /// counting past the limit, so a large value costs no full walk.
    fn size_at_most(&self, handle: u64, limit: u64) -> PyResult<bool> {
        let v = self.state.value_of(handle)?;
        let mut budget = limit as i64;
        Ok(take_size(&v, 0, &mut budget))
    }

    /// The name of the module behind `handle`, if it holds a module
    /// (`import m` in a with-block binds the client's own module).
    fn module_name(&self, handle: u64) -> Option<String> {
        match self.state.get(handle)? {
            Value::Module(m) => Some(m.name.to_string()),
            _ => None,
        }
    }

    /// Forgets a handle.
    fn release(&self, handle: u64) {
        let released = self.state.handles.lock().expect("handles lock").remove(&handle);
        if let Some(v) = released {
            crate::reaper::release(v);
        }
    }

    /// Number of live handles (for leak checks in tests).
    fn handle_count(&self) -> usize {
        self.state.handles.lock().expect("handles lock").len()
    }
}

/// An estimate of `v`'s size in bytes when downloaded.
fn estimate_size(v: &Value) -> u64 {
    let mut budget = i64::MAX;
    take_size(v, 0, &mut budget);
    (i64::MAX - budget) as u64
}

/// Takes `v`'s estimated size from `budget`; false as soon as the budget
/// runs out (the rest is not walked).
fn take_size(v: &Value, depth: u32, budget: &mut i64) -> bool {
    fn take(budget: &mut i64, bytes: u64) -> bool {
        *budget -= bytes as i64;
        *budget >= 0
    }
    if depth > 64 {
        return take(budget, 8);
    }
    match v {
        Value::Str(s) => take(budget, 49 + s.text.len() as u64),
        Value::Big(b) => take(budget, 24 + b.bits() / 8),
        Value::Tuple(items) | Value::List(items) => take(budget, 56) && items.iter().all(|x| take(budget, 8) && take_size(x, depth + 1, budget)),
        Value::Dict(d) => {
            take(budget, 64) && d.iter().all(|(k, x)| take(budget, 16) && take_size(&k.value, depth + 1, budget) && take_size(x, depth + 1, budget))
        }
        Value::Set(s) | Value::FrozenSet(s) => take(budget, 64) && s.iter().all(|k| take(budget, 8) && take_size(&k.value, depth + 1, budget)),
        Value::Instance(i) => {
            take(budget, 48) && i.attrs.read().expect("instance lock").iter().all(|(_, x)| take(budget, 8) && take_size(x, depth + 1, budget))
        }
        // numpy's own header, then 8-byte items.
        Value::Array(a) => take(budget, 112 + 8 * a.size() as u64),
        _ => take(budget, 8),
    }
}

/// The Python exception for a file `importRemoteFile` could not import: the
/// `OSError` subclass that names the cause where there is one.
fn import_error(error: pyfora_runtime::text::ImportFileError) -> PyErr {
    use pyfora_runtime::text::ImportFileError;
    use std::io::ErrorKind;
    let message = error.to_string();
    match &error {
        ImportFileError::Io { error, .. } => match error.kind() {
            ErrorKind::NotFound => pyo3::exceptions::PyFileNotFoundError::new_err(message),
            ErrorKind::PermissionDenied => pyo3::exceptions::PyPermissionError::new_err(message),
            _ => pyo3::exceptions::PyOSError::new_err(message),
        },
        ImportFileError::NotAFile { path } if std::path::Path::new(path).is_dir() => pyo3::exceptions::PyIsADirectoryError::new_err(message),
        // As reading the file as text would: a UnicodeDecodeError, over the
        // bytes around the first invalid one.
        ImportFileError::NotUtf8 { path, offset } => {
            let start = offset.saturating_sub(8);
            let mut around = vec![0u8; 16];
            let read = std::fs::File::open(path).and_then(|mut f| {
                use std::io::{Read, Seek, SeekFrom};
                f.seek(SeekFrom::Start(start as u64))?;
                f.read(&mut around)
            });
            around.truncate(read.unwrap_or(0).max(offset - start + 1));
            let reason = format!("invalid byte at offset {offset} of {path:?} (importRemoteFile reads UTF-8 text)");
            pyo3::exceptions::PyUnicodeDecodeError::new_err((
                "utf-8",
                std::borrow::Cow::<'static, [u8]>::Owned(around),
                offset - start,
                offset - start + 1,
                reason,
            ))
        }
        _ => pyo3::exceptions::PyOSError::new_err(message),
    }
}
