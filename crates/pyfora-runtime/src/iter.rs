//! Iteration: the iterator states behind `iter()`, `for`, generators and the
//! lazy builtins (`map`, `filter`, `zip`, `enumerate`, `reversed`).

use std::sync::{Arc, Mutex, TryLockError};

use crate::dict::{Dict, PySet};
use crate::error::{type_error, value_error, Error, RtResult};
use crate::exceptions::ExcKind;
use crate::interp::{call_special, call_value, resume_generator, GenStep};
use crate::value::{GeneratorState, PyStr, Value};

/// What an iterator walks over.
pub enum IterState {
    Range {
        cur: i64,
        stop: i64,
        step: i64,
    },
    /// A range outside the `i64` fast path (see `crate::range`).
    BigRange {
        cur: num_bigint::BigInt,
        stop: num_bigint::BigInt,
        step: num_bigint::BigInt,
    },
    Seq {
        items: Arc<Vec<Value>>,
        idx: usize,
    },
    Reversed {
        items: Arc<Vec<Value>>,
        idx: usize,
    },
    Str {
        s: Arc<PyStr>,
        pos: usize,
    },
    DictKeys {
        d: Arc<Dict>,
        idx: usize,
    },
    DictValues {
        d: Arc<Dict>,
        idx: usize,
    },
    DictItems {
        d: Arc<Dict>,
        idx: usize,
    },
    Set {
        s: Arc<PySet>,
        idx: usize,
    },
    Generator(GeneratorState),
    Enumerate {
        inner: Value,
        /// The next count: an int of any size (past 2**63 it grows into a
        /// big int, as CPython's does).
        count: Value,
    },
    Zip {
        inners: Vec<Value>,
        strict: bool,
    },
    /// `iter(f, sentinel)`: calls `f` until it returns `sentinel`.
    CallUntil {
        f: Value,
        sentinel: Value,
    },
    Map {
        f: Value,
        inners: Vec<Value>,
    },
    Filter {
        f: Value,
        inner: Value,
    },
    /// A user object with `__next__`.
    User(Value),
    /// A user object with `__getitem__` but no `__iter__` (the old
    /// sequence protocol): items 0, 1, 2, ... until `IndexError` or
    /// `StopIteration`, each read when it is needed.
    GetItem {
        obj: Value,
        idx: i64,
    },
    /// `reversed()` of a user object with `__len__` and `__getitem__`:
    /// items `idx`, `idx - 1`, ... 0, each read when it is needed.
    GetItemReversed {
        obj: Value,
        idx: i64,
    },
    /// The iterator `inner` of a user object whose class implements
    /// `__pyfora_generator__`: it iterates as `inner`, and parallel
    /// consumers split `source` instead ([`crate::pieces`]).
    Splittable {
        source: Value,
        inner: Value,
    },
    Done,
}

/// Wraps a state as an iterator value.
pub fn make(state: IterState) -> Value {
    Value::Iterator(Arc::new(Mutex::new(state)))
}

/// `iter(v)`.
pub fn iter(v: &Value) -> RtResult<Value> {
    Ok(make(match v {
        Value::Range(r) => range_state(r),
        Value::DictView(v) => crate::views::iter_state(v),
        Value::List(items) | Value::Tuple(items) => IterState::Seq { items: items.clone(), idx: 0 },
        Value::Array(a) => IterState::Seq { items: Arc::new(a.rows()), idx: 0 },
        Value::Str(s) => IterState::Str { s: s.clone(), pos: 0 },
        Value::Dict(d) => IterState::DictKeys { d: d.clone(), idx: 0 },
        Value::Set(s) | Value::FrozenSet(s) => IterState::Set { s: s.clone(), idx: 0 },
        Value::Iterator(_) => return Ok(v.clone()),
        Value::Instance(_) => {
            if let Some(it) = call_special(v, "__iter__", vec![])? {
                let inner = match it {
                    Value::Iterator(_) => it,
                    Value::Instance(_) if crate::interp::has_special(&it, "__next__") => make(IterState::User(it)),
                    other => return Err(type_error(format!("iter() returned non-iterator of type '{}'", other.type_name()))),
                };
                if crate::interp::has_special(v, crate::pieces::SPLIT_PROTOCOL) {
                    return Ok(make(IterState::Splittable { source: v.clone(), inner }));
                }
                return Ok(inner);
            }
            if crate::interp::has_special(v, "__getitem__") {
                IterState::GetItem { obj: v.clone(), idx: 0 }
            } else {
                return Err(not_iterable(v));
            }
        }
        other => return Err(not_iterable(other)),
    }))
}

/// The iterator state walking a range.
pub fn range_state(r: &crate::range::RangeValue) -> IterState {
    match &r.big {
        None => IterState::Range { cur: r.start, stop: r.stop, step: r.step },
        Some(b) => IterState::BigRange { cur: b.start.clone(), stop: b.stop.clone(), step: b.step.clone() },
    }
}

