//! Lowering: resolved Python AST → [`Code`].
//!
//! One [`CodeBuilder`] per code object. Expressions are lowered into
//! registers; statements into jumps. `try`/`finally` bodies are emitted once
//! on the normal path and once on the exceptional path, and again before any
//! `return`/`break`/`continue` that leaves them.

use std::collections::HashMap;
use std::sync::Arc;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::error::SyntaxError;
use crate::ir::*;
use crate::scope::{key_of, Resolution, ScopeKey};
use crate::source::SourceFile;

type LResult<T> = Result<T, SyntaxError>;

/// Provisional numbering of constant registers (see `const_reg`).
const CONST_REG_BASE: Reg = 1 << 30;

/// Builtins whose call is refused because they reach outside the computation.
pub(crate) const REFUSED_CALLS: &[(&str, &str)] = &[
    ("print", "`print` has side effects"),
    ("eval", "`eval` runs code pyfora cannot see"),
    ("exec", "`exec` runs code pyfora cannot see"),
    ("open", "`open` reads or writes files"),
    ("input", "`input` reads from the terminal"),
    ("locals", "`locals()` exposes mutable interpreter state"),
    ("globals", "`globals()` exposes mutable interpreter state"),
];

#[derive(Clone, Copy, Debug)]
pub(crate) enum VarLoc {
    Reg(Reg),
    Cell(u32),
}

struct LoopCtx {
    continue_target: Label,
    breaks: Vec<usize>,
    /// Depth of the finally stack when the loop started.
    finally_depth: usize,
}

struct FinallyCtx<'a> {
    body: &'a [Stmt],
    /// The handler in force outside the `try`.
    outer_handler: Label,
    /// [`CodeBuilder::handler_depth`] outside the `try` (a `finally` run by
    /// `return`/`break`/`continue` out of an `except` clause runs after
    /// that clause is left).
    outer_handler_depth: u32,
}

/// Lowers one code object.
pub(crate) struct CodeBuilder<'a> {
    pub(crate) src: &'a SourceFile,
    pub(crate) res: &'a Resolution,
    pub(crate) code: Code,
    /// Innermost last: the code's own names, then inline comprehensions.
    pub(crate) names: Vec<HashMap<String, VarLoc>>,
    /// A class body's free variables (cells of the enclosing function):
    /// what functions and comprehensions inside the class see for those
    /// names, even where the class assigns an attribute of the same name
    /// (a class namespace is not a scope for code nested in it).
    class_frees: HashMap<String, VarLoc>,
    loops: Vec<LoopCtx>,
    finallies: Vec<FinallyCtx<'a>>,
    handler: Label,
    line: u32,
    /// `Some(self register)` while lowering `__init__` (attribute stores allowed).
    init_self: Option<Reg>,
    /// The first parameter of a method (for `super()`).
    pub(crate) method_self: Option<Reg>,
    /// In a with-block directly in a method that calls `super()` bare: the
    /// method's first parameter, read (with `__class__`) from the block's
    /// environment by that `super()`.
    pub(crate) block_receiver: Option<Arc<str>>,
    /// Next placeholder handler label (counts down from [`NO_HANDLER`]).
    pending: Label,
    /// High-water mark of registers (temporaries are reused per statement).
    max_regs: u32,
    /// How many `except` clause bodies enclose the statement being lowered.
    handler_depth: u32,
    /// The comprehension being lowered (see [`Code::in_comprehension`]).
    pub(crate) comprehension: u32,
    /// The registers holding the exceptions being handled, innermost last
    /// (see [`Code::handled`]).
    handled: Vec<Reg>,
}

/// Lowers a shipped `def` as a module-level function.
pub fn lower_function(src: &SourceFile, def: &ast::StmtFunctionDef) -> LResult<Arc<Code>> {
    let res = crate::scope::resolve_function(def);
    lower_def(src, &res, def, false, src.def_name(&def.name))
}

/// Lowers a shipped lambda.
pub fn lower_lambda(src: &SourceFile, lambda: &ast::ExprLambda) -> LResult<Arc<Code>> {
    let res = crate::scope::resolve_lambda(lambda);
    lower_lambda_in(src, &res, lambda, "<lambda>")
}

/// Lowers the body of a shipped class (a `ClassBody` code returning its namespace).
pub fn lower_class(src: &SourceFile, class: &ast::StmtClassDef) -> LResult<Arc<Code>> {
    let res = crate::scope::resolve_class(class);
    lower_class_body(src, &res, class, src.def_name(&class.name))
}

/// Lowers the body of a `with` block. Its free names are globals; the
/// block's `locals` list names every variable it assigns.
pub fn lower_block(src: &SourceFile, with: &ast::StmtWith) -> LResult<Arc<Code>> {
    let res = crate::scope::resolve_block(with);
    let key = key_of(with);
    let line = src.line(with.range().start());
    let mut b = CodeBuilder::new(src, &res, "<with block>", "<with block>", CodeKind::Block, line, Params::default());
    b.block_receiver = src.bare_super_receiver(with).map(Arc::from);
    b.setup_scope(key, &[]);
    b.stmts(&with.body)?;
    let none = b.const_reg(Const::None);
    b.emit(Instr::Return { src: none });
    Ok(Arc::new(b.finish()))
}

fn params_of(p: Option<&ast::Parameters>) -> Params {
    let mut out = Params::default();
    if let Some(p) = p {
        for a in p.posonlyargs.iter().chain(&p.args) {
            out.positional.push(Arc::from(a.parameter.name.as_str()));
        }
        out.posonly = p.posonlyargs.len();
        out.varargs = p.vararg.as_ref().map(|v| Arc::from(v.name.as_str()));
        for a in &p.kwonlyargs {
            out.kwonly.push(Arc::from(a.parameter.name.as_str()));
        }
        out.varkw = p.kwarg.as_ref().map(|v| Arc::from(v.name.as_str()));
    }
    out
}

fn param_names(p: &Params) -> Vec<Arc<str>> {
    let mut v = p.positional.clone();
    v.extend(p.varargs.clone());
    v.extend(p.kwonly.iter().cloned());
    v.extend(p.varkw.clone());
    v
}

/// Lowers a generator expression into its own generator code.
pub(crate) fn lower_genexp(src: &SourceFile, res: &Resolution, g: &ast::ExprGenerator, qualname: &str) -> LResult<Arc<Code>> {
    let line = src.line(g.range().start());
    let params = Params { positional: vec![Arc::from(".0")], ..Params::default() };
    let mut b = CodeBuilder::new(src, res, "<genexpr>", qualname, CodeKind::GeneratorExpression, line, params);
    b.setup_scope(key_of(g), &[Arc::from(".0")]);
    b.genexp_body(g)?;
    let none = b.const_reg(Const::None);
    b.emit(Instr::Return { src: none });
    Ok(Arc::new(b.finish()))
}

