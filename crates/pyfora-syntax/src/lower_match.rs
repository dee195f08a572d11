//! Lowering of `match` statements (structural pattern matching, PEP 634).
//!
//! The subject is evaluated once into a register of its own. Each `case`
//! tests its pattern against it with plain instructions — comparisons,
//! item reads, and calls of the runtime's `__pyfora_match_*__` builtins for
//! the checks Python defines by type (is it a sequence, a mapping, an
//! instance of the class; see `pyfora_runtime::matching`) — and every
//! failed test branches to the next case. Names a pattern captures are held
//! in registers of their own while it is tested and bound only once the
//! whole pattern matched (as CPython does: a failed case binds nothing),
//! before the guard runs. The registers the tests used are emptied before
//! the case's body, so the body may mutate a value the subject held.

use std::sync::Arc;

use ruff_python_ast::{self as ast, Pattern};
use ruff_text_size::Ranged;

use crate::ir::*;
use crate::lower::{simple_args, CodeBuilder};

type LResult<T> = Result<T, crate::error::SyntaxError>;

/// Branch sides taken when a test fails (see [`CodeBuilder::patch_exits`]).
type Fails = Vec<(usize, bool)>;

/// What a case's pattern leaves in registers: the names it captures, in
/// the order it captures them, each with the register holding its value
/// until the pattern has matched, and the temporaries that may hold parts
/// of the subject (emptied once the case is decided).
#[derive(Default)]
struct Captures {
    names: Vec<(String, Reg)>,
    held: Vec<Reg>,
    /// The match's subject and the register holding its length as a
    /// sequence (see [`CodeBuilder::match_stmt`]), when computed.
    subject_len: Option<(Reg, Reg)>,
}

/// The runtime builtins the tests call.
const SEQUENCE_LEN: &str = "__pyfora_match_sequence__";
const STAR_ITEMS: &str = "__pyfora_match_star__";
const MAPPING_VALUES: &str = "__pyfora_match_mapping__";
const MAPPING_REST: &str = "__pyfora_match_rest__";
const CLASS_ATTRIBUTES: &str = "__pyfora_match_class__";

impl<'a> CodeBuilder<'a> {
    /// Lowers `match subject: case ...`.
    pub(crate) fn match_stmt(&mut self, m: &'a ast::StmtMatch) -> LResult<()> {
        let subject = self.new_reg();
        self.expr_into(&m.subject, subject)?;
        // The subject's length as a sequence is computed once for all the
        // cases that need it (it runs no user code: nothing to observe).
        let subject_len = m.cases.iter().any(|c| tests_sequence(&c.pattern)).then(|| {
            let len = self.new_reg();
            self.call_builtin(SEQUENCE_LEN, &[subject], len);
            (subject, len)
        });
        let mut end_jumps = vec![];
        for case in &m.cases {
            let mut captures = Captures { subject_len, ..Captures::default() };
            let mut fails = self.pattern(&case.pattern, subject, &mut captures)?;
            // Matched: bind the captures, then the temporaries are dropped.
            for (name, r) in &captures.names {
                self.store_name(name, *r);
            }
            self.unbind_held(&captures);
            if let Some(guard) = &case.guard {
                self.set_line(guard.as_ref());
                let exits = self.condition(guard)?;
                let body = self.here();
                self.patch_exits(&exits.when_true, body);
                fails.extend(exits.when_false);
            }
            self.emit(Instr::Unbind { reg: subject });
            self.stmts(&case.body)?;
            end_jumps.push(self.emit(Instr::Jump { target: 0 }));
            // Not matched: the next case, with this one's temporaries dropped.
            let next = self.here();
            self.patch_exits(&fails, next);
            self.unbind_held(&captures);
        }
        self.emit(Instr::Unbind { reg: subject });
        let end = self.here();
        for j in end_jumps {
            self.patch_jump(j, end);
        }
        Ok(())
    }

    /// Empties the temporaries a pattern's tests left holding parts of the
    /// subject, so that nothing but the variables holds them.
    fn unbind_held(&mut self, captures: &Captures) {
        for &reg in &captures.held {
            self.emit(Instr::Unbind { reg });
        }
    }

