//! Independent calls of interpreted code run in parallel.
//!
//! In `f(a) + f(b)`, `g(x), h(y)` or `f(g(x), h(y))` the second call does
//! not read the first one's result, and calls are pure: while the first
//! runs, the second may run on another worker. The interpreter forks such a
//! pair only when a fork is due ([`Scheduler::fork_due`]: several threads,
//! a heartbeat since the last fork, room for another fork in flight), so a
//! recursion forks near its top and runs serially below, and a pair costs
//! one check when no fork is due.
//!
//! Off the pool a due pair forks at its first call ([`run_pair`]); on the
//! pool's workers the oldest pair in progress on the stack gets its second
//! call started ahead ([`start_second`]). Either way the second call's
//! outcome waits in the frame for its own instruction, so the result is
//! the sequential program's: the first call's exception comes first, the
//! second's arises at its own line (the second's work is discarded when
//! the first fails). Native code forks its own pairs (`pyfora-jit`); this
//! module is the interpreter's side, and [`Scheduler`] the hook through
//! which it reaches the worker pool.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use pyfora_syntax::ir::{CallArgs, Code, Instr, Reg};
use pyfora_syntax::liveness;
use pyfora_syntax::optimize::{reads, writes};

use crate::error::RtResult;
use crate::global_calls::{self, ArgSource, NOT_FUSED};
use crate::value::{CellBox, Function, RtCode, Value};

/// Runs two pieces of work, in parallel when it pays; installed by the
/// crate that owns the worker pool.
pub trait Scheduler: Send + Sync {
    /// Whether a computation on `threads` threads should fork now.
    fn fork_due(&self, threads: usize) -> bool;

    /// Runs `first` and `second` (possibly on another worker) and returns
    /// when both are done.
    fn join(&self, threads: usize, first: &mut (dyn FnMut() + Send), second: &mut (dyn FnMut() + Send));

    /// Starts `job` on a worker of the pool for `threads` threads and
    /// returns at once (a fork counted in flight until the job ends).
    fn spawn(&self, threads: usize, job: Box<dyn FnOnce() + Send>);

    /// Returns once `done()` holds, running other pieces of work meanwhile
    /// when called on a worker.
    fn wait(&self, done: &dyn Fn() -> bool);

    /// Whether the calling thread is one of the pool's workers.
    fn on_worker(&self) -> bool;

    /// Spends the current heartbeat without forking (nothing was worth
    /// starting), so that the next check waits for the next beat.
    fn pass_beat(&self);
}

static SCHEDULER: OnceLock<&'static dyn Scheduler> = OnceLock::new();

/// Installs the scheduler for the whole process (the first one wins).
pub fn install(scheduler: &'static dyn Scheduler) {
    let _ = SCHEDULER.set(scheduler);
}

/// The scheduler, when one is installed and computations on this thread
/// may use more than one thread.
pub fn scheduler() -> Option<&'static dyn Scheduler> {
    if crate::native::threads() > 1 {
        SCHEDULER.get().copied()
    } else {
        None
    }
}

/// Where a call of a fork pair finds its function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Callee {
    /// In this register (not written between the two calls).
    Register(Reg),
    /// The global in this slot of the function's global cache (a call that
    /// borrows its global, or a load of it between the two calls).
    Global(u32),
    /// In this cell of the frame (a load of it between the two calls: a
    /// nested function calling itself).
    Cell(u32),
    /// A method of the instance in this register (not written between the
    /// two calls), called with the instance first.
    Method(Reg),
}

/// Two independent calls in one block.
#[derive(Debug)]
pub struct Pair {
    /// The second call's instruction.
    pub second: usize,
    /// The first call's function.
    pub first_callee: Callee,
    /// The second call's function.
    pub second_callee: Callee,
}

/// The fork pairs of one code object.
#[derive(Debug, Default)]
pub struct Plan {
    /// Per instruction: the index in `pairs` of the pair whose first call
    /// it is, else [`NO_PAIR`].
    pub at: Box<[u32]>,
    pub pairs: Box<[Pair]>,
}

