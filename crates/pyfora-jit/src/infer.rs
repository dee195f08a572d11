//! Type inference over a function's IR for one signature: a forward
//! dataflow pass giving every register's [`Ty`] at every instruction.
//!
//! Anything the native tier does not compile makes inference fail with
//! [`Unsupported`]; the function then runs in the interpreter. Operations
//! whose outcome depends on values (overflow, division by zero, a math
//! domain error) are typed here and checked in the generated code, which
//! bails out to the interpreter when a check fails.

use std::sync::Arc;

use pyfora_runtime::native::Reduce;
use pyfora_runtime::value::{BuiltinFunction, Function, TypeKind, Value};
use pyfora_syntax::ir::{BinOp, CmpOp, Const, Instr, UnaryOp};

use crate::types::{is_constant_object, ArgKey, Scalar, Signature, Ty};

/// Why a function (for one signature) is left to the interpreter.
#[derive(Debug)]
pub struct Unsupported(pub String);

fn unsupported<T>(why: impl Into<String>) -> Result<T, Unsupported> {
    Err(Unsupported(why.into()))
}

/// The math functions native code calls directly (float in, float out).
pub const MATH_FLOAT_FUNCTIONS: &[&str] = &[
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "exp", "expm1", "log1p", "fabs", "sqrt", "log", "log2",
    "log10", "erf", "erfc", "degrees", "radians",
];

/// Finds the return type of calls to other functions (compiling them).
pub trait Callees {
    fn return_type(&mut self, func: &Arc<Function>, sig: &Signature) -> Result<Scalar, Unsupported>;
}

/// What is compiled: a call with a signature, or a generator expression
/// over a range consumed by `sum()`, `min()`, `max()`, `any()` or `all()`
/// (a reduction kernel: every `yield` feeds the reduction).
#[derive(Clone, Copy)]
pub enum Shape<'a> {
    Call(&'a Signature),
    /// A reduction over a range.
    OverRange(KernelShape<'a>),
}

/// What a reduction kernel is compiled for.
#[derive(Clone, Copy)]
pub struct KernelShape<'a> {
    pub reduce: Reduce,
    /// Keys of the values the generator expression captures (its free
    /// variables), by cell.
    pub captured: &'a Signature,
    /// What the generator's first loop runs over.
    pub input: KernelInput,
}

/// What a reduction kernel's first loop runs over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KernelInput {
    /// A range. With `unit_step` the step 1 is compiled in (the loop test
    /// is one compare), else the step is a run-time argument.
    Range { unit_step: bool },
    /// The items of a list or tuple of one scalar type, packed as words
    /// (read like a list native code built).
    Words(Scalar),
    /// The rows of a list or tuple of lists or tuples, read in place
    /// ([`Ty::Rows`] of this item type).
    Rows(Scalar),
}

/// The result of inference.
pub struct Inference {
    /// Register types on entry to each instruction (`None`: unreachable).
    pub states: Vec<Option<Vec<Ty>>>,
    /// The type every `return` produces (for a kernel: of the items; mixed
    /// item types are refused except for `any()`/`all()`). A function that
    /// returns a list returns its address, an int-class word.
    pub ret: Scalar,
    /// `Some(element type)` when every `return` returns a list (built by
    /// this code), which goes back to the interpreter as a list value.
    pub returns_list: Option<Scalar>,
    /// For each instruction that writes one register: the register and the
    /// type it writes (at the fixed point).
    pub results: Vec<Option<(u32, Ty)>>,
    /// Registers that are [`Ty::Num`] somewhere: code generation keeps their
    /// float and tag variables current wherever they get an int or a float.
    pub num_regs: Vec<bool>,
}

impl Inference {
    fn new(states: Vec<Option<Vec<Ty>>>, ret: Scalar, returns_list: Option<Scalar>, results: Vec<Option<(u32, Ty)>>) -> Inference {
        let n = states.iter().flatten().next().map_or(0, |s| s.len());
        let mut num_regs = vec![false; n];
        for s in states.iter().flatten() {
            for (r, t) in s.iter().enumerate() {
                num_regs[r] |= matches!(t, Ty::Num);
            }
        }
        Inference { states, ret, returns_list, results, num_regs }
    }
}

/// The parameters of a kernel's generator after its iterator: their values
/// come first among its captured values, then its cells'.
pub fn kernel_params(func: &Function) -> usize {
    func.code.ir.params.positional.len().saturating_sub(1)
}

