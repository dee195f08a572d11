//! Lists built by native code: packed vectors of one scalar type (ints,
//! floats or bools as 64-bit words), the list comprehensions of numeric
//! code. Such a list never leaves the native code that built it (it is
//! not returned, passed to calls or stored), so it lives in a per-thread
//! arena that each entry into native code releases on the way out,
//! whether the code finished or bailed out.

use std::cell::RefCell;

/// A packed list, laid out for generated code: the element words, the
/// length and the capacity (in elements).
#[repr(C)]
pub struct ListBuf {
    pub data: *mut u64,
    pub len: u64,
    pub cap: u64,
    /// Whether `data` is a window into a buffer owned elsewhere (a leaf of
    /// a parallel `list()` writes its part of the result in place): such a
    /// list never frees `data`, and copies its items out when it must grow.
    window: bool,
}

/// Byte offsets of [`ListBuf`]'s fields, for generated loads and stores.
pub const DATA_OFFSET: i32 = 0;
pub const LEN_OFFSET: i32 = 8;
pub const CAP_OFFSET: i32 = 16;

impl ListBuf {
    /// An empty list with room for `cap` elements, outside the arena (its
    /// owner frees it).
    pub fn with_capacity(cap: usize) -> ListBuf {
        let mut v = std::mem::ManuallyDrop::new(Vec::<u64>::with_capacity(cap));
        ListBuf { data: v.as_mut_ptr(), len: 0, cap: v.capacity() as u64, window: false }
    }

    /// A list owning `words` (outside the arena; its owner frees it).
    pub fn from_vec(words: Vec<u64>) -> ListBuf {
        let mut v = std::mem::ManuallyDrop::new(words);
        ListBuf { data: v.as_mut_ptr(), len: v.len() as u64, cap: v.capacity() as u64, window: false }
    }

    /// An empty list writing into the `cap` words at `data`, which stay
    /// owned by the caller (see [`ListBuf::is_window`]).
    ///
    /// # Safety
    /// `data` must be valid for writes of `cap` words while the list is
    /// used, and written by nothing else meanwhile.
    pub unsafe fn window(data: *mut u64, cap: usize) -> ListBuf {
        ListBuf { data, len: 0, cap: cap as u64, window: true }
    }

    /// Whether the items are still in the window the list was made with
    /// ([`ListBuf::window`]), never grown out of it.
    pub fn is_window(&self) -> bool {
        self.window
    }

    /// The elements as words.
    fn words(&self) -> &[u64] {
        // SAFETY: `data` points at `cap >= len` words of which the first
        // `len` were written by generated code or `grow`.
        unsafe { std::slice::from_raw_parts(self.data, self.len as usize) }
    }

    /// Takes the storage back as a vector (the buffer is left empty).
    pub fn take_vec(&mut self) -> Vec<u64> {
        if self.window {
            // The window stays its owner's: the items are copied out.
            let v = self.words().to_vec();
            self.window = false;
            self.data = std::ptr::NonNull::dangling().as_ptr();
            self.len = 0;
            self.cap = 0;
            return v;
        }
        // SAFETY: the parts came from a `Vec<u64>` (`with_capacity` or
        // `grow`) and are not used again: the buffer now owns nothing.
        let v = unsafe { Vec::from_raw_parts(self.data, self.len as usize, self.cap as usize) };
        self.data = std::ptr::NonNull::dangling().as_ptr();
        self.len = 0;
        self.cap = 0;
        v
    }
}

impl Drop for ListBuf {
    fn drop(&mut self) {
        if !self.window {
            drop(self.take_vec());
        }
    }
}

/// The list at `list` as a runtime list value of `elem` items.
///
/// # Safety
/// `list` must point at a live list built by native code whose words hold
/// `elem` values.
pub unsafe fn to_value(list: *const ListBuf, elem: crate::types::Scalar) -> pyfora_runtime::Value {
    // SAFETY: the caller guarantees `list` is live.
    let words = unsafe { (*list).words() };
    pyfora_runtime::Value::list(words.iter().map(|w| elem.value(*w)).collect())
}

