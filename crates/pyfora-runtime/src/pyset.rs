//! Sets laid out as CPython lays them out.
//!
//! A set's iteration order is observable (`list(s)`, `str(s)`, `s.pop()`,
//! `"".join(s)`), and for ints, floats and tuples of them CPython's order is
//! the same in every run: it is the order of the slots of an open-addressing
//! table probed from each key's hash. So a pyfora set keeps the same table:
//! same size policy (8 slots, grown ×4 — ×2 past 50,000 items — when 3/5
//! full counting deleted slots), same probe sequence (9 linear probes where
//! the table has room, then `i = 5i + 1 + perturb`, `perturb >>= 5`), same
//! deleted-slot reuse, and the set algebra below inserts in the order
//! CPython's does. Strings hash differently in every CPython process, so
//! for them any order is one CPython could give.

use crate::dict::HKey;

/// Slots of a new or cleared set.
const MIN_SIZE: usize = 8;
/// Slots probed one after another before jumping.
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

/// The slots CPython probes for a hash, in order: from `hash & mask`,
/// the next 9 too where the table has room, then a jump to
/// `5i + 1 + perturb` (with `perturb` the hash shifted right 5 more bits
/// each time). Endless; the caller stops at an empty slot.
struct Probes {
    mask: usize,
    perturb: u64,
    /// The start of the current run of slots, the next slot and the run's last.
    start: usize,
    next: usize,
    last: usize,
}

impl Probes {
    fn new(hash: i64, mask: usize) -> Probes {
        let start = hash as u64 as usize & mask;
        Probes { mask, perturb: hash as u64, start, next: start, last: Probes::run_end(start, mask) }
    }

    fn run_end(start: usize, mask: usize) -> usize {
        if start + LINEAR_PROBES <= mask {
            start + LINEAR_PROBES
        } else {
            start
        }
    }
}

impl Iterator for Probes {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.next > self.last {
            self.perturb >>= PERTURB_SHIFT;
            self.start = (self.start.wrapping_mul(5).wrapping_add(1).wrapping_add(self.perturb as usize)) & self.mask;
            self.next = self.start;
            self.last = Probes::run_end(self.start, self.mask);
        }
        self.next += 1;
        Some(self.next - 1)
    }
}

#[derive(Clone, Default)]
enum Slot {
    #[default]
    Empty,
    /// A removed key (probe sequences go on past it).
    Deleted,
    Active(HKey),
}

/// A Python set or frozenset.
#[derive(Clone)]
pub struct PySet {
    table: Vec<Slot>,
    /// Active plus deleted slots.
    fill: usize,
    /// Active slots.
    used: usize,
    /// Where `pop` starts looking.
    finger: usize,
}

impl Default for PySet {
    fn default() -> PySet {
        PySet { table: vec![Slot::Empty; MIN_SIZE], fill: 0, used: 0, finger: 0 }
    }
}

