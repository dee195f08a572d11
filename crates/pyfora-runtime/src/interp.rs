//! The reference interpreter: runs [`pyfora_syntax::Code`] over registers.
//!
//! Calls recurse on the Rust stack (computations run on threads with large
//! stacks; depth is bounded by [`MAX_DEPTH`]). A generator keeps its
//! [`Frame`] and resumes it; exceptions jump to the handler of the
//! instruction that raised.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use pyfora_syntax::ir::{Builds, CallArgs, Instr, Reg, NO_HANDLER};

use crate::dict::{new_dict, new_set, HKey};
use crate::error::{attribute_error, type_error, Error, PyException, RtResult, TraceEntry};
use crate::exceptions::ExcKind;
use crate::global_calls::{ArgSource, NOT_FUSED};
use crate::iter::{self, IterState};
use crate::ops;
use crate::value::*;

/// Deepest Python call nesting before `RecursionError`.
pub const MAX_DEPTH: u32 = 20_000;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static CANCEL: std::cell::RefCell<Option<Arc<AtomicBool>>> = const { std::cell::RefCell::new(None) };
    static SPECULATION: std::cell::RefCell<Option<Arc<crate::forks::Speculation>>> = const { std::cell::RefCell::new(None) };
}

/// Installs the speculation this thread's work belongs to (a forked
/// call's, whose result may be thrown away), or none.
pub(crate) fn set_speculation(speculation: Option<Arc<crate::forks::Speculation>>) {
    SPECULATION.with(|s| *s.borrow_mut() = speculation);
}

/// The speculation this thread's work belongs to, if any.
pub(crate) fn speculation() -> Option<Arc<crate::forks::Speculation>> {
    SPECULATION.with(|s| s.borrow().clone())
}

/// Installs the cancellation flag checked by computations on this thread
/// (a computation, or a piece of one, starts here: an error a key
/// comparison left unraised is forgotten).
pub fn set_cancel_flag(flag: Option<Arc<AtomicBool>>) {
    crate::dict::forget_key_eq_error();
    CANCEL.with(|c| *c.borrow_mut() = flag);
}

/// The address of this thread's cancellation flag (a byte that becomes
/// non-zero on cancellation), for native code to poll: the speculation's
/// when the thread runs speculative work, else the computation's; a flag
/// that is never set when no computation installed one. Valid while the
/// computation (or speculation) runs.
pub fn cancel_flag_ptr() -> *const u8 {
    static NEVER: AtomicBool = AtomicBool::new(false);
    // Speculative work stops when abandoned too (see `forks::Speculation`).
    if let Some(flag) = SPECULATION.with(|s| s.borrow().as_ref().map(|s| s.stop_flag())) {
        return flag;
    }
    CANCEL.with(|c| match c.borrow().as_ref() {
        Some(flag) => Arc::as_ptr(flag) as *const u8,
        None => &NEVER as *const AtomicBool as *const u8,
    })
}

/// This thread's cancellation flag, if a computation installed one.
pub(crate) fn cancel_flag() -> Option<Arc<AtomicBool>> {
    CANCEL.with(|c| c.borrow().clone())
}

/// How many run loops are nested on this thread (see [`MAX_DEPTH`]).
pub(crate) fn depth() -> u32 {
    DEPTH.with(|d| d.get())
}

/// Sets the nesting count of run loops on this thread (a forked call
/// continues its caller's).
pub(crate) fn set_depth(depth: u32) {
    DEPTH.with(|d| d.set(depth));
}

/// Whether the computation was cancelled, or the forked call this work
/// belongs to abandoned (its result is no longer wanted).
fn cancelled() -> bool {
    CANCEL.with(|c| c.borrow().as_ref().map(|f| f.load(Ordering::Relaxed)).unwrap_or(false))
        || SPECULATION.with(|s| s.borrow().as_ref().is_some_and(|s| s.abandoned()))
}

/// For long loops inside builtins: `Err(Cancelled)` once the computation
/// has been cancelled. Call it every few thousand items (it reads a
/// thread-local flag).
pub fn check_cancelled() -> RtResult<()> {
    if cancelled() {
        Err(Error::Cancelled)
    } else {
        Ok(())
    }
}

/// How many items a builtin processes between cancellation checks.
pub const CANCEL_CHECK_INTERVAL: u64 = 1 << 16;

/// An activation of a code object.
pub struct Frame {
    pub func: Arc<Function>,
    pub regs: Registers,
    pub cells: Vec<Arc<CellBox>>,
    pub pc: usize,
    /// The exception being handled (for `raise` and `LoadException`).
    pub exc: Option<Box<PyException>>,
    /// The outcome of the second call of a forked pair, run already; the
    /// call instruction at [`Forked::at`] takes it instead of calling.
    pub forked: Option<Box<Forked>>,
    /// Parameters (bit `i`: register `i`) holding a reference lent by the
    /// caller frame ([`crate::borrow`]): forgotten, never dropped, when the
    /// frame ends.
    pub borrowed: u64,
}

/// A call that ran, or runs, ahead of its instruction in a fork
/// ([`crate::forks`]).
pub struct Forked {
    /// The call instruction it belongs to.
    pub at: usize,
    pub outcome: crate::forks::Outcome,
}

impl Frame {
    /// The code this frame runs (its function's).
    #[inline(always)]
    pub fn code(&self) -> &Arc<RtCode> {
        &self.func.code
    }
}

/// A frame's register file.
#[derive(Default)]
pub struct Registers(Vec<Value>);

impl Registers {
    /// The registers as a plain vector (the frame gives them up).
    pub fn into_vec(mut self) -> Vec<Value> {
        std::mem::take(&mut self.0)
    }
}

impl std::ops::Deref for Registers {
    type Target = Vec<Value>;
    fn deref(&self) -> &Vec<Value> {
        &self.0
    }
}

impl std::ops::DerefMut for Registers {
    fn deref_mut(&mut self) -> &mut Vec<Value> {
        &mut self.0
    }
}

impl Drop for Registers {
    fn drop(&mut self) {
        drop_owning(&mut self.0);
    }
}

/// Drops the values of `regs` and empties it, calling the destructor only on
/// values that own heap data (most registers hold numbers).
#[inline]
fn drop_owning(regs: &mut Vec<Value>) {
    for v in regs.iter_mut() {
        if !RtCode::is_plain(v) {
            // SAFETY: each slot is dropped at most once here, and the length
            // is set to zero below so `Vec` drops nothing again.
            unsafe { std::ptr::drop_in_place(v) }
        }
    }
    // SAFETY: every element was either dropped above or needs no drop.
    unsafe { regs.set_len(0) }
}

/// Register vectors of finished frames, kept by a run loop for the frames
/// it pushes next (calls in loops and recursion then allocate nothing).
type RegisterPool = Vec<Vec<Value>>;

/// What an instruction needs to enter a callee frame without recursing.
struct Calls<'a> {
    pool: &'a mut RegisterPool,
    /// The native tier when on for this computation (looked up once per
    /// run loop, not per call).
    native: Option<&'static dyn crate::native::NativeTier>,
    /// The worker pool's scheduler when the computation may fork pairs of
    /// independent calls ([`crate::forks`]), and its thread count.
    scheduler: Option<(&'static dyn crate::forks::Scheduler, usize)>,
    /// Whether this run loop runs on one of the pool's workers (where
    /// pairs fork by promotion, not at their call).
    on_worker: bool,
    /// Whether calls may lend arguments to callee frames
    /// ([`crate::borrow`]): only where nothing but this loop runs the
    /// frames it pushes (no native tier, no forks).
    lend: bool,
    /// Frames on the run loop's stack above its first (the current one's
    /// depth there).
    depth: usize,
    /// The free stack slot after the current frame's: a call writes its
    /// callee frame there and returns [`Flow::Pushed`] (the frame is built
    /// in place, never moved).
    slot: *mut (Frame, Pending),
}

impl Calls<'_> {
    /// Enters `func` with `receiver` (if any) and the arguments in caller
    /// registers `start..start + nargs` (moved out) as its parameters,
    /// building the callee frame in the free stack slot field by field (a
    /// frame built elsewhere and copied in as a whole stalls store
    /// forwarding). `dst` receives the result; `restore` is the caller
    /// register `func` was moved out of, if any.
    #[inline(always)]
    fn enter(&mut self, func: Arc<Function>, receiver: Receiver, regs: &mut [Value], start: u32, nargs: u32, dst: u32, restore: u32) -> RtResult<Flow> {
        let mut callee_regs = self.pool.pop().unwrap_or_default();
        callee_regs.reserve(func.code.ir.nregs as usize);
        match receiver {
            Receiver::None => {}
            Receiver::Value(v) => push_clone(&mut callee_regs, v),
            Receiver::Register(r) => push_clone(&mut callee_regs, &regs[r as usize]),
        }
        move_registers_into(regs, start as usize..(start + nargs) as usize, &mut callee_regs);
        self.push(func, callee_regs, dst, restore, 0)
    }

    /// Enters the method `func` (with `receiver` bound, if any) reached
    /// through an object that caller register `owner` holds for the whole
    /// call, so the function outlives the frame: the frame borrows it, and
    /// the receiver is lent when the callee only reads `self`. The
    /// arguments are as for [`Calls::enter`]. Where the run loop cannot
    /// lend, or the owner is among the arguments moved, this is `enter`.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn enter_method(&mut self, func: &Arc<Function>, receiver: Receiver, owner: u32, regs: &mut [Value], start: u32, nargs: u32, dst: u32) -> RtResult<Flow> {
        let moved = start..start + nargs;
        if !self.lend || moved.contains(&owner) || matches!(receiver, Receiver::Register(r) if moved.contains(&r)) {
            return self.enter(func.clone(), receiver, regs, start, nargs, dst, NO_RESTORE);
        }
        let mut callee_regs = self.pool.pop().unwrap_or_default();
        callee_regs.reserve(func.code.ir.nregs as usize);
        let lend_self = func.code.borrowable & 1 != 0;
        let mut lent = 0u64;
        let bound = match receiver {
            Receiver::None => None,
            Receiver::Value(v) => Some(v),
            Receiver::Register(r) => Some(&regs[r as usize]),
        };
        if let Some(v) = bound {
            if lend_self && !RtCode::is_plain(v) {
                lent = 1;
                push_bits(&mut callee_regs, v);
            } else {
                push_clone(&mut callee_regs, v);
            }
        }
        move_registers_into(regs, moved.start as usize..moved.end as usize, &mut callee_regs);
        // SAFETY: the owner register keeps the object the function was
        // reached through alive until the frame returns (the caller is
        // suspended below it, and nothing else writes its registers where
        // the loop lends); the frame is pushed as `BORROWED`.
        let func = unsafe { borrow_global(func) };
        self.push(func, callee_regs, dst, BORROWED, lent)
    }

    /// Enters the borrowed global function `func` with the arguments taken
    /// from where `sources` says (the caller skipped the moves that would
    /// have put them in place). `caller_borrowed` is the caller frame's
    /// [`Frame::borrowed`]: an argument the caller itself borrowed is lent
    /// on or cloned, never moved; a copied argument is lent when the
    /// callee only reads that parameter.
    #[inline(always)]
    fn enter_sourced(
        &mut self,
        func: Arc<Function>,
        sources: &[ArgSource],
        regs: &mut [Value],
        caller_borrowed: u64,
        consts: &[Value],
        dst: u32,
    ) -> RtResult<Flow> {
        let mut callee_regs = self.pool.pop().unwrap_or_default();
        callee_regs.reserve(func.code.ir.nregs as usize);
        let lendable = if self.lend { func.code.borrowable } else { 0 };
        let mut lent = 0u64;
        for (i, source) in sources.iter().enumerate() {
            match *source {
                ArgSource::Take(r) if is_borrowed(caller_borrowed, r) => {
                    if lendable & (1u64 << i) != 0 {
                        lent |= 1u64 << i;
                        push_bits(&mut callee_regs, &regs[r as usize]);
                    } else {
                        push_clone(&mut callee_regs, &regs[r as usize]);
                    }
                    forget_register(&mut regs[r as usize]);
                }
                ArgSource::Take(r) => push_taken(&mut callee_regs, &mut regs[r as usize]),
                ArgSource::Copy(r) if lendable & (1u64 << i) != 0 && !RtCode::is_plain(&regs[r as usize]) => {
                    lent |= 1u64 << i;
                    push_bits(&mut callee_regs, &regs[r as usize]);
                }
                ArgSource::Copy(r) => push_clone(&mut callee_regs, &regs[r as usize]),
                ArgSource::Const(idx) => push_clone(&mut callee_regs, &consts[idx as usize]),
            }
        }
        self.push(func, callee_regs, dst, BORROWED, lent)
    }

    /// Completes the register file `callee_regs` (parameters bound) of a
    /// frame of `func` and pushes the frame.
    #[inline(always)]
    fn push(&mut self, func: Arc<Function>, mut callee_regs: Vec<Value>, dst: u32, restore: u32, borrowed: u64) -> RtResult<Flow> {
        init_registers(&func.code, &mut callee_regs);
        let cells = frame_cells(&func, &callee_regs);
        let slot = self.slot;
        // SAFETY: the run loop reserved room for one more element before
        // this step, and `slot` points at it; it is uninitialised, so each
        // field is written without dropping, and the loop takes ownership
        // after `Flow::Pushed` by growing the stack's length.
        unsafe {
            std::ptr::addr_of_mut!((*slot).0.func).write(func);
            std::ptr::addr_of_mut!((*slot).0.regs).write(Registers(callee_regs));
            std::ptr::addr_of_mut!((*slot).0.cells).write(cells);
            std::ptr::addr_of_mut!((*slot).0.pc).write(0);
            std::ptr::addr_of_mut!((*slot).0.exc).write(None);
            std::ptr::addr_of_mut!((*slot).0.forked).write(None);
            std::ptr::addr_of_mut!((*slot).0.borrowed).write(borrowed);
            std::ptr::addr_of_mut!((*slot).1).write(Pending { dst, restore });
        }
        Ok(Flow::Pushed)
    }
}

/// The frames a run loop pushed, with where their results go. Normally
/// emptied by [`pop_frame`]; dropped with frames in it only on a panic,
/// when borrowed functions must still not be released.
struct FrameStack(Vec<(Frame, Pending)>);

