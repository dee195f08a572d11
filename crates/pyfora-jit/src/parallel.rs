//! Parallel reductions (`sum`, `min`, `max`, `any`, `all`): a kernel's
//! range is cut into leaves of [`LEAF_ITEMS`] items, the leaves run on a
//! work-stealing pool (so ranges whose items cost unequal time stay
//! balanced), and their results are combined in program order in a
//! balanced binary tree over the leaves. `any()`/`all()` skip the leaves
//! after the first one an item decided.
//!
//! The tree's shape depends only on the number of items, never on the
//! thread count or on timing, so results are bit-identical from run to run
//! and for any `PYFORA_THREADS`. A sum of at most [`LEAF_ITEMS`] items is
//! one leaf, added in CPython's left-to-right order; beyond that float sums
//! associate as the tree does (a documented deviation from CPython's
//! sequential `sum`; int sums are exact either way).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use pyfora_runtime::native::{BusyWorker, Reduce, PIECES_DONE, PIECES_TOTAL};
use pyfora_runtime::value::Value;

use crate::codegen::{BAIL, CANCELLED};
use crate::lists::ListBuf;
use crate::run_kernel;
use crate::types::Scalar;

/// Items per leaf of a parallel reduction.
pub const LEAF_ITEMS: u64 = 1 << 14;

/// A leaf's result: the kernel's three `out` words (see
/// [`crate::codegen::kernel_signature`]).
pub type Part = [u64; 3];

/// The combined result of a run of leaves.
#[derive(Debug)]
pub enum Partial {
    /// `sum()` of ints.
    Int(i128),
    /// `sum()` of floats: the sum and its compensation term (see
    /// [`add_partials`]); `None` when no item was added.
    Float(Option<(f64, f64)>),
    /// `min()`/`max()`: the best item as its word (an int or bool, or a
    /// float's bits); `None` when there was no item.
    Best(Option<u64>),
    /// `any()`/`all()`: whether an item decided the answer.
    Decided(bool),
    /// `list()`: the items as words, in order.
    Items(Vec<u64>),
    /// `list()` while its leaves run: each leaf's run of items, in order,
    /// in place in the reduction's output buffer or moved out of it.
    Runs(Vec<Run>),
}

/// Where a leaf of a parallel `list()` left its items.
#[derive(Debug)]
pub enum Run {
    /// `len` words at offset `at` of the output buffer (the leaf's window
    /// starts there).
    InPlace { at: usize, len: usize },
    /// More items than the leaf's window holds (a nested loop), moved out.
    Moved(Vec<u64>),
}

impl Run {
    fn len(&self) -> usize {
        match self {
            Run::InPlace { len, .. } => *len,
            Run::Moved(words) => words.len(),
        }
    }
}

impl Partial {
    fn of_leaf(p: &Part, list: Option<ListBuf>, reduce: Reduce, item: Scalar) -> Partial {
        match reduce {
            Reduce::List => Partial::Items(list.map(|mut l| l.take_vec()).unwrap_or_default()),
            Reduce::Sum if item == Scalar::Float => Partial::Float(float_part(p)),
            Reduce::Sum => Partial::Int(p[0] as i64 as i128),
            Reduce::Min | Reduce::Max => Partial::Best((p[2] != 0).then_some(p[0])),
            Reduce::Any | Reduce::All => Partial::Decided(p[0] != 0),
        }
    }