impl PySet {
    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.used
    }

    /// Whether the set has no keys.
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// The keys in iteration order.
    pub fn iter(&self) -> impl Iterator<Item = &HKey> + '_ {
        self.table.iter().filter_map(|slot| match slot {
            Slot::Active(k) => Some(k),
            _ => None,
        })
    }

    /// The first key at slot `from` or after, with its slot (for iterators
    /// that resume by position).
    pub fn next_from(&self, from: usize) -> Option<(usize, &HKey)> {
        self.table.iter().enumerate().skip(from).find_map(|(i, slot)| match slot {
            Slot::Active(k) => Some((i, k)),
            _ => None,
        })
    }

    /// The slot of `key`, if present (CPython's `set_lookkey`).
    fn find(&self, key: &HKey) -> Option<usize> {
        for j in Probes::new(key.hash, self.mask()) {
            match &self.table[j] {
                Slot::Empty => return None,
                Slot::Active(k) if key == k => return Some(j),
                _ => {}
            }
        }
        unreachable!("a table always has an empty slot")
    }

    /// Whether `key` is in the set.
    pub fn contains(&self, key: &HKey) -> bool {
        self.find(key).is_some()
    }

    /// Adds `key` (CPython's `set_add_entry`); false when already present.
    pub fn insert(&mut self, key: HKey) -> bool {
        let mask = self.mask();
        let mut deleted: Option<usize> = None;
        let mut empty = None;
        for j in Probes::new(key.hash, mask) {
            match &self.table[j] {
                Slot::Empty => {
                    empty = Some(j);
                    break;
                }
                Slot::Active(k) if key == *k => return false,
                // The key goes to the last deleted slot its probes pass
                // (the first one before 3.10).
                Slot::Deleted if deleted.is_none() || crate::compat::python_minor() >= 10 => deleted = Some(j),
                _ => {}
            }
        }
        // A key's `__eq__` raised on the way: CPython adds nothing (the
        // caller raises the error, `crate::dict::set_insert`).
        if crate::dict::key_eq_pending() {
            return false;
        }
        self.used += 1;
        if let Some(j) = deleted {
            self.table[j] = Slot::Active(key);
            return true;
        }
        self.table[empty.expect("a table always has an empty slot")] = Slot::Active(key);
        self.fill += 1;
        if self.fill * 5 >= mask * 3 {
            self.grow();
        }
        true
    }

    /// Rebuilds the table for its keys the way insertion grows it: room for
    /// 4× the keys (2× past 50,000).
    fn grow(&mut self) {
        self.resize(if self.used > 50_000 { self.used * 2 } else { self.used * 4 });
    }

    /// Makes room first when `n` more keys would fill the table 3/5, as
    /// CPython does before adding a set's or a dict's keys.
    fn make_room(&mut self, n: usize) {
        if (self.fill + n) * 5 >= self.mask() * 3 {
            self.resize((self.used + n) * 2);
        }
    }

    /// Removes `key`; false when absent.
    pub fn remove(&mut self, key: &HKey) -> bool {
        match self.find(key) {
            Some(_) if crate::dict::key_eq_pending() => false,
            Some(j) => {
                self.table[j] = Slot::Deleted;
                self.used -= 1;
                true
            }
            None => false,
        }
    }

    /// Removes and returns a key, as `set.pop()` picks it.
    pub fn pop(&mut self) -> Option<HKey> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        while !matches!(self.table[i], Slot::Active(_)) {
            i = if i == mask { 0 } else { i + 1 };
        }
        let Slot::Active(key) = std::mem::replace(&mut self.table[i], Slot::Deleted) else { unreachable!("an active slot") };
        self.used -= 1;
        self.finger = i + 1;
        Some(key)
    }

    /// Removes every key (back to the smallest table).
    pub fn clear(&mut self) {
        *self = PySet::default();
    }

    /// Rebuilds the table with room for `min_used` keys: the smallest power
    /// of two above it, keys reinserted in slot order.
    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![Slot::Empty; size]);
        for slot in old {
            if let Slot::Active(k) = slot {
                self.insert_clean(k);
            }
        }
        self.fill = self.used;
    }

    /// Places `key` in a table without deleted slots, known not to hold it.
    fn insert_clean(&mut self, key: HKey) {
        let j = Probes::new(key.hash, self.mask()).find(|j| matches!(self.table[*j], Slot::Empty)).expect("a table always has an empty slot");
        self.table[j] = Slot::Active(key);
    }

    /// Adds the keys of `other` (CPython's `set_merge`): into an empty set
    /// of the same size the table is copied, into another empty set the
    /// keys are placed in `other`'s order, otherwise each is added.
    pub fn merge(&mut self, other: &PySet) {
        if other.used == 0 {
            return;
        }
        self.make_room(other.used);
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            self.table.clone_from(&other.table);
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for k in other.iter() {
                self.insert_clean(k.clone());
            }
            return;
        }
        for k in other.iter() {
            self.insert(k.clone());
        }
    }

    /// Adds the keys of a dict, `n` of them (room is made first, as CPython
    /// does for dicts).
    pub fn add_dict_keys<'k>(&mut self, n: usize, keys: impl Iterator<Item = &'k HKey>) {
        self.make_room(n);
        for k in keys {
            self.insert(k.clone());
        }
    }

    /// A new set with the keys of `other` (`set(other)`, `other.copy()`).
    pub fn copy_of(other: &PySet) -> PySet {
        let mut s = PySet::default();
        s.merge(other);
        s
    }

    /// After removals: rebuilds the table when over a quarter of it is
    /// deleted slots (what `difference_update` does).
    pub fn compact_after_removals(&mut self) {
        if self.fill - self.used > self.mask() / 4 {
            self.grow();
        }
    }

    /// `a & b` (CPython's `set_intersection`): the keys of the smaller set
    /// (`b` when sizes tie) that the other holds, in its order.
    pub fn intersection(a: &PySet, b: &PySet) -> PySet {
        let (big, small) = if b.len() > a.len() { (b, a) } else { (a, b) };
        let mut out = PySet::default();
        for k in small.iter() {
            if big.contains(k) {
                out.insert(k.clone());
            }
        }
        out
    }

    /// `a - b` (CPython's `set_difference`).
    pub fn difference(a: &PySet, b: &PySet) -> PySet {
        PySet::difference_of_keys(a, b.len(), |k| b.contains(k), b.iter())
    }

    /// `a` without the keys of another set or dict (`len` of them, tested
    /// with `contains`, listed by `keys`): when `a` is over 4× larger, a copy
    /// of `a` with those keys removed, else `a`'s other keys added in order.
    pub fn difference_of_keys<'k>(a: &PySet, len: usize, contains: impl Fn(&HKey) -> bool, keys: impl Iterator<Item = &'k HKey>) -> PySet {
        if (a.len() >> 2) > len {
            let mut out = PySet::copy_of(a);
            for k in keys {
                out.remove(k);
            }
            out.compact_after_removals();
            return out;
        }
        let mut out = PySet::default();
        for k in a.iter() {
            if !contains(k) {
                out.insert(k.clone());
            }
        }
        out
    }

    /// `a ^ b` (CPython's `set_symmetric_difference`: a copy of `b`, then
    /// each key of `a` removed when there, added otherwise).
    pub fn symmetric_difference(a: &PySet, b: &PySet) -> PySet {
        let mut out = PySet::copy_of(b);
        out.symmetric_difference_update(a);
        out
    }

    /// `self ^= other`.
    pub fn symmetric_difference_update(&mut self, other: &PySet) {
        for k in other.iter() {
            self.toggle(k);
        }
    }

    /// Whether every key of `self` is in `other` (CPython's `set_issubset`:
    /// no probe when `self` is the larger; stops at a key's `__eq__` that
    /// raised, for the caller to raise it).
    pub fn is_subset(&self, other: &PySet) -> bool {
        self.len() <= other.len() && self.iter().all(|k| other.contains(k) && !crate::dict::key_eq_pending())
    }

    /// Removes `key` when present, adds it otherwise.
    pub fn toggle(&mut self, key: &HKey) {
        if !self.remove(key) {
            self.insert(key.clone());
        }
    }

    /// `a | b`: a copy of `a`, then `b` merged in.
    pub fn union(a: &PySet, b: &PySet) -> PySet {
        let mut out = PySet::copy_of(a);
        out.merge(b);
        out
    }

    /// CPython's `frozenset` hash: independent of the table's layout.
    pub fn frozen_hash(&self) -> i64 {
        fn shuffle(h: u64) -> u64 {
            ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
        }
        let mut hash: u64 = 0;
        for k in self.iter() {
            hash ^= shuffle(k.hash as u64);
        }
        hash ^= (self.used as u64 + 1).wrapping_mul(1_927_868_237);
        hash ^= (hash >> 11) ^ (hash >> 25);
        hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
        if hash == u64::MAX {
            hash = 590_923_713;
        }
        hash as i64
    }
}