impl std::ops::Deref for FrameStack {
    type Target = Vec<(Frame, Pending)>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for FrameStack {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Drop for FrameStack {
    fn drop(&mut self) {
        for (mut frame, pending) in self.0.drain(..) {
            forget_borrowed(&mut frame.regs, frame.borrowed);
            let Frame { func, .. } = frame;
            if pending.restore == BORROWED {
                std::mem::forget(func);
            }
        }
    }
}

/// Where a pushed callee's result goes, and the caller register its
/// function was moved out of (restored on return; `NO_RESTORE` if none).
struct Pending {
    dst: u32,
    restore: u32,
}

const NO_RESTORE: u32 = u32::MAX;
/// [`Pending::restore`] for a frame whose function is borrowed (a global
/// called by [`crate::global_calls`]): the pop forgets it, never drops it.
const BORROWED: u32 = u32::MAX - 1;

/// How a frame stopped running.
pub enum GenStep {
    Yield(Value),
    Return(Value),
}

/// What an instruction asks the run loop to do besides continuing.
enum Flow {
    /// The current frame returns the value in this register. (Values stay
    /// in registers rather than travel inside `Flow`: each copy of a
    /// just-written value through a temporary costs a store-forwarding
    /// stall.)
    Return(u32),
    /// The current frame yields the value in register `src`; `dst`
    /// receives `None` (the value sent in) when it resumes.
    Yield { src: u32, dst: u32 },
    /// A callee frame was written to the run loop's next stack slot
    /// ([`Calls::slot`]); enter it.
    Pushed,
}

/// The value of an IR constant.
pub fn const_value(c: &pyfora_syntax::ir::Const) -> RtResult<Value> {
    use pyfora_syntax::ir::Const;
    Ok(match c {
        Const::None => Value::None,
        Const::Ellipsis => Value::Ellipsis,
        Const::Bool(b) => Value::Bool(*b),
        Const::Int(i) => Value::Int(*i),
        Const::Float(f) => Value::Float(*f),
        Const::Str(s) => Value::str(&**s),
        Const::BigInt(text) => crate::builtins::parse_int_literal(text)?,
    })
}

/// Prepares IR for the interpreter (constants as values, children too).
pub fn prepare(code: &Arc<pyfora_syntax::Code>) -> RtResult<Arc<RtCode>> {
    let consts = code.consts.iter().map(const_value).collect::<RtResult<Vec<_>>>()?;
    let children = code.children.iter().map(prepare).collect::<RtResult<Vec<_>>>()?;
    let mut plain_template: Vec<Value> = (0..code.nregs).map(|_| Value::Unbound).collect();
    let mut heap_consts = Vec::new();
    for (r, idx) in &code.const_regs {
        let c = &consts[*idx as usize];
        if RtCode::is_plain(c) {
            plain_template[*r as usize] = c.clone();
        } else {
            heap_consts.push((*r, *idx));
        }
    }
    let module_call_cache = (0..code.instrs.len()).map(|_| OnceLock::new()).collect();
    let global_calls = crate::global_calls::plan(code);
    let forks = crate::forks::plan(code, &global_calls);
    let borrowable = crate::borrow::borrowable_params(code, &global_calls);
    let arity = code.params.positional.len();
    let direct_arity = if !code.is_generator && code.params.is_simple_arity(arity) { arity as u32 } else { u32::MAX };
    let return_drops = return_drops(code, &plain_template);
    let arith = if direct_arity == u32::MAX { None } else { arith_body(code, &plain_template) };
    Ok(Arc::new(RtCode {
        ir: code.clone(),
        consts,
        children,
        plain_template,
        heap_consts,
        module_call_cache,
        direct_arity,
        global_calls,
        forks,
        native: Default::default(),
        borrowable,
        return_drops,
        arith,
    }))
}

/// For each `Return` of `code`, the registers that may own heap data
/// there: those that may hold a value ([`pyfora_syntax::holding`]) less
/// the constant registers holding plain values (`template`) that no
/// instruction overwrites.
fn return_drops(code: &pyfora_syntax::Code, template: &[Value]) -> Box<[Box<[u32]>]> {
    let written: std::collections::HashSet<u32> = code.instrs.iter().flat_map(pyfora_syntax::optimize::writes).collect();
    let stays_plain = |r: u32| !matches!(template[r as usize], Value::Unbound) && !written.contains(&r);
    let hold = pyfora_syntax::holding::may_hold(code);
    code.instrs
        .iter()
        .zip(&hold)
        .map(|(instr, held)| match instr {
            Instr::Return { .. } => held.iter().filter(|r| (*r as usize) < template.len() && !stays_plain(*r)).collect(),
            _ => Box::default(),
        })
        .collect()
}

/// Most steps an [`ArithBody`] has.
const MAX_ARITH_STEPS: usize = 8;

/// The body of `code` as arithmetic steps (see [`RtCode::arith`]):
/// `BinOp`s, each on parameters, number constants no instruction writes
/// or the results of earlier steps, then the `Return` of the last result;
/// no cells.
fn arith_body(code: &pyfora_syntax::Code, template: &[Value]) -> Option<ArithBody> {
    if !code.freevars.is_empty() || !code.cellvars.is_empty() {
        return None;
    }
    let nparams = code.params.positional.len() as u32;
    let mut steps = Vec::new();
    // The register each step wrote.
    let mut written: Vec<Reg> = Vec::new();
    for instr in &code.instrs {
        match instr {
            Instr::BinOp { op, dst, a, b } if steps.len() < MAX_ARITH_STEPS => {
                let operand = |r: Reg| {
                    if let Some(k) = written.iter().rposition(|w| *w == r) {
                        return Some(Operand::Step(k as u32));
                    }
                    if r < nparams {
                        return Some(Operand::Param(r));
                    }
                    match template.get(r as usize)? {
                        Value::Int(i) => Some(Operand::Int(*i)),
                        Value::Float(x) => Some(Operand::Float(*x)),
                        _ => None,
                    }
                };
                let (a, b) = (operand(*a)?, operand(*b)?);
                // A step may not overwrite a parameter or a constant that
                // a later step reads as such.
                if *dst < nparams || !matches!(template.get(*dst as usize), Some(Value::Unbound)) {
                    return None;
                }
                steps.push((*op, a, b));
                written.push(*dst);
            }
            Instr::Return { src } if !steps.is_empty() && written.last() == Some(src) => {
                return Some(ArithBody { steps: steps.into_boxed_slice() });
            }
            _ => return None,
        }
    }
    None
}

/// The result of calling a function whose body is `body` with the
/// arguments `args` (one per parameter), when every operand is a number
/// and every step takes it without error — what running its frame would
/// give; `None` otherwise (the call goes the usual way, raising there).
#[inline(always)]
fn arith_result(body: &ArithBody, args: &[Value]) -> Option<Value> {
    #[derive(Clone, Copy)]
    enum Num {
        Int(i64),
        Float(f64),
    }
    let mut results = [Num::Int(0); MAX_ARITH_STEPS];
    let mut last = Num::Int(0);
    for (k, (op, a, b)) in body.steps.iter().enumerate() {
        let read = |o: &Operand| match *o {
            Operand::Param(i) => match args.get(i as usize)? {
                Value::Int(x) => Some(Num::Int(*x)),
                Value::Float(x) => Some(Num::Float(*x)),
                _ => None,
            },
            Operand::Step(j) => Some(results[j as usize]),
            Operand::Int(x) => Some(Num::Int(x)),
            Operand::Float(x) => Some(Num::Float(x)),
        };
        last = match (read(a)?, read(b)?) {
            (Num::Int(x), Num::Int(y)) => Num::Int(int_op(*op, x, y)?),
            (Num::Float(x), Num::Float(y)) => Num::Float(float_op(*op, x, y)?),
            (Num::Float(x), Num::Int(y)) => Num::Float(float_op(*op, x, y as f64)?),
            (Num::Int(x), Num::Float(y)) => Num::Float(float_op(*op, x as f64, y)?),
        };
        results[k] = last;
    }
    Some(match last {
        Num::Int(x) => Value::Int(x),
        Num::Float(x) => Value::Float(x),
    })
}

/// Creates a function value from prepared code.
pub fn make_function(
    code: Arc<RtCode>,
    globals: Arc<Globals>,
    defaults: Vec<Value>,
    kwdefaults: Vec<(Arc<str>, Value)>,
    closure: Vec<Arc<CellBox>>,
) -> Arc<Function> {
    let global_cache = (0..code.ir.global_names.len()).map(|_| OnceLock::new()).collect();
    Arc::new(Function {
        code,
        globals,
        defaults,
        kwdefaults,
        closure,
        owner: OnceLock::new(),
        global_cache,
        attrs: OnceLock::new(),
        client_id: OnceLock::new(),
    })
}

/// Calls any callable value.
pub fn call_value(f: &Value, mut args: Vec<Value>, kwargs: Vec<(Arc<str>, Value)>) -> RtResult<Value> {
    match f {
        Value::Function(func) => call_function(func, args, kwargs),
        Value::Builtin(b) => {
            let mut kwargs = kwargs;
            if !kwargs.is_empty() {
                crate::modules::bind_named_positionals(b, &mut args, &mut kwargs)?;
                crate::modules::check_keywords(b, &kwargs)?;
            }
            (b.call)(args, kwargs)
        }
        Value::BoundMethod(bm) => {
            args.insert(0, bm.0.clone());
            call_value(&bm.1, args, kwargs)
        }
        Value::BuiltinMethod(m) => {
            let mut recv = m.0.clone();
            crate::methods::call_method(&mut recv, &m.1, args, kwargs, false)
        }
        Value::Class(c) => instantiate(c, args, kwargs),
        Value::Type(t) => crate::builtins::construct(*t, args, kwargs),
        Value::Instance(_) => match lookup_class_attr(f, "__call__") {
            Some(method) => {
                args.insert(0, f.clone());
                call_value(&method, args, kwargs)
            }
            None => Err(type_error(format!("'{}' object is not callable", f.type_name()))),
        },
        Value::StaticMethod(inner) => call_value(inner, args, kwargs),
        other => Err(type_error(format!("'{}' object is not callable", other.type_name()))),
    }
}

/// Creates an instance of a class and runs its `__init__`.
pub fn instantiate(class: &Arc<Class>, args: Vec<Value>, kwargs: Vec<(Arc<str>, Value)>) -> RtResult<Value> {
    let inst = Arc::new(Instance::new(class.clone(), Vec::new(), false));
    let obj = Value::Instance(inst.clone());
    if class.is_exception {
        inst.set_attr(Arc::from("args"), Value::tuple(args.clone()));
    }
    match class.lookup("__init__") {
        Some(init) => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(obj.clone());
            full.extend(args);
            let r = call_value(&init, full, kwargs)?;
            if !matches!(r, Value::None) {
                return Err(type_error(format!("__init__() should return None, not '{}'", r.type_name())));
            }
        }
        None if class.is_exception => {
            // `BaseException.__init__`: keywords only where CPython takes them.
            call_value(&Value::Builtin(&crate::builtins::EXCEPTION_INIT), std::iter::once(obj.clone()).chain(args).collect(), kwargs)?;
        }
        None => {
            if !args.is_empty() || !kwargs.is_empty() {
                return Err(type_error(format!("{}() takes no arguments", class.name)));
            }
        }
    }
    inst.freeze();
    Ok(obj)
}

/// Looks a name up on the class of an instance (not the instance itself).
pub fn lookup_class_attr(obj: &Value, name: &str) -> Option<Value> {
    match obj {
        Value::Instance(i) => i.class.lookup(name),
        _ => None,
    }
}

/// True when the object's class defines `name`.
pub fn has_special(obj: &Value, name: &str) -> bool {
    lookup_class_attr(obj, name).is_some()
}

/// Calls a dunder method of an instance's class; `None` when not defined.
pub fn call_special(obj: &Value, name: &str, args: Vec<Value>) -> RtResult<Option<Value>> {
    match lookup_class_attr(obj, name) {
        Some(method) => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(obj.clone());
            full.extend(args);
            Ok(Some(call_value(&method, full, vec![])?))
        }
        None => Ok(None),
    }
}

/// `hash()` of an instance: its `__hash__`, or identity.
pub fn instance_hash(v: &Value) -> RtResult<i64> {
    if let Value::Instance(i) = v {
        match i.class.lookup("__hash__") {
            Some(Value::None) => return Err(type_error(format!("unhashable type: '{}'", i.class.name))),
            Some(h) => {
                // An int that fits in 64 bits is the hash itself (-1 is
                // -2); a bigger one is reduced as `hash(int)` reduces it.
                return match call_value(&h, vec![v.clone()], vec![])? {
                    Value::Int(-1) => Ok(-2),
                    Value::Int(x) => Ok(x),
                    Value::Bool(b) => Ok(b as i64),
                    r @ Value::Big(_) => crate::hash::py_hash(&r),
                    _ => Err(type_error("__hash__ method should return an integer")),
                };
            }
            None => {
                if i.class.lookup("__eq__").is_some() {
                    return Err(type_error(format!("unhashable type: '{}'", i.class.name)));
                }
            }
        }
    }
    Ok(crate::hash::identity_hash(v))
}

struct DepthGuard;

impl DepthGuard {
    fn enter() -> RtResult<DepthGuard> {
        let d = DEPTH.with(|d| {
            let v = d.get() + 1;
            d.set(v);
            v
        });
        let guard = DepthGuard;
        if d > MAX_DEPTH {
            return Err(Error::new(ExcKind::RecursionError, "maximum recursion depth exceeded"));
        }
        Ok(guard)
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get() - 1));
    }
}

/// Calls a user function.
pub fn call_function(func: &Arc<Function>, args: Vec<Value>, kwargs: Vec<(Arc<str>, Value)>) -> RtResult<Value> {
    if kwargs.is_empty() && takes_plain_arguments(func, args.len()) {
        if let (Some(body), true) = (&func.code.arith, depth() < MAX_DEPTH) {
            if let Some(v) = arith_result(body, &args) {
                return Ok(v);
            }
        }
        if let Some(result) = try_native(crate::native::tier(), func, &args) {
            return result;
        }
    }
    let mut frame = new_frame(func, args, kwargs)?;
    if frame.code().ir.is_generator {
        let name = frame.code().ir.name.clone();
        return Ok(iter::make(IterState::Generator(GeneratorState { frame: Some(Box::new(frame)), name })));
    }
    let _guard = DepthGuard::enter()?;
    match run(&mut frame)? {
        GenStep::Return(v) => Ok(v),
        GenStep::Yield(_) => unreachable!("only generator code yields"),
    }
}

/// Fills a new register file after the arguments already in `regs`:
/// a bitwise copy of the code's plain template, then its heap constants.
#[inline(always)]
fn init_registers(code: &RtCode, regs: &mut Vec<Value>) {
    let n = code.plain_template.len();
    let start = regs.len().min(n);
    regs.reserve(n - start);
    // SAFETY: the template holds only values that own no heap data
    // (`RtCode::is_plain`), so bitwise copies are independent, valid values
    // that need no destructor; `reserve` made room for `n - start` more
    // elements and the length is set only after they are written.
    unsafe {
        std::ptr::copy_nonoverlapping(code.plain_template.as_ptr().add(start), regs.as_mut_ptr().add(start), n - start);
        regs.set_len(n);
    }
    for (r, idx) in &code.heap_consts {
        regs[*r as usize] = code.consts[*idx as usize].clone();
    }
}

/// A loop step whose item is unpacked at once (`ForIter` followed by an
/// `Unpack` of its target), over the iterator in register `it`, held only
/// there: the item's `n` parts go straight into registers `start..` when
/// the iterator can write them ([`iter::advance_unpacked`]) — `Ok(more)`,
/// `more` false at the end (the iterator register is then unbound);
/// otherwise the iterator advances as usual — `Err(step)`.
fn for_iter_unpacked(regs: &mut [Value], it: u32, start: u32, n: u32) -> RtResult<Result<bool, iter::Step>> {
    let mut iterator = std::mem::take(&mut regs[it as usize]);
    let Value::Iterator(m) = &mut iterator else { unreachable!("the caller found an iterator held only here") };
    let state = iter::unique_state(m).expect("the caller found an iterator held only here");
    let outcome = match iter::advance_unpacked(state, &mut regs[start as usize..(start + n) as usize]) {
        Some(Ok(false)) => return Ok(Ok(false)),
        Some(unpacked) => unpacked.map(Ok),
        None => iter::advance(state).map(Err),
    };
    regs[it as usize] = iterator;
    outcome
}

/// Moves the value of register `src` into register `dst` part by part
/// (see [`Parts`]), leaving `src` unbound.
#[inline(always)]
pub(crate) fn move_register(regs: &mut [Value], src: usize, dst: usize) {
    if src == dst {
        return;
    }
    assert!(src < regs.len() && dst < regs.len(), "register out of range");
    let base = regs.as_mut_ptr();
    // SAFETY: both registers are in bounds and distinct; the old value of
    // `dst` is dropped before the moved value's parts are written over it.
    unsafe {
        drop_owned(&mut *base.add(dst));
        let parts = Parts::take(&mut *base.add(src));
        parts.write(base.add(dst));
    }
}

/// Copies the value of register `src` into register `dst` (numbers field
/// by field, references cloned straight into the register).
#[inline(always)]
pub(crate) fn copy_register(regs: &mut [Value], src: usize, dst: usize) {
    match regs[src] {
        Value::Int(i) => set_int(&mut regs[dst], i),
        Value::Float(x) => set_float(&mut regs[dst], x),
        _ if src != dst => {
            assert!(dst < regs.len(), "register out of range");
            let base = regs.as_mut_ptr();
            // SAFETY: both indices are in bounds (`src` was just read) and
            // distinct, so the shared and the mutable reference, derived
            // from one pointer, never overlap.
            unsafe { assign(&mut *base.add(dst), &*base.add(src)) }
        }
        _ => {}
    }
}

/// Appends the values of registers `range` to `out`, moving them part by
/// part (see [`Parts`]) and leaving the registers unbound.
#[inline(always)]
fn move_registers_into(regs: &mut [Value], range: std::ops::Range<usize>, out: &mut Vec<Value>) {
    let moved = &mut regs[range];
    out.reserve(moved.len());
    let len = out.len();
    // SAFETY: `reserve` made room for `moved.len()` values after `len`, each
    // written once (from parts taken once) before the length covers it.
    unsafe {
        let dst = out.as_mut_ptr().add(len);
        for (i, slot) in moved.iter_mut().enumerate() {
            Parts::take(slot).write(dst.add(i));
        }
        out.set_len(len + moved.len());
    }
}

/// Stores a copy of `v` into a register. Numbers are copied field by field
/// and functions and instances are cloned straight into the register (no
/// temporary value in between: copying a value just built on the stack as
/// one 16-byte load stalls store forwarding).
#[inline(always)]
pub(crate) fn assign(slot: &mut Value, v: &Value) {
    match *v {
        Value::Int(i) => set_int(slot, i),
        Value::Float(x) => set_float(slot, x),
        Value::Function(ref f) => {
            let f = Arc::clone(f);
            drop_owned(slot);
            // SAFETY: the old value was dropped above (or owns nothing).
            unsafe { std::ptr::write(slot, Value::Function(f)) }
        }
        Value::Instance(ref i) => {
            let i = Arc::clone(i);
            drop_owned(slot);
            // SAFETY: as above.
            unsafe { std::ptr::write(slot, Value::Instance(i)) }
        }
        _ => put(slot, v.clone_inline()),
    }
}

/// Drops the value in a register in place unless it owns nothing; the
/// register must be overwritten (without dropping) right after.
#[inline(always)]
fn drop_owned(slot: &mut Value) {
    match slot {
        Value::Unbound
        | Value::None
        | Value::Bool(_)
        | Value::Int(_)
        | Value::Float(_)
        | Value::Ellipsis
        | Value::NotImplemented
        | Value::Type(_)
        | Value::Builtin(_)
        | Value::Module(_) => {}
        // SAFETY: the caller overwrites the slot without reading or
        // dropping it again.
        _ => unsafe { std::ptr::drop_in_place(slot) },
    }
}

/// Stores `v` into a register, skipping the out-of-line drop when the old
/// value owns nothing (the common case for numbers in hot loops).
#[inline(always)]
pub(crate) fn put(slot: &mut Value, v: Value) {
    drop_owned(slot);
    // The common variants are written tag and payload apart (reading a
    // value's parts never stalls, whichever way it was stored); anything
    // else word by word.
    // SAFETY (all arms): the old contents own nothing or were dropped above.
    match v {
        Value::Int(i) => unsafe { std::ptr::write(slot, Value::Int(i)) },
        Value::Float(x) => unsafe { std::ptr::write(slot, Value::Float(x)) },
        Value::Bool(b) => unsafe { std::ptr::write(slot, Value::Bool(b)) },
        Value::None => unsafe { std::ptr::write(slot, Value::None) },
        Value::Function(f) => unsafe { std::ptr::write(slot, Value::Function(f)) },
        Value::Instance(i) => unsafe { std::ptr::write(slot, Value::Instance(i)) },
        Value::Str(t) => unsafe { std::ptr::write(slot, Value::Str(t)) },
        Value::Tuple(t) => unsafe { std::ptr::write(slot, Value::Tuple(t)) },
        Value::List(l) => unsafe { std::ptr::write(slot, Value::List(l)) },
        other => write_words(slot, other),
    }
}

/// Writes `v` over `slot` without dropping the old value, copying it as two
/// 8-byte words. A value returned from a call was just stored as two words;
/// reading it back as one 16-byte load (what a plain move compiles to)
/// stalls store forwarding for a dozen cycles on every instruction.
#[inline(always)]
fn write_words(slot: &mut Value, v: Value) {
    const _: () = assert!(std::mem::size_of::<Value>() == 16);
    let v = std::mem::ManuallyDrop::new(v);
    let src = &*v as *const Value as *const u64;
    let dst = slot as *mut Value as *mut u64;
    // SAFETY: both point at 16 initialised bytes of a `Value`; `v` is not
    // dropped (it moves into `slot`) and the old contents of `slot` were
    // dropped or own nothing (the caller's contract).
    unsafe {
        let lo = std::ptr::read_volatile(src);
        let hi = std::ptr::read_volatile(src.add(1));
        dst.write(lo);
        dst.add(1).write(hi);
    }
}

/// Empties the argument registers of a call that native code ran (an
/// interpreted callee would have taken them): the caller keeps no extra
/// reference to a list it passed, which it may then mutate in place.
#[inline(always)]
fn release_arguments(regs: &mut [Value], start: u32, nargs: u32) {
    for slot in &mut regs[start as usize..(start + nargs) as usize] {
        if !RtCode::is_plain(slot) {
            *slot = Value::Unbound;
        }
    }
}