    /// The result of this run of leaves followed by `later`.
    fn then(self, later: Partial, reduce: Reduce, item: Scalar) -> Partial {
        match (self, later) {
            (Partial::Int(a), Partial::Int(b)) => Partial::Int(a + b),
            (Partial::Float(Some(a)), Partial::Float(Some(b))) => Partial::Float(Some(add_partials(a, b))),
            (Partial::Float(a), Partial::Float(b)) => Partial::Float(a.or(b)),
            (Partial::Best(Some(a)), Partial::Best(Some(b))) => {
                // The later best replaces the earlier only when strictly
                // better: the first of equal items stays, as in CPython.
                let later_wins = match (item, reduce) {
                    (Scalar::Float, Reduce::Max) => f64::from_bits(b) > f64::from_bits(a),
                    (Scalar::Float, _) => f64::from_bits(b) < f64::from_bits(a),
                    (_, Reduce::Max) => (b as i64) > (a as i64),
                    _ => (b as i64) < (a as i64),
                };
                Partial::Best(Some(if later_wins { b } else { a }))
            }
            (Partial::Best(a), Partial::Best(b)) => Partial::Best(a.or(b)),
            (Partial::Decided(a), Partial::Decided(b)) => Partial::Decided(a || b),
            (Partial::Items(mut a), Partial::Items(b)) => {
                a.extend(b);
                Partial::Items(a)
            }
            (Partial::Runs(mut a), Partial::Runs(b)) => {
                a.extend(b);
                Partial::Runs(a)
            }
            _ => unreachable!("one kernel has one reduction and one item type"),
        }
    }

    /// The value the builtin returns; `None` for `min()`/`max()` of no
    /// items (an error or the default: the interpreter's business).
    pub fn into_value(self, reduce: Reduce, item: Scalar) -> Option<Value> {
        Some(match self {
            Partial::Float(Some((t, c))) => Value::Float(if c != 0.0 && c.is_finite() { t + c } else { t }),
            // No item at all: `sum()` of nothing is the int 0.
            Partial::Float(None) => Value::Int(0),
            Partial::Int(total) => match i64::try_from(total) {
                Ok(v) => Value::Int(v),
                Err(_) => pyfora_runtime::builtins::parse_int_literal(&total.to_string()).expect("decimal digits of an i128"),
            },
            Partial::Best(best) => item.value(best?),
            Partial::Decided(decided) => Value::Bool(if reduce == Reduce::Any { decided } else { !decided }),
            Partial::Items(words) => Value::list(words.iter().map(|w| item.value(*w)).collect()),
            Partial::Runs(_) => unreachable!("a finished reduction's runs are assembled into items"),
        })
    }
}

/// The number of items of `range(start, stop, step)` (`step != 0`).
pub fn range_len(start: i64, stop: i64, step: i64) -> u64 {
    let (start, stop, step) = (start as i128, stop as i128, step as i128);
    let n = if step > 0 { (stop - start + step - 1) / step } else { (start - stop - step - 1) / -step };
    n.max(0) as u64
}

/// The pool of `threads` workers (one per thread count, kept for the process).
fn pool(threads: usize) -> Arc<rayon::ThreadPool> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let mut pools = POOLS.get_or_init(Default::default).lock().unwrap_or_else(|p| p.into_inner());
    pools
        .entry(threads)
        .or_insert_with(|| {
            Arc::new(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .thread_name(|i| format!("pyfora-worker-{i}"))
                    .stack_size(64 << 20)
                    .build()
                    .expect("a worker pool"),
            )
        })
        .clone()
}

/// What a kernel's first loop runs over.
#[derive(Clone, Copy)]
pub enum Input {
    /// `range(start, stop, step)` (`step != 0`).
    Range { start: i64, stop: i64, step: i64 },
    /// `n` items packed as words at `data` (valid while the reduction runs).
    Words { data: *const u64, n: u64 },
    /// `n` runtime values at `data`, read in place (rows of a matrix).
    Values { data: *const pyfora_runtime::Value, n: u64 },
}

/// A kernel's input and the words of its captured scalars.
#[derive(Clone, Copy)]
pub struct KernelArgs {
    pub input: Input,
    /// One word per captured value (valid while the reduction runs).
    pub captured: *const u64,
}

/// A packed list as generated code reads it (the layout of
/// [`crate::lists::ListBuf`]), over items the reduction borrows: a leaf's
/// view ends where the leaf does.
#[repr(C)]
struct PackedView {
    data: usize,
    len: u64,
    cap: u64,
}

const _: () = assert!(std::mem::offset_of!(PackedView, data) == crate::lists::DATA_OFFSET as usize);
const _: () = assert!(std::mem::offset_of!(PackedView, len) == crate::lists::LEN_OFFSET as usize);

