//! Reuse of converted values across submissions.
//!
//! Every `submit` and every run of a `with` block ships its functions anew.
//! Converting an identical descriptor again would build new functions with
//! new globals, and the native tier would compile them again (a millisecond
//! or more per function, each time). A descriptor that equals one converted
//! recently converts to the same values instead.
//!
//! "Equal" is strict: the same Python types throughout (so `1`, `1.0` and
//! `True` differ), floats bit for bit (so `0.0` and `-0.0` differ), and
//! client ids included (a descriptor refers to objects by id). Descriptors
//! larger than [`MAX_NODES`] are neither cached nor compared (data-heavy
//! environments are not kept alive by the cache).

use std::collections::VecDeque;
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Largest descriptor (in nodes) that is cached.
pub const MAX_NODES: usize = 20_000;
/// Descriptors remembered per cache.
const CAPACITY: usize = 16;

/// Recently converted descriptors and what they converted to.
pub struct Reuse<T> {
    entries: Mutex<VecDeque<(Py<PyAny>, T)>>,
}

impl<T> Default for Reuse<T> {
    fn default() -> Self {
        Reuse { entries: Mutex::new(VecDeque::new()) }
    }
}

impl<T: Clone> Reuse<T> {
    /// The value an identical descriptor converted to, if one did recently.
    pub fn find(&self, desc: &Bound<'_, PyAny>) -> Option<T> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.iter().rev().find(|(d, _)| same(d.bind(desc.py()), desc, &mut { MAX_NODES })).map(|(_, v)| v.clone())
    }

    /// Forgets every descriptor (their code may have changed).
    pub fn clear(&self) {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Remembers what `desc` converted to (when it is small enough).
    pub fn remember(&self, desc: &Bound<'_, PyAny>, value: T) {
        if !small(desc, &mut { MAX_NODES }) {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() == CAPACITY {
            entries.pop_front();
        }
        entries.push_back((desc.clone().unbind(), value));
    }
}

/// True when `a` and `b` are strictly equal descriptors (see the module
/// docs), within `budget` nodes.
pub fn same(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>, budget: &mut usize) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    if a.is(b) {
        return true;
    }
    if !a.get_type().is(b.get_type()) {
        return false;
    }
    if a.is_none() {
        return true;
    }
    if let (Ok(x), Ok(y)) = (a.cast::<PyFloat>(), b.cast::<PyFloat>()) {
        return x.value().to_bits() == y.value().to_bits();
    }
    if a.cast::<PyBool>().is_ok() || a.cast::<PyInt>().is_ok() || a.cast::<PyString>().is_ok() {
        return a.eq(b).unwrap_or(false);
    }
    if let (Ok(x), Ok(y)) = (a.cast::<PyTuple>(), b.cast::<PyTuple>()) {
        return x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same(&p, &q, budget));
    }
    if let (Ok(x), Ok(y)) = (a.cast::<PyList>(), b.cast::<PyList>()) {
        return x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same(&p, &q, budget));
    }
    if let (Ok(x), Ok(y)) = (a.cast::<PyDict>(), b.cast::<PyDict>()) {
        // Keys must be plain strings (names): then the key found in `y` is
        // the same string.
        return x.len() == y.len()
            && x.iter().all(|(k, v)| {
                k.is_exact_instance_of::<PyString>()
                    && match y.get_item(&k) {
                        Ok(Some(w)) => same(&v, &w, budget),
                        _ => false,
                    }
            });
    }
    // Anything else (e.g. array payloads) is never taken as equal.
    false
}

/// True when `a` and `b` are strictly equal class descriptors (dicts)
/// except for their `bases`, which need only name the same classes: a base
/// is spelled out where a descriptor first reaches it and referred to by id
/// after that, so the same class may appear either way. (The caller checks
/// that the bases convert to the cached class's own.)
pub fn same_class(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> bool {
    let (Ok(x), Ok(y)) = (a.cast::<PyDict>(), b.cast::<PyDict>()) else {
        return false;
    };
    let base_ids = |d: &Bound<'_, PyDict>| -> Option<Vec<i64>> {
        match d.get_item("bases").ok()? {
            None => Some(Vec::new()),
            Some(bases) => bases.try_iter().ok()?.map(|b| b.ok().and_then(|b| referred_id(&b))).collect(),
        }
    };
    match (base_ids(x), base_ids(y)) {
        (Some(p), Some(q)) if p == q => {}
        _ => return false,
    }
    let mut budget = usize::MAX;
    x.len() == y.len()
        && x.iter().all(|(k, v)| {
            k.is_exact_instance_of::<PyString>()
                && (k.extract::<String>().is_ok_and(|k| k == "bases")
                    || match y.get_item(&k) {
                        Ok(Some(w)) => same(&v, &w, &mut budget),
                        _ => false,
                    })
        })
}

/// The client id a descriptor names when it is a reference `("ref", id)`
/// or the full descriptor of a class (`("class", {"id": id, ...})`).
fn referred_id(desc: &Bound<'_, PyAny>) -> Option<i64> {
    let t = desc.cast::<PyTuple>().ok()?;
    if t.len() != 2 {
        return None;
    }
    let tag: String = t.get_item(0).ok()?.extract().ok()?;
    let second = t.get_item(1).ok()?;
    match tag.as_str() {
        "ref" => second.extract().ok(),
        "class" => second.cast::<PyDict>().ok()?.get_item("id").ok()??.extract().ok(),
        _ => None,
    }
}

/// True when `desc` is a descriptor tuple tagged `tag` (`("function", ...)`).
pub fn has_tag(desc: &Bound<'_, PyAny>, tag: &str) -> bool {
    desc.cast::<PyTuple>().is_ok_and(|t| t.get_item(0).is_ok_and(|first| first.extract::<String>().is_ok_and(|first| first == tag)))
}

/// True when `desc` has at most `budget` nodes and refers to no remote
/// object by handle (a two-node handle may stand for gigabytes the client
/// has since released; the cache must not keep it alive).
fn small(desc: &Bound<'_, PyAny>, budget: &mut usize) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    if let Ok(t) = desc.cast::<PyTuple>() {
        if t.len() == 2 && has_tag(desc, "handle") {
            return false;
        }
        return t.iter().all(|x| small(&x, budget));
    }
    if let Ok(l) = desc.cast::<PyList>() {
        return l.iter().all(|x| small(&x, budget));
    }
    if let Ok(d) = desc.cast::<PyDict>() {
        return d.iter().all(|(k, v)| small(&k, budget) && small(&v, budget));
    }
    true
}
