//! Lists and tuples passed into native code ([`crate::types::Ty::Items`]):
//! read in place, as the runtime's own values, never copied or packed. The
//! caller holds the list for the whole call and nothing can change a list
//! that is shared, so its items stay put; each item read checks its type
//! (one byte), so a list whose first item decided the type but whose later
//! items differ makes native code bail out, and the interpreter runs the
//! call.

use pyfora_runtime::Value;

use crate::lists::{self, ListBuf};
use crate::types::Scalar;

/// Bytes per item.
pub const ITEM_SIZE: i64 = std::mem::size_of::<Value>() as i64;
/// Offset of an item's tag byte (`Value` is `repr(u8)`: the tag comes first).
pub const TAG_OFFSET: i32 = 0;
/// Offset of a `bool` item's payload byte.
pub const BOOL_OFFSET: i32 = 1;
/// Offset of an `int` or `float` item's payload word.
pub const WORD_OFFSET: i32 = 8;

const _: () = assert!(std::mem::size_of::<Value>() == 16);

/// The tag byte of `v`.
fn tag_of(v: &Value) -> u8 {
    // SAFETY: `Value` is `repr(u8)`, so its first byte is the tag.
    unsafe { *(v as *const Value as *const u8) }
}

/// The tag byte of the values of type `s`.
pub fn tag(s: Scalar) -> u8 {
    tag_of(&match s {
        Scalar::Int => Value::Int(0),
        Scalar::Float => Value::Float(0.0),
        Scalar::Bool => Value::Bool(false),
        Scalar::None => Value::None,
    })
}

/// The tag bytes of lists and tuples (the rows of a [`crate::types::Ty::Rows`]).
pub fn sequence_tags() -> (u8, u8) {
    (tag_of(&Value::list(Vec::new())), tag_of(&Value::tuple(Vec::new())))
}

/// Where a list's or tuple's items pointer and length sit, as byte offsets
/// from the pointer a `Value` holds for it (its `Arc` allocation). Measured
/// once on a probe (the layout of `Arc<Vec<_>>` is the compiler's); `None`
/// when the measurement is ambiguous, and then rows are not taken.
pub fn vec_offsets() -> Option<(i32, i32)> {
    static OFFSETS: std::sync::OnceLock<Option<(i32, i32)>> = std::sync::OnceLock::new();
    *OFFSETS.get_or_init(|| {
        let mut items = Vec::with_capacity(11);
        items.extend([Value::Int(1), Value::Int(2), Value::Int(3)]);
        let probe = Value::list(items);
        let Value::List(arc) = &probe else { return None };
        // SAFETY: the payload word of a `List` value is its `Arc`'s pointer
        // (see `WORD_OFFSET`); reading words of the live allocation it
        // points at, within the size of its header and the `Vec`.
        let words: Vec<usize> = unsafe {
            let base = *((&probe as *const Value as *const u8).add(WORD_OFFSET as usize) as *const *const usize);
            let n = (std::mem::size_of::<Vec<Value>>() + 2 * std::mem::size_of::<usize>()) / std::mem::size_of::<usize>();
            (0..n).map(|k| *base.add(k)).collect()
        };
        let find = |want: usize| {
            let hits: Vec<usize> = words.iter().enumerate().filter(|(_, w)| **w == want).map(|(k, _)| k).collect();
            (hits.len() == 1).then(|| (hits[0] * std::mem::size_of::<usize>()) as i32)
        };
        Some((find(arc.as_ptr() as usize)?, find(arc.len())?))
    })
}

/// The item type of the rows of `items` when it is a list or tuple of
/// lists or tuples: that of the first row's first item (`Int` when it has
/// none); `None` otherwise.
pub fn rows_scalar(items: &[Value]) -> Option<Scalar> {
    vec_offsets()?;
    match items.first()? {
        Value::List(row) | Value::Tuple(row) => crate::types::items_scalar(row),
        _ => None,
    }
}

/// The code generated calls pass for an item type.
pub fn code(s: Scalar) -> i64 {
    match s {
        Scalar::Int => 0,
        Scalar::Float => 1,
        Scalar::Bool => 2,
        Scalar::None => 3,
    }
}

fn of_code(c: i64) -> Scalar {
    match c {
        0 => Scalar::Int,
        1 => Scalar::Float,
        2 => Scalar::Bool,
        _ => Scalar::None,
    }
}

/// The `len` items at `data` packed as words of type `elem`; `None` when
/// one is of another type.
///
/// # Safety
/// `data` must point at `len` live values.
unsafe fn packed(data: *const Value, len: u64, elem: i64) -> Option<ListBuf> {
    // SAFETY: see above.
    let items = unsafe { std::slice::from_raw_parts(data, len as usize) };
    let elem = of_code(elem);
    let words: Vec<u64> = items.iter().map(|v| elem.word_of(v)).collect::<Option<_>>()?;
    Some(ListBuf::from_vec(words))
}