fn not_iterable(v: &Value) -> Error {
    type_error(format!("'{}' object is not iterable", v.type_name()))
}

/// One step of an iterator: an item, or the end (with a generator's return value).
pub enum Step {
    Item(Value),
    Done(Value),
}

/// How many items the iterator value `it` has left, where CPython's
/// iterator of the same kind answers `__length_hint__` (`None` for
/// generators, `map`, `zip` and the others that do not).
pub fn remaining(it: &Value) -> RtResult<Option<Value>> {
    let Value::Iterator(m) = it else { return Ok(None) };
    let Ok(guard) = m.try_lock() else { return Err(value_error("generator already executing")) };
    let count = |n: usize| Ok(Some(Value::Int(n as i64)));
    match &*guard {
        IterState::Range { cur, stop, step } => count(crate::range::item_count(*cur, *stop, *step).max(0) as usize),
        IterState::BigRange { cur, stop, step } => {
            use num_traits::Signed;
            let n = if step.is_positive() { (stop - cur + step - 1u8) / step } else { (cur - stop - step - 1u8) / -step };
            Ok(Some(Value::from_big(n.max(num_bigint::BigInt::from(0)))))
        }
        IterState::Seq { items, idx } => count(items.len().saturating_sub(*idx)),
        IterState::Reversed { idx, .. } => count(*idx),
        IterState::Str { s, pos } => count(s.text[*pos..].chars().count()),
        IterState::DictKeys { d, idx } | IterState::DictValues { d, idx } | IterState::DictItems { d, idx } => count(d.len().saturating_sub(*idx)),
        IterState::Set { s, idx } => {
            let mut n = 0;
            let mut from = *idx;
            while let Some((slot, _)) = s.next_from(from) {
                n += 1;
                from = slot + 1;
            }
            count(n)
        }
        IterState::GetItemReversed { idx, .. } => count((*idx + 1).max(0) as usize),
        IterState::GetItem { obj, idx } => {
            let (obj, idx) = (obj.clone(), *idx);
            drop(guard);
            if crate::interp::lookup_class_attr(&obj, "__len__").is_none() {
                return Ok(None);
            }
            count((crate::ops::len(&obj)? - idx).max(0) as usize)
        }
        _ => Ok(None),
    }
}

/// Advances the iterator held in `v` (which must be an iterator value).
pub fn next(v: &Value) -> RtResult<Option<Value>> {
    Ok(match step(v)? {
        Step::Item(x) => Some(x),
        Step::Done(_) => None,
    })
}

/// Advances an iterator value, reporting a generator's return value at the end.
pub fn step(v: &Value) -> RtResult<Step> {
    match v {
        Value::Iterator(m) => {
            let mut guard = match m.try_lock() {
                Ok(g) => g,
                Err(TryLockError::WouldBlock) => return Err(value_error("generator already executing")),
                Err(TryLockError::Poisoned(p)) => p.into_inner(),
            };
            advance(&mut guard)
        }
        other => Err(type_error(format!("'{}' object is not an iterator", other.type_name()))),
    }
}

/// Feeds the remaining items of the iterator value `it` to `f` in order
/// until it returns `Ok(false)` or fails. A generator runs in one go,
/// handing each value it yields straight to `f`.
pub fn for_each(it: &Value, f: impl FnMut(Value) -> RtResult<bool>) -> RtResult<()> {
    for_each_with(it, Owned(f))
}

/// [`for_each`] lending each item instead of giving it: a generator's item
/// is read in the register it was yielded from (no copy, no drop).
pub fn for_each_ref(it: &Value, f: impl FnMut(&Value) -> RtResult<bool>) -> RtResult<()> {
    for_each_with(it, Lent(f))
}

/// [`for_each`] over a state the caller holds exclusively.
pub fn drain(state: &mut IterState, f: impl FnMut(Value) -> RtResult<bool>) -> RtResult<()> {
    drain_with(state, Owned(f))
}

/// How a consumer takes items: owned (a generator's are copied out of
/// their register) or lent (an advanced iterator's are dropped after).
trait Consumer {
    fn lent(&mut self, v: &Value) -> RtResult<bool>;
    fn owned(&mut self, v: Value) -> RtResult<bool>;
}

struct Owned<F>(F);

impl<F: FnMut(Value) -> RtResult<bool>> Consumer for Owned<F> {
    #[inline(always)]
    fn lent(&mut self, v: &Value) -> RtResult<bool> {
        (self.0)(v.clone_inline())
    }
    #[inline(always)]
    fn owned(&mut self, v: Value) -> RtResult<bool> {
        (self.0)(v)
    }
}

struct Lent<F>(F);

impl<F: FnMut(&Value) -> RtResult<bool>> Consumer for Lent<F> {
    #[inline(always)]
    fn lent(&mut self, v: &Value) -> RtResult<bool> {
        (self.0)(v)
    }
    #[inline(always)]
    fn owned(&mut self, v: Value) -> RtResult<bool> {
        (self.0)(&v)
    }
}