/// A comprehension as a generator for native list kernels and parallel
/// pieces: parameter 0 is the iterator over its first iterable, then the
/// variables it reads from the enclosing scope (`outer`), by value. It
/// yields the elements (`elts`: one expression, or a dict's key and value,
/// yielded as a tuple).
pub(crate) fn lower_comprehension_kernel(
    src: &SourceFile,
    res: &Resolution,
    key: ScopeKey,
    gens: &[ast::Comprehension],
    elts: &[&ast::Expr],
    outer: &[String],
    builds: Builds,
    qualname: &str,
) -> LResult<Arc<Code>> {
    let line = src.line(gens[0].range().start());
    let mut positional: Vec<Arc<str>> = vec![Arc::from(".0")];
    positional.extend(outer.iter().map(|n| Arc::from(n.as_str())));
    let params = Params { positional: positional.clone(), ..Params::default() };
    let mut b = CodeBuilder::new(src, res, builds.comprehension_name(), qualname, CodeKind::GeneratorExpression, line, params);
    b.setup_scope(key, &positional);
    b.yielding_comprehension_items(gens, elts)?;
    let none = b.const_reg(Const::None);
    b.emit(Instr::Return { src: none });
    Ok(Arc::new(b.finish()))
}

fn lower_def(src: &SourceFile, res: &Resolution, def: &ast::StmtFunctionDef, in_class: bool, qualname: &str) -> LResult<Arc<Code>> {
    let params = params_of(Some(&def.parameters));
    let line = src.line(def.name.range().start());
    let mut b = CodeBuilder::new(src, res, src.def_name(&def.name), qualname, CodeKind::Function, line, params.clone());
    if def.is_async {
        return Err(b.refuse(def.range().start(), "`async def` is not supported: coroutines cannot run in remote code"));
    }
    let names = param_names(&params);
    b.setup_scope(key_of(def), &names);
    if in_class && !params.positional.is_empty() {
        b.method_self = Some(0);
        // A property's setter assigns attributes too: it runs from
        // `__init__` (the runtime refuses it on an instance already built).
        let is_setter = def.decorator_list.iter().any(|d| matches!(&d.expression, Expr::Attribute(a) if a.attr.as_str() == "setter"));
        if def.name.as_str() == "__init__" || is_setter {
            b.init_self = Some(0);
        }
    }
    b.stmts(&def.body)?;
    let none = b.const_reg(Const::None);
    b.emit(Instr::Return { src: none });
    if b.code.is_generator {
        b.code.kind = CodeKind::Generator;
    }
    b.code.doc = crate::ir::docstring(&def.body);
    Ok(Arc::new(b.finish()))
}

/// A method whose body pyfora refuses (at `line`, for `message`): its
/// parameters as written, and a body that raises the refusal.
fn refused_method(src: &SourceFile, res: &Resolution, def: &ast::StmtFunctionDef, line: u32, message: &str, qualname: &str) -> Arc<Code> {
    let params = params_of(Some(&def.parameters));
    let first_line = src.line(def.name.range().start());
    let mut b = CodeBuilder::new(src, res, src.def_name(&def.name), qualname, CodeKind::Function, first_line, params.clone());
    b.setup_scope(key_of(def), &param_names(&params));
    // The method's closure cells are not needed: it only raises.
    b.code.freevars.clear();
    b.code.cellvars.clear();
    b.code.cell_params.clear();
    b.emit(Instr::Refused {
        message: Arc::from(format!("{message} (in method `{}`, line {line}: pyfora cannot run this method remotely)", src.def_name(&def.name))),
        line,
    });
    Arc::new(b.finish())
}

pub(crate) fn lower_lambda_in(src: &SourceFile, res: &Resolution, lambda: &ast::ExprLambda, qualname: &str) -> LResult<Arc<Code>> {
    let params = params_of(lambda.parameters.as_deref());
    let line = src.line(lambda.range().start());
    let mut b = CodeBuilder::new(src, res, "<lambda>", qualname, CodeKind::Lambda, line, params.clone());
    let names = param_names(&params);
    b.setup_scope(key_of(lambda), &names);
    let r = b.expr(&lambda.body)?;
    b.emit(Instr::Return { src: r });
    if b.code.is_generator {
        b.code.kind = CodeKind::Generator;
    }
    Ok(Arc::new(b.finish()))
}

fn lower_class_body(src: &SourceFile, res: &Resolution, class: &ast::StmtClassDef, qualname: &str) -> LResult<Arc<Code>> {
    let line = src.line(class.name.range().start());
    let mut b = CodeBuilder::new(src, res, src.def_name(&class.name), qualname, CodeKind::ClassBody, line, Params::default());
    b.setup_scope(key_of(class), &[]);
    b.stmts(&class.body)?;
    let names: Vec<(Arc<str>, Reg)> = b.code.locals.clone();
    b.emit(Instr::ReturnNamespace { names: names.into_boxed_slice() });
    b.code.doc = crate::ir::docstring(&class.body);
    Ok(Arc::new(b.finish()))
}

impl<'a> CodeBuilder<'a> {
    fn new(src: &'a SourceFile, res: &'a Resolution, name: &str, qualname: &str, kind: CodeKind, line: u32, params: Params) -> Self {
        let nregs = params.slot_count() as u32;
        CodeBuilder {
            src,
            res,
            code: Code {
                name: Arc::from(name),
                qualname: Arc::from(qualname),
                kind,
                path: src.path.clone(),
                first_line: line,
                params,
                nregs,
                cellvars: vec![],
                freevars: vec![],
                cell_params: vec![],
                consts: vec![],
                const_regs: vec![],
                instrs: vec![],
                lines: vec![],
                handlers: vec![],
                in_handler: vec![],
                handled: vec![],
                in_comprehension: vec![],
                comprehension_frames: vec![],
                children: vec![],
                global_names: vec![],
                locals: vec![],
                is_generator: false,
                doc: None,
            },
            names: vec![HashMap::new()],
            class_frees: HashMap::new(),
            loops: vec![],
            finallies: vec![],
            handler: NO_HANDLER,
            line,
            init_self: None,
            method_self: None,
            block_receiver: None,
            pending: NO_HANDLER,
            max_regs: nregs,
            handler_depth: 0,
            handled: vec![],
            comprehension: 0,
        }
    }