/// [`Plan::at`]'s entry for an instruction that starts no pair.
pub const NO_PAIR: u32 = u32::MAX;

/// Finds the pairs of calls in `code` that may run in parallel: two calls
/// with plain positional arguments under one exception handler (in one
/// expression or in consecutive statements), with only argument set-up
/// between them (`Const`, `Move`, `Take`, loads of cells and loads of
/// globals that cannot fail by then), none of it nor the second call
/// touching the first call's result, and no jump into that stretch. (One
/// handler: a register the set-up moves out is then dead on the first
/// call's exceptional path as well.)
pub fn plan(code: &Code, global_calls: &global_calls::Plan) -> Plan {
    let n = code.instrs.len();
    let mut at = vec![NO_PAIR; n].into_boxed_slice();
    let mut pairs = Vec::new();
    if code.instrs.iter().filter(|i| matches!(i, Instr::Call { .. } | Instr::CallMethod { .. })).count() < 2 {
        return Plan { at, pairs: pairs.into() };
    }
    let entered = liveness::entered(code);
    let mut pc = 0;
    while pc < n {
        match pair_at(code, global_calls, &entered, pc) {
            Some(pair) => {
                at[pc] = pairs.len() as u32;
                let second = pair.second;
                pairs.push(pair);
                pc = second + 1;
            }
            None => pc += 1,
        }
    }
    Plan { at, pairs: pairs.into() }
}

/// The result register, argument window and function of the call at
/// `pc` (a plain positional call of a function or of a method).
fn call_at<'a>(code: &'a Code, global_calls: &global_calls::Plan, pc: usize) -> Option<(Reg, &'a CallArgs, Callee)> {
    let (dst, args, callee) = match &code.instrs[pc] {
        Instr::Call { dst, func, args } => match global_calls.at[pc] {
            NOT_FUSED => (*dst, args, Callee::Register(*func)),
            i => (*dst, args, Callee::Global(global_calls.calls[i as usize].slot)),
        },
        Instr::CallMethod { dst, obj, args, .. } => (*dst, args, Callee::Method(*obj)),
        _ => return None,
    };
    args.is_simple().then_some((dst, args, callee))
}

/// The pair whose first call is at `first`, if any.
fn pair_at(code: &Code, global_calls: &global_calls::Plan, entered: &[bool], first: usize) -> Option<Pair> {
    let (result, _, first_callee) = call_at(code, global_calls, first)?;
    // The first call's function goes back to its register when it returns,
    // which may be after the set-up ran: the set-up must leave it alone.
    let first_function = match first_callee {
        Callee::Register(f) => Some(f),
        _ => None,
    };
    // Registers the set-up writes, and where its loads of globals and
    // cells come from.
    let mut written: Vec<Reg> = Vec::new();
    let mut loaded: Vec<(Reg, Callee)> = Vec::new();
    let mut pc = first + 1;
    while pc < code.instrs.len() && !entered[pc] {
        let instr = &code.instrs[pc];
        match instr {
            Instr::Call { .. } | Instr::CallMethod { .. } => {
                let (dst, args, callee) = call_at(code, global_calls, pc)?;
                let window = args.start..args.start + args.nargs;
                let function_reg = match callee {
                    Callee::Method(r) | Callee::Register(r) => Some(r),
                    _ => None,
                };
                let independent = dst != result
                    && function_reg != Some(result)
                    && !window.contains(&result)
                    && first_function.is_none_or(|f| !written.contains(&f) && !window.contains(&f));
                if !independent || code.handlers[pc] != code.handlers[first] {
                    return None;
                }
                // A load of a global that could fail after the first call
                // ran may only be of the second call's function (resolved
                // before forking); cells are checked before forking.
                let loads_ok = loaded.iter().all(|(r, from)| Some(*r) == function_reg || matches!(from, Callee::Cell(_)));
                if !loads_ok {
                    return None;
                }
                let second_callee = match (callee, function_reg) {
                    (Callee::Register(_), Some(func)) => match loaded.iter().find(|(r, _)| *r == func) {
                        Some(&(_, from)) if written.iter().filter(|r| **r == func).count() == 1 => from,
                        Some(_) => return None,
                        None if written.contains(&func) => return None,
                        None => callee,
                    },
                    (Callee::Method(obj), _) if written.contains(&obj) => return None,
                    _ => callee,
                };
                return Some(Pair { second: pc, first_callee, second_callee });
            }
            Instr::LoadGlobal { dst, slot, .. } => {
                // A load that the call fuses with writes nothing; any other
                // may only load the second call's function (checked then).
                if global_calls.at[pc] == NOT_FUSED {
                    loaded.push((*dst, Callee::Global(*slot)));
                    written.push(*dst);
                }
            }
            Instr::LoadCell { dst, cell } => {
                loaded.push((*dst, Callee::Cell(*cell)));
                written.push(*dst);
            }
            Instr::Const { .. } | Instr::Move { .. } | Instr::Take { .. } => written.extend(writes(instr)),
            _ => return None,
        }
        if reads(instr).contains(&result) || writes(instr).contains(&result) {
            return None;
        }
        pc += 1;
    }
    None
}