fn for_each_with(it: &Value, f: impl Consumer) -> RtResult<()> {
    match it {
        Value::Iterator(m) => {
            let mut guard = match m.try_lock() {
                Ok(g) => g,
                Err(TryLockError::WouldBlock) => return Err(value_error("generator already executing")),
                Err(TryLockError::Poisoned(p)) => p.into_inner(),
            };
            drain_with(&mut guard, f)
        }
        other => Err(type_error(format!("'{}' object is not an iterator", other.type_name()))),
    }
}

fn drain_with(state: &mut IterState, mut f: impl Consumer) -> RtResult<()> {
    if let IterState::Generator(g) = state {
        let Some(frame) = g.frame.as_mut() else {
            return Ok(());
        };
        // An error of the consumer stops the generator where it is (it can
        // be resumed later) and is raised here, outside the generator.
        let mut failure = None;
        let mut sink = |v: &Value| match f.lent(v) {
            Ok(go_on) => go_on,
            Err(e) => {
                failure = Some(e);
                false
            }
        };
        return match crate::interp::run_into(frame, &mut sink) {
            Ok(GenStep::Return(_)) => {
                g.frame = None;
                Ok(())
            }
            Ok(GenStep::Yield(_)) => failure.map_or(Ok(()), Err),
            Err(e) => {
                g.frame = None;
                Err(generator_error(e))
            }
        };
    }
    loop {
        match advance(state)? {
            Step::Item(x) => {
                if !f.owned(x)? {
                    return Ok(());
                }
            }
            Step::Done(_) => return Ok(()),
        }
    }
}

/// Whether `v` is a generator (it has `send`, `throw` and `close`).
pub(crate) fn is_generator(v: &Value) -> bool {
    match v {
        Value::Iterator(m) => matches!(&*m.lock().unwrap_or_else(|p| p.into_inner()), IterState::Generator(_)),
        _ => false,
    }
}

/// The locked state of the generator `gen`, for its method `method`
/// (`send`, `throw`, `close`); `AttributeError` for any other value.
fn locked_generator<'a>(gen: &'a Value, method: &str) -> RtResult<std::sync::MutexGuard<'a, IterState>> {
    let Value::Iterator(m) = gen else {
        return Err(type_error(format!("'{}' object has no attribute '{method}'", gen.type_name())));
    };
    let guard = match m.try_lock() {
        Ok(g) => g,
        Err(TryLockError::WouldBlock) => return Err(value_error("generator already executing")),
        Err(TryLockError::Poisoned(p)) => p.into_inner(),
    };
    if !matches!(*guard, IterState::Generator(_)) {
        // (The type's name is read with the lock released: reading it
        // locks the iterator too.)
        drop(guard);
        return Err(Error::new(ExcKind::AttributeError, format!("'{}' object has no attribute '{method}'", gen.type_name())));
    }
    Ok(guard)
}

/// `gen.close()`: raises `GeneratorExit` where a started generator is
/// suspended, so its `finally` clauses and handlers run; the generator is
/// finished after. A `GeneratorExit` (or `StopIteration`) coming out is the
/// normal end; yielding again is a `RuntimeError`; anything else raised
/// propagates. Returns the generator's return value if it returned (on
/// Python 3.13 and later, as CPython; `None` before).
pub fn generator_close(gen: &Value) -> RtResult<Value> {
    generator_resume_with(gen, Error::new(ExcKind::GeneratorExit, ""), true)
}

/// `gen.throw(exc)`: raises `exc` where the generator is suspended; the
/// next value it yields is returned, its return ends in `StopIteration`.
pub fn generator_throw(gen: &Value, exc: &Value) -> RtResult<Value> {
    generator_resume_with(gen, crate::interp::make_exception(exc)?, false)
}

/// Resumes the generator `gen` by raising `error` where it is suspended
/// (`closing`: as `close()` does, else as `throw()`): the value `close()`
/// or `throw()` returns, or `StopIteration` when `throw()` ends it.
fn generator_resume_with(gen: &Value, error: Error, closing: bool) -> RtResult<Value> {
    match resume_generator_with(gen, error, closing)? {
        GenStep::Yield(v) => Ok(v),
        // Python 3.13 hands the return value out of `close()`.
        GenStep::Return(v) if closing => Ok(if crate::compat::python_minor() >= 13 { v } else { Value::None }),
        GenStep::Return(v) => Err(Error::with_args(ExcKind::StopIteration, if matches!(v, Value::None) { vec![] } else { vec![v] })),
    }
}