    /// Allocates registers and cells for the scope `key`: parameters first,
    /// then other locals; captured ones become cells.
    fn setup_scope(&mut self, key: ScopeKey, params: &[Arc<str>]) {
        let facts = self.res.facts(key).clone();
        let mut map = HashMap::new();
        // Frame cells are `freevars ++ cellvars`, so cells added later (for
        // inline comprehensions) never renumber the free ones.
        let class_body = self.code.kind == CodeKind::ClassBody;
        for (i, f) in facts.frees.iter().enumerate() {
            self.code.freevars.push(Arc::from(f.as_str()));
            map.insert(f.clone(), VarLoc::Cell(i as u32));
            if class_body {
                self.class_frees.insert(f.clone(), VarLoc::Cell(i as u32));
            }
        }
        for (i, p) in params.iter().enumerate() {
            map.insert(p.to_string(), VarLoc::Reg(i as Reg));
            self.code.locals.push((p.clone(), i as Reg));
        }
        for name in &facts.assigned {
            // A class attribute named like a free variable is the class's
            // own (the free variable stays in `class_frees`).
            if map.contains_key(name) && !(class_body && self.class_frees.contains_key(name)) {
                continue;
            }
            let r = self.new_reg();
            map.insert(name.clone(), VarLoc::Reg(r));
            self.code.locals.push((Arc::from(name.as_str()), r));
        }
        // Captured locals live in cells (parameters are copied in on entry).
        let mut cell_names: Vec<&String> = facts.assigned.iter().filter(|n| facts.cells.contains(*n)).collect();
        cell_names.sort();
        for name in cell_names {
            let param_reg = params.iter().position(|p| &**p == name).map(|i| i as Reg);
            let idx = self.add_cell(name, param_reg);
            map.insert(name.clone(), VarLoc::Cell(idx));
        }
        self.code.locals.retain(|(n, _)| !matches!(map.get(&**n), Some(VarLoc::Cell(_))));
        self.names[0] = map;
    }

    /// Adds a cell owned by this code; returns its frame cell index.
    pub(crate) fn add_cell(&mut self, name: &str, param: Option<Reg>) -> u32 {
        let idx = (self.code.freevars.len() + self.code.cellvars.len()) as u32;
        self.code.cellvars.push(Arc::from(name));
        self.code.cell_params.push(param);
        idx
    }

    fn finish(mut self) -> Code {
        let base = self.max_regs.max(self.code.nregs);
        let relocate = |r: Reg| {
            if r >= CONST_REG_BASE {
                base + (r - CONST_REG_BASE)
            } else {
                r
            }
        };
        for i in self.code.instrs.iter_mut() {
            crate::optimize::map_regs(i, &relocate);
        }
        for (r, _) in self.code.const_regs.iter_mut() {
            *r = relocate(*r);
        }
        self.code.nregs = (base + self.code.const_regs.len() as Reg).max(1);
        crate::optimize::optimize(&mut self.code);
        self.code
    }

    pub(crate) fn new_reg(&mut self) -> Reg {
        self.new_regs(1)
    }

    pub(crate) fn new_regs(&mut self, n: u32) -> Reg {
        let r = self.code.nregs;
        self.code.nregs += n;
        self.max_regs = self.max_regs.max(self.code.nregs);
        r
    }

    pub(crate) fn emit(&mut self, i: Instr) -> usize {
        self.code.instrs.push(i);
        self.code.lines.push(self.line);
        self.code.handlers.push(self.handler);
        self.code.in_handler.push(self.handler_depth > 0);
        self.code.handled.push(self.handled.last().copied().unwrap_or(NO_REG));
        self.code.in_comprehension.push(self.comprehension);
        self.code.instrs.len() - 1
    }

    pub(crate) fn here(&self) -> Label {
        self.code.instrs.len() as Label
    }

    pub(crate) fn patch_jump(&mut self, at: usize, target: Label) {
        match &mut self.code.instrs[at] {
            Instr::Jump { target: t } => *t = target,
            Instr::ForIter { exit, .. } => *exit = target,
            Instr::ParallelComprehension { done, .. } => *done = target,
            Instr::Branch { .. } | Instr::CompareBranch { .. } => {
                panic!("patch branches with patch_branch")
            }
            _ => panic!("not a jump"),
        }
    }

    pub(crate) fn patch_branch(&mut self, at: usize, if_true: Option<Label>, if_false: Option<Label>) {
        if let Instr::Branch { if_true: t, if_false: f, .. } = &mut self.code.instrs[at] {
            if let Some(x) = if_true {
                *t = x;
            }
            if let Some(x) = if_false {
                *f = x;
            }
        }
    }

    pub(crate) fn add_const(&mut self, c: Const) -> u32 {
        if let Some(i) = self.code.consts.iter().position(|x| match (x, &c) {
            (Const::Float(a), Const::Float(b)) => a.to_bits() == b.to_bits(),
            (a, b) => a == b,
        }) {
            return i as u32;
        }
        self.code.consts.push(c);
        (self.code.consts.len() - 1) as u32
    }

    /// The register that holds constant `c` for the whole activation
    /// (filled when the frame is created; no instruction is emitted).
    ///
    /// Constant registers are numbered from [`CONST_REG_BASE`] while lowering
    /// (so temporaries never collide with them) and moved above every other
    /// register by `finish`.
    pub(crate) fn const_reg(&mut self, c: Const) -> Reg {
        let idx = self.add_const(c);
        if let Some((r, _)) = self.code.const_regs.iter().find(|(_, i)| *i == idx) {
            return *r;
        }
        let r = CONST_REG_BASE + self.code.const_regs.len() as Reg;
        self.code.const_regs.push((r, idx));
        r
    }

    /// The `__qualname__` of a function or class named `name` defined in
    /// this code: `Outer.name` in a class body, `outer.<locals>.name` in a
    /// function, `name` in a with-block (as at module level).
    pub(crate) fn child_qualname(&self, name: &str) -> String {
        match self.code.kind {
            CodeKind::ClassBody => format!("{}.{name}", self.code.qualname),
            CodeKind::Block => name.to_string(),
            _ => format!("{}.<locals>.{name}", self.code.qualname),
        }
    }

    pub(crate) fn set_line(&mut self, node: &impl Ranged) {
        self.line = self.src.line(node.range().start());
    }

    /// The line of an attribute read or method call `a`: where its name is
    /// from Python 3.10 on (a chain of calls over several lines fails at
    /// the call's own line), where `a` starts before.
    pub(crate) fn set_attribute_line(&mut self, a: &ast::ExprAttribute) {
        self.line = if crate::version::python_minor() >= 10 { self.src.line(a.attr.range().start()) } else { self.src.line(a.range().start()) };
    }

    /// The refusal of `break`/`continue` (`keyword`) outside a loop of this
    /// code: at a with-block's top level, the loop is the caller's, which
    /// the block running remotely cannot leave or go on with.
    fn outside_loop(&self, at: ruff_text_size::TextSize, keyword: &str) -> SyntaxError {
        if self.code.kind == CodeKind::Block {
            self.refuse(at, &format!("`{keyword}` in a `with executor.remotely` block cannot act on a loop around the block (the block runs remotely, apart from the loop): set a variable in the block and `{keyword}` after it"))
        } else {
            self.refuse(at, &format!("`{keyword}` outside a loop"))
        }
    }