/// Work whose result may be thrown away: a forked second call, which the
/// sequential program never reaches when the first call raises. Once
/// abandoned, the interpreter running it (and any call forked from it)
/// stops at its next cancellation check.
pub struct Speculation {
    abandoned: AtomicBool,
    /// The speculation the forking work itself belongs to.
    within: Option<Arc<Speculation>>,
    /// What native code running this work polls ([`Self::stop_flag`]): set
    /// when the work is abandoned or its computation cancelled (native code
    /// reads one byte, so both land here).
    stop: AtomicBool,
    /// The computation's cancellation flag.
    computation: Option<Arc<AtomicBool>>,
}

/// The speculations alive, for [`cancel_computation`] to stop those of a
/// cancelled computation.
static LIVE: std::sync::Mutex<Vec<std::sync::Weak<Speculation>>> = std::sync::Mutex::new(Vec::new());

impl Speculation {
    /// A speculation inside the current thread's own (if any).
    pub(crate) fn new() -> Arc<Speculation> {
        Speculation::within(crate::interp::speculation())
    }

    /// A speculation inside `within` (none: the computation's own work).
    pub(crate) fn within(within: Option<Arc<Speculation>>) -> Arc<Speculation> {
        let computation = crate::interp::cancel_flag();
        // Registered under the lock `abandon` and `cancel_computation` take
        // after setting their flags: either they see this speculation, or
        // it sees their flag set and starts stopped.
        let mut live = LIVE.lock().expect("speculations lock");
        let stopped = within.as_ref().is_some_and(|w| w.stop.load(Ordering::Relaxed)) || computation.as_ref().is_some_and(|c| c.load(Ordering::Relaxed));
        let speculation = Arc::new(Speculation { abandoned: AtomicBool::new(false), within, stop: AtomicBool::new(stopped), computation });
        live.retain(|s| s.strong_count() > 0);
        live.push(Arc::downgrade(&speculation));
        speculation
    }

    /// Marks the work unwanted, and stops the native code of the
    /// speculations inside it too (each polls only its own byte).
    pub(crate) fn abandon(&self) {
        self.abandoned.store(true, Ordering::Relaxed);
        self.stop.store(true, Ordering::Relaxed);
        let live = LIVE.lock().expect("speculations lock");
        for speculation in live.iter().filter_map(|s| s.upgrade()) {
            if speculation.is_inside(self) {
                speculation.stop.store(true, Ordering::Relaxed);
            }
        }
    }

    /// Whether this speculation lies (at any depth) inside `outer`.
    fn is_inside(&self, outer: &Speculation) -> bool {
        let mut at = self.within.as_deref();
        while let Some(s) = at {
            if std::ptr::eq(s, outer) {
                return true;
            }
            at = s.within.as_deref();
        }
        false
    }

    /// The byte native code running this work polls as its cancellation
    /// flag.
    pub(crate) fn stop_flag(&self) -> *const u8 {
        &self.stop as *const AtomicBool as *const u8
    }

