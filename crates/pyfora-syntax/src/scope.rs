//! Name resolution: which names are locals, cells (captured by an inner
//! scope), free variables (captured from an enclosing function) or globals
//! (module-level names the client supplies, then builtins) — Python's rules.
//!
//! List, set and dict comprehensions are scopes of their own (their loop
//! variables do not leak) but are lowered inline into their host code; a
//! name they read from the host is then a plain register read, not a cell.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

/// Identifies a scope-creating node by its source range.
pub type ScopeKey = (u32, u32);

/// The kind of a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// A `def`, lambda or generator expression: a code object of its own.
    Function,
    Class,
    /// List/set/dict comprehension, lowered inline into its host.
    InlineComprehension,
    /// The body of a `with` block: a code object whose outer names are globals.
    Block,
}

/// What the resolver concluded about one scope.
#[derive(Debug, Clone, Default)]
pub struct ScopeFacts {
    /// Names bound in this scope, in first-binding order.
    pub assigned: Vec<String>,
    /// Bound names that an inner function captures (need a cell).
    pub cells: HashSet<String>,
    /// Names captured from enclosing function scopes (function scopes only).
    pub frees: Vec<String>,
    /// Names an inline comprehension reads from outside itself (sorted;
    /// inline comprehensions only).
    pub reads: Vec<String>,
}

/// Resolution results for every scope under a root.
#[derive(Debug, Default)]
pub struct Resolution {
    pub scopes: HashMap<ScopeKey, ScopeFacts>,
}

impl Resolution {
    /// Facts for the scope created by the node with `key`.
    pub fn facts(&self, key: ScopeKey) -> &ScopeFacts {
        self.scopes.get(&key).expect("every scope node was analysed")
    }
}

/// The key of a node.
pub fn key_of(node: &impl Ranged) -> ScopeKey {
    let r = node.range();
    (r.start().to_u32(), r.end().to_u32())
}

#[derive(Debug)]
struct Scope {
    kind: ScopeKind,
    key: ScopeKey,
    assigned: Vec<String>,
    assigned_set: HashSet<String>,
    used: HashSet<String>,
    children: Vec<Scope>,
    /// A generator expression (a function scope that `:=` looks through).
    genexp: bool,
}

impl Scope {
    fn new(kind: ScopeKind, key: ScopeKey) -> Self {
        Scope { kind, key, assigned: Vec::new(), assigned_set: HashSet::new(), used: HashSet::new(), children: Vec::new(), genexp: false }
    }

    fn bind(&mut self, name: &str) {
        if self.assigned_set.insert(name.to_string()) {
            self.assigned.push(name.to_string());
        }
    }
}

/// Analyses a function (`def` or lambda as an expression statement) or a
/// class, as if defined at module level: names it does not bind come from
/// the client-supplied globals.
pub fn resolve_function(def: &ast::StmtFunctionDef) -> Resolution {
    let mut walker = Walker { stack: vec![Scope::new(ScopeKind::Class, (0, 0))] };
    walker.function_def(def);
    finish(walker)
}

/// Analyses a lambda expression shipped on its own.
pub fn resolve_lambda(lambda: &ast::ExprLambda) -> Resolution {
    let mut walker = Walker { stack: vec![Scope::new(ScopeKind::Class, (0, 0))] };
    walker.lambda(lambda);
    finish(walker)
}

/// Analyses a class definition shipped on its own.
pub fn resolve_class(class: &ast::StmtClassDef) -> Resolution {
    let mut walker = Walker { stack: vec![Scope::new(ScopeKind::Class, (0, 0))] };
    walker.class_def(class);
    finish(walker)
}

/// Analyses the body of a `with` block, keyed by the `with` statement.
pub fn resolve_block(with: &ast::StmtWith) -> Resolution {
    let mut walker = Walker { stack: vec![Scope::new(ScopeKind::Block, key_of(with))] };
    walker.stmts(&with.body);
    let root = walker.stack.pop().expect("root scope");
    let mut res = Resolution::default();
    record(&root, &HashSet::new(), &mut res);
    res
}