    pub(crate) fn refuse(&self, at: ruff_text_size::TextSize, message: &str) -> SyntaxError {
        SyntaxError::Refused { path: self.src.path.to_string(), line: self.src.line(at), message: message.to_string() }
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<VarLoc> {
        self.lookup_nested(name, self.names.len() > 1)
    }

    /// Looks `name` up; `nested`: for code nested in this one (an inline
    /// comprehension, a function made here), which does not see a class
    /// body's own names, only the cells it passes through.
    fn lookup_nested(&self, name: &str, nested: bool) -> Option<VarLoc> {
        self.names.iter().enumerate().rev().find_map(|(level, m)| {
            if level == 0 && nested && self.code.kind == CodeKind::ClassBody {
                self.class_frees.get(name).copied()
            } else {
                m.get(name).copied()
            }
        })
    }

    /// Whether `name` is read by an inline comprehension from a scope
    /// around it (a free variable of the comprehension before Python 3.12).
    pub(crate) fn is_free_in_comprehension(&self, name: &str) -> bool {
        let top = self.names.len() - 1;
        self.names.iter().rposition(|m| m.contains_key(name)).is_some_and(|at| at < top)
    }

    // ----- names ---------------------------------------------------------

    pub(crate) fn load_name_into(&mut self, name: &str, dst: Reg) {
        match self.lookup(name) {
            Some(VarLoc::Reg(r)) => {
                if r as usize >= self.code.params.slot_count() {
                    let free = self.is_free_in_comprehension(name);
                    self.emit(Instr::CheckBound { reg: r, name: Arc::from(name), free });
                }
                if r != dst {
                    self.emit(Instr::Move { dst, src: r });
                }
            }
            Some(VarLoc::Cell(c)) => {
                self.emit(Instr::LoadCell { dst, cell: c });
            }
            None => {
                self.load_global(dst, name);
            }
        }
    }

    /// Emits `it = iter(src)`; a temporary `src` is unbound right after, so
    /// that an iterator object (`zip(..)`, `enumerate(..)`) is then held by
    /// `it` alone, which lets loops advance it in place.
    pub(crate) fn get_iter(&mut self, it: Reg, src: Reg) {
        self.emit(Instr::GetIter { dst: it, src });
        if self.is_temp(src) {
            self.emit(Instr::Unbind { reg: src });
        }
    }

    /// True when `r` is a temporary (not a variable's register).
    pub(crate) fn is_temp(&self, r: Reg) -> bool {
        !self.code.const_regs.iter().any(|(c, _)| *c == r) && !self.names.iter().any(|m| m.values().any(|l| matches!(l, VarLoc::Reg(x) if *x == r)))
    }

    /// Emits a `LoadGlobal` of `name`, giving each distinct name one slot.
    pub(crate) fn load_global(&mut self, dst: Reg, name: &str) {
        let slot = match self.code.global_names.iter().position(|n| &**n == name) {
            Some(i) => i,
            None => {
                self.code.global_names.push(Arc::from(name));
                self.code.global_names.len() - 1
            }
        } as u32;
        self.emit(Instr::LoadGlobal { dst, name: Arc::from(name), slot });
    }

    pub(crate) fn store_name(&mut self, name: &str, src: Reg) {
        self.store_name_from(name, src, true)
    }

    /// Binds `name` to a copy of `src`, leaving `src` intact (for `:=`,
    /// whose value is also the expression's result).
    pub(crate) fn store_name_copy(&mut self, name: &str, src: Reg) {
        self.store_name_from(name, src, false)
    }

    fn store_name_from(&mut self, name: &str, src: Reg, may_take: bool) {
        match self.lookup(name) {
            Some(VarLoc::Reg(r)) => {
                if r != src {
                    if may_take && self.is_temp(src) {
                        self.emit(Instr::Take { dst: r, src });
                    } else {
                        self.emit(Instr::Move { dst: r, src });
                    }
                }
            }
            Some(VarLoc::Cell(c)) => {
                self.emit(Instr::StoreCell { cell: c, src });
                if may_take && self.is_temp(src) {
                    // The cell is then the value's only holder (a list
                    // built here may still be mutated in place).
                    self.emit(Instr::Unbind { reg: src });
                }
            }
            None => unreachable!("assigned names are always local: {name}"),
        }
    }

    /// Cell indices (in this code's frame) for the free variables of a child.
    pub(crate) fn capture_cells(&self, child: &Code) -> Box<[u32]> {
        child
            .freevars
            .iter()
            .map(|f| match self.lookup_nested(f, true) {
                Some(VarLoc::Cell(c)) => c,
                _ => panic!("free variable `{f}` of `{}` is not a cell in its parent", child.name),
            })
            .collect()
    }

    // ----- statements ----------------------------------------------------

    /// Lowers statements; temporaries of a finished statement are dead, so
    /// their registers are reused by the next one.
    pub(crate) fn stmts(&mut self, body: &'a [Stmt]) -> LResult<()> {
        for s in body {
            let mark = self.code.nregs;
            self.stmt(s)?;
            self.max_regs = self.max_regs.max(self.code.nregs);
            self.code.nregs = mark;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt) -> LResult<()> {
        self.set_line(s);
        match s {
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
            }
            Stmt::Pass(_) => {}
            Stmt::Assign(a) => {
                // `x = <expr>` evaluates straight into x's register.
                if let [Expr::Name(n)] = a.targets.as_slice() {
                    if let Some(VarLoc::Reg(r)) = self.lookup(n.id.as_str()) {
                        if !matches!(a.value.as_ref(), Expr::Name(_)) && !writes_in_steps(&a.value) {
                            self.expr_into(&a.value, r)?;
                            return Ok(());
                        }
                    }
                }
                // `a, b = b, a`: the parts go straight into their targets, no
                // tuple built between (every part is evaluated first, as in
                // CPython).
                let targets = match a.targets.as_slice() {
                    [Expr::Tuple(t)] => Some(&t.elts),
                    [Expr::List(l)] => Some(&l.elts),
                    _ => None,
                };
                if let (Some(targets), Expr::Tuple(values)) = (targets, a.value.as_ref()) {
                    let plain = |elts: &[Expr]| !elts.iter().any(|e| matches!(e, Expr::Starred(_)));
                    if targets.len() == values.elts.len() && plain(targets) && plain(&values.elts) {
                        let parts = self.new_regs(values.elts.len() as u32);
                        for (i, e) in values.elts.iter().enumerate() {
                            self.expr_into(e, parts + i as u32)?;
                        }
                        for (i, t) in targets.iter().enumerate() {
                            self.assign(t, parts + i as u32)?;
                        }
                        return Ok(());
                    }
                }
                let v = self.expr(&a.value)?;
                // `x = y` must copy: the value register may be a local.
                // With several targets (`a = b = v`) every target but the
                // last gets its own copy, since assigning may consume `v`.
                let (last, rest) = a.targets.split_last().expect("assignment has a target");
                for t in rest {
                    let copy = self.new_reg();
                    self.emit(Instr::Move { dst: copy, src: v });
                    self.assign(t, copy)?;
                }
                self.assign(last, v)?;
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let r = self.expr(v)?;
                    self.assign(&a.target, r)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::Return(r) => {
                if self.code.kind == CodeKind::Block {
                    // The function around the block would return: the
                    // block cannot make it.
                    return Err(self.refuse(
                        r.range().start(),
                        "`return` in a `with executor.remotely` block is not allowed (the block cannot return from the function around it)",
                    ));
                }
                let v = match &r.value {
                    Some(v) => {
                        let t = self.new_reg();
                        self.expr_into(v, t)?;
                        t
                    }
                    None => self.const_reg(Const::None),
                };
                self.unwind_finallies(0)?;
                self.set_line(s);
                self.emit(Instr::Return { src: v });
            }
            Stmt::If(i) => self.if_stmt(i)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::For(f) => self.for_stmt(f)?,
            Stmt::Break(b) => {
                let depth = self.loops.last().map(|l| l.finally_depth).ok_or_else(|| self.outside_loop(b.range().start(), "break"))?;
                self.unwind_finallies(depth)?;
                let j = self.emit(Instr::Jump { target: 0 });
                self.loops.last_mut().expect("checked").breaks.push(j);
            }
            Stmt::Continue(c) => {
                let (depth, target) =
                    self.loops.last().map(|l| (l.finally_depth, l.continue_target)).ok_or_else(|| self.outside_loop(c.range().start(), "continue"))?;
                self.unwind_finallies(depth)?;
                self.emit(Instr::Jump { target });
            }
            Stmt::FunctionDef(def) => {
                let f = self.make_function(def, self.code.kind == CodeKind::ClassBody)?;
                self.store_name(def.name.as_str(), f);
            }
            Stmt::ClassDef(c) => {
                let r = self.make_class(c)?;
                self.store_name(c.name.as_str(), r);
            }
            Stmt::Raise(r) => match &r.exc {
                Some(e) => {
                    let exc = self.expr(e)?;
                    let cause = match &r.cause {
                        Some(c) => Some(self.expr(c)?),
                        None => None,
                    };
                    self.set_line(s);
                    self.emit(Instr::Raise { exc, cause, in_handler: self.handler_depth > 0 });
                }
                // The exception this clause handles, even after a nested
                // handler handled another.
                None => match self.handled.last() {
                    Some(&exc) => {
                        self.emit(Instr::Reraise { exc });
                    }
                    None => {
                        let t = self.new_reg();
                        self.emit(Instr::LoadException { dst: t });
                        self.emit(Instr::Reraise { exc: t });
                    }
                },
            },
            Stmt::Try(t) => self.try_stmt(t)?,
            Stmt::Assert(a) => {
                let test = self.expr(&a.test)?;
                let br = self.emit(Instr::Branch { cond: test, if_true: 0, if_false: 0 });
                let fail = self.here();
                let msg = match &a.msg {
                    Some(m) => Some(self.expr(m)?),
                    None => None,
                };
                self.set_line(s);
                self.emit(Instr::AssertFail { msg });
                let ok = self.here();
                self.patch_branch(br, Some(ok), Some(fail));
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let module = a.name.as_str();
                    let bound = match &a.asname {
                        Some(n) => n.as_str(),
                        None => module.split('.').next().unwrap_or(module),
                    };
                    let import_name = if a.asname.is_some() { module } else { bound };
                    let r = self.import(import_name)?;
                    self.store_name(bound, r);
                }
            }
            Stmt::ImportFrom(i) => {
                if i.names.iter().any(|a| a.name.as_str() == "*") {
                    return Err(self.refuse(i.range().start(), "`from module import *` is not supported: import the names the code uses"));
                }
                let module = i.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                let m = self.import(module)?;
                for a in &i.names {
                    let r = self.new_reg();
                    self.emit(Instr::GetAttr { dst: r, obj: m, name: Arc::from(a.name.as_str()) });
                    let bound = a.asname.as_ref().unwrap_or(&a.name);
                    self.store_name(bound.as_str(), r);
                }
            }
            Stmt::Delete(d) => return Err(self.refuse(d.range().start(), "`del` mutates a namespace or container; pyfora values are immutable")),
            Stmt::Global(g) => {
                return Err(self.refuse(g.range().start(), "`global` declarations are not supported: remote code cannot rebind module-level names"))
            }
            Stmt::Nonlocal(n) => {
                return Err(
                    self.refuse(n.range().start(), "`nonlocal` declarations are not supported: remote code cannot rebind names of an enclosing function")
                )
            }
            // A pyfora with-block in a method of a shipped class (the class
            // also drives pyfora locally): refused only if remote code runs it.
            Stmt::With(w) if w.items.iter().any(|item| names_remotely(&item.context_expr)) => {
                self.emit(Instr::ClientOnly {
                    message: Arc::from(format!(
                        "a `with ...remotely:` block (line {}) runs on the client only; remote code cannot start another remote computation",
                        self.src.line(w.range().start())
                    )),
                });
            }
            Stmt::With(w) => return Err(self.refuse(w.range().start(), "`with` statements are not supported inside remote code")),
            Stmt::Match(m) => self.match_stmt(m)?,
            Stmt::TypeAlias(t) => return Err(self.refuse(t.range().start(), "`type` aliases are not supported")),
            Stmt::IpyEscapeCommand(c) => return Err(self.refuse(c.range().start(), "IPython escape commands are not Python")),
        }
        Ok(())
    }

    /// The module `import module` binds: a global read of
    /// [`crate::ir::IMPORT_PREFIX`]`module` (the user's own modules are
    /// shipped under that name; pyfora's resolve as builtins).
    fn import(&mut self, module: &str) -> LResult<Reg> {
        let dst = self.new_reg();
        self.load_global(dst, &format!("{}{module}", crate::ir::IMPORT_PREFIX));
        Ok(dst)
    }

    /// Emits the `finally` bodies between the innermost one and `depth`.
    fn unwind_finallies(&mut self, depth: usize) -> LResult<()> {
        let saved_handler = self.handler;
        let saved_depth = self.handler_depth;
        let saved: Vec<(usize, &'a [Stmt], Label, u32)> =
            self.finallies.iter().enumerate().skip(depth).map(|(i, f)| (i, f.body, f.outer_handler, f.outer_handler_depth)).rev().collect();
        for (i, body, outer, outer_depth) in saved {
            // While running a finally body, the finallies inside it are gone.
            let stash: Vec<FinallyCtx<'a>> = self.finallies.drain(i..).collect();
            self.handler = outer;
            self.handler_depth = outer_depth;
            let done = self.stmts(body);
            self.handler_depth = saved_depth;
            done?;
            self.finallies.extend(stash);
        }
        self.handler = saved_handler;
        Ok(())
    }

    fn if_stmt(&mut self, i: &'a ast::StmtIf) -> LResult<()> {
        let mut end_jumps = vec![];
        let exits = self.condition(&i.test)?;
        let here = self.here();
        self.patch_exits(&exits.when_true, here);
        let mut pending_false = exits.when_false;
        self.stmts(&i.body)?;
        end_jumps.push(self.emit(Instr::Jump { target: 0 }));
        for clause in &i.elif_else_clauses {
            let here = self.here();
            self.patch_exits(&pending_false, here);
            self.set_line(clause);
            match &clause.test {
                Some(t) => {
                    let exits = self.condition(t)?;
                    let here = self.here();
                    self.patch_exits(&exits.when_true, here);
                    pending_false = exits.when_false;
                    self.stmts(&clause.body)?;
                    end_jumps.push(self.emit(Instr::Jump { target: 0 }));
                }
                None => {
                    // `else`: the previous branches already point here.
                    pending_false = vec![];
                    self.stmts(&clause.body)?;
                }
            }
        }
        let end = self.here();
        self.patch_exits(&pending_false, end);
        for j in end_jumps {
            self.patch_jump(j, end);
        }
        Ok(())
    }

    /// Lowers `test` as a condition: short-circuit `and`/`or` and `not`
    /// become branches on each operand (as CPython compiles a test), so no
    /// operand's value is kept in a register past its branch — `if xs and
    /// xs[-1] == c:` leaves `xs` held by its variable alone, free to be
    /// mutated after — and each operand's truth is taken once. Every path
    /// ends in one of the returned branch sides, still to be patched.
    pub(crate) fn condition(&mut self, test: &'a Expr) -> LResult<Exits> {
        match test {
            Expr::BoolOp(b) => {
                let and = matches!(b.op, ast::BoolOp::And);
                let mut exits = Exits::default();
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    let inner = self.condition(v)?;
                    // `and` goes on to the next operand when one is true,
                    // `or` when one is false; the other outcome is final.
                    let (go_on, leave) = if and { (inner.when_true, inner.when_false) } else { (inner.when_false, inner.when_true) };
                    if i + 1 < n {
                        let next = self.here();
                        self.patch_exits(&go_on, next);
                    } else if and {
                        exits.when_true.extend(go_on);
                    } else {
                        exits.when_false.extend(go_on);
                    }
                    if and {
                        exits.when_false.extend(leave);
                    } else {
                        exits.when_true.extend(leave);
                    }
                }
                Ok(exits)
            }
            Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::Not) => {
                let inner = self.condition(&u.operand)?;
                Ok(Exits { when_true: inner.when_false, when_false: inner.when_true })
            }
            other => {
                let cond = self.expr(other)?;
                let br = self.emit(Instr::Branch { cond, if_true: 0, if_false: 0 });
                Ok(Exits { when_true: vec![(br, true)], when_false: vec![(br, false)] })
            }
        }
    }