    /// Whether this work, or work it belongs to, was abandoned.
    pub(crate) fn abandoned(&self) -> bool {
        let mut at = Some(self);
        while let Some(s) = at {
            if s.abandoned.load(Ordering::Relaxed) {
                return true;
            }
            at = s.within.as_deref();
        }
        false
    }
}

/// Cancels the computation whose flag is `flag`: sets it, and stops the
/// native code of its speculative work (which polls its speculation's
/// flag, not the computation's).
pub fn cancel_computation(flag: &Arc<AtomicBool>) {
    flag.store(true, Ordering::Relaxed);
    let live = LIVE.lock().expect("speculations lock");
    for speculation in live.iter().filter_map(|s| s.upgrade()) {
        if speculation.computation.as_ref().is_some_and(|c| Arc::ptr_eq(c, flag)) {
            speculation.stop.store(true, Ordering::Relaxed);
        }
    }
}

/// The computation's per-thread settings, carried to the worker that runs
/// the forked call.
pub(crate) struct Context {
    cancel: Option<Arc<AtomicBool>>,
    speculation: Option<Arc<Speculation>>,
    native: bool,
    threads: usize,
    depth: u32,
}

impl Context {
    /// This thread's settings.
    pub(crate) fn capture() -> Context {
        Context {
            cancel: crate::interp::cancel_flag(),
            speculation: crate::interp::speculation(),
            native: crate::native::enabled(),
            threads: crate::native::threads(),
            depth: crate::interp::depth(),
        }
    }

    /// These settings, for work that belongs to `speculation`.
    pub(crate) fn speculating(&self, speculation: &Arc<Speculation>) -> Context {
        Context { cancel: self.cancel.clone(), speculation: Some(speculation.clone()), native: self.native, threads: self.threads, depth: self.depth }
    }

    /// The speculation work run with these settings belongs to.
    pub(crate) fn speculation(&self) -> Option<&Arc<Speculation>> {
        self.speculation.as_ref()
    }

    /// The computation's thread count.
    pub(crate) fn threads(&self) -> usize {
        self.threads
    }

    /// Runs `work` with these settings on the current thread, restoring
    /// the thread's own afterwards.
    pub(crate) fn run<T>(&self, work: impl FnOnce() -> T) -> T {
        let saved = Context::capture();
        self.install();
        let out = work();
        saved.install();
        out
    }

    fn install(&self) {
        crate::interp::set_cancel_flag(self.cancel.clone());
        crate::interp::set_speculation(self.speculation.clone());
        crate::native::set_enabled(self.native);
        crate::native::set_threads(self.threads);
        crate::interp::set_depth(self.depth);
    }
}

/// A call of a pair, ready to run: its function and arguments.
type ReadyCall = (Arc<Function>, Vec<Value>);

/// A frame at the first call of a pair: the function it runs (its code
/// and cells) and the pair.
#[derive(Clone, Copy)]
pub(crate) struct PairSite<'a> {
    pub func: &'a Function,
    pub cells: &'a [Arc<CellBox>],
    pub code: &'a RtCode,
    /// The first call's instruction.
    pub first: usize,
    pub pair: &'a Pair,
}