/// Names a `with` block body reads before or without binding them itself.
pub fn block_free_names(with: &ast::StmtWith) -> Vec<String> {
    let mut walker = Walker { stack: vec![Scope::new(ScopeKind::Block, key_of(with))] };
    walker.stmts(&with.body);
    let root = walker.stack.pop().expect("root scope");
    let mut names: Vec<String> = needs(&root).into_iter().collect();
    // Names the block assigns may still be read before assignment (x += 1):
    // the client supplies them too when it has them.
    names.extend(root.assigned.iter().cloned());
    names.sort();
    names.dedup();
    names
}

/// Whether `c` is `super()` without arguments.
pub fn is_bare_super(c: &ast::ExprCall) -> bool {
    matches!(c.func.as_ref(), Expr::Name(n) if n.id.as_str() == "super") && c.arguments.args.is_empty() && c.arguments.keywords.is_empty()
}

/// Whether the body of `with` calls `super()` without arguments.
pub fn block_calls_bare_super(with: &ast::StmtWith) -> bool {
    let mut found = false;
    crate::source::visit_stmts(&with.body, &mut |stmt| {
        crate::source::visit_stmt_exprs(stmt, &mut |e| {
            if let Expr::Call(c) = e {
                found |= is_bare_super(c);
            }
        });
    });
    found
}

/// Names a `with` block body binds, in first-binding order.
pub fn block_assigned_names(with: &ast::StmtWith) -> Vec<String> {
    let mut walker = Walker { stack: vec![Scope::new(ScopeKind::Block, key_of(with))] };
    walker.stmts(&with.body);
    walker.stack.pop().expect("root scope").assigned
}

fn finish(mut walker: Walker) -> Resolution {
    let root = walker.stack.pop().expect("root scope");
    let mut res = Resolution::default();
    for child in &root.children {
        record(child, &HashSet::new(), &mut res);
    }
    res
}

/// Names a scope needs from outside itself (reads it does not bind, plus
/// what its children need and it does not bind).
fn needs(scope: &Scope) -> HashSet<String> {
    let mut need: HashSet<String> = scope.used.iter().filter(|n| !scope.assigned_set.contains(*n)).cloned().collect();
    for child in &scope.children {
        for n in needs(child) {
            let bound_here = scope.kind != ScopeKind::Class && scope.assigned_set.contains(&n);
            if !bound_here {
                need.insert(n);
            }
        }
    }
    need
}

/// Names that function scopes nested under `scope` capture (through inline
/// comprehensions, which do not own code objects).
fn captured_by_children(scope: &Scope) -> HashSet<String> {
    let mut out = HashSet::new();
    for child in &scope.children {
        let child_need = match child.kind {
            ScopeKind::InlineComprehension => {
                let mut inner = captured_by_children(child);
                inner.retain(|n| !child.assigned_set.contains(n));
                inner
            }
            _ => needs(child),
        };
        out.extend(child_need);
    }
    out
}

fn record(scope: &Scope, outer_bound: &HashSet<String>, res: &mut Resolution) {
    let captured = captured_by_children(scope);
    let cells: HashSet<String> = match scope.kind {
        ScopeKind::Class => HashSet::new(),
        _ => scope.assigned.iter().filter(|n| captured.contains(*n)).cloned().collect(),
    };
    let frees: Vec<String> = match scope.kind {
        ScopeKind::Function | ScopeKind::Class => {
            let mut f: Vec<String> = needs(scope).into_iter().filter(|n| outer_bound.contains(n)).collect();
            f.sort();
            f
        }
        _ => Vec::new(),
    };
    let mut inner_bound = outer_bound.clone();
    if scope.kind != ScopeKind::Class {
        inner_bound.extend(scope.assigned.iter().cloned());
    }
    for child in &scope.children {
        record(child, &inner_bound, res);
    }
    let reads: Vec<String> = match scope.kind {
        ScopeKind::InlineComprehension => {
            let mut r: Vec<String> = needs(scope).into_iter().collect();
            r.sort();
            r
        }
        _ => Vec::new(),
    };
    res.scopes.insert(scope.key, ScopeFacts { assigned: scope.assigned.clone(), cells, frees, reads });
}