    /// Points each branch side in `at` to `target`.
    pub(crate) fn patch_exits(&mut self, at: &[(usize, bool)], target: Label) {
        for &(br, side) in at {
            if side {
                self.patch_branch(br, Some(target), None);
            } else {
                self.patch_branch(br, None, Some(target));
            }
        }
    }

    /// `while` with its test at the top (entry, `continue`) and again at
    /// the bottom, so an iteration ends in one branch instead of a jump
    /// back to the test and a branch.
    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> LResult<()> {
        let top = self.here();
        let entry = self.condition(&w.test)?;
        let body = self.here();
        self.patch_exits(&entry.when_true, body);
        self.loops.push(LoopCtx { continue_target: top, breaks: vec![], finally_depth: self.finallies.len() });
        self.stmts(&w.body)?;
        let ctx = self.loops.pop().expect("pushed");
        let again = self.condition(&w.test)?;
        self.patch_exits(&again.when_true, body);
        let else_start = self.here();
        self.patch_exits(&entry.when_false, else_start);
        self.patch_exits(&again.when_false, else_start);
        self.stmts(&w.orelse)?;
        let end = self.here();
        for b in ctx.breaks {
            self.patch_jump(b, end);
        }
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> LResult<()> {
        if f.is_async {
            return Err(self.refuse(f.range().start(), "`async for` is not supported"));
        }
        let iterable = self.expr(&f.iter)?;
        let it = self.new_reg();
        self.get_iter(it, iterable);
        let top = self.here();
        let item = self.new_reg();
        let fi = self.emit(Instr::ForIter { iter: it, dst: item, exit: 0 });
        self.assign(&f.target, item)?;
        self.loops.push(LoopCtx { continue_target: top, breaks: vec![], finally_depth: self.finallies.len() });
        self.stmts(&f.body)?;
        self.emit(Instr::Jump { target: top });
        let ctx = self.loops.pop().expect("pushed");
        let else_start = self.here();
        self.patch_jump(fi, else_start);
        self.stmts(&f.orelse)?;
        let end = self.here();
        for b in ctx.breaks {
            self.patch_jump(b, end);
        }
        Ok(())
    }

    /// A placeholder handler label, replaced by [`Self::resolve_handler`].
    fn pending_handler(&mut self) -> Label {
        self.pending -= 1;
        self.pending
    }

    /// Points every instruction guarded by the placeholder `token` at `target`.
    fn resolve_handler(&mut self, token: Label, target: Label) {
        for h in self.code.handlers.iter_mut() {
            if *h == token {
                *h = target;
            }
        }
        for f in self.finallies.iter_mut() {
            if f.outer_handler == token {
                f.outer_handler = target;
            }
        }
    }

    fn try_stmt(&mut self, t: &'a ast::StmtTry) -> LResult<()> {
        if t.is_star {
            return Err(self.refuse(t.range().start(), "`except*` is not supported"));
        }
        let outer = self.handler;
        let fin_token = (!t.finalbody.is_empty()).then(|| self.pending_handler());
        let exc_token = (!t.handlers.is_empty()).then(|| self.pending_handler());
        let after_body = fin_token.unwrap_or(outer);
        if fin_token.is_some() {
            self.finallies.push(FinallyCtx { body: &t.finalbody, outer_handler: outer, outer_handler_depth: self.handler_depth });
        }
        self.handler = exc_token.unwrap_or(after_body);
        self.stmts(&t.body)?;
        self.handler = after_body;
        self.stmts(&t.orelse)?;
        let mut to_normal = vec![self.emit(Instr::Jump { target: 0 })];

        if let Some(token) = exc_token {
            let start = self.here();
            self.resolve_handler(token, start);
            let exc = self.new_reg();
            self.emit(Instr::LoadException { dst: exc });
            let mut catch_all = false;
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                self.set_line(h);
                let mut next = None;
                if let Some(ty) = &h.type_ {
                    let tyr = self.expr(ty)?;
                    let m = self.new_reg();
                    self.emit(Instr::ExceptionMatches { dst: m, exc, types: tyr });
                    let br = self.emit(Instr::Branch { cond: m, if_true: 0, if_false: 0 });
                    self.patch_branch(br, Some(self.here()), None);
                    next = Some(br);
                }
                if let Some(n) = &h.name {
                    // A copy: `exc` keeps the exception for a bare `raise`
                    // and as the context of new ones (see `Code::handled`).
                    self.store_name_copy(n.as_str(), exc);
                }
                self.handler_depth += 1;
                self.handled.push(exc);
                let body = self.stmts(&h.body);
                self.handled.pop();
                self.handler_depth -= 1;
                body?;
                if let Some(n) = &h.name {
                    if let Some(VarLoc::Reg(r)) = self.lookup(n.as_str()) {
                        self.emit(Instr::Unbind { reg: r });
                    }
                }
                to_normal.push(self.emit(Instr::Jump { target: 0 }));
                match next {
                    Some(br) => {
                        let here = self.here();
                        self.patch_branch(br, None, Some(here));
                    }
                    None => {
                        catch_all = true;
                        break;
                    }
                }
            }
            if !catch_all {
                self.emit(Instr::Reraise { exc });
            }
        }
        if fin_token.is_some() {
            self.finallies.pop();
        }
        self.handler = outer;
        let normal = self.here();
        for j in to_normal {
            self.patch_jump(j, normal);
        }
        if let Some(token) = fin_token {
            self.stmts(&t.finalbody)?;
            let skip = self.emit(Instr::Jump { target: 0 });
            let exc_path = self.here();
            self.resolve_handler(token, exc_path);
            let e = self.new_reg();
            self.emit(Instr::LoadException { dst: e });
            // Reached by an exception, which is being handled meanwhile.
            self.handler_depth += 1;
            self.handled.push(e);
            let body = self.stmts(&t.finalbody);
            self.handled.pop();
            self.handler_depth -= 1;
            body?;
            self.emit(Instr::Reraise { exc: e });
            let end = self.here();
            self.patch_jump(skip, end);
        }
        Ok(())
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> LResult<()> {
        let op = binop(a.op);
        match a.target.as_ref() {
            Expr::Name(n) => {
                let name = n.id.as_str();
                match self.lookup(name) {
                    Some(VarLoc::Reg(r)) => {
                        self.emit(Instr::CheckBound { reg: r, name: Arc::from(name), free: false });
                        let v = self.expr(&a.value)?;
                        self.set_line(a);
                        self.emit(Instr::InPlace { op, dst: r, a: r, b: v, variable: true });
                    }
                    _ => {
                        let cur = self.new_reg();
                        self.load_name_into(name, cur);
                        let v = self.expr(&a.value)?;
                        self.set_line(a);
                        self.emit(Instr::InPlace { op, dst: cur, a: cur, b: v, variable: false });
                        self.store_name(name, cur);
                    }
                }
            }
            Expr::Subscript(s) => {
                let obj = self.expr_local(&s.value)?;
                let idx = self.expr(&s.slice)?;
                let cur = self.new_reg();
                self.emit(Instr::GetItem { dst: cur, obj, index: idx });
                let v = self.expr(&a.value)?;
                self.set_line(a);
                self.emit(Instr::InPlace { op, dst: cur, a: cur, b: v, variable: false });
                self.emit(Instr::SetItem { obj, index: idx, src: cur, take: true });
                self.release_cell_copy(&s.value, obj);
            }
            Expr::Attribute(at) => {
                let obj = self.expr(&at.value)?;
                self.check_attr_store(at, obj)?;
                let cur = self.new_reg();
                self.emit(Instr::GetAttr { dst: cur, obj, name: Arc::from(at.attr.as_str()) });
                let v = self.expr(&a.value)?;
                self.emit(Instr::InPlace { op, dst: cur, a: cur, b: v, variable: false });
                self.emit(Instr::SetAttr { obj, name: Arc::from(at.attr.as_str()), src: cur });
            }
            other => return Err(self.refuse(other.range().start(), "invalid target of augmented assignment")),
        }
        Ok(())
    }

    fn check_attr_store(&self, at: &ast::ExprAttribute, obj: Reg) -> LResult<()> {
        if self.init_self == Some(obj) {
            if let Expr::Name(_) = at.value.as_ref() {
                return Ok(());
            }
        }
        if self.code.kind == CodeKind::Block {
            return Err(self.refuse(
                at.range().start(),
                &format!(
                    "assignment to attribute `{}` in a `with executor.remotely` block is not allowed: remote code cannot change objects of the client (compute the value in the block and assign it after)",
                    at.attr.as_str()
                ),
            ));
        }
        Err(self.refuse(
            at.range().start(),
            &format!("assignment to attribute `{}` is only allowed on `self` inside `__init__`; pyfora objects are immutable once built", at.attr.as_str()),
        ))
    }

    /// Assigns the value in `v` to a target.
    pub(crate) fn assign(&mut self, target: &'a Expr, v: Reg) -> LResult<()> {
        match target {
            Expr::Name(n) => self.store_name(n.id.as_str(), v),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                let n = elts.len() as u32;
                let start = self.new_regs(n);
                let take = self.is_temp(v);
                match star {
                    None => {
                        self.emit(Instr::Unpack { src: v, start, n, take });
                    }
                    Some(i) => {
                        self.emit(Instr::UnpackStar { src: v, start, before: i as u32, after: n - i as u32 - 1, take });
                    }
                }
                for (i, e) in elts.iter().enumerate() {
                    let e = match e {
                        Expr::Starred(s) => &*s.value,
                        other => other,
                    };
                    self.assign(e, start + i as u32)?;
                }
            }
            Expr::Subscript(s) => {
                let obj = self.expr_local(&s.value)?;
                let idx = self.expr(&s.slice)?;
                self.set_line(target);
                let take = self.is_temp(v);
                self.emit(Instr::SetItem { obj, index: idx, src: v, take });
                // (`m[0], m[j] = m[j], m[0]` loads `m` from its cell once
                // per store: the first copy must be gone by the second.)
                self.release_cell_copy(&s.value, obj);
            }
            Expr::Attribute(at) => {
                let obj = self.expr(&at.value)?;
                self.check_attr_store(at, obj)?;
                self.emit(Instr::SetAttr { obj, name: Arc::from(at.attr.as_str()), src: v });
            }
            Expr::Starred(s) => return Err(self.refuse(s.range().start(), "starred assignment target must be in a list or tuple")),
            other => return Err(self.refuse(other.range().start(), "cannot assign to this expression")),
        }
        Ok(())
    }