/// Runs the kernel at `entry` (a reduction `reduce` of `item`s) over items
/// `lo..hi` of its input.
#[allow(clippy::too_many_arguments)]
fn run_piece(
    entry: usize,
    reduce: Reduce,
    item: Scalar,
    cancel: *const u8,
    input: Input,
    captured: *const u64,
    lo: u64,
    hi: u64,
    n: u64,
    output: Option<usize>,
) -> Result<Partial, i64> {
    // `list()`: the piece appends its items to a list of its own, or to
    // its window of the output buffer.
    let mut list = (reduce == Reduce::List).then(|| match output {
        // SAFETY: the output buffer has room for the `n` items of the
        // input, and the leaves' windows are disjoint.
        Some(base) => unsafe { ListBuf::window((base as *mut u64).add(lo as usize), (hi - lo) as usize) },
        None => ListBuf::with_capacity((hi - lo).min(LEAF_ITEMS) as usize),
    });
    let out0 = list.as_mut().map_or(0, |l| l as *mut ListBuf as u64);
    let part = match input {
        Input::Range { start, stop, step } => {
            let first = (start as i128 + lo as i128 * step as i128) as i64;
            let end = if hi == n { stop } else { (start as i128 + hi as i128 * step as i128) as i64 };
            run_kernel(entry, cancel, first, end, step, captured, out0)
        }
        Input::Words { data, .. } => {
            let view = PackedView { data: data as usize, len: hi, cap: hi };
            run_kernel(entry, cancel, &view as *const PackedView as i64, lo as i64, 0, captured, out0)
        }
        Input::Values { data, .. } => run_kernel(entry, cancel, data as i64, lo as i64, hi as i64, captured, out0),
    }?;
    if let (Some(list), Some(_)) = (list.as_mut(), output) {
        let run = if list.is_window() { Run::InPlace { at: lo as usize, len: list.len as usize } } else { Run::Moved(list.take_vec()) };
        return Ok(Partial::Runs(vec![run]));
    }
    Ok(Partial::of_leaf(&part, list, reduce, item))
}

/// The items of a parallel `list()` as one vector: the output buffer
/// `out`, whose leaves' runs are closed up in place, unless some leaf's
/// items were moved out of it (then they are all copied into a new one).
fn assemble(mut out: Vec<u64>, runs: Vec<Run>) -> Vec<u64> {
    if runs.iter().any(|r| matches!(r, Run::Moved(_))) {
        let mut words = Vec::with_capacity(runs.iter().map(Run::len).sum());
        for run in &runs {
            match run {
                // SAFETY: the leaf wrote `len` words at `at`, within the capacity.
                Run::InPlace { at, len } => words.extend_from_slice(unsafe { std::slice::from_raw_parts(out.as_ptr().add(*at), *len) }),
                Run::Moved(moved) => words.extend_from_slice(moved),
            }
        }
        return words;
    }
    let base = out.as_mut_ptr();
    let mut len = 0;
    for run in runs {
        let Run::InPlace { at, len: n } = run else { unreachable!("checked above") };
        // Runs come in order, each within its leaf's window, so `at >= len`.
        if at != len {
            // SAFETY: both ranges lie within the capacity; `copy` allows overlap.
            unsafe { std::ptr::copy(base.add(at), base.add(len), n) };
        }
        len += n;
    }
    // SAFETY: the first `len` words were written by the leaves and moved here.
    unsafe { out.set_len(len) };
    out
}

/// An [`Input`] shared with the worker threads.
#[derive(Clone, Copy)]
struct SendInput(Input);

// SAFETY: the packed items it points at are only read, and outlive the
// reduction (the caller keeps them until `reduce_over` returns).
unsafe impl Send for SendInput {}
// SAFETY: as above.
unsafe impl Sync for SendInput {}

