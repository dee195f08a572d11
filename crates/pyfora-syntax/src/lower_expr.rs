//! Lowering of expressions (part of [`crate::lower`]).

use std::collections::HashMap;
use std::sync::Arc;

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use crate::error::SyntaxError;
use crate::ir::*;
use crate::lower::{binop, simple_args, CodeBuilder, VarLoc, REFUSED_CALLS};
use crate::scope::key_of;

type LResult<T> = Result<T, SyntaxError>;

#[derive(Clone, Copy)]
enum CompKind {
    List,
    Set,
    Dict,
}

impl<'a> CodeBuilder<'a> {
    /// Lowers `e` and returns the register holding its value (a local's own
    /// register when `e` is a plain local name).
    pub(crate) fn expr(&mut self, e: &'a Expr) -> LResult<Reg> {
        let constant = match e {
            Expr::NumberLiteral(ast::ExprNumberLiteral { value: ast::Number::Int(i), .. }) => i.as_i64().map(Const::Int),
            Expr::NumberLiteral(ast::ExprNumberLiteral { value: ast::Number::Float(f), .. }) => Some(Const::Float(*f)),
            Expr::StringLiteral(s) => Some(Const::Str(self.str_literal(s)?)),
            Expr::BooleanLiteral(b) => Some(Const::Bool(b.value)),
            Expr::NoneLiteral(_) => Some(Const::None),
            _ => None,
        };
        if let Some(c) = constant {
            return Ok(self.const_reg(c));
        }
        if let Expr::Name(n) = e {
            if let Some(VarLoc::Reg(r)) = self.lookup(n.id.as_str()) {
                if r as usize >= self.code.params.slot_count() {
                    let free = self.is_free_in_comprehension(n.id.as_str());
                    self.emit(Instr::CheckBound { reg: r, name: Arc::from(n.id.as_str()), free });
                }
                return Ok(r);
            }
        }
        let r = self.new_reg();
        self.expr_into(e, r)?;
        Ok(r)
    }

    /// Like [`Self::expr`]; used where the register is mutated in place.
    pub(crate) fn expr_local(&mut self, e: &'a Expr) -> LResult<Reg> {
        self.expr(e)
    }

    /// After `obj` (the value of `e`) served as the object of an item read
    /// or store or a method call: when `e` names a variable that lives in a cell,
    /// `obj` holds a copy of its value, which is dropped now — the cell is
    /// then the value's only holder, and a later mutation through the
    /// variable can happen in place (`counts[w] = counts.get(w, 0) + 1`
    /// with `counts` read by a lambda).
    pub(crate) fn release_cell_copy(&mut self, e: &'a Expr, obj: Reg) {
        if let Expr::Name(n) = e {
            if matches!(self.lookup(n.id.as_str()), Some(VarLoc::Cell(_))) && self.is_temp(obj) {
                self.emit(Instr::Unbind { reg: obj });
            }
        }
    }