    fn make_function(&mut self, def: &'a ast::StmtFunctionDef, in_class: bool) -> LResult<Reg> {
        // Defaults are evaluated in the defining scope, before the function exists.
        let (defaults, nd, kwd) = self.defaults(&def.parameters)?;
        let mut decorators = vec![];
        for d in &def.decorator_list {
            decorators.push(self.expr(&d.expression)?);
        }
        let qualname = self.child_qualname(self.src.def_name(&def.name));
        let child = match lower_def(self.src, self.res, def, in_class, &qualname) {
            // A class ships whole, with methods remote code may never call:
            // a method pyfora refuses fails when called, as code that is
            // never reached does in Python.
            Err(SyntaxError::Refused { line, message, .. }) if in_class => refused_method(self.src, self.res, def, line, &message, &qualname),
            other => other?,
        };
        let cells = self.capture_cells(&child);
        let idx = self.code.children.len() as u32;
        self.code.children.push(child);
        let mut f = self.new_reg();
        self.set_line(def);
        self.emit(Instr::MakeFunction { dst: f, code: idx, defaults, ndefaults: nd, kwdefaults: kwd, cells });
        for d in decorators.into_iter().rev() {
            let arg = self.new_reg();
            self.emit(Instr::Move { dst: arg, src: f });
            let out = self.new_reg();
            self.emit(Instr::Call { dst: out, func: d, args: simple_args(arg, 1) });
            f = out;
        }
        Ok(f)
    }

