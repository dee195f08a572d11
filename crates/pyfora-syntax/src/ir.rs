//! The pyfora IR: one [`Code`] per Python scope (function, lambda, generator
//! expression, class body, with-block body).
//!
//! A `Code` is a control-flow graph flattened into one instruction vector.
//! Operands are *registers* (frame slots); jumps name instruction indices.
//! Every local variable owns one register, temporaries get fresh ones, so the
//! interpreter needs no operand stack, and the native tier can map registers
//! to Cranelift variables (its `FunctionBuilder` builds SSA form from them).
//! Exceptions are edges too: `handlers[pc]` names the instruction that
//! receives an exception raised at `pc`.

use std::sync::Arc;

/// A frame slot index.
pub type Reg = u32;
/// An index into [`Code::instrs`].
pub type Label = u32;
/// "No handler" marker in [`Code::handlers`].
pub const NO_HANDLER: Label = u32::MAX;
/// No register (see [`Code::handled`]).
pub const NO_REG: Reg = u32::MAX;

/// A compile-time constant.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    None,
    Bool(bool),
    Int(i64),
    /// An integer that does not fit 64 bits, as decimal digits (with sign).
    BigInt(String),
    Float(f64),
    Str(Arc<str>),
    Ellipsis,
}

/// What a comprehension builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builds {
    List,
    Set,
    Dict,
}

impl Builds {
    /// The name CPython gives the comprehension's code
    /// (`<listcomp>`, `<setcomp>`, `<dictcomp>`).
    pub fn comprehension_name(self) -> &'static str {
        match self {
            Builds::List => "<listcomp>",
            Builds::Set => "<setcomp>",
            Builds::Dict => "<dictcomp>",
        }
    }
}

/// Binary operators (also used by augmented assignment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
    MatMul,
}

impl BinOp {
    /// The operator as written in Python source.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::TrueDiv => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::MatMul => "@",
        }
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Pos,
    Invert,
    Not,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

impl CmpOp {
    /// The operator as written in Python source.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
        }
    }
}

/// How an f-string field converts its value before formatting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    None,
    Str,
    Repr,
    Ascii,
}

/// Where the arguments of a call live.
#[derive(Debug, Clone, PartialEq)]
pub struct CallArgs {
    /// First of `nargs` consecutive registers holding positional arguments.
    pub start: Reg,
    pub nargs: u32,
    /// Keyword arguments: name and register.
    pub kwargs: Box<[(Arc<str>, Reg)]>,
    /// `*expr`: a register holding an iterable appended after positional args.
    pub star: Option<Reg>,
    /// `**expr`: a register holding a mapping merged into keyword args.
    pub double_star: Option<Reg>,
}

impl CallArgs {
    /// True when the call passes only plain positional arguments.
    pub fn is_simple(&self) -> bool {
        self.kwargs.is_empty() && self.star.is_none() && self.double_star.is_none()
    }
}