    /// Lowers `e` into register `dst`.
    pub(crate) fn expr_into(&mut self, e: &'a Expr, dst: Reg) -> LResult<()> {
        match e {
            Expr::Name(n) => self.load_name_into(n.id.as_str(), dst),
            Expr::NumberLiteral(n) => {
                let c = match &n.value {
                    ast::Number::Int(i) => match i.as_i64() {
                        Some(v) => Const::Int(v),
                        None => Const::BigInt(i.to_string().replace('_', "")),
                    },
                    ast::Number::Float(f) => Const::Float(*f),
                    ast::Number::Complex { .. } => return Err(self.refuse(e.range().start(), "complex numbers are not supported")),
                };
                let idx = self.add_const(c);
                self.emit(Instr::Const { dst, idx });
            }
            Expr::StringLiteral(s) => {
                let idx = self.add_const(Const::Str(self.str_literal(s)?));
                self.emit(Instr::Const { dst, idx });
            }
            Expr::BooleanLiteral(b) => {
                let idx = self.add_const(Const::Bool(b.value));
                self.emit(Instr::Const { dst, idx });
            }
            Expr::NoneLiteral(_) => {
                let idx = self.add_const(Const::None);
                self.emit(Instr::Const { dst, idx });
            }
            Expr::EllipsisLiteral(_) => {
                let idx = self.add_const(Const::Ellipsis);
                self.emit(Instr::Const { dst, idx });
            }
            Expr::BytesLiteral(b) => return Err(self.refuse(b.range().start(), "bytes literals are not supported yet")),
            Expr::BinOp(b) => {
                let l = self.expr(&b.left)?;
                let r = self.expr(&b.right)?;
                self.set_line(e);
                self.emit(Instr::BinOp { op: binop(b.op), dst, a: l, b: r });
            }
            Expr::UnaryOp(u) => {
                let a = self.expr(&u.operand)?;
                let op = match u.op {
                    ast::UnaryOp::Not => UnaryOp::Not,
                    ast::UnaryOp::USub => UnaryOp::Neg,
                    ast::UnaryOp::UAdd => UnaryOp::Pos,
                    ast::UnaryOp::Invert => UnaryOp::Invert,
                };
                self.set_line(e);
                self.emit(Instr::Unary { op, dst, a });
            }
            Expr::BoolOp(b) => {
                let mut jumps = vec![];
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr_into(v, dst)?;
                    if i + 1 < n {
                        let br = self.emit(Instr::Branch { cond: dst, if_true: 0, if_false: 0 });
                        jumps.push(br);
                        let next = self.here();
                        match b.op {
                            ast::BoolOp::And => self.patch_branch(br, Some(next), None),
                            ast::BoolOp::Or => self.patch_branch(br, None, Some(next)),
                        }
                    }
                }
                let end = self.here();
                for br in jumps {
                    match b.op {
                        ast::BoolOp::And => self.patch_branch(br, None, Some(end)),
                        ast::BoolOp::Or => self.patch_branch(br, Some(end), None),
                    }
                }
            }
            Expr::Compare(c) => self.compare(c, dst)?,
            Expr::If(i) => {
                let cond = self.expr(&i.test)?;
                let br = self.emit(Instr::Branch { cond, if_true: 0, if_false: 0 });
                self.patch_branch(br, Some(self.here()), None);
                self.expr_into(&i.body, dst)?;
                let j = self.emit(Instr::Jump { target: 0 });
                let other = self.here();
                self.patch_branch(br, None, Some(other));
                self.expr_into(&i.orelse, dst)?;
                let end = self.here();
                self.patch_jump(j, end);
            }
            Expr::Named(n) => {
                self.expr_into(&n.value, dst)?;
                if let Expr::Name(name) = n.target.as_ref() {
                    self.store_name_copy(name.id.as_str(), dst);
                }
            }
            Expr::Call(c) => self.call(c, dst)?,
            Expr::Attribute(a) => {
                let obj = self.expr(&a.value)?;
                self.set_attribute_line(a);
                self.emit(Instr::GetAttr { dst, obj, name: Arc::from(a.attr.as_str()) });
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value)?;
                let idx = self.expr(&s.slice)?;
                self.set_line(e);
                self.emit(Instr::GetItem { dst, obj, index: idx });
                self.release_cell_copy(&s.value, obj);
            }
            Expr::Slice(s) => {
                let mut parts = [0; 3];
                for (i, p) in [&s.lower, &s.upper, &s.step].into_iter().enumerate() {
                    parts[i] = match p {
                        Some(x) => self.expr(x)?,
                        None => self.const_reg(Const::None),
                    };
                }
                self.emit(Instr::BuildSlice { dst, lower: parts[0], upper: parts[1], step: parts[2] });
            }
            Expr::Tuple(t) => self.sequence(&t.elts, dst, SeqKind::Tuple)?,
            Expr::List(l) => self.sequence(&l.elts, dst, SeqKind::List)?,
            Expr::Set(s) => self.sequence(&s.elts, dst, SeqKind::Set)?,
            Expr::Dict(d) => self.dict(d, dst)?,
            Expr::ListComp(c) => self.comprehension(CompKind::List, key_of(c), c.range().start(), &c.generators, &[&c.elt], dst)?,
            Expr::SetComp(c) => self.comprehension(CompKind::Set, key_of(c), c.range().start(), &c.generators, &[&c.elt], dst)?,
            Expr::DictComp(c) => self.comprehension(CompKind::Dict, key_of(c), c.range().start(), &c.generators, &[&c.key, &c.value], dst)?,
            Expr::Generator(g) => self.generator_expression(g, dst)?,
            Expr::Lambda(l) => {
                let (defaults, nd, kwd) = match &l.parameters {
                    Some(p) => self.defaults(p)?,
                    None => (0, 0, Box::new([]) as Box<[(Arc<str>, Reg)]>),
                };
                let child = crate::lower::lower_lambda_in(self.src, self.res, l, &self.child_qualname("<lambda>"))?;
                let cells = self.capture_cells(&child);
                let idx = self.code.children.len() as u32;
                self.code.children.push(child);
                self.emit(Instr::MakeFunction { dst, code: idx, defaults, ndefaults: nd, kwdefaults: kwd, cells });
            }
            Expr::FString(f) => self.fstring(f, dst)?,
            Expr::Yield(y) => {
                if self.code.kind == CodeKind::Block {
                    return Err(self.refuse(e.range().start(), "`yield` at the top level of a `with executor.remotely` block is not allowed"));
                }
                self.code.is_generator = true;
                let v = match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.const_reg(Const::None),
                };
                self.set_line(e);
                self.emit(Instr::Yield { dst, src: v });
            }
            Expr::YieldFrom(y) => {
                if self.code.kind == CodeKind::Block {
                    return Err(self.refuse(e.range().start(), "`yield from` at the top level of a `with executor.remotely` block is not allowed"));
                }
                self.code.is_generator = true;
                let v = self.expr(&y.value)?;
                let it = self.new_reg();
                self.get_iter(it, v);
                self.set_line(e);
                self.emit(Instr::YieldFrom { dst, iter: it });
            }
            Expr::Starred(s) => return Err(self.refuse(s.range().start(), "a starred expression is only allowed in calls, displays and assignment targets")),
            Expr::Await(a) => return Err(self.refuse(a.range().start(), "`await` is not supported")),
            Expr::TString(t) => return Err(self.refuse(t.range().start(), "template strings are not supported")),
            Expr::IpyEscapeCommand(c) => return Err(self.refuse(c.range().start(), "IPython escape commands are not Python")),
        }
        Ok(())
    }

    fn compare(&mut self, c: &'a ast::ExprCompare, dst: Reg) -> LResult<()> {
        let mut left = self.expr(&c.left)?;
        let mut exits = vec![];
        let n = c.ops.len();
        for (i, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            let r = self.expr(right)?;
            self.set_line(c);
            self.emit(Instr::Compare { op: cmpop(*op), dst, a: left, b: r });
            if i + 1 < n {
                let br = self.emit(Instr::Branch { cond: dst, if_true: 0, if_false: 0 });
                self.patch_branch(br, Some(self.here()), None);
                exits.push(br);
                // The middle operand is evaluated once; keep it.
                let keep = self.new_reg();
                self.emit(Instr::Move { dst: keep, src: r });
                left = keep;
            }
        }
        let end = self.here();
        for br in exits {
            self.patch_branch(br, None, Some(end));
        }
        Ok(())
    }

    /// Lowers call arguments; returns `CallArgs`.
    fn call_args(&mut self, args: &'a ast::Arguments) -> LResult<CallArgs> {
        let has_star = args.args.iter().any(|a| matches!(a, Expr::Starred(_)));
        let mut out = if has_star {
            let list = self.new_reg();
            self.starred_list(&args.args, list)?;
            CallArgs { start: 0, nargs: 0, kwargs: Box::new([]), star: Some(list), double_star: None }
        } else {
            let n = args.args.len() as u32;
            let start = self.new_regs(n);
            for (i, a) in args.args.iter().enumerate() {
                self.expr_into(a, start + i as u32)?;
            }
            simple_args(start, n)
        };
        let mut kwargs = vec![];
        let mut double = None;
        for k in args.keywords.iter() {
            match (&k.arg, double) {
                (Some(name), None) => {
                    let r = self.new_reg();
                    self.expr_into(&k.value, r)?;
                    kwargs.push((Arc::from(name.as_str()), r));
                }
                // After a `**`: into the same dict, keeping the source order.
                (Some(name), Some(d)) => {
                    let pair = self.new_regs(2);
                    let key = self.const_reg(Const::Str(Arc::from(name.as_str())));
                    self.emit(Instr::Move { dst: pair, src: key });
                    self.expr_into(&k.value, pair + 1)?;
                    let one = self.new_reg();
                    self.emit(Instr::BuildDict { dst: one, start: pair, n: 1 });
                    self.emit(Instr::DictMerge { dict: d, src: one, keywords: true });
                }
                (None, _) => {
                    let d = match double {
                        Some(d) => d,
                        None => {
                            let d = self.new_reg();
                            self.emit(Instr::BuildDict { dst: d, start: 0, n: 0 });
                            double = Some(d);
                            d
                        }
                    };
                    let v = self.expr(&k.value)?;
                    self.emit(Instr::DictMerge { dict: d, src: v, keywords: true });
                }
            }
        }
        out.kwargs = kwargs.into_boxed_slice();
        out.double_star = double;
        Ok(out)
    }

    fn call(&mut self, c: &'a ast::ExprCall, dst: Reg) -> LResult<()> {
        if let Expr::Name(n) = c.func.as_ref() {
            let name = n.id.as_str();
            if self.lookup(name).is_none() {
                let refused = REFUSED_CALLS.iter().find(|(r, _)| *r == name).filter(|_| !self.src.binds_at_top_level(name));
                if let Some((_, why)) = refused {
                    return Err(self.refuse(c.range().start(), &format!("{why}; pyfora runs only side-effect-free code")));
                }
                if crate::scope::is_bare_super(c) && self.code.kind == crate::ir::CodeKind::Block {
                    if let Some(receiver) = self.block_receiver.clone() {
                        // `super(__class__, self)`, both read from the
                        // method's frame as the block's other variables are.
                        let start = self.new_regs(2);
                        self.load_name_into("__class__", start);
                        self.load_name_into(&receiver, start + 1);
                        let f = self.new_reg();
                        self.load_name_into("super", f);
                        self.set_line(c);
                        self.emit(Instr::Call { dst, func: f, args: crate::lower::simple_args(start, 2) });
                        return Ok(());
                    }
                }
                if name == "super" && c.arguments.args.is_empty() {
                    let why = if self.code.kind == crate::ir::CodeKind::Block {
                        "`super()` without arguments works in a `with executor.remotely` block only directly inside a method; write `super(ClassName, obj)`"
                    } else {
                        "`super()` without arguments is only supported inside methods"
                    };
                    let obj = self.method_self.ok_or_else(|| self.refuse(c.range().start(), why))?;
                    self.set_line(c);
                    self.emit(Instr::Super { dst, obj });
                    return Ok(());
                }
            }
        }
        if let Expr::Attribute(a) = c.func.as_ref() {
            // `x.__dict__.update(...)` sets attributes of `x` (the runtime's
            // method `DICT_UPDATE`): pyfora's `__dict__` is a fresh dict,
            // whose update would be lost.
            let (target, name) = match a.value.as_ref() {
                Expr::Attribute(inner) if inner.attr.as_str() == "__dict__" && a.attr.as_str() == "update" => (&*inner.value, crate::ir::DICT_UPDATE),
                _ => (&*a.value, a.attr.as_str()),
            };
            let obj = self.expr_local(target)?;
            let args = self.call_args(&c.arguments)?;
            self.set_attribute_line(a);
            self.emit(Instr::CallMethod { dst, obj, name: Arc::from(name), args });
            self.release_cell_copy(target, obj);
            return Ok(());
        }
        let func = self.expr(&c.func)?;
        let args = self.call_args(&c.arguments)?;
        self.set_line(c);
        self.emit(Instr::Call { dst, func, args });
        Ok(())
    }

    /// Builds into `list` the items of `elts`, spreading `*iterable` ones.
    fn starred_list(&mut self, elts: &'a [Expr], list: Reg) -> LResult<()> {
        self.emit(Instr::BuildList { dst: list, start: 0, n: 0 });
        for e in elts {
            match e {
                Expr::Starred(s) => {
                    let v = self.expr(&s.value)?;
                    self.emit(Instr::ListExtend { list, src: v });
                }
                other => {
                    let v = self.expr(other)?;
                    let take = self.is_temp(v);
                    self.emit(Instr::ListAppend { list, src: v, take });
                }
            }
        }
        Ok(())
    }

    /// `dst = builtin(src)` for one of the runtime's own builtins.
    fn call_runtime(&mut self, builtin: &str, src: Reg, dst: Reg) {
        let f = self.new_reg();
        self.load_global(f, builtin);
        let arg = self.new_reg();
        self.emit(Instr::Move { dst: arg, src });
        self.emit(Instr::Call { dst, func: f, args: simple_args(arg, 1) });
    }

    fn sequence(&mut self, elts: &'a [Expr], dst: Reg, kind: SeqKind) -> LResult<()> {
        if elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
            // Built apart and moved into `dst` at the end: `xs = [*xs, 3]`
            // reads the old `xs` while the new list grows.
            let list = self.new_reg();
            self.starred_list(elts, list)?;
            let conv = match kind {
                SeqKind::List => {
                    self.emit(Instr::Take { dst, src: list });
                    return Ok(());
                }
                SeqKind::Tuple => "__pyfora_tuple__",
                SeqKind::Set => "__pyfora_set__",
            };
            self.call_runtime(conv, list, dst);
            return Ok(());
        }
        let n = elts.len() as u32;
        let start = self.new_regs(n);
        for (i, e) in elts.iter().enumerate() {
            self.expr_into(e, start + i as u32)?;
        }
        if matches!(kind, SeqKind::Set) && n > 2 && elts.iter().all(is_constant) {
            // CPython folds such a display into a frozenset constant and
            // merges it into a new set; the table (the set's order) follows.
            let folded = self.new_reg();
            self.emit(Instr::BuildSet { dst: folded, start, n });
            self.call_runtime("__pyfora_constant_set__", folded, dst);
            return Ok(());
        }
        self.emit(match kind {
            SeqKind::Tuple => Instr::BuildTuple { dst, start, n },
            SeqKind::List => Instr::BuildList { dst, start, n },
            SeqKind::Set => Instr::BuildSet { dst, start, n },
        });
        Ok(())
    }

    fn dict(&mut self, d: &'a ast::ExprDict, dst: Reg) -> LResult<()> {
        if d.items.iter().all(|i| i.key.is_some()) {
            let n = d.items.len() as u32;
            let start = self.new_regs(2 * n);
            for (i, item) in d.items.iter().enumerate() {
                self.expr_into(item.key.as_ref().expect("checked"), start + 2 * i as u32)?;
                self.expr_into(&item.value, start + 2 * i as u32 + 1)?;
            }
            self.emit(Instr::BuildDict { dst, start, n });
            return Ok(());
        }
        // Built apart and moved into `dst` at the end: `d = {**d, k: v}`
        // reads the old `d` while the new dict grows.
        let acc = self.new_reg();
        self.emit(Instr::BuildDict { dst: acc, start: 0, n: 0 });
        for item in &d.items {
            match &item.key {
                Some(k) => {
                    let kr = self.expr(k)?;
                    let vr = self.expr(&item.value)?;
                    let take = self.is_temp(vr);
                    self.emit(Instr::DictInsert { dict: acc, key: kr, value: vr, take });
                }
                None => {
                    let v = self.expr(&item.value)?;
                    self.emit(Instr::DictMerge { dict: acc, src: v, keywords: false });
                }
            }
        }
        self.emit(Instr::Take { dst, src: acc });
        Ok(())
    }

    /// Enters the names of an inline comprehension scope.
    fn push_comprehension_scope(&mut self, key: crate::scope::ScopeKey) {
        let facts = self.res.facts(key).clone();
        let mut map = HashMap::new();
        for name in &facts.assigned {
            let loc = if facts.cells.contains(name) { VarLoc::Cell(self.add_cell(name, None)) } else { VarLoc::Reg(self.new_reg()) };
            map.insert(name.clone(), loc);
        }
        self.names.push(map);
    }

    /// Lowers the loops of a comprehension; `body` emits the innermost step.
    /// `first_iter` holds the first iterable, or the iterator itself when
    /// `first_is_iterator` (a generator expression's parameter: moved, so
    /// that the loop holds the only reference and advances it in place).
    fn comprehension_loops(
        &mut self,
        gens: &'a [ast::Comprehension],
        first_iter: Reg,
        first_is_iterator: bool,
        body: &mut dyn FnMut(&mut Self) -> LResult<()>,
    ) -> LResult<()> {
        let mut tops = vec![];
        let mut exits = vec![];
        for (i, g) in gens.iter().enumerate() {
            if g.is_async {
                return Err(self.refuse(g.range().start(), "`async for` is not supported"));
            }
            let iterable = if i == 0 { first_iter } else { self.expr(&g.iter)? };
            let it = self.new_reg();
            if i == 0 && first_is_iterator {
                self.emit(Instr::Take { dst: it, src: iterable });
            } else {
                self.get_iter(it, iterable);
            }
            let top = self.here();
            let item = self.new_reg();
            exits.push(self.emit(Instr::ForIter { iter: it, dst: item, exit: 0 }));
            self.assign(&g.target, item)?;
            for cond in &g.ifs {
                let exits = self.condition(cond)?;
                self.patch_exits(&exits.when_false, top);
                let next = self.here();
                self.patch_exits(&exits.when_true, next);
            }
            tops.push(top);
        }
        body(self)?;
        // Innermost loop continues; each exhausted loop continues its parent.
        let innermost = *tops.last().expect("a comprehension has a generator");
        self.emit(Instr::Jump { target: innermost });
        for i in (0..exits.len()).rev() {
            if i == 0 {
                let end = self.here();
                self.patch_jump(exits[0], end);
            } else {
                self.patch_jump(exits[i], tops[i - 1]);
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        kind: CompKind,
        key: crate::scope::ScopeKey,
        at: ruff_text_size::TextSize,
        gens: &'a [ast::Comprehension],
        elts: &[&'a Expr],
        dst: Reg,
    ) -> LResult<()> {
        let first = self.expr(&gens[0].iter)?;
        let acc = self.new_reg();
        let builds = match kind {
            CompKind::List => Builds::List,
            CompKind::Set => Builds::Set,
            CompKind::Dict => Builds::Dict,
        };
        let hint = self.parallel_hint(key, gens, elts, first, acc, builds)?;
        match kind {
            CompKind::List => self.emit(Instr::BuildList { dst: acc, start: 0, n: 0 }),
            CompKind::Set => self.emit(Instr::BuildSet { dst: acc, start: 0, n: 0 }),
            CompKind::Dict => self.emit(Instr::BuildDict { dst: acc, start: 0, n: 0 }),
        };
        self.push_comprehension_scope(key);
        // What follows ran in a frame of its own before Python 3.12.
        let enclosing = self.comprehension;
        let name = Arc::from(builds.comprehension_name());
        self.code.comprehension_frames.push(crate::ir::ComprehensionFrame { name, line: self.src.line(at), parent: enclosing });
        self.comprehension = self.code.comprehension_frames.len() as u32;
        let elts: Vec<&'a Expr> = elts.to_vec();
        let result = self.comprehension_loops(gens, first, false, &mut |b: &mut Self| {
            match kind {
                CompKind::List => {
                    let v = b.expr(elts[0])?;
                    let take = b.is_temp(v);
                    b.emit(Instr::ListAppend { list: acc, src: v, take });
                }
                CompKind::Set => {
                    let v = b.expr(elts[0])?;
                    let take = b.is_temp(v);
                    b.emit(Instr::SetAdd { set: acc, src: v, take });
                }
                CompKind::Dict => {
                    let k = b.expr(elts[0])?;
                    let v = b.expr(elts[1])?;
                    let take = b.is_temp(v);
                    b.emit(Instr::DictInsert { dict: acc, key: k, value: v, take });
                }
            }
            Ok(())
        });
        self.names.pop();
        self.comprehension = enclosing;
        result?;
        if let Some(at) = hint {
            let end = self.here();
            self.patch_jump(at, end);
        }
        // Move the accumulator out so the result is uniquely held by `dst`.
        self.emit(Instr::Take { dst, src: acc });
        Ok(())
    }

    /// Emits the [`Instr::ParallelComprehension`] before a comprehension's
    /// loop (its `done` is patched to the loop's end); `None` when the
    /// comprehension cannot run apart: in a class body, reading a cell of
    /// this scope, or binding names outside itself (`:=`).
    fn parallel_hint(
        &mut self,
        key: crate::scope::ScopeKey,
        gens: &'a [ast::Comprehension],
        elts: &[&'a Expr],
        first: Reg,
        acc: Reg,
        builds: Builds,
    ) -> LResult<Option<usize>> {
        if matches!(self.code.kind, CodeKind::ClassBody) || self.src.text.get(key.0 as usize..key.1 as usize).is_none_or(|text| text.contains(":=")) {
            return Ok(None);
        }
        let reads = self.res.facts(key).reads.clone();
        let mut outer = Vec::new();
        let mut regs = Vec::new();
        for name in reads {
            match self.lookup(&name) {
                Some(VarLoc::Reg(r)) => {
                    outer.push(name);
                    regs.push(r);
                }
                Some(VarLoc::Cell(_)) => return Ok(None),
                None => {} // a global or builtin: the kernel looks it up too
            }
        }
        let child =
            crate::lower::lower_comprehension_kernel(self.src, self.res, key, gens, elts, &outer, builds, &self.child_qualname(builds.comprehension_name()))?;
        let idx = self.code.children.len() as u32;
        self.code.children.push(child);
        let one_per_item = matches!(gens, [only] if only.ifs.is_empty());
        Ok(Some(self.emit(Instr::ParallelComprehension { dst: acc, code: idx, iterable: first, args: regs.into(), done: 0, builds, one_per_item })))
    }

    fn generator_expression(&mut self, g: &'a ast::ExprGenerator, dst: Reg) -> LResult<()> {
        let first = self.expr(&g.generators[0].iter)?;
        let it = self.new_reg();
        self.get_iter(it, first);
        let child = crate::lower::lower_genexp(self.src, self.res, g, &self.child_qualname("<genexpr>"))?;
        let cells = self.capture_cells(&child);
        let idx = self.code.children.len() as u32;
        self.code.children.push(child);
        let f = self.new_reg();
        self.emit(Instr::MakeFunction { dst: f, code: idx, defaults: 0, ndefaults: 0, kwdefaults: Box::new([]), cells });
        self.emit(Instr::Call { dst, func: f, args: simple_args(it, 1) });
        // The generator holds what it needs; the function made for it goes,
        // so that the cells it captured (`done` in `min(k for k in r if k
        // not in done)`) are held by this frame alone once the generator is
        // consumed, and the variables stay mutable in place.
        self.emit(Instr::Unbind { reg: f });
        Ok(())
    }

    /// Body of a generator expression's own code: parameter 0 is the iterator.
    pub(crate) fn genexp_body(&mut self, g: &'a ast::ExprGenerator) -> LResult<()> {
        self.yielding_comprehension_body(&g.generators, &g.elt)
    }

    /// Loops over `gens` yielding `elt`, with the iterator in register 0.
    pub(crate) fn yielding_comprehension_body(&mut self, gens: &'a [ast::Comprehension], elt: &'a Expr) -> LResult<()> {
        self.yielding_comprehension_items(gens, &[elt])
    }

    /// The loops of a comprehension yielding its element, or a tuple of
    /// its elements (a dict's key and value, evaluated in that order).
    pub(crate) fn yielding_comprehension_items(&mut self, gens: &'a [ast::Comprehension], elts: &[&'a Expr]) -> LResult<()> {
        let elts = elts.to_vec();
        self.comprehension_loops(gens, 0, true, &mut |b: &mut Self| {
            let v = if let [elt] = elts[..] {
                b.expr(elt)?
            } else {
                let start = b.new_regs(elts.len() as u32);
                for (i, e) in elts.iter().enumerate() {
                    b.expr_into(e, start + i as u32)?;
                }
                let t = b.new_reg();
                b.emit(Instr::BuildTuple { dst: t, start, n: elts.len() as u32 });
                t
            };
            let sent = b.new_reg();
            b.emit(Instr::Yield { dst: sent, src: v });
            Ok(())
        })?;
        self.code.is_generator = true;
        Ok(())
    }

    fn fstring(&mut self, f: &'a ast::ExprFString, dst: Reg) -> LResult<()> {
        let mut parts: Vec<Reg> = vec![];
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(s) => {
                    let r = self.const_reg(Const::Str(Arc::from(s.as_str())));
                    parts.push(r);
                }
                ast::FStringPart::FString(fs) => self.interpolated(&fs.elements, &mut parts)?,
            }
        }
        self.concat(parts, dst);
        Ok(())
    }

    fn concat(&mut self, parts: Vec<Reg>, dst: Reg) {
        let n = parts.len() as u32;
        let start = self.new_regs(n);
        for (i, p) in parts.into_iter().enumerate() {
            self.emit(Instr::Move { dst: start + i as u32, src: p });
        }
        self.emit(Instr::BuildString { dst, start, n });
    }

    fn interpolated(&mut self, elements: &'a ast::InterpolatedStringElements, parts: &mut Vec<Reg>) -> LResult<()> {
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    let r = self.const_reg(Const::Str(Arc::from(&*l.value)));
                    parts.push(r);
                }
                ast::InterpolatedStringElement::Interpolation(i) => {
                    let mut conversion = match i.conversion {
                        ast::ConversionFlag::None => Conversion::None,
                        ast::ConversionFlag::Str => Conversion::Str,
                        ast::ConversionFlag::Repr => Conversion::Repr,
                        ast::ConversionFlag::Ascii => Conversion::Ascii,
                    };
                    if let Some(debug) = &i.debug_text {
                        let text = &self.src.text[i.expression.range().start().to_usize()..i.expression.range().end().to_usize()];
                        let lit = format!("{}{}{}", debug.leading, text, debug.trailing);
                        let r = self.const_reg(Const::Str(Arc::from(lit.as_str())));
                        parts.push(r);
                        if conversion == Conversion::None && i.format_spec.is_none() {
                            conversion = Conversion::Repr;
                        }
                    }
                    let v = self.expr(&i.expression)?;
                    let spec = match &i.format_spec {
                        Some(spec) => {
                            let mut sp = vec![];
                            self.interpolated(&spec.elements, &mut sp)?;
                            let r = self.new_reg();
                            self.concat(sp, r);
                            Some(r)
                        }
                        None => None,
                    };
                    let out = self.new_reg();
                    self.set_line(i);
                    self.emit(Instr::FormatValue { dst: out, value: v, conversion, spec });
                    parts.push(out);
                }
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum SeqKind {
    Tuple,
    List,
    Set,
}

impl CodeBuilder<'_> {
    /// The value of a string literal; literals spelling lone surrogates are
    /// refused (see `source::surrogate_escape`).
    fn str_literal(&self, s: &ast::ExprStringLiteral) -> LResult<Arc<str>> {
        if let Some(at) = crate::source::surrogate_escape(self.src, s) {
            return Err(self.refuse(at, crate::source::SURROGATE_MESSAGE));
        }
        Ok(Arc::from(s.value.to_str()))
    }
}