/// Rejects generator code a reduction kernel never compiles.
pub fn precheck_kernel(func: &Function) -> Result<(), Unsupported> {
    let ir = &func.code.ir;
    check_size(ir)?;
    // Parameter 0 is the iterator; more parameters are values read from
    // the enclosing scope (a list comprehension handed over as a kernel).
    let p = &ir.params;
    if !ir.is_generator || p.positional.is_empty() || p.varargs.is_some() || p.varkw.is_some() || !p.kwonly.is_empty() {
        return unsupported("not a generator expression");
    }
    // Free variables are read (captured values); cells of its own would be
    // captured by an inner function, which native code does not build.
    if !ir.cellvars.is_empty() {
        return unsupported("closure cells");
    }
    for i in &ir.instrs {
        if !matches!(i, Instr::Yield { .. } | Instr::LoadCell { .. }) && !supported_instruction(i) {
            return unsupported(format!("instruction {i:?}"));
        }
    }
    Ok(())
}

/// Rejects code the native tier never compiles, whatever the argument types.
pub fn precheck(func: &Function) -> Result<(), Unsupported> {
    let ir = &func.code.ir;
    check_size(ir)?;
    if ir.is_generator {
        return unsupported("generator");
    }
    if !ir.cellvars.is_empty() || !ir.freevars.is_empty() {
        return unsupported("closure cells");
    }
    for i in &ir.instrs {
        if !supported_instruction(i) {
            return unsupported(format!("instruction {i:?}"));
        }
    }
    Ok(())
}

/// Largest function native code compiles, as instructions times registers:
/// inference keeps the type of every register at every instruction, so
/// its memory grows with that product. Larger functions (generated code,
/// a long literal table) stay interpreted.
const MAX_SIZE: usize = 1 << 20;

/// Refuses functions beyond [`MAX_SIZE`].
fn check_size(ir: &pyfora_syntax::Code) -> Result<(), Unsupported> {
    let size = ir.instrs.len().saturating_mul(ir.nregs as usize);
    if size > MAX_SIZE {
        return unsupported(format!("too large ({} instructions, {} registers)", ir.instrs.len(), ir.nregs));
    }
    Ok(())
}

/// Instructions native code handles (given suitable types).
fn supported_instruction(i: &Instr) -> bool {
    matches!(
        i,
        Instr::Const { .. }
            | Instr::Move { .. }
            | Instr::Take { .. }
            | Instr::CheckBound { .. }
            | Instr::Unbind { .. }
            | Instr::ParallelComprehension { .. }
            | Instr::LoadGlobal { .. }
            | Instr::BinOp { .. }
            | Instr::InPlace { .. }
            | Instr::Unary { .. }
            | Instr::Compare { .. }
            | Instr::CompareBranch { .. }
            | Instr::Truth { .. }
            | Instr::Jump { .. }
            | Instr::Branch { .. }
            | Instr::Return { .. }
            | Instr::Call { .. }
            | Instr::CallMethod { .. }
            | Instr::GetAttr { .. }
            | Instr::GetIter { .. }
            | Instr::ForIter { .. }
            | Instr::BuildList { .. }
            | Instr::ListAppend { .. }
            | Instr::GetItem { .. }
    )
}

