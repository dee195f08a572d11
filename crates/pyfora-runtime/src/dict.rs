//! Insertion-ordered dicts keyed by Python equality and hash (sets: [`crate::pyset`]).

use std::cell::{Cell, RefCell};
use std::hash::{BuildHasherDefault, Hash, Hasher};

use indexmap::IndexMap;

use crate::error::{Error, RtResult};
use crate::hash::py_hash;
use crate::value::Value;

/// A dict/set key: the value with its Python hash computed once.
#[derive(Clone)]
pub struct HKey {
    pub hash: i64,
    pub value: Value,
}

impl HKey {
    /// Hashes `value` (`TypeError` when unhashable).
    pub fn new(value: Value) -> RtResult<HKey> {
        Ok(HKey { hash: py_hash(&value)?, value })
    }
}

/// `probe == stored`, with `self` the key looked up and `other` the key in
/// the table (IndexMap's order), compared as CPython does, `stored == probe`.
impl PartialEq for HKey {
    fn eq(&self, other: &HKey) -> bool {
        // The same object is always its own key, whatever its `__eq__`
        // says (a float is the same object as one with the same bits, see
        // `ops::is`: a NaN key finds itself).
        self.hash == other.hash
            && (crate::ops::is(&self.value, &other.value)
                || crate::ops::eq(&other.value, &self.value).unwrap_or_else(|error| {
                    record_key_eq_error(error);
                    false
                }))
    }
}

thread_local! {
    /// Whether a key's `__eq__` raised during a probe not yet checked.
    static KEY_EQ_FAILED: Cell<bool> = const { Cell::new(false) };
    /// The first such error.
    static KEY_EQ_ERROR: RefCell<Option<Error>> = const { RefCell::new(None) };
}

/// Keeps the first error a key comparison raised: the hash tables compare
/// keys through `PartialEq`, which cannot fail, so the probe answers "not
/// equal" and the caller raises the error after it ([`key_eq_error`]).
fn record_key_eq_error(error: Error) {
    if !KEY_EQ_FAILED.get() {
        KEY_EQ_FAILED.set(true);
        KEY_EQ_ERROR.with(|slot| *slot.borrow_mut() = Some(error));
    }
}

/// Whether a key comparison raised since the last [`key_eq_error`].
pub fn key_eq_pending() -> bool {
    KEY_EQ_FAILED.get()
}

/// The error a key's `__eq__` raised during the probes since the last call,
/// as CPython raises it from the lookup (`{Boom(): 1}.get(Boom())`).
/// Every dict or set probe of keys that may run user code ends with it.
pub fn key_eq_error() -> RtResult<()> {
    if !KEY_EQ_FAILED.get() {
        return Ok(());
    }
    KEY_EQ_FAILED.set(false);
    match KEY_EQ_ERROR.with(|slot| slot.borrow_mut().take()) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// `value` when the probes that produced it compared keys without error.
pub fn probed<T>(value: T) -> RtResult<T> {
    key_eq_error().map(|()| value)
}

/// Forgets an error no probe raised (a computation starts clean).
pub fn forget_key_eq_error() {
    let _ = key_eq_error();
}

/// `d[key] = value`, leaving `d` as it was when a key's `__eq__` raises.
pub fn insert(d: &mut Dict, key: HKey, value: Value) -> RtResult<()> {
    let (index, old) = d.insert_full(key, value);
    if let Err(error) = key_eq_error() {
        match old {
            Some(old) => d[index] = old,
            None => {
                d.pop();
            }
        }
        return Err(error);
    }
    Ok(())
}

/// Removes `key` from `d` (keeping the order of the rest): its value, or
/// `None` when absent.
pub fn remove(d: &mut Dict, key: &HKey) -> RtResult<Option<Value>> {
    let found = d.get_index_of(key);
    key_eq_error()?;
    Ok(found.and_then(|i| d.shift_remove_index(i)).map(|(_, v)| v))
}

/// `key in s`.
pub fn set_contains(s: &PySet, key: &HKey) -> RtResult<bool> {
    probed(s.contains(key))
}

/// Adds `key` to `s` (unchanged when a key's `__eq__` raises): whether it
/// was new.
pub fn set_insert(s: &mut PySet, key: HKey) -> RtResult<bool> {
    probed(s.insert(key))
}

/// Removes `key` from `s` (unchanged when a key's `__eq__` raises): whether
/// it was there.
pub fn set_remove(s: &mut PySet, key: &HKey) -> RtResult<bool> {
    probed(s.remove(key))
}

impl Eq for HKey {}

impl Hash for HKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash);
    }
}

/// A hasher that passes the precomputed Python hash through.
#[derive(Default)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ *b as u64;
        }
    }
    fn write_i64(&mut self, i: i64) {
        // Spread the bits: Python int hashes are the ints themselves.
        self.0 = (i as u64).wrapping_mul(0x9E3779B97F4A7C15);
    }
}

type Build = BuildHasherDefault<PassThrough>;

/// A Python dict.
pub type Dict = IndexMap<HKey, Value, Build>;
pub use crate::pyset::PySet;

/// An empty dict.
pub fn new_dict() -> Dict {
    Dict::default()
}

/// An empty set.
pub fn new_set() -> PySet {
    PySet::default()
}