thread_local! {
    /// Lists built by the native code running on this thread, innermost
    /// entry last. Boxed so that their addresses (the handles generated code
    /// holds) stay put as the arena grows.
    #[allow(clippy::vec_box)]
    static ARENA: RefCell<Vec<Box<ListBuf>>> = const { RefCell::new(Vec::new()) };
    /// The most lists alive at once since [`take_peak`] last read it.
    static PEAK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The most native lists alive at once on this thread since the last call
/// (for tests: a loop building a list per iteration keeps one alive).
pub fn take_peak() -> usize {
    PEAK.with(|p| p.replace(0))
}

/// Releases the lists built after it was entered when it is dropped: one
/// per entry into native code (calls from the interpreter, reduction
/// pieces, forked calls), so nested entries free in reverse order.
pub struct Scope {
    mark: usize,
}

impl Scope {
    /// Starts a scope at the arena's current end.
    pub fn enter() -> Scope {
        Scope { mark: ARENA.with(|a| a.borrow().len()) }
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        ARENA.with(|a| a.borrow_mut().truncate(self.mark));
    }
}

/// The arena's current end: lists built from now on come after it.
pub extern "C" fn list_mark() -> i64 {
    ARENA.with(|a| a.borrow().len() as i64)
}

/// Frees the lists built since `mark` (native code calls this when it
/// returns and where no register can reach those lists any more).
pub extern "C" fn list_release(mark: i64) {
    ARENA.with(|a| a.borrow_mut().truncate(mark as usize));
}

/// Number of live native lists on this thread (for tests).
pub fn live_lists() -> usize {
    ARENA.with(|a| a.borrow().len())
}

/// A new empty list with room for `capacity` elements; its address is the
/// list's handle in generated code.
pub extern "C" fn list_new(capacity: i64) -> *mut ListBuf {
    adopt(ListBuf::with_capacity(capacity.max(4) as usize))
}

/// Most elements a list is sized for up front (512 MiB of words); a longer
/// one grows as it is built.
const MOST_RESERVED: u64 = 1 << 26;

/// A new empty list with room for the items of `range(start, stop, step)`
/// (a comprehension adding one element per item); its handle.
pub extern "C" fn list_new_for_range(start: i64, stop: i64, step: i64) -> *mut ListBuf {
    let length = pyfora_runtime::range::RangeValue::new(start, stop, step).len().map_or(MOST_RESERVED, |n| (n as u64).min(MOST_RESERVED));
    // Room that cannot be had up front is not an error: the list grows
    // as it is built, and may never need it (a comprehension that bails).
    let mut words = Vec::new();
    if words.try_reserve_exact(length.max(4) as usize).is_err() {
        words.reserve_exact(4);
    }
    adopt(ListBuf::from_vec(words))
}

/// A list in this thread's arena holding `words`; its handle.
pub fn list_from_words(words: Vec<u64>) -> *mut ListBuf {
    let mut v = std::mem::ManuallyDrop::new(words);
    adopt(ListBuf { data: v.as_mut_ptr(), len: v.len() as u64, cap: v.capacity() as u64, window: false })
}

/// Puts `list` in this thread's arena; its handle.
fn adopt(list: ListBuf) -> *mut ListBuf {
    let mut list = Box::new(list);
    let handle: *mut ListBuf = &mut *list;
    let alive = ARENA.with(|a| {
        let mut a = a.borrow_mut();
        a.push(list);
        a.len()
    });
    PEAK.with(|p| p.set(p.get().max(alive)));
    handle
}

/// Doubles the capacity of a full list (generated code appends inline
/// and calls this only when `len == cap`).
///
/// # Safety
/// `list` must be a handle from [`list_new`] whose scope is still open.
pub unsafe extern "C" fn list_grow(list: *mut ListBuf) {
    // SAFETY: the caller passes a live handle, used by this thread only.
    let list = unsafe { &mut *list };
    let mut v = list.take_vec();
    v.reserve(v.len().max(4));
    let mut v = std::mem::ManuallyDrop::new(v);
    list.data = v.as_mut_ptr();
    list.len = v.len() as u64;
    list.cap = v.capacity() as u64;
}

/// `sum()` of a list of ints (or bools) into `out`; 1 (bail) when the sum
/// leaves the machine-int range (the interpreter then sums into a big int).
///
/// # Safety
/// `list` must be a live handle and `out` point at a writable word.
pub unsafe extern "C" fn list_sum_int(list: *const ListBuf, out: *mut i64) -> i64 {
    // SAFETY: see above.
    let words = unsafe { &*list }.words();
    let mut acc: i64 = 0;
    for w in words {
        match acc.checked_add(*w as i64) {
            Some(a) => acc = a,
            None => return 1,
        }
    }
    // SAFETY: see above.
    unsafe { *out = acc };
    0
}

/// `sum()` of a list of ints as a 128-bit int into `out[0]` (low word) and
/// `out[1]` (high word); 1 (bail) beyond 128 bits.
///
/// # Safety
/// `list` must be a live handle and `out` point at two writable words.
pub unsafe extern "C" fn list_sum_wide(list: *const ListBuf, out: *mut i64) -> i64 {
    // SAFETY: see above.
    let words = unsafe { &*list }.words();
    // SAFETY: see above.
    unsafe { sum_wide(words.iter().map(|w| *w as i64), out) }
}

/// Writes the 128-bit sum of `items` to `out[0..2]`; 1 when it overflows.
///
/// # Safety
/// `out` must point at two writable words.
pub unsafe fn sum_wide(items: impl Iterator<Item = i64>, out: *mut i64) -> i64 {
    let mut acc: i128 = 0;
    for x in items {
        match acc.checked_add(x as i128) {
            Some(a) => acc = a,
            None => return 1,
        }
    }
    // SAFETY: see above.
    unsafe {
        *out = acc as i64;
        *out.add(1) = (acc >> 64) as i64;
    }
    0
}

/// `sum()` of a non-empty list of floats into `out`, by the runtime's own
/// summation (so the rounding is the interpreter's, compensated or not as
/// the client's CPython); 1 (bail) for an empty list, whose sum is the
/// int 0.
///
/// # Safety
/// `list` must be a live handle and `out` point at a writable `f64`.
pub unsafe extern "C" fn list_sum_float(list: *const ListBuf, out: *mut f64) -> i64 {
    // SAFETY: see above.
    let words = unsafe { &*list }.words();
    if words.is_empty() {
        return 1;
    }
    match pyfora_runtime::builtins::sum_floats(words.iter().map(|w| f64::from_bits(*w))) {
        Some(total) => {
            // SAFETY: see above.
            unsafe { *out = total };
            0
        }
        None => 1,
    }
}

/// The item CPython's `min()` (`want_max` false) or `max()` picks: the
/// first, replaced by each later one that compares strictly smaller
/// (larger), so a NaN in first place stays and a later NaN is never taken.
/// `None` for no items.
fn extreme<T: PartialOrd + Copy>(mut items: impl Iterator<Item = T>, want_max: bool) -> Option<T> {
    let mut best = items.next()?;
    for x in items {
        if (want_max && x > best) || (!want_max && x < best) {
            best = x;
        }
    }
    Some(best)
}

/// `min()` (`want_max == 0`) or `max()` of a list of ints or bools into
/// `out` (see [`extreme`]); 1 (bail) for an empty list (the interpreter
/// raises the `ValueError`).
///
/// # Safety
/// `list` must be a live handle and `out` point at a writable word.
pub unsafe extern "C" fn list_extreme_int(list: *const ListBuf, want_max: i64, out: *mut i64) -> i64 {
    // SAFETY: see above.
    let words = unsafe { &*list }.words();
    let Some(best) = extreme(words.iter().map(|w| *w as i64), want_max != 0) else { return 1 };
    // SAFETY: see above.
    unsafe { *out = best };
    0
}

/// [`list_extreme_int`] for floats.
///
/// # Safety
/// `list` must be a live handle and `out` point at a writable `f64`.
pub unsafe extern "C" fn list_extreme_float(list: *const ListBuf, want_max: i64, out: *mut f64) -> i64 {
    // SAFETY: see above.
    let words = unsafe { &*list }.words();
    let Some(best) = extreme(words.iter().map(|w| f64::from_bits(*w)), want_max != 0) else { return 1 };
    // SAFETY: see above.
    unsafe { *out = best };
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capacity_for(start: i64, stop: i64, step: i64) -> u64 {
        let _scope = Scope::enter();
        let list = list_new_for_range(start, stop, step);
        // SAFETY: the handle stays live until the scope ends.
        unsafe { (*list).cap }
    }

    #[test]
    fn a_range_sized_list_has_room_for_every_item() {
        assert!(capacity_for(0, 1000, 1) >= 1000);
        assert!(capacity_for(10, -990, -1) >= 1000);
        assert!(capacity_for(0, 1000, 7) >= 143);
        assert!(capacity_for(0, 0, 1) >= 4);
    }

    #[test]
    fn a_huge_range_reserves_at_most_the_bound() {
        let cap = capacity_for(i64::MIN, i64::MAX, 1);
        assert!((MOST_RESERVED..MOST_RESERVED + 64).contains(&cap), "{cap}");
    }
}