/// Infers register types of `func` called with `sig`, assuming recursive
/// calls of the same specialization return `self_ret` (`None`: not known yet).
pub fn infer(func: &Arc<Function>, shape: Shape, self_ret: Option<Scalar>, callees: &mut dyn Callees) -> Result<Inference, Unsupported> {
    let code = &func.code;
    let ir = &code.ir;
    let n = ir.nregs as usize;
    let mut entry = vec![Ty::Unbound; n];
    let empty = Signature(Vec::new());
    let sig = match shape {
        Shape::Call(sig) => {
            for (i, a) in sig.0.iter().enumerate() {
                entry[i] = a.ty();
            }
            sig
        }
        Shape::OverRange(k) => {
            entry[0] = match k.input {
                KernelInput::Range { .. } => Ty::RangeIter,
                KernelInput::Words(elem) => Ty::ListIter(Some(elem)),
                KernelInput::Rows(elem) => Ty::RowsIter(elem),
            };
            // Parameters after the iterator come first among the captured values.
            for (i, key) in k.captured.0.iter().take(kernel_params(func)).enumerate() {
                entry[1 + i] = key.ty();
            }
            &empty
        }
    };
    let captured = match shape {
        Shape::OverRange(k) => k.captured,
        Shape::Call(_) => &empty,
    };
    for (r, idx) in &ir.const_regs {
        entry[*r as usize] = const_type(&ir.consts[*idx as usize]);
    }
    let mut states: Vec<Option<Vec<Ty>>> = vec![None; ir.instrs.len()];
    states[0] = Some(entry);
    let mut work = vec![0usize];
    let mut ret: Option<Scalar> = None;
    let mut ctx = Ctx {
        func,
        sig,
        self_ret,
        callees,
        kernel: match shape {
            Shape::OverRange(k) => Some(k.reduce),
            Shape::Call(_) => None,
        },
        captured,
        item: None,
        untyped: Vec::new(),
        ret_list: None,
        calls_itself: false,
        appends: false,
        copies_list: false,
        ret_at: std::collections::BTreeMap::new(),
    };
    let mut results: Vec<Option<(u32, Ty)>> = vec![None; ir.instrs.len()];
    while let Some(pc) = work.pop() {
        let state = states[pc].clone().expect("queued instructions have a state");
        let mut out = Vec::with_capacity(2);
        ctx.transfer(pc, &state, &mut out)?;
        if let ([dst], [(_, s)]) = (&pyfora_syntax::optimize::writes(&ir.instrs[pc])[..], &out[..]) {
            results[pc] = Some((*dst, s[*dst as usize].clone()));
        }
        for (succ, s) in out {
            let merged = match &states[succ] {
                None => Some(s),
                Some(old) => {
                    let joined: Vec<Ty> = old.iter().zip(&s).map(|(a, b)| a.join(b)).collect();
                    if joined.iter().zip(old).all(|(a, b)| a.same(b)) {
                        None
                    } else {
                        Some(joined)
                    }
                }
            };
            if let Some(m) = merged {
                states[succ] = Some(m);
                work.push(succ);
            }
        }
    }
    for (pc, r) in &ctx.untyped {
        if let Some(st) = &states[*pc] {
            if matches!(st[*r as usize], Ty::List(None)) {
                return unsupported("a list that never has elements is read");
            }
        }
    }
    if ctx.appends && ctx.copies_list {
        // `ys = xs; xs.append(v)`: the interpreter raises for the shared
        // list; native code would not notice.
        return unsupported("a list with two names is appended to");
    }
    // The returns' types at the fixed point (a path's earlier, narrower
    // type, such as an int a loop later makes a float, does not count).
    for t in ctx.ret_at.values() {
        match ret {
            None => ret = Some(*t),
            Some(r) if r == *t => {}
            Some(r) => return unsupported(format!("returns both {r:?} and {t:?}")),
        }
    }
    if ctx.kernel.is_some() {
        return Ok(Inference::new(states, ctx.item.unwrap_or(Scalar::Int), None, results));
    }
    match (ret, ctx.ret_list) {
        (Some(r), Some(_)) => unsupported(format!("returns both a list and {r:?}")),
        // Recursion would need the list as a native value of the caller.
        (None, Some(_)) if ctx.calls_itself => unsupported("a recursive function that returns a list"),
        (None, Some(elem)) => Ok(Inference::new(states, Scalar::Int, Some(elem), results)),
        (Some(ret), None) => Ok(Inference::new(states, ret, None, results)),
        (None, None) => unsupported("no return reachable with a known type"),
    }
}

/// The type of a constant.
pub fn const_type(c: &Const) -> Ty {
    match c {
        Const::None => Ty::None,
        Const::Bool(b) => Ty::Known(Value::Bool(*b)),
        Const::Int(i) => Ty::Known(Value::Int(*i)),
        Const::Float(f) => Ty::Known(Value::Float(*f)),
        _ => Ty::Mixed,
    }
}

/// Resolves a global name the way the interpreter does.
pub fn resolve_global(func: &Function, name: &str, slot: u32) -> Option<Value> {
    if let Some(v) = func.global_cache.get(slot as usize).and_then(|c| c.get()) {
        return Some(v.clone());
    }
    func.globals.get(name).cloned().or_else(|| pyfora_runtime::builtins::lookup(name))
}

/// The builtin a module method call resolves to, when native code calls it.
pub fn math_function(obj: &Ty, name: &str) -> Option<&'static BuiltinFunction> {
    match obj {
        Ty::Known(Value::Module(m)) if m.name == "math" && MATH_FLOAT_FUNCTIONS.contains(&name) => match m.attrs.get(name) {
            Some(Value::Builtin(b)) if b.unary.is_some() => Some(*b),
            _ => None,
        },
        _ => None,
    }
}