/// Runs the pair at `site`, with the frame's registers `regs`, both calls
/// at once through `scheduler`. Returns
/// `Ok(None)` (nothing done) when either callee is not a user function
/// taking its arguments one to one. Otherwise the second call's set-up has
/// run, the first call's result is in its register (or its exception is
/// returned), and the second call's outcome is returned for its own
/// instruction to take: the frame goes on there, so an exception of the
/// second call arises at its own line, after the first call's result.
pub(crate) fn run_pair(site: &PairSite, regs: &mut [Value], scheduler: &dyn Scheduler) -> RtResult<Option<RtResult<Value>>> {
    let PairSite { func, cells, code, first, pair } = *site;
    let ir = &*code.ir;
    let frame = Callees { func, cells, regs };
    let (Some((dst_a, args_a)), Some((_, args_b))) = (call_window(&ir.instrs[first]), call_window(&ir.instrs[pair.second])) else {
        return Ok(None);
    };
    // Nothing is touched until both functions are known to be callable
    // and the cells the set-up reads bound.
    let (Some((callee_a, receiver_a)), Some((callee_b, receiver_b))) =
        (frame.callee(&ir.instrs[first], pair.first_callee, args_a.nargs), frame.callee(&ir.instrs[pair.second], pair.second_callee, args_b.nargs))
    else {
        return Ok(None);
    };
    if !set_up_cells_bound(code, cells, first, pair)
        || pair_reaches_iterator(code, cells, regs, first, pair, [(&callee_a, &receiver_a), (&callee_b, &receiver_b)])
    {
        return Ok(None);
    }
    let mut first_args: Vec<Value> = receiver_a.into_iter().collect();
    first_args.extend(match global_calls::sources_at(&code.global_calls, first) {
        Some(sources) => sourced_arguments(regs, sources, &code.consts),
        None => crate::interp::take_args(regs, args_a.start, args_a.nargs),
    });
    set_up_second(func, cells, code, regs, first, pair)?;
    let mut second_args: Vec<Value> = receiver_b.into_iter().collect();
    second_args.extend(crate::interp::take_args(regs, args_b.start, args_b.nargs));
    let (a, b) = join(scheduler, (callee_a, first_args), (callee_b, second_args));
    crate::interp::put(&mut regs[dst_a as usize], a?);
    Ok(Some(b))
}

/// The outcome of a pair's second call that ran ahead of its instruction.
pub enum Outcome {
    /// Computed together with the first call ([`run_pair`]).
    Ready(RtResult<Value>),
    /// Started on another worker while the first call runs
    /// ([`start_second`]); abandoned when dropped untaken (the first call
    /// raised).
    Running(RunningCall),
}

/// The frame's handle on a second call running ahead: dropping it
/// abandons the call (after its outcome was taken, that changes nothing).
pub struct RunningCall {
    running: Arc<Running>,
    speculation: Arc<Speculation>,
}

impl Drop for RunningCall {
    fn drop(&mut self) {
        self.speculation.abandon();
    }
}

impl Outcome {
    /// The call's result or exception (waiting for it through `scheduler`
    /// if it still runs).
    pub fn take(self, scheduler: Option<&dyn Scheduler>) -> RtResult<Value> {
        match self {
            Outcome::Ready(result) => result,
            Outcome::Running(call) => call.running.outcome(scheduler),
        }
    }
}

/// The outcome of a pair's second call, started ahead of time on another
/// worker while the first call runs.
pub struct Running {
    result: std::sync::Mutex<Option<RtResult<Value>>>,
    done: AtomicBool,
}

impl Running {
    /// The call's outcome, once the worker running it is done (waiting
    /// through `scheduler` meanwhile).
    pub fn outcome(&self, scheduler: Option<&dyn Scheduler>) -> RtResult<Value> {
        let done = || self.done.load(std::sync::atomic::Ordering::Acquire);
        match scheduler {
            Some(s) => s.wait(&done),
            None => {
                while !done() {
                    std::thread::yield_now();
                }
            }
        }
        let taken = self.result.lock().unwrap_or_else(|p| p.into_inner()).take();
        taken.unwrap_or_else(|| {
            Err(crate::error::Error::new(crate::exceptions::ExcKind::RuntimeError, "internal error: a forked call's outcome was taken twice"))
        })
    }
}

