//! Interpreted comprehensions in parallel pieces.
//!
//! A list comprehension or `list()` of a generator expression whose body
//! native code does not take (strings, dicts, calls of interpreted
//! functions) still splits: the first loop's range, list, tuple or string
//! is cut into pieces, each piece runs the generator's own code over its
//! part on the worker pool (through [`crate::forks::Scheduler::join`],
//! halving until pieces are small), and the pieces' items are joined in
//! order — the same list the sequential loop builds, on any thread count.
//!
//! A first loop over an instance of a user class that implements
//! `__pyfora_generator__` splits the way the class says: the method returns
//! a generator object with `canSplit()` and `split()` (a pair of generators
//! for the first and second part of its items, or `None`), iterated with
//! its `__iter__`; pieces are split in halves on the pool until there are
//! enough of them, and each runs the comprehension over its own items. The
//! class's contract is that its pieces' items, in order, are the items of
//! the object itself (which CPython, knowing nothing of the protocol,
//! iterates).
//!
//! Any error, or a cancellation, stops every piece and hands the whole
//! comprehension back to the sequential loop, which raises the exception
//! the program raises, with its usual trace (exceptions are rare; the
//! work of the pieces is discarded).
//!
//! Reductions of generator expressions (`sum()`, `any()`, `all()`) go
//! window by window ([`for_each`]): the items of a window of the first loop
//! are computed in pieces, then handed to the reduction in order on the
//! calling thread — the reduction itself is CPython's, left to right, so
//! the answer is the sequential program's for any item types, and memory
//! stays bounded by the window. A window whose pieces fail runs again
//! sequentially, raising the error where the program raises it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::error::RtResult;
use crate::forks::{Context, Scheduler, Speculation};
use crate::iter::{self, IterState};
use crate::value::{Function, PyStr, Value};

/// The method of user classes whose objects parallel consumers may split
/// (see the module documentation).
pub const SPLIT_PROTOCOL: &str = "__pyfora_generator__";

/// Fewest items a piece is cut down to.
const MIN_PIECE: usize = 256;

/// Items of the first loop computed at once by [`for_each`].
const WINDOW: usize = 1 << 16;

/// Pieces per thread to aim for (more than one, so that work stealing
/// evens out pieces whose items cost unequal time).
const PIECES_PER_THREAD: usize = 8;

/// The items of the generator expression `it` (not started, its first loop
/// over a range, list, tuple or string of at least two pieces), computed in
/// pieces on the worker pool; the generator is exhausted afterwards.
/// `None` (nothing consumed) with one thread, for other generators, and
/// when a piece raises or the computation is cancelled.
pub fn collect(it: &Value) -> Option<Vec<Value>> {
    with_generator(it, false, |g| match &g.source {
        Source::Split(obj) => g.split_items(obj),
        source => g.job(source.len()).items(0, source.len()),
    })
}

/// A reduction's step: takes the next item, says whether to go on.
pub type Consume<'a> = &'a mut (dyn FnMut(Value) -> RtResult<bool> + Send);

