//! Lowers one typed specialization to Cranelift IR.
//!
//! Every register gets four Cranelift variables: an integer one (ints,
//! bools, `None`, a range's start or an iterator's next value), a float
//! one, and two integers for a range's stop and step. Which one an
//! instruction reads follows from the register's type at that instruction.
//!
//! A specialization's signature is `(cancel: *const u8, depth, scalars...)
//! -> (status, value)`: status 0 returns `value`, [`BAIL`] asks the caller
//! to re-run the call in the interpreter, [`CANCELLED`] stops the
//! computation. `depth` counts the native calls above it, so recursion
//! deeper than the interpreter allows bails out (the interpreter then
//! raises `RecursionError`) instead of running off the thread's stack.

use std::sync::Arc;

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::Value as CValue;
use cranelift_codegen::ir::{types, AbiParam, Block, BlockArg, InstBuilder, MemFlagsData, Signature as ClifSignature, StackSlotData, StackSlotKind};
use cranelift_frontend::{FunctionBuilder, Variable};
use cranelift_module::{FuncId, Module};

use pyfora_runtime::native::Reduce;
use pyfora_runtime::value::{Function, Value};
use pyfora_syntax::ir::{BinOp, Builds, CmpOp, Instr, UnaryOp};

use crate::comprehensions;
use crate::infer::{attr_type, call_target, method_target, Inference, KernelInput, KernelShape, Shape, Target, Unsupported};
use crate::items;
use crate::lists;
use crate::liveness;
use crate::shims;
use crate::stubs;
use crate::types::{ArgKey, Scalar, Signature, Ty};

/// Status: the native code met a case it does not handle.
pub const BAIL: i64 = 1;
/// Status: the computation was cancelled.
pub const CANCELLED: i64 = 2;

/// The deepest chain of native calls a specialization makes before it bails
/// out: the interpreter's own limit, so both tiers raise `RecursionError`
/// for the same programs.
pub const MAX_NATIVE_DEPTH: i64 = pyfora_runtime::interp::MAX_DEPTH as i64;

/// The Cranelift type holding a scalar.
pub fn clif_type(s: Scalar) -> types::Type {
    if s.is_integer_class() {
        types::I64
    } else {
        types::F64
    }
}

/// The Cranelift signature of a specialization.
pub fn spec_signature(module: &dyn Module, sig: &Signature, ret: Scalar) -> ClifSignature {
    let mut s = module.make_signature();
    s.params.push(AbiParam::new(types::I64));
    s.params.push(AbiParam::new(types::I64));
    for p in sig.scalars() {
        s.params.push(AbiParam::new(clif_type(p)));
    }
    s.returns.push(AbiParam::new(types::I64));
    s.returns.push(AbiParam::new(clif_type(ret)));
    s
}

/// Pairs of recursive calls of the specialization being compiled that do
/// not depend on each other: the first call's result is not read before
/// the second call, and only loads and moves of other registers come
/// between them (within one block).
fn find_fork_pairs(func: &Arc<Function>, sig: &Signature, inf: &Inference, blocks: &[Option<Block>]) -> std::collections::HashMap<usize, usize> {
    let self_call = |pc: usize| user_call_at(func, inf, pc).filter(|call| Arc::ptr_eq(&call.callee, func) && call.sig.same(sig));
    find_pairs(func, blocks, false, &self_call)
}

/// Pairs of calls (first pc → second pc) that `call_at` accepts, where the
/// second does not depend on the first: in one block, with only loads and
/// moves between them — and arithmetic when `arithmetic` — none of it, nor
/// the second call (its function or arguments), touching the first's
/// result.
fn find_pairs(
    func: &Function,
    blocks: &[Option<Block>],
    arithmetic: bool,
    call_at: &dyn Fn(usize) -> Option<UserCall>,
) -> std::collections::HashMap<usize, usize> {
    let ir = &func.code.ir;
    let mut pairs = std::collections::HashMap::new();
    let mut pc = 0;
    while pc < ir.instrs.len() {
        let Some(first) = call_at(pc) else {
            pc += 1;
            continue;
        };
        let mut j = pc + 1;
        while j < ir.instrs.len() && blocks[j].is_none() {
            let i = &ir.instrs[j];
            let between = match i {
                Instr::LoadGlobal { .. } | Instr::Const { .. } | Instr::Move { .. } | Instr::Take { .. } => true,
                Instr::BinOp { .. } | Instr::InPlace { .. } | Instr::Unary { .. } | Instr::Compare { .. } | Instr::Truth { .. } => arithmetic,
                _ => false,
            };
            let touches = pyfora_syntax::optimize::reads(i).contains(&first.dst) || pyfora_syntax::optimize::writes(i).contains(&first.dst);
            if !between || touches {
                break;
            }
            j += 1;
        }
        if j < ir.instrs.len() && blocks[j].is_none() {
            if let Some(second) = call_at(j) {
                if second.dst != first.dst && second.func_reg != first.dst && !second.args.contains(&first.dst) {
                    pairs.insert(pc, j);
                    pc = j + 1;
                    continue;
                }
            }
        }
        pc += 1;
    }
    pairs
}

/// One call of a fork point: the specialization, its result type and its
/// scalar arguments.
struct ForkCall {
    id: FuncId,
    ret: Scalar,
    args: Vec<CValue>,
}

/// A call of a user function at some pc: its result register, function
/// register, argument registers, callee and signature.
struct UserCall {
    dst: u32,
    /// The register holding the function.
    func_reg: u32,
    args: Vec<u32>,
    callee: Arc<Function>,
    sig: Signature,
}

/// The call of another compiled (not inlined, not self-recursive) user
/// function at `pc`, if that function may be worth a task of its own (it
/// loops or calls).
fn substantial_call(func: &Arc<Function>, root_sig: &Signature, inf: &Inference, inlines: &[InlineBody], pc: usize) -> Option<UserCall> {
    let call = user_call_at(func, inf, pc)?;
    let is_root = Arc::ptr_eq(&call.callee, func) && call.sig.same(root_sig);
    let inlined = inlines.iter().any(|b| Arc::ptr_eq(&b.func, &call.callee) && b.sig.same(&call.sig));
    let body = &call.callee.code.ir.instrs;
    let loops_or_calls = body.iter().enumerate().any(|(at, i)| match i {
        Instr::Call { .. } | Instr::CallMethod { .. } => true,
        Instr::Jump { target } => (*target as usize) <= at,
        Instr::Branch { if_true, if_false, .. } | Instr::CompareBranch { if_true, if_false, .. } => (*if_true as usize) <= at || (*if_false as usize) <= at,
        _ => false,
    });
    (!is_root && !inlined && loops_or_calls).then_some(call)
}

/// The plain call (positional arguments native code takes) of a user
/// function, not a method, at `pc`.
fn user_call_at(func: &Function, inf: &Inference, pc: usize) -> Option<UserCall> {
    let st = inf.states[pc].as_ref()?;
    let Instr::Call { dst, func: f, args } = &func.code.ir.instrs[pc] else { return None };
    if !args.is_simple() {
        return None;
    }
    let Some(Target::User { func: callee, receiver: None }) = call_target(&st[*f as usize]) else { return None };
    let regs: Vec<u32> = (0..args.nargs).map(|i| args.start + i).collect();
    let sig = Signature(regs.iter().map(|r| ArgKey::of_type(&st[*r as usize])).collect::<Option<Vec<_>>>()?);
    Some(UserCall { dst: *dst, func_reg: *f, args: regs, callee, sig })
}

/// Pairs of independent calls of other functions (first pc → second pc):
/// `g(a) + h(b)`, `f(g(x), h(y))`, `(g(a), h(b))` — loads, moves and
/// arithmetic (the second call's arguments) may come between them, not
/// touching the first's result. They may run in parallel. Calls already in
/// a recursive pair (`taken`) are left out.
fn find_call_pairs(
    func: &Arc<Function>,
    root_sig: &Signature,
    inf: &Inference,
    inlines: &[InlineBody],
    blocks: &[Option<Block>],
    taken: &std::collections::HashMap<usize, usize>,
) -> std::collections::HashMap<usize, usize> {
    let busy = |pc: usize| taken.contains_key(&pc) || taken.values().any(|v| *v == pc);
    let call_at = |pc: usize| if busy(pc) { None } else { substantial_call(func, root_sig, inf, inlines, pc) };
    find_pairs(func, blocks, true, &call_at)
}

/// Blocks for the instructions of `func` that start one (branch targets).
fn make_blocks(b: &mut FunctionBuilder, func: &Function, inf: &Inference) -> Vec<Option<Block>> {
    let ir = &func.code.ir;
    let mut marks = vec![false; ir.instrs.len()];
    for (pc, i) in ir.instrs.iter().enumerate() {
        if inf.states[pc].is_none() {
            continue;
        }
        let mut mark = |t: u32| marks[t as usize] = true;
        match i {
            Instr::Jump { target } => mark(*target),
            Instr::Branch { if_true, if_false, .. } | Instr::CompareBranch { if_true, if_false, .. } => {
                mark(*if_true);
                mark(*if_false);
            }
            Instr::ForIter { exit, .. } => {
                mark(*exit);
                mark(pc as u32 + 1);
            }
            _ => {}
        }
    }
    marks.iter().map(|m| m.then(|| b.create_block())).collect()
}

/// Math functions whose result is a finite float for every finite argument
/// (so they never raise for one): the check after the call is skipped when
/// the argument is an int.
const FINITE_TO_FINITE: &[&str] = &["sin", "cos", "tan", "atan", "tanh", "asinh", "erf", "erfc"];

/// The Cranelift signature of a reduction kernel:
/// `(cancel, next, stop, step, out: *mut [u64; 3], captured: *const u64)
/// -> status` over a range, `(cancel, list, index, _, out, captured)` over
/// packed items (a [`lists::ListBuf`] whose length is where to stop); `captured` holds the words of the generator's captured
/// scalars (by cell; objects are compiled in as constants). What `out`
/// receives depends on the reduction: for `sum()` the sum (and, for floats,
/// the compensation term and whether any item was added); for `min()` and
/// `max()` the best item in word 0 and whether there was any in word 2; for
/// `any()` and `all()` whether an item decided the answer (a true item for
/// `any()`, a false one for `all()`; the kernel stops there) in word 0;
/// for `list()` word 0 holds the list (a [`lists::ListBuf`]) it appends
/// the items to.
pub fn kernel_signature(module: &dyn Module) -> ClifSignature {
    let mut s = module.make_signature();
    for _ in 0..6 {
        s.params.push(AbiParam::new(types::I64));
    }
    s.returns.push(AbiParam::new(types::I64));
    s
}

/// A value a kernel captured, as its code reads it.
#[derive(Clone, Copy)]
enum Captured {
    Scalar(Scalar, Variable),
    /// A list or tuple ([`Ty::Items`] or [`Ty::Rows`]): its items' address
    /// and length.
    Items(Variable, Variable),
    /// An object: its type is the constant itself.
    Object,
}

/// The running reduction of a kernel.
struct KernelVars {
    reduce: Reduce,
    acc_int: Variable,
    acc_float: Variable,
    compensation: Variable,
    /// 1 once a float was added (an empty float sum is the int 0); for
    /// `min()`/`max()`, once any item was seen.
    seen: Variable,
    out: CValue,
    /// Neumaier-compensated float sum (CPython 3.12+).
    compensated: bool,
    /// Captured values by cell.
    captured: Vec<Captured>,
    /// For `list()`: the list the items are appended to.
    list: Option<Variable>,
    /// Generator parameters after the iterator (the first captured values).
    nparams: usize,
}

/// A square root and the parts of the test that it equals `pow`'s result
/// (see [`Gen::square_root`]).
struct SquareRoot {
    s: CValue,
    not_power_of_two: CValue,
    remainder: CValue,
    scale: CValue,
}

/// Finds compiled callees while generating code.
pub trait Linker {
    /// The compiled specialization of `func` for `sig` and its return type.
    fn callee(&mut self, func: &Arc<Function>, sig: &Signature) -> Result<(FuncId, Scalar), Unsupported>;
    /// The address of the entry trampoline of that specialization (for
    /// forks), once compiled.
    fn callee_entry(&mut self, func: &Arc<Function>, sig: &Signature) -> Option<usize>;
    fn module(&mut self) -> &mut dyn Module;
}

/// A small callee typed for one signature, emitted in place of calls to it.
pub struct InlineBody {
    pub func: Arc<Function>,
    pub sig: Signature,
    pub inf: Inference,
}

/// Most instructions of a function inlined at its call sites.
pub const INLINE_MAX_INSTRS: usize = 40;
/// Deepest nesting of inlined calls.
pub const INLINE_MAX_DEPTH: usize = 4;

/// True for functions worth inlining: short and without loops.
pub fn inlinable(func: &Function) -> bool {
    let ir = &func.code.ir;
    ir.instrs.len() <= INLINE_MAX_INSTRS
        && ir.instrs.iter().enumerate().all(|(pc, i)| match i {
            Instr::Jump { target } => *target as usize > pc,
            Instr::Branch { if_true, if_false, .. } | Instr::CompareBranch { if_true, if_false, .. } => *if_true as usize > pc && *if_false as usize > pc,
            Instr::ForIter { .. } => false,
            _ => true,
        })
}

/// Whether instruction `i` reads the 128-bit sum in register `r` as it is
/// (a copy, or the dividend of `/` by an int), not as a 64-bit int.
fn wide_use(i: &Instr, st: &[Ty], r: u32) -> bool {
    match *i {
        Instr::Move { src, .. } | Instr::Take { src, .. } => src == r,
        Instr::BinOp { op: BinOp::TrueDiv, a, b, .. } | Instr::InPlace { op: BinOp::TrueDiv, a, b, .. } => a == r && b != r && wide_divisor(&st[b as usize]),
        _ => false,
    }
}

/// Whether a 128-bit sum divided by a value of type `t` takes the exact
/// path: an int or bool divisor that is not itself a 128-bit sum.
fn wide_divisor(t: &Ty) -> bool {
    !matches!(t, Ty::Wide) && matches!(t.scalar(), Some(Scalar::Int | Scalar::Bool))
}