/// Starts, on another worker, the second call of the pair at `site` whose
/// first call the frame (with registers `regs`) is in:
/// runs the second call's set-up on the frame's registers, takes its
/// arguments and hands the call to `scheduler`. `None` (nothing touched)
/// when the second callee is not a user function taking its arguments one
/// to one, or a cell the set-up reads is unbound.
pub(crate) fn start_second(site: &PairSite, regs: &mut [Value], scheduler: &dyn Scheduler) -> Option<RunningCall> {
    let PairSite { func, cells, code, first, pair } = *site;
    let ir = &*code.ir;
    let frame = Callees { func, cells, regs };
    let (_, args) = call_window(&ir.instrs[pair.second])?;
    let (callee, receiver) = frame.callee(&ir.instrs[pair.second], pair.second_callee, args.nargs)?;
    if !set_up_cells_bound(code, cells, first, pair) || pair_reaches_iterator(code, cells, regs, first, pair, [(&callee, &receiver)]) {
        return None;
    }
    set_up_second(func, cells, code, regs, first, pair).ok()?;
    let mut call_args: Vec<Value> = receiver.into_iter().collect();
    call_args.extend(crate::interp::take_args(regs, args.start, args.nargs));
    let running = Arc::new(Running { result: std::sync::Mutex::new(None), done: AtomicBool::new(false) });
    let slot = running.clone();
    let speculation = Speculation::new();
    let context = Context::capture().speculating(&speculation);
    let threads = context.threads;
    scheduler.spawn(
        threads,
        Box::new(move || {
            let outcome = context.run(|| crate::interp::call_function(&callee, call_args, Vec::new()));
            *slot.result.lock().unwrap_or_else(|p| p.into_inner()) = Some(outcome);
            slot.done.store(true, std::sync::atomic::Ordering::Release);
        }),
    );
    Some(RunningCall { running, speculation })
}

/// Whether what the pair's calls are given may reach an iterator
/// ([`crate::shared_state`]; the calls then run in order, each advancing
/// it in turn): their functions and receivers (`callees`), the first
/// call's arguments and what the set-up of the second reads. (The first
/// call's arguments are left out when only the second call starts here,
/// the first running on its own frame: the iterator then cannot be
/// shared unless the set-up reads it.)
fn pair_reaches_iterator<'c>(
    code: &RtCode,
    cells: &[Arc<CellBox>],
    regs: &[Value],
    first: usize,
    pair: &Pair,
    callees: impl IntoIterator<Item = (&'c Arc<Function>, &'c Option<Value>)>,
) -> bool {
    let mut values: Vec<Value> = Vec::new();
    for (f, receiver) in callees {
        values.push(Value::Function(f.clone()));
        values.extend(receiver.iter().cloned());
    }
    let ir = &*code.ir;
    match global_calls::sources_at(&code.global_calls, first) {
        Some(sources) => {
            for source in sources {
                if let ArgSource::Take(r) | ArgSource::Copy(r) = source {
                    values.push(regs[*r as usize].clone());
                }
            }
        }
        None => {
            if let Some((_, args)) = call_window(&ir.instrs[first]) {
                values.extend(regs[args.start as usize..(args.start + args.nargs) as usize].iter().cloned());
            }
        }
    }
    for pc in first + 1..pair.second {
        match ir.instrs[pc] {
            Instr::Move { src, .. } | Instr::Take { src, .. } => values.push(regs[src as usize].clone()),
            Instr::LoadCell { cell, .. } => values.push(cells[cell as usize].get()),
            _ => {}
        }
    }
    crate::shared_state::reaches_iterator(&values)
}

/// Whether the cells the set-up of the pair's second call reads are bound
/// (so that running it cannot fail).
fn set_up_cells_bound(code: &RtCode, cells: &[Arc<CellBox>], first: usize, pair: &Pair) -> bool {
    (first + 1..pair.second).all(|pc| !matches!(code.ir.instrs[pc], Instr::LoadCell { cell, .. } if matches!(cells[cell as usize].get(), Value::Unbound)))
}

/// Runs the set-up of the pair's second call (the instructions between the
/// two calls) on `regs`, as the sequential program runs it after the first
/// call (it does not touch the first call's result; the globals it loads
/// were resolved with the callee, or are fused with the call).
fn set_up_second(func: &Function, cells: &[Arc<CellBox>], code: &RtCode, regs: &mut [Value], first: usize, pair: &Pair) -> RtResult<()> {
    for pc in first + 1..pair.second {
        match code.ir.instrs[pc] {
            Instr::Const { dst, idx } => crate::interp::assign(&mut regs[dst as usize], &code.consts[idx as usize]),
            Instr::Move { dst, src } => crate::interp::copy_register(regs, src as usize, dst as usize),
            Instr::Take { dst, src } => crate::interp::move_register(regs, src as usize, dst as usize),
            Instr::LoadGlobal { dst, slot, ref name } if code.global_calls.at[pc] == NOT_FUSED => {
                let v = crate::interp::global_value(func, slot, name)?;
                crate::interp::assign(&mut regs[dst as usize], v);
            }
            Instr::LoadCell { dst, cell } => crate::interp::put(&mut regs[dst as usize], cells[cell as usize].get()),
            _ => {}
        }
    }
    Ok(())
}

