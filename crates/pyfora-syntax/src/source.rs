//! User source files: parsing, line numbers, and finding the definition a
//! client names by file and line.

use std::collections::HashMap;
use std::sync::Arc;

use ruff_python_ast::name::Name;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

use crate::error::SyntaxError;
use crate::scope::children_of;

/// Where a string literal spells a lone surrogate (`"\ud800"`): Rust strings
/// cannot hold U+D800..U+DFFF and the parser silently turns them into
/// U+FFFD, so pyfora refuses such literals instead of computing with a
/// different string. Returns the offset of the offending literal part.
pub fn surrogate_escape(src: &SourceFile, s: &ast::ExprStringLiteral) -> Option<TextSize> {
    for part in s.value.iter() {
        if matches!(part.flags.prefix(), ast::str_prefix::StringLiteralPrefix::Raw { .. }) {
            continue;
        }
        let text = &src.text[part.range()];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b'\\' {
                i += 1;
                continue;
            }
            let width = match bytes.get(i + 1) {
                Some(b'u') => 4,
                Some(b'U') => 8,
                _ => {
                    i += 2;
                    continue;
                }
            };
            let code = text.get(i + 2..i + 2 + width).and_then(|h| u32::from_str_radix(h, 16).ok());
            if code.is_some_and(|c| (0xD800..=0xDFFF).contains(&c)) {
                return Some(part.start());
            }
            i += 2;
        }
    }
    None
}

/// The message for a refused lone-surrogate literal (see [`surrogate_escape`]).
pub const SURROGATE_MESSAGE: &str = "strings containing lone surrogates (U+D800..U+DFFF) are not supported by pyfora: its strings are valid Unicode (UTF-8)";

/// A parsed user file.
pub struct SourceFile {
    pub path: Arc<str>,
    pub text: String,
    line_starts: Vec<u32>,
    pub module: ast::ModModule,
    /// The names as written of the `def`/`class` statements whose binding
    /// is mangled ([`crate::mangle`]), by the offset of their name.
    unmangled: HashMap<TextSize, Name>,
}

impl SourceFile {
    /// Parses `text`; a syntax error reports the user's file and line.
    pub fn parse(path: &str, text: String) -> Result<SourceFile, SyntaxError> {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        let path: Arc<str> = Arc::from(path);
        let parsed = ruff_python_parser::parse_module(&text);
        let mut module = match parsed {
            Ok(p) => p.into_syntax(),
            Err(e) => {
                let line = line_of(&line_starts, e.location.start());
                return Err(SyntaxError::Parse { path: path.to_string(), line, message: e.error.to_string() });
            }
        };
        let unmangled = crate::mangle::mangle_module(&mut module);
        Ok(SourceFile { path, text, line_starts, module, unmangled })
    }

    /// The name of a `def` or `class` statement as written (its
    /// `__name__`), where `name` may hold the mangled name it binds.
    pub fn def_name<'a>(&'a self, name: &'a ast::Identifier) -> &'a str {
        self.unmangled.get(&name.range.start()).map_or(name.as_str(), |n| n.as_str())
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: TextSize) -> u32 {
        line_of(&self.line_starts, offset)
    }

    /// The text of 1-based line `line`, without its newline.
    pub fn line_text(&self, line: u32) -> &str {
        let i = (line as usize).saturating_sub(1);
        let start = *self.line_starts.get(i).unwrap_or(&0) as usize;
        let end = self.line_starts.get(i + 1).map(|e| *e as usize).unwrap_or(self.text.len());
        self.text[start.min(self.text.len())..end.min(self.text.len())].trim_end_matches(['\n', '\r'])
    }

    /// Whether the module's top level binds `name` (a `def`, a `class`, an
    /// assignment or an import of that name): a user's global then shadows
    /// the builtin of that name.
    pub fn binds_at_top_level(&self, name: &str) -> bool {
        let target_is = |t: &Expr| matches!(t, Expr::Name(n) if n.id.as_str() == name);
        self.module.body.iter().any(|s| match s {
            Stmt::FunctionDef(d) => d.name.as_str() == name,
            Stmt::ClassDef(c) => c.name.as_str() == name,
            Stmt::Assign(a) => a.targets.iter().any(target_is),
            Stmt::AnnAssign(a) => target_is(&a.target),
            Stmt::Import(i) => i.names.iter().any(|a| a.asname.as_ref().map_or(a.name.as_str(), |n| n.as_str()) == name),
            Stmt::ImportFrom(i) => i.names.iter().any(|a| a.asname.as_ref().map_or(a.name.as_str(), |n| n.as_str()) == name),
            _ => false,
        })
    }