/// Hands the items of the generator expression `it` (as for [`collect`])
/// to `consume` in order, computing them window by window in pieces on
/// the worker pool (the next window while `consume` takes the current
/// one), until `consume` returns `false` or fails; the generator is
/// exhausted afterwards. With `stops_early` (a reduction that may stop
/// before the end) only a generator nothing else holds is taken, windows
/// start small and double, and a window is computed only once the one
/// before it is consumed. `None`
/// (nothing consumed) with one thread and for other generators.
pub fn for_each(it: &Value, stops_early: bool, consume: Consume) -> Option<RtResult<()>> {
    with_generator(it, stops_early, |g| {
        if let Source::Split(obj) = &g.source {
            // No length to cut windows by: the pieces' items, then the reduction.
            let items = g.split_items(obj)?;
            return Some(g.context.run(|| feed(items, &mut *consume).map(|_| ())));
        }
        let n = g.source.len();
        // A reduction that may stop (`any`, `all`) starts with small
        // windows, doubling, and computes a window only once the one before
        // it is consumed: the items computed past the deciding one stay
        // within about as many as came before it (CPython computes none;
        // one that never finishes far after it must not hang the program).
        let first = MIN_PIECE * g.context.threads();
        let size = |lo: usize| if stops_early { lo.max(first).min(WINDOW) } else { WINDOW };
        let window = |lo: usize| lo..(lo + size(lo)).min(n);
        let items_of = |w: std::ops::Range<usize>| g.job(w.len()).items(w.start, w.end);
        let mut current = window(0);
        let mut items = items_of(current.clone());
        loop {
            let next = window(current.end);
            // The current window's items go to `consume` while the next
            // window's are computed.
            let mut take = |items: Option<Vec<Value>>| {
                g.context.run(|| match items {
                    Some(items) => feed(items, &mut *consume),
                    // A piece failed: the window again, in order.
                    None => g.run_in_order(current.start, current.end, &mut *consume),
                })
            };
            let (go_on, next_items) = if next.is_empty() {
                (take(items.take()), None)
            } else if stops_early || items.is_none() {
                // (A failed window runs in order first: its error comes
                // before any item of the next window is computed.)
                match take(items.take()) {
                    Ok(true) => (Ok(true), items_of(next.clone())),
                    other => (other, None),
                }
            } else {
                // The next window is computed ahead: given up as soon as the
                // reduction stops or fails on this one.
                let (mut go_on, mut next_items) = (None, None);
                let ahead = Speculation::new();
                g.scheduler.join(
                    g.context.threads(),
                    &mut || {
                        let taken = take(items.take());
                        if !matches!(taken, Ok(true)) {
                            ahead.abandon();
                        }
                        go_on = Some(taken);
                    },
                    &mut || next_items = Some(g.speculative_job(next.len(), &ahead).items(next.start, next.end)),
                );
                (go_on.unwrap_or(Ok(false)), next_items.flatten())
            };
            match go_on {
                Ok(true) if !next.is_empty() => {
                    current = next;
                    items = next_items;
                }
                Ok(_) => return Some(Ok(())),
                Err(e) => return Some(Err(e)),
            }
        }
    })
}

/// Hands `run` the generator expression `it` ready to cut into pieces,
/// when there are several threads and its first loop runs over at least
/// two pieces of a range, list, tuple or string, or over a user object
/// that splits itself (see
/// [`iter::with_generator_state`] for `stops_early` and for what becomes
/// of the generator).
fn with_generator<R>(it: &Value, stops_early: bool, run: impl FnOnce(&Generator) -> Option<R>) -> Option<R> {
    let scheduler = crate::forks::scheduler()?;
    iter::with_generator_state(it, stops_early, |func, state, params| {
        let source = Source::of(state)?;
        if !matches!(source, Source::Split(_)) && source.len() < 2 * MIN_PIECE {
            return None;
        }
        let context = Context::capture();
        run(&Generator { scheduler, func, params, source, context })
    })
}