/// Calls a one-argument builtin on the value in register `arg` by
/// reference, writing the result into `dst`. The argument register's copy
/// goes, as with any call (a list passed to `len` stays uniquely held).
#[inline(always)]
fn call_unary(unary: fn(&Value) -> RtResult<Value>, regs: &mut [Value], arg: u32, dst: u32) -> RtResult<()> {
    let v = unary(&regs[arg as usize]);
    release_arguments(regs, arg, 1);
    put(&mut regs[dst as usize], v?);
    Ok(())
}

/// Runs a call on the native tier when it is on and has not given up on
/// the callee's code.
#[inline(always)]
fn try_native(tier: Option<&'static dyn crate::native::NativeTier>, func: &Arc<Function>, args: &[Value]) -> Option<RtResult<Value>> {
    let tier = tier?;
    if func.code.native.gave_up() {
        return None;
    }
    tier.call(func, args)
}

/// Whether a call with `total` plain positional arguments can enter
/// `func` directly (the arguments land in its first registers as they are).
#[inline(always)]
pub(crate) fn takes_plain_arguments(func: &Function, total: usize) -> bool {
    func.code.direct_arity as usize == total
}

/// The first argument of a method call, bound before the explicit ones.
#[derive(Clone, Copy)]
enum Receiver<'a> {
    None,
    /// A value outside the caller's registers (a bound method's `self`, the
    /// callable instance itself).
    Value(&'a Value),
    /// The caller register holding the object a method is called on.
    Register(u32),
}

/// The user function (and its bound receiver) that a call of `f` with
/// `receiver` followed by `nargs` plain positional arguments enters
/// directly: `f` itself, a bound method's function or an instance's
/// `__call__`, when its parameters take exactly those arguments. `None`
/// when the general call path is needed.
#[inline]
fn direct_target<'a>(f: &'a Value, receiver: Receiver<'a>, nargs: u32) -> Option<(&'a Arc<Function>, Receiver<'a>)> {
    let (func, receiver) = match (f, receiver) {
        (Value::Function(func), r) => (func, r),
        (Value::BoundMethod(bm), Receiver::None) => match &bm.1 {
            Value::Function(func) => (func, Receiver::Value(&bm.0)),
            _ => return None,
        },
        (Value::Instance(inst), Receiver::None) => match inst.class.call.get() {
            Some(Some(Value::Function(func))) => (func, Receiver::Value(f)),
            _ => return None,
        },
        _ => return None,
    };
    let bound = !matches!(receiver, Receiver::None) as usize;
    takes_plain_arguments(func, nargs as usize + bound).then_some((func, receiver))
}

/// The register past a code's own where `yield from` parks the item it
/// passes on (and `send` leaves the value for the sub-iterator), made on
/// first use.
pub(crate) fn yield_from_slot<'r>(regs: &'r mut Vec<Value>, ir: &pyfora_syntax::Code) -> &'r mut Value {
    let scratch = ir.nregs as usize;
    if regs.len() <= scratch {
        regs.resize_with(scratch + 1, Value::default);
    }
    &mut regs[scratch]
}

/// Whether register `r` holds a reference lent by the caller frame
/// (`borrowed`: the frame's [`Frame::borrowed`]).
#[inline(always)]
fn is_borrowed(borrowed: u64, r: u32) -> bool {
    r < crate::borrow::MAX_BORROWED && borrowed & (1u64 << r) != 0
}

/// Appends a bitwise copy of `v` to `regs` without counting a reference:
/// the copy is lent ([`crate::borrow`]) and must be forgotten, never
/// dropped, while `v`'s owner outlives it.
#[inline(always)]
fn push_bits(regs: &mut Vec<Value>, v: &Value) {
    let len = regs.len();
    make_room(regs);
    // SAFETY: there is room at `len` (made by `make_room`);
    // the copy is written there and the frame records it as borrowed, so
    // it is never dropped.
    unsafe {
        write_words(&mut *regs.as_mut_ptr().add(len), std::ptr::read(v));
        regs.set_len(len + 1);
    }
}

/// Counts a jump back to the start of a loop, checking every few
/// thousand whether the computation was cancelled.
#[inline(always)]
fn loop_tick(ticks: &mut u32) -> RtResult<()> {
    *ticks = ticks.wrapping_add(1);
    if *ticks % 4096 == 0 && cancelled() {
        return Err(Error::Cancelled);
    }
    Ok(())
}

/// Counts a call, checking every thousand or so whether the computation
/// was cancelled.
#[inline(always)]
fn call_tick(ticks: &mut u32) -> RtResult<()> {
    *ticks = ticks.wrapping_add(1);
    if *ticks % 1024 == 0 && cancelled() {
        return Err(Error::Cancelled);
    }
    Ok(())
}

/// Replaces the lent reference in register `r` of `frame` with a
/// reference of the frame's own.
#[cold]
fn own_register(frame: &mut Frame, r: u32) {
    let owned = frame.regs[r as usize].clone();
    forget_register(&mut frame.regs[r as usize]);
    frame.regs[r as usize] = owned;
    frame.borrowed &= !(1u64 << r);
}

/// Leaves a register that held a lent reference unbound without dropping
/// the reference.
#[inline(always)]
fn forget_register(slot: &mut Value) {
    // SAFETY: the lent bits are not owned by this register (its frame
    // records them as borrowed), so overwriting them without a drop
    // releases nothing that is owned.
    unsafe { std::ptr::write(slot, Value::Unbound) }
}

/// Forgets the lent references among `regs` (bit `i` of `borrowed`: register `i`).
#[inline(always)]
fn forget_borrowed(regs: &mut [Value], mut borrowed: u64) {
    while borrowed != 0 {
        let r = borrowed.trailing_zeros() as usize;
        borrowed &= borrowed - 1;
        if r < regs.len() {
            forget_register(&mut regs[r]);
        }
    }
}

/// Makes room in `regs` for one more value. A callee's register file is
/// reserved whole before its parameters are written, so this is one
/// comparison that never grows it (the growth path stays out of line).
#[inline(always)]
fn make_room(regs: &mut Vec<Value>) {
    #[cold]
    #[inline(never)]
    fn grow(regs: &mut Vec<Value>) {
        regs.reserve(1);
    }
    if regs.len() == regs.capacity() {
        grow(regs);
    }
}

/// Moves the value of `slot` (left unbound) to the end of `regs`.
#[inline(always)]
fn push_taken(regs: &mut Vec<Value>, slot: &mut Value) {
    let len = regs.len();
    make_room(regs);
    // SAFETY: there is room at `len`; the parts are taken once.
    unsafe {
        Parts::take(slot).write(regs.as_mut_ptr().add(len));
        regs.set_len(len + 1);
    }
}

/// Appends a clone of `v` to `regs`, writing instances and functions
/// straight into the vector's memory (a clone built first and then moved
/// in is copied as one 16-byte load, which stalls store forwarding).
#[inline(always)]
fn push_clone(regs: &mut Vec<Value>, v: &Value) {
    let len = regs.len();
    make_room(regs);
    // SAFETY: there is room for one more element at `len` (made by
    // `make_room`), written before the length covers it.
    unsafe {
        let dst = regs.as_mut_ptr().add(len);
        match v {
            // Numbers and other values owning nothing: copied bitwise
            // (the general clone is a call).
            v if RtCode::is_plain(v) => std::ptr::copy_nonoverlapping(v, dst, 1),
            Value::Instance(i) => std::ptr::write(dst, Value::Instance(Arc::clone(i))),
            Value::Function(f) => std::ptr::write(dst, Value::Function(Arc::clone(f))),
            other => std::ptr::write(dst, other.clone()),
        }
        regs.set_len(len + 1);
    }
}

/// A frame for a user function whose parameters are already bound in the
/// first registers of `regs`.
fn frame_with_registers(func: Arc<Function>, mut regs: Vec<Value>) -> Frame {
    init_registers(&func.code, &mut regs);
    let cells = frame_cells(&func, &regs);
    Frame { func, regs: Registers(regs), cells, pc: 0, exc: None, forked: None, borrowed: 0 }
}

/// The cells of a new frame of `func`: its closure's, then one per cell
/// variable (holding the parameter's value for parameters that are cells).
#[inline(always)]
fn frame_cells(func: &Function, regs: &[Value]) -> Vec<Arc<CellBox>> {
    let ir = &func.code.ir;
    let count = ir.freevars.len() + ir.cellvars.len();
    if count == 0 {
        // Most frames have no cells (`Vec::new` allocates nothing and,
        // unlike `with_capacity(0)`, calls nothing).
        return Vec::new();
    }
    let mut cells = Vec::with_capacity(count);
    cells.extend(func.closure.iter().cloned());
    for param in &ir.cell_params {
        let cell = CellBox::empty();
        if let Some(r) = param {
            cell.set(regs[*r as usize].clone());
        }
        cells.push(cell);
    }
    cells
}

/// Resumes a suspended generator frame.
pub fn resume_generator(frame: &mut Frame) -> RtResult<GenStep> {
    let _guard = DepthGuard::enter()?;
    run(frame)
}

/// Resumes a suspended generator frame by raising `error` where it stopped
/// (`generator.throw()`, and `close()` with `GeneratorExit`): its handlers
/// and `finally` clauses run as for an error raised by the `yield`.
pub fn throw_into_generator(frame: &mut Frame, error: Error) -> RtResult<GenStep> {
    let _guard = DepthGuard::enter()?;
    match delegate_to_subgenerator(frame, error) {
        Delegated::Yielded(v) => Ok(GenStep::Yield(v)),
        Delegated::Finished => run_pooled(frame, None, None),
        Delegated::Raise(e) => run_pooled(frame, None, Some(e)),
    }
}

/// What became of an error thrown into a generator suspended in
/// `yield from`.
enum Delegated {
    /// The sub-generator caught it and yielded this (the generator stays
    /// suspended in its `yield from`).
    Yielded(Value),
    /// The sub-generator returned: the `yield from` has its value and the
    /// generator goes on after it.
    Finished,
    /// Raised where the generator is suspended.
    Raise(Error),
}

/// A generator suspended in `yield from` over another generator hands an
/// error thrown into it to that generator first, as CPython does: `close()`
/// closes the sub-generator before `GeneratorExit` is raised here (an
/// error from that close is raised instead), and `throw()` resumes the
/// sub-generator with the error.
fn delegate_to_subgenerator(frame: &mut Frame, error: Error) -> Delegated {
    let code = frame.func.code.clone();
    let Some(Instr::YieldFrom { dst, iter: it }) = code.ir.instrs.get(frame.pc) else { return Delegated::Raise(error) };
    let sub = frame.regs[*it as usize].clone();
    if !iter::is_generator(&sub) {
        return Delegated::Raise(error);
    }
    if error.is(ExcKind::GeneratorExit) {
        return match iter::generator_close(&sub) {
            Ok(_) => Delegated::Raise(error),
            Err(e) => Delegated::Raise(e),
        };
    }
    match iter::resume_generator_with(&sub, error, false) {
        Ok(GenStep::Yield(v)) => Delegated::Yielded(v),
        Ok(GenStep::Return(value)) => {
            frame.regs[*dst as usize] = value;
            frame.pc += 1;
            Delegated::Finished
        }
        Err(e) => Delegated::Raise(e),
    }
}

pub(crate) fn new_frame(func: &Arc<Function>, args: Vec<Value>, kwargs: Vec<(Arc<str>, Value)>) -> RtResult<Frame> {
    let ir = &func.code.ir;
    let mut regs: Vec<Value> = Vec::with_capacity(ir.nregs as usize);
    if kwargs.is_empty() && ir.params.is_simple_arity(args.len()) {
        regs.extend(args);
    } else {
        bind_arguments(func, &mut regs, args, kwargs)?;
    }
    Ok(frame_with_registers(func.clone(), regs))
}

/// General argument binding: defaults, keywords, `*args`, `**kwargs`.
fn bind_arguments(func: &Function, regs: &mut Vec<Value>, args: Vec<Value>, kwargs: Vec<(Arc<str>, Value)>) -> RtResult<()> {
    let ir = &func.code.ir;
    let p = &ir.params;
    // Argument errors name the function by its qualified name from 3.10.
    let name = if crate::compat::python_minor() >= 10 { &ir.qualname } else { &ir.name };
    let npos = p.positional.len();
    let slots = p.slot_count();
    regs.resize_with(slots, || Value::Unbound);
    let mut extra = Vec::new();
    for (i, a) in args.into_iter().enumerate() {
        if i < npos {
            regs[i] = a;
        } else {
            extra.push(a);
        }
    }
    let mut slot = npos;
    if p.varargs.is_some() {
        regs[slot] = Value::tuple(std::mem::take(&mut extra));
        slot += 1;
    } else if !extra.is_empty() {
        let given = npos + extra.len();
        // CPython's wording: "from 1 to 2 positional arguments" when some
        // have defaults, and keyword-only arguments passed counted apart.
        let ndefaults = func.defaults.len().min(npos);
        let takes = if ndefaults > 0 { format!("from {} to {npos}", npos - ndefaults) } else { npos.to_string() };
        let kwonly_given = kwargs.iter().filter(|(k, _)| p.kwonly.contains(k)).count();
        let kwonly = match kwonly_given {
            0 => String::new(),
            n => format!(" positional argument{} (and {n} keyword-only argument{})", if given == 1 { "" } else { "s" }, if n == 1 { "" } else { "s" }),
        };
        return Err(type_error(format!(
            "{name}() takes {takes} positional argument{} but {given}{kwonly} {} given",
            if npos == 1 && ndefaults == 0 { "" } else { "s" },
            if given == 1 && kwonly_given == 0 { "was" } else { "were" }
        )));
    }
    let kwonly_start = slot;
    slot += p.kwonly.len();
    let mut varkw = new_dict();
    for (k, v) in kwargs {
        if let Some(i) = p.positional.iter().position(|n| *n == k) {
            if i < p.posonly {
                if p.varkw.is_some() {
                    varkw.insert(HKey::new(Value::str(&*k))?, v);
                    continue;
                }
                return Err(type_error(format!("{name}() got some positional-only arguments passed as keyword arguments: '{k}'")));
            }
            if !matches!(regs[i], Value::Unbound) {
                return Err(type_error(format!("{name}() got multiple values for argument '{k}'")));
            }
            regs[i] = v;
        } else if let Some(i) = p.kwonly.iter().position(|n| *n == k) {
            regs[kwonly_start + i] = v;
        } else if p.varkw.is_some() {
            varkw.insert(HKey::new(Value::str(&*k))?, v);
        } else {
            return Err(type_error(format!("{name}() got an unexpected keyword argument '{k}'")));
        }
    }
    if p.varkw.is_some() {
        regs[slot] = Value::Dict(Arc::new(varkw));
    }
    // Defaults fill the last positional parameters.
    let first_default = npos - func.defaults.len().min(npos);
    let mut missing = Vec::new();
    for i in 0..npos {
        if matches!(regs[i], Value::Unbound) {
            if i >= first_default {
                regs[i] = func.defaults[i - first_default].clone();
            } else {
                missing.push(p.positional[i].clone());
            }
        }
    }
    if !missing.is_empty() {
        return Err(type_error(format!(
            "{name}() missing {} required positional argument{}: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            quote_list(&missing)
        )));
    }
    let mut missing_kw = Vec::new();
    for (i, k) in p.kwonly.iter().enumerate() {
        if matches!(regs[kwonly_start + i], Value::Unbound) {
            match func.kwdefaults.iter().find(|(n, _)| n == k) {
                Some((_, v)) => regs[kwonly_start + i] = v.clone(),
                None => missing_kw.push(k.clone()),
            }
        }
    }
    if !missing_kw.is_empty() {
        return Err(type_error(format!(
            "{name}() missing {} required keyword-only argument{}: {}",
            missing_kw.len(),
            if missing_kw.len() == 1 { "" } else { "s" },
            quote_list(&missing_kw)
        )));
    }
    Ok(())
}

fn quote_list(names: &[Arc<str>]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        _ => format!("{}, and {}", q[..q.len() - 1].join(", "), q[q.len() - 1]),
    }
}

/// Moves `n` argument values out of consecutive registers.
pub(crate) fn take_args(regs: &mut [Value], start: u32, n: u32) -> Vec<Value> {
    regs[start as usize..(start + n) as usize].iter_mut().map(std::mem::take).collect()
}

/// Collects the arguments of a call instruction.
fn gather_args(frame: &mut Frame, a: &CallArgs) -> RtResult<(Vec<Value>, Vec<(Arc<str>, Value)>)> {
    let mut args = take_args(&mut frame.regs, a.start, a.nargs);
    if let Some(s) = a.star {
        let v = std::mem::take(&mut frame.regs[s as usize]);
        args.extend(iter::collect(&v)?);
    }
    let mut kwargs = Vec::with_capacity(a.kwargs.len());
    for (k, r) in a.kwargs.iter() {
        kwargs.push((k.clone(), std::mem::take(&mut frame.regs[*r as usize])));
    }
    if let Some(d) = a.double_star {
        if let Value::Dict(d) = &frame.regs[d as usize] {
            for (k, v) in d.iter() {
                match &k.value {
                    Value::Str(s) if kwargs.iter().any(|(name, _)| **name == *s.text) => return Err(repeated_keyword(&s.text)),
                    Value::Str(s) => kwargs.push((Arc::from(&*s.text), v.clone())),
                    _ => return Err(type_error("keywords must be strings")),
                }
            }
        }
    }
    Ok((args, kwargs))
}

/// The `TypeError` for a keyword argument given twice.
fn repeated_keyword(name: &str) -> Error {
    type_error(format!("got multiple values for keyword argument '{name}'"))
}

/// A reference to a global function held in a caller's global cache,
/// without a count of its own, for a frame pushed with [`BORROWED`].
///
/// # Safety
/// The reference must never be dropped (a `BORROWED` frame's pop forgets
/// it), and must not outlive the caller frame, whose function owns the
/// global cache that holds the callee (globals never change while a
/// computation runs).
#[inline(always)]
unsafe fn borrow_global(callee: &Arc<Function>) -> Arc<Function> {
    // SAFETY: the caller's contract.
    unsafe { Arc::from_raw(Arc::as_ptr(callee)) }
}