struct Walker {
    stack: Vec<Scope>,
}

impl Walker {
    fn top(&mut self) -> &mut Scope {
        self.stack.last_mut().expect("scope stack is never empty")
    }

    fn bind(&mut self, name: &str) {
        self.top().bind(name);
    }

    fn use_name(&mut self, name: &str) {
        self.top().used.insert(name.to_string());
    }

    fn push(&mut self, kind: ScopeKind, key: ScopeKey) {
        self.stack.push(Scope::new(kind, key));
    }

    fn pop(&mut self) {
        let s = self.stack.pop().expect("pushed scope");
        self.top().children.push(s);
    }

    fn parameters(&mut self, params: &ast::Parameters) {
        for p in params.posonlyargs.iter().chain(&params.args) {
            self.bind(p.parameter.name.as_str());
        }
        if let Some(v) = &params.vararg {
            self.bind(v.name.as_str());
        }
        for p in &params.kwonlyargs {
            self.bind(p.parameter.name.as_str());
        }
        if let Some(k) = &params.kwarg {
            self.bind(k.name.as_str());
        }
    }

    fn defaults(&mut self, params: &ast::Parameters) {
        for p in params.posonlyargs.iter().chain(&params.args).chain(&params.kwonlyargs) {
            if let Some(d) = &p.default {
                self.expr(d);
            }
        }
    }

    fn function_def(&mut self, def: &ast::StmtFunctionDef) {
        for d in &def.decorator_list {
            self.expr(&d.expression);
        }
        self.defaults(&def.parameters);
        self.bind(def.name.as_str());
        self.push(ScopeKind::Function, key_of(def));
        self.parameters(&def.parameters);
        self.stmts(&def.body);
        self.pop();
    }

    fn lambda(&mut self, lambda: &ast::ExprLambda) {
        if let Some(p) = &lambda.parameters {
            self.defaults(p);
        }
        self.push(ScopeKind::Function, key_of(lambda));
        if let Some(p) = &lambda.parameters {
            self.parameters(p);
        }
        self.expr(&lambda.body);
        self.pop();
    }

    fn class_def(&mut self, class: &ast::StmtClassDef) {
        for d in &class.decorator_list {
            self.expr(&d.expression);
        }
        if let Some(args) = &class.arguments {
            for a in args.args.iter() {
                self.expr(a);
            }
            for k in args.keywords.iter() {
                self.expr(&k.value);
            }
        }
        self.bind(class.name.as_str());
        self.push(ScopeKind::Class, key_of(class));
        self.stmts(&class.body);
        // Methods that call super() read the class through a cell.
        self.pop();
    }