/// One reduction: the kernel, its input and what stops it early.
struct Reduction {
    entry: usize,
    /// Address of the computation's cancellation flag (valid while it
    /// waits for this reduction).
    cancel: usize,
    /// What the kernel runs over; its pointers stay valid while the
    /// reduction runs (they are read on the worker threads).
    input: SendInput,
    /// Address of the captured words (valid while the reduction runs).
    captured: usize,
    n: u64,
    reduce: Reduce,
    item: Scalar,
    /// The first leaf (in program order) known to end the reduction: one
    /// that bailed out, or for `any()`/`all()` one an item decided. Leaves
    /// after it are skipped (their results cannot matter); for `sum()`,
    /// `min()` and `max()` a bail-out sends the whole reduction to the
    /// interpreter, so every leaf stops.
    stop_at: AtomicU64,
    /// `list()`: the address of the buffer with room for `n` words that
    /// the leaves write their items into, each from its first item's index.
    output: Option<usize>,
    /// Leaves finished (also counted in the global [`PIECES_DONE`]).
    done: AtomicU64,
}

impl Reduction {
    fn cancelled(&self) -> bool {
        // SAFETY: the flag outlives the reduction (see `cancel`); it is an
        // `AtomicBool`, read here as one.
        unsafe { (*(self.cancel as *const AtomicBool)).load(Ordering::Relaxed) }
    }

    /// Whether leaf `k` need not run.
    fn skipped(&self, k: u64) -> bool {
        k > self.stop_at.load(Ordering::Relaxed)
    }

    fn leaf(&self, k: u64) -> Result<Partial, i64> {
        let _busy = BusyWorker::enter();
        let lo = k * LEAF_ITEMS;
        let hi = (lo + LEAF_ITEMS).min(self.n);
        let r = run_piece(self.entry, self.reduce, self.item, self.cancel as *const u8, self.input.0, self.captured as *const u64, lo, hi, self.n, self.output);
        PIECES_DONE.fetch_add(1, Ordering::Relaxed);
        self.done.fetch_add(1, Ordering::Relaxed);
        match r {
            Err(_) if !self.reduce.stops_early() => self.stop_at.store(0, Ordering::Relaxed),
            Err(_) | Ok(Partial::Decided(true)) => {
                self.stop_at.fetch_min(k, Ordering::Relaxed);
            }
            _ => {}
        }
        r
    }

    /// The result of leaves `lo..hi`: split in the middle, halves in
    /// parallel when `parallel` (work stealing keeps uneven halves
    /// balanced), combined in program order.
    fn tree(&self, lo: u64, hi: u64, parallel: bool) -> Result<Partial, i64> {
        if self.cancelled() {
            return Err(CANCELLED);
        }
        if self.skipped(lo) {
            // Only after a decided or failed leaf, whose result comes first.
            return if self.reduce.stops_early() { Ok(Partial::Decided(false)) } else { Err(BAIL) };
        }
        if hi - lo == 1 {
            return self.leaf(lo);
        }
        let mid = lo + (hi - lo) / 2;
        let (a, b) = if parallel {
            rayon::join(|| self.tree(lo, mid, true), || self.tree(mid, hi, true))
        } else {
            let a = self.tree(lo, mid, false);
            (a, self.tree(mid, hi, false))
        };
        match a {
            Err(e) => Err(e),
            decided @ Ok(Partial::Decided(true)) => decided,
            Ok(a) => b.map(|b| a.then(b, self.reduce, self.item)),
        }
    }
}