/// Places a fused call's arguments in its argument registers from
/// `start` on, as the moves the call skipped would have (a lent reference,
/// per `borrowed`, is cloned rather than moved).
fn place_arguments(regs: &mut [Value], sources: &[ArgSource], start: u32, consts: &[Value], borrowed: u64) {
    for (i, source) in sources.iter().enumerate() {
        let dst = start as usize + i;
        match *source {
            ArgSource::Take(r) if is_borrowed(borrowed, r) => {
                copy_register(regs, r as usize, dst);
                forget_register(&mut regs[r as usize]);
            }
            ArgSource::Take(r) => move_register(regs, r as usize, dst),
            ArgSource::Copy(r) => copy_register(regs, r as usize, dst),
            ArgSource::Const(idx) => assign(&mut regs[dst], &consts[idx as usize]),
        }
    }
}

/// The value of global `name` (cache `slot` of `func`), resolved once per
/// function: module-level names first, then builtins.
#[inline(always)]
pub(crate) fn global_value<'f>(func: &'f Function, slot: u32, name: &str) -> RtResult<&'f Value> {
    let cache = &func.global_cache[slot as usize];
    if let Some(v) = cache.get() {
        return Ok(v);
    }
    let v = match func.globals.get(name) {
        // A with-block reading a local of the client's function not bound yet.
        Some(Value::Unbound) => return Err(unbound_error(name, false)),
        Some(v) => v.clone(),
        None => crate::builtins::lookup(name).ok_or_else(|| name_error(name))?,
    };
    Ok(cache.get_or_init(|| v))
}

fn name_error(name: &str) -> Error {
    if let Some(module) = name.strip_prefix(pyfora_syntax::ir::IMPORT_PREFIX) {
        return crate::builtins::unavailable_module(module);
    }
    if UNSUPPORTED_BUILTINS.contains(&name) {
        // Still a `NameError` (the name does not resolve here), but not one
        // that reads as the user's typo.
        return Error::new(ExcKind::NameError, format!("name '{name}' is not defined: pyfora does not support Python's builtin `{name}`"));
    }
    Error::new(ExcKind::NameError, format!("name '{name}' is not defined"))
}

/// Names of CPython's builtins (3.9–3.13) that pyfora's engine lacks.
const UNSUPPORTED_BUILTINS: &[&str] = &[
    "BaseExceptionGroup",
    "EncodingWarning",
    "ExceptionGroup",
    "StopAsyncIteration",
    "__build_class__",
    "__debug__",
    "aiter",
    "anext",
    "breakpoint",
    "bytearray",
    "bytes",
    "compile",
    "complex",
    "copyright",
    "credits",
    "dir",
    "eval",
    "exec",
    "exit",
    "globals",
    "help",
    "input",
    "license",
    "locals",
    "memoryview",
    "open",
    "print",
    "quit",
    "PythonFinalizationError",
];

thread_local! {
    /// This thread's pool of register vectors, lent to the run loop in
    /// progress (nested run loops start with an empty one).
    static POOL: std::cell::RefCell<RegisterPool> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Most register vectors a pool keeps.
const POOL_LIMIT: usize = 256;

/// Receives the values a generator yields while it runs to its end in one
/// go; `false` stops it (it stays suspended after that `yield`).
pub type Sink<'a> = &'a mut dyn FnMut(&Value) -> bool;

/// Runs a frame until it returns or yields.
pub fn run(frame: &mut Frame) -> RtResult<GenStep> {
    run_pooled(frame, None, None)
}

/// Runs a generator frame, handing each value it yields to `sink` and going
/// on without leaving the run loop (no resumption cost per item). Returns
/// `Return` when the generator finished and `Yield(None)` when `sink` stopped it.
pub fn run_into(frame: &mut Frame, sink: Sink) -> RtResult<GenStep> {
    let _guard = DepthGuard::enter()?;
    run_pooled(frame, Some(sink), None)
}

/// [`run_with_pool`] with this thread's pool of register files (`injected`:
/// see there).
fn run_pooled(frame: &mut Frame, sink: Option<Sink>, injected: Option<Error>) -> RtResult<GenStep> {
    let mut pool = POOL.with(|p| std::mem::take(&mut *p.borrow_mut()));
    let result = run_with_pool(frame, &mut pool, sink, injected);
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        if p.len() < pool.len() {
            *p = pool;
        }
    });
    result
}

/// Runs `frame` (and the frames it pushes) to its return or yield;
/// `injected`, if any, is raised at the instruction the frame stopped
/// after instead of running the next one (`throw_into_generator`).
fn run_with_pool(frame: &mut Frame, pool: &mut RegisterPool, mut sink: Option<Sink>, mut injected: Option<Error>) -> RtResult<GenStep> {
    // Direct calls of user functions do not recurse on the Rust stack: their
    // frames are pushed here and run by this same loop.
    // Invariant: the stack always has room for one more frame.
    let mut stack = FrameStack(Vec::with_capacity(16));
    let mut cur: *mut Frame = frame;
    let mut ticks: u32 = 0;
    let native = crate::native::tier();
    let scheduler = crate::forks::scheduler().map(|s| (s, crate::native::threads()));
    let on_worker = scheduler.is_some_and(|(s, _)| s.on_worker());
    let lend = native.is_none() && scheduler.is_none();
    // Built once; each frame entry sets where its callee goes (`slot`).
    let mut calls = Calls { pool, native, scheduler, on_worker, lend, depth: 0, slot: std::ptr::null_mut() };
    'frames: loop {
        // SAFETY: `cur` points at `frame` or at the last element of `stack`;
        // it is re-derived after every push, pop and reallocation, and
        // nothing else borrows that frame meanwhile.
        let f = unsafe { &mut *cur };
        // SAFETY: the frame owns its function, which owns the code, and the
        // frame's `func` is never reassigned while it runs.
        let code: &Arc<RtCode> = unsafe { &*(&f.func.code as *const Arc<RtCode>) };
        let ir = &*code.ir;
        // SAFETY: in bounds of the allocation (the capacity invariant).
        calls.slot = unsafe { stack.as_mut_ptr().add(stack.len()) };
        calls.depth = stack.len();
        // The next pc lives in a local while the frame runs (no store and
        // reload of `f.pc` per instruction); it is written back whenever
        // control leaves the frame.
        let mut next = f.pc;
        // Pushes, returns and yields are handled where the instruction
        // stopped (only an error leaves the loop with its pc: carrying any
        // outcome out as one value copied the error's words at every call
        // and return).
        let (pc, error) = if injected.is_some() {
            // (Looking before taking: a taken `Option<Error>` is copied
            // whole, and only a resumed generator's first frame has one.)
            let e = injected.take().expect("just checked");
            // A generator stopped at the `yield` before `f.pc`, or at the
            // `yield from` at `f.pc` (which runs again on resume).
            let at = if matches!(ir.instrs.get(f.pc), Some(Instr::YieldFrom { .. })) { f.pc } else { f.pc.saturating_sub(1) };
            (at, e)
        } else {
            let mut pc = next;
            loop {
                match step(f, code, ir, &mut pc, &mut next, &mut ticks, &mut calls) {
                    // A consumer takes each item without the loop leaving this
                    // frame (only the base frame yields, so nothing is pushed).
                    Ok(Flow::Yield { src, dst }) if sink.is_some() => {
                        let go_on = sink.as_mut().is_some_and(|sink| sink(&f.regs[src as usize]));
                        put(&mut f.regs[dst as usize], Value::None);
                        if go_on {
                            continue;
                        }
                        f.pc = next;
                        return Ok(GenStep::Yield(Value::None));
                    }
                    Ok(Flow::Pushed) => {
                        f.pc = next;
                        // SAFETY: `step` initialised the slot; the length now covers it.
                        let len = stack.len();
                        unsafe { stack.set_len(len + 1) };
                        if stack.len() as u32 > MAX_DEPTH {
                            cur = pop_frame(&mut stack, frame, calls.pool).0;
                            break (pc, Error::new(ExcKind::RecursionError, "maximum recursion depth exceeded"));
                        }
                        if stack.len() == stack.capacity() {
                            let len = stack.len();
                            stack.reserve(len);
                        }
                        if let (Some((scheduler, threads)), true) = (scheduler, on_worker) {
                            if scheduler.fork_due(threads) {
                                promote_oldest_pair(frame, &mut stack, scheduler);
                            }
                        }
                        cur = &mut stack.last_mut().expect("just pushed").0;
                        continue 'frames;
                    }
                    Ok(Flow::Return(src)) => {
                        f.pc = next;
                        let result = Parts::take(&mut f.regs[src as usize]);
                        if stack.is_empty() {
                            // SAFETY: the parts were taken once above.
                            return Ok(GenStep::Return(unsafe { result.into_value() }));
                        }
                        let (caller, dst) = pop_returned(&mut stack, frame, calls.pool, Some(pc));
                        cur = caller;
                        // SAFETY: `cur` was just re-derived by `pop_returned`;
                        // the old value of the destination is dropped before
                        // the result's parts (taken once above) are written
                        // over it.
                        unsafe {
                            let slot = &mut (&mut (*cur).regs)[dst as usize];
                            drop_owned(slot);
                            result.write(slot);
                        }
                        continue 'frames;
                    }
                    // Pushed frames are never generators, so only `frame`
                    // yields; with a consumer, yields are handled above.
                    Ok(Flow::Yield { src, dst }) => {
                        f.pc = next;
                        let v = f.regs[src as usize].clone_inline();
                        put(&mut f.regs[dst as usize], Value::None);
                        return Ok(GenStep::Yield(v));
                    }
                    Err(e) => {
                        f.pc = next;
                        break (pc, e);
                    }
                }
            }
        };
        // Unwind: the innermost frame with a handler for the error resumes.
        let mut error = error;
        let mut err_pc = pc;
        loop {
            // SAFETY: as above; `cur` is re-derived after each pop.
            let f = unsafe { &mut *cur };
            let ir = &f.func.code.ir;
            let handler = ir.handlers[err_pc];
            // An exception out of an `except` clause (or a `finally` run by
            // an exception) from anything but its own `raise` gets the
            // exception being handled as its context.
            if let (Error::Exception(ex), true) = (&error, ir.in_handler.get(err_pc).copied().unwrap_or(false)) {
                if let Some(handled) = handled_at(&f.regs, &f.exc, ir, err_pc) {
                    set_context(&ex.value, &handled);
                }
            }
            // The trace gains this frame where the exception entered it (a
            // handler that catches it keeps that entry: a bare `raise` or
            // the end of a `finally` re-raises it from there, as CPython's
            // traceback does, and adds nothing).
            if !reraised_here(&error, f, ir, err_pc) {
                push_frame_entries(&mut error, ir, err_pc);
            }
            match error {
                Error::Exception(ex) if handler != NO_HANDLER => {
                    // A pair's second call run ahead is for a call the
                    // exception skipped (the pair lies within one handler):
                    // its outcome must not meet the next run of the pair.
                    f.forked = None;
                    f.exc = Some(ex);
                    f.pc = handler as usize;
                    break;
                }
                other => error = other,
            }
            if stack.is_empty() {
                return Err(error);
            }
            cur = pop_frame(&mut stack, frame, calls.pool).0;
            // SAFETY: `cur` was just re-derived by `pop_frame`.
            err_pc = unsafe { &*cur }.pc - 1;
        }
    }
}

/// Adds to `error`'s trace the frame running `ir` at `pc` — before
/// Python 3.12 preceded by a frame for each comprehension the instruction
/// is in (CPython ran those as functions of their own), the enclosing
/// frame then at the line of the comprehension's start.
fn push_frame_entries(error: &mut Error, ir: &pyfora_syntax::Code, pc: usize) {
    let mut line = ir.line_at(pc);
    if crate::compat::python_minor() < 12 {
        for comprehension in ir.comprehensions_at(pc) {
            error.push_frame(TraceEntry { path: ir.path.clone(), line, function: comprehension.name.clone() });
            line = comprehension.line;
        }
    }
    error.push_frame(TraceEntry { path: ir.path.clone(), line, function: ir.name.clone() });
}

/// Whether `error` is the exception `frame` was handling, re-raised by
/// the `Reraise` at `pc` (its trace already holds the frame).
fn reraised_here(error: &Error, frame: &Frame, ir: &pyfora_syntax::Code, pc: usize) -> bool {
    match (error, &frame.exc, ir.instrs.get(pc)) {
        (Error::Exception(ex), Some(handled), Some(Instr::Reraise { .. })) => ops::is(&ex.value, &handled.value),
        _ => false,
    }
}

/// The error for reading the unbound free variable `name` (a cell of an
/// enclosing function), worded as the client's CPython words it.
fn free_variable_error(name: &str) -> Error {
    if crate::compat::python_minor() < 11 {
        Error::new(ExcKind::NameError, format!("free variable '{name}' referenced before assignment in enclosing scope"))
    } else {
        Error::new(ExcKind::NameError, format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"))
    }
}

/// The error for reading the unbound local `name`; `free`: read by an
/// inline comprehension from around it, a free variable (`NameError`)
/// before Python 3.12, as the client's CPython reports it.
fn unbound_error(name: &str, free: bool) -> Error {
    match crate::compat::python_minor() {
        minor if free && minor < 12 => free_variable_error(name),
        minor if minor < 11 => Error::new(ExcKind::UnboundLocalError, format!("local variable '{name}' referenced before assignment")),
        _ => Error::new(ExcKind::UnboundLocalError, format!("cannot access local variable '{name}' where it is not associated with a value")),
    }
}

/// Fewest items for which a list comprehension is handed to native code
/// (below it, setting up the kernel costs more than the loop); the fewest
/// any consumer runs in parallel pieces.
pub(crate) const MIN_NATIVE_COMPREHENSION: usize = 256;

/// The items of a comprehension computed by a native list kernel (with
/// `native`) or else in interpreted pieces on the worker pool
/// ([`crate::pieces`]): `kernel` is the comprehension as a generator over
/// an iterator of register `iterable` and the values of registers `args`
/// of `frame`. `None` when neither takes it (see
/// [`list_comprehension_generator`]; not compilable, a bail-out, one
/// thread, an error in a piece); nothing was consumed, and the interpreter
/// runs the comprehension's own loop.
fn comprehension_items(frame: &Frame, kernel: &Arc<RtCode>, iterable: Reg, args: &[Reg], native: bool) -> RtResult<Option<Vec<Value>>> {
    let values = args.iter().map(|r| &frame.regs[*r as usize]);
    let Some(it) = list_comprehension_generator(kernel, &frame.func.globals, &frame.regs[iterable as usize], values)? else {
        return Ok(None);
    };
    if native {
        if let Some(items) = iter::native_items(&it) {
            return items.map(Some);
        }
    }
    Ok(crate::pieces::collect(&it))
}

/// The list, set or dict a comprehension builds from its items in order
/// (a dict's items are `(key, value)` tuples); `None` when an item cannot
/// go in (an unhashable key: the inline loop then raises it where it
/// arises).
fn build_collection(builds: Builds, items: Vec<Value>) -> Option<Value> {
    Some(match builds {
        Builds::List => Value::list(items),
        Builds::Set => {
            let mut s = new_set();
            for x in items {
                crate::dict::set_insert(&mut s, HKey::new(x).ok()?).ok()?;
            }
            Value::Set(Arc::new(s))
        }
        Builds::Dict => {
            let mut d = new_dict();
            for pair in items {
                let Value::Tuple(kv) = pair else { return None };
                let [k, v] = &kv[..] else { return None };
                crate::dict::insert(&mut d, HKey::new(k.clone()).ok()?, v.clone()).ok()?;
            }
            Value::Dict(Arc::new(d))
        }
    })
}

/// The generator of `kernel` over a fresh iterator of `iterable` with the
/// values `args`, ready to hand to a list kernel; `None` for fewer than
/// [`MIN_NATIVE_COMPREHENSION`] items, an iterable other than an int range,
/// list, tuple, string or object that splits itself (`__pyfora_generator__`),
/// or an unbound variable.
pub fn list_comprehension_generator<'v>(
    kernel: &Arc<RtCode>,
    globals: &Arc<Globals>,
    iterable: &Value,
    args: impl Iterator<Item = &'v Value>,
) -> RtResult<Option<Value>> {
    let len = match iterable {
        Value::Range(r) if r.big.is_none() => r.len()? as usize,
        Value::List(items) | Value::Tuple(items) => items.len(),
        Value::Str(s) => s.chars,
        // It splits itself; its length is unknown (see `crate::pieces`).
        Value::Instance(_) if has_special(iterable, crate::pieces::SPLIT_PROTOCOL) => usize::MAX,
        _ => return Ok(None),
    };
    if len < MIN_NATIVE_COMPREHENSION {
        return Ok(None);
    }
    let mut params = vec![iter::iter(iterable)?];
    for v in args {
        match v {
            Value::Unbound => return Ok(None),
            v => params.push(v.clone()),
        }
    }
    let generator = make_function(kernel.clone(), globals.clone(), vec![], vec![], vec![]);
    let gen_frame = new_frame(&generator, params, vec![])?;
    Ok(Some(iter::make(IterState::Generator(GeneratorState { frame: Some(Box::new(gen_frame)), name: kernel.ir.name.clone() }))))
}

/// What `Call` and `CallMethod` at `pc` do about forked pairs
/// ([`crate::forks`]): take the outcome of a call that ran ahead (its
/// arguments were taken then; an error surfaces here, at its own line and
/// handler), or — off the worker pool — fork a due pair that starts here
/// with `Scheduler::join` (the frame then goes on at the pair's second
/// call). On the pool's workers pairs fork by promotion instead
/// ([`promote_oldest_pair`]). `None`: call as usual.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn forked_call(
    forked: &mut Option<Box<Forked>>,
    func: &Function,
    cells: &[Arc<CellBox>],
    regs: &mut [Value],
    code: &RtCode,
    pc: usize,
    dst: u32,
    calls: &Calls,
    next: &mut usize,
) -> Option<RtResult<()>> {
    if forked.as_ref().is_some_and(|f| f.at == pc) {
        let ran = forked.take().expect("just checked");
        return Some(ran.outcome.take(calls.scheduler.map(|(s, _)| s)).map(|v| {
            put(&mut regs[dst as usize], v);
        }));
    }
    let (scheduler, threads) = calls.scheduler?;
    let pair = code.forks.at[pc];
    if pair == crate::forks::NO_PAIR || calls.on_worker || !scheduler.fork_due(threads) {
        return None;
    }
    let pair = &code.forks.pairs[pair as usize];
    let site = crate::forks::PairSite { func, cells, code, first: pc, pair };
    match crate::forks::run_pair(&site, regs, scheduler) {
        Ok(Some(second)) => {
            *forked = Some(Box::new(Forked { at: pair.second, outcome: crate::forks::Outcome::Ready(second) }));
            *next = pair.second;
            Some(Ok(()))
        }
        Ok(None) => None,
        Err(e) => Some(Err(e)),
    }
}