    fn comprehension(&mut self, kind: ScopeKind, key: ScopeKey, gens: &[ast::Comprehension], elts: &[&Expr]) {
        // The first iterable is evaluated in the enclosing scope.
        if let Some(first) = gens.first() {
            self.expr(&first.iter);
        }
        self.push(kind, key);
        self.top().genexp = kind == ScopeKind::Function;
        for (i, g) in gens.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter);
            }
            self.target(&g.target);
            for cond in &g.ifs {
                self.expr(cond);
            }
        }
        for e in elts {
            self.expr(e);
        }
        self.pop();
    }

    /// Binds the names of an assignment target, walking its sub-expressions.
    fn target(&mut self, t: &Expr) {
        match t {
            Expr::Name(n) => self.bind(n.id.as_str()),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.target(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.target(e)),
            Expr::Starred(s) => self.target(&s.value),
            Expr::Attribute(a) => self.expr(&a.value),
            Expr::Subscript(s) => {
                self.expr(&s.value);
                self.expr(&s.slice);
            }
            other => self.expr(other),
        }
    }

    /// A `case` pattern: the names it captures are bound, the values and
    /// classes it compares with are read.
    fn pattern(&mut self, p: &ast::Pattern) {
        use ast::Pattern as P;
        match p {
            P::MatchValue(v) => self.expr(&v.value),
            P::MatchSingleton(_) => {}
            P::MatchSequence(s) => s.patterns.iter().for_each(|p| self.pattern(p)),
            P::MatchMapping(m) => {
                m.keys.iter().for_each(|k| self.expr(k));
                m.patterns.iter().for_each(|p| self.pattern(p));
                if let Some(rest) = &m.rest {
                    self.bind(rest.as_str());
                }
            }
            P::MatchClass(c) => {
                self.expr(&c.cls);
                c.arguments.patterns.iter().for_each(|p| self.pattern(p));
                c.arguments.keywords.iter().for_each(|k| self.pattern(&k.pattern));
            }
            P::MatchStar(s) => {
                if let Some(n) = &s.name {
                    self.bind(n.as_str());
                }
            }
            P::MatchAs(a) => {
                if let Some(inner) = &a.pattern {
                    self.pattern(inner);
                }
                if let Some(n) = &a.name {
                    self.bind(n.as_str());
                }
            }
            P::MatchOr(o) => o.patterns.iter().for_each(|p| self.pattern(p)),
        }
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::FunctionDef(def) => self.function_def(def),
            Stmt::ClassDef(c) => self.class_def(c),
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v)
                }
            }
            Stmt::Delete(d) => d.targets.iter().for_each(|t| self.expr(t)),
            Stmt::Assign(a) => {
                self.expr(&a.value);
                a.targets.iter().for_each(|t| self.target(t));
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.value);
                if let Expr::Name(n) = a.target.as_ref() {
                    self.use_name(n.id.as_str());
                }
                self.target(&a.target);
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v);
                    self.target(&a.target);
                }
            }
            Stmt::For(f) => {
                self.expr(&f.iter);
                self.target(&f.target);
                self.stmts(&f.body);
                self.stmts(&f.orelse);
            }
            Stmt::While(w) => {
                self.expr(&w.test);
                self.stmts(&w.body);
                self.stmts(&w.orelse);
            }
            Stmt::If(i) => {
                self.expr(&i.test);
                self.stmts(&i.body);
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.expr(t);
                    }
                    self.stmts(&c.body);
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr);
                    if let Some(v) = &item.optional_vars {
                        self.target(v);
                    }
                }
                self.stmts(&w.body);
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e);
                }
                if let Some(c) = &r.cause {
                    self.expr(c);
                }
            }
            Stmt::Try(t) => {
                self.stmts(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty);
                    }
                    if let Some(n) = &h.name {
                        self.bind(n.as_str());
                    }
                    self.stmts(&h.body);
                }
                self.stmts(&t.orelse);
                self.stmts(&t.finalbody);
            }
            Stmt::Assert(a) => {
                self.expr(&a.test);
                if let Some(m) = &a.msg {
                    self.expr(m);
                }
            }
            // An import reads its module as a global (see `ir::IMPORT_PREFIX`).
            Stmt::Import(i) => {
                for a in &i.names {
                    let top = a.name.as_str().split('.').next().unwrap_or("");
                    let imported = if a.asname.is_some() { a.name.as_str() } else { top };
                    self.use_name(&format!("{}{imported}", crate::ir::IMPORT_PREFIX));
                    let bound = match &a.asname {
                        Some(n) => n.as_str().to_string(),
                        None => top.to_string(),
                    };
                    self.bind(&bound);
                }
            }
            Stmt::ImportFrom(i) => {
                self.use_name(&format!("{}{}", crate::ir::IMPORT_PREFIX, i.module.as_ref().map(|m| m.as_str()).unwrap_or("")));
                for a in &i.names {
                    let bound = a.asname.as_ref().unwrap_or(&a.name);
                    self.bind(bound.as_str());
                }
            }
            Stmt::Expr(e) => self.expr(&e.value),
            Stmt::Match(m) => {
                self.expr(&m.subject);
                for case in &m.cases {
                    self.pattern(&case.pattern);
                    if let Some(g) = &case.guard {
                        self.expr(g);
                    }
                    self.stmts(&case.body);
                }
            }
            _ => {}
        }
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Name(n) => self.use_name(n.id.as_str()),
            Expr::Lambda(l) => self.lambda(l),
            Expr::Named(n) => {
                self.expr(&n.value);
                // `:=` binds in the nearest scope that is not a comprehension.
                if let Expr::Name(name) = n.target.as_ref() {
                    let idx = self.walrus_scope();
                    self.stack[idx].bind(name.id.as_str());
                    if idx + 1 != self.stack.len() {
                        // Inside a generator expression the name is free.
                        self.use_name(name.id.as_str());
                    }
                }
            }
            Expr::ListComp(c) => self.comprehension(ScopeKind::InlineComprehension, key_of(c), &c.generators, &[&c.elt]),
            Expr::SetComp(c) => self.comprehension(ScopeKind::InlineComprehension, key_of(c), &c.generators, &[&c.elt]),
            Expr::DictComp(c) => self.comprehension(ScopeKind::InlineComprehension, key_of(c), &c.generators, &[&c.key, &c.value]),
            Expr::Generator(g) => self.comprehension(ScopeKind::Function, key_of(g), &g.generators, &[&g.elt]),
            _ => {
                let mut sub = Vec::new();
                children_of(e, &mut sub);
                for c in sub {
                    self.expr(c);
                }
            }
        }
    }

    /// The scope a walrus binds in: the innermost one that is not an inline
    /// comprehension.
    fn walrus_scope(&self) -> usize {
        let mut i = self.stack.len() - 1;
        while i > 0 && (self.stack[i].kind == ScopeKind::InlineComprehension || self.stack[i].genexp) {
            i -= 1;
        }
        i
    }
}