/// One IR instruction.
#[derive(Debug, Clone, PartialEq)]
pub enum Instr {
    /// `dst = consts[idx]`
    Const {
        dst: Reg,
        idx: u32,
    },
    /// `dst = src`
    Move {
        dst: Reg,
        src: Reg,
    },
    /// `dst = src`, leaving `src` empty (moving out of a temporary, so the
    /// value is not kept alive — and shared — by a dead register).
    Take {
        dst: Reg,
        src: Reg,
    },
    /// Raise `UnboundLocalError` if `reg` holds no value yet. `free`: read
    /// by an inline comprehension from an enclosing scope, where Python
    /// before 3.12 (comprehensions as nested functions) raises `NameError`
    /// for a free variable instead.
    CheckBound {
        reg: Reg,
        name: Arc<str>,
        free: bool,
    },
    /// Mark `reg` as holding no value (after an `except ... as e` clause).
    Unbind {
        reg: Reg,
    },
    /// `dst = <module-level or builtin name>`; `NameError` if missing.
    /// `slot` indexes [`Code::global_names`] (and the per-function cache of
    /// resolved globals in the runtime).
    LoadGlobal {
        dst: Reg,
        name: Arc<str>,
        slot: u32,
    },
    /// `dst = cells[cell]`; `NameError`/`UnboundLocalError` if empty.
    LoadCell {
        dst: Reg,
        cell: u32,
    },
    /// `cells[cell] = src`
    StoreCell {
        cell: u32,
        src: Reg,
    },
    BinOp {
        op: BinOp,
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// Augmented assignment: like `BinOp` but may reuse a uniquely held `a`.
    /// `variable`: `a` is the local variable assigned itself (not a copy
    /// read from a cell, item or attribute), so a list, set or dict it
    /// shares with another reference is aliased, and mutating it in place
    /// (what CPython does) is refused.
    InPlace {
        op: BinOp,
        dst: Reg,
        a: Reg,
        b: Reg,
        variable: bool,
    },
    Unary {
        op: UnaryOp,
        dst: Reg,
        a: Reg,
    },
    Compare {
        op: CmpOp,
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `dst = bool(a)`
    Truth {
        dst: Reg,
        a: Reg,
    },
    Jump {
        target: Label,
    },
    /// Jump to `if_true` when `cond` is truthy, else to `if_false`.
    Branch {
        cond: Reg,
        if_true: Label,
        if_false: Label,
    },
    /// `Compare` whose result only feeds a branch (fused by the optimizer).
    CompareBranch {
        op: CmpOp,
        a: Reg,
        b: Reg,
        if_true: Label,
        if_false: Label,
    },
    Return {
        src: Reg,
    },
    /// Suspend a generator, producing `src`; `dst` receives the sent value (None).
    Yield {
        dst: Reg,
        src: Reg,
    },
    /// `dst = yield from iter`: loops on `iter` until exhausted; `dst` gets the
    /// inner generator's return value. The instruction re-executes itself.
    YieldFrom {
        dst: Reg,
        iter: Reg,
    },
    Call {
        dst: Reg,
        func: Reg,
        args: CallArgs,
    },
    /// `dst = obj.name(args)` without materialising a bound method; on a
    /// uniquely held list/dict in `obj` the mutating methods work in place.
    CallMethod {
        dst: Reg,
        obj: Reg,
        name: Arc<str>,
        args: CallArgs,
    },
    GetAttr {
        dst: Reg,
        obj: Reg,
        name: Arc<str>,
    },
    /// `obj.name = src`; only lowered for `self.x = ...` inside `__init__`.
    SetAttr {
        obj: Reg,
        name: Arc<str>,
        src: Reg,
    },
    GetItem {
        dst: Reg,
        obj: Reg,
        index: Reg,
    },
    /// `obj[index] = src` on the value held in register `obj`.
    SetItem {
        obj: Reg,
        index: Reg,
        src: Reg,
        take: bool,
    },
    BuildTuple {
        dst: Reg,
        start: Reg,
        n: u32,
    },
    BuildList {
        dst: Reg,
        start: Reg,
        n: u32,
    },
    BuildSet {
        dst: Reg,
        start: Reg,
        n: u32,
    },
    /// `n` key/value pairs in consecutive registers `k0 v0 k1 v1 ...`.
    BuildDict {
        dst: Reg,
        start: Reg,
        n: u32,
    },
    BuildSlice {
        dst: Reg,
        lower: Reg,
        upper: Reg,
        step: Reg,
    },
    /// `list_reg.append(src)` in place (comprehensions, list displays with `*`).
    ListAppend {
        list: Reg,
        src: Reg,
        take: bool,
    },
    /// `list_reg.extend(src)` in place (`[*a, *b]`).
    ListExtend {
        list: Reg,
        src: Reg,
    },
    SetAdd {
        set: Reg,
        src: Reg,
        take: bool,
    },
    DictInsert {
        dict: Reg,
        key: Reg,
        value: Reg,
        take: bool,
    },
    /// `{**m}`: merge mapping `src` into `dict`. `keywords`: the keyword
    /// arguments of a call (`f(**m, k=v)`): keys must be strings, each
    /// given once.
    DictMerge {
        dict: Reg,
        src: Reg,
        keywords: bool,
    },
    /// Unpack `src` into exactly `n` registers starting at `start`
    /// (`take`: `src` is a temporary and is consumed).
    Unpack {
        src: Reg,
        start: Reg,
        n: u32,
        take: bool,
    },
    /// Unpack with a starred target: `before` items, a list, `after` items.
    UnpackStar {
        src: Reg,
        start: Reg,
        before: u32,
        after: u32,
        take: bool,
    },
    GetIter {
        dst: Reg,
        src: Reg,
    },
    /// `dst = next(iter)`, or jump to `exit` when exhausted.
    ForIter {
        iter: Reg,
        dst: Reg,
        exit: Label,
    },
    /// Placed before the inline loop of a list, set or dict comprehension
    /// (`builds`). When native code or parallel pieces compute the items —
    /// `children[code]` is the comprehension as a generator taking an
    /// iterator over `iterable` and then the values of `args` (the
    /// variables it reads from this scope), yielding the items (`(key,
    /// value)` tuples for a dict) — the collection built from them in order
    /// goes to `dst` and control to `done`; otherwise nothing happens and
    /// the inline loop that follows builds it. `one_per_item`: each item
    /// of `iterable` adds one element (one `for`, no `if`), so the inline
    /// loop may size its collection up front.
    ParallelComprehension {
        dst: Reg,
        code: u32,
        iterable: Reg,
        args: Box<[Reg]>,
        done: Label,
        builds: Builds,
        one_per_item: bool,
    },
    /// Create a function from `children[code]` with defaults in registers
    /// `defaults..defaults+ndefaults`, keyword defaults and captured cells.
    MakeFunction {
        dst: Reg,
        code: u32,
        defaults: Reg,
        ndefaults: u32,
        kwdefaults: Box<[(Arc<str>, Reg)]>,
        cells: Box<[u32]>,
    },
    /// Create a class: runs body `children[code]` (with captured `cells`) and
    /// builds the class named `name` from its namespace and the `nbases`
    /// bases in registers starting at `bases`.
    MakeClass {
        dst: Reg,
        code: u32,
        name: Arc<str>,
        bases: Reg,
        nbases: u32,
        cells: Box<[u32]>,
    },
    /// Class bodies end with this: return a namespace of the listed locals.
    ReturnNamespace {
        names: Box<[(Arc<str>, Reg)]>,
    },
    /// `raise exc [from cause]`; `exc` may be a class or an instance.
    /// `in_handler`: the statement sits in an `except` clause, so the
    /// exception being handled becomes the new one's `__context__`.
    Raise {
        exc: Reg,
        cause: Option<Reg>,
        in_handler: bool,
    },
    /// Bare `raise` inside an except clause: re-raise the handled exception.
    Reraise {
        exc: Reg,
    },
    /// A statement that only the client can run (a `with
    /// executor.remotely:` block inside a shipped method): reaching it
    /// raises `InvalidPyforaOperation` with `message`.
    ClientOnly {
        message: Arc<str>,
    },
    /// The body of a method pyfora refuses to convert (it prints, opens a
    /// file, ...): the class still ships, and calling the method raises
    /// `PythonToForaConversionError` with `message`, at `line` of the
    /// code's file (where the refused construct is).
    Refused {
        message: Arc<str>,
        line: u32,
    },
    /// `dst = the exception being handled` (first instruction of a handler).
    LoadException {
        dst: Reg,
    },
    /// `dst = isinstance(exc, types)` for `except types:` clauses.
    ExceptionMatches {
        dst: Reg,
        exc: Reg,
        types: Reg,
    },
    /// `dst = format(value (after conversion), spec)`; `spec` may be absent.
    FormatValue {
        dst: Reg,
        value: Reg,
        conversion: Conversion,
        spec: Option<Reg>,
    },
    /// Concatenate `n` strings in consecutive registers.
    BuildString {
        dst: Reg,
        start: Reg,
        n: u32,
    },
    /// `super()` inside a method: the class that defines the running
    /// function, and `obj` (the method's first parameter).
    Super {
        dst: Reg,
        obj: Reg,
    },
    /// Raise `AssertionError(msg)`.
    AssertFail {
        msg: Option<Reg>,
    },
}

/// Declared parameters of a function.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    /// Positional-or-keyword (and positional-only) names, in order.
    pub positional: Vec<Arc<str>>,
    /// Number of positional-only parameters at the front of `positional`.
    pub posonly: usize,
    /// `*args` name.
    pub varargs: Option<Arc<str>>,
    pub kwonly: Vec<Arc<str>>,
    /// `**kwargs` name.
    pub varkw: Option<Arc<str>>,
}

impl Params {
    /// True when a call with `n` positional arguments binds them one to one
    /// (no defaults needed, no `*args`, keyword-only or `**kwargs`).
    pub fn is_simple_arity(&self, n: usize) -> bool {
        self.varargs.is_none() && self.kwonly.is_empty() && self.varkw.is_none() && self.positional.len() == n
    }