/// Hands `items` to `consume` in order; `Ok(false)` once it stops.
fn feed(items: Vec<Value>, consume: Consume) -> RtResult<bool> {
    for x in items {
        if !consume(x)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// What a first loop runs over, cut into pieces by item index.
enum Source {
    Range {
        start: i64,
        stop: i64,
        step: i64,
        len: usize,
    },
    Items(Arc<Vec<Value>>, usize),
    /// A string and the byte offset of each of its characters still to come
    /// (and of its end).
    Str(Arc<PyStr>, Vec<usize>),
    /// A user object implementing [`SPLIT_PROTOCOL`]: cut by its own
    /// `split()`, not by index ([`Generator::split_items`]).
    Split(Value),
}

impl Source {
    fn of(state: &IterState) -> Option<Source> {
        Some(match state {
            IterState::Range { cur, stop, step } => {
                let len = crate::range::item_count(*cur, *stop, *step);
                Source::Range { start: *cur, stop: *stop, step: *step, len: usize::try_from(len).ok()? }
            }
            IterState::Seq { items, idx } => Source::Items(items.clone(), *idx),
            IterState::Str { s, pos } => {
                let rest = &s.text[*pos..];
                let mut offsets: Vec<usize> = rest.char_indices().map(|(i, _)| pos + i).collect();
                offsets.push(s.text.len());
                Source::Str(s.clone(), offsets)
            }
            IterState::Splittable { source, .. } => Source::Split(source.clone()),
            _ => return None,
        })
    }

    /// The number of items (unknown, `usize::MAX`, for a split source).
    fn len(&self) -> usize {
        match self {
            Source::Range { len, .. } => *len,
            Source::Items(items, idx) => items.len().saturating_sub(*idx),
            Source::Str(_, offsets) => offsets.len() - 1,
            Source::Split(_) => usize::MAX,
        }
    }

    /// A fresh iterator over items `lo..hi`.
    fn piece(&self, lo: usize, hi: usize) -> Value {
        iter::make(match self {
            Source::Range { start, stop, step, len } => {
                // Item `i < len` lies within the range's bounds; its end is the range's own.
                let at = |i: usize| if i == *len { *stop } else { start + step * i as i64 };
                IterState::Range { cur: at(lo), stop: at(hi), step: *step }
            }
            Source::Items(items, idx) => IterState::Seq { items: Arc::new(items[idx + lo..idx + hi].to_vec()), idx: 0 },
            Source::Str(s, offsets) => IterState::Str { s: Arc::new(PyStr::new(&s.text[offsets[lo]..offsets[hi]])), pos: 0 },
            Source::Split(_) => unreachable!("a split source is cut by its own split()"),
        })
    }
}

/// A generator expression whose first loop is cut into pieces.
struct Generator<'a> {
    scheduler: &'static dyn Scheduler,
    func: &'a Arc<Function>,
    /// The generator's parameters after its iterator.
    params: &'a [Value],
    source: Source,
    context: Context,
}

impl Generator<'_> {
    /// A job over `n` items (pieces of `n / (8 × threads)` items, at least
    /// [`MIN_PIECE`]).
    fn job(&self, n: usize) -> Job<'_> {
        self.job_within(n, self.context.speculation().cloned())
    }

    /// A [`Self::job`] whose pieces belong to `speculation`: once it is
    /// abandoned, the pieces stop (at their next cancellation check).
    fn speculative_job(&self, n: usize, speculation: &Arc<Speculation>) -> Job<'_> {
        self.job_within(n, Some(speculation.clone()))
    }

    /// A job whose pieces run as a speculation inside `within`, which the
    /// first piece to fail abandons: the others then stop, native code
    /// included, instead of finishing items whose results are discarded.
    fn job_within(&self, n: usize, within: Option<Arc<Speculation>>) -> Job<'_> {
        let grain = (n / (self.context.threads() * PIECES_PER_THREAD)).max(MIN_PIECE);
        let speculation = Speculation::within(within);
        let context = self.context.speculating(&speculation);
        Job { generator: self, grain, failed: AtomicBool::new(false), speculation, context }
    }

    /// A frame of the generator over items `lo..hi`.
    fn frame(&self, lo: usize, hi: usize) -> RtResult<crate::interp::Frame> {
        self.frame_over(self.source.piece(lo, hi))
    }

    /// A frame of the generator over the iterator `it`.
    fn frame_over(&self, it: Value) -> RtResult<crate::interp::Frame> {
        let mut args = Vec::with_capacity(1 + self.params.len());
        args.push(it);
        args.extend(self.params.iter().cloned());
        crate::interp::new_frame(self.func, args, Vec::new())
    }

    /// The items of the generator over the user object `obj` (a
    /// [`Source::Split`]), computed over the pieces its
    /// `__pyfora_generator__` splits into, halved on the pool until there
    /// are about [`PIECES_PER_THREAD`] per thread or they no longer split;
    /// `None` when any piece (or its splitting) fails.
    fn split_items(&self, obj: &Value) -> Option<Vec<Value>> {
        let root = self.context.run(|| crate::interp::call_special(obj, SPLIT_PROTOCOL, vec![]).ok().flatten())?;
        let depth = (self.context.threads() * PIECES_PER_THREAD).next_power_of_two().trailing_zeros();
        let job = SplitJob { generator: self, failed: AtomicBool::new(false) };
        let items = job.run(root, depth);
        if job.failed.load(Ordering::Relaxed) {
            return None;
        }
        items
    }

    /// Runs the generator over items `lo..hi` on this thread, handing each
    /// item to `consume` as it comes (the sequential program's order, and
    /// its errors where they arise). `Ok(false)` once `consume` stops.
    fn run_in_order(&self, lo: usize, hi: usize, consume: Consume) -> RtResult<bool> {
        let mut frame = self.frame(lo, hi)?;
        let mut stopped: Option<RtResult<()>> = None;
        crate::interp::run_into(&mut frame, &mut |v| match consume(v.clone()) {
            Ok(true) => true,
            Ok(false) => {
                stopped = Some(Ok(()));
                false
            }
            Err(e) => {
                stopped = Some(Err(e));
                false
            }
        })?;
        match stopped {
            None => Ok(true),
            Some(Ok(())) => Ok(false),
            Some(Err(e)) => Err(e),
        }
    }
}

/// Items of one comprehension (or window) being computed in pieces.
struct Job<'a> {
    generator: &'a Generator<'a>,
    grain: usize,
    /// Set by the first piece that fails (or sees a cancellation): every
    /// other piece stops at its next item.
    failed: AtomicBool,
    /// The pieces' work (see [`Generator::job_within`]).
    speculation: Arc<Speculation>,
    /// The settings the pieces run with: the generator's, as part of
    /// `speculation`.
    context: Context,
}