/// The direct sub-expressions of `e` (for expressions without scopes).
pub fn children_of<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    match e {
        Expr::BoolOp(b) => out.extend(b.values.iter()),
        Expr::BinOp(b) => {
            out.push(&b.left);
            out.push(&b.right);
        }
        Expr::UnaryOp(u) => out.push(&u.operand),
        Expr::If(i) => {
            out.push(&i.test);
            out.push(&i.body);
            out.push(&i.orelse);
        }
        Expr::Dict(d) => {
            for item in &d.items {
                if let Some(k) = &item.key {
                    out.push(k);
                }
                out.push(&item.value);
            }
        }
        Expr::Set(s) => out.extend(s.elts.iter()),
        Expr::Await(a) => out.push(&a.value),
        Expr::Yield(y) => {
            if let Some(v) = &y.value {
                out.push(v)
            }
        }
        Expr::YieldFrom(y) => out.push(&y.value),
        Expr::Compare(c) => {
            out.push(&c.left);
            out.extend(c.comparators.iter());
        }
        Expr::Call(c) => {
            out.push(&c.func);
            out.extend(c.arguments.args.iter());
            out.extend(c.arguments.keywords.iter().map(|k| &k.value));
        }
        Expr::FString(f) => {
            for part in f.value.iter() {
                if let ast::FStringPart::FString(fs) = part {
                    interpolations(&fs.elements, out);
                }
            }
        }
        Expr::Attribute(a) => out.push(&a.value),
        Expr::Subscript(s) => {
            out.push(&s.value);
            out.push(&s.slice);
        }
        Expr::Starred(s) => out.push(&s.value),
        Expr::List(l) => out.extend(l.elts.iter()),
        Expr::Tuple(t) => out.extend(t.elts.iter()),
        Expr::Slice(s) => {
            for p in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                out.push(p);
            }
        }
        _ => {}
    }
}

fn interpolations<'a>(elements: &'a ast::InterpolatedStringElements, out: &mut Vec<&'a Expr>) {
    for el in elements.iter() {
        if let ast::InterpolatedStringElement::Interpolation(i) = el {
            out.push(&i.expression);
            if let Some(spec) = &i.format_spec {
                interpolations(&spec.elements, out);
            }
        }
    }
}
