//! Building classes: method resolution order and class creation.

use std::sync::{Arc, OnceLock};

use crate::error::{type_error, RtResult};
use crate::value::{Class, Value};

/// Creates a class and computes its MRO. `is_builtin` marks the builtin
/// exception classes.
pub fn new_class(name: Arc<str>, bases: Vec<Arc<Class>>, namespace: Vec<(Arc<str>, Value)>, client_id: Option<i64>, is_builtin: bool) -> Arc<Class> {
    let is_exception = is_builtin || bases.iter().any(|b| b.is_exception);
    let class = Arc::new(Class {
        name,
        bases,
        mro: OnceLock::new(),
        namespace,
        is_exception,
        is_builtin,
        client_id,
        resolved: OnceLock::new(),
        call: OnceLock::new(),
        slots: OnceLock::new(),
    });
    let mro = linearize(&class).unwrap_or_else(|_| fallback_mro(&class));
    let mut flat = rustc_hash::FxHashMap::default();
    for c in mro.iter().rev() {
        for (n, v) in &c.namespace {
            flat.insert(n.clone(), v.clone());
        }
        // A class that defines `__eq__` but not `__hash__` is unhashable,
        // whatever its bases define (CPython sets its `__hash__` to None).
        let defines = |name: &str| c.namespace.iter().any(|(n, _)| &**n == name);
        if defines("__eq__") && !defines("__hash__") {
            flat.insert(Arc::from("__hash__"), Value::None);
        }
    }
    let _ = class.call.set(flat.get("__call__").cloned());
    let _ = class.slots.set(if is_exception { None } else { slot_names(&mro) });
    let _ = class.mro.set(mro);
    let _ = class.resolved.set(flat);
    for (_, v) in &class.namespace {
        set_owner(v, &class);
    }
    class
}

/// The attribute names the `__slots__` of every class in `mro` allow, or
/// `None` when one class declares none (its instances get a `__dict__`),
/// or a slot is `"__dict__"`.
fn slot_names(mro: &[Arc<Class>]) -> Option<Box<[Arc<str>]>> {
    let mut names: Vec<Arc<str>> = Vec::new();
    for c in mro {
        let (_, slots) = c.namespace.iter().find(|(n, _)| &**n == "__slots__")?;
        let declared: Vec<Value> = match slots {
            Value::Str(s) => vec![Value::Str(s.clone())],
            other => crate::iter::collect(other).ok()?,
        };
        for name in declared {
            let Value::Str(s) = name else { return None };
            if &*s.text == "__dict__" {
                return None;
            }
            // A private slot name is mangled as the class's code spells it
            // (`__x` in class `D` is `_D__x`), as `type.__new__` does.
            match pyfora_syntax::mangle::mangled(&c.name, &s.text) {
                Some(mangled) => names.push(Arc::from(mangled.as_str())),
                None => names.push(Arc::from(&*s.text)),
            }
        }
    }
    Some(names.into_boxed_slice())
}

/// Records `class` as the definer of the functions in its namespace.
fn set_owner(v: &Value, class: &Arc<Class>) {
    match v {
        Value::Function(f) => {
            let _ = f.owner.set(Arc::downgrade(class));
        }
        Value::StaticMethod(inner) | Value::ClassMethod(inner) => set_owner(inner, class),
        Value::Property(p) => {
            set_owner(&p.fget, class);
            set_owner(&p.fset, class);
        }
        _ => {}
    }
}

/// C3 linearisation.
pub fn linearize(class: &Arc<Class>) -> RtResult<Vec<Arc<Class>>> {
    let mut seqs: Vec<Vec<Arc<Class>>> = class.bases.iter().map(|b| b.mro().to_vec()).collect();
    seqs.push(class.bases.clone());
    let mut out = vec![class.clone()];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let candidate = seqs.iter().map(|s| s[0].clone()).find(|c| !seqs.iter().any(|s| s[1..].iter().any(|x| Arc::ptr_eq(x, c))));
        let Some(c) = candidate else {
            return Err(type_error("Cannot create a consistent method resolution order (MRO)"));
        };
        for s in seqs.iter_mut() {
            if Arc::ptr_eq(&s[0], &c) {
                s.remove(0);
            }
        }
        out.push(c);
    }
}

fn fallback_mro(class: &Arc<Class>) -> Vec<Arc<Class>> {
    let mut out = vec![class.clone()];
    for b in &class.bases {
        for c in b.mro() {
            if !out.iter().any(|x| Arc::ptr_eq(x, c)) {
                out.push(c.clone());
            }
        }
    }
    out
}