    /// The `def` named `name` whose first line (decorator or `def`) is `line`.
    pub fn find_def(&self, line: u32, name: &str) -> Result<&ast::StmtFunctionDef, SyntaxError> {
        let mut found = None;
        visit_stmts(&self.module.body, &mut |s| {
            if let Stmt::FunctionDef(d) = s {
                if found.is_none() && (self.def_name(&d.name) == name || d.name.as_str() == name) && self.starts_on(d, line) {
                    found = Some(d);
                }
            }
        });
        found.ok_or_else(|| self.not_found(line, &format!("function `{name}`")))
    }

    /// The class named `name` whose first line (decorator or `class`) is `line`.
    pub fn find_class(&self, line: u32, name: &str) -> Result<&ast::StmtClassDef, SyntaxError> {
        let mut found = None;
        visit_stmts(&self.module.body, &mut |s| {
            if let Stmt::ClassDef(c) = s {
                let header = self.line(c.name.range().start());
                if found.is_none() && (self.def_name(&c.name) == name || c.name.as_str() == name) && (self.line(c.range().start()) == line || header == line) {
                    found = Some(c);
                }
            }
        });
        found.ok_or_else(|| self.not_found(line, &format!("class `{name}`")))
    }

    /// The `with` statement on `line`.
    pub fn find_with(&self, line: u32) -> Result<&ast::StmtWith, SyntaxError> {
        let mut found = None;
        visit_stmts(&self.module.body, &mut |s| {
            if let Stmt::With(w) = s {
                if found.is_none() && self.line(w.range().start()) == line {
                    found = Some(w);
                }
            }
        });
        found.ok_or_else(|| self.not_found(line, "`with` statement"))
    }

    /// [`SourceFile::block_method_receiver`] for a block that calls
    /// `super()` without arguments; `None` for any other block (without
    /// searching the module).
    pub fn bare_super_receiver(&self, with: &ast::StmtWith) -> Option<&str> {
        crate::scope::block_calls_bare_super(with).then(|| self.block_method_receiver(with)).flatten()
    }

    /// The name of the first parameter of the method whose body holds
    /// `with` directly (not inside a function nested in the method): the
    /// object a zero-argument `super()` in the block stands for, with the
    /// method's `__class__` cell. `None` outside methods.
    pub fn block_method_receiver(&self, with: &ast::StmtWith) -> Option<&str> {
        let at = with.range();
        let mut method = None;
        // Pre-order: a method of a class nested deeper is found later.
        visit_stmts(&self.module.body, &mut |s| {
            if let Stmt::ClassDef(c) = s {
                for m in &c.body {
                    if let Stmt::FunctionDef(d) = m {
                        if d.range().contains_range(at) {
                            method = Some(d);
                        }
                    }
                }
            }
        });
        let method = method?;
        let mut nested = false;
        visit_stmts(&method.body, &mut |s| {
            if let Stmt::FunctionDef(inner) = s {
                nested |= inner.range().contains_range(at);
            }
        });
        if nested {
            return None;
        }
        let p = &method.parameters;
        p.posonlyargs.iter().chain(&p.args).next().map(|a| a.parameter.name.as_str())
    }

    /// The lambda starting on `line` whose parameters are `params`; the
    /// `index`-th such lambda when several match.
    pub fn find_lambda(&self, line: u32, params: &[String], index: usize) -> Result<&ast::ExprLambda, SyntaxError> {
        let mut all: Vec<&ast::ExprLambda> = Vec::new();
        visit_stmts(&self.module.body, &mut |s| {
            visit_stmt_exprs(s, &mut |e| {
                if let Expr::Lambda(l) = e {
                    if self.line(l.range().start()) == line && lambda_params(l) == params {
                        all.push(l);
                    }
                }
            });
        });
        all.sort_by_key(|l| l.range().start());
        all.get(index).copied().ok_or_else(|| self.not_found(line, "lambda"))
    }

    fn starts_on(&self, d: &ast::StmtFunctionDef, line: u32) -> bool {
        self.line(d.range().start()) == line || self.line(d.name.range().start()) == line
    }

    fn not_found(&self, line: u32, what: &str) -> SyntaxError {
        SyntaxError::NotFound { path: self.path.to_string(), line, what: what.to_string() }
    }
}

fn line_of(line_starts: &[u32], offset: TextSize) -> u32 {
    let off = offset.to_u32();
    match line_starts.binary_search(&off) {
        Ok(i) => i as u32 + 1,
        Err(i) => i as u32,
    }
}

/// Parameter names of a lambda, in declaration order.
pub fn lambda_params(l: &ast::ExprLambda) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(p) = &l.parameters {
        for a in p.posonlyargs.iter().chain(&p.args) {
            out.push(a.parameter.name.to_string());
        }
        if let Some(v) = &p.vararg {
            out.push(v.name.to_string());
        }
        for a in &p.kwonlyargs {
            out.push(a.parameter.name.to_string());
        }
        if let Some(k) = &p.kwarg {
            out.push(k.name.to_string());
        }
    }
    out
}