    pub(crate) fn defaults(&mut self, p: &'a ast::Parameters) -> LResult<(Reg, u32, Box<[(Arc<str>, Reg)]>)> {
        let pos: Vec<&Expr> = p.posonlyargs.iter().chain(&p.args).filter_map(|a| a.default.as_deref()).collect();
        let start = self.new_regs(pos.len() as u32);
        for (i, d) in pos.iter().enumerate() {
            self.expr_into(d, start + i as u32)?;
        }
        let mut kw = vec![];
        for a in &p.kwonlyargs {
            if let Some(d) = &a.default {
                let r = self.new_reg();
                self.expr_into(d, r)?;
                kw.push((Arc::from(a.parameter.name.as_str()), r));
            }
        }
        Ok((start, pos.len() as u32, kw.into_boxed_slice()))
    }

    fn make_class(&mut self, c: &'a ast::StmtClassDef) -> LResult<Reg> {
        // Decorators are evaluated first, applied last (innermost first).
        let mut decorators = vec![];
        for d in &c.decorator_list {
            decorators.push(self.expr(&d.expression)?);
        }
        if let Some(k) = c.arguments.as_ref().and_then(|a| a.keywords.first()) {
            return Err(self.refuse(k.range().start(), "class keywords (`class C(Base, key=value)`, metaclasses) are not supported"));
        }
        let args: Vec<&Expr> = c.arguments.as_ref().map(|a| a.args.iter().collect()).unwrap_or_default();
        let bases = self.new_regs(args.len() as u32);
        for (i, a) in args.iter().enumerate() {
            self.expr_into(a, bases + i as u32)?;
        }
        let body = lower_class_body(self.src, self.res, c, &self.child_qualname(self.src.def_name(&c.name)))?;
        let cells = self.capture_cells(&body);
        let idx = self.code.children.len() as u32;
        self.code.children.push(body);
        let dst = self.new_reg();
        self.set_line(c);
        self.emit(Instr::MakeClass { dst, code: idx, name: Arc::from(self.src.def_name(&c.name)), bases, nbases: args.len() as u32, cells });
        let mut cls = dst;
        for d in decorators.into_iter().rev() {
            let arg = self.new_reg();
            self.emit(Instr::Move { dst: arg, src: cls });
            let out = self.new_reg();
            self.emit(Instr::Call { dst: out, func: d, args: simple_args(arg, 1) });
            cls = out;
        }
        Ok(cls)
    }
}