/// `reduce` of the kernel at `entry` over its input on `threads` threads;
/// `Err(status)` when a leaf that matters bailed out or the computation
/// was cancelled.
pub fn reduce_over(entry: usize, reduce: Reduce, item: Scalar, cancel: *const u8, args: KernelArgs, threads: usize) -> Result<Partial, i64> {
    let KernelArgs { input, captured } = args;
    if let Input::Range { stop, step, .. } = input {
        // A kernel steps past each piece's last item as the inline loop
        // does (see `Gen::bail_if_range_step_may_wrap`): near the int64
        // limits the interpreter iterates.
        if range_step_may_wrap(stop, step) {
            return Err(BAIL);
        }
    }
    let n = match input {
        Input::Range { start, stop, step } => range_len(start, stop, step),
        Input::Words { n, .. } | Input::Values { n, .. } => n,
    };
    if n <= LEAF_ITEMS {
        return run_piece(entry, reduce, item, cancel, input, captured, 0, n, n, None);
    }
    let mut output = Vec::<u64>::new();
    if reduce == Reduce::List {
        output.reserve_exact(n as usize);
    }
    let leaves = n.div_ceil(LEAF_ITEMS);
    let reduction = Reduction {
        entry,
        cancel: cancel as usize,
        input: SendInput(input),
        captured: captured as usize,
        n,
        reduce,
        item,
        stop_at: AtomicU64::new(u64::MAX),
        output: (reduce == Reduce::List).then_some(output.as_mut_ptr() as usize),
        done: AtomicU64::new(0),
    };
    PIECES_TOTAL.fetch_add(leaves, Ordering::Relaxed);
    let result = if threads > 1 { pool(threads).install(|| reduction.tree(0, leaves, true)) } else { reduction.tree(0, leaves, false) };
    PIECES_TOTAL.fetch_sub(leaves, Ordering::Relaxed);
    PIECES_DONE.fetch_sub(reduction.done.load(Ordering::Relaxed), Ordering::Relaxed);
    result.map(|partial| match partial {
        Partial::Runs(runs) => Partial::Items(assemble(output, runs)),
        other => other,
    })
}

/// Whether stepping past the last item of `range(_, stop, step)` could
/// leave int64: `stop` within one step of the limit the range runs towards.
pub fn range_step_may_wrap(stop: i64, step: i64) -> bool {
    if step > 0 {
        stop > i64::MAX - step + 1
    } else {
        stop < i64::MIN - (step + 1)
    }
}

/// A leaf's float partial: its sum and compensation term (0 unless the
/// sum is compensated, CPython 3.12+); `None` when the leaf added no item.
fn float_part(p: &Part) -> Option<(f64, f64)> {
    if p[2] == 0 {
        return None;
    }
    Some((f64::from_bits(p[0]), f64::from_bits(p[1])))
}

/// Two runs' float partials joined. A compensated sum (CPython 3.12+)
/// keeps the compensation terms apart and adds the rounding error of the
/// join to them, as CPython's Neumaier step does for each item, so a term
/// lost in one run (`1e16` then `1.0 - 1e16` in the next) is not lost in
/// the join; the terms are folded in once, at the end. Otherwise the sums
/// are added.
fn add_partials((t1, c1): (f64, f64), (t2, c2): (f64, f64)) -> (f64, f64) {
    if pyfora_runtime::compat::python_minor() < 12 {
        return (t1 + t2, 0.0);
    }
    let t = t1 + t2;
    let error = if t1.abs() >= t2.abs() { (t1 - t) + t2 } else { (t2 - t) + t1 };
    (t, c1 + c2 + error)
}

/// Forks in flight (forked and not yet joined). Native code forks a pair
/// of recursive calls only while this is below [`FORK_LIMIT`]: the forks
/// happen near the top of a recursion, where halves are large, and
/// everywhere else a fork point costs two loads and a compare.
pub static PENDING_FORKS: AtomicI64 = AtomicI64::new(0);
/// Forks allowed in flight for the computation running native code (0: never fork).
pub static FORK_LIMIT: AtomicI64 = AtomicI64::new(0);

/// Forks in flight per thread (a few levels of halves per thread, so that
/// work stealing can even out halves of unequal cost).
const FORKS_PER_THREAD: i64 = 4;

/// Lets native code fork on `threads` threads (1: never).
pub fn set_fork_limit(threads: usize) {
    let limit = if threads > 1 { threads as i64 * FORKS_PER_THREAD } else { 0 };
    if threads > 1 {
        start_heartbeat();
    }
    if FORK_LIMIT.load(Ordering::Relaxed) != limit {
        FORK_LIMIT.store(limit, Ordering::Relaxed);
    }
}

/// Set at every heartbeat ([`HEARTBEAT`]) and cleared by each fork of two
/// independent calls of different functions: such pairs fork at most once
/// per beat, so a loop calling cheap functions in pairs costs a load per
/// pair, not a task per pair.
pub static BEAT: AtomicBool = AtomicBool::new(true);