/// What a frame offers for finding the functions of a pair.
struct Callees<'a> {
    func: &'a Function,
    cells: &'a [Arc<CellBox>],
    regs: &'a [Value],
}

impl Callees<'_> {
    /// The user function the pair's call `instr` enters with `nargs`
    /// positional arguments, if it takes them one to one, and the instance
    /// that goes first for a method.
    fn callee(&self, instr: &Instr, at: Callee, nargs: u32) -> Option<(Arc<Function>, Option<Value>)> {
        let cell;
        let (v, receiver) = match at {
            Callee::Register(r) => (&self.regs[r as usize], None),
            Callee::Global(slot) => (crate::interp::global_value(self.func, slot, &self.func.code.ir.global_names[slot as usize]).ok()?, None),
            Callee::Cell(c) => {
                cell = self.cells[c as usize].get();
                (&cell, None)
            }
            Callee::Method(obj) => {
                let (Instr::CallMethod { name, .. }, instance @ Value::Instance(inst)) = (instr, &self.regs[obj as usize]) else { return None };
                if inst.get_attr(name).is_some() {
                    return None;
                }
                cell = inst.class.lookup(name)?;
                (&cell, Some(instance.clone()))
            }
        };
        let total = nargs as usize + receiver.is_some() as usize;
        match v {
            // (A generator function takes no arguments one to one.)
            Value::Function(f) if crate::interp::takes_plain_arguments(f, total) => Some((f.clone(), receiver)),
            _ => None,
        }
    }
}

/// The result register and argument window of a plain call or method call.
fn call_window(instr: &Instr) -> Option<(Reg, &CallArgs)> {
    match instr {
        Instr::Call { dst, args, .. } | Instr::CallMethod { dst, args, .. } => Some((*dst, args)),
        _ => None,
    }
}

/// A fused call's arguments, taken from where its skipped moves would have
/// taken them.
fn sourced_arguments(regs: &mut [Value], sources: &[ArgSource], consts: &[Value]) -> Vec<Value> {
    sources
        .iter()
        .map(|source| match *source {
            ArgSource::Take(r) => std::mem::take(&mut regs[r as usize]),
            ArgSource::Copy(r) => regs[r as usize].clone(),
            ArgSource::Const(idx) => consts[idx as usize].clone(),
        })
        .collect()
}