/// At a heartbeat, starts the second call of the oldest pair whose first
/// call is in progress among `base` and the frames of `stack` (the newest,
/// just pushed, excluded) on another worker: the idle cores then take the
/// largest piece of work pending, not the innermost. That frame goes on at
/// its second call when its first returns.
fn promote_oldest_pair(base: &mut Frame, stack: &mut [(Frame, Pending)], scheduler: &'static dyn crate::forks::Scheduler) {
    let n = stack.len();
    let older = std::iter::once(base).chain(stack[..n.saturating_sub(1)].iter_mut().map(|(f, _)| f));
    for f in older {
        if f.forked.is_some() || f.pc == 0 {
            continue;
        }
        let first = f.pc - 1;
        let code: &RtCode = &f.func.code;
        let pair = code.forks.at[first];
        if pair == crate::forks::NO_PAIR {
            continue;
        }
        let pair = &code.forks.pairs[pair as usize];
        let site = crate::forks::PairSite { func: &f.func, cells: &f.cells, code, first, pair };
        if let Some(running) = crate::forks::start_second(&site, &mut f.regs, scheduler) {
            let second = pair.second;
            f.forked = Some(Box::new(Forked { at: second, outcome: crate::forks::Outcome::Running(running) }));
            f.pc = second;
            return;
        }
    }
    // Nothing to start: the beat is spent all the same (no scan per call
    // until the next one).
    scheduler.pass_beat();
}

/// Removes the top frame of a non-empty `stack` unwound by an exception
/// (see [`pop_returned`]; every register is looked at).
#[inline(never)]
fn pop_frame(stack: &mut Vec<(Frame, Pending)>, base: &mut Frame, pool: &mut RegisterPool) -> (*mut Frame, u32) {
    pop_returned(stack, base, pool, None)
}

/// Removes the top frame of a non-empty `stack` in place: its register
/// vector goes to the pool and its function back to the caller register it
/// came from (if any). Returns the caller (the new top, or `base`) and the
/// caller register that receives the result. `returned_at`: the `Return`
/// the frame ended at (only the registers that may own a value there,
/// [`RtCode::return_drops`], are looked at); `None` when it is unwound by
/// an exception.
#[inline(always)]
fn pop_returned(stack: &mut Vec<(Frame, Pending)>, base: &mut Frame, pool: &mut RegisterPool, returned_at: Option<usize>) -> (*mut Frame, u32) {
    let top = stack.len() - 1;
    // SAFETY: the element at `top` is initialised; the length is reduced
    // first so that the stack no longer owns it, and each of its fields is
    // then moved out or dropped exactly once below (the register vector,
    // emptied in place, is moved to the pool or dropped).
    let (func, dst, restore) = unsafe {
        stack.set_len(top);
        let (callee, pending) = &mut *stack.as_mut_ptr().add(top);
        forget_borrowed(&mut callee.regs, callee.borrowed);
        let regs: &mut Vec<Value> = &mut callee.regs.0;
        match returned_at {
            Some(pc) => drop_listed(regs, &callee.func.code, pc),
            None => drop_owning(regs),
        }
        let regs = std::ptr::read(regs);
        if pool.len() < POOL_LIMIT {
            pool.push(regs);
        } else {
            drop(regs);
        }
        // (Most frames have no cells: nothing to call a destructor for.)
        if callee.cells.capacity() != 0 {
            std::ptr::drop_in_place(&mut callee.cells);
        }
        std::ptr::drop_in_place(&mut callee.exc);
        std::ptr::drop_in_place(&mut callee.forked);
        (std::ptr::read(&callee.func), pending.dst, pending.restore)
    };
    let caller: &mut Frame = match stack.last_mut() {
        Some((caller, _)) => caller,
        None => base,
    };
    match restore {
        NO_RESTORE => drop(func),
        BORROWED => std::mem::forget(func),
        // SAFETY: the register was emptied (`Unbound`, nothing to drop) when
        // the function moved out of it, and nothing wrote it since.
        r => unsafe { std::ptr::write(&mut caller.regs[r as usize], Value::Function(func)) },
    }
    (caller, dst)
}

/// Empties the register file `regs` of a frame of `code` returning at the
/// `Return` at `pc`: only the registers [`RtCode::return_drops`] lists
/// there (and any past the code's own) are looked at, the others holding
/// nothing to drop.
#[inline(always)]
fn drop_listed(regs: &mut Vec<Value>, code: &RtCode, pc: usize) {
    let listed: &[u32] = &code.return_drops[pc];
    let own = code.ir.nregs as usize;
    if regs.len() < own {
        // Not a register file this code built (never so for a pushed frame).
        drop_owning(regs);
        return;
    }
    #[cfg(debug_assertions)]
    for (r, v) in regs[..own].iter().enumerate() {
        debug_assert!(RtCode::is_plain(v) || listed.contains(&(r as u32)), "r{r} of {} owns a value at a return that lists {listed:?}", code.ir.name);
    }
    let base = regs.as_mut_ptr();
    for &r in listed {
        // SAFETY: listed registers are below the code's register count,
        // which the length covers (checked above), and distinct, so each is
        // dropped at most once; the length is cleared below.
        unsafe {
            let v = &mut *base.add(r as usize);
            if !RtCode::is_plain(v) {
                std::ptr::drop_in_place(v);
            }
        }
    }
    for v in &mut regs[own..] {
        if !RtCode::is_plain(v) {
            // SAFETY: as above (past the listed registers).
            unsafe { std::ptr::drop_in_place(v) }
        }
    }
    // SAFETY: every element was dropped above or needs no drop.
    unsafe { regs.set_len(0) }
}