    /// Emits the tests of pattern `p` on the value in `subject`; returns
    /// the branch sides taken when it does not match.
    fn pattern(&mut self, p: &'a Pattern, subject: Reg, captures: &mut Captures) -> LResult<Fails> {
        self.set_line(p);
        match p {
            Pattern::MatchValue(v) => {
                let value = self.expr(&v.value)?;
                self.hold(value, captures);
                Ok(self.compare_fails(CmpOp::Eq, subject, value))
            }
            Pattern::MatchSingleton(s) => {
                let value = self.const_reg(match s.value {
                    ast::Singleton::None => Const::None,
                    ast::Singleton::True => Const::Bool(true),
                    ast::Singleton::False => Const::Bool(false),
                });
                Ok(self.compare_fails(CmpOp::Is, subject, value))
            }
            Pattern::MatchAs(a) => {
                let fails = match &a.pattern {
                    Some(inner) => self.pattern(inner, subject, captures)?,
                    None => vec![],
                };
                if let Some(name) = &a.name {
                    self.capture(name.as_str(), subject, captures);
                }
                Ok(fails)
            }
            Pattern::MatchOr(o) => {
                // Each alternative binds the same names (CPython's compiler
                // checks), into the same registers; the first that matches
                // jumps past the others.
                let mut matched = vec![];
                let mut fails = vec![];
                let last = o.patterns.len() - 1;
                for (i, alternative) in o.patterns.iter().enumerate() {
                    let alternative_fails = self.pattern(alternative, subject, captures)?;
                    if i == last {
                        fails = alternative_fails;
                    } else {
                        matched.push(self.emit(Instr::Jump { target: 0 }));
                        let next = self.here();
                        self.patch_exits(&alternative_fails, next);
                    }
                }
                let end = self.here();
                for j in matched {
                    self.patch_jump(j, end);
                }
                Ok(fails)
            }
            Pattern::MatchSequence(s) => self.sequence_pattern(s, subject, captures),
            Pattern::MatchMapping(m) => self.mapping_pattern(m, subject, captures),
            Pattern::MatchClass(c) => self.class_pattern(c, subject, captures),
            Pattern::MatchStar(s) => Err(self.refuse(s.range().start(), "a starred pattern outside a sequence pattern")),
        }
    }

    /// `case [p0, p1, *rest, pn]`: a list, tuple or range (never a string)
    /// of the right length, then each item against its pattern.
    fn sequence_pattern(&mut self, s: &'a ast::PatternMatchSequence, subject: Reg, captures: &mut Captures) -> LResult<Fails> {
        let star = s.patterns.iter().position(|p| matches!(p, Pattern::MatchStar(_)));
        let n = s.patterns.len();
        // The length, or -1 for what is not a sequence.
        let len = match captures.subject_len {
            Some((of, len)) if of == subject => len,
            _ => {
                let len = self.new_reg();
                self.call_builtin(SEQUENCE_LEN, &[subject], len);
                len
            }
        };
        let mut fails = match star {
            None => {
                let want = self.const_reg(Const::Int(n as i64));
                self.compare_fails(CmpOp::Eq, len, want)
            }
            Some(_) => {
                let least = self.const_reg(Const::Int(n as i64 - 1));
                self.compare_fails(CmpOp::GtE, len, least)
            }
        };
        for (i, p) in s.patterns.iter().enumerate() {
            if let Pattern::MatchStar(st) = p {
                if let Some(name) = &st.name {
                    let before = self.const_reg(Const::Int(i as i64));
                    let after = self.const_reg(Const::Int((n - 1 - i) as i64));
                    let items = self.new_reg();
                    self.call_builtin(STAR_ITEMS, &[subject, before, after], items);
                    captures.held.push(items);
                    self.capture(name.as_str(), items, captures);
                }
                continue;
            }
            if is_wildcard(p) {
                continue;
            }
            // Items after a star are counted from the end.
            let index = match star {
                Some(at) if i > at => -((n - i) as i64),
                _ => i as i64,
            };
            let index = self.const_reg(Const::Int(index));
            let item = self.new_reg();
            self.emit(Instr::GetItem { dst: item, obj: subject, index });
            captures.held.push(item);
            fails.extend(self.pattern(p, item, captures)?);
        }
        Ok(fails)
    }

    /// `case {k0: p0, k1: p1, **rest}`: a dict holding every key, then
    /// each key's value against its pattern.
    fn mapping_pattern(&mut self, m: &'a ast::PatternMatchMapping, subject: Reg, captures: &mut Captures) -> LResult<Fails> {
        let n = m.keys.len() as u32;
        let keys = self.new_regs(n);
        for (i, key) in m.keys.iter().enumerate() {
            self.expr_into(key, keys + i as u32)?;
        }
        let keys_tuple = self.new_reg();
        self.emit(Instr::BuildTuple { dst: keys_tuple, start: keys, n });
        captures.held.push(keys_tuple);
        // The keys' values, or None when the subject does not match.
        let fails = self.values_against(MAPPING_VALUES, &[subject, keys_tuple], m.patterns.iter(), captures)?;
        if let Some(rest) = &m.rest {
            let items = self.new_reg();
            self.call_builtin(MAPPING_REST, &[subject, keys_tuple], items);
            captures.held.push(items);
            self.capture(rest.as_str(), items, captures);
        }
        Ok(fails)
    }