impl Extend<HKey> for PySet {
    fn extend<I: IntoIterator<Item = HKey>>(&mut self, keys: I) {
        for k in keys {
            self.insert(k);
        }
    }
}

impl FromIterator<HKey> for PySet {
    fn from_iter<I: IntoIterator<Item = HKey>>(keys: I) -> PySet {
        let mut s = PySet::default();
        s.extend(keys);
        s
    }
}

impl IntoIterator for PySet {
    type Item = HKey;
    type IntoIter = std::vec::IntoIter<HKey>;
    fn into_iter(self) -> Self::IntoIter {
        let keys: Vec<HKey> = self
            .table
            .into_iter()
            .filter_map(|slot| match slot {
                Slot::Active(k) => Some(k),
                _ => None,
            })
            .collect();
        keys.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    fn set_of(items: &[i64]) -> PySet {
        items.iter().map(|i| HKey::new(Value::Int(*i)).unwrap()).collect()
    }

    fn ints(s: &PySet) -> Vec<i64> {
        s.iter()
            .map(|k| match k.value {
                Value::Int(i) => i,
                _ => unreachable!(),
            })
            .collect()
    }

    // Expected orders are what CPython 3.11 prints for sets built by `add`
    // in the same order (displays of constants go another way).
    #[test]
    fn iterates_in_cpython_order() {
        assert_eq!(ints(&set_of(&[10, 3, 7, 100, -1])), [3, 100, 7, 10, -1]);
        assert_eq!(ints(&set_of(&[5, 1, 3])), [1, 3, 5]);
        let r: Vec<i64> = (0..100).rev().step_by(7).map(|i| i + 1).collect();
        assert_eq!(ints(&set_of(&r))[..5], [65, 2, 100, 37, 72]);
    }

    #[test]
    fn pop_and_reinsertion_follow_cpython() {
        let mut s = set_of(&[5, 3, 9]);
        assert!(matches!(s.pop().unwrap().value, Value::Int(9)));
        let mut t = set_of(&(0..10).collect::<Vec<_>>());
        t.remove(&HKey::new(Value::Int(3)).unwrap());
        t.insert(HKey::new(Value::Int(100)).unwrap());
        t.insert(HKey::new(Value::Int(3)).unwrap());
        assert_eq!(ints(&t), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100]);
    }

    #[test]
    fn algebra_orders() {
        let a = set_of(&[1, 2, 3, 40]);
        let b = set_of(&[40, 3, 50]);
        assert_eq!(ints(&PySet::union(&a, &b)), [1, 2, 3, 50, 40]);
        let big = set_of(&(1..13).collect::<Vec<_>>());
        assert_eq!(ints(&PySet::difference(&big, &set_of(&[5]))), [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12]);
        assert_eq!(ints(&PySet::intersection(&set_of(&[3, 1, 2]), &set_of(&[2, 3, 9, 1]))), [1, 2, 3]);
        assert_eq!(ints(&PySet::symmetric_difference(&set_of(&[1, 2, 3]), &set_of(&[3, 4, 5, 100]))), [1, 2, 100, 4, 5]);
        assert_eq!(PySet::default().frozen_hash(), 133_146_708_735_736);
        assert_eq!(set_of(&[1, 2]).frozen_hash(), -1_826_646_154_956_904_602);
    }
}