/// Runs the frame's instructions from `next` until one leaves the frame
/// (a call pushed, a return, a yield: the [`Flow`]) or fails. `at` holds
/// the pc of the instruction running (the one that failed, on an error);
/// `next` is where the frame goes on. Instructions that complete loop here
/// (returning to the run loop after each one cost a second dispatch on the
/// outcome).
#[inline(always)]
fn step(
    frame: &mut Frame,
    code: &Arc<RtCode>,
    ir: &pyfora_syntax::Code,
    at: &mut usize,
    next: &mut usize,
    ticks: &mut u32,
    calls: &mut Calls,
) -> RtResult<Flow> {
    'instrs: loop {
        let pc = *next;
        *at = pc;
        *next = pc + 1;
        let regs = &mut frame.regs;
        match &ir.instrs[pc] {
            Instr::Const { dst, idx } => assign(&mut regs[*dst as usize], &code.consts[*idx as usize]),
            Instr::Move { dst, src } => copy_register(regs, *src as usize, *dst as usize),
            Instr::Take { dst, src } => move_register(regs, *src as usize, *dst as usize),
            Instr::CheckBound { reg, name, free } => {
                if matches!(regs[*reg as usize], Value::Unbound) {
                    return Err(unbound_error(name, *free));
                }
            }
            Instr::Unbind { reg } => regs[*reg as usize] = Value::Unbound,
            Instr::LoadGlobal { dst, name, slot } => {
                let fused = code.global_calls.at[pc];
                if fused != NOT_FUSED {
                    // The call this load feeds reads the global itself; when it
                    // also takes its arguments from where they are, the moves
                    // in between are skipped too.
                    let call = &code.global_calls.calls[fused as usize];
                    if let (Some(sources), None, None) = (&call.args, calls.native, calls.scheduler) {
                        // The call itself, here (one dispatch fewer): what
                        // the `Call` below does for a plain function.
                        if let Instr::Call { dst, args, .. } = &ir.instrs[call.call] {
                            *at = call.call;
                            let g = global_value(&frame.func, call.slot, &ir.global_names[call.slot as usize])?;
                            if let Value::Function(callee) = g {
                                if args.is_simple() && takes_plain_arguments(callee, args.nargs as usize) && frame.forked.is_none() {
                                    *next = call.call + 1;
                                    call_tick(ticks)?;
                                    // SAFETY: the frame is pushed as `BORROWED`, above the caller.
                                    let callee = unsafe { borrow_global(callee) };
                                    return calls.enter_sourced(callee, sources, regs, frame.borrowed, &code.consts, *dst);
                                }
                            }
                            // Anything else goes the `Call`'s way.
                        }
                    }
                    if call.args.is_some() {
                        *next = call.call;
                    }
                    continue 'instrs;
                }
                assign(&mut regs[*dst as usize], global_value(&frame.func, *slot, name)?);
            }
            Instr::LoadCell { dst, cell } => {
                let v = frame.cells[*cell as usize].get();
                if matches!(v, Value::Unbound) {
                    let idx = *cell as usize;
                    let nfree = ir.freevars.len();
                    let name = if idx < nfree { &ir.freevars[idx] } else { &ir.cellvars[idx - nfree] };
                    return Err(free_variable_error(name));
                }
                put(&mut regs[*dst as usize], v);
            }
            Instr::StoreCell { cell, src } => frame.cells[*cell as usize].set(regs[*src as usize].clone()),
            Instr::BinOp { op, dst, a, b } | Instr::InPlace { op, dst, a, b, .. } => {
                // Numbers first, written into the destination without building
                // a `Value` on the stack (that costs a store-forwarding stall).
                match (&regs[*a as usize], &regs[*b as usize]) {
                    (Value::Int(x), Value::Int(y)) => {
                        if let Some(r) = int_op(*op, *x, *y) {
                            set_int(&mut regs[*dst as usize], r);
                            // `if a - b <= 1:`, `while n % d:`: a test of
                            // the result against an int, taken here (one
                            // dispatch fewer).
                            if let Some(Instr::CompareBranch { op: test, a: lhs, b: rhs, if_true, if_false }) = ir.instrs.get(pc + 1) {
                                if let (true, Value::Int(bound)) = (lhs == dst, &regs[*rhs as usize]) {
                                    if let Some(taken) = int_test(*test, r, *bound) {
                                        *at = pc + 1;
                                        *next = if taken { *if_true } else { *if_false } as usize;
                                        if *next <= pc + 1 {
                                            loop_tick(ticks)?;
                                        }
                                    }
                                }
                            }
                            continue 'instrs;
                        }
                    }
                    (Value::Float(x), Value::Float(y)) => {
                        if let Some(r) = float_op(*op, *x, *y) {
                            set_float(&mut regs[*dst as usize], r);
                            continue 'instrs;
                        }
                    }
                    // CPython converts the int operand to float (correctly rounded, as `as f64`).
                    (Value::Float(x), Value::Int(y)) => {
                        if let Some(r) = float_op(*op, *x, *y as f64) {
                            set_float(&mut regs[*dst as usize], r);
                            continue 'instrs;
                        }
                    }
                    (Value::Int(x), Value::Float(y)) => {
                        if let Some(r) = float_op(*op, *x as f64, *y) {
                            set_float(&mut regs[*dst as usize], r);
                            continue 'instrs;
                        }
                    }
                    _ => {}
                }
                let v = if let Instr::InPlace { variable, .. } = &ir.instrs[pc] {
                    in_place(regs, *op, *a, *b, *variable)?
                } else if *op == pyfora_syntax::ir::BinOp::Add && dst == a && append_str_in_place(regs, *a, *b) {
                    // `s = s + t`: appended where `s` is.
                    continue 'instrs;
                } else {
                    ops::binop(*op, &regs[*a as usize], &regs[*b as usize])?
                };
                put(&mut regs[*dst as usize], v);
            }
            Instr::Unary { op, dst, a } => {
                let v = ops::unary(*op, &regs[*a as usize])?;
                put(&mut regs[*dst as usize], v);
            }
            Instr::Compare { op, dst, a, b } => {
                let (x, y) = (&regs[*a as usize], &regs[*b as usize]);
                let r = if ops::is_rich(x) || ops::is_rich(y) {
                    // A user comparison may return any value.
                    ops::rich_compare(*op, x, y)?
                } else {
                    Value::Bool(compare_fast(*op, x, y)?)
                };
                put(&mut regs[*dst as usize], r);
            }
            Instr::CompareBranch { op, a, b, if_true, if_false } => {
                let r = compare_fast(*op, &regs[*a as usize], &regs[*b as usize])?;
                *next = if r { *if_true } else { *if_false } as usize;
                // A loop's test repeated at its end jumps back from here.
                if *next <= pc {
                    loop_tick(ticks)?;
                }
            }
            Instr::Truth { dst, a } => {
                let t = ops::truthy(&regs[*a as usize])?;
                put(&mut regs[*dst as usize], Value::Bool(t));
            }
            Instr::Jump { target } => {
                if (*target as usize) <= pc {
                    loop_tick(ticks)?;
                }
                *next = *target as usize;
            }
            Instr::Branch { cond, if_true, if_false } => {
                let t = match &regs[*cond as usize] {
                    Value::Bool(b) => *b,
                    other => ops::truthy(other)?,
                };
                *next = if t { *if_true } else { *if_false } as usize;
                if *next <= pc {
                    loop_tick(ticks)?;
                }
            }
            Instr::Return { src } => return Ok(Flow::Return(*src)),
            Instr::Yield { dst, src } => return Ok(Flow::Yield { src: *src, dst: *dst }),
            Instr::YieldFrom { dst, iter: it } => {
                // The item waits in a scratch register past the code's own
                // (`dst` is a variable that keeps its value until the
                // sub-iterator is done; the instruction runs again on resume,
                // finding there what `send` passed in: `None` for `next`).
                let scratch = ir.nregs as usize;
                let sent = std::mem::take(yield_from_slot(regs, ir));
                let step = match sent {
                    Value::None | Value::Unbound => iter::step(&regs[*it as usize])?,
                    sent => iter::send_step(&regs[*it as usize], sent)?,
                };
                match step {
                    iter::Step::Item(v) => {
                        put(&mut regs[scratch], v);
                        *next = pc;
                        return Ok(Flow::Yield { src: scratch as u32, dst: scratch as u32 });
                    }
                    iter::Step::Done(r) => regs[*dst as usize] = r,
                }
            }
            Instr::Call { dst, func, args } => {
                call_tick(ticks)?;
                if let Some(flow) = forked_call(&mut frame.forked, &frame.func, &frame.cells, regs, code, pc, *dst, calls, next) {
                    flow?;
                    continue 'instrs;
                }
                let fused = code.global_calls.at[pc];
                if fused != NOT_FUSED {
                    let call = &code.global_calls.calls[fused as usize];
                    let g = global_value(&frame.func, call.slot, &ir.global_names[call.slot as usize])?;
                    let direct = match g {
                        Value::Function(callee) if args.is_simple() && takes_plain_arguments(callee, args.nargs as usize) => Some(callee),
                        _ => None,
                    };
                    if let (Some(callee), Some(sources), None) = (direct, &call.args, calls.native) {
                        // SAFETY: the frame is pushed as `BORROWED`, above the caller.
                        let callee = unsafe { borrow_global(callee) };
                        return calls.enter_sourced(callee, sources, regs, frame.borrowed, &code.consts, *dst);
                    }
                    if let Some(sources) = &call.args {
                        // The skipped moves, now.
                        place_arguments(regs, sources, args.start, &code.consts, frame.borrowed);
                    }
                    if let Some(callee) = direct {
                        let argv = &regs[args.start as usize..(args.start + args.nargs) as usize];
                        if let Some(result) = try_native(calls.native, callee, argv) {
                            release_arguments(regs, args.start, args.nargs);
                            put(&mut regs[*dst as usize], result?);
                            continue 'instrs;
                        }
                        // SAFETY: the frame is pushed as `BORROWED`, above the caller.
                        let callee = unsafe { borrow_global(callee) };
                        return calls.enter(callee, Receiver::None, regs, args.start, args.nargs, *dst, BORROWED);
                    }
                    // Anything else is called the general way, as if loaded.
                    assign(&mut regs[*func as usize], g);
                }
                if args.is_simple() {
                    // A plain function moves out of its register into the callee
                    // frame (no reference-count traffic) and is put back on return.
                    if let Value::Function(callee) = &regs[*func as usize] {
                        if takes_plain_arguments(callee, args.nargs as usize) {
                            let argv = &regs[args.start as usize..(args.start + args.nargs) as usize];
                            if let (Some(body), true) = (&callee.code.arith, calls.depth < MAX_DEPTH as usize) {
                                // Number arguments: nothing to release.
                                if let Some(v) = arith_result(body, argv) {
                                    put(&mut regs[*dst as usize], v);
                                    continue 'instrs;
                                }
                            }
                            if let Some(result) = try_native(calls.native, callee, argv) {
                                release_arguments(regs, args.start, args.nargs);
                                put(&mut regs[*dst as usize], result?);
                                continue 'instrs;
                            }
                            let Value::Function(callee) = std::mem::take(&mut regs[*func as usize]) else { unreachable!() };
                            return calls.enter(callee, Receiver::None, regs, args.start, args.nargs, *dst, *func);
                        }
                    } else if let (&Value::Type(kind @ (TypeKind::Str | TypeKind::Bool)), 1) = (&regs[*func as usize], args.nargs) {
                        // `str(x)` and `bool(x)`: no argument vector.
                        let arg = &regs[args.start as usize];
                        let v = if kind == TypeKind::Str { ops::to_str(arg).map(Value::str) } else { ops::truthy(arg).map(Value::Bool) };
                        release_arguments(regs, args.start, 1);
                        put(&mut regs[*dst as usize], v?);
                        continue 'instrs;
                    } else if let (&Value::Builtin(b), 1) = (&regs[*func as usize], args.nargs) {
                        if float_call(b, regs, args.start, *dst) {
                            continue 'instrs;
                        }
                        if let Some(unary) = b.unary {
                            call_unary(unary, regs, args.start, *dst)?;
                            continue 'instrs;
                        }
                    } else {
                        // Bound methods and callable instances: borrow the callee
                        // out of its register and put it back after the call.
                        let f = std::mem::take(&mut regs[*func as usize]);
                        let entered = match direct_target(&f, Receiver::None, args.nargs) {
                            // The register gets `f` back before the callee runs.
                            Some((callee, receiver)) => Some(calls.enter_method(callee, receiver, *func, regs, args.start, args.nargs, *dst)),
                            None => None,
                        };
                        regs[*func as usize] = f;
                        if let Some(flow) = entered {
                            return flow;
                        }
                    }
                }
                let f = regs[*func as usize].clone();
                let (argv, kwargs) = if args.is_simple() { (take_args(regs, args.start, args.nargs), Vec::new()) } else { gather_args(frame, args)? };
                let v = call_value(&f, argv, kwargs)?;
                put(&mut frame.regs[*dst as usize], v);
            }
            Instr::CallMethod { dst, obj, name, args } => {
                if let Some(flow) = forked_call(&mut frame.forked, &frame.func, &frame.cells, regs, code, pc, *dst, calls, next) {
                    flow?;
                    continue 'instrs;
                }
                // Fast path: a method of a user instance (or a callable stored on
                // it) called with plain positional arguments.
                if args.is_simple() {
                    // `math.sin(x)`: a builtin function of a module.
                    if let Value::Module(m) = regs[*obj as usize] {
                        let key = m as *const Module as usize;
                        let cache = &code.module_call_cache[pc];
                        let found = match cache.get() {
                            Some((k, b)) if *k == key => Some(*b),
                            _ => match m.attrs.get(&**name) {
                                Some(Value::Builtin(b)) => {
                                    let _ = cache.set((key, b));
                                    Some(*b)
                                }
                                _ => None,
                            },
                        };
                        if let Some(b) = found {
                            if args.nargs == 1 && float_call(b, regs, args.start, *dst) {
                                continue 'instrs;
                            }
                            if let (Some(unary), 1) = (b.unary, args.nargs) {
                                call_unary(unary, regs, args.start, *dst)?;
                                continue 'instrs;
                            }
                            let argv = take_args(regs, args.start, args.nargs);
                            let v = (b.call)(argv, Vec::new())?;
                            put(&mut frame.regs[*dst as usize], v);
                            continue 'instrs;
                        }
                    }
                    if let Value::Instance(inst) = &regs[*obj as usize] {
                        // The callable by reference where the instance is
                        // frozen and its class resolved (no count taken
                        // and given back per call).
                        let inst: *const Instance = Arc::as_ptr(inst);
                        // SAFETY: register `obj` keeps the instance alive
                        // through this instruction: `enter` clones the
                        // receiver before it moves any argument register,
                        // and a moved register's value lives on in the
                        // callee frame.
                        let inst = unsafe { &*inst };
                        let borrowed = match inst.frozen_attr(name) {
                            Some(attr) => Some((attr, Receiver::None)),
                            None if inst.is_frozen() => match inst.class.lookup_ref(name) {
                                Some(method @ Value::Function(_)) => Some((method, Receiver::Register(*obj))),
                                _ => None,
                            },
                            None => None,
                        };
                        if let Some((callable, receiver)) = borrowed {
                            let bound = !matches!(receiver, Receiver::None) as usize;
                            match callable {
                                Value::Function(func) if takes_plain_arguments(func, args.nargs as usize + bound) => {
                                    return calls.enter_method(func, receiver, *obj, regs, args.start, args.nargs, *dst);
                                }
                                callable => {
                                    if let Some((callee, receiver)) = direct_target(callable, receiver, args.nargs) {
                                        return calls.enter_method(callee, receiver, *obj, regs, args.start, args.nargs, *dst);
                                    }
                                }
                            }
                        }
                    }
                    if let Value::Instance(inst) = &regs[*obj as usize] {
                        let target = match inst.get_attr(name) {
                            Some(attr) => Some((attr, Receiver::None)),
                            None => match inst.class.lookup(name) {
                                Some(method @ Value::Function(_)) => Some((method, Receiver::Register(*obj))),
                                _ => None,
                            },
                        };
                        if let Some((callable, receiver)) = target {
                            let bound = !matches!(receiver, Receiver::None) as usize;
                            match callable {
                                // Our own reference to the function moves into the frame.
                                Value::Function(func) if takes_plain_arguments(&func, args.nargs as usize + bound) => {
                                    return calls.enter(func, receiver, regs, args.start, args.nargs, *dst, NO_RESTORE);
                                }
                                callable => {
                                    if let Some((callee, receiver)) = direct_target(&callable, receiver, args.nargs) {
                                        return calls.enter(callee.clone(), receiver, regs, args.start, args.nargs, *dst, NO_RESTORE);
                                    }
                                }
                            }
                        }
                    }
                }
                if is_borrowed(frame.borrowed, *obj) {
                    // A method may change the object in place (`append`):
                    // the frame takes a reference of its own first, so the
                    // caller's reference is counted and the change refused.
                    own_register(frame, *obj);
                }
                let regs = &mut frame.regs;
                let (argv, kwargs) = if args.is_simple() { (take_args(regs, args.start, args.nargs), Vec::new()) } else { gather_args(frame, args)? };
                let v = call_method_on_register(frame, *obj, name, argv, kwargs)?;
                put(&mut frame.regs[*dst as usize], v);
            }
            Instr::GetAttr { dst, obj, name } => {
                let v = get_attr(&regs[*obj as usize], name)?;
                put(&mut regs[*dst as usize], v);
            }
            Instr::SetAttr { obj, name, src } => set_attr(&regs[*obj as usize], name, regs[*src as usize].clone())?,
            Instr::GetItem { dst, obj, index } => {
                let v = match (&regs[*obj as usize], &regs[*index as usize]) {
                    (Value::List(l), Value::Int(i)) if *i >= 0 && (*i as usize) < l.len() => l[*i as usize].clone(),
                    (o, i) => ops::getitem(o, i)?,
                };
                put(&mut regs[*dst as usize], v);
            }
            Instr::SetItem { obj, index, src, take } => {
                let value = fetch(regs, *src, *take);
                let idx = regs[*index as usize].clone();
                mutate_in_place(frame, *obj, |target| crate::methods::set_item(target, idx, value))?;
            }
            Instr::BuildTuple { dst, start, n } => {
                let items = take_args(regs, *start, *n);
                put(&mut regs[*dst as usize], Value::tuple(items));
            }
            Instr::BuildList { dst, start, n } => {
                let items = take_args(regs, *start, *n);
                put(&mut regs[*dst as usize], Value::list(items));
            }
            Instr::BuildSet { dst, start, n } => {
                let items = take_args(regs, *start, *n);
                let mut s = new_set();
                for x in items {
                    crate::dict::set_insert(&mut s, HKey::new(x)?)?;
                }
                put(&mut regs[*dst as usize], Value::Set(Arc::new(s)));
            }
            Instr::BuildDict { dst, start, n } => {
                let items = take_args(regs, *start, 2 * *n);
                let mut d = new_dict();
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    crate::dict::insert(&mut d, HKey::new(k)?, v)?;
                }
                put(&mut regs[*dst as usize], Value::Dict(Arc::new(d)));
            }
            Instr::BuildSlice { dst, lower, upper, step } => {
                let s = SliceValue { lower: regs[*lower as usize].clone(), upper: regs[*upper as usize].clone(), step: regs[*step as usize].clone() };
                put(&mut regs[*dst as usize], Value::Slice(Arc::new(s)));
            }
            Instr::ListAppend { list, src, take } => {
                let v = fetch(regs, *src, *take);
                match &mut regs[*list as usize] {
                    Value::List(l) => Arc::get_mut(l).expect("comprehension accumulators are unique").push(v),
                    _ => unreachable!("ListAppend targets a list"),
                }
            }
            Instr::ListExtend { list, src } => {
                let items = iter::collect(&regs[*src as usize])?;
                match &mut regs[*list as usize] {
                    Value::List(l) => Arc::get_mut(l).expect("display accumulators are unique").extend(items),
                    _ => unreachable!("ListExtend targets a list"),
                }
            }
            Instr::SetAdd { set, src, take } => {
                let k = HKey::new(fetch(regs, *src, *take))?;
                match &mut regs[*set as usize] {
                    Value::Set(s) => {
                        crate::dict::set_insert(Arc::get_mut(s).expect("comprehension accumulators are unique"), k)?;
                    }
                    _ => unreachable!("SetAdd targets a set"),
                }
            }
            Instr::DictInsert { dict, key, value, take } => {
                let k = HKey::new(regs[*key as usize].clone())?;
                let v = fetch(regs, *value, *take);
                match &mut regs[*dict as usize] {
                    Value::Dict(d) => {
                        crate::dict::insert(Arc::get_mut(d).expect("display accumulators are unique"), k, v)?;
                    }
                    _ => unreachable!("DictInsert targets a dict"),
                }
            }
            Instr::DictMerge { dict, src, keywords } => {
                // `{**d, ...}`: the first merge into the empty display copies
                // `d`'s table whole (no hashing or probing per key).
                if let (Value::Dict(target), Value::Dict(from), false) = (&regs[*dict as usize], &regs[*src as usize], *keywords) {
                    if target.is_empty() {
                        let copy = (**from).clone();
                        put(&mut regs[*dict as usize], Value::Dict(Arc::new(copy)));
                        continue 'instrs;
                    }
                }
                let pairs: Vec<(HKey, Value)> = match &regs[*src as usize] {
                    Value::Dict(d) => d.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                    other => match crate::builtins::keys_mapping_pairs(other) {
                        Some(pairs) => pairs?.into_iter().map(|(k, v)| Ok((HKey::new(k)?, v))).collect::<RtResult<_>>()?,
                        None => return Err(type_error(format!("'{}' object is not a mapping", other.type_name()))),
                    },
                };
                match &mut regs[*dict as usize] {
                    Value::Dict(d) => {
                        let d = Arc::get_mut(d).expect("display accumulators are unique");
                        for (k, v) in pairs {
                            if *keywords {
                                match &k.value {
                                    Value::Str(s) if d.contains_key(&k) => return Err(repeated_keyword(&s.text)),
                                    Value::Str(_) => {}
                                    _ => return Err(type_error("keywords must be strings")),
                                }
                            }
                            crate::dict::insert(d, k, v)?;
                        }
                    }
                    _ => unreachable!("DictMerge targets a dict"),
                }
            }
            Instr::Unpack { src, start, n, take } => {
                let source = fetch(regs, *src, *take);
                let items = unpack_items(source, Some(*n as usize))?;
                if items.len() != *n as usize {
                    return Err(if items.len() < *n as usize {
                        crate::error::value_error(format!("not enough values to unpack (expected {}, got {})", n, items.len()))
                    } else {
                        crate::error::value_error(format!("too many values to unpack (expected {})", n))
                    });
                }
                for (i, v) in items.into_iter().enumerate() {
                    regs[*start as usize + i] = v;
                }
            }
            Instr::UnpackStar { src, start, before, after, take } => {
                let items = iter::collect(&fetch(regs, *src, *take))?;
                let (b, a) = (*before as usize, *after as usize);
                if items.len() < b + a {
                    return Err(crate::error::value_error(format!("not enough values to unpack (expected at least {}, got {})", b + a, items.len())));
                }
                let mid_end = items.len() - a;
                for (i, v) in items[..b].iter().enumerate() {
                    regs[*start as usize + i] = v.clone();
                }
                regs[*start as usize + b] = Value::list(items[b..mid_end].to_vec());
                for (i, v) in items[mid_end..].iter().enumerate() {
                    regs[*start as usize + b + 1 + i] = v.clone();
                }
            }
            Instr::GetIter { dst, src } => {
                let it = iter::iter(&regs[*src as usize])?;
                put(&mut regs[*dst as usize], it);
            }
            Instr::ForIter { iter: it, dst, exit } => {
                let step = match &mut regs[*it as usize] {
                    Value::Iterator(m) => match iter::unique_state(m) {
                        Some(IterState::Range { cur, stop, step }) => {
                            let c = *cur;
                            if (*step > 0 && c < *stop) || (*step < 0 && c > *stop) {
                                *cur = c.wrapping_add(*step);
                                set_int(&mut regs[*dst as usize], c);
                                continue 'instrs;
                            }
                            iter::Step::Done(Value::None)
                        }
                        Some(_) if matches!(ir.instrs.get(pc + 1), Some(Instr::Unpack { src, take: true, .. }) if src == dst) => {
                            let Some(Instr::Unpack { start, n, .. }) = ir.instrs.get(pc + 1) else { unreachable!() };
                            match for_iter_unpacked(regs, *it, *start, *n)? {
                                Ok(more) => {
                                    *next = if more { pc + 2 } else { *exit as usize };
                                    continue 'instrs;
                                }
                                Err(step) => step,
                            }
                        }
                        Some(state) => iter::advance(state)?,
                        None => iter::step(&regs[*it as usize])?,
                    },
                    other => iter::step(other)?,
                };
                match step {
                    iter::Step::Item(v) => regs[*dst as usize] = v,
                    iter::Step::Done(_) => {
                        regs[*it as usize] = Value::Unbound;
                        *next = *exit as usize;
                    }
                }
            }
            Instr::ParallelComprehension { dst, code: ci, iterable, args, done, builds, .. } => {
                if calls.native.is_some() || calls.scheduler.is_some() {
                    let kernel = &code.children[*ci as usize];
                    if let Some(items) = comprehension_items(frame, kernel, *iterable, args, calls.native.is_some() && *builds != Builds::Dict)? {
                        if let Some(collection) = build_collection(*builds, items) {
                            put(&mut frame.regs[*dst as usize], collection);
                            *next = *done as usize;
                        }
                    }
                }
            }
            Instr::MakeFunction { dst, code: ci, defaults, ndefaults, kwdefaults, cells } => {
                let defs = take_args(regs, *defaults, *ndefaults);
                let kwd: Vec<(Arc<str>, Value)> = kwdefaults.iter().map(|(k, r)| (k.clone(), regs[*r as usize].clone())).collect();
                let closure: Vec<Arc<CellBox>> = cells.iter().map(|c| frame.cells[*c as usize].clone()).collect();
                let f = make_function(code.children[*ci as usize].clone(), frame.func.globals.clone(), defs, kwd, closure);
                put(&mut frame.regs[*dst as usize], Value::Function(f));
            }
            Instr::MakeClass { dst, code: ci, name, bases, nbases, cells } => {
                let base_values = take_args(regs, *bases, *nbases);
                let closure: Vec<Arc<CellBox>> = cells.iter().map(|c| frame.cells[*c as usize].clone()).collect();
                let body = make_function(code.children[*ci as usize].clone(), frame.func.globals.clone(), vec![], vec![], closure);
                let class = build_class(name.clone(), &body, base_values, None, Vec::new())?;
                init_subclass(&class)?;
                put(&mut frame.regs[*dst as usize], class);
            }
            Instr::ReturnNamespace { names } => {
                let mut items = Vec::with_capacity(names.len());
                for (n, r) in names.iter() {
                    let v = &regs[*r as usize];
                    if !matches!(v, Value::Unbound) {
                        items.push(Value::tuple(vec![Value::str(&**n), v.clone()]));
                    }
                }
                // The frame ends here: the namespace goes into one more register.
                regs.push(Value::list(items));
                return Ok(Flow::Return(regs.len() as u32 - 1));
            }
            Instr::Raise { exc, cause, in_handler } => {
                let cause = cause.map(|c| regs[c as usize].clone());
                let context = if *in_handler { handled_at(regs, &frame.exc, ir, pc) } else { None };
                let mut error = raise_exception(&regs[*exc as usize], cause, context)?;
                // `except E as e: raise e`: the trace goes on from where
                // `e` was caught (CPython's `__traceback__`).
                if let (Error::Exception(ex), Some(handled)) = (&mut error, &frame.exc) {
                    if ops::is(&ex.value, &handled.value) {
                        ex.trace = handled.trace.clone();
                    }
                }
                return Err(error);
            }
            Instr::ClientOnly { message } => return Err(Error::InvalidOperation { message: message.to_string(), trace: Vec::new() }),
            Instr::Refused { message, line } => {
                let trace = vec![TraceEntry { path: ir.path.clone(), line: *line, function: ir.name.clone() }];
                return Err(Error::Refused { message: message.to_string(), trace });
            }
            Instr::Reraise { exc } => {
                let v = regs[*exc as usize].clone();
                if let Some(current) = &frame.exc {
                    if ops::is(&current.value, &v) {
                        return Err(Error::Exception(current.clone()));
                    }
                }
                if matches!(v, Value::Unbound | Value::None) {
                    return Err(Error::new(ExcKind::RuntimeError, "No active exception to reraise"));
                }
                return Err(Error::from_value(v));
            }
            Instr::LoadException { dst } => {
                let v = frame.exc.as_ref().map(|e| e.value.clone()).unwrap_or(Value::None);
                put(&mut regs[*dst as usize], v);
            }
            Instr::ExceptionMatches { dst, exc, types } => {
                let m = exception_matches(&regs[*exc as usize], &regs[*types as usize])?;
                put(&mut regs[*dst as usize], Value::Bool(m));
            }
            Instr::FormatValue { dst, value, conversion, spec } => {
                use pyfora_syntax::ir::Conversion as Cv;
                let v = &regs[*value as usize];
                let converted;
                let v = match conversion {
                    Cv::None => v,
                    Cv::Str => {
                        converted = Value::str(ops::to_str(v)?);
                        &converted
                    }
                    Cv::Repr => {
                        converted = Value::str(ops::repr(v)?);
                        &converted
                    }
                    Cv::Ascii => {
                        converted = Value::str(crate::format::ascii_escape(&ops::repr(v)?));
                        &converted
                    }
                };
                let spec_text = match spec {
                    Some(s) => match &regs[*s as usize] {
                        Value::Str(s) => s.text.to_string(),
                        _ => String::new(),
                    },
                    None => String::new(),
                };
                // `format(v, "")` is `str(v)` except for objects with their own `__format__`.
                let plain = spec_text.is_empty() && matches!(conversion, Cv::None) && !matches!(v, Value::Instance(_));
                let out = match v {
                    // A str formats as itself.
                    Value::Str(_) if plain => v.clone(),
                    _ if plain => Value::str(ops::to_str(v)?),
                    _ => Value::str(ops::format_value(v, &spec_text)?),
                };
                put(&mut regs[*dst as usize], out);
            }
            Instr::BuildString { dst, start, n } => {
                let parts = *start..*start + *n;
                let len = parts.clone().map(|r| if let Value::Str(p) = &regs[r as usize] { p.text.len() } else { 0 }).sum();
                let mut s = String::with_capacity(len);
                for r in parts {
                    if let Value::Str(p) = &regs[r as usize] {
                        s.push_str(&p.text);
                    }
                }
                put(&mut regs[*dst as usize], Value::str(s));
            }
            Instr::Super { dst, obj } => {
                let owner =
                    frame.func.owner.get().and_then(|w| w.upgrade()).ok_or_else(|| Error::new(ExcKind::RuntimeError, "super(): no class for this method"))?;
                let receiver = regs[*obj as usize].clone();
                crate::builtins::check_super_receiver(&owner, &receiver)?;
                put(&mut regs[*dst as usize], Value::Super(Arc::new((owner, receiver))));
            }
            Instr::AssertFail { msg } => {
                let args = match msg {
                    Some(m) => vec![regs[*m as usize].clone()],
                    None => vec![],
                };
                return Err(Error::with_args(ExcKind::AssertionError, args));
            }
        }
    }
}