/// Whether lowering `e` into a register writes partial results there
/// before its value is complete (`a and b` holds `a` while `b` runs; a
/// chained comparison holds each link's result): such an expression must
/// not be evaluated straight into the variable it is assigned to, whose old
/// value the rest may still read (`x = a and x`), or keep if it raises.
/// A `yield` counts: its register gets `None` while the generator is
/// suspended, and `x` must keep its old value when `throw()` or `close()`
/// resumes it with an exception (`x = yield v`).
fn writes_in_steps(e: &Expr) -> bool {
    match e {
        Expr::BoolOp(_) | Expr::Yield(_) => true,
        Expr::Compare(c) => c.ops.len() > 1,
        Expr::If(i) => writes_in_steps(&i.body) || writes_in_steps(&i.orelse),
        _ => false,
    }
}

/// Call arguments that are just `n` registers from `start`.
pub fn simple_args(start: Reg, n: u32) -> CallArgs {
    CallArgs { start, nargs: n, kwargs: Box::new([]), star: None, double_star: None }
}

/// IR operator for an AST operator.
pub fn binop(op: ast::Operator) -> BinOp {
    use ast::Operator as O;
    match op {
        O::Add => BinOp::Add,
        O::Sub => BinOp::Sub,
        O::Mult => BinOp::Mul,
        O::MatMult => BinOp::MatMul,
        O::Div => BinOp::TrueDiv,
        O::Mod => BinOp::Mod,
        O::Pow => BinOp::Pow,
        O::LShift => BinOp::LShift,
        O::RShift => BinOp::RShift,
        O::BitOr => BinOp::BitOr,
        O::BitXor => BinOp::BitXor,
        O::BitAnd => BinOp::BitAnd,
        O::FloorDiv => BinOp::FloorDiv,
    }
}

/// Whether `e` reads an attribute named `remotely` (`executor.remotely`,
/// `self.ex.remotely.downloadAll()`): the context of a pyfora with-block.
fn names_remotely(e: &ast::Expr) -> bool {
    match e {
        Expr::Attribute(a) => a.attr.as_str() == "remotely" || names_remotely(&a.value),
        Expr::Call(c) => names_remotely(&c.func),
        _ => false,
    }
}

/// A top-level `def` of a module pyfora provides, written in Python.
pub struct ModuleFunction {
    pub name: Arc<str>,
    pub code: Arc<Code>,
    /// Positional defaults, then keyword-only ones (literals only).
    pub defaults: Vec<Const>,
    pub kwdefaults: Vec<(Arc<str>, Const)>,
}

/// Lowers the top-level functions of a module source whose defaults are
/// all literal constants (`None`, bools, small ints, floats, strings).
pub fn lower_module_functions(src: &SourceFile) -> LResult<Vec<ModuleFunction>> {
    let literal = |e: &Expr| -> LResult<Const> {
        Ok(match e {
            Expr::NoneLiteral(_) => Const::None,
            Expr::BooleanLiteral(b) => Const::Bool(b.value),
            Expr::NumberLiteral(ast::ExprNumberLiteral { value: ast::Number::Int(i), .. }) if i.as_i64().is_some() => Const::Int(i.as_i64().unwrap_or(0)),
            Expr::NumberLiteral(ast::ExprNumberLiteral { value: ast::Number::Float(f), .. }) => Const::Float(*f),
            Expr::StringLiteral(s) => Const::Str(Arc::from(s.value.to_str())),
            other => {
                return Err(SyntaxError::Refused {
                    path: src.path.to_string(),
                    line: src.line(other.range().start()),
                    message: "module defaults must be literals".into(),
                })
            }
        })
    };
    let mut out = Vec::new();
    for stmt in &src.module.body {
        let Stmt::FunctionDef(def) = stmt else { continue };
        let p = &def.parameters;
        let defaults = p.posonlyargs.iter().chain(&p.args).filter_map(|a| a.default.as_deref()).map(literal).collect::<LResult<Vec<_>>>()?;
        let mut kwdefaults = Vec::new();
        for a in &p.kwonlyargs {
            if let Some(d) = &a.default {
                kwdefaults.push((Arc::from(a.parameter.name.as_str()), literal(d)?));
            }
        }
        out.push(ModuleFunction { name: Arc::from(def.name.as_str()), code: lower_function(src, def)?, defaults, kwdefaults });
    }
    Ok(out)
}

/// The branch sides a condition ends in ([`CodeBuilder::condition`]), still
/// to be patched: `(branch pc, true for its if_true side)`, those taken
/// when the test is true and those taken when it is false.
#[derive(Default)]
pub(crate) struct Exits {
    pub when_true: Vec<(usize, bool)>,
    pub when_false: Vec<(usize, bool)>,
}