/// The name of a builtin function or of `range`/`int`/`float` called as one.
pub fn callable_name(v: &Value) -> Option<&'static str> {
    match v {
        Value::Builtin(b) => Some(b.name),
        Value::Type(TypeKind::Range) => Some("range"),
        Value::Type(TypeKind::Int) => Some("int"),
        Value::Type(TypeKind::Float) => Some("float"),
        _ => None,
    }
}

/// What a call runs, as far as native code is concerned.
pub enum Target {
    /// `range`, `abs`, `int`, `float`.
    Builtin(&'static str),
    /// A float math function.
    Math(&'static BuiltinFunction),
    /// A user function; `receiver` (a constant) comes before the arguments.
    User { func: Arc<Function>, receiver: Option<Value> },
}

/// The target of calling a value of type `f`.
pub fn call_target(f: &Ty) -> Option<Target> {
    match f {
        Ty::Known(Value::Builtin(b)) if MATH_FLOAT_FUNCTIONS.contains(&b.name) && b.unary.is_some() => Some(Target::Math(b)),
        Ty::Known(v @ (Value::Builtin(_) | Value::Type(_))) => callable_name(v).map(Target::Builtin),
        Ty::Known(Value::Function(f)) => Some(Target::User { func: f.clone(), receiver: None }),
        Ty::Known(v @ Value::Instance(i)) if is_constant_object(v) => match i.class.lookup("__call__") {
            Some(Value::Function(f)) => Some(Target::User { func: f, receiver: Some(v.clone()) }),
            _ => None,
        },
        _ => None,
    }
}

/// The target of calling method `name` on a value of type `obj`.
pub fn method_target(obj: &Ty, name: &str) -> Option<Target> {
    if let Some(b) = math_function(obj, name) {
        return Some(Target::Math(b));
    }
    match obj {
        Ty::Known(v @ Value::Instance(i)) if is_constant_object(v) => match i.get_attr(name) {
            Some(attr) => call_target(&Ty::Known(attr)),
            None => match i.class.lookup(name) {
                Some(Value::Function(f)) => Some(Target::User { func: f, receiver: Some(v.clone()) }),
                _ => None,
            },
        },
        _ => None,
    }
}

/// The type of attribute `name` of a value of type `obj` (instance
/// attributes of constant instances are constants too).
pub fn attr_type(obj: &Ty, name: &str) -> Option<Ty> {
    let Ty::Known(v @ Value::Instance(i)) = obj else { return None };
    if !is_constant_object(v) {
        return None;
    }
    let attr = match i.get_attr(name) {
        Some(a) => a,
        None => match i.class.lookup(name)? {
            // A method read as a value would be a bound method.
            Value::Function(_) => return None,
            other => other,
        },
    };
    match attr {
        Value::None => Some(Ty::None),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => Some(Ty::Known(attr)),
        a if is_constant_object(&a) => Some(Ty::Known(a)),
        _ => None,
    }
}

/// The type of `a op b` on scalars; `None` when not compiled.
pub fn binop_type(op: BinOp, a: Scalar, b: Scalar, b_known: Option<&Value>) -> Option<Scalar> {
    use Scalar::{Bool, Float, Int};
    if (a, b) == (Bool, Bool) && matches!(op, BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor) {
        // `bool & bool` is a bool.
        return Some(Bool);
    }
    let (a, b) = (a.arith(), b.arith());
    match (a, b) {
        (Int, Int) => match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::FloorDiv | BinOp::Mod | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => Some(Int),
            BinOp::TrueDiv => Some(Float),
            BinOp::Pow => match b_known {
                Some(Value::Int(e)) if (0..=8).contains(e) => Some(Int),
                _ => None,
            },
            _ => None,
        },
        (Int | Float, Int | Float) => match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::TrueDiv | BinOp::FloorDiv | BinOp::Mod | BinOp::Pow => Some(Float),
            _ => None,
        },
        _ => None,
    }
}

/// True when native code compares `a op b`.
pub fn compare_supported(op: CmpOp, a: Scalar, b: Scalar) -> bool {
    let numeric = |s: Scalar| !matches!(s, Scalar::None);
    matches!(op, CmpOp::Eq | CmpOp::NotEq | CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE) && numeric(a) && numeric(b)
}