/// A comparison, inline for two ints or two floats.
#[inline(always)]
fn compare_fast(op: pyfora_syntax::ir::CmpOp, a: &Value, b: &Value) -> RtResult<bool> {
    use pyfora_syntax::ir::CmpOp as C;
    Ok(match (a, b) {
        (Value::Int(x), Value::Int(y)) => match int_test(op, *x, *y) {
            Some(t) => t,
            None => ops::compare(op, a, b)?,
        },
        (Value::Float(x), Value::Float(y)) if !matches!(op, C::Is | C::IsNot | C::In | C::NotIn) => match op {
            C::Lt => x < y,
            C::LtE => x <= y,
            C::Gt => x > y,
            C::GtE => x >= y,
            C::Eq => x == y,
            _ => x != y,
        },
        _ => ops::compare(op, a, b)?,
    })
}

/// `x op y` for the comparisons of two machine integers; `None` for the
/// others (identity, membership).
#[inline(always)]
fn int_test(op: pyfora_syntax::ir::CmpOp, x: i64, y: i64) -> Option<bool> {
    use pyfora_syntax::ir::CmpOp as C;
    Some(match op {
        C::Lt => x < y,
        C::LtE => x <= y,
        C::Gt => x > y,
        C::GtE => x >= y,
        C::Eq => x == y,
        C::NotEq => x != y,
        _ => return None,
    })
}

/// `x op y` on machine integers when the result is a machine integer
/// and the operation cannot raise; `None` sends the caller to the general path.
#[inline(always)]
fn int_op(op: pyfora_syntax::ir::BinOp, x: i64, y: i64) -> Option<i64> {
    use pyfora_syntax::ir::BinOp as B;
    match op {
        B::Add => x.checked_add(y),
        B::Sub => x.checked_sub(y),
        B::Mul => x.checked_mul(y),
        B::Mod if y > 0 && x >= 0 => Some(x % y),
        B::FloorDiv if y > 0 && x >= 0 => Some(x / y),
        B::BitAnd => Some(x & y),
        B::BitOr => Some(x | y),
        B::BitXor => Some(x ^ y),
        _ => None,
    }
}

/// `x op y` on floats for the operations that cannot raise.
#[inline(always)]
fn float_op(op: pyfora_syntax::ir::BinOp, x: f64, y: f64) -> Option<f64> {
    use pyfora_syntax::ir::BinOp as B;
    match op {
        B::Add => Some(x + y),
        B::Sub => Some(x - y),
        B::Mul => Some(x * y),
        B::TrueDiv if y != 0.0 => Some(x / y),
        // A positive finite base to a finite power: no error case in
        // CPython's float_pow unless the result overflows.
        B::Pow if x > 0.0 && x.is_finite() && y.is_finite() => Some(crate::pow::pow(x, y)).filter(|r| r.is_finite()),
        _ => None,
    }
}

/// Writes an int into a register, updating the payload in place when the
/// register already holds an int.
#[inline(always)]
fn set_int(slot: &mut Value, v: i64) {
    match slot {
        Value::Int(x) => *x = v,
        other => put(other, Value::Int(v)),
    }
}

/// Calls a math builtin that has a float form on the number in register
/// `arg`, writing the result into `dst`. False (nothing written) when the
/// builtin has no float form, the argument is not an int or float, or the
/// result is an error case (the general path raises it).
#[inline(always)]
fn float_call(b: &BuiltinFunction, regs: &mut [Value], arg: u32, dst: u32) -> bool {
    let Some(f) = b.float else { return false };
    let x = match regs[arg as usize] {
        Value::Float(x) => x,
        Value::Int(i) => i as f64,
        _ => return false,
    };
    let r = f(x);
    if r.is_nan() && !x.is_nan() || r.is_infinite() && x.is_finite() {
        return false;
    }
    set_float(&mut regs[dst as usize], r);
    true
}

/// Writes a float into a register (in place when it already holds one).
#[inline(always)]
fn set_float(slot: &mut Value, v: f64) {
    match slot {
        Value::Float(x) => *x = v,
        other => put(other, Value::Float(v)),
    }
}

/// `a + b` on two strings written into register `a` when it holds the
/// only reference to its string: the text grows in place (amortized, so
/// building a string piece by piece is linear, as in CPython). False,
/// nothing changed, otherwise.
fn append_str_in_place(regs: &mut [Value], a: u32, b: u32) -> bool {
    if a == b || !matches!((&regs[a as usize], &regs[b as usize]), (Value::Str(_), Value::Str(_))) {
        return false;
    }
    let base = regs.as_mut_ptr();
    // SAFETY: `a` and `b` are distinct registers in bounds (both were just
    // read), so the two references never overlap.
    let (lhs, rhs) = unsafe { (&mut *base.add(a as usize), &*base.add(b as usize)) };
    match (lhs, rhs) {
        (Value::Str(l), Value::Str(r)) => Arc::get_mut(l).is_some_and(|s| s.push_str(r)),
        _ => false,
    }
}

/// `a op= b` on two values (as `operator.iadd` and friends compute it):
/// a list, dict or set that nothing else references changes in place, a
/// shared one is refused as `op=` on a variable refuses it.
pub(crate) fn augmented(op: pyfora_syntax::ir::BinOp, a: Value, b: Value) -> RtResult<Value> {
    let mut regs = [a, b];
    in_place(&mut regs, op, 0, 1, true)
}

/// Augmented assignment: lists, dicts and sets held uniquely in register
/// `a` grow in place; everything else is `a op b`.
fn in_place(regs: &mut [Value], op: pyfora_syntax::ir::BinOp, a: u32, b: u32, variable: bool) -> RtResult<Value> {
    use pyfora_syntax::ir::BinOp as B;
    if let Value::Instance(_) = &regs[a as usize] {
        // `x += y` calls `x.__iadd__(y)` first.
        if let Some(v) = ops::implemented(call_special(&regs[a as usize], ops::inplace_dunder(op), vec![regs[b as usize].clone()])?) {
            return Ok(v);
        }
    }
    if variable {
        // CPython mutates these in place: through another reference too.
        let (kind, shared) = match (&regs[a as usize], op) {
            (Value::List(l), B::Add | B::Mul) => ("list", Arc::strong_count(l) > 1),
            (Value::Set(s), B::BitOr | B::BitAnd | B::Sub | B::BitXor) => ("set", Arc::strong_count(s) > 1),
            (Value::Dict(d), B::BitOr) => ("dict", Arc::strong_count(d) > 1),
            (Value::Array(x), _) => ("numpy array", Arc::strong_count(x) > 1),
            _ => ("", false),
        };
        if shared {
            let symbol = op.symbol();
            return Err(Error::invalid(format!(
                "`{symbol}=` on a {kind} that is also referenced elsewhere would change it for the other reference too; \
                 pyfora values are immutable once shared — write `x = x {symbol} y` to build a new {kind}"
            )));
        }
    }
    if let Value::Array(x) = &regs[a as usize] {
        x.check_writable(&format!("`{}=`", op.symbol()))?;
        // numpy writes the result into the array: same shape, same dtype.
        let r = ops::binop(op, &regs[a as usize], &regs[b as usize])?;
        if let Value::Array(y) = &r {
            if y.shape != x.shape {
                return Err(crate::error::value_error("non-broadcastable output operand with a shape that does not match the broadcast shape"));
            }
            if y.dtype() != x.dtype() {
                return Err(crate::error::type_error(format!(
                    "Cannot cast ufunc output from dtype('{}') to dtype('{}') with casting rule 'same_kind'",
                    y.dtype().name(),
                    x.dtype().name()
                )));
            }
        }
        return Ok(r);
    }
    let set_algebra = matches!(op, B::BitOr | B::BitAnd | B::Sub | B::BitXor);
    if set_algebra && matches!((&regs[a as usize], &regs[b as usize]), (Value::Set(_), Value::Set(_) | Value::FrozenSet(_))) {
        // In place, as CPython's table (its order) changes.
        let rhs = regs[b as usize].clone();
        if let Value::Set(arc) = &mut regs[a as usize] {
            if let Some(s) = Arc::get_mut(arc) {
                match op {
                    B::BitOr => crate::methods::update_set(s, &rhs)?,
                    B::BitAnd => *s = crate::methods::intersect_with(s, &rhs)?,
                    B::Sub => crate::methods::remove_all(s, &rhs)?,
                    _ => crate::methods::toggle_all(s, &rhs)?,
                }
                crate::dict::key_eq_error()?;
                return Ok(std::mem::take(&mut regs[a as usize]));
            }
        }
    }
    if let (B::BitOr, Value::Dict(d), rhs) = (op, &regs[a as usize], &regs[b as usize]) {
        if !matches!(rhs, Value::Dict(_)) {
            // `d |= pairs` takes any mapping or iterable of pairs (`update`).
            let mut merged = (**d).clone();
            for (k, v) in crate::builtins::mapping_pairs(rhs)? {
                crate::dict::insert(&mut merged, HKey::new(k)?, v)?;
            }
            return Ok(Value::Dict(Arc::new(merged)));
        }
    }
    if op == B::Add && append_str_in_place(regs, a, b) {
        return Ok(std::mem::take(&mut regs[a as usize]));
    }
    if op == B::Add {
        if let Value::List(_) = &regs[a as usize] {
            let rhs = regs[b as usize].clone();
            if !matches!(rhs, Value::List(_)) {
                // `lst += iterable` extends with any iterable, item by item
                // (the items taken before an error stay, as in CPython).
                let mut lhs = std::mem::take(&mut regs[a as usize]);
                let extended = match &mut lhs {
                    Value::List(l) => match Arc::get_mut(l) {
                        Some(v) => iter::iter_checking_length_hint(&rhs).and_then(|it| {
                            iter::for_each_item(&it, |x| {
                                v.push(x);
                                Ok(())
                            })
                        }),
                        None => iter::collect(&rhs).map(|items| {
                            let mut v = (**l).clone();
                            v.extend(items);
                            *l = Arc::new(v);
                        }),
                    },
                    _ => unreachable!("checked to be a list"),
                };
                return match extended {
                    Ok(()) => Ok(lhs),
                    Err(e) => {
                        regs[a as usize] = lhs;
                        Err(e)
                    }
                };
            }
            let mut lhs = std::mem::take(&mut regs[a as usize]);
            if let (Value::List(l), Value::List(r)) = (&mut lhs, &rhs) {
                if let Some(v) = Arc::get_mut(l) {
                    v.extend(r.iter().cloned());
                    return Ok(lhs);
                }
            }
            regs[a as usize] = lhs;
        }
    }
    ops::binop(op, &regs[a as usize], &regs[b as usize])
}

/// The value in `r`, moved out when `take` (a temporary) or cloned.
#[inline]
fn fetch(regs: &mut [Value], r: u32, take: bool) -> Value {
    if take {
        std::mem::take(&mut regs[r as usize])
    } else {
        regs[r as usize].clone()
    }
}

/// Items of a value being unpacked; a uniquely held tuple or list gives
/// its items up without cloning.
fn unpack_items(v: Value, _n: Option<usize>) -> RtResult<Vec<Value>> {
    match v {
        Value::Tuple(t) | Value::List(t) => Ok(Arc::try_unwrap(t).unwrap_or_else(|t| (*t).clone())),
        other => iter::collect(&other).map_err(|e| {
            if e.is(ExcKind::TypeError) {
                type_error(format!("cannot unpack non-iterable {} object", other.type_name()))
            } else {
                e
            }
        }),
    }
}

/// Records `handled` as the `__context__` of the exception `exc` unless it
/// has one already or is `handled` itself.
/// The exception being handled at `pc` of the frame running `ir`: the one
/// in the register the code keeps it in ([`pyfora_syntax::Code::handled`];
/// after a nested handler handled another, still the outer clause's), else
/// the last one a handler of the frame caught.
fn handled_at(regs: &[Value], caught: &Option<Box<PyException>>, ir: &pyfora_syntax::Code, pc: usize) -> Option<Value> {
    if let Some(&r) = ir.handled.get(pc).filter(|r| **r != pyfora_syntax::ir::NO_REG) {
        if let Some(v @ Value::Instance(_)) = regs.get(r as usize) {
            return Some(v.clone());
        }
    }
    caught.as_ref().map(|e| e.value.clone())
}

pub(crate) fn set_context(exc: &Value, handled: &Value) {
    let Value::Instance(inst) = exc else { return };
    if ops::is(exc, handled) || inst.get_attr("__context__").is_some_and(|c| !matches!(c, Value::None)) {
        return;
    }
    inst.set_attr(Arc::from("__context__"), handled.clone());
}

/// `raise exc [from cause]`, with `context` the exception being handled
/// when the statement sits in an `except` clause.
pub(crate) fn raise_exception(exc: &Value, cause: Option<Value>, context: Option<Value>) -> RtResult<Error> {
    let err = make_exception(exc)?;
    let Error::Exception(ex) = &err else {
        return Ok(err);
    };
    let Value::Instance(inst) = &ex.value else {
        return Ok(err);
    };
    if let Some(ctx) = context {
        if !ops::is(&ctx, &ex.value) {
            inst.set_attr(Arc::from("__context__"), ctx);
        }
    }
    if let Some(c) = cause {
        let c = match c {
            Value::None => Value::None,
            Value::Instance(ref i) if i.class.is_exception => c,
            Value::Class(ref k) if k.is_exception => instantiate(k, vec![], vec![])?,
            _ => return Err(type_error("exception causes must derive from BaseException")),
        };
        inst.set_attr(Arc::from("__cause__"), c);
        inst.set_attr(Arc::from("__suppress_context__"), Value::Bool(true));
    }
    Ok(err)
}

/// Attributes every exception has before they are assigned
/// (`__cause__`, `__context__`, `StopIteration.value`, ...).
fn exception_default_attr(inst: &Instance, name: &str) -> Option<Value> {
    match name {
        "__cause__" | "__context__" | "__traceback__" => Some(Value::None),
        "__suppress_context__" => Some(Value::Bool(false)),
        "value" if inst.class.is_subclass_of(&crate::exceptions::builtin_class(ExcKind::StopIteration)) => Some(match inst.get_attr("args") {
            Some(Value::Tuple(a)) if !a.is_empty() => a[0].clone(),
            _ => Value::None,
        }),
        // `SystemExit(...).code`: None, the one argument, or all of them.
        "code" if inst.class.is_subclass_of(&crate::exceptions::builtin_class(ExcKind::SystemExit)) => Some(match inst.get_attr("args") {
            Some(Value::Tuple(a)) if a.len() == 1 => a[0].clone(),
            Some(Value::Tuple(a)) if a.len() > 1 => Value::Tuple(a),
            _ => Value::None,
        }),
        _ => None,
    }
}

/// Turns the operand of `raise` into an exception.
pub fn make_exception(v: &Value) -> RtResult<Error> {
    match v {
        Value::Instance(i) if i.class.is_exception => Ok(Error::from_value(v.clone())),
        Value::Class(c) if c.is_exception => Ok(Error::from_value(instantiate(c, vec![], vec![])?)),
        _ => Err(type_error("exceptions must derive from BaseException")),
    }
}

fn exception_matches(exc: &Value, types: &Value) -> RtResult<bool> {
    // As CPython, every class named is checked before any is matched.
    let invalid = || type_error("catching classes that do not inherit from BaseException is not allowed");
    let matches = |c: &Arc<Class>| matches!(exc, Value::Instance(i) if i.class.is_subclass_of(c));
    match types {
        Value::Class(c) if c.is_exception => Ok(matches(c)),
        Value::Tuple(ts) => {
            let classes = ts.iter().map(|t| match t {
                Value::Class(c) if c.is_exception => Ok(c),
                _ => Err(invalid()),
            });
            let classes = classes.collect::<RtResult<Vec<_>>>()?;
            Ok(classes.into_iter().any(matches))
        }
        _ => Err(invalid()),
    }
}

/// Runs a class body and creates the class. `attrs` replace (or add to)
/// what the body bound: the client's current values of the class's data
/// attributes.
pub fn build_class(name: Arc<str>, body: &Arc<Function>, bases: Vec<Value>, client_id: Option<i64>, attrs: Vec<(Arc<str>, Value)>) -> RtResult<Value> {
    let ns = call_function(body, vec![], vec![])?;
    let mut namespace: Vec<(Arc<str>, Value)> = Vec::new();
    if let Value::List(items) = ns {
        for item in items.iter() {
            if let Value::Tuple(pair) = item {
                if let Value::Str(n) = &pair[0] {
                    namespace.push((Arc::from(&*n.text), pair[1].clone()));
                }
            }
        }
    }
    for (attr, value) in attrs {
        match namespace.iter_mut().find(|(n, _)| *n == attr) {
            Some(slot) => slot.1 = value,
            None => namespace.push((attr, value)),
        }
    }
    // As CPython's class statement: `__doc__` is the body's docstring (or
    // None), `__module__` the defining module's `__name__` (which the
    // client ships with the globals).
    if !namespace.iter().any(|(n, _)| &**n == "__doc__") {
        let doc = docstring_value(body.code.ir.doc.as_deref());
        namespace.push((Arc::from("__doc__"), doc));
    }
    if !namespace.iter().any(|(n, _)| &**n == "__module__") {
        let module = match body.globals.get("__name__") {
            Some(v @ Value::Str(_)) => v.clone(),
            _ => Value::str("__main__"),
        };
        namespace.push((Arc::from("__module__"), module));
    }
    let mut base_classes = Vec::new();
    for b in bases {
        match b {
            Value::Class(c) => base_classes.push(c),
            Value::Type(TypeKind::Object) => {}
            other => {
                return Err(type_error(format!("pyfora classes cannot derive from '{}'; derive from object or another user class", crate::ops::repr(&other)?)))
            }
        }
    }
    for (i, b) in base_classes.iter().enumerate() {
        if base_classes[..i].iter().any(|x| Arc::ptr_eq(x, b)) {
            return Err(type_error(format!("duplicate base class {}", b.name)));
        }
    }
    let class = crate::class::new_class(name, base_classes, namespace, client_id, false);
    if crate::class::linearize(&class).is_err() {
        let names: Vec<&str> = class.bases.iter().map(|b| &*b.name).collect();
        return Err(type_error(format!("Cannot create a consistent method resolution order (MRO) for bases {}", names.join(", "))));
    }
    Ok(Value::Class(class))
}