fn cmpop(op: ast::CmpOp) -> CmpOp {
    use ast::CmpOp as C;
    match op {
        C::Eq => CmpOp::Eq,
        C::NotEq => CmpOp::NotEq,
        C::Lt => CmpOp::Lt,
        C::LtE => CmpOp::LtE,
        C::Gt => CmpOp::Gt,
        C::GtE => CmpOp::GtE,
        C::Is => CmpOp::Is,
        C::IsNot => CmpOp::IsNot,
        C::In => CmpOp::In,
        C::NotIn => CmpOp::NotIn,
    }
}

/// Whether CPython's compiler treats `e` as a constant in a display: a
/// literal, an operation its AST optimizer folds into a constant
/// ([`fold`]), or a tuple of such.
fn is_constant(e: &Expr) -> bool {
    match e {
        Expr::NumberLiteral(_) | Expr::StringLiteral(_) | Expr::BooleanLiteral(_) | Expr::NoneLiteral(_) | Expr::EllipsisLiteral(_) => true,
        Expr::UnaryOp(_) | Expr::BinOp(_) => fold(e).is_some(),
        Expr::Tuple(t) => t.elts.iter().all(is_constant),
        _ => false,
    }
}

/// A constant CPython's AST optimizer computes at compile time.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Folded {
    Int(i128),
    Float(f64),
    /// A string of this many characters.
    Str(usize),
}