impl Job<'_> {
    /// The items `lo..hi` computed in pieces; `None` when a piece failed.
    fn items(&self, lo: usize, hi: usize) -> Option<Vec<Value>> {
        let items = self.run(lo, hi);
        if self.failed.load(Ordering::Relaxed) {
            return None;
        }
        items
    }

    /// The items of pieces `lo..hi`, halved while larger than the grain;
    /// `None` once any piece failed.
    fn run(&self, lo: usize, hi: usize) -> Option<Vec<Value>> {
        if self.failed.load(Ordering::Relaxed) {
            return None;
        }
        let g = self.generator;
        if hi - lo <= self.grain {
            return self.context.run(|| self.run_piece(lo, hi));
        }
        let mid = lo + (hi - lo) / 2;
        let (mut left, mut right) = (None, None);
        g.scheduler.join(g.context.threads(), &mut || left = self.run(lo, mid), &mut || right = self.run(mid, hi));
        let mut items = left?;
        items.extend(right?);
        Some(items)
    }

    /// Runs the generator's code over items `lo..hi`.
    fn run_piece(&self, lo: usize, hi: usize) -> Option<Vec<Value>> {
        let items = run_frame(self.generator.frame(lo, hi), hi - lo, &self.failed);
        if items.is_none() {
            self.speculation.abandon();
        }
        items
    }
}

/// The items the generator `frame` yields; `None`, with `failed` set, when
/// it fails, or when `failed` is set meanwhile (it then stops at its next
/// item).
fn run_frame(frame: RtResult<crate::interp::Frame>, expected: usize, failed: &AtomicBool) -> Option<Vec<Value>> {
    let mut items = Vec::with_capacity(expected);
    let outcome = frame.and_then(|mut frame| {
        crate::interp::run_into(&mut frame, &mut |v| {
            items.push(v.clone());
            !failed.load(Ordering::Relaxed)
        })
    });
    match outcome {
        Ok(crate::interp::GenStep::Return(_)) if !failed.load(Ordering::Relaxed) => Some(items),
        _ => {
            failed.store(true, Ordering::Relaxed);
            None
        }
    }
}

/// Items of one comprehension over a user object that splits itself
/// ([`Source::Split`]).
struct SplitJob<'a> {
    generator: &'a Generator<'a>,
    /// Set by the first piece that fails: every other piece stops.
    failed: AtomicBool,
}

impl SplitJob<'_> {
    /// The items of the generator over the split generator `piece`, split
    /// in halves `depth` more times while it can split.
    fn run(&self, piece: Value, depth: u32) -> Option<Vec<Value>> {
        if self.failed.load(Ordering::Relaxed) {
            return None;
        }
        let g = self.generator;
        if depth > 0 {
            match g.context.run(|| halves(&piece)) {
                Ok(Some((left, right))) => {
                    let (mut left, mut right) = (Some(left), Some(right));
                    let (mut first, mut second) = (None, None);
                    g.scheduler.join(g.context.threads(), &mut || first = self.run(left.take().expect("runs once"), depth - 1), &mut || {
                        second = self.run(right.take().expect("runs once"), depth - 1)
                    });
                    let mut items = first?;
                    items.extend(second?);
                    return Some(items);
                }
                Ok(None) => {}
                Err(_) => {
                    self.failed.store(true, Ordering::Relaxed);
                    return None;
                }
            }
        }
        g.context.run(|| run_frame(iter::iter(&piece).and_then(|it| g.frame_over(it)), 0, &self.failed))
    }
}

/// The two halves of the split generator `piece` (its `split()`, when its
/// `canSplit()` is true); `None` when it does not split.
fn halves(piece: &Value) -> RtResult<Option<(Value, Value)>> {
    let method = |name: &str| crate::interp::get_attr(piece, name).and_then(|m| crate::interp::call_value(&m, vec![], vec![]));
    if !crate::ops::truthy(&method("canSplit")?)? {
        return Ok(None);
    }
    match method("split")? {
        Value::None => Ok(None),
        Value::Tuple(parts) if parts.len() == 2 => Ok(Some((parts[0].clone(), parts[1].clone()))),
        other => {
            Err(crate::error::type_error(format!("split() of a {SPLIT_PROTOCOL} generator must return two generators or None, not '{}'", other.type_name())))
        }
    }
}