/// `sum()` of the `len` items at `data`, all of type `elem`, into `out` (a
/// word: the int, or the float's bits), as the packed-list sums compute it;
/// 1 (bail) when an item is of another type or the sum is not native's.
///
/// # Safety
/// `data` must point at `len` live values and `out` at a writable word.
pub unsafe extern "C" fn items_sum(data: *const Value, len: u64, elem: i64, out: *mut u64) -> i64 {
    // SAFETY: see above.
    let Some(list) = (unsafe { packed(data, len, elem) }) else { return 1 };
    // SAFETY: `list` is a live buffer and `out` a writable word.
    unsafe {
        match of_code(elem) {
            Scalar::Float => lists::list_sum_float(&list, out as *mut f64),
            _ => lists::list_sum_int(&list, out as *mut i64),
        }
    }
}

/// `sum()` of the `len` ints at `data` as a 128-bit int into `out[0..2]`
/// (see [`lists::list_sum_wide`]); 1 (bail) for another item type or
/// beyond 128 bits.
///
/// # Safety
/// `data` must point at `len` live values and `out` at two writable words.
pub unsafe extern "C" fn items_sum_wide(data: *const Value, len: u64, out: *mut i64) -> i64 {
    // SAFETY: see above.
    let Some(list) = (unsafe { packed(data, len, code(Scalar::Int)) }) else { return 1 };
    // SAFETY: `list` is a live buffer and `out` two writable words.
    unsafe { lists::list_sum_wide(&list, out) }
}

/// `min()` (`want_max == 0`) or `max()` of the `len` items at `data`, all
/// of type `elem`, into `out`; 1 (bail) for another item type or no items.
///
/// # Safety
/// `data` must point at `len` live values and `out` at a writable word.
pub unsafe extern "C" fn items_extreme(data: *const Value, len: u64, elem: i64, want_max: i64, out: *mut u64) -> i64 {
    // SAFETY: see above.
    let Some(list) = (unsafe { packed(data, len, elem) }) else { return 1 };
    // SAFETY: `list` is a live buffer and `out` a writable word.
    unsafe {
        match of_code(elem) {
            Scalar::Float => lists::list_extreme_float(&list, want_max, out as *mut f64),
            _ => lists::list_extreme_int(&list, want_max, out as *mut i64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_distinct_and_read_from_the_first_byte() {
        let tags = [tag(Scalar::Int), tag(Scalar::Float), tag(Scalar::Bool), tag(Scalar::None)];
        for (i, a) in tags.iter().enumerate() {
            for b in &tags[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(tag_of(&Value::Int(-7)), tag(Scalar::Int));
    }

    #[test]
    fn payloads_sit_at_the_documented_offsets() {
        let items = [Value::Int(-5), Value::Float(2.5), Value::Bool(true)];
        let base = items.as_ptr() as *const u8;
        // SAFETY: reads inside the array, at the offsets `Value`'s layout gives.
        unsafe {
            assert_eq!(*(base.add(WORD_OFFSET as usize) as *const i64), -5);
            assert_eq!(*(base.add(ITEM_SIZE as usize + WORD_OFFSET as usize) as *const f64), 2.5);
            assert_eq!(*base.add(2 * ITEM_SIZE as usize + BOOL_OFFSET as usize), 1);
        }
    }

    #[test]
    fn rows_are_read_through_the_measured_offsets() {
        let (ptr, len) = vec_offsets().expect("the probe finds both words");
        let row = Value::list(vec![Value::Float(1.5), Value::Float(2.5)]);
        let Value::List(arc) = &row else { unreachable!() };
        // SAFETY: reads of the live allocation at the measured offsets.
        unsafe {
            let base = *((&row as *const Value as *const u8).add(WORD_OFFSET as usize) as *const *const u8);
            assert_eq!(*(base.add(ptr as usize) as *const usize), arc.as_ptr() as usize);
            assert_eq!(*(base.add(len as usize) as *const usize), 2);
        }
        assert_eq!(rows_scalar(&[row.clone()]), Some(Scalar::Float));
        assert_eq!(rows_scalar(&[Value::Int(1)]), None);
    }

    #[test]
    fn sums_check_every_item() {
        let ints = [Value::Int(1), Value::Int(2), Value::Int(3)];
        let mixed = [Value::Int(1), Value::Float(2.0)];
        let mut out = 0u64;
        // SAFETY: live arrays and a writable word.
        unsafe {
            assert_eq!(items_sum(ints.as_ptr(), 3, code(Scalar::Int), &mut out), 0);
            assert_eq!(out, 6);
            assert_eq!(items_sum(mixed.as_ptr(), 2, code(Scalar::Int), &mut out), 1);
            assert_eq!(items_extreme(ints.as_ptr(), 3, code(Scalar::Int), 1, &mut out), 0);
            assert_eq!(out, 3);
            assert_eq!(items_extreme(ints.as_ptr(), 0, code(Scalar::Int), 1, &mut out), 1);
        }
    }
}