/// Resumes the generator `gen` by raising `error` where it is suspended:
/// what it yields next, or what it returns (`closing`: a `GeneratorExit`
/// or `StopIteration` coming out is a return of `None`, a yield a
/// `RuntimeError`). A `yield from` delegating to `gen` reads the outcome
/// as it is.
pub(crate) fn resume_generator_with(gen: &Value, error: Error, closing: bool) -> RtResult<GenStep> {
    let mut guard = locked_generator(gen, if closing { "close" } else { "throw" })?;
    let IterState::Generator(g) = &mut *guard else { unreachable!("checked by locked_generator") };
    let Some(frame) = g.frame.as_mut() else {
        // Finished: closing does nothing; a throw raises right here.
        return if closing { Ok(GenStep::Return(Value::None)) } else { Err(error) };
    };
    if frame.pc == 0 {
        // Never started: nothing to unwind.
        g.frame = None;
        return if closing { Ok(GenStep::Return(Value::None)) } else { Err(error) };
    }
    let outcome = crate::interp::throw_into_generator(frame, error);
    match outcome {
        Ok(GenStep::Yield(_)) if closing => Err(Error::new(ExcKind::RuntimeError, "generator ignored GeneratorExit")),
        Ok(GenStep::Yield(v)) => Ok(GenStep::Yield(v)),
        Ok(GenStep::Return(v)) => {
            g.frame = None;
            Ok(GenStep::Return(v))
        }
        Err(e) => {
            g.frame = None;
            if closing && (e.is(ExcKind::GeneratorExit) || e.is(ExcKind::StopIteration)) {
                Ok(GenStep::Return(Value::None))
            } else {
                Err(generator_error(e))
            }
        }
    }
}

/// The error a failing generator raises to its consumer (PEP 479: a
/// `StopIteration` escaping the body becomes `RuntimeError`).
fn generator_error(e: Error) -> Error {
    if !e.is(ExcKind::StopIteration) {
        return e;
    }
    let (Error::Exception(stop), Error::Exception(runtime)) = (e, Error::new(ExcKind::RuntimeError, "generator raised StopIteration")) else {
        unreachable!("both are exceptions")
    };
    // Chained as CPython chains it: `raise RuntimeError(...) from stop`,
    // while `stop` is being handled.
    crate::interp::raise_exception(&runtime.value, Some(stop.value.clone()), Some(stop.value)).unwrap_or_else(|e| e)
}

/// `reduce` (`sum()` with start 0, `min()`, `max()`, `any()`, `all()`) of
/// a generator expression not started yet whose first loop runs over a
/// range, a list or a tuple, as native code when the native tier compiles it; `None` leaves
/// it to the interpreter. The generator and its range iterator end up
/// exhausted, as if the interpreter had run them; a reduction that may stop
/// early runs natively only when nothing else holds the generator (`it` is
/// its only reference), since the rest of it could not be resumed.
pub fn native_reduce(it: &Value, reduce: crate::native::Reduce) -> Option<RtResult<Value>> {
    let tier = crate::native::tier()?;
    with_generator_source(it, reduce.stops_early(), |func, over, params| tier.reduce(func, reduce, over, params))
}

/// The items of the generator expression `it` computed by a native list
/// kernel, when the native tier takes it (see [`native_reduce`]).
pub fn native_items(it: &Value) -> Option<RtResult<Vec<Value>>> {
    Some(native_reduce(it, crate::native::Reduce::List)?.map(|list| match list {
        Value::List(items) => Arc::try_unwrap(items).unwrap_or_else(|shared| (*shared).clone()),
        other => unreachable!("a list reduction returns a list, not {}", other.type_name()),
    }))
}

