//! Standard-library modules pyfora provides by running Python source of
//! its own (`prelude/*.py`): `itertools` and `bisect`. Their functions are
//! ordinary interpreted (or compiled) functions over the module's globals;
//! generators keep them lazy as CPython's are.

use std::sync::{Arc, OnceLock};

use crate::value::{Globals, Module, Value};

/// The module `name`, if pyfora provides it in Python.
pub fn module(name: &str) -> Option<Value> {
    static ITERTOOLS: OnceLock<Module> = OnceLock::new();
    static BISECT: OnceLock<Module> = OnceLock::new();
    let (cell, name, source) = match name {
        "itertools" => (&ITERTOOLS, "itertools", include_str!("prelude/itertools.py")),
        "bisect" => (&BISECT, "bisect", include_str!("prelude/bisect.py")),
        _ => return None,
    };
    Some(Value::Module(cell.get_or_init(|| python_module(name, source))))
}

/// Whether `f` is `itertools.chain`, the one function of these modules
/// with an attribute of its own (`chain.from_iterable`).
pub fn is_itertools_chain(f: &Arc<crate::value::Function>) -> bool {
    match module("itertools") {
        Some(Value::Module(m)) => matches!(m.attrs.get("chain"), Some(Value::Function(chain)) if Arc::ptr_eq(chain, f)),
        _ => false,
    }
}

/// The minor Python 3 version that added `module.name`, for the functions
/// newer than Python 3.9 (the module is built once the engine knows the
/// client's version, so a client older than that does not see them).
fn added_in(module: &str, name: &str) -> u8 {
    match (module, name) {
        ("itertools", "pairwise") => 10,
        ("itertools", "batched") => 12,
        _ => 0,
    }
}

/// Builds a module from Python source: every top-level function, over
/// globals holding all of them; the names without a leading underscore
/// are the module's attributes. The sources are part of pyfora, so a
/// failure to compile them is a bug.
fn python_module(name: &'static str, source: &str) -> Module {
    let path = format!("<pyfora {name}>");
    let src = pyfora_syntax::source::SourceFile::parse(&path, source.to_string()).expect("pyfora's own module source parses");
    let functions = pyfora_syntax::lower::lower_module_functions(&src).expect("pyfora's own module source lowers");
    let globals = Arc::new(Globals::default());
    let mut names = rustc_hash::FxHashMap::default();
    let mut attrs = rustc_hash::FxHashMap::default();
    for f in functions {
        let code = crate::interp::prepare(&f.code).expect("pyfora's own module code prepares");
        let value = |c: &pyfora_syntax::ir::Const| crate::interp::const_value(c).expect("literal defaults");
        let defaults = f.defaults.iter().map(value).collect();
        let kwdefaults = f.kwdefaults.iter().map(|(k, c)| (k.clone(), value(c))).collect();
        let function = Value::Function(crate::interp::make_function(code, globals.clone(), defaults, kwdefaults, vec![]));
        if !f.name.starts_with('_') && crate::compat::python_minor() >= added_in(name, &f.name) {
            // Module attribute names live as long as the process (one module each).
            let key: &'static str = Box::leak(f.name.to_string().into_boxed_str());
            attrs.insert(key, function.clone());
        }
        names.insert(f.name.clone(), function);
    }
    let _ = globals.names.set(names);
    Module { name, attrs, unshipped: Default::default(), refused: None }
}