/// The `__init__` instances of `class` inherit when no class of its MRO
/// defines one: `BaseException`'s (it sets `args`) or `object`'s.
fn builtin_init(class: &Class) -> &'static crate::value::BuiltinFunction {
    if class.is_exception {
        &crate::builtins::EXCEPTION_INIT
    } else {
        &crate::builtins::OBJECT_INIT
    }
}

/// `obj.name = v` (in `__init__`, or `setattr`): instances are immutable
/// once built — assigning on a finished one (running `__init__` again,
/// `setattr` later) would change an object others may share.
pub fn set_attr(obj: &Value, name: &Arc<str>, v: Value) -> RtResult<()> {
    match obj {
        Value::Instance(i) if i.is_frozen() && !i.class.is_exception => {
            Err(Error::invalid(format!("assigning attribute '{name}' of a '{}' instance after its __init__ returned", i.class.name)))
        }
        Value::Instance(i) => match i.class.lookup(name) {
            // A property's setter runs (in `__init__`: the instance is frozen after).
            Some(Value::Property(p)) if !matches!(p.fset, Value::None) => call_value(&p.fset, vec![obj.clone(), v], vec![]).map(|_| ()),
            Some(Value::Property(_)) => Err(Error::new(ExcKind::AttributeError, format!("property '{name}' of '{}' object has no setter", i.class.name))),
            _ => {
                if let Some(Some(slots)) = i.class.slots.get() {
                    if !slots.iter().any(|s| s == name) {
                        let why = if crate::compat::python_minor() >= 13 { " and no __dict__ for setting new attributes" } else { "" };
                        return Err(Error::new(ExcKind::AttributeError, format!("'{}' object has no attribute '{name}'{why}", i.class.name)));
                    }
                }
                i.set_attr(name.clone(), v);
                Ok(())
            }
        },
        other => {
            Err(Error::new(ExcKind::AttributeError, format!("'{}' object has no attribute '{name}' and no attribute can be added to it", other.type_name())))
        }
    }
}

/// A docstring as `__doc__` holds it (None without one). From 3.13 the
/// compiler cleans it: tabs expanded, the first line's leading spaces and
/// the other lines' common indentation removed, blank lines emptied.
fn docstring_value(doc: Option<&str>) -> Value {
    let Some(doc) = doc else {
        return Value::None;
    };
    if crate::compat::python_minor() < 13 {
        return Value::str(doc);
    }
    let expanded = crate::str_methods::expandtabs(doc, 8).unwrap_or_else(|_| doc.to_string());
    let lines: Vec<&str> = expanded.split('\n').collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let margin = lines[1..].iter().filter(|l| !l.trim().is_empty()).map(|l| indent(l)).min().unwrap_or(0);
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    out.push(lines[0].trim_start_matches(' '));
    for l in &lines[1..] {
        out.push(if l.trim().is_empty() { "" } else { &l[margin.min(indent(l))..] });
    }
    Value::str(out.join("\n"))
}

/// Reads `obj.name`.
pub fn get_attr(obj: &Value, name: &str) -> RtResult<Value> {
    match obj {
        Value::Instance(i) => {
            if let Some(v) = i.get_attr(name) {
                return Ok(v);
            }
            match i.class.lookup(name) {
                // A property whose getter raises AttributeError falls back
                // to `__getattr__`, as any failed lookup does.
                Some(v) => match bind_class_attr(v, obj, &i.class) {
                    Err(e) if e.is(ExcKind::AttributeError) => match i.class.lookup("__getattr__") {
                        Some(g) => call_value(&g, vec![obj.clone(), Value::str(name)], vec![]),
                        None => Err(e),
                    },
                    other => other,
                },
                None => {
                    if name == "__class__" {
                        return Ok(Value::Class(i.class.clone()));
                    }
                    if name == "__dict__" && !matches!(i.class.slots.get(), Some(Some(_))) {
                        let attrs = i.attrs.read().expect("instance lock");
                        let mut d = new_dict();
                        for (k, v) in attrs.iter() {
                            d.insert(HKey::new(Value::str(&**k))?, v.clone());
                        }
                        return Ok(Value::Dict(Arc::new(d)));
                    }
                    if i.class.is_exception {
                        if let Some(v) = exception_default_attr(i, name) {
                            return Ok(v);
                        }
                        if name == "add_note" && crate::compat::python_minor() >= 11 {
                            return Ok(Value::BuiltinMethod(Arc::new((obj.clone(), Arc::from(name)))));
                        }
                    }
                    if name == "__init__" {
                        return Ok(Value::BoundMethod(Arc::new((obj.clone(), Value::Builtin(builtin_init(&i.class))))));
                    }
                    if let Some(g) = i.class.lookup("__getattr__") {
                        return call_value(&g, vec![obj.clone(), Value::str(name)], vec![]);
                    }
                    Err(attribute_error(&i.class.name, name))
                }
            }
        }
        Value::Class(c) => match name {
            "__name__" | "__qualname__" => Ok(Value::str(&*c.name)),
            "__mro__" => {
                let mut mro: Vec<Value> = c.mro().iter().map(|k| Value::Class(k.clone())).collect();
                if !c.mro().iter().any(|k| &*k.name == "object" && k.bases.is_empty() && !k.is_exception) {
                    mro.push(Value::Type(TypeKind::Object));
                }
                Ok(Value::tuple(mro))
            }
            // A class without bases derives from `object`.
            "__bases__" if c.bases.is_empty() && &*c.name != "object" => Ok(Value::tuple(vec![Value::Type(TypeKind::Object)])),
            "__bases__" => Ok(Value::tuple(c.bases.iter().map(|k| Value::Class(k.clone())).collect())),
            "__base__" => Ok(c.bases.first().map_or(Value::Type(TypeKind::Object), |k| Value::Class(k.clone()))),
            _ => match c.lookup(name) {
                Some(Value::ClassMethod(f)) => Ok(Value::BoundMethod(Arc::new((obj.clone(), (*f).clone())))),
                Some(Value::StaticMethod(f)) => Ok((*f).clone()),
                // A descriptor read through its class: `__get__(None, cls)`.
                Some(v @ Value::Instance(_)) => match descriptor_getter(&v) {
                    Some(get) => call_value(&get, vec![v, Value::None, obj.clone()], vec![]),
                    None => Ok(v),
                },
                Some(v) => Ok(v),
                // `Exception.__init__(self, ...)`, `Base.__init__(self)` of a
                // class without its own: the builtin initialiser.
                None if name == "__init__" => Ok(Value::Builtin(builtin_init(c))),
                // `type.__call__` bound to the class: calling it makes an
                // instance, as calling the class does.
                None if name == "__call__" => Ok(obj.clone()),
                None => Err(Error::new(ExcKind::AttributeError, format!("type object '{}' has no attribute '{}'", c.name, name))),
            },
        },
        Value::Super(s) => {
            let (owner, target) = (&s.0, &s.1);
            let cls = match target {
                Value::Instance(i) => i.class.clone(),
                Value::Class(c) => c.clone(),
                _ => owner.clone(),
            };
            let mro = cls.mro();
            let start = mro.iter().position(|c| Arc::ptr_eq(c, owner)).map(|i| i + 1).unwrap_or(mro.len());
            for c in &mro[start..] {
                if let Some((_, v)) = c.namespace.iter().find(|(n, _)| &**n == name) {
                    return bind_class_attr(v.clone(), target, &cls);
                }
                if c.is_builtin && name == "__init__" {
                    return Ok(Value::BoundMethod(Arc::new((target.clone(), Value::Builtin(&crate::builtins::EXCEPTION_INIT)))));
                }
            }
            if name == "__init__" {
                return Ok(Value::BoundMethod(Arc::new((target.clone(), Value::Builtin(&crate::builtins::OBJECT_INIT)))));
            }
            Err(Error::new(ExcKind::AttributeError, format!("'super' object has no attribute '{name}'")))
        }
        Value::Module(m) => match (m.attrs.get(name), m.refused) {
            (Some(v), _) => Ok(v.clone()),
            (None, Some(why)) => Err(Error::Refused { message: why.to_string(), trace: Vec::new() }),
            (None, None) if name == "__name__" => Ok(Value::str(m.name)),
            (None, None) if m.unshipped.contains(name) => Err(Error::new(
                ExcKind::NotImplementedError,
                format!(
                    "module '{0}' has an attribute '{1}' that pyfora did not ship: only the attributes code reads by name (`{0}.{1}`) are shipped, and '{1}' is reached another way (getattr or hasattr with a computed name)",
                    m.name, name
                ),
            )),
            (None, None) => Err(Error::new(ExcKind::AttributeError, format!("module '{}' has no attribute '{}'", m.name, name))),
        },
        Value::Function(f) => {
            // Attributes set on the function (by the client, or
            // `functools.wraps`) come first.
            if let Some((_, v)) = f.attrs.get().and_then(|attrs| attrs.iter().find(|(n, _)| &**n == name)) {
                return Ok(v.clone());
            }
            match name {
                "__name__" => Ok(Value::str(&*f.code.ir.name)),
                "__qualname__" => Ok(Value::str(&*f.code.ir.qualname)),
                "__doc__" => Ok(docstring_value(f.code.ir.doc.as_deref())),
                "from_iterable" if crate::prelude::is_itertools_chain(f) => {
                    f.globals.get("_chain_from_iterable").cloned().ok_or_else(|| attribute_error("function", name))
                }
                _ => Err(attribute_error("function", name)),
            }
        }
        Value::Builtin(b) if name == "__name__" => Ok(Value::str(b.name)),
        Value::Type(t) if name == "__name__" || name == "__qualname__" => Ok(Value::str(t.name())),
        Value::Type(TypeKind::Object) if name == "__init__" => Ok(Value::Builtin(&crate::builtins::OBJECT_INIT)),
        Value::Type(t) if crate::methods::type_has_method(*t, name) => Ok(Value::BuiltinMethod(Arc::new((obj.clone(), Arc::from(name))))),
        // `@prop.setter` in a class body (see `methods::call_method`).
        Value::Property(_) if matches!(name, "setter" | "deleter" | "getter") => Ok(Value::BuiltinMethod(Arc::new((obj.clone(), Arc::from(name))))),
        Value::Property(p) if name == "fget" => Ok(p.fget.clone()),
        Value::Property(p) if name == "fset" => Ok(p.fset.clone()),
        _ => match crate::methods::builtin_attr(obj, name) {
            // `x.__class__` of any value is its type (`type(x)`).
            Err(e) if name == "__class__" && e.is(ExcKind::AttributeError) => Ok(crate::builtins::type_of(obj)),
            other => other,
        },
    }
}

/// Binds a class attribute fetched through an instance.
fn bind_class_attr(v: Value, obj: &Value, class: &Arc<Class>) -> RtResult<Value> {
    Ok(match v {
        Value::Function(_) => Value::BoundMethod(Arc::new((obj.clone(), v))),
        // Builtins standing in for Python methods (functools) bind like them.
        Value::Builtin(b) if crate::modules::binds_as_method(b) => Value::BoundMethod(Arc::new((obj.clone(), v))),
        Value::StaticMethod(f) => (*f).clone(),
        Value::ClassMethod(f) => Value::BoundMethod(Arc::new((Value::Class(class.clone()), (*f).clone()))),
        Value::Property(p) => call_value(&p.fget, vec![obj.clone()], vec![])?,
        // A user descriptor: `__get__(obj, type(obj))`.
        Value::Instance(_) => match descriptor_getter(&v) {
            Some(get) => call_value(&get, vec![v, obj.clone(), Value::Class(class.clone())], vec![])?,
            None => v,
        },
        other => other,
    })
}

/// Calls the `__init_subclass__` a class made by remote code inherits (an
/// implicit class method of a base), as CPython does when it creates the
/// class. (Classes shipped by the client had theirs called there.)
fn init_subclass(class: &Value) -> RtResult<()> {
    let Value::Class(c) = class else { return Ok(()) };
    let hook = c.mro().iter().skip(1).find_map(|base| base.namespace.iter().find(|(n, _)| &**n == "__init_subclass__").map(|(_, v)| v.clone()));
    match hook {
        Some(hook) => call_class_hook(&hook, class, vec![]).map(drop),
        None => Ok(()),
    }
}

/// Calls `hook`, a class's `__init_subclass__` or `__class_getitem__`
/// (implicitly a class method, written plainly or with `@classmethod`),
/// with `class` and then `args`.
pub(crate) fn call_class_hook(hook: &Value, class: &Value, mut args: Vec<Value>) -> RtResult<Value> {
    args.insert(0, class.clone());
    match hook {
        Value::ClassMethod(f) => call_value(f, args, vec![]),
        other => call_value(other, args, vec![]),
    }
}

/// The `__get__` of a class attribute that is an instance of a user
/// descriptor class.
fn descriptor_getter(v: &Value) -> Option<Value> {
    match v {
        Value::Instance(d) => d.class.lookup("__get__"),
        _ => None,
    }
}

/// `obj.name(args)` where `obj` lives in a register: user methods are
/// called without creating a bound method, and list/dict/set methods mutate
/// in place when the register holds the only reference.
fn call_method_on_register(frame: &mut Frame, obj: u32, name: &str, mut args: Vec<Value>, kwargs: Vec<(Arc<str>, Value)>) -> RtResult<Value> {
    let target = &frame.regs[obj as usize];
    match target {
        Value::Instance(_) if name == pyfora_syntax::ir::DICT_UPDATE => {
            // `obj.__dict__.update(...)`: the attributes, one by one.
            let Value::Dict(items) = call_value(&Value::Type(TypeKind::Dict), args, kwargs)? else { unreachable!("dict() makes a dict") };
            for (k, v) in items.iter() {
                let Value::Str(key) = &k.value else {
                    return Err(type_error(format!("attribute name must be string, not '{}'", k.value.type_name())));
                };
                set_attr(target, &Arc::from(&*key.text), v.clone())?;
            }
            Ok(Value::None)
        }
        Value::Instance(i) => {
            if let Some(v) = i.get_attr(name) {
                return call_value(&v, args, kwargs);
            }
            match i.class.lookup(name) {
                Some(Value::Function(f)) => {
                    args.insert(0, target.clone());
                    call_function(&f, args, kwargs)
                }
                Some(_) | None => {
                    let m = get_attr(target, name)?;
                    call_value(&m, args, kwargs)
                }
            }
        }
        _ if name == pyfora_syntax::ir::DICT_UPDATE => {
            Err(Error::new(ExcKind::AttributeError, format!("'{}' object has no attribute '__dict__'", target.type_name())))
        }
        Value::List(_) | Value::Dict(_) | Value::Set(_) => mutate_in_place(frame, obj, |target| crate::methods::call_method(target, name, args, kwargs, true)),
        Value::Str(_) | Value::Tuple(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Big(_) | Value::FrozenSet(_) | Value::Range(_) => {
            let mut recv = target.clone();
            crate::methods::call_method(&mut recv, name, args, kwargs, false)
        }
        _ => {
            let m = get_attr(target, name)?;
            call_value(&m, args, kwargs)
        }
    }
}

/// Runs `mutate` on the container in register `obj`. When a cell of this
/// frame holds that container too (a variable a nested function or lambda
/// captures, while no closure holds the cell yet), the cell lets go of it
/// first, so that the register holds the only reference and the mutation
/// can be done in place; the cell gets the container back after.
fn mutate_in_place<T>(frame: &mut Frame, obj: u32, mutate: impl FnOnce(&mut Value) -> RtResult<T>) -> RtResult<T> {
    let cell = cell_holding(frame, obj);
    if let Some(i) = cell {
        let cell = Arc::get_mut(&mut frame.cells[i]).expect("held by this frame alone");
        drop(cell.take());
    }
    let result = mutate(&mut frame.regs[obj as usize]);
    if let Some(i) = cell {
        frame.cells[i].set(frame.regs[obj as usize].clone());
    }
    result
}

/// The cell of this frame, held by it alone, that holds the container in
/// register `obj` too (see [`mutate_in_place`]).
fn cell_holding(frame: &mut Frame, obj: u32) -> Option<usize> {
    if frame.cells.is_empty() {
        return None;
    }
    let count = match &frame.regs[obj as usize] {
        Value::List(a) => Arc::strong_count(a),
        Value::Dict(d) => Arc::strong_count(d),
        Value::Set(s) => Arc::strong_count(s),
        _ => return None,
    };
    if count < 2 {
        return None;
    }
    let target = &frame.regs[obj as usize];
    frame.cells.iter_mut().position(|cell| Arc::get_mut(cell).is_some_and(|cell| cell.holds(target)))
}

/// Runs code with no arguments as a function over `globals` (with-blocks).
/// On failure also returns the frame's registers so assigned values survive.
pub fn run_block(code: Arc<RtCode>, globals: Arc<Globals>) -> (RtResult<Value>, Vec<Value>) {
    let func = make_function(code, globals, vec![], vec![], vec![]);
    let mut frame = match new_frame(&func, vec![], vec![]) {
        Ok(f) => f,
        Err(e) => return (Err(e), vec![]),
    };
    // The block runs in its caller's scope: variables it assigns start
    // with the caller's values (`x = x + 1`).
    let ir = frame.code().ir.clone();
    for (name, reg) in &ir.locals {
        if let Some(v) = func.globals.get(name) {
            frame.regs[*reg as usize] = v.clone();
        }
    }
    let nfree = ir.freevars.len();
    for (i, name) in ir.cellvars.iter().enumerate() {
        if let Some(v) = func.globals.get(name) {
            frame.cells[nfree + i].set(v.clone());
        }
    }
    let r = run(&mut frame).map(|s| match s {
        GenStep::Return(v) | GenStep::Yield(v) => v,
    });
    // Captured block variables live in cells; expose them as registers.
    let ir = &frame.func.code.ir;
    let mut regs = std::mem::take(&mut frame.regs).into_vec();
    let nfree = ir.freevars.len();
    let mut extra = Vec::new();
    for (i, _) in ir.cellvars.iter().enumerate() {
        extra.push(frame.cells[nfree + i].get());
    }
    regs.extend(extra);
    // A variable still holding the caller's own value was not assigned
    // (`if c: x = ...` with `c` false): it is reported unbound, so the
    // caller's variable keeps its object.
    let nregs = ir.nregs as usize;
    let slots = ir.locals.iter().map(|(name, reg)| (name, *reg as usize)).chain(ir.cellvars.iter().enumerate().map(|(i, name)| (name, nregs + i)));
    for (name, idx) in slots {
        if let (Some(before), Some(after)) = (func.globals.get(name), regs.get_mut(idx)) {
            if crate::ops::is(before, after) {
                *after = Value::Unbound;
            }
        }
    }
    (r, regs)
}