/// How often the heartbeat lets a pair of independent calls fork.
const HEARTBEAT: std::time::Duration = std::time::Duration::from_millis(1);

/// Beats in a row that no fork used before the heartbeat rests (one second).
const BEATS_BEFORE_REST: u32 = 1000;

/// The heartbeat thread, once started: [`use_beat`] wakes it from a rest.
static HEART: OnceLock<std::thread::Thread> = OnceLock::new();

/// Starts the heartbeat thread (once per process). It rests (parks) after
/// [`BEATS_BEFORE_REST`] unused beats, so an idle process is not woken a
/// thousand times a second; the next fork, which uses the beat still set,
/// wakes it.
fn start_heartbeat() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let spawned = std::thread::Builder::new().name("pyfora-heartbeat".into()).spawn(|| {
            let mut unused = 0;
            loop {
                std::thread::sleep(HEARTBEAT);
                if !BEAT.swap(true, Ordering::Relaxed) {
                    unused = 0;
                    continue;
                }
                unused += 1;
                if unused >= BEATS_BEFORE_REST {
                    unused = 0;
                    std::thread::park();
                }
            }
        });
        // Without the thread, pairs keep forking only on the first beat.
        if let Ok(handle) = spawned {
            let _ = HEART.set(handle.thread().clone());
        }
    });
}

/// Takes the current beat (a fork happens now) and wakes the heartbeat if
/// it rests.
fn use_beat() {
    BEAT.store(false, Ordering::Relaxed);
    if let Some(heart) = HEART.get() {
        heart.unpark();
    }
}

/// Runs two calls of one specialization (its entry is in `cell`) with
/// argument arrays `args_a` and `args_b` as a fork-join on the worker pool;
/// writes their results to `out[0]` and `out[1]`. Returns the first
/// non-zero status in program order (the first call's before the second's).
///
/// # Safety
/// `cell` must hold the finalized entry of a specialization taking the
/// argument arrays given, `cancel` must point at the computation's
/// cancellation flag, and `out` at two writable words.
pub unsafe extern "C" fn join2(cell: *const AtomicUsize, cancel: *const u8, args_a: *const u64, args_b: *const u64, out: *mut u64) -> i64 {
    // SAFETY: `cell` is a leaked word holding the finalized entry of the
    // specialization that calls this (it is running, so it was finalized).
    let entry = unsafe { (*cell).load(Ordering::Acquire) };
    // SAFETY: the caller's contract.
    unsafe { join_entries(entry, entry, cancel, args_a, args_b, out) }
}

/// Runs a call of the specialization whose entry is `entry_a` and one of
/// `entry_b` (different functions, independent of each other) as a
/// fork-join, like [`join2`]; it uses up the current heartbeat.
///
/// # Safety
/// The entries must be finalized entries of specializations taking the
/// argument arrays given; `cancel` and `out` as for [`join2`].
pub unsafe extern "C" fn join_calls(entry_a: usize, entry_b: usize, cancel: *const u8, args_a: *const u64, args_b: *const u64, out: *mut u64) -> i64 {
    use_beat();
    // SAFETY: the caller's contract.
    unsafe { join_entries(entry_a, entry_b, cancel, args_a, args_b, out) }
}

/// The worker pool as the interpreter's scheduler for pairs of independent
/// interpreted calls ([`pyfora_runtime::forks`]): a fork is due at a
/// heartbeat with room for another fork in flight, like a native pair of
/// different functions.
pub struct PoolScheduler;

impl pyfora_runtime::forks::Scheduler for PoolScheduler {
    fn fork_due(&self, threads: usize) -> bool {
        threads > 1 && BEAT.load(Ordering::Relaxed) && PENDING_FORKS.load(Ordering::Relaxed) < threads as i64 * FORKS_PER_THREAD
    }

    fn join(&self, threads: usize, first: &mut (dyn FnMut() + Send), second: &mut (dyn FnMut() + Send)) {
        set_fork_limit(threads);
        use_beat();
        fork_join(threads, first, second);
    }

