//! Insertion-ordered dicts keyed by Python equality and hash (sets: [`crate::pyset`]).

use std::hash::{BuildHasherDefault, Hash, Hasher};

use indexmap::IndexMap;

use crate::error::RtResult;
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

impl PartialEq for HKey {
    fn eq(&self, other: &HKey) -> bool {
        // The same object is always its own key, whatever its `__eq__`
        // says (a float is the same object as one with the same bits, see
        // `ops::is`: a NaN key finds itself).
        self.hash == other.hash && (crate::ops::is(&self.value, &other.value) || crate::ops::eq(&self.value, &other.value).unwrap_or(false))
    }
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