/// Runs both calls through `scheduler` with this thread's settings and
/// returns their results in program order.
fn join(scheduler: &dyn Scheduler, a: ReadyCall, b: ReadyCall) -> (RtResult<Value>, RtResult<Value>) {
    let context = Context::capture();
    let threads = context.threads;
    // The second call is abandoned as soon as the first raises (the
    // sequential program never makes it).
    let speculation = Speculation::new();
    let second_context = context.speculating(&speculation);
    let (mut a, mut b) = (Some(a), Some(b));
    let (mut result_a, mut result_b) = (None, None);
    let (context, second_context, speculation) = (&context, &second_context, &speculation);
    scheduler.join(
        threads,
        &mut || {
            if let Some((f, args)) = a.take() {
                let result = context.run(|| crate::interp::call_function(&f, args, Vec::new()));
                if result.is_err() {
                    speculation.abandon();
                }
                result_a = Some(result);
            }
        },
        &mut || {
            if let Some((f, args)) = b.take() {
                if !speculation.abandoned() {
                    result_b = Some(second_context.run(|| crate::interp::call_function(&f, args, Vec::new())));
                }
            }
        },
    );
    let missing = || Err(crate::error::Error::new(crate::exceptions::ExcKind::RuntimeError, "internal error: the scheduler did not run a forked call"));
    (result_a.unwrap_or_else(missing), result_b.unwrap_or_else(missing))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyfora_syntax::{lower, SourceFile};

    fn planned(text: &str) -> (Arc<Code>, Plan) {
        let src = SourceFile::parse("t.py", text.to_string()).expect("parses");
        let code = lower::lower_function(&src, src.find_def(1, "f").expect("found")).expect("lowers");
        let calls = global_calls::plan(&code);
        let plan = plan(&code, &calls);
        (code, plan)
    }

    fn call_pcs(code: &Code) -> Vec<usize> {
        code.instrs.iter().enumerate().filter(|(_, i)| matches!(i, Instr::Call { .. })).map(|(pc, _)| pc).collect()
    }

    #[test]
    fn two_recursive_calls_of_an_expression_pair_up() {
        let (code, plan) = planned("def f(a, b):\n    if b - a < 2:\n        return a\n    m = (a + b) // 2\n    return f(a, m) + f(m, b)\n");
        let calls = call_pcs(&code);
        assert_eq!(plan.pairs.len(), 1, "{:?}", code.instrs);
        assert_eq!(plan.at[calls[0]], 0);
        assert_eq!(plan.pairs[0].second, calls[1]);
        assert!(matches!(plan.pairs[0].second_callee, Callee::Global(_)));
    }

    #[test]
    fn arguments_of_one_call_pair_up() {
        let (code, plan) = planned("def f(x, y):\n    return k(g(x), h(y))\n");
        let calls = call_pcs(&code);
        assert_eq!(plan.pairs.len(), 1);
        assert_eq!((plan.at[calls[0]], plan.pairs[0].second), (0, calls[1]));
    }

    #[test]
    fn a_call_reading_the_first_result_does_not_pair() {
        let (_, plan) = planned("def f(x):\n    return g(g(x))\n");
        assert!(plan.pairs.is_empty());
        let (_, plan) = planned("def f(x):\n    a = g(x)\n    return h(a)\n");
        assert!(plan.pairs.is_empty());
    }

    #[test]
    fn calls_with_computed_arguments_or_other_handlers_do_not_pair() {
        // `y + 1` may raise, and must raise only after g(x) ran.
        let (_, plan) = planned("def f(x, y):\n    return g(x) + h(y + 1)\n");
        assert!(plan.pairs.is_empty());
        let (_, plan) = planned("def f(x, y):\n    a = g(x)\n    try:\n        b = h(y)\n    except ValueError:\n        b = 0\n    return a + b\n");
        assert!(plan.pairs.is_empty(), "the second call has its own handler");
    }

    #[test]
    fn consecutive_statements_pair_up() {
        let (code, plan) = planned("def f(x, y):\n    a = g(x)\n    b = h(y)\n    return a + b\n");
        let calls = call_pcs(&code);
        assert_eq!(plan.pairs.len(), 1, "{:?}", code.instrs);
        assert_eq!(plan.pairs[0].second, calls[1]);
    }

    #[test]
    fn method_calls_pair_up() {
        let src = "class S:\n    def f(self, a, b):\n        m = (a + b) // 2\n        return self.f(a, m) + self.f(m, b)\n";
        let src = SourceFile::parse("t.py", src.to_string()).expect("parses");
        let code = lower::lower_function(&src, src.find_def(2, "f").expect("found")).expect("lowers");
        let plan = plan(&code, &global_calls::plan(&code));
        assert_eq!(plan.pairs.len(), 1, "{:?}", code.instrs);
        assert_eq!(plan.pairs[0].first_callee, Callee::Method(0));
        assert_eq!(plan.pairs[0].second_callee, Callee::Method(0));
    }

    #[test]
    fn keyword_calls_do_not_pair() {
        let (_, plan) = planned("def f(x, y):\n    return g(x, k=1) + h(y)\n");
        assert!(plan.pairs.is_empty());
    }
}