    /// `case Cls(p0, attr=p1)`: an instance of the class, then the
    /// attributes its `__match_args__` names and the keywords name against
    /// their patterns (an attribute the instance lacks: no match).
    fn class_pattern(&mut self, c: &'a ast::PatternMatchClass, subject: Reg, captures: &mut Captures) -> LResult<Fails> {
        let positional = &c.arguments.patterns;
        let keywords = &c.arguments.keywords;
        let class = self.expr(&c.cls)?;
        self.hold(class, captures);
        let mut args = vec![subject, class, self.const_reg(Const::Int(positional.len() as i64))];
        for k in keywords {
            args.push(self.const_reg(Const::Str(Arc::from(k.attr.as_str()))));
        }
        let patterns = positional.iter().chain(keywords.iter().map(|k| &k.pattern));
        self.values_against(CLASS_ATTRIBUTES, &args, patterns, captures)
    }

    /// Calls `check` (a builtin giving a tuple of values, or None when the
    /// subject does not match) with `args`, then tests each value against
    /// its pattern in `patterns`.
    fn values_against(&mut self, check: &str, args: &[Reg], patterns: impl Iterator<Item = &'a Pattern>, captures: &mut Captures) -> LResult<Fails> {
        let values = self.new_reg();
        self.call_builtin(check, args, values);
        captures.held.push(values);
        let none = self.const_reg(Const::None);
        let mut fails = self.compare_fails(CmpOp::IsNot, values, none);
        for (i, p) in patterns.enumerate() {
            if is_wildcard(p) {
                continue;
            }
            let index = self.const_reg(Const::Int(i as i64));
            let value = self.new_reg();
            self.emit(Instr::GetItem { dst: value, obj: values, index });
            captures.held.push(value);
            fails.extend(self.pattern(p, value, captures)?);
        }
        Ok(fails)
    }

    /// Emits `a <op> b` and a branch on it; returns its failing side.
    fn compare_fails(&mut self, op: CmpOp, a: Reg, b: Reg) -> Fails {
        let t = self.new_reg();
        self.emit(Instr::Compare { op, dst: t, a, b });
        let br = self.emit(Instr::Branch { cond: t, if_true: 0, if_false: 0 });
        let next = self.here();
        self.patch_branch(br, Some(next), None);
        vec![(br, false)]
    }

    /// Holds `value` for capture name `name` (one register per name, shared
    /// by the alternatives of an or-pattern).
    fn capture(&mut self, name: &str, value: Reg, captures: &mut Captures) {
        match captures.names.iter().find(|(n, _)| n == name) {
            Some((_, r)) => {
                let r = *r;
                self.emit(Instr::Move { dst: r, src: value });
            }
            // A part of the subject read for this pattern holds the name's
            // value as it is (never the subject itself: a later case may
            // still need it; nor a part another name holds already, as in
            // `[m as n]`: binding one takes the value from the register).
            None if captures.held.contains(&value) && !captures.names.iter().any(|(_, r)| *r == value) => captures.names.push((name.to_string(), value)),
            None => {
                let r = self.new_reg();
                captures.names.push((name.to_string(), r));
                self.emit(Instr::Move { dst: r, src: value });
            }
        }
    }

    /// Records `r` as held by the pattern when it is a temporary.
    fn hold(&self, r: Reg, captures: &mut Captures) {
        if self.is_temp(r) {
            captures.held.push(r);
        }
    }

    /// Calls the runtime builtin `name` with the values of `args` into `dst`.
    fn call_builtin(&mut self, name: &str, args: &[Reg], dst: Reg) {
        let f = self.new_reg();
        self.load_global(f, name);
        let start = self.new_regs(args.len() as u32);
        for (i, a) in args.iter().enumerate() {
            self.emit(Instr::Move { dst: start + i as u32, src: *a });
        }
        self.emit(Instr::Call { dst, func: f, args: simple_args(start, args.len() as u32) });
    }
}

/// Whether pattern `p` tests its subject as a sequence (directly, or in
/// an alternative or an `as` pattern).
fn tests_sequence(p: &Pattern) -> bool {
    match p {
        Pattern::MatchSequence(_) => true,
        Pattern::MatchAs(a) => a.pattern.as_deref().is_some_and(tests_sequence),
        Pattern::MatchOr(o) => o.patterns.iter().any(tests_sequence),
        _ => false,
    }
}

/// `_`: matches anything and binds nothing (no test to emit).
fn is_wildcard(p: &Pattern) -> bool {
    matches!(p, Pattern::MatchAs(ast::PatternMatchAs { pattern: None, name: None, .. }))
}