/// Hands what the first loop of the generator expression `it` (not
/// started) runs over to `run`: its function, the range or items, and its
/// parameters after the iterator. When `run` returns `Some`, the generator
/// and its iterator end up exhausted. With `stops_early`, only a generator
/// nothing else holds is handed over. Generator functions are never handed
/// over, nor generator expressions whose parameters or closure reach an
/// iterator ([`crate::shared_state`]: its items must be taken in order).
pub fn with_generator_source<R>(
    it: &Value,
    stops_early: bool,
    run: impl FnOnce(&Arc<crate::value::Function>, crate::native::Over<'_>, &[Value]) -> Option<R>,
) -> Option<R> {
    with_generator_state(it, stops_early, |func, state, params| match state {
        IterState::Range { cur, stop, step } => run(func, crate::native::Over::Range { start: *cur, stop: *stop, step: *step }, params),
        IterState::Seq { items, idx } => {
            let items = items.clone();
            run(func, crate::native::Over::Items(items.get(*idx..)?), params)
        }
        _ => None,
    })
}

/// Like [`with_generator_source`], handing `run` the state of the first
/// loop's iterator itself (read under its lock, which `run` must not take
/// again).
pub fn with_generator_state<R>(it: &Value, stops_early: bool, run: impl FnOnce(&Arc<crate::value::Function>, &IterState, &[Value]) -> Option<R>) -> Option<R> {
    let Value::Iterator(m) = it else { return None };
    if stops_early && Arc::strong_count(m) != 1 {
        return None;
    }
    let mut guard = m.try_lock().ok()?;
    let IterState::Generator(g) = &mut *guard else { return None };
    let frame = g.frame.as_ref()?;
    if frame.pc != 0 {
        return None;
    }
    let Some(Value::Iterator(source)) = frame.regs.first() else { return None };
    // A reduction that stops early leaves its source where it stopped: only
    // a source nothing else can read afterwards is handed over (the kernel
    // does not report how far it went).
    if stops_early && Arc::strong_count(source) != 1 {
        return None;
    }
    let func = frame.func.clone();
    // Only a generator expression's first loop is over register 0 alone (a
    // generator function may advance it anywhere, `accumulate`'s twice).
    if func.code.ir.kind != pyfora_syntax::ir::CodeKind::GeneratorExpression {
        return None;
    }
    let nparams = func.code.ir.params.positional.len();
    let params = frame.regs.get(1..nparams)?;
    let result = {
        let mut state = source.try_lock().ok()?;
        if may_split(&state) {
            let captured: Vec<Value> = func.closure.iter().map(|c| c.get()).collect();
            if crate::shared_state::reaches_iterator(params.iter().chain(&captured)) {
                return None;
            }
        }
        let result = run(&func, &state, params)?;
        *state = IterState::Done;
        result
    };
    g.frame = None;
    Some(result)
}

/// Whether a consumer might run the items left in `state` (a generator
/// expression's first loop) in parallel pieces: at least
/// [`crate::interp::MIN_NATIVE_COMPREHENSION`] of them, the fewest any
/// consumer splits (a string's bytes counted, at least its characters), or
/// an object that splits itself. Fewer are taken in order, whatever the
/// generator reaches.
fn may_split(state: &IterState) -> bool {
    let min = crate::interp::MIN_NATIVE_COMPREHENSION;
    match state {
        IterState::Range { cur, stop, step } => crate::range::item_count(*cur, *stop, *step) >= min as i128,
        IterState::Seq { items, idx } => items.len().saturating_sub(*idx) >= min,
        IterState::Str { s, pos } => s.text.len().saturating_sub(*pos) >= min,
        IterState::Splittable { .. } => true,
        _ => false,
    }
}

/// The most parts [`advance_unpacked`] writes (wider zips build tuples).
const MAX_UNPACKED: usize = 4;

/// Advances a state the caller holds exclusively for a loop that unpacks
/// each item at once (`for i, x in enumerate(xs)`, `for a, b in zip(..)`,
/// `for k, v in d.items()`), writing the item's parts into `out` without
/// building the tuple. `Some(Ok(false))` at the end (`out` untouched);
/// `None` when this state's items are not `out.len()`-tuples built here
/// (the caller advances it as usual and unpacks what comes).
pub fn advance_unpacked(state: &mut IterState, out: &mut [Value]) -> Option<RtResult<bool>> {
    let n = out.len();
    match state {
        IterState::Enumerate { inner, count } if n == 2 => {
            let stepped = match sequence_next_into(inner, &mut out[1]) {
                Some(more) => Ok(more),
                None => next_in_place(inner).map(|x| x.map(|x| out[1] = x).is_some()),
            };
            Some(stepped.and_then(|more| {
                if more {
                    crate::interp::assign(&mut out[0], count);
                    step_count(count)?;
                }
                Ok(more)
            }))
        }
        IterState::DictItems { d, idx } if n == 2 => Some(Ok(match d.get_index(*idx) {
            Some((k, v)) => {
                out[0] = k.value.clone();
                out[1] = v.clone();
                *idx += 1;
                true
            }
            None => false,
        })),
        IterState::Zip { inners, strict: false } if n == inners.len() && n <= MAX_UNPACKED => {
            if let Some(more) = zip_sequences_into(inners, out) {
                if !more {
                    *state = IterState::Done;
                }
                return Some(Ok(more));
            }
            // Parts go to `out` only once every inner iterator gave one, as
            // the unpacking of a built tuple would write them.
            let mut parts: [Value; MAX_UNPACKED] = Default::default();
            for (i, it) in inners.iter_mut().enumerate() {
                match next_in_place(it) {
                    Ok(Some(x)) => parts[i] = x,
                    Ok(None) => {
                        *state = IterState::Done;
                        return Some(Ok(false));
                    }
                    Err(e) => return Some(Err(e)),
                }
            }
            for (slot, part) in out.iter_mut().zip(parts) {
                *slot = part;
            }
            Some(Ok(true))
        }
        _ => None,
    }
}

/// One step of `zip` over iterators of lists and tuples held only by it,
/// each item written straight into its part of `out`; `None` when some
/// inner iterator is of another kind. (An inner iterator that is ahead of
/// the one that ends is dropped with the zip, so no item it gave is seen.)
fn zip_sequences_into(inners: &mut [Value], out: &mut [Value]) -> Option<bool> {
    let mut more = true;
    for it in inners.iter_mut() {
        match it {
            Value::Iterator(m) => match unique_state(m) {
                Some(IterState::Seq { items, idx }) => more &= *idx < items.len(),
                _ => return None,
            },
            _ => return None,
        }
    }
    if more {
        for (it, slot) in inners.iter_mut().zip(out.iter_mut()) {
            sequence_next_into(it, slot);
        }
    }
    Some(more)
}

/// The next item of `it` when it is an iterator of a list or tuple held only
/// there, written into `slot`: `Some(true)`, or `Some(false)` at its end;
/// `None` for any other iterator.
fn sequence_next_into(it: &mut Value, slot: &mut Value) -> Option<bool> {
    let Value::Iterator(m) = it else { return None };
    let Some(IterState::Seq { items, idx }) = unique_state(m) else { return None };
    Some(if *idx < items.len() {
        crate::interp::assign(slot, &items[*idx]);
        *idx += 1;
        true
    } else {
        false
    })
}

/// `count += 1` for `enumerate`'s count.
fn step_count(count: &mut Value) -> RtResult<()> {
    let next = match &*count {
        Value::Int(c) if *c < i64::MAX => Value::Int(*c + 1),
        other => crate::ops::binop(pyfora_syntax::ir::BinOp::Add, other, &Value::Int(1))?,
    };
    *count = next;
    Ok(())
}

/// Advances the iterator value `it`, in place (no lock) when nothing else
/// references it.
fn next_in_place(it: &mut Value) -> RtResult<Option<Value>> {
    if let Value::Iterator(m) = it {
        if let Some(state) = unique_state(m) {
            return Ok(match advance(state)? {
                Step::Item(x) => Some(x),
                Step::Done(_) => None,
            });
        }
    }
    next(it)
}

/// The state of an iterator that nothing else references, for advancing it
/// in place. (Like `Arc::get_mut`, without its atomic read-modify-write on
/// every loop iteration: iterators never have weak references, so a
/// strong count of one proves the caller holds the only reference.)
#[inline(always)]
pub(crate) fn unique_state(m: &mut Arc<std::sync::Mutex<IterState>>) -> Option<&mut IterState> {
    if Arc::strong_count(m) != 1 || Arc::weak_count(m) != 0 {
        return None;
    }
    // Pairs with the release decrement of a clone dropped on another thread.
    std::sync::atomic::fence(std::sync::atomic::Ordering::Acquire);
    // SAFETY: `m` is the only reference to the allocation (checked above)
    // and it is borrowed mutably for the returned lifetime, so no other
    // access to the mutex can happen meanwhile.
    let mutex = unsafe { &mut *(Arc::as_ptr(m) as *mut std::sync::Mutex<IterState>) };
    Some(mutex.get_mut().unwrap_or_else(|p| p.into_inner()))
}

/// Advances a state the caller holds exclusively.
pub fn advance(state: &mut IterState) -> RtResult<Step> {
    let none = || Step::Done(Value::None);
    Ok(match state {
        IterState::Range { cur, stop, step } => {
            let c = *cur;
            if (*step > 0 && c < *stop) || (*step < 0 && c > *stop) {
                *cur = c.wrapping_add(*step);
                Step::Item(Value::Int(c))
            } else {
                none()
            }
        }
        IterState::BigRange { cur, stop, step } => {
            let more = if num_traits::Signed::is_positive(&*step) { *cur < *stop } else { *cur > *stop };
            if more {
                let c = cur.clone();
                *cur += &*step;
                Step::Item(Value::from_big(c))
            } else {
                none()
            }
        }
        IterState::Seq { items, idx } => match items.get(*idx) {
            Some(x) => {
                *idx += 1;
                Step::Item(x.clone())
            }
            None => none(),
        },
        IterState::Reversed { items, idx } => {
            if *idx == 0 {
                none()
            } else {
                *idx -= 1;
                Step::Item(items[*idx].clone())
            }
        }
        IterState::Str { s, pos } => match s.text[*pos..].chars().next() {
            Some(c) => {
                *pos += c.len_utf8();
                Step::Item(Value::char(c))
            }
            None => none(),
        },
        IterState::DictKeys { d, idx } => match d.get_index(*idx) {
            Some((k, _)) => {
                *idx += 1;
                Step::Item(k.value.clone())
            }
            None => none(),
        },
        IterState::DictValues { d, idx } => match d.get_index(*idx) {
            Some((_, v)) => {
                *idx += 1;
                Step::Item(v.clone())
            }
            None => none(),
        },
        IterState::DictItems { d, idx } => match d.get_index(*idx) {
            Some((k, v)) => {
                *idx += 1;
                Step::Item(Value::tuple(vec![k.value.clone(), v.clone()]))
            }
            None => none(),
        },
        // `idx`: the next slot of the set's table to look at.
        IterState::Set { s, idx } => match s.next_from(*idx) {
            Some((slot, k)) => {
                *idx = slot + 1;
                Step::Item(k.value.clone())
            }
            None => none(),
        },
        IterState::Generator(g) => match g.frame.as_mut() {
            None => none(),
            Some(frame) => match resume_generator(frame) {
                Ok(GenStep::Yield(v)) => Step::Item(v),
                Ok(GenStep::Return(v)) => {
                    g.frame = None;
                    Step::Done(v)
                }
                Err(e) => {
                    g.frame = None;
                    return Err(generator_error(e));
                }
            },
        },
        IterState::Enumerate { inner, count } => match next_in_place(inner)? {
            Some(x) => {
                let c = count.clone();
                step_count(count)?;
                Step::Item(Value::tuple(vec![c, x]))
            }
            None => none(),
        },
        IterState::Zip { inners, strict } => {
            if inners.is_empty() {
                return Ok(none());
            }
            let mut items = Vec::with_capacity(inners.len());
            for i in 0..inners.len() {
                match next_in_place(&mut inners[i])? {
                    Some(x) => items.push(x),
                    None => {
                        let check = if *strict { Some((std::mem::take(inners), i)) } else { None };
                        *state = IterState::Done;
                        if let Some((inners, i)) = check {
                            zip_strict_check(&inners, i)?;
                        }
                        return Ok(none());
                    }
                }
            }
            Step::Item(Value::tuple(items))
        }
        IterState::GetItem { obj, idx } => match crate::ops::getitem(obj, &Value::Int(*idx)) {
            Ok(x) => {
                *idx += 1;
                Step::Item(x)
            }
            Err(e) if e.is(ExcKind::IndexError) || e.is(ExcKind::StopIteration) => {
                *state = IterState::Done;
                return Ok(none());
            }
            Err(e) => return Err(e),
        },
        IterState::GetItemReversed { obj, idx } => {
            if *idx < 0 {
                *state = IterState::Done;
                return Ok(none());
            }
            match crate::ops::getitem(obj, &Value::Int(*idx)) {
                Ok(x) => {
                    *idx -= 1;
                    Step::Item(x)
                }
                Err(e) if e.is(ExcKind::IndexError) || e.is(ExcKind::StopIteration) => {
                    *state = IterState::Done;
                    return Ok(none());
                }
                Err(e) => return Err(e),
            }
        }
        IterState::CallUntil { f, sentinel } => {
            let v = match call_value(f, vec![], vec![]) {
                Ok(v) => v,
                // The callable's StopIteration ends the iteration too.
                Err(e) if e.is(ExcKind::StopIteration) => {
                    *state = IterState::Done;
                    return Ok(none());
                }
                Err(e) => return Err(e),
            };
            if crate::ops::eq(&v, sentinel)? {
                *state = IterState::Done;
                return Ok(none());
            }
            Step::Item(v)
        }
        IterState::Map { f, inners } => {
            let mut args = Vec::with_capacity(inners.len());
            for it in inners.iter() {
                match next(it)? {
                    Some(x) => args.push(x),
                    None => return Ok(none()),
                }
            }
            let f = f.clone();
            match call_value(&f, args, vec![]) {
                Ok(v) => Step::Item(v),
                // A `StopIteration` out of the function ends the map, as it
                // comes out of CPython's `map.__next__`.
                Err(e) if e.is(ExcKind::StopIteration) => return Ok(none()),
                Err(e) => return Err(e),
            }
        }
        IterState::Filter { f, inner } => loop {
            match next(inner)? {
                Some(x) => {
                    let keep = if matches!(f, Value::None) { crate::ops::truthy(&x)? } else { crate::ops::truthy(&call_value(f, vec![x.clone()], vec![])?)? };
                    if keep {
                        break Step::Item(x);
                    }
                }
                None => break none(),
            }
        },
        IterState::Splittable { inner, .. } => match next(inner)? {
            Some(x) => Step::Item(x),
            None => none(),
        },
        IterState::User(obj) => match call_special(obj, "__next__", vec![]) {
            Ok(Some(x)) => Step::Item(x),
            Ok(None) => return Err(type_error(format!("'{}' object is not an iterator", obj.type_name()))),
            Err(e) if e.is(ExcKind::StopIteration) => none(),
            Err(e) => return Err(e),
        },
        IterState::Done => none(),
    })
}

/// `zip(strict=True)`: argument `i` (0-based) ran out first; every other
/// argument must be exhausted at the same point.
fn zip_strict_check(inners: &[Value], i: usize) -> RtResult<()> {
    let plural = |n: usize| {
        if n == 1 {
            "argument 1".to_string()
        } else {
            format!("arguments 1-{n}")
        }
    };
    if i > 0 {
        return Err(value_error(format!("zip() argument {} is shorter than {}", i + 1, plural(i))));
    }
    for (j, it) in inners.iter().enumerate().skip(1) {
        if next(it)?.is_some() {
            return Err(value_error(format!("zip() argument {} is longer than {}", j + 1, plural(j))));
        }
    }
    Ok(())
}

/// Hands the items of any iterable to `f` in order, as they are taken: an
/// error raised by the iterable comes after the items before it were
/// handed over (what `list.extend` and `dict.update` keep in CPython).
pub fn for_each_item(v: &Value, mut f: impl FnMut(Value) -> RtResult<()>) -> RtResult<()> {
    match v {
        Value::List(_) | Value::Tuple(_) | Value::Range(_) => collect(v)?.into_iter().try_for_each(f),
        _ => {
            let it = iter(v)?;
            let mut taken = 0u64;
            for_each(&it, |x| {
                if taken % crate::interp::CANCEL_CHECK_INTERVAL == 0 {
                    crate::interp::check_cancelled()?;
                }
                taken += 1;
                f(x)?;
                Ok(true)
            })
        }
    }
}

/// The errors CPython's `PyObject_LengthHint` raises for an instance that
/// `list()`, `tuple()` or `list.extend` is about to walk (the hint itself
/// only sizes CPython's allocation): a negative or overlarge `__len__`, or a
/// `__length_hint__` that answers badly. A `__len__` that raises
/// `TypeError` is passed over, as CPython does.
pub fn check_length_hint(v: &Value) -> RtResult<()> {
    if !matches!(v, Value::Instance(_)) {
        return Ok(());
    }
    if crate::interp::has_special(v, "__len__") {
        match crate::ops::len(v) {
            Err(e) if e.is(ExcKind::TypeError) => {}
            other => return other.map(|_| ()),
        }
    }
    let negative = || crate::error::value_error("__length_hint__() should return >= 0");
    match call_special(v, "__length_hint__", vec![])? {
        None | Some(Value::NotImplemented) => Ok(()),
        Some(Value::Int(n)) if n < 0 => Err(negative()),
        Some(Value::Big(b)) if num_traits::Signed::is_negative(&*b) => Err(negative()),
        Some(Value::Big(_)) => Err(Error::new(ExcKind::OverflowError, "cannot fit 'int' into an index-sized integer")),
        Some(Value::Int(_) | Value::Bool(_)) => Ok(()),
        Some(other) => Err(type_error(format!("__length_hint__ must be an integer, not {}", other.type_name()))),
    }
}

/// `iter(v)` followed by [`check_length_hint`], as `list.extend` starts.
pub fn iter_checking_length_hint(v: &Value) -> RtResult<Value> {
    let it = iter(v)?;
    check_length_hint(v)?;
    Ok(it)
}

/// Materialises any iterable into a vector.
pub fn collect(v: &Value) -> RtResult<Vec<Value>> {
    match v {
        Value::List(items) | Value::Tuple(items) => Ok((**items).clone()),
        Value::Range(r) if r.big.is_none() => {
            let n = r.len()?;
            if n > 1 << 32 {
                return Err(Error::new(ExcKind::MemoryError, "range too large to materialise"));
            }
            let mut out = Vec::with_capacity(n as usize);
            for i in 0..n {
                if i as u64 % crate::interp::CANCEL_CHECK_INTERVAL == 0 {
                    crate::interp::check_cancelled()?;
                }
                out.push(Value::Int(r.at(i)));
            }
            Ok(out)
        }
        _ => {
            let it = iter(v)?;
            let mut out = Vec::new();
            for_each(&it, |x| {
                if out.len() as u64 % crate::interp::CANCEL_CHECK_INTERVAL == 0 {
                    crate::interp::check_cancelled()?;
                }
                out.push(x);
                Ok(true)
            })?;
            Ok(out)
        }
    }
}

/// `generator.send(value)`: resumes the generator with `value` as the result
/// of the `yield` it is suspended at, returning the next yielded value.
pub fn send(gen: &Value, value: Value) -> RtResult<Value> {
    match send_step(gen, value)? {
        Step::Item(v) => Ok(v),
        Step::Done(r) => Err(Error::with_args(ExcKind::StopIteration, if matches!(r, Value::None) { vec![] } else { vec![r] })),
    }
}

/// [`send`] with the generator's end as [`Step::Done`] (its return value)
/// rather than `StopIteration`.
pub fn send_step(gen: &Value, value: Value) -> RtResult<Step> {
    {
        let mut guard = locked_generator(gen, "send")?;
        let IterState::Generator(g) = &mut *guard else { unreachable!("checked by locked_generator") };
        if let Some(frame) = g.frame.as_mut() {
            if frame.pc == 0 {
                if !matches!(value, Value::None) {
                    return Err(type_error("can't send non-None value to a just-started generator"));
                }
            } else if let Some(pyfora_syntax::ir::Instr::Yield { dst, .. }) = frame.func.code.ir.instrs.get(frame.pc - 1) {
                frame.regs[*dst as usize] = value;
            } else if let Some(pyfora_syntax::ir::Instr::YieldFrom { .. }) = frame.func.code.ir.instrs.get(frame.pc) {
                // Suspended in `yield from`: the value goes to the
                // sub-iterator, through the scratch register the
                // instruction reads when it runs again.
                let ir = frame.func.code.ir.clone();
                *crate::interp::yield_from_slot(&mut frame.regs, &ir) = value;
            }
        }
    }
    step(gen)
}