    fn spawn(&self, threads: usize, job: Box<dyn FnOnce() + Send>) {
        set_fork_limit(threads);
        use_beat();
        PENDING_FORKS.fetch_add(1, Ordering::Relaxed);
        pool(threads).spawn(move || {
            let _busy = BusyWorker::enter();
            job();
            PENDING_FORKS.fetch_sub(1, Ordering::Relaxed);
        });
    }

    fn on_worker(&self) -> bool {
        rayon::current_thread_index().is_some()
    }

    fn pass_beat(&self) {
        use_beat();
    }

    fn wait(&self, done: &dyn Fn() -> bool) {
        while !done() {
            // A worker runs other pieces meanwhile; any other thread (the
            // engine's) naps briefly.
            match rayon::yield_now() {
                Some(rayon::Yield::Executed) => {}
                _ => std::thread::sleep(std::time::Duration::from_micros(20)),
            }
        }
    }
}

/// Runs `a` and `b` with `rayon::join` (on the pool for `threads` threads
/// when not on a worker already), each counted as a busy worker and the
/// pair as a fork in flight.
fn fork_join<RA: Send, RB: Send>(threads: usize, a: impl FnOnce() -> RA + Send, b: impl FnOnce() -> RB + Send) -> (RA, RB) {
    PENDING_FORKS.fetch_add(1, Ordering::Relaxed);
    let work = move || {
        rayon::join(
            move || {
                let _busy = BusyWorker::enter();
                a()
            },
            move || {
                let _busy = BusyWorker::enter();
                b()
            },
        )
    };
    let results = if rayon::current_thread_index().is_some() { work() } else { pool(threads).install(work) };
    PENDING_FORKS.fetch_sub(1, Ordering::Relaxed);
    results
}

/// The fork-join of [`join2`] and [`join_calls`].
///
/// # Safety
/// As for [`join_calls`].
unsafe fn join_entries(entry_a: usize, entry_b: usize, cancel: *const u8, args_a: *const u64, args_b: *const u64, out: *mut u64) -> i64 {
    // SAFETY: the entries are finalized entry trampolines (the caller's
    // contract); the argument arrays and `out` live on the caller's stack
    // until this returns, and `cancel` outlives the computation's native code.
    let (fa, fb): (crate::Entrypoint, crate::Entrypoint) =
        unsafe { (std::mem::transmute::<usize, crate::Entrypoint>(entry_a), std::mem::transmute::<usize, crate::Entrypoint>(entry_b)) };
    let (c, a, b) = (cancel as usize, args_a as usize, args_b as usize);
    let run = move |f: crate::Entrypoint, args: usize| {
        let mut o = 0u64;
        let _lists = crate::lists::Scope::enter();
        let s = f(c as *const u8, args as *const u64, &mut o);
        (s, o)
    };
    let threads = (FORK_LIMIT.load(Ordering::Relaxed) / FORKS_PER_THREAD).max(2) as usize;
    let ((sa, oa), (sb, ob)) = fork_join(threads, move || run(fa, a), move || run(fb, b));
    // SAFETY: see above.
    unsafe {
        *out = oa;
        *out.add(1) = ob;
    }
    if sa != 0 {
        sa
    } else {
        sb
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_within_a_step_of_the_int64_limits_may_wrap() {
        assert!(!range_step_may_wrap(10, 1));
        assert!(!range_step_may_wrap(i64::MAX, 1));
        assert!(range_step_may_wrap(i64::MAX, 2));
        assert!(!range_step_may_wrap(i64::MAX - 6, 7));
        assert!(range_step_may_wrap(i64::MAX - 5, 7));
        assert!(!range_step_may_wrap(i64::MIN, -1));
        assert!(range_step_may_wrap(i64::MIN, -2));
        assert!(!range_step_may_wrap(i64::MIN + 6, -7));
        assert!(range_step_may_wrap(i64::MIN + 5, -7));
        assert!(!range_step_may_wrap(0, i64::MAX));
        assert!(!range_step_may_wrap(0, i64::MIN));
    }
}
