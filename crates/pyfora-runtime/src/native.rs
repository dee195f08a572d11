//! The hook through which the interpreter hands calls to the native tier
//! (`pyfora-jit`, which depends on this crate and installs itself here).
//!
//! The tier is optional: with none installed, or with it switched off for a
//! computation (`PYFORA_JIT=0`), every call runs in the interpreter.

use std::any::Any;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use crate::error::RtResult;
use crate::value::{Function, Value};

/// A compiler that may run calls of user functions as native code.
pub trait NativeTier: Send + Sync {
    /// Runs `func` on the plain positional `args` natively when it can.
    /// `None` leaves the call to the interpreter (not compilable, or the
    /// native code met a case it does not handle; calls are pure, so the
    /// interpreter simply runs the call from the start).
    fn call(&self, func: &Arc<Function>, args: &[Value]) -> Option<RtResult<Value>>;

    /// `reduce` (`sum()`, `min()`, ...) of a generator expression
    /// (`genexpr`, not started) whose first loop runs `over` a range or the
    /// items of a list or tuple; `params` are the values of its parameters
    /// after the iterator (a list comprehension's variables). `None` leaves
    /// it to the interpreter.
    fn reduce(&self, genexpr: &Arc<Function>, reduce: Reduce, over: Over<'_>, params: &[Value]) -> Option<RtResult<Value>>;
}

/// What the first loop of a generator expression handed to
/// [`NativeTier::reduce`] runs over.
#[derive(Clone, Copy)]
pub enum Over<'a> {
    /// `range(start, stop, step)` (`step != 0`).
    Range { start: i64, stop: i64, step: i64 },
    /// The items of a list or tuple still to come.
    Items(&'a [Value]),
}

/// A builtin that reduces an iterable to one value, which native code may
/// run over a generator expression on a range (in parallel pieces).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reduce {
    /// `sum(g)` (start 0).
    Sum,
    /// `min(g)` without `key`.
    Min,
    /// `max(g)` without `key`.
    Max,
    /// `any(g)`.
    Any,
    /// `all(g)`.
    All,
    /// `list(g)` (and `tuple(g)`, `sorted(g)`): the items in order.
    List,
}

impl Reduce {
    /// The builtin's name.
    pub fn name(self) -> &'static str {
        match self {
            Reduce::Sum => "sum",
            Reduce::Min => "min",
            Reduce::Max => "max",
            Reduce::Any => "any",
            Reduce::All => "all",
            Reduce::List => "list",
        }
    }

    /// True when the builtin may stop before the end, leaving the rest of
    /// the generator for whoever else holds it.
    pub fn stops_early(self) -> bool {
        matches!(self, Reduce::Any | Reduce::All)
    }
}

static TIER: OnceLock<&'static dyn NativeTier> = OnceLock::new();

thread_local! {
    static ENABLED: Cell<bool> = const { Cell::new(false) };
    static THREADS: Cell<usize> = const { Cell::new(1) };
}

/// Sets how many threads computations on this thread may use.
pub fn set_threads(n: usize) {
    THREADS.with(|t| t.set(n.max(1)));
}

/// How many threads computations on this thread may use.
pub fn threads() -> usize {
    THREADS.with(|t| t.get())
}

/// Worker threads currently running pieces of parallel work.
pub static WORKERS_BUSY: AtomicUsize = AtomicUsize::new(0);

/// Pieces done and pieces in all of the parallel reductions running now
/// (for the fraction done shown in status updates).
pub static PIECES_DONE: AtomicU64 = AtomicU64::new(0);
/// See [`PIECES_DONE`].
pub static PIECES_TOTAL: AtomicU64 = AtomicU64::new(0);

/// Counts the current thread as a busy worker while alive (once, however
/// many pieces of work nest on it).
pub struct BusyWorker;

thread_local! {
    /// Live [`BusyWorker`]s on this thread.
    static BUSY_NESTING: Cell<u32> = const { Cell::new(0) };
}

impl BusyWorker {
    /// Marks this thread busy (if it was not already).
    pub fn enter() -> BusyWorker {
        if BUSY_NESTING.with(|n| n.replace(n.get() + 1)) == 0 {
            WORKERS_BUSY.fetch_add(1, Ordering::Relaxed);
        }
        BusyWorker
    }
}

impl Drop for BusyWorker {
    fn drop(&mut self) {
        if BUSY_NESTING.with(|n| n.replace(n.get() - 1)) == 1 {
            WORKERS_BUSY.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// Fraction of the running parallel reductions done, if any run.
pub fn fraction_done() -> Option<f64> {
    let total = PIECES_TOTAL.load(Ordering::Relaxed);
    (total > 0).then(|| PIECES_DONE.load(Ordering::Relaxed) as f64 / total as f64)
}

/// Installs the native tier for the whole process (the first one wins).
pub fn install(tier: &'static dyn NativeTier) {
    let _ = TIER.set(tier);
}

/// Switches the native tier on or off for computations on this thread.
pub fn set_enabled(on: bool) {
    ENABLED.with(|e| e.set(on));
}

/// Whether computations on this thread may use the native tier.
pub fn enabled() -> bool {
    ENABLED.with(|e| e.get())
}

/// The native tier, when installed and switched on for this thread.
#[inline]
pub fn tier() -> Option<&'static dyn NativeTier> {
    if ENABLED.with(|e| e.get()) {
        TIER.get().copied()
    } else {
        None
    }
}

/// What the native tier keeps per code object: its own state (compiled
/// specializations), and a flag that sends every later call straight to the
/// interpreter once the tier has given up on the code.
#[derive(Default)]
pub struct NativeSlot {
    gave_up: AtomicBool,
    state: OnceLock<Box<dyn Any + Send + Sync>>,
}

impl NativeSlot {
    /// True once the native tier has given up on this code.
    #[inline(always)]
    pub fn gave_up(&self) -> bool {
        self.gave_up.load(Ordering::Relaxed)
    }

    /// Marks the code as not worth compiling.
    pub fn give_up(&self) {
        self.gave_up.store(true, Ordering::Relaxed);
    }

    /// The tier's state for this code, created by `init` on first use.
    pub fn state<T: Any + Send + Sync>(&self, init: impl FnOnce() -> T) -> &T {
        self.state.get_or_init(|| Box::new(init())).downcast_ref::<T>().expect("one native tier per process")
    }
}