/// Generates the body of a specialization into `builder`.
pub struct Gen<'a, 'b> {
    b: FunctionBuilder<'b>,
    /// The function being compiled (its own specialization is `self_id`).
    root: &'a Arc<Function>,
    root_sig: &'a Signature,
    root_ret: Scalar,
    self_id: FuncId,
    /// The function whose instructions are being emitted: the root, or a
    /// callee being inlined.
    func: &'a Arc<Function>,
    inf: &'a Inference,
    vars: Vec<Variable>,
    blocks: Vec<Option<Block>>,
    /// Returns `(status, 0)`; its one parameter is the status.
    exit: Block,
    /// Jumps to `exit` with [`BAIL`] (a branch here passes no status: no
    /// constant is set up before each check on the hot path).
    bail: Block,
    /// Jumps to `exit` with [`CANCELLED`].
    cancelled: Block,
    cancel: CValue,
    /// How many native calls are above this one (0 in a kernel).
    call_depth: CValue,
    kernel: Option<KernelVars>,
    /// While inlining: where a `return` jumps (the result is its parameter).
    inline_return: Option<Block>,
    inlines: &'a [InlineBody],
    depth: usize,
    /// Address of the cell holding the root's native entry (for forks).
    self_entry: usize,
    /// Pairs of independent recursive calls (first pc → second pc) that
    /// may run in parallel.
    fork_pairs: std::collections::HashMap<usize, usize>,
    /// The first call of a fork pair, deferred: its result register and
    /// its scalar arguments.
    deferred: Option<(u32, Vec<CValue>)>,
    /// Pairs of independent calls of other functions (first pc → second pc).
    call_pairs: std::collections::HashMap<usize, usize>,
    /// The first call of such a pair, deferred: the call and its scalar
    /// arguments' values at its own pc.
    deferred_call: Option<(UserCall, Vec<CValue>)>,
    /// For a body that builds lists: the arena mark taken when it was
    /// entered, and its registers' liveness (see [`Gen::release_dead_lists`]).
    lists: Option<(Variable, Vec<liveness::RegSet>)>,
    /// A list comprehension adding one element per item of a range, whose
    /// inline loop is next: its accumulator and range registers (the
    /// `BuildList` that follows sizes the list for the range).
    sized_list: Option<(u32, u32)>,
    /// While emitting a rarely taken path: calls go through stubs that
    /// keep every register, so the hot path keeps its values in them.
    cold_calls: bool,
}

impl<'a, 'b> Gen<'a, 'b> {
    /// Emits the whole function.
    #[allow(clippy::too_many_arguments)]
    pub fn emit(
        mut b: FunctionBuilder<'b>,
        func: &'a Arc<Function>,
        shape: Shape<'a>,
        compensated: bool,
        inf: &'a Inference,
        inlines: &'a [InlineBody],
        self_id: FuncId,
        self_entry: usize,
        linker: &mut dyn Linker,
    ) -> Result<(), Unsupported> {
        static NO_ARGS: Signature = Signature(Vec::new());
        let sig = match shape {
            Shape::Call(sig) => sig,
            Shape::OverRange(_) => &NO_ARGS,
        };
        let ir = &func.code.ir;
        let n = ir.nregs as usize;
        let mut vars = Vec::with_capacity(n * 4);
        for _ in 0..n {
            vars.push(b.declare_var(types::I64));
            vars.push(b.declare_var(types::F64));
            vars.push(b.declare_var(types::I64));
            vars.push(b.declare_var(types::I64));
        }
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let params = b.block_params(entry).to_vec();
        let cancel = params[0];
        // Every variable starts defined (values on paths the types rule out
        // are never read).
        let zero_i = b.ins().iconst(types::I64, 0);
        let zero_f = b.ins().f64const(0.0);
        for r in 0..n {
            b.def_var(vars[r * 4], zero_i);
            b.def_var(vars[r * 4 + 1], zero_f);
            b.def_var(vars[r * 4 + 2], zero_i);
            b.def_var(vars[r * 4 + 3], zero_i);
        }
        let (call_depth, mut next_param) = match shape {
            Shape::Call(_) => (params[1], 2),
            Shape::OverRange(_) => (zero_i, 1),
        };
        for (i, a) in sig.0.iter().enumerate() {
            match a {
                ArgKey::Scalar(s) => {
                    let k = if s.is_integer_class() { 0 } else { 1 };
                    b.def_var(vars[i * 4 + k], params[next_param]);
                    next_param += 1;
                }
                ArgKey::Items(_) | ArgKey::Rows(_) => {
                    b.def_var(vars[i * 4], params[next_param]);
                    b.def_var(vars[i * 4 + 2], params[next_param + 1]);
                    next_param += 2;
                }
                ArgKey::Obj(_) => {}
            }
        }
        let kernel = match shape {
            Shape::Call(_) => None,
            Shape::OverRange(KernelShape { reduce, captured, input }) => {
                // Register 0 is the iterator: a range's next value, stop and
                // step; a packed list and the index of its next item; or
                // rows' address, the end of the piece and its first index.
                match input {
                    KernelInput::Rows(_) => {
                        b.def_var(vars[0], params[1]);
                        b.def_var(vars[3], params[2]);
                        b.def_var(vars[2], params[3]);
                    }
                    _ => {
                        b.def_var(vars[0], params[1]);
                        b.def_var(vars[2], params[2]);
                    }
                }
                if let KernelInput::Range { unit_step } = input {
                    let step = if unit_step { b.ins().iconst(types::I64, 1) } else { params[3] };
                    b.def_var(vars[3], step);
                }
                let acc_int = b.declare_var(types::I64);
                let acc_float = b.declare_var(types::F64);
                let compensation = b.declare_var(types::F64);
                let seen = b.declare_var(types::I64);
                b.def_var(seen, zero_i);
                b.def_var(acc_int, zero_i);
                b.def_var(acc_float, zero_f);
                b.def_var(compensation, zero_f);
                // Captured values are read once, on entry: a word per scalar
                // (and per object, unused), two per list (address, length).
                let mut offset = 0i32;
                let mut word = |b: &mut FunctionBuilder, ty: Option<types::Type>| {
                    let at = offset;
                    offset += 8;
                    let ty = ty?;
                    let v = b.ins().load(ty, MemFlagsData::trusted().with_readonly(), params[5], at);
                    let var = b.declare_var(ty);
                    b.def_var(var, v);
                    Some(var)
                };
                let captured: Vec<Captured> = captured
                    .0
                    .iter()
                    .map(|key| match key {
                        ArgKey::Scalar(s) => {
                            let var = word(&mut b, Some(if s.is_integer_class() { types::I64 } else { types::F64 })).expect("typed");
                            Captured::Scalar(*s, var)
                        }
                        ArgKey::Items(_) | ArgKey::Rows(_) => {
                            let data = word(&mut b, Some(types::I64)).expect("typed");
                            Captured::Items(data, word(&mut b, Some(types::I64)).expect("typed"))
                        }
                        ArgKey::Obj(_) => {
                            word(&mut b, None);
                            Captured::Object
                        }
                    })
                    .collect();
                // `list()`: the list to append to comes in word 0 of `out`.
                let list = (reduce == Reduce::List).then(|| {
                    let l = b.ins().load(types::I64, MemFlagsData::trusted(), params[4], 0);
                    let var = b.declare_var(types::I64);
                    b.def_var(var, l);
                    var
                });
                // Parameters after the iterator are the first captured values.
                let nparams = crate::infer::kernel_params(func);
                for (i, c) in captured.iter().take(nparams).enumerate() {
                    match *c {
                        Captured::Scalar(s, var) => {
                            let v = b.use_var(var);
                            let k = if s.is_integer_class() { 0 } else { 1 };
                            b.def_var(vars[(1 + i) * 4 + k], v);
                        }
                        Captured::Items(data, len) => {
                            let (d, l) = (b.use_var(data), b.use_var(len));
                            b.def_var(vars[(1 + i) * 4], d);
                            b.def_var(vars[(1 + i) * 4 + 2], l);
                        }
                        Captured::Object => {}
                    }
                }
                Some(KernelVars { reduce, acc_int, acc_float, compensation, seen, out: params[4], compensated, captured, list, nparams })
            }
        };
        let exit = b.create_block();
        // Bail-outs and cancellation leave through it: laid out after the
        // hot code, so loops run without taken jumps around it.
        b.set_cold_block(exit);
        b.append_block_param(exit, types::I64);
        let bail = b.create_block();
        b.set_cold_block(bail);
        let cancelled = b.create_block();
        b.set_cold_block(cancelled);
        let blocks = make_blocks(&mut b, func, inf);
        let first = blocks[0];
        let fork_pairs = match shape {
            Shape::Call(sig) => find_fork_pairs(func, sig, inf, &blocks),
            Shape::OverRange(_) => Default::default(),
        };
        let call_pairs = match shape {
            Shape::Call(sig) => find_call_pairs(func, sig, inf, inlines, &blocks, &fork_pairs),
            Shape::OverRange(_) => Default::default(),
        };
        let mut g = Gen {
            b,
            root: func,
            root_sig: sig,
            root_ret: inf.ret,
            self_id,
            func,
            inf,
            vars,
            blocks,
            exit,
            bail,
            cancelled,
            cancel,
            call_depth,
            kernel,
            inline_return: None,
            sized_list: None,
            cold_calls: false,
            inlines,
            depth: 0,
            self_entry,
            fork_pairs,
            deferred: None,
            call_pairs,
            deferred_call: None,
            lists: None,
        };
        for (r, idx) in &ir.const_regs {
            g.store_known(*r, &crate::infer::const_type(&ir.consts[*idx as usize]));
        }
        g.lists = g.enter_list_scope();
        if let Some(bl) = first {
            g.b.ins().jump(bl, &[]);
        }
        let ret = inf.ret;
        g.emit_body(linker)?;
        for (block, status) in [(g.bail, BAIL), (g.cancelled, CANCELLED)] {
            g.b.switch_to_block(block);
            let s = g.b.ins().iconst(types::I64, status);
            g.b.ins().jump(g.exit, &[BlockArg::from(s)]);
        }
        // The exit block: `(status, 0)`.
        g.b.switch_to_block(g.exit);
        let status = g.b.block_params(g.exit)[0];
        if g.kernel.is_some() {
            g.b.ins().return_(&[status]);
        } else {
            let zero = g.zero(ret);
            g.b.ins().return_(&[status, zero]);
        }
        g.b.seal_all_blocks();
        let config = linker.module().target_config();
        g.b.finalize(config);
        Ok(())
    }

    /// Emits the instructions of `self.func` (the current block falls into
    /// its first instruction).
    fn emit_body(&mut self, linker: &mut dyn Linker) -> Result<(), Unsupported> {
        let count = self.func.code.ir.instrs.len();
        let mut open = true;
        for pc in 0..count {
            if let Some(bl) = self.blocks[pc] {
                if open && pc > 0 {
                    self.b.ins().jump(bl, &[]);
                }
                self.b.switch_to_block(bl);
                open = true;
                if self.inf.states[pc].is_some() {
                    // Int-or-float registers that are plainly an int or a float here.
                    for r in 0..self.inf.num_regs.len() {
                        if self.inf.num_regs[r] {
                            let t = self.state(pc)[r].clone();
                            self.sync_num(r as u32, &t);
                        }
                    }
                }
            }
            if !open || self.inf.states[pc].is_none() {
                open = false;
                continue;
            }
            open = self.instr(pc, linker)?;
            if open {
                if let Some((dst, t)) = &self.inf.results[pc] {
                    if self.inf.num_regs[*dst as usize] {
                        let t = t.clone();
                        self.sync_num(*dst, &t);
                    }
                }
            }
        }
        if open {
            self.bail_now();
        }
        Ok(())
    }

    /// Emits `body` in place of a call: its registers get fresh variables,
    /// its `return`s jump to a block whose parameter is the result.
    fn inline_call(&mut self, pc: usize, body: &'a InlineBody, dst: u32, args: &[u32], linker: &mut dyn Linker) -> Result<(), Unsupported> {
        let ir = &body.func.code.ir;
        let n = ir.nregs as usize;
        let mut vars = Vec::with_capacity(n * 4);
        let zero_i = self.b.ins().iconst(types::I64, 0);
        let zero_f = self.b.ins().f64const(0.0);
        for _ in 0..n {
            for ty in [types::I64, types::F64, types::I64, types::I64] {
                let v = self.b.declare_var(ty);
                self.b.def_var(v, if ty == types::F64 { zero_f } else { zero_i });
                vars.push(v);
            }
        }
        // Parameters: a constant receiver needs nothing; arguments are read
        // from the caller's registers.
        let first_arg = body.sig.0.len() - args.len();
        let mut values = Vec::with_capacity(args.len());
        for (r, k) in args.iter().zip(&body.sig.0[first_arg..]) {
            values.push(match k {
                ArgKey::Scalar(s) if s.is_integer_class() => vec![(0, self.int(pc, *r))],
                ArgKey::Scalar(_) => vec![(1, self.float(pc, *r))],
                ArgKey::Items(_) | ArgKey::Rows(_) => vec![(0, self.b.use_var(self.var(*r, 0))), (2, self.b.use_var(self.var(*r, 2)))],
                ArgKey::Obj(_) => Vec::new(),
            });
        }
        for (i, v) in values.into_iter().enumerate() {
            for (slot, v) in v {
                self.b.def_var(vars[(first_arg + i) * 4 + slot], v);
            }
        }
        let blocks = make_blocks(&mut self.b, &body.func, &body.inf);
        let ret_block = self.b.create_block();
        self.b.append_block_param(ret_block, clif_type(body.inf.ret));
        let saved = (
            std::mem::replace(&mut self.func, &body.func),
            std::mem::replace(&mut self.inf, &body.inf),
            std::mem::replace(&mut self.vars, vars),
            std::mem::replace(&mut self.blocks, blocks),
            self.inline_return.replace(ret_block),
            self.lists.take(),
        );
        self.depth += 1;
        for (r, idx) in &ir.const_regs {
            self.store_known(*r, &crate::infer::const_type(&ir.consts[*idx as usize]));
        }
        self.lists = self.enter_list_scope();
        if let Some(bl) = self.blocks[0] {
            self.b.ins().jump(bl, &[]);
        }
        let result = self.emit_body(linker);
        self.depth -= 1;
        self.func = saved.0;
        self.inf = saved.1;
        self.vars = saved.2;
        self.blocks = saved.3;
        self.inline_return = saved.4;
        self.lists = saved.5;
        result?;
        self.b.switch_to_block(ret_block);
        let v = self.b.block_params(ret_block)[0];
        self.write(dst, body.inf.ret, v);
        Ok(())
    }