    /// Count of registers parameters occupy (they come first in the frame).
    pub fn slot_count(&self) -> usize {
        self.positional.len() + self.kwonly.len() + self.varargs.is_some() as usize + self.varkw.is_some() as usize
    }
}

/// The method name `x.__dict__.update(...)` is lowered to: a call that sets
/// attributes of `x` (no user attribute can have this name).
pub const DICT_UPDATE: &str = "__dict__.update";

/// The global name an `import NAME` statement reads (`__pyfora_module__:NAME`):
/// the client ships the user's own modules under it; modules pyfora
/// provides resolve as builtins do.
pub const IMPORT_PREFIX: &str = "__pyfora_module__:";

/// What kind of scope a [`Code`] was lowered from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Function,
    Lambda,
    Generator,
    GeneratorExpression,
    ClassBody,
    Block,
}

/// A list, set or dict comprehension lowered inline (see
/// [`Code::in_comprehension`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ComprehensionFrame {
    /// `<listcomp>`, `<setcomp>` or `<dictcomp>`.
    pub name: Arc<str>,
    /// The line the comprehension starts on (where the enclosing frame
    /// called it).
    pub line: u32,
    /// The enclosing comprehension (an index + 1; 0 for none).
    pub parent: u32,
}

/// A lowered scope, ready to interpret.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub kind: CodeKind,
    pub path: Arc<str>,
    /// Line of the `def`/`lambda`/`class`/`with`.
    pub first_line: u32,
    pub params: Params,
    /// Register count; parameters occupy `0..params.slot_count()`.
    pub nregs: u32,
    /// Cells owned by this scope (captured by inner scopes), by name; a
    /// parameter that is captured is copied into its cell on entry.
    pub cellvars: Vec<Arc<str>>,
    /// Cells received from the enclosing scope; frame cells are
    /// `freevars ++ cellvars`.
    pub freevars: Vec<Arc<str>>,
    /// For each cellvar: the parameter register to copy in, if it is one.
    pub cell_params: Vec<Option<Reg>>,
    pub consts: Vec<Const>,
    /// Registers that hold a constant for the whole activation: the frame
    /// is created with `regs[reg] = consts[idx]` for each `(reg, idx)`.
    pub const_regs: Vec<(Reg, u32)>,
    pub instrs: Vec<Instr>,
    /// Source line of each instruction.
    pub lines: Vec<u32>,
    /// Exception handler of each instruction ([`NO_HANDLER`] if none).
    pub handlers: Vec<Label>,
    /// Whether each instruction runs while an exception is being handled
    /// (in an `except` clause, or a `finally` body reached by an
    /// exception): an exception it raises gets that one as `__context__`.
    pub in_handler: Vec<bool>,
    /// For each instruction in an `except` clause or a `finally` body
    /// reached by an exception: the register holding that exception (the
    /// innermost one's, when handlers nest), else [`NO_REG`]. A bare
    /// `raise` re-raises it and a new exception takes it as `__context__`,
    /// also after a nested handler handled another one.
    pub handled: Vec<Reg>,
    /// The comprehension each instruction belongs to (an index + 1 into
    /// [`Code::comprehension_frames`]; 0 for none): before Python 3.12 a
    /// list, set or dict comprehension ran as a function of its own, with
    /// a frame of its own in tracebacks.
    pub in_comprehension: Vec<u32>,
    /// The comprehensions lowered inline into this code.
    pub comprehension_frames: Vec<ComprehensionFrame>,
    /// Distinct names read by `LoadGlobal`, indexed by its `slot`.
    pub global_names: Vec<Arc<str>>,
    /// Nested scopes referenced by `MakeFunction`/`MakeClass`.
    pub children: Vec<Arc<Code>>,
    /// Local names and registers (class namespaces, with-block write-back).
    pub locals: Vec<(Arc<str>, Reg)>,
    /// True when calling this code creates a generator.
    pub is_generator: bool,
    /// The docstring of a `def` (its body's first statement, a string).
    pub doc: Option<Arc<str>>,
}

/// The docstring of a body: its first statement when that is a string.
pub fn docstring(body: &[ruff_python_ast::Stmt]) -> Option<Arc<str>> {
    match body.first()? {
        ruff_python_ast::Stmt::Expr(e) => match &*e.value {
            ruff_python_ast::Expr::StringLiteral(s) => Some(Arc::from(s.value.to_str())),
            _ => None,
        },
        _ => None,
    }
}

impl Code {
    /// The comprehension frames enclosing the instruction at `pc`,
    /// innermost first.
    pub fn comprehensions_at(&self, pc: usize) -> impl Iterator<Item = &ComprehensionFrame> {
        let mut at = self.in_comprehension.get(pc).copied().unwrap_or(0);
        std::iter::from_fn(move || {
            let frame = self.comprehension_frames.get(at.checked_sub(1)? as usize)?;
            at = frame.parent;
            Some(frame)
        })
    }

    /// The source line of instruction `pc`.
    pub fn line_at(&self, pc: usize) -> u32 {
        self.lines.get(pc).copied().unwrap_or(self.first_line)
    }
}