/// CPython's limits on folding (`ast_opt.c`): ints of at most 128 bits,
/// strings of at most 4096 characters.
const MAX_INT_BITS: u32 = 128;
const MAX_STR_SIZE: usize = 4096;

fn int_bits(i: i128) -> u32 {
    128 - i.unsigned_abs().leading_zeros()
}

/// The constant `e` folds to, when CPython's optimizer folds it: number
/// and string literals, and unary and binary operations on such that
/// neither raise nor exceed the optimizer's size limits. `None` also where
/// the value passes what is tracked here (ints past `i128`, complex
/// numbers): such displays are then built item by item.
fn fold(e: &Expr) -> Option<Folded> {
    use ast::Operator as O;
    match e {
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => i.as_i64().map(|v| Folded::Int(v as i128)),
            ast::Number::Float(f) => Some(Folded::Float(*f)),
            _ => None,
        },
        Expr::BooleanLiteral(b) => Some(Folded::Int(b.value as i128)),
        Expr::StringLiteral(s) => Some(Folded::Str(s.value.to_str().chars().count())),
        Expr::UnaryOp(u) => {
            let v = fold(&u.operand)?;
            match (u.op, v) {
                (ast::UnaryOp::USub, Folded::Int(i)) => i.checked_neg().map(Folded::Int),
                (ast::UnaryOp::USub, Folded::Float(f)) => Some(Folded::Float(-f)),
                (ast::UnaryOp::UAdd, Folded::Int(_) | Folded::Float(_)) => Some(v),
                (ast::UnaryOp::Invert, Folded::Int(i)) => Some(Folded::Int(!i)),
                (ast::UnaryOp::Not, Folded::Int(i)) => Some(Folded::Int((i == 0) as i128)),
                (ast::UnaryOp::Not, Folded::Float(f)) => Some(Folded::Int((f == 0.0) as i128)),
                (ast::UnaryOp::Not, Folded::Str(n)) => Some(Folded::Int((n == 0) as i128)),
                _ => None,
            }
        }
        Expr::BinOp(b) => {
            let (l, r) = (fold(&b.left)?, fold(&b.right)?);
            match (l, r) {
                (Folded::Int(x), Folded::Int(y)) => match b.op {
                    O::Add => x.checked_add(y).map(Folded::Int),
                    O::Sub => x.checked_sub(y).map(Folded::Int),
                    O::Mult if x != 0 && y != 0 && int_bits(x) + int_bits(y) > MAX_INT_BITS => None,
                    O::Mult => x.checked_mul(y).map(Folded::Int),
                    O::Div if y == 0 => None,
                    O::Div => Some(Folded::Float(x as f64 / y as f64)),
                    O::FloorDiv | O::Mod if y == 0 => None,
                    O::FloorDiv => Some(Folded::Int(x / y - ((x % y != 0) && ((x < 0) != (y < 0))) as i128)),
                    O::Mod => Some(Folded::Int(((x % y) + y) % y)),
                    // A negative exponent gives a float (0 to it raises).
                    O::Pow if y < 0 => (x != 0).then(|| Folded::Float((x as f64).powf(y as f64))),
                    O::Pow if x != 0 && y > 0 && int_bits(x) as i128 > MAX_INT_BITS as i128 / y => None,
                    O::Pow => u32::try_from(y).ok().and_then(|e| x.checked_pow(e)).map(Folded::Int),
                    O::LShift if y < 0 => None,
                    O::LShift if x != 0 && y != 0 && (int_bits(x) as i128 + y > MAX_INT_BITS as i128) => None,
                    O::LShift => u32::try_from(y).ok().and_then(|s| x.checked_mul(1i128.checked_shl(s)?)).map(Folded::Int),
                    O::RShift if y < 0 => None,
                    O::RShift => Some(Folded::Int(if y >= 127 {
                        if x < 0 {
                            -1
                        } else {
                            0
                        }
                    } else {
                        x >> y
                    })),
                    O::BitAnd => Some(Folded::Int(x & y)),
                    O::BitOr => Some(Folded::Int(x | y)),
                    O::BitXor => Some(Folded::Int(x ^ y)),
                    O::MatMult => None,
                },
                (Folded::Int(_) | Folded::Float(_), Folded::Int(_) | Folded::Float(_)) => {
                    let as_float = |v: Folded| match v {
                        Folded::Int(i) => i as f64,
                        Folded::Float(f) => f,
                        Folded::Str(_) => f64::NAN,
                    };
                    let (x, y) = (as_float(l), as_float(r));
                    let v = match b.op {
                        O::Add => x + y,
                        O::Sub => x - y,
                        O::Mult => x * y,
                        O::Div if y != 0.0 => x / y,
                        O::FloorDiv if y != 0.0 => (x / y).floor(),
                        O::Mod if y != 0.0 => x % y,
                        // Complex results, overflow: not tracked here.
                        O::Pow if x > 0.0 || (x == 0.0 && y >= 0.0) => x.powf(y),
                        _ => return None,
                    };
                    v.is_finite().then_some(Folded::Float(v))
                }
                (Folded::Str(m), Folded::Str(n)) if b.op == O::Add => Some(Folded::Str(m + n)),
                (Folded::Str(len), Folded::Int(times)) | (Folded::Int(times), Folded::Str(len)) if b.op == O::Mult => {
                    if times < 0 {
                        return Some(Folded::Str(0));
                    }
                    let total = len.checked_mul(usize::try_from(times).ok()?)?;
                    (len == 0 || times as usize <= MAX_STR_SIZE / len).then_some(Folded::Str(total))
                }
                _ => None,
            }
        }
        _ => None,
    }
}