/// Calls `f` on every statement, recursively (including nested bodies).
pub fn visit_stmts<'a>(body: &'a [Stmt], f: &mut dyn FnMut(&'a Stmt)) {
    for s in body {
        f(s);
        match s {
            Stmt::FunctionDef(d) => visit_stmts(&d.body, f),
            Stmt::ClassDef(c) => visit_stmts(&c.body, f),
            Stmt::For(x) => {
                visit_stmts(&x.body, f);
                visit_stmts(&x.orelse, f);
            }
            Stmt::While(x) => {
                visit_stmts(&x.body, f);
                visit_stmts(&x.orelse, f);
            }
            Stmt::If(x) => {
                visit_stmts(&x.body, f);
                for c in &x.elif_else_clauses {
                    visit_stmts(&c.body, f);
                }
            }
            Stmt::With(x) => visit_stmts(&x.body, f),
            Stmt::Try(x) => {
                visit_stmts(&x.body, f);
                for h in &x.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    visit_stmts(&h.body, f);
                }
                visit_stmts(&x.orelse, f);
                visit_stmts(&x.finalbody, f);
            }
            Stmt::Match(m) => {
                for c in &m.cases {
                    visit_stmts(&c.body, f);
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` on every expression directly inside statement `s` (not in
/// nested statements), recursively through sub-expressions.
pub fn visit_stmt_exprs<'a>(s: &'a Stmt, f: &mut dyn FnMut(&'a Expr)) {
    let mut roots: Vec<&Expr> = Vec::new();
    match s {
        Stmt::FunctionDef(d) => {
            roots.extend(d.decorator_list.iter().map(|d| &d.expression));
            for p in d.parameters.posonlyargs.iter().chain(&d.parameters.args).chain(&d.parameters.kwonlyargs) {
                if let Some(x) = &p.default {
                    roots.push(x);
                }
            }
        }
        Stmt::ClassDef(c) => {
            roots.extend(c.decorator_list.iter().map(|d| &d.expression));
            if let Some(a) = &c.arguments {
                roots.extend(a.args.iter());
                roots.extend(a.keywords.iter().map(|k| &k.value));
            }
        }
        Stmt::Return(r) => roots.extend(r.value.as_deref()),
        Stmt::Assign(a) => {
            roots.push(&a.value);
            roots.extend(a.targets.iter());
        }
        Stmt::AugAssign(a) => {
            roots.push(&a.value);
            roots.push(&a.target);
        }
        Stmt::AnnAssign(a) => roots.extend(a.value.as_deref()),
        Stmt::For(x) => roots.push(&x.iter),
        Stmt::While(x) => roots.push(&x.test),
        Stmt::If(x) => {
            roots.push(&x.test);
            roots.extend(x.elif_else_clauses.iter().filter_map(|c| c.test.as_ref()));
        }
        Stmt::With(w) => roots.extend(w.items.iter().map(|i| &i.context_expr)),
        Stmt::Raise(r) => {
            roots.extend(r.exc.as_deref());
            roots.extend(r.cause.as_deref());
        }
        Stmt::Assert(a) => {
            roots.push(&a.test);
            roots.extend(a.msg.as_deref());
        }
        Stmt::Expr(e) => roots.push(&e.value),
        Stmt::Match(m) => {
            roots.push(&m.subject);
            roots.extend(m.cases.iter().filter_map(|c| c.guard.as_deref()));
        }
        Stmt::Try(t) => {
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                roots.extend(h.type_.as_deref());
            }
        }
        _ => {}
    }
    for r in roots {
        visit_expr(r, f);
    }
}

/// Calls `f` on `e` and every expression nested in it.
pub fn visit_expr<'a>(e: &'a Expr, f: &mut dyn FnMut(&'a Expr)) {
    f(e);
    let mut subs = Vec::new();
    match e {
        Expr::Lambda(l) => {
            if let Some(p) = &l.parameters {
                for a in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
                    if let Some(d) = &a.default {
                        subs.push(&**d);
                    }
                }
            }
            subs.push(&*l.body);
        }
        Expr::ListComp(c) => comp_parts(&c.generators, &mut subs, &[&c.elt]),
        Expr::SetComp(c) => comp_parts(&c.generators, &mut subs, &[&c.elt]),
        Expr::Generator(c) => comp_parts(&c.generators, &mut subs, &[&c.elt]),
        Expr::DictComp(c) => comp_parts(&c.generators, &mut subs, &[&c.key, &c.value]),
        Expr::Named(n) => subs.push(&*n.value),
        other => children_of(other, &mut subs),
    }
    for s in subs {
        visit_expr(s, f);
    }
}

fn comp_parts<'a>(gens: &'a [ast::Comprehension], out: &mut Vec<&'a Expr>, elts: &[&'a Expr]) {
    for g in gens {
        out.push(&g.iter);
        out.extend(g.ifs.iter());
    }
    out.extend(elts.iter().copied());
}