struct Ctx<'a> {
    func: &'a Arc<Function>,
    sig: &'a Signature,
    self_ret: Option<Scalar>,
    callees: &'a mut dyn Callees,
    /// Compiling a reduction kernel: `yield` feeds this reduction.
    kernel: Option<Reduce>,
    /// Keys of a kernel's captured values, by free-variable cell.
    captured: &'a Signature,
    /// The type of the items a kernel sums.
    item: Option<Scalar>,
    /// Instructions that met a list of unknown element type in register
    /// `.1` (an empty list on a path before any append reached it); after
    /// the fixed point the type must be known there.
    untyped: Vec<(usize, u32)>,
    /// The element type of the lists `return` produces, if any does.
    ret_list: Option<Scalar>,
    /// Whether the code calls its own specialization.
    calls_itself: bool,
    /// Whether it calls `.append` on a list.
    appends: bool,
    /// Whether a list gets a second name (a register copy that keeps the
    /// source).
    copies_list: bool,
    /// The type each reachable `return` produces (at its latest state).
    ret_at: std::collections::BTreeMap<usize, Scalar>,
}

impl Ctx<'_> {
    fn transfer(&mut self, pc: usize, s: &[Ty], out: &mut Vec<(usize, Vec<Ty>)>) -> Result<(), Unsupported> {
        let ir = &self.func.code.ir;
        let next = pc + 1;
        let mut s = s.to_vec();
        let scalar = |s: &[Ty], r: u32| -> Result<Scalar, Unsupported> {
            match &s[r as usize] {
                Ty::None => Ok(Scalar::None),
                t => t.scalar().ok_or_else(|| Unsupported(format!("register {r} is {t:?}, not a number"))),
            }
        };
        match &ir.instrs[pc] {
            Instr::Const { dst, idx } => {
                let t = const_type(&ir.consts[*idx as usize]);
                if matches!(t, Ty::Mixed) {
                    return unsupported("non-numeric constant");
                }
                s[*dst as usize] = t;
            }
            Instr::Move { dst, src } => {
                if matches!(s[*src as usize], Ty::List(_)) {
                    self.copies_list = true;
                }
                s[*dst as usize] = s[*src as usize].clone();
            }
            Instr::Take { dst, src } => {
                s[*dst as usize] = std::mem::replace(&mut s[*src as usize], Ty::Unbound);
            }
            Instr::CheckBound { reg, .. } => match &s[*reg as usize] {
                // Always raises: the interpreter does that.
                Ty::Unbound => return Ok(()),
                Ty::Mixed => return unsupported("possibly unbound local"),
                _ => {}
            },
            Instr::Unbind { reg } => s[*reg as usize] = Ty::Unbound,
            // Native code builds the list with the loop that follows.
            Instr::ParallelComprehension { .. } => {}
            Instr::LoadGlobal { dst, name, slot } => {
                let v = resolve_global(self.func, name, *slot).ok_or_else(|| Unsupported(format!("global {name} not found")))?;
                let t = match v {
                    Value::Int(_) | Value::Float(_) | Value::Bool(_) => Ty::Known(v),
                    Value::None => Ty::None,
                    Value::Function(_) | Value::Module(_) | Value::Builtin(_) => Ty::Known(v),
                    Value::Type(TypeKind::Range | TypeKind::Int | TypeKind::Float) => Ty::Known(v),
                    _ => return unsupported(format!("global {name} of an unsupported type")),
                };
                s[*dst as usize] = t;
            }
            Instr::BinOp { op, dst, a, b } | Instr::InPlace { op, dst, a, b, .. } => {
                if matches!(s[*a as usize], Ty::Pending) || matches!(s[*b as usize], Ty::Pending) {
                    s[*dst as usize] = Ty::Pending;
                } else if matches!(s[*a as usize], Ty::Num) || matches!(s[*b as usize], Ty::Num) {
                    // An int or a float with a float: CPython converts an int
                    // operand to float first, so this is float arithmetic.
                    let other = if matches!(s[*a as usize], Ty::Num) { &s[*b as usize] } else { &s[*a as usize] };
                    let known = match &s[*b as usize] {
                        Ty::Known(v) => Some(v),
                        _ => None,
                    };
                    if other.scalar() != Some(Scalar::Float) || binop_type(*op, Scalar::Float, Scalar::Float, known) != Some(Scalar::Float) {
                        return unsupported(format!("{op:?} of an int-or-float with {other:?}"));
                    }
                    s[*dst as usize] = Ty::Float;
                } else {
                    let (ta, tb) = (scalar(&s, *a)?, scalar(&s, *b)?);
                    let known = match &s[*b as usize] {
                        Ty::Known(v) => Some(v),
                        _ => None,
                    };
                    let r = binop_type(*op, ta, tb, known).ok_or_else(|| Unsupported(format!("{ta:?} {} {tb:?}", op.symbol())))?;
                    s[*dst as usize] = Ty::of(r);
                }
            }
            Instr::Unary { op, dst, a } => {
                if matches!(s[*a as usize], Ty::Pending) {
                    s[*dst as usize] = Ty::Pending;
                } else {
                    let t = scalar(&s, *a)?;
                    let r = match (op, t.arith()) {
                        (UnaryOp::Not, _) => Scalar::Bool,
                        (UnaryOp::Neg | UnaryOp::Pos, Scalar::Int) => Scalar::Int,
                        (UnaryOp::Neg | UnaryOp::Pos, Scalar::Float) => Scalar::Float,
                        (UnaryOp::Invert, Scalar::Int) => Scalar::Int,
                        _ => return unsupported(format!("unary {op:?} on {t:?}")),
                    };
                    s[*dst as usize] = Ty::of(r);
                }
            }
            Instr::Compare { op, dst, a, b } => {
                if !(matches!(s[*a as usize], Ty::Pending) || matches!(s[*b as usize], Ty::Pending)) {
                    let (ta, tb) = (scalar(&s, *a)?, scalar(&s, *b)?);
                    if !compare_supported(*op, ta, tb) {
                        return unsupported(format!("comparison {op:?}"));
                    }
                }
                s[*dst as usize] = Ty::Bool;
            }
            Instr::CompareBranch { op, a, b, if_true, if_false } => {
                if !(matches!(s[*a as usize], Ty::Pending) || matches!(s[*b as usize], Ty::Pending)) {
                    let (ta, tb) = (scalar(&s, *a)?, scalar(&s, *b)?);
                    if !compare_supported(*op, ta, tb) {
                        return unsupported(format!("comparison {op:?}"));
                    }
                }
                out.push((*if_true as usize, s.clone()));
                out.push((*if_false as usize, s));
                return Ok(());
            }
            Instr::Truth { dst, a } => {
                if !matches!(s[*a as usize], Ty::Pending) {
                    scalar(&s, *a)?;
                }
                s[*dst as usize] = Ty::Bool;
            }
            Instr::Jump { target } => {
                out.push((*target as usize, s));
                return Ok(());
            }
            Instr::Branch { cond, if_true, if_false } => {
                if !matches!(s[*cond as usize], Ty::Pending) {
                    scalar(&s, *cond)?;
                }
                out.push((*if_true as usize, s.clone()));
                out.push((*if_false as usize, s));
                return Ok(());
            }
            Instr::Yield { dst, src } if self.kernel.is_some() => {
                let reduce = self.kernel.expect("kernel");
                let t = match scalar(&s, *src)? {
                    Scalar::None => return unsupported(format!("{}() of None", reduce.name())),
                    // `sum()` adds bools as ints; `min()`/`max()` return the item itself.
                    t if reduce == Reduce::Sum => t.arith(),
                    t => t,
                };
                match self.item {
                    None => self.item = Some(t),
                    Some(i) if i == t => {}
                    // Each `yield` tests the truth of its own type.
                    Some(_) if reduce.stops_early() => {}
                    Some(_) => return unsupported(format!("{}() of items of mixed types", reduce.name())),
                }
                s[*dst as usize] = Ty::None;
            }
            Instr::Return { .. } if self.kernel.is_some() => return Ok(()),
            Instr::LoadCell { dst, cell } => match self.captured.0.get(kernel_params(self.func) + *cell as usize) {
                Some(key) => s[*dst as usize] = key.ty(),
                None => return unsupported("a cell that is not a captured value"),
            },
            Instr::Return { src } => {
                match &s[*src as usize] {
                    Ty::Pending => {}
                    Ty::List(None) => self.untyped.push((pc, *src)),
                    Ty::List(Some(elem)) => match self.ret_list {
                        None => self.ret_list = Some(*elem),
                        Some(e) if e == *elem => {}
                        Some(e) => return unsupported(format!("returns lists of {e:?} and of {elem:?}")),
                    },
                    // A float when the loop ran, an int otherwise: native code
                    // returns the float and bails out for the int.
                    Ty::Num => {
                        self.ret_at.insert(pc, Scalar::Float);
                    }
                    _ => {
                        let t = scalar(&s, *src)?;
                        self.ret_at.insert(pc, t);
                    }
                }
                return Ok(());
            }
            Instr::Call { dst, func, args } => {
                if !args.is_simple() {
                    return unsupported("call with keywords or unpacking");
                }
                let argv: Vec<Ty> = (0..args.nargs).map(|i| s[(args.start + i) as usize].clone()).collect();
                if let [Ty::List(None)] = argv[..] {
                    // `sum()`, `min()` or `max()` of a list whose element
                    // type this path does not know yet: no type until it is known.
                    if matches!(call_target(&s[*func as usize]), Some(Target::Builtin("sum" | "min" | "max"))) {
                        self.untyped.push((pc, args.start));
                        s[*dst as usize] = Ty::Pending;
                        out.push((next, s));
                        return Ok(());
                    }
                }
                let target = call_target(&s[*func as usize]).ok_or_else(|| Unsupported("call of a value not known when compiling".into()))?;
                let r = self.call_type(target, &argv)?;
                s[*dst as usize] = r;
            }
            Instr::CallMethod { dst, obj, name, args }
                if &**name == "append" && args.is_simple() && args.nargs == 1 && matches!(s[*obj as usize], Ty::List(_)) =>
            {
                // `xs.append(v)` on a list built here: as in a comprehension.
                // The interpreter refuses it when the list has another name
                // (the mutation contract); native code never aliases one it
                // appends to (checked after the fixed point).
                let Ty::List(elem) = s[*obj as usize] else { unreachable!("matched above") };
                let t = scalar(&s, args.start)?;
                if t == Scalar::None || elem.is_some_and(|e| e != t) {
                    return unsupported("list of mixed types or of None");
                }
                s[*obj as usize] = Ty::List(Some(t));
                s[*dst as usize] = Ty::None;
                self.appends = true;
            }
            Instr::CallMethod { dst, obj, name, args } => {
                if !args.is_simple() {
                    return unsupported(format!("method call .{name} with keywords or unpacking"));
                }
                let argv: Vec<Ty> = (0..args.nargs).map(|i| s[(args.start + i) as usize].clone()).collect();
                let target = method_target(&s[*obj as usize], name).ok_or_else(|| Unsupported(format!("method call .{name}")))?;
                let r = self.call_type(target, &argv)?;
                s[*dst as usize] = r;
            }
            Instr::GetAttr { dst, obj, name } => {
                s[*dst as usize] = attr_type(&s[*obj as usize], name).ok_or_else(|| Unsupported(format!("attribute .{name}")))?;
            }
            Instr::GetIter { dst, src } => match s[*src as usize] {
                Ty::Range => s[*dst as usize] = Ty::RangeIter,
                Ty::List(Some(e)) => s[*dst as usize] = Ty::ListIter(Some(e)),
                Ty::Items(e) => s[*dst as usize] = Ty::ItemsIter(e),
                Ty::Rows(e) => s[*dst as usize] = Ty::RowsIter(e),
                // Element type not known yet on this path (see `untyped`).
                Ty::List(None) => {
                    self.untyped.push((pc, *src));
                    s[*dst as usize] = Ty::ListIter(None);
                }
                _ => return unsupported("iteration over something other than a range or a list built here"),
            },
            Instr::ForIter { iter, dst, exit } => {
                let item = match s[*iter as usize] {
                    Ty::RangeIter => Ty::Int,
                    Ty::ListIter(Some(e)) => Ty::of(e),
                    Ty::ListIter(None) => Ty::Pending,
                    Ty::ItemsIter(e) => Ty::of(e),
                    Ty::RowsIter(e) => Ty::Items(e),
                    _ => return unsupported("for over an iterator other than a range's or a list's"),
                };
                let mut done = s.clone();
                done[*iter as usize] = Ty::Unbound;
                out.push((*exit as usize, done));
                s[*dst as usize] = item;
            }
            Instr::BuildList { dst, start, n } => {
                let mut elem = None;
                for r in *start..*start + *n {
                    let t = scalar(&s, r)?;
                    if t == Scalar::None || elem.is_some_and(|e| e != t) {
                        return unsupported("list of mixed types or of None");
                    }
                    elem = Some(t);
                }
                s[*dst as usize] = Ty::List(elem);
            }
            Instr::ListAppend { list, src, take } => {
                let Ty::List(elem) = s[*list as usize] else { return unsupported("append to a list not built here") };
                let t = scalar(&s, *src)?;
                if t == Scalar::None || elem.is_some_and(|e| e != t) {
                    return unsupported("list of mixed types or of None");
                }
                s[*list as usize] = Ty::List(Some(t));
                if *take {
                    s[*src as usize] = Ty::Unbound;
                }
            }
            Instr::GetItem { dst, obj, index } if matches!(s[*obj as usize], Ty::Items(_) | Ty::Rows(_)) => {
                if scalar(&s, *index)?.arith() != Scalar::Int {
                    return unsupported("list index that is not an int");
                }
                s[*dst as usize] = match s[*obj as usize] {
                    Ty::Items(elem) => Ty::of(elem),
                    Ty::Rows(elem) => Ty::Items(elem),
                    _ => unreachable!("matched above"),
                };
            }
            Instr::GetItem { dst, obj, index } => {
                let Ty::List(elem) = s[*obj as usize] else { return unsupported("subscript of something other than a list built here") };
                if scalar(&s, *index)?.arith() != Scalar::Int {
                    return unsupported("list index that is not an int");
                }
                s[*dst as usize] = match elem {
                    Some(e) => Ty::of(e),
                    None => {
                        self.untyped.push((pc, *obj));
                        Ty::Pending
                    }
                };
            }
            other => return unsupported(format!("instruction {other:?}")),
        }
        out.push((next, s));
        Ok(())
    }

    /// The type of calling `target` with arguments of types `args`.
    fn call_type(&mut self, target: Target, args: &[Ty]) -> Result<Ty, Unsupported> {
        let scalars = |args: &[Ty]| -> Option<Vec<Scalar>> { args.iter().map(|a| a.scalar()).collect() };
        match target {
            Target::Builtin(name) if matches!(args, [Ty::List(_)]) => {
                let Ty::List(elem) = args[0] else { unreachable!() };
                match (name, elem) {
                    ("len", _) => Ok(Ty::Int),
                    ("sum", Some(Scalar::Float)) => Ok(Ty::Float),
                    ("sum", Some(Scalar::Int)) => Ok(Ty::Wide),
                    ("sum", _) => Ok(Ty::Int),
                    ("min" | "max", Some(e)) => Ok(Ty::of(e)),
                    _ => unsupported(format!("builtin {name}() of a list")),
                }
            }
            Target::Builtin("len") if matches!(args, [Ty::Rows(_)]) => Ok(Ty::Int),
            Target::Builtin(name) if matches!(args, [Ty::Items(_)]) => {
                let Ty::Items(elem) = args[0] else { unreachable!() };
                match (name, elem) {
                    ("len", _) => Ok(Ty::Int),
                    ("sum", Scalar::Float) => Ok(Ty::Float),
                    ("sum", Scalar::Int) => Ok(Ty::Wide),
                    ("sum", _) => Ok(Ty::Int),
                    ("min" | "max", e) => Ok(Ty::of(e)),
                    _ => unsupported(format!("builtin {name}() of a list")),
                }
            }
            Target::Builtin(name) => {
                let sc = scalars(args).ok_or_else(|| Unsupported(format!("{name}() of non-numbers")))?;
                let all_int = sc.iter().all(|s| s.arith() == Scalar::Int);
                let r = match (name, sc.len()) {
                    ("range", 1..=3) if all_int => Ty::Range,
                    ("abs", 1) => Ty::of(sc[0].arith()),
                    ("float", 1) => Ty::Float,
                    ("int", 1) => Ty::Int,
                    _ => return unsupported(format!("builtin {name}()")),
                };
                Ok(r)
            }
            Target::Math(b) => match scalars(args).as_deref() {
                Some([s]) if *s != Scalar::None => Ok(Ty::Float),
                _ => unsupported(format!("math.{}() of these arguments", b.name)),
            },
            Target::User { func: callee, receiver } => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.extend(receiver.map(Ty::Known));
                all.extend(args.iter().cloned());
                if !callee.code.ir.params.is_simple_arity(all.len()) || callee.code.ir.is_generator {
                    return unsupported("call needing argument binding");
                }
                let keys = all
                    .iter()
                    .map(ArgKey::of_type)
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| Unsupported("call with arguments native code does not take".into()))?;
                let sig = Signature(keys);
                if Arc::ptr_eq(&callee, self.func) && sig.same(self.sig) {
                    self.calls_itself = true;
                    return Ok(match self.self_ret {
                        Some(r) => Ty::of(r),
                        None => Ty::Pending,
                    });
                }
                let r = self.callees.return_type(&callee, &sig)?;
                Ok(Ty::of(r))
            }
        }
    }
}