    fn zero(&mut self, s: Scalar) -> CValue {
        if s.is_integer_class() {
            self.b.ins().iconst(types::I64, 0)
        } else {
            self.b.ins().f64const(0.0)
        }
    }

    fn state(&self, pc: usize) -> &'a [Ty] {
        self.inf.states[pc].as_deref().expect("reachable")
    }

    fn var(&self, r: u32, k: usize) -> Variable {
        self.vars[r as usize * 4 + k]
    }

    /// Jumps to the exit with status [`BAIL`] (the current block ends).
    fn bail_now(&mut self) {
        self.b.ins().jump(self.bail, &[]);
    }

    /// Bails out when `cond` is non-zero; code continues in a new block.
    fn bail_if(&mut self, cond: CValue) {
        let cont = self.b.create_block();
        self.b.ins().brif(cond, self.bail, &[], cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Reads register `r` (of scalar type `s` at `pc`) as an integer.
    fn int(&mut self, pc: usize, r: u32) -> CValue {
        match &self.state(pc)[r as usize] {
            Ty::Known(Value::Int(i)) => self.b.ins().iconst(types::I64, *i),
            Ty::Known(Value::Bool(v)) => self.b.ins().iconst(types::I64, *v as i64),
            _ => self.b.use_var(self.var(r, 0)),
        }
    }

    /// Reads register `r` as a float (converting ints as CPython does).
    fn float(&mut self, pc: usize, r: u32) -> CValue {
        match &self.state(pc)[r as usize] {
            Ty::Known(Value::Float(f)) => self.b.ins().f64const(*f),
            // Its float variable holds the value, an int already converted.
            Ty::Float | Ty::Num => self.b.use_var(self.var(r, 1)),
            _ => {
                let i = self.int(pc, r);
                self.b.ins().fcvt_from_sint(types::F64, i)
            }
        }
    }

    fn scalar_of(&self, pc: usize, r: u32) -> Scalar {
        match &self.state(pc)[r as usize] {
            Ty::None => Scalar::None,
            t => t.scalar().expect("inference checked the operand"),
        }
    }

    /// Reads register `r` in its own class.
    fn read(&mut self, pc: usize, r: u32) -> (Scalar, CValue) {
        let s = self.scalar_of(pc, r);
        let v = if s.is_integer_class() { self.int(pc, r) } else { self.float(pc, r) };
        (s, v)
    }

    /// Reads the register a `return` returns: an int-or-float must be a
    /// float (the specialization returns floats), else the call bails out.
    fn read_returned(&mut self, pc: usize, r: u32) -> (Scalar, CValue) {
        if !matches!(self.state(pc)[r as usize], Ty::Num) {
            return self.read(pc, r);
        }
        let tag = self.b.use_var(self.var(r, 2));
        let int = self.b.ins().icmp_imm_s(IntCC::Equal, tag, 0);
        self.bail_if(int);
        (Scalar::Float, self.b.use_var(self.var(r, 1)))
    }

    /// Keeps the float and tag variables of register `r`, an int-or-float
    /// somewhere, in step with its value when it is an int or a float of
    /// type `t` (at block starts and after each write).
    fn sync_num(&mut self, r: u32, t: &Ty) {
        let (tag, float) = match t {
            Ty::Known(Value::Int(i)) => (0, Some(self.b.ins().f64const(*i as f64))),
            Ty::Int => {
                let i = self.b.use_var(self.var(r, 0));
                (0, Some(self.b.ins().fcvt_from_sint(types::F64, i)))
            }
            Ty::Known(Value::Float(f)) => (1, Some(self.b.ins().f64const(*f))),
            Ty::Float => (1, None),
            _ => return,
        };
        if let Some(f) = float {
            self.b.def_var(self.var(r, 1), f);
        }
        let tag = self.b.ins().iconst(types::I64, tag);
        self.b.def_var(self.var(r, 2), tag);
    }

    fn write(&mut self, dst: u32, s: Scalar, v: CValue) {
        let k = if s.is_integer_class() { 0 } else { 1 };
        self.b.def_var(self.var(dst, k), v);
    }

    /// Truthiness of register `r` as an `i8` condition.
    fn truth(&mut self, pc: usize, r: u32) -> CValue {
        match self.scalar_of(pc, r) {
            Scalar::Float => {
                let x = self.float(pc, r);
                let z = self.b.ins().f64const(0.0);
                self.b.ins().fcmp(FloatCC::NotEqual, x, z)
            }
            Scalar::None => self.b.ins().iconst(types::I8, 0),
            _ => {
                let x = self.int(pc, r);
                self.b.ins().icmp_imm_s(IntCC::NotEqual, x, 0)
            }
        }
    }

    /// Bails unless `|x| <= 2**53` (ints converted to float exactly).
    fn check_exact_in_float(&mut self, x: CValue) {
        let exact = self.exact_in_float(x);
        let out = self.b.ins().bxor_imm_s(exact, 1);
        self.bail_if(out);
    }

    /// Whether `|x| <= 2**53` (the int converts to float exactly), as an `i8`.
    fn exact_in_float(&mut self, x: CValue) -> CValue {
        let shifted = self.b.ins().iadd_imm_s(x, 1 << 53);
        self.b.ins().icmp_imm_s(IntCC::UnsignedLessThanOrEqual, shifted, 1 << 54)
    }

    /// Emits instruction `pc`; false when the block ended.
    fn instr(&mut self, pc: usize, linker: &mut dyn Linker) -> Result<bool, Unsupported> {
        let ir = &self.func.code.ir;
        let st = self.state(pc);
        // A 128-bit sum read as an int must fit in 64 bits.
        for r in pyfora_syntax::optimize::reads(&ir.instrs[pc]) {
            if matches!(st[r as usize], Ty::Wide) && !wide_use(&ir.instrs[pc], st, r) {
                let lo = self.b.use_var(self.var(r, 0));
                let hi = self.b.use_var(self.var(r, 2));
                let sign = self.b.ins().sshr_imm_s(lo, 63);
                let outside = self.b.ins().icmp(IntCC::NotEqual, hi, sign);
                self.bail_if(outside);
            }
        }
        match &ir.instrs[pc] {
            Instr::Unbind { .. } => {}
            Instr::ParallelComprehension { dst, code: ci, iterable, args, done, builds: Builds::List, one_per_item } => {
                if *one_per_item && matches!(st[*iterable as usize], Ty::Range) {
                    self.sized_list = Some((*dst, *iterable));
                }
                self.parallel_list(pc, *dst, *ci, *iterable, args, *done)
            }
            // Sets and dicts are not native values: the inline loop refuses.
            Instr::ParallelComprehension { .. } => {}
            Instr::Const { dst, idx } => {
                let t = crate::infer::const_type(&ir.consts[*idx as usize]);
                self.store_known(*dst, &t);
            }
            Instr::LoadGlobal { dst, name, slot } => {
                if let Some(v) = crate::infer::resolve_global(self.func, name, *slot) {
                    let t = match v {
                        Value::None => Ty::None,
                        v => Ty::Known(v),
                    };
                    self.store_known(*dst, &t);
                }
            }
            Instr::Move { dst, src } | Instr::Take { dst, src } => {
                let t = st[*src as usize].clone();
                if matches!(t, Ty::Known(_)) {
                    self.store_known(*dst, &t);
                } else {
                    self.copy(st, *dst, *src);
                }
            }
            Instr::CheckBound { reg, .. } => {
                if matches!(st[*reg as usize], Ty::Unbound) {
                    self.bail_now();
                    return Ok(false);
                }
            }
            Instr::BinOp { op, dst, a, b } | Instr::InPlace { op, dst, a, b, .. } => self.binop(pc, *op, *dst, *a, *b),
            Instr::Unary { op, dst, a } => self.unary(pc, *op, *dst, *a),
            Instr::Compare { op, dst, a, b } => {
                let c = self.compare(pc, *op, *a, *b);
                let v = self.b.ins().uextend(types::I64, c);
                self.write(*dst, Scalar::Bool, v);
            }
            Instr::CompareBranch { op, a, b, if_true, if_false } => {
                let c = self.compare(pc, *op, *a, *b);
                let (t, f) = (self.block(*if_true), self.block(*if_false));
                self.cancel_check_if_backward(pc, (*if_true).min(*if_false));
                self.b.ins().brif(c, t, &[], f, &[]);
                return Ok(false);
            }
            Instr::Truth { dst, a } => {
                let c = self.truth(pc, *a);
                let v = self.b.ins().uextend(types::I64, c);
                self.write(*dst, Scalar::Bool, v);
            }
            Instr::Jump { target } => {
                self.cancel_check_if_backward(pc, *target);
                let t = self.block(*target);
                self.b.ins().jump(t, &[]);
                return Ok(false);
            }
            Instr::Branch { cond, if_true, if_false } => {
                let c = self.truth(pc, *cond);
                let (t, f) = (self.block(*if_true), self.block(*if_false));
                self.cancel_check_if_backward(pc, (*if_true).min(*if_false));
                self.b.ins().brif(c, t, &[], f, &[]);
                return Ok(false);
            }
            Instr::Yield { src, .. } => self.reduce_item(pc, *src),
            Instr::LoadCell { dst, cell } => {
                let k = self.kernel.as_ref().expect("cells are read in kernels only");
                match k.captured[k.nparams + *cell as usize] {
                    Captured::Scalar(s, var) => {
                        let v = self.b.use_var(var);
                        self.write(*dst, s, v);
                    }
                    Captured::Items(data, len) => {
                        let (d, l) = (self.b.use_var(data), self.b.use_var(len));
                        self.b.def_var(self.var(*dst, 0), d);
                        self.b.def_var(self.var(*dst, 2), l);
                    }
                    Captured::Object => {}
                }
            }
            Instr::Return { .. } if self.kernel.is_some() && self.inline_return.is_none() => {
                self.kernel_return();
                return Ok(false);
            }
            Instr::Return { src } if self.inline_return.is_some() => {
                let (_, v) = self.read_returned(pc, *src);
                self.release_all_lists();
                let target = self.inline_return.expect("inlining");
                self.b.ins().jump(target, &[BlockArg::from(v)]);
                return Ok(false);
            }
            Instr::Return { src } if matches!(st[*src as usize], Ty::List(_)) => {
                // The list goes back to the interpreter, which converts it
                // before the entry's scope releases the lists built here.
                let v = self.b.use_var(self.var(*src, 0));
                let ok = self.b.ins().iconst(types::I64, 0);
                self.b.ins().return_(&[ok, v]);
                return Ok(false);
            }
            Instr::Return { src } => {
                let (_, v) = self.read_returned(pc, *src);
                self.release_all_lists();
                let ok = self.b.ins().iconst(types::I64, 0);
                self.b.ins().return_(&[ok, v]);
                return Ok(false);
            }
            Instr::Call { dst, args, .. } if self.depth == 0 && self.fork_pairs.contains_key(&pc) => {
                let argv: Vec<u32> = (0..args.nargs).map(|i| args.start + i).collect();
                let values = self.scalar_args(pc, &argv, &self.root_sig.0);
                self.deferred = Some((*dst, values));
            }
            Instr::Call { .. } if self.depth == 0 && self.call_pairs.contains_key(&pc) => {
                let call = substantial_call(self.root, self.root_sig, self.inf, self.inlines, pc).expect("paired calls were found here");
                let values = self.scalar_args(pc, &call.args, &call.sig.0);
                self.deferred_call = Some((call, values));
            }
            Instr::Call { .. } if self.depth == 0 && self.deferred_call.is_some() => {
                let second = substantial_call(self.root, self.root_sig, self.inf, self.inlines, pc).expect("paired calls were found here");
                let second_values = self.scalar_args(pc, &second.args, &second.sig.0);
                let (first, first_values) = self.deferred_call.take().expect("deferred call");
                self.fork_join_calls((first, first_values), (second, second_values), linker)?;
            }
            Instr::Call { dst, args, .. } if self.depth == 0 && self.deferred.is_some() => {
                let argv: Vec<u32> = (0..args.nargs).map(|i| args.start + i).collect();
                let second = self.scalar_args(pc, &argv, &self.root_sig.0);
                let (first_dst, first) = self.deferred.take().expect("deferred call");
                self.fork_join(first_dst, first, *dst, second, linker);
            }
            Instr::Call { dst, func, args } => {
                let target = call_target(&st[*func as usize]).ok_or_else(|| Unsupported("call of an unknown value".into()))?;
                let argv: Vec<u32> = (0..args.nargs).map(|i| args.start + i).collect();
                self.call(pc, target, *dst, &argv, linker)?;
            }
            Instr::CallMethod { dst, obj, name, args } if &**name == "append" && matches!(st[*obj as usize], Ty::List(_)) => {
                let word = self.word(pc, args.start);
                let list = self.b.use_var(self.var(*obj, 0));
                self.list_append(list, word);
                self.store_known(*dst, &Ty::None);
            }
            Instr::CallMethod { dst, obj, name, args } => {
                let target = method_target(&st[*obj as usize], name).ok_or_else(|| Unsupported(format!("method .{name}")))?;
                let argv: Vec<u32> = (0..args.nargs).map(|i| args.start + i).collect();
                self.call(pc, target, *dst, &argv, linker)?;
            }
            Instr::GetAttr { dst, obj, name } => {
                let t = attr_type(&st[*obj as usize], name).ok_or_else(|| Unsupported(format!("attribute .{name}")))?;
                self.store_known(*dst, &t);
            }
            Instr::GetIter { dst, src } if matches!(st[*src as usize], Ty::List(_)) => {
                let list = self.b.use_var(self.var(*src, 0));
                let zero = self.b.ins().iconst(types::I64, 0);
                self.b.def_var(self.var(*dst, 0), list);
                self.b.def_var(self.var(*dst, 2), zero);
            }
            Instr::GetIter { dst, src } if matches!(st[*src as usize], Ty::Items(_) | Ty::Rows(_)) => {
                for k in [0, 2] {
                    let v = self.b.use_var(self.var(*src, k));
                    self.b.def_var(self.var(*dst, k), v);
                }
                let zero = self.b.ins().iconst(types::I64, 0);
                self.b.def_var(self.var(*dst, 3), zero);
            }
            Instr::ForIter { iter, dst, exit } if matches!(st[*iter as usize], Ty::ItemsIter(_) | Ty::RowsIter(_)) => {
                let (rows, elem, data, len) = self.sequence(&st[*iter as usize], *iter);
                let index = self.b.use_var(self.var(*iter, 3));
                let body = self.for_head(pc, *exit, index, len);
                self.write_element(*dst, data, index, rows, elem);
                let next = self.b.ins().iadd_imm_s(index, 1);
                self.b.def_var(self.var(*iter, 3), next);
                self.b.ins().jump(body, &[]);
                return Ok(false);
            }
            Instr::GetItem { dst, obj, index } if matches!(st[*obj as usize], Ty::Items(_) | Ty::Rows(_)) => {
                let (rows, elem, data, len) = self.sequence(&st[*obj as usize], *obj);
                let i = self.int(pc, *index);
                let i = self.in_range_index(i, len);
                self.write_element(*dst, data, i, rows, elem);
            }
            Instr::GetIter { dst, src } => {
                for k in [0, 2, 3] {
                    let v = self.b.use_var(self.var(*src, k));
                    self.b.def_var(self.var(*dst, k), v);
                }
                self.bail_if_range_step_may_wrap(*src);
            }
            Instr::ForIter { iter, dst, exit } if matches!(st[*iter as usize], Ty::ListIter(_)) => {
                let Ty::ListIter(Some(elem)) = st[*iter as usize] else { unreachable!("element types are known at the fixed point") };
                let list = self.b.use_var(self.var(*iter, 0));
                let index = self.b.use_var(self.var(*iter, 2));
                let len = self.b.ins().load(types::I64, MemFlagsData::trusted(), list, lists::LEN_OFFSET);
                let body = self.for_head(pc, *exit, index, len);
                let word = self.list_word(list, index);
                let next = self.b.ins().iadd_imm_s(index, 1);
                self.b.def_var(self.var(*iter, 2), next);
                self.write_word(*dst, elem, word);
                self.b.ins().jump(body, &[]);
                return Ok(false);
            }
            Instr::BuildList { dst, start, n } => {
                self.release_dead_lists(pc, *dst);
                let list = match self.sized_list.take() {
                    Some((acc, range)) if acc == *dst && *n == 0 => {
                        let parts: Vec<CValue> = [0, 2, 3].iter().map(|&k| self.b.use_var(self.var(range, k))).collect();
                        self.call_address(lists::list_new_for_range as *const () as usize, &[types::I64; 3], types::I64, &parts)
                    }
                    _ => {
                        let cap = self.b.ins().iconst(types::I64, *n as i64);
                        self.call_address(lists::list_new as *const () as usize, &[types::I64], types::I64, &[cap])
                    }
                };
                if *n > 0 {
                    let data = self.b.ins().load(types::I64, MemFlagsData::trusted(), list, lists::DATA_OFFSET);
                    for i in 0..*n {
                        let word = self.word(pc, *start + i);
                        self.b.ins().store(MemFlagsData::trusted(), word, data, (8 * i) as i32);
                    }
                    let len = self.b.ins().iconst(types::I64, *n as i64);
                    self.b.ins().store(MemFlagsData::trusted(), len, list, lists::LEN_OFFSET);
                }
                self.b.def_var(self.var(*dst, 0), list);
            }
            Instr::ListAppend { list, src, .. } => {
                let word = self.word(pc, *src);
                let list = self.b.use_var(self.var(*list, 0));
                self.list_append(list, word);
            }
            Instr::GetItem { dst, obj, index } => {
                let Ty::List(Some(elem)) = st[*obj as usize] else { unreachable!("inference allows lists built here only") };
                let list = self.b.use_var(self.var(*obj, 0));
                let i = self.int(pc, *index);
                let len = self.b.ins().load(types::I64, MemFlagsData::trusted(), list, lists::LEN_OFFSET);
                let i = self.in_range_index(i, len);
                let word = self.list_word(list, i);
                self.write_word(*dst, elem, word);
            }
            Instr::ForIter { iter, dst, exit } => {
                let cur = self.b.use_var(self.var(*iter, 0));
                let stop = self.b.use_var(self.var(*iter, 2));
                let step = self.b.use_var(self.var(*iter, 3));
                let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
                let below = self.b.ins().icmp(IntCC::SignedLessThan, cur, stop);
                let above = self.b.ins().icmp(IntCC::SignedGreaterThan, cur, stop);
                let more = self.b.ins().select(up, below, above);
                let body = self.block(pc as u32 + 1);
                let done = self.block(*exit);
                let next = self.b.ins().iadd(cur, step);
                self.b.def_var(self.var(*iter, 0), next);
                self.b.def_var(self.var(*dst, 0), cur);
                self.b.ins().brif(more, body, &[], done, &[]);
                return Ok(false);
            }
            other => return Err(Unsupported(format!("instruction {other:?}"))),
        }
        Ok(true)
    }

    /// `ForIter` over a range steps to `cur + step` before testing it
    /// against `stop`: past the last item that sum must not wrap around.
    /// It cannot when `stop` is at least a step away from the int64 limit
    /// it runs towards; a range closer than that (rare) bails out, and the
    /// interpreter iterates it.
    fn bail_if_range_step_may_wrap(&mut self, range: u32) {
        let stop = self.b.use_var(self.var(range, 2));
        let step = self.b.use_var(self.var(range, 3));
        let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
        // Up: the last item is below `stop`, so `stop <= MAX - step + 1`
        // keeps `last + step <= MAX` (wrapping arithmetic is only read
        // for the direction it is right for).
        let max = self.b.ins().iconst(types::I64, i64::MAX);
        let highest = self.b.ins().isub(max, step);
        let highest = self.b.ins().iadd_imm_s(highest, 1);
        let may_wrap_up = self.b.ins().icmp(IntCC::SignedGreaterThan, stop, highest);
        // Down: `stop >= MIN - (step + 1)` keeps `last + step >= MIN`.
        let min = self.b.ins().iconst(types::I64, i64::MIN);
        let step_plus_one = self.b.ins().iadd_imm_s(step, 1);
        let lowest = self.b.ins().isub(min, step_plus_one);
        let may_wrap_down = self.b.ins().icmp(IntCC::SignedLessThan, stop, lowest);
        let may_wrap = self.b.ins().select(up, may_wrap_up, may_wrap_down);
        self.bail_if(may_wrap);
    }

    fn block(&self, pc: u32) -> Block {
        self.blocks[pc as usize].expect("branch targets have blocks")
    }

    /// On a backward edge, stops when the computation was cancelled.
    fn cancel_check_if_backward(&mut self, pc: usize, target: u32) {
        if (target as usize) <= pc {
            self.cancel_check();
        }
    }

    /// The depth a native call made here runs at; bails out when it would
    /// pass [`MAX_NATIVE_DEPTH`].
    fn callee_depth(&mut self) -> CValue {
        let depth = self.b.ins().iadd_imm_s(self.call_depth, 1);
        let too_deep = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, depth, MAX_NATIVE_DEPTH);
        let cont = self.b.create_block();
        self.b.ins().brif(too_deep, self.bail, &[], cont, &[]);
        self.b.switch_to_block(cont);
        depth
    }

    /// Stops when the computation was cancelled (before backward jumps and
    /// calls, so loops and recursion both notice).
    fn cancel_check(&mut self) {
        let flag = self.b.ins().load(types::I8, MemFlagsData::trusted(), self.cancel, 0);
        let cont = self.b.create_block();
        self.b.ins().brif(flag, self.cancelled, &[], cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// `Instr::ParallelComprehension` in native code: over a range of at least 256
    /// items and with more than one thread, hands the comprehension to a
    /// parallel list kernel (`comprehensions::parallel_list`) and goes on at
    /// `done` with its list; otherwise (or when the kernel does not take
    /// it) the inline loop that follows builds the list. Only when every
    /// variable it reads is a scalar or a constant object and the loop
    /// builds a packed list.
    fn parallel_list(&mut self, pc: usize, dst: u32, ci: u32, iterable: u32, args: &[u32], done: u32) {
        let st = self.state(pc);
        if !matches!(st[iterable as usize], Ty::Range) {
            return;
        }
        let Some(Some(Ty::List(Some(elem)))) = self.inf.states.get(done as usize).map(|s| s.as_ref().map(|s| s[dst as usize].clone())) else { return };
        let Some(keys) = args.iter().map(|r| ArgKey::of_type(&st[*r as usize])).collect::<Option<Vec<_>>>() else { return };
        // Lists passed in stay with the inline loop (the kernel's
        // arguments are words rebuilt as values).
        if keys.iter().any(|k| matches!(k, ArgKey::Items(_) | ArgKey::Rows(_))) {
            return;
        }
        let Some(kernel) = self.func.code.children.get(ci as usize) else { return };
        let plan =
            Box::leak(Box::new(comprehensions::ListPlan { kernel: Arc::downgrade(kernel), globals: Arc::downgrade(&self.func.globals), args: keys, elem }));
        let start = self.b.use_var(self.var(iterable, 0));
        let stop = self.b.use_var(self.var(iterable, 2));
        let step = self.b.use_var(self.var(iterable, 3));
        // |stop - start| bounds the length: short ranges stay inline at once.
        let span = self.b.ins().isub(stop, start);
        let neg = self.b.ins().ineg(span);
        let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
        let span = self.b.ins().select(up, span, neg);
        let long = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, span, 256);
        let (call, inline) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(long, call, &[], inline, &[]);
        self.b.switch_to_block(call);
        let words = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 8 * plan.args.len().max(1) as u32, 3));
        for (i, (r, key)) in args.iter().zip(&plan.args).enumerate() {
            if let ArgKey::Scalar(_) = key {
                let w = self.word(pc, *r);
                self.b.ins().stack_store(types::I64, w, words, 8 * i as i32);
            }
        }
        let out = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 8, 3));
        let words_addr = self.b.ins().stack_addr(types::I64, words, 0);
        let out_addr = self.b.ins().stack_addr(types::I64, out, 0);
        let plan_addr = self.b.ins().iconst(types::I64, plan as *const comprehensions::ListPlan as i64);
        let status = self.call_address(
            comprehensions::parallel_list as *const () as usize,
            &[types::I64; 6],
            types::I64,
            &[plan_addr, start, stop, step, words_addr, out_addr],
        );
        let (taken, check) = (self.b.create_block(), self.b.create_block());
        let ok = self.b.ins().icmp_imm_s(IntCC::Equal, status, 0);
        self.b.ins().brif(ok, taken, &[], check, &[]);
        self.b.switch_to_block(taken);
        let list = self.b.ins().stack_load(types::I64, types::I64, out, 0);
        self.b.def_var(self.var(dst, 0), list);
        let done_block = self.block(done);
        self.b.ins().jump(done_block, &[]);
        self.b.switch_to_block(check);
        let not_taken = self.b.ins().icmp_imm_s(IntCC::Equal, status, comprehensions::NOT_TAKEN);
        self.b.ins().brif(not_taken, inline, &[], self.exit, &[BlockArg::from(status)]);
        self.b.switch_to_block(inline);
    }

    /// Stores a kernel's result in its `out` words (see
    /// [`kernel_signature`]) and returns status 0.
    fn kernel_return(&mut self) {
        let k = self.kernel.as_ref().expect("kernel");
        let (reduce, out, acc_int, acc_float, compensation, seen) = (k.reduce, k.out, k.acc_int, k.acc_float, k.compensation, k.seen);
        let store = |g: &mut Self, v: CValue, offset: i32| {
            g.b.ins().store(MemFlagsData::trusted(), v, out, offset);
        };
        let integer = self.inf.ret.is_integer_class() || reduce.stops_early();
        if reduce != Reduce::List {
            let v = if integer { self.b.use_var(acc_int) } else { self.b.use_var(acc_float) };
            store(self, v, 0);
        }
        if reduce == Reduce::Sum && !integer {
            let c = self.b.use_var(compensation);
            store(self, c, 8);
        }
        if matches!(reduce, Reduce::Sum | Reduce::Min | Reduce::Max) {
            let any = self.b.use_var(seen);
            store(self, any, 16);
        }
        self.release_all_lists();
        let ok = self.b.ins().iconst(types::I64, 0);
        self.b.ins().return_(&[ok]);
    }

    /// Feeds the item a kernel yields from register `src` to its reduction.
    fn reduce_item(&mut self, pc: usize, src: u32) {
        let k = self.kernel.as_ref().expect("yield is compiled in kernels only");
        match k.reduce {
            Reduce::Sum => {
                let (s, v) = self.read(pc, src);
                self.accumulate(s, v);
            }
            Reduce::Min | Reduce::Max => {
                let (s, v) = self.read(pc, src);
                self.keep_best(s, v);
            }
            Reduce::Any | Reduce::All => self.stop_if_decided(pc, src),
            Reduce::List => {
                let list = k.list.expect("a list kernel has its list");
                let word = self.word(pc, src);
                let list = self.b.use_var(list);
                self.list_append(list, word);
            }
        }
    }

    /// `min()`/`max()`: keeps the item when it is the first or beats the
    /// best so far (strictly, so the first of equal items stays, as in
    /// CPython). A NaN bails: CPython's answer then depends on where the
    /// NaN falls, which pieces combined out of order cannot follow.
    fn keep_best(&mut self, s: Scalar, v: CValue) {
        let k = self.kernel.as_ref().expect("kernel");
        let (want_max, acc_int, acc_float, seen) = (k.reduce == Reduce::Max, k.acc_int, k.acc_float, k.seen);
        let any = self.b.use_var(seen);
        let first = self.b.ins().icmp_imm_s(IntCC::Equal, any, 0);
        if s.is_integer_class() {
            let best = self.b.use_var(acc_int);
            let better = self.b.ins().icmp(if want_max { IntCC::SignedGreaterThan } else { IntCC::SignedLessThan }, v, best);
            let take = self.b.ins().bor(first, better);
            let kept = self.b.ins().select(take, v, best);
            self.b.def_var(acc_int, kept);
        } else {
            let nan = self.b.ins().fcmp(FloatCC::Unordered, v, v);
            self.bail_if(nan);
            let best = self.b.use_var(acc_float);
            let better = self.b.ins().fcmp(if want_max { FloatCC::GreaterThan } else { FloatCC::LessThan }, v, best);
            let take = self.b.ins().bor(first, better);
            let kept = self.b.ins().select(take, v, best);
            self.b.def_var(acc_float, kept);
        }
        let one = self.b.ins().iconst(types::I64, 1);
        self.b.def_var(seen, one);
    }

    /// `any()`/`all()`: a true item (for `any()`; a false one for `all()`)
    /// decides the answer, and the kernel returns at once.
    fn stop_if_decided(&mut self, pc: usize, src: u32) {
        let k = self.kernel.as_ref().expect("kernel");
        let (is_any, decided) = (k.reduce == Reduce::Any, k.acc_int);
        let truth = self.truth(pc, src);
        let decides = if is_any { truth } else { self.b.ins().icmp_imm_s(IntCC::Equal, truth, 0) };
        let (stop, cont) = (self.b.create_block(), self.b.create_block());
        self.b.set_cold_block(stop);
        self.b.ins().brif(decides, stop, &[], cont, &[]);
        self.b.switch_to_block(stop);
        let one = self.b.ins().iconst(types::I64, 1);
        self.b.def_var(decided, one);
        self.kernel_return();
        self.b.switch_to_block(cont);
    }

    /// Adds a yielded value to a kernel's sum, as `sum()` does: ints with
    /// an overflow check (bail: the interpreter sums into a big int),
    /// floats with Neumaier compensation where the client's CPython has it.
    fn accumulate(&mut self, s: Scalar, v: CValue) {
        let k = self.kernel.as_ref().expect("yield is compiled in kernels only");
        let (acc_int, acc_float, compensation, compensated, seen) = (k.acc_int, k.acc_float, k.compensation, k.compensated, k.seen);
        if s.is_integer_class() {
            let acc = self.b.use_var(acc_int);
            let r = self.checked(acc, v, |b, x, y| b.ins().sadd_overflow(x, y));
            self.b.def_var(acc_int, r);
            return;
        }
        let one = self.b.ins().iconst(types::I64, 1);
        self.b.def_var(seen, one);
        let f = self.b.use_var(acc_float);
        let t = self.b.ins().fadd(f, v);
        if compensated {
            let fa = self.b.ins().fabs(f);
            let va = self.b.ins().fabs(v);
            let f_larger = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, fa, va);
            let ft = self.b.ins().fsub(f, t);
            let when_f = self.b.ins().fadd(ft, v);
            let vt = self.b.ins().fsub(v, t);
            let when_v = self.b.ins().fadd(vt, f);
            let term = self.b.ins().select(f_larger, when_f, when_v);
            let c = self.b.use_var(compensation);
            let c2 = self.b.ins().fadd(c, term);
            self.b.def_var(compensation, c2);
        }
        self.b.def_var(acc_float, t);
    }

    /// Stores a constant number (or `None`) into its register's variable,
    /// so that paths joining it with computed values read it from there.
    fn store_known(&mut self, dst: u32, t: &Ty) {
        let (s, v) = match t {
            Ty::Known(Value::Int(i)) => (Scalar::Int, self.b.ins().iconst(types::I64, *i)),
            Ty::Known(Value::Bool(x)) => (Scalar::Bool, self.b.ins().iconst(types::I64, *x as i64)),
            Ty::Known(Value::Float(f)) => (Scalar::Float, self.b.ins().f64const(*f)),
            Ty::None => (Scalar::None, self.b.ins().iconst(types::I64, 0)),
            _ => return,
        };
        self.write(dst, s, v);
    }

    fn copy(&mut self, st: &[Ty], dst: u32, src: u32) {
        let ks: &[usize] = match &st[src as usize] {
            Ty::Int | Ty::Bool | Ty::None => &[0],
            Ty::Float => &[1],
            Ty::Num => &[1, 2],
            Ty::Range | Ty::RangeIter => &[0, 2, 3],
            Ty::List(_) => &[0],
            Ty::ListIter(_) => &[0, 2],
            Ty::Items(_) | Ty::Rows(_) | Ty::Wide => &[0, 2],
            Ty::ItemsIter(_) | Ty::RowsIter(_) => &[0, 2, 3],
            _ => &[],
        };
        for &k in ks {
            let v = self.b.use_var(self.var(src, k));
            self.b.def_var(self.var(dst, k), v);
        }
    }

    fn binop(&mut self, pc: usize, op: BinOp, dst: u32, a: u32, b: u32) {
        // `sum(ints) / n`: the 128-bit sum divided exactly by the runtime.
        if op == BinOp::TrueDiv && matches!(self.state(pc)[a as usize], Ty::Wide) && wide_divisor(&self.state(pc)[b as usize]) {
            let lo = self.b.use_var(self.var(a, 0));
            let hi = self.b.use_var(self.var(a, 2));
            let y = self.int(pc, b);
            let q = self.call_runtime_float(shims::wide_truediv as *const () as usize, &[types::I64; 3], &[lo, hi, y]);
            self.write(dst, Scalar::Float, q);
            return;
        }
        // An int-or-float operand meets a float: float arithmetic.
        let arith = |g: &Self, r: u32| if matches!(g.state(pc)[r as usize], Ty::Num) { Scalar::Float } else { g.scalar_of(pc, r) };
        let bools = arith(self, a) == Scalar::Bool && arith(self, b) == Scalar::Bool;
        let (sa, sb) = (arith(self, a).arith(), arith(self, b).arith());
        if sa == Scalar::Int && sb == Scalar::Int {
            let x = self.int(pc, a);
            let y = self.int(pc, b);
            let known = |r: u32| match self.state(pc)[r as usize] {
                Ty::Known(Value::Int(k)) => Some(k),
                _ => None,
            };
            let plus_constant = match (op, known(a), known(b)) {
                (BinOp::Add, _, Some(k)) => Some((x, k)),
                (BinOp::Add, Some(k), _) => Some((y, k)),
                (BinOp::Sub, _, Some(k)) if k != i64::MIN => Some((x, -k)),
                _ => None,
            };
            if let Some((v, k)) = plus_constant {
                let r = self.add_constant(v, k);
                self.write(dst, Scalar::Int, r);
                return;
            }
            let r = match op {
                BinOp::Add => self.checked(x, y, |b, x, y| b.ins().sadd_overflow(x, y)),
                BinOp::Sub => self.checked(x, y, |b, x, y| b.ins().ssub_overflow(x, y)),
                BinOp::Mul => self.checked(x, y, |b, x, y| b.ins().smul_overflow(x, y)),
                BinOp::BitAnd => self.b.ins().band(x, y),
                BinOp::BitOr => self.b.ins().bor(x, y),
                BinOp::BitXor => self.b.ins().bxor(x, y),
                BinOp::FloorDiv | BinOp::Mod => match self.state(pc)[b as usize] {
                    Ty::Known(Value::Int(k)) if k > 0 && (k as u64).is_power_of_two() => self.floor_div_or_mod_by_power_of_two(x, k, op == BinOp::FloorDiv),
                    _ => self.floor_div_or_mod(x, y, op == BinOp::FloorDiv),
                },
                BinOp::Pow => {
                    let e = match &self.state(pc)[b as usize] {
                        Ty::Known(Value::Int(e)) => *e,
                        _ => unreachable!("inference allows small constant exponents only"),
                    };
                    let mut acc = self.b.ins().iconst(types::I64, 1);
                    for _ in 0..e {
                        acc = self.checked(acc, x, |b, x, y| b.ins().smul_overflow(x, y));
                    }
                    acc
                }
                BinOp::TrueDiv => {
                    let zero = self.b.ins().icmp_imm_s(IntCC::Equal, y, 0);
                    self.bail_if(zero);
                    // Both exact as floats: one float division is correctly
                    // rounded; otherwise the runtime's long division.
                    let exact_x = self.exact_in_float(x);
                    let exact_y = self.exact_in_float(y);
                    let exact = self.b.ins().band(exact_x, exact_y);
                    let q = self.either(
                        exact,
                        types::F64,
                        |g| {
                            let fx = g.b.ins().fcvt_from_sint(types::F64, x);
                            let fy = g.b.ins().fcvt_from_sint(types::F64, y);
                            g.b.ins().fdiv(fx, fy)
                        },
                        |g| g.call_runtime_float(shims::int_truediv as *const () as usize, &[types::I64, types::I64], &[x, y]),
                    );
                    self.write(dst, Scalar::Float, q);
                    return;
                }
                _ => unreachable!("inference rejects other int operators"),
            };
            let bitwise = matches!(op, BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor);
            self.write(dst, if bools && bitwise { Scalar::Bool } else { Scalar::Int }, r);
            return;
        }
        let x = self.float(pc, a);
        let y = self.float(pc, b);
        // `c + x` as `x + c` (the same bits): x86 takes a constant from
        // memory only as the second operand.
        let (p, q) = match (&self.state(pc)[a as usize], &self.state(pc)[b as usize]) {
            (Ty::Known(_), t) if !matches!(t, Ty::Known(_)) => (y, x),
            _ => (x, y),
        };
        let r = match op {
            BinOp::Add => self.b.ins().fadd(p, q),
            BinOp::Sub => self.b.ins().fsub(x, y),
            BinOp::Mul => self.b.ins().fmul(p, q),
            BinOp::TrueDiv => {
                let z = self.b.ins().f64const(0.0);
                let zero = self.b.ins().fcmp(FloatCC::Equal, y, z);
                self.bail_if(zero);
                self.b.ins().fdiv(x, y)
            }
            BinOp::Pow => {
                let square_root = matches!(self.state(pc)[b as usize], Ty::Known(Value::Float(e)) if e == 0.5);
                if square_root && sa == Scalar::Int {
                    let i = self.int(pc, a);
                    self.int_square_root(i, x, y)
                } else {
                    self.float_pow(x, y, square_root)
                }
            }
            _ => self.call_float_binop(op, x, y),
        };
        self.write(dst, Scalar::Float, r);
    }

    /// `x + k` for a constant `k`; bails on overflow, which shows as the
    /// sum moving the wrong way from `x` (a compare and a branch, where
    /// the overflow flag would take three instructions on x86).
    fn add_constant(&mut self, x: CValue, k: i64) -> CValue {
        let r = self.b.ins().iadd_imm_s(x, k);
        let wrong_way = if k >= 0 { IntCC::SignedLessThan } else { IntCC::SignedGreaterThan };
        let overflow = self.b.ins().icmp(wrong_way, r, x);
        self.bail_if(overflow);
        r
    }

    /// `x op y` with an overflow flag; bails on overflow.
    fn checked(&mut self, x: CValue, y: CValue, op: impl FnOnce(&mut FunctionBuilder<'b>, CValue, CValue) -> (CValue, CValue)) -> CValue {
        let (r, of) = op(&mut self.b, x, y);
        self.bail_if(of);
        r
    }

    /// Python's floor division (`want_quotient`) or modulo of an int by a
    /// constant power of two `k`: an arithmetic shift (which rounds toward
    /// minus infinity, as `//` does) or a mask (the remainder takes the
    /// divisor's sign, so it is never negative).
    fn floor_div_or_mod_by_power_of_two(&mut self, x: CValue, k: i64, want_quotient: bool) -> CValue {
        if want_quotient {
            self.b.ins().sshr_imm_s(x, k.trailing_zeros() as i64)
        } else {
            self.b.ins().band_imm_s(x, k - 1)
        }
    }

    /// Python's floor division (`want_quotient`) or modulo of ints (bails
    /// on zero and on `MIN // -1`). A dividend in `0..2**31` and a divisor
    /// in `1..=2**31` take a 32-bit unsigned divide, where the signs need
    /// no adjustment: one test, `x | (y - 1) < 2**31`, admits exactly
    /// those (a zero divisor wraps to all ones), so the zero check is
    /// made only on the general path.
    fn floor_div_or_mod(&mut self, x: CValue, y: CValue, want_quotient: bool) -> CValue {
        let y_less_one = self.b.ins().iadd_imm_s(y, -1);
        let both = self.b.ins().bor(x, y_less_one);
        let small = self.b.ins().icmp_imm_s(IntCC::UnsignedLessThan, both, 1 << 31);
        self.either(
            small,
            types::I64,
            |g| {
                let x32 = g.b.ins().ireduce(types::I32, x);
                let y32 = g.b.ins().ireduce(types::I32, y);
                let r32 = if want_quotient { g.b.ins().udiv(x32, y32) } else { g.b.ins().urem(x32, y32) };
                g.b.ins().uextend(types::I64, r32)
            },
            |g| {
                let zero = g.b.ins().icmp_imm_s(IntCC::Equal, y, 0);
                g.bail_if(zero);
                let is_min = g.b.ins().icmp_imm_s(IntCC::Equal, x, i64::MIN);
                let minus_one = g.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
                let overflow = g.b.ins().band(is_min, minus_one);
                g.bail_if(overflow);
                let rem = g.b.ins().srem(x, y);
                let nonzero = g.b.ins().icmp_imm_s(IntCC::NotEqual, rem, 0);
                let signs = g.b.ins().bxor(rem, y);
                let differ = g.b.ins().icmp_imm_s(IntCC::SignedLessThan, signs, 0);
                let adjust = g.b.ins().band(nonzero, differ);
                if want_quotient {
                    let q = g.b.ins().sdiv(x, y);
                    let adjust64 = g.b.ins().uextend(types::I64, adjust);
                    g.b.ins().isub(q, adjust64)
                } else {
                    let ry = g.b.ins().iadd(rem, y);
                    g.b.ins().select(adjust, ry, rem)
                }
            },
        )
    }

    fn unary(&mut self, pc: usize, op: UnaryOp, dst: u32, a: u32) {
        let s = self.scalar_of(pc, a).arith();
        match (op, s) {
            (UnaryOp::Not, _) => {
                let t = self.truth(pc, a);
                let one = self.b.ins().iconst(types::I8, 1);
                let n = self.b.ins().bxor(t, one);
                let v = self.b.ins().uextend(types::I64, n);
                self.write(dst, Scalar::Bool, v);
            }
            (UnaryOp::Neg, Scalar::Int) => {
                let x = self.int(pc, a);
                let min = self.b.ins().icmp_imm_s(IntCC::Equal, x, i64::MIN);
                self.bail_if(min);
                let v = self.b.ins().ineg(x);
                self.write(dst, Scalar::Int, v);
            }
            (UnaryOp::Pos, Scalar::Int) => {
                let x = self.int(pc, a);
                self.write(dst, Scalar::Int, x);
            }
            (UnaryOp::Invert, Scalar::Int) => {
                let x = self.int(pc, a);
                let v = self.b.ins().bnot(x);
                self.write(dst, Scalar::Int, v);
            }
            (UnaryOp::Neg, _) => {
                let x = self.float(pc, a);
                let v = self.b.ins().fneg(x);
                self.write(dst, Scalar::Float, v);
            }
            (_, _) => {
                let x = self.float(pc, a);
                self.write(dst, Scalar::Float, x);
            }
        }
    }

    /// `a op b` as an `i8` condition.
    fn compare(&mut self, pc: usize, op: CmpOp, a: u32, b: u32) -> CValue {
        let (sa, sb) = (self.scalar_of(pc, a), self.scalar_of(pc, b));
        if sa.is_integer_class() && sb.is_integer_class() {
            let x = self.int(pc, a);
            let y = self.int(pc, b);
            let cc = match op {
                CmpOp::Eq => IntCC::Equal,
                CmpOp::NotEq => IntCC::NotEqual,
                CmpOp::Lt => IntCC::SignedLessThan,
                CmpOp::LtE => IntCC::SignedLessThanOrEqual,
                CmpOp::Gt => IntCC::SignedGreaterThan,
                _ => IntCC::SignedGreaterThanOrEqual,
            };
            return self.b.ins().icmp(cc, x, y);
        }
        // An int compared with a float: exact when the int converts exactly.
        if sa.is_integer_class() {
            let x = self.int(pc, a);
            self.check_exact_in_float(x);
        }
        if sb.is_integer_class() {
            let y = self.int(pc, b);
            self.check_exact_in_float(y);
        }
        let x = self.float(pc, a);
        let y = self.float(pc, b);
        let cc = match op {
            CmpOp::Eq => FloatCC::Equal,
            CmpOp::NotEq => FloatCC::NotEqual,
            CmpOp::Lt => FloatCC::LessThan,
            CmpOp::LtE => FloatCC::LessThanOrEqual,
            CmpOp::Gt => FloatCC::GreaterThan,
            _ => FloatCC::GreaterThanOrEqual,
        };
        self.b.ins().fcmp(cc, x, y)
    }

    /// For a body that builds lists: takes the arena mark its lists come
    /// after, and computes its liveness.
    fn enter_list_scope(&mut self) -> Option<(Variable, Vec<liveness::RegSet>)> {
        let ir = &self.func.code.ir;
        if !liveness::builds_lists(ir) {
            return None;
        }
        let mark = self.call_address(lists::list_mark as *const () as usize, &[], types::I64, &[]);
        let var = self.b.declare_var(types::I64);
        self.b.def_var(var, mark);
        Some((var, liveness::live_in(ir)))
    }

    /// Frees every list the current body built (it is returning: its
    /// result is a scalar, so none of them escapes).
    fn release_all_lists(&mut self) {
        if let Some((mark, _)) = &self.lists {
            let m = self.b.use_var(*mark);
            self.call_void(lists::list_release as *const () as usize, &[types::I64], &[m]);
        }
    }

    /// Before a list is built at `pc` (into `dst`): when no live register
    /// of the current body holds a list, every list it built so far is
    /// unreachable, and they are freed (a loop building a list per
    /// iteration then keeps one at a time).
    fn release_dead_lists(&mut self, pc: usize, dst: u32) {
        let Some((_, live)) = &self.lists else { return };
        let st = self.state(pc);
        let holds_list = live[pc].iter().any(|r| r != dst && matches!(st[r as usize], Ty::List(_) | Ty::ListIter(_)));
        if !holds_list {
            self.release_all_lists();
        }
    }

    /// Register `r` (a scalar) as the 64-bit word a packed list stores.
    fn word(&mut self, pc: usize, r: u32) -> CValue {
        match self.scalar_of(pc, r) {
            Scalar::Float => {
                let x = self.float(pc, r);
                self.b.ins().bitcast(types::I64, MemFlagsData::new(), x)
            }
            _ => self.int(pc, r),
        }
    }

    /// Writes a packed list's word into register `dst` as an element of type `elem`.
    fn write_word(&mut self, dst: u32, elem: Scalar, word: CValue) {
        let v = if elem.is_integer_class() { word } else { self.b.ins().bitcast(types::F64, MemFlagsData::new(), word) };
        self.write(dst, elem, v);
    }

    /// Element `index` (in range) of a packed list.
    fn list_word(&mut self, list: CValue, index: CValue) -> CValue {
        let data = self.b.ins().load(types::I64, MemFlagsData::trusted(), list, lists::DATA_OFFSET);
        let offset = self.b.ins().ishl_imm_u(index, 3);
        let at = self.b.ins().iadd(data, offset);
        self.b.ins().load(types::I64, MemFlagsData::trusted(), at, 0)
    }

    /// The head of the `for` at `pc` over items `index..len`: leaves for
    /// `exit` when none is left, else goes on in a new block that reads the
    /// next item. Returns the loop body's block, for the jump after it.
    fn for_head(&mut self, pc: usize, exit: u32, index: CValue, len: CValue) -> Block {
        let more = self.b.ins().icmp(IntCC::SignedLessThan, index, len);
        let load = self.b.create_block();
        let body = self.block(pc as u32 + 1);
        let done = self.block(exit);
        self.b.ins().brif(more, load, &[], done, &[]);
        self.b.switch_to_block(load);
        body
    }

    /// Index `i` of a sequence of `len` items as a position: a negative
    /// index counts from the end; out of range bails out (the interpreter
    /// raises the `IndexError`).
    fn in_range_index(&mut self, i: CValue, len: CValue) -> CValue {
        let from_end = self.b.ins().iadd(i, len);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
        let i = self.b.ins().select(negative, from_end, i);
        let outside = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, len);
        self.bail_if(outside);
        i
    }

    /// The address of runtime value `index` at `data`, and its tag byte.
    fn slot_and_tag(&mut self, data: CValue, index: CValue) -> (CValue, CValue) {
        let offset = self.b.ins().imul_imm_s(index, items::ITEM_SIZE);
        let at = self.b.ins().iadd(data, offset);
        let tag = self.b.ins().uload8(types::I64, MemFlagsData::trusted().with_readonly(), at, items::TAG_OFFSET);
        (at, tag)
    }

    /// Item `index` (in range) of the runtime values at `data`, as a value
    /// of type `elem`; bails out when the item is of another type.
    fn item(&mut self, data: CValue, index: CValue, elem: Scalar) -> CValue {
        let (at, tag) = self.slot_and_tag(data, index);
        let other = self.b.ins().icmp_imm_s(IntCC::NotEqual, tag, items::tag(elem) as i64);
        self.bail_if(other);
        let flags = MemFlagsData::trusted().with_readonly();
        match elem {
            Scalar::Float => self.b.ins().load(types::F64, flags, at, items::WORD_OFFSET),
            Scalar::Bool => self.b.ins().uload8(types::I64, flags, at, items::BOOL_OFFSET),
            Scalar::Int | Scalar::None => self.b.ins().load(types::I64, flags, at, items::WORD_OFFSET),
        }
    }

    /// A list or tuple passed in (or an iterator over one) in register `r`
    /// of type `t`: whether it holds rows, the item type, and its items'
    /// address and length.
    fn sequence(&mut self, t: &Ty, r: u32) -> (bool, Scalar, CValue, CValue) {
        let (rows, elem) = match *t {
            Ty::Rows(e) | Ty::RowsIter(e) => (true, e),
            Ty::Items(e) | Ty::ItemsIter(e) => (false, e),
            _ => unreachable!("called for lists passed in"),
        };
        (rows, elem, self.b.use_var(self.var(r, 0)), self.b.use_var(self.var(r, 2)))
    }

    /// Writes element `index` (in range) of the `Items` or `Rows` (`rows`)
    /// at `data` into register `dst`: an item of type `elem`, or a row.
    fn write_element(&mut self, dst: u32, data: CValue, index: CValue, rows: bool, elem: Scalar) {
        if rows {
            let (row_data, row_len) = self.row(data, index);
            self.b.def_var(self.var(dst, 0), row_data);
            self.b.def_var(self.var(dst, 2), row_len);
        } else {
            let v = self.item(data, index, elem);
            self.write(dst, elem, v);
        }
    }

    /// Row `index` (in range) of the rows at `data`: its items' address and
    /// length; bails out when the item is not a list or tuple.
    fn row(&mut self, data: CValue, index: CValue) -> (CValue, CValue) {
        let (ptr_offset, len_offset) = items::vec_offsets().expect("rows are keyed only when the offsets are known");
        let (list_tag, tuple_tag) = items::sequence_tags();
        let (at, tag) = self.slot_and_tag(data, index);
        let flags = MemFlagsData::trusted().with_readonly();
        let is_list = self.b.ins().icmp_imm_s(IntCC::Equal, tag, list_tag as i64);
        let is_tuple = self.b.ins().icmp_imm_s(IntCC::Equal, tag, tuple_tag as i64);
        let sequence = self.b.ins().bor(is_list, is_tuple);
        let other = self.b.ins().bxor_imm_s(sequence, 1);
        self.bail_if(other);
        let shared = self.b.ins().load(types::I64, flags, at, items::WORD_OFFSET);
        let row_data = self.b.ins().load(types::I64, flags, shared, ptr_offset);
        let row_len = self.b.ins().load(types::I64, flags, shared, len_offset);
        (row_data, row_len)
    }

    /// `len()`, `sum()`, `min()` and `max()` of a list or tuple passed in.
    fn items_builtin(&mut self, pc: usize, name: &str, dst: u32, arg: u32) -> Result<(), Unsupported> {
        let Ty::Items(elem) = self.state(pc)[arg as usize] else { unreachable!("called for items only") };
        let data = self.b.use_var(self.var(arg, 0));
        let len = self.b.use_var(self.var(arg, 2));
        let code = self.b.ins().iconst(types::I64, items::code(elem));
        let (result, word) = match name {
            "len" => {
                self.write(dst, Scalar::Int, len);
                return Ok(());
            }
            "sum" if elem == Scalar::Int => {
                let (lo, hi) = self.call_runtime_out2(items::items_sum_wide as *const () as usize, &[types::I64; 2], &[data, len]);
                self.b.def_var(self.var(dst, 0), lo);
                self.b.def_var(self.var(dst, 2), hi);
                return Ok(());
            }
            "sum" => {
                let ty = if elem == Scalar::Float { Scalar::Float } else { Scalar::Int };
                (ty, self.call_runtime_out(items::items_sum as *const () as usize, &[types::I64; 3], &[data, len, code], types::I64))
            }
            "min" | "max" => {
                let want_max = self.b.ins().iconst(types::I64, (name == "max") as i64);
                (elem, self.call_runtime_out(items::items_extreme as *const () as usize, &[types::I64; 4], &[data, len, code, want_max], types::I64))
            }
            _ => return Err(Unsupported(format!("builtin {name}() of a list"))),
        };
        self.write_word(dst, result, word);
        Ok(())
    }

    /// Appends a word to a packed list: inline while there is room, the
    /// runtime grows it when full.
    fn list_append(&mut self, list: CValue, word: CValue) {
        let len = self.b.ins().load(types::I64, MemFlagsData::trusted(), list, lists::LEN_OFFSET);
        let cap = self.b.ins().load(types::I64, MemFlagsData::trusted(), list, lists::CAP_OFFSET);
        let full = self.b.ins().icmp(IntCC::Equal, len, cap);
        let grow = self.b.create_block();
        let store = self.b.create_block();
        self.b.ins().brif(full, grow, &[], store, &[]);
        self.b.switch_to_block(grow);
        self.b.set_cold_block(grow);
        self.cold(|g| g.call_void(lists::list_grow as *const () as usize, &[types::I64], &[list]));
        self.b.ins().jump(store, &[]);
        self.b.switch_to_block(store);
        let data = self.b.ins().load(types::I64, MemFlagsData::trusted(), list, lists::DATA_OFFSET);
        let offset = self.b.ins().ishl_imm_u(len, 3);
        let at = self.b.ins().iadd(data, offset);
        self.b.ins().store(MemFlagsData::trusted(), word, at, 0);
        let len1 = self.b.ins().iadd_imm_s(len, 1);
        self.b.ins().store(MemFlagsData::trusted(), len1, list, lists::LEN_OFFSET);
    }

    /// `len()` and `sum()` of a packed list.
    fn list_builtin(&mut self, pc: usize, name: &str, dst: u32, arg: u32) -> Result<(), Unsupported> {
        let Ty::List(elem) = self.state(pc)[arg as usize] else { unreachable!("called for lists only") };
        let list = self.b.use_var(self.var(arg, 0));
        match (name, elem) {
            ("len", _) => {
                let len = self.b.ins().load(types::I64, MemFlagsData::trusted(), list, lists::LEN_OFFSET);
                self.write(dst, Scalar::Int, len);
            }
            ("sum", Some(Scalar::Float)) => {
                let total = self.call_runtime_out(lists::list_sum_float as *const () as usize, &[types::I64], &[list], types::F64);
                self.write(dst, Scalar::Float, total);
            }
            ("sum", Some(Scalar::Int)) => {
                let (lo, hi) = self.call_runtime_out2(lists::list_sum_wide as *const () as usize, &[types::I64], &[list]);
                self.b.def_var(self.var(dst, 0), lo);
                self.b.def_var(self.var(dst, 2), hi);
            }
            ("sum", _) => {
                let total = self.call_runtime_out(lists::list_sum_int as *const () as usize, &[types::I64], &[list], types::I64);
                self.write(dst, Scalar::Int, total);
            }
            ("min" | "max", Some(e)) => {
                let want_max = self.b.ins().iconst(types::I64, (name == "max") as i64);
                let (addr, ty) = match e {
                    Scalar::Float => (lists::list_extreme_float as *const () as usize, types::F64),
                    _ => (lists::list_extreme_int as *const () as usize, types::I64),
                };
                let best = self.call_runtime_out(addr, &[types::I64, types::I64], &[list, want_max], ty);
                self.write(dst, e, best);
            }
            _ => return Err(Unsupported(format!("builtin {name}() of a list"))),
        }
        Ok(())
    }

    fn builtin_call(&mut self, pc: usize, name: &str, dst: u32, args: &[u32]) -> Result<(), Unsupported> {
        if let [arg] = args {
            if matches!(self.state(pc)[*arg as usize], Ty::List(_)) {
                return self.list_builtin(pc, name, dst, *arg);
            }
            if matches!(self.state(pc)[*arg as usize], Ty::Items(_)) {
                return self.items_builtin(pc, name, dst, *arg);
            }
            if let (Ty::Rows(_), "len") = (&self.state(pc)[*arg as usize], name) {
                let len = self.b.use_var(self.var(*arg, 2));
                self.write(dst, Scalar::Int, len);
                return Ok(());
            }
        }
        match (name, args.len()) {
            ("range", _) => {
                let (start, stop, step) = match args.len() {
                    1 => {
                        let z = self.b.ins().iconst(types::I64, 0);
                        let one = self.b.ins().iconst(types::I64, 1);
                        (z, self.int(pc, args[0]), one)
                    }
                    2 => {
                        let one = self.b.ins().iconst(types::I64, 1);
                        (self.int(pc, args[0]), self.int(pc, args[1]), one)
                    }
                    _ => (self.int(pc, args[0]), self.int(pc, args[1]), self.int(pc, args[2])),
                };
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, step, 0);
                self.bail_if(zero);
                self.b.def_var(self.var(dst, 0), start);
                self.b.def_var(self.var(dst, 2), stop);
                self.b.def_var(self.var(dst, 3), step);
            }
            ("abs", 1) => match self.scalar_of(pc, args[0]).arith() {
                Scalar::Int => {
                    let x = self.int(pc, args[0]);
                    let min = self.b.ins().icmp_imm_s(IntCC::Equal, x, i64::MIN);
                    self.bail_if(min);
                    let n = self.b.ins().ineg(x);
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                    let v = self.b.ins().select(neg, n, x);
                    self.write(dst, Scalar::Int, v);
                }
                _ => {
                    let x = self.float(pc, args[0]);
                    let v = self.b.ins().fabs(x);
                    self.write(dst, Scalar::Float, v);
                }
            },
            ("float", 1) => {
                let x = self.float(pc, args[0]);
                self.write(dst, Scalar::Float, x);
            }
            ("int", 1) => match self.scalar_of(pc, args[0]).arith() {
                Scalar::Int => {
                    let x = self.int(pc, args[0]);
                    self.write(dst, Scalar::Int, x);
                }
                _ => {
                    let x = self.float(pc, args[0]);
                    let t = self.b.ins().trunc(x);
                    // In range for i64 (NaN fails both tests).
                    let lo = self.b.ins().f64const(i64::MIN as f64);
                    let hi = self.b.ins().f64const(-(i64::MIN as f64));
                    let ge = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, t, lo);
                    let lt = self.b.ins().fcmp(FloatCC::LessThan, t, hi);
                    let ok = self.b.ins().band(ge, lt);
                    let bad = self.b.ins().bxor_imm_s(ok, 1);
                    self.bail_if(bad);
                    let v = self.b.ins().fcvt_to_sint(types::I64, t);
                    self.write(dst, Scalar::Int, v);
                }
            },
            _ => return Err(Unsupported(format!("builtin {name}()"))),
        }
        Ok(())
    }

    /// The scalar arguments of a call with signature `sig` (constants passed
    /// as arguments take no value).
    fn scalar_args(&mut self, pc: usize, args: &[u32], keys: &[ArgKey]) -> Vec<CValue> {
        let mut values = Vec::with_capacity(args.len());
        for (r, k) in args.iter().zip(keys) {
            match k {
                ArgKey::Scalar(s) => values.push(if s.is_integer_class() { self.int(pc, *r) } else { self.float(pc, *r) }),
                ArgKey::Items(_) | ArgKey::Rows(_) => {
                    values.push(self.b.use_var(self.var(*r, 0)));
                    values.push(self.b.use_var(self.var(*r, 2)));
                }
                ArgKey::Obj(_) => {}
            }
        }
        values
    }

    /// Two independent recursive calls: run in parallel through the
    /// runtime's fork-join when the pool has room for another task (few
    /// forked tasks wait to start), otherwise one after the other as direct
    /// calls. Either way each call's result is the same.
    fn fork_join(&mut self, dst_a: u32, args_a: Vec<CValue>, dst_b: u32, args_b: Vec<CValue>, linker: &mut dyn Linker) {
        self.cancel_check();
        let ret = self.root_ret;
        let go = self.fork_room();
        let cell = self.self_entry as i64;
        let a = ForkCall { id: self.self_id, ret, args: args_a };
        let b = ForkCall { id: self.self_id, ret, args: args_b };
        let [va, vb] = self.fork_or_call(go, a, b, linker, &|g, [pa, pb, pout]| {
            let cell = g.b.ins().iconst(types::I64, cell);
            let cancel = g.cancel;
            g.call_address(crate::parallel::join2 as *const () as usize, &[types::I64; 5], types::I64, &[cell, cancel, pa, pb, pout])
        });
        self.write(dst_a, ret, va);
        self.write(dst_b, ret, vb);
    }

    /// Two independent calls of other compiled functions: in parallel
    /// through the runtime's fork-join when a heartbeat has passed since
    /// the last such fork and few forked tasks wait, otherwise one after
    /// the other as direct calls. Either way each call's result is the same
    /// and the first call's error comes first.
    fn fork_join_calls(&mut self, first: (UserCall, Vec<CValue>), second: (UserCall, Vec<CValue>), linker: &mut dyn Linker) -> Result<(), Unsupported> {
        let ((call_a, args_a), (call_b, args_b)) = (first, second);
        let (id_a, ret_a) = linker.callee(&call_a.callee, &call_a.sig)?;
        let (id_b, ret_b) = linker.callee(&call_b.callee, &call_b.sig)?;
        let (Some(entry_a), Some(entry_b)) = (linker.callee_entry(&call_a.callee, &call_a.sig), linker.callee_entry(&call_b.callee, &call_b.sig)) else {
            return Err(Unsupported("a paired callee has no entry".into()));
        };
        self.cancel_check();
        let room = self.fork_room();
        let beat_addr = self.b.ins().iconst(types::I64, &crate::parallel::BEAT as *const _ as i64);
        let beat = self.b.ins().load(types::I8, MemFlagsData::trusted(), beat_addr, 0);
        let beat = self.b.ins().icmp_imm_s(IntCC::NotEqual, beat, 0);
        let go = self.b.ins().band(room, beat);
        let a = ForkCall { id: id_a, ret: ret_a, args: args_a };
        let b = ForkCall { id: id_b, ret: ret_b, args: args_b };
        let [va, vb] = self.fork_or_call(go, a, b, linker, &|g, [pa, pb, pout]| {
            let ea = g.b.ins().iconst(types::I64, entry_a as i64);
            let eb = g.b.ins().iconst(types::I64, entry_b as i64);
            let cancel = g.cancel;
            g.call_address(crate::parallel::join_calls as *const () as usize, &[types::I64; 6], types::I64, &[ea, eb, cancel, pa, pb, pout])
        });
        self.write(call_a.dst, ret_a, va);
        self.write(call_b.dst, ret_b, vb);
        Ok(())
    }

    /// Whether fewer forks are in flight than the limit allows (an `i8`).
    fn fork_room(&mut self) -> CValue {
        let limit_addr = self.b.ins().iconst(types::I64, &crate::parallel::FORK_LIMIT as *const _ as i64);
        let pending_addr = self.b.ins().iconst(types::I64, &crate::parallel::PENDING_FORKS as *const _ as i64);
        let limit = self.b.ins().load(types::I64, MemFlagsData::trusted(), limit_addr, 0);
        let pending = self.b.ins().load(types::I64, MemFlagsData::trusted(), pending_addr, 0);
        self.b.ins().icmp(IntCC::SignedLessThan, pending, limit)
    }

    /// A fork point: when `go`, `join` (given the addresses of the two
    /// argument arrays and of the two result words) runs both calls through
    /// the runtime and returns the first non-zero status; otherwise the
    /// calls run directly, one after the other. A non-zero status leaves
    /// through the exit; the results come back typed.
    fn fork_or_call(&mut self, go: CValue, a: ForkCall, b: ForkCall, linker: &mut dyn Linker, join: &dyn Fn(&mut Self, [CValue; 3]) -> CValue) -> [CValue; 2] {
        let (fork, sequential, joined) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.append_block_param(joined, clif_type(a.ret));
        self.b.append_block_param(joined, clif_type(b.ret));
        self.b.ins().brif(go, fork, &[], sequential, &[]);

        self.b.switch_to_block(fork);
        let mut arrays = Vec::with_capacity(2);
        for call in [&a, &b] {
            let slot = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, (8 * call.args.len().max(1)) as u32, 3));
            for (i, v) in call.args.iter().enumerate() {
                self.b.ins().stack_store(types::I64, *v, slot, (8 * i) as i32);
            }
            arrays.push(self.b.ins().stack_addr(types::I64, slot, 0));
        }
        let slot_out = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 16, 3));
        let pout = self.b.ins().stack_addr(types::I64, slot_out, 0);
        let status = join(self, [arrays[0], arrays[1], pout]);
        let ok = self.b.create_block();
        self.b.ins().brif(status, self.exit, &[BlockArg::from(status)], ok, &[]);
        self.b.switch_to_block(ok);
        let va = self.b.ins().stack_load(types::I64, clif_type(a.ret), slot_out, 0);
        let vb = self.b.ins().stack_load(types::I64, clif_type(b.ret), slot_out, 8);
        self.b.ins().jump(joined, &[BlockArg::from(va), BlockArg::from(vb)]);

        self.b.switch_to_block(sequential);
        let mut results = Vec::with_capacity(2);
        let depth = self.callee_depth();
        for call in [a, b] {
            let fref = linker.module().declare_func_in_func(call.id, self.b.func);
            let mut argv = vec![self.cancel, depth];
            argv.extend(call.args);
            let inst = self.b.ins().call(fref, &argv);
            let r = self.b.inst_results(inst).to_vec();
            let cont = self.b.create_block();
            self.b.ins().brif(r[0], self.exit, &[BlockArg::from(r[0])], cont, &[]);
            self.b.switch_to_block(cont);
            results.push(r[1]);
        }
        self.b.ins().jump(joined, &[BlockArg::from(results[0]), BlockArg::from(results[1])]);

        self.b.switch_to_block(joined);
        let p = self.b.block_params(joined).to_vec();
        [p[0], p[1]]
    }

    fn call(&mut self, pc: usize, target: Target, dst: u32, args: &[u32], linker: &mut dyn Linker) -> Result<(), Unsupported> {
        match target {
            Target::Builtin(name) => self.builtin_call(pc, name, dst, args),
            Target::Math(b) => {
                // An int (or bool) argument converts to a finite float.
                let finite = !matches!(self.scalar_of(pc, args[0]), Scalar::Float);
                let x = self.float(pc, args[0]);
                let r = self.call_math(b, x, finite);
                self.write(dst, Scalar::Float, r);
                Ok(())
            }
            Target::User { func, receiver } => self.user_call(pc, &func, receiver, dst, args, linker),
        }
    }

    fn user_call(
        &mut self,
        pc: usize,
        callee: &Arc<Function>,
        receiver: Option<Value>,
        dst: u32,
        args: &[u32],
        linker: &mut dyn Linker,
    ) -> Result<(), Unsupported> {
        let st = self.state(pc);
        let mut keys: Vec<ArgKey> = Vec::with_capacity(args.len() + 1);
        keys.extend(receiver.map(ArgKey::Obj));
        let first_arg = keys.len();
        keys.extend(args.iter().map(|r| ArgKey::of_type(&st[*r as usize]).expect("inference checked the arguments")));
        let sig = Signature(keys);
        let is_root = Arc::ptr_eq(callee, self.root) && sig.same(self.root_sig);
        if self.depth < INLINE_MAX_DEPTH && !is_root {
            let inlines = self.inlines;
            if let Some(body) = inlines.iter().find(|b| Arc::ptr_eq(&b.func, callee) && b.sig.same(&sig)) {
                return self.inline_call(pc, body, dst, args, linker);
            }
        }
        let (id, ret) = if Arc::ptr_eq(callee, self.root) && sig.same(self.root_sig) { (self.self_id, self.root_ret) } else { linker.callee(callee, &sig)? };
        self.cancel_check();
        let depth = self.callee_depth();
        let fref = linker.module().declare_func_in_func(id, self.b.func);
        let mut argv = vec![self.cancel, depth];
        argv.extend(self.scalar_args(pc, args, &sig.0[first_arg..]));
        let call = self.b.ins().call(fref, &argv);
        let results = self.b.inst_results(call).to_vec();
        let (status, value) = (results[0], results[1]);
        let cont = self.b.create_block();
        self.b.ins().brif(status, self.exit, &[BlockArg::from(status)], cont, &[]);
        self.b.switch_to_block(cont);
        self.write(dst, ret, value);
        Ok(())
    }

    /// Calls a math function: libm directly with CPython's error checks
    /// where the runtime exposes it, otherwise through the runtime (bails
    /// on its errors).
    /// `finite`: `x` is known to be finite (it came from an int).
    fn call_math(&mut self, b: &'static pyfora_runtime::value::BuiltinFunction, x: CValue, finite: bool) -> CValue {
        match b.name {
            // One instruction each (`sqrt` is correctly rounded, as libm's).
            "fabs" => return self.b.ins().fabs(x),
            "sqrt" => {
                let r = self.b.ins().sqrt(x);
                // NaN from a number: a negative argument.
                let domain = self.nan_from_number(r, x);
                self.bail_if(domain);
                return r;
            }
            _ => {}
        }
        if let Some(f) = pyfora_runtime::modules::native_unary(b.name) {
            let r = self.call_address(f as *const () as usize, &[types::F64], types::F64, &[x]);
            if finite && FINITE_TO_FINITE.contains(&b.name) {
                // Cannot fail: nothing to check.
                return r;
            }
            if finite {
                // From a finite argument, any NaN or infinity is an error.
                let inf = self.b.ins().f64const(f64::INFINITY);
                let ra = self.b.ins().fabs(r);
                let bad = self.b.ins().fcmp(FloatCC::UnorderedOrGreaterThanOrEqual, ra, inf);
                self.bail_if(bad);
                return r;
            }
            // NaN from a number, or an infinity from a finite number: the
            // runtime raises (domain or range error).
            let domain = self.nan_from_number(r, x);
            let inf = self.b.ins().f64const(f64::INFINITY);
            let ra = self.b.ins().fabs(r);
            let xa = self.b.ins().fabs(x);
            let r_inf = self.b.ins().fcmp(FloatCC::Equal, ra, inf);
            let x_fin = self.b.ins().fcmp(FloatCC::LessThan, xa, inf);
            let range = self.b.ins().band(r_inf, x_fin);
            let bad = self.b.ins().bor(domain, range);
            self.bail_if(bad);
            return r;
        }
        let which = self.b.ins().iconst(types::I64, b as *const _ as i64);
        self.call_runtime_float(shims::math1 as *const () as usize, &[types::I64, types::F64], &[which, x])
    }

    /// Whether `r` is a NaN although `x` is not (a math domain error).
    fn nan_from_number(&mut self, r: CValue, x: CValue) -> CValue {
        let r_nan = self.b.ins().fcmp(FloatCC::Unordered, r, r);
        let x_num = self.b.ins().fcmp(FloatCC::Ordered, x, x);
        self.b.ins().band(r_nan, x_num)
    }

    /// `x ** y` on floats: libm's `pow` when `x` is positive and finite and
    /// `y` finite (where CPython calls it too, and only overflow can go
    /// wrong: bail), the runtime's implementation for every special case.
    /// `square_root` says `y` is the constant `0.5`: then a square root
    /// whose exact remainder proves it equal to `pow`'s result stands in for
    /// the call (see `pyfora_runtime::pow`, which makes the same test).
    fn float_pow(&mut self, x: CValue, y: CValue, square_root: bool) -> CValue {
        if !square_root {
            return self.libm_float_pow(x, y, shims::pow as *const () as usize);
        }
        // sqrt(x) is s when x - s*s is small against s * ulp(s), s is no
        // power of two and x is large enough for the remainder to be exact;
        // a negative, infinite or NaN x fails the test too.
        let SquareRoot { s, not_power_of_two, remainder, scale } = self.square_root(x);
        let (low, high) = pyfora_runtime::pow::SQRT_MODERATE;
        let low = self.b.ins().f64const(low);
        let high = self.b.ins().f64const(high);
        let above_low = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, low);
        let below_high = self.b.ins().fcmp(FloatCC::LessThanOrEqual, x, high);
        let moderate = self.b.ins().band(above_low, below_high);
        let moderate_limit = self.b.ins().f64const(pyfora_runtime::pow::SQRT_REMAINDER_LIMIT_MODERATE);
        let general_limit = self.b.ins().f64const(pyfora_runtime::pow::SQRT_REMAINDER_LIMIT);
        let limit = self.b.ins().select(moderate, moderate_limit, general_limit);
        let limit = self.b.ins().fmul(scale, limit);
        let close = self.b.ins().fcmp(FloatCC::LessThanOrEqual, remainder, limit);
        let smallest = self.b.ins().f64const(pyfora_runtime::pow::SQRT_SMALLEST);
        let large_enough = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, smallest);
        let ok = self.b.ins().band(close, not_power_of_two);
        let ok = self.b.ins().band(ok, large_enough);
        self.either(ok, types::F64, |_| s, |g| g.libm_float_pow(x, y, shims::libm_pow as *const () as usize))
    }

    /// `s = sqrt(x)` and what tells whether it is `pow(x, 0.5)`: whether `s`
    /// is no power of two, the exact remainder `|x - s*s|` and `s * ulp(s)`.
    fn square_root(&mut self, x: CValue) -> SquareRoot {
        let s = self.b.ins().sqrt(x);
        let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), s);
        let mantissa = self.b.ins().band_imm_s(bits, (1i64 << 52) - 1);
        let not_power_of_two = self.b.ins().icmp_imm_s(IntCC::NotEqual, mantissa, 0);
        let next_bits = self.b.ins().iadd_imm_s(bits, 1);
        let next = self.b.ins().bitcast(types::F64, MemFlagsData::new(), next_bits);
        let ulp = self.b.ins().fsub(next, s);
        let minus_s = self.b.ins().fneg(s);
        let remainder = self.b.ins().fma(minus_s, s, x);
        let remainder = self.b.ins().fabs(remainder);
        let scale = self.b.ins().fmul(s, ulp);
        SquareRoot { s, not_power_of_two, remainder, scale }
    }

    /// `i ** 0.5` for an int `i` (`x` is `i` as a float, `y` the 0.5):
    /// [`Gen::float_pow`]'s test for a base in `1..=2**52`, where `x` is
    /// exact, within the moderate range and far from underflow, so one
    /// integer compare replaces the float range checks.
    fn int_square_root(&mut self, i: CValue, x: CValue, y: CValue) -> CValue {
        let less_one = self.b.ins().iadd_imm_s(i, -1);
        let in_range = self.b.ins().icmp_imm_s(IntCC::UnsignedLessThan, less_one, 1 << 52);
        let SquareRoot { s, not_power_of_two, remainder, scale } = self.square_root(x);
        let limit = self.b.ins().f64const(pyfora_runtime::pow::SQRT_REMAINDER_LIMIT_MODERATE);
        let limit = self.b.ins().fmul(scale, limit);
        let close = self.b.ins().fcmp(FloatCC::LessThanOrEqual, remainder, limit);
        let ok = self.b.ins().band(close, not_power_of_two);
        let ok = self.b.ins().band(ok, in_range);
        self.either(ok, types::F64, |_| s, |g| g.libm_float_pow(x, y, shims::libm_pow as *const () as usize))
    }

    /// `x ** y` through `pow_shim` (libm's `pow`, possibly shortcut) when
    /// `x` is positive and finite and `y` finite, bailing on overflow; the
    /// runtime's implementation for every special case.
    fn libm_float_pow(&mut self, x: CValue, y: CValue, pow_shim: usize) -> CValue {
        let zero = self.b.ins().f64const(0.0);
        let inf = self.b.ins().f64const(f64::INFINITY);
        let positive = self.b.ins().fcmp(FloatCC::GreaterThan, x, zero);
        let x_finite = self.b.ins().fcmp(FloatCC::LessThan, x, inf);
        let ya = self.b.ins().fabs(y);
        let y_finite = self.b.ins().fcmp(FloatCC::LessThan, ya, inf);
        let plain = self.b.ins().band(positive, x_finite);
        let plain = self.b.ins().band(plain, y_finite);
        self.either(
            plain,
            types::F64,
            |g| {
                let r = g.call_address(pow_shim, &[types::F64, types::F64], types::F64, &[x, y]);
                let ra = g.b.ins().fabs(r);
                let overflow = g.b.ins().fcmp(FloatCC::Equal, ra, inf);
                g.bail_if(overflow);
                r
            },
            |g| g.call_float_binop(BinOp::Pow, x, y),
        )
    }

    /// `if cond { then(..) } else { otherwise(..) }` as a value of type
    /// `ty`: each arm emits its code (it may bail) and gives its result.
    /// `then` is the common case: it falls through to the join, and
    /// `otherwise` is laid out with the cold blocks.
    fn either(&mut self, cond: CValue, ty: types::Type, then: impl FnOnce(&mut Self) -> CValue, otherwise: impl FnOnce(&mut Self) -> CValue) -> CValue {
        let yes = self.b.create_block();
        let no = self.b.create_block();
        let join = self.b.create_block();
        self.b.set_cold_block(no);
        self.b.append_block_param(join, ty);
        self.b.ins().brif(cond, yes, &[], no, &[]);
        self.b.switch_to_block(yes);
        let r = then(self);
        self.b.ins().jump(join, &[BlockArg::from(r)]);
        self.b.switch_to_block(no);
        let r = self.cold(otherwise);
        self.b.ins().jump(join, &[BlockArg::from(r)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    /// Float `//`, `%` and `**` through the runtime's own implementation.
    fn call_float_binop(&mut self, op: BinOp, x: CValue, y: CValue) -> CValue {
        let code = self.b.ins().iconst(types::I64, shims::binop_code(op));
        self.call_runtime_float(shims::float_binop as *const () as usize, &[types::I64, types::F64, types::F64], &[code, x, y])
    }

    /// Calls the `extern "C"` function at `addr` taking `args` (of types
    /// `params`); its one result, of type `ret`.
    fn call_address(&mut self, addr: usize, params: &[types::Type], ret: types::Type, args: &[CValue]) -> CValue {
        self.call_indirect(addr, params, Some(ret), args).expect("a call with a result")
    }

    /// Emits a call of the `extern "C"` function at `addr` with at most one
    /// result; on a cold path ([`Gen::cold_calls`]) through a stub that
    /// keeps every register ([`stubs`]).
    fn call_indirect(&mut self, addr: usize, params: &[types::Type], ret: Option<types::Type>, args: &[CValue]) -> Option<CValue> {
        let target = self.b.ins().iconst(types::I64, addr as i64);
        if self.cold_calls {
            if let Some(stub) = stubs::preserving_stub(params, ret) {
                let slot = ret.map(|_| self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 8, 3)));
                let mut all = vec![target];
                all.extend_from_slice(args);
                if let Some(slot) = slot {
                    all.push(self.b.ins().stack_addr(types::I64, slot, 0));
                }
                let sigref = self.b.import_signature(stubs::stub_signature(params, ret));
                let stub = self.b.ins().iconst(types::I64, stub as i64);
                self.b.ins().call_indirect(sigref, stub, &all);
                return slot.zip(ret).map(|(slot, ty)| self.b.ins().stack_load(types::I64, ty, slot, 0));
            }
        }
        let mut sig = ClifSignature::new(self.b.func.signature.call_conv);
        sig.params.extend(params.iter().map(|t| AbiParam::new(*t)));
        sig.returns.extend(ret.map(AbiParam::new));
        let sigref = self.b.import_signature(sig);
        let call = self.b.ins().call_indirect(sigref, target, args);
        self.b.inst_results(call).first().copied()
    }

    /// Emits `emit`'s code as a cold path: its calls keep the registers.
    fn cold<T>(&mut self, emit: impl FnOnce(&mut Self) -> T) -> T {
        let outer = std::mem::replace(&mut self.cold_calls, true);
        let r = emit(self);
        self.cold_calls = outer;
        r
    }

    /// Calls a runtime entry point that takes `args` and then a pointer it
    /// writes a float through, and returns a status: bails on a non-zero
    /// status, else the float.
    fn call_runtime_float(&mut self, addr: usize, params: &[types::Type], args: &[CValue]) -> CValue {
        self.call_runtime_out(addr, params, args, types::F64)
    }

    /// Calls a runtime entry point that takes `args` and then a pointer it
    /// writes a result of type `ty` through, and returns a status: bails on
    /// a non-zero status, else the result.
    fn call_runtime_out(&mut self, addr: usize, params: &[types::Type], args: &[CValue], ty: types::Type) -> CValue {
        let slot = self.call_runtime_into(addr, params, args, 8);
        self.b.ins().stack_load(types::I64, ty, slot, 0)
    }

    /// [`Gen::call_runtime_out`] for a result of two 64-bit words.
    fn call_runtime_out2(&mut self, addr: usize, params: &[types::Type], args: &[CValue]) -> (CValue, CValue) {
        let slot = self.call_runtime_into(addr, params, args, 16);
        (self.b.ins().stack_load(types::I64, types::I64, slot, 0), self.b.ins().stack_load(types::I64, types::I64, slot, 8))
    }

    /// Calls a runtime entry point with `args` and the address of a new
    /// stack slot of `bytes` for its result; bails on a non-zero status,
    /// else returns the slot.
    fn call_runtime_into(&mut self, addr: usize, params: &[types::Type], args: &[CValue], bytes: u32) -> cranelift_codegen::ir::StackSlot {
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, bytes, 3));
        let out = self.b.ins().stack_addr(types::I64, slot, 0);
        let mut all_params = params.to_vec();
        all_params.push(types::I64);
        let mut all_args = args.to_vec();
        all_args.push(out);
        let status = self.call_address(addr, &all_params, types::I64, &all_args);
        self.bail_if(status);
        slot
    }

    /// Calls the `extern "C"` function at `addr`, which returns nothing.
    fn call_void(&mut self, addr: usize, params: &[types::Type], args: &[CValue]) {
        self.call_indirect(addr, params, None, args);
    }
}
