//! Clean-up passes over lowered code:
//!
//! 1. *Definite assignment*: a `CheckBound` on a register that is assigned
//!    on every path to it can never fail, so it is dropped.
//! 2. *Compare-and-branch fusion*: a `Compare` whose result is dead after
//!    the `Branch` right after it becomes one `CompareBranch`.
//! 3. *Last copies become moves*: a `Move` whose source is dead afterwards
//!    becomes a `Take` (the value changes hands instead of being copied,
//!    which spares a reference-count increment and decrement).
//! 4. *Unused constants*: constant registers nothing reads (a docstring)
//!    are not preloaded into every frame.
//!
//! Instructions are removed by compaction, remapping every label.

use crate::ir::{Code, Instr, Label, Reg, NO_HANDLER};
use crate::liveness::{self, Liveness};

/// Runs every pass on `code`.
pub fn optimize(code: &mut Code) {
    let mut removed = vec![false; code.instrs.len()];
    drop_proven_bound_checks(code, &mut removed);
    fuse_compare_branch(code, &mut removed);
    compact(code, &removed);
    take_last_copies(code);
    drop_unread_constants(code);
}

/// Registers an instruction writes.
pub fn writes(i: &Instr) -> Vec<Reg> {
    use Instr::*;
    match i {
        Const { dst, .. } | Move { dst, .. } | Take { dst, .. } | LoadGlobal { dst, .. } | LoadCell { dst, .. } => {
            vec![*dst]
        }
        BinOp { dst, .. } | InPlace { dst, .. } | Unary { dst, .. } | Compare { dst, .. } | Truth { dst, .. } => {
            vec![*dst]
        }
        Yield { dst, .. } | YieldFrom { dst, .. } | Call { dst, .. } | CallMethod { dst, .. } | GetAttr { dst, .. } => {
            vec![*dst]
        }
        GetItem { dst, .. } | BuildTuple { dst, .. } | BuildList { dst, .. } | BuildSet { dst, .. } | BuildDict { dst, .. } => vec![*dst],
        BuildSlice { dst, .. } | GetIter { dst, .. } | MakeFunction { dst, .. } | MakeClass { dst, .. } => vec![*dst],
        LoadException { dst } | ExceptionMatches { dst, .. } | FormatValue { dst, .. } | BuildString { dst, .. } | Super { dst, .. } => {
            vec![*dst]
        }
        ForIter { dst, .. } | ParallelComprehension { dst, .. } => vec![*dst],
        Unpack { start, n, .. } => (*start..*start + *n).collect(),
        UnpackStar { start, before, after, .. } => (*start..*start + *before + *after + 1).collect(),
        CheckBound { .. } | Unbind { .. } | StoreCell { .. } | Jump { .. } | Branch { .. } | CompareBranch { .. } => {
            vec![]
        }
        Return { .. } | SetAttr { .. } | SetItem { .. } | ListAppend { .. } | ListExtend { .. } | SetAdd { .. } => {
            vec![]
        }
        DictInsert { .. }
        | DictMerge { .. }
        | ReturnNamespace { .. }
        | Raise { .. }
        | Reraise { .. }
        | AssertFail { .. }
        | ClientOnly { .. }
        | Refused { .. } => vec![],
    }
}

/// Registers an instruction reads.
pub fn reads(i: &Instr) -> Vec<Reg> {
    use Instr::*;
    let args = |a: &crate::ir::CallArgs| {
        let mut v: Vec<Reg> = (a.start..a.start + a.nargs).collect();
        v.extend(a.kwargs.iter().map(|(_, r)| *r));
        v.extend(a.star);
        v.extend(a.double_star);
        v
    };
    match i {
        Const { .. } | LoadGlobal { .. } | LoadCell { .. } | Jump { .. } | LoadException { .. } => {
            vec![]
        }
        Move { src, .. } | Take { src, .. } | StoreCell { src, .. } | Return { src } | Yield { src, .. } => vec![*src],
        CheckBound { reg, .. } | Unbind { reg } => vec![*reg],
        BinOp { a, b, .. } | InPlace { a, b, .. } | Compare { a, b, .. } | CompareBranch { a, b, .. } => vec![*a, *b],
        Unary { a, .. } | Truth { a, .. } => vec![*a],
        Branch { cond, .. } => vec![*cond],
        YieldFrom { iter, .. } => vec![*iter],
        Call { func, args: a, .. } => {
            let mut v = args(a);
            v.push(*func);
            v
        }
        CallMethod { obj, args: a, .. } => {
            let mut v = args(a);
            v.push(*obj);
            v
        }
        GetAttr { obj, .. } => vec![*obj],
        SetAttr { obj, src, .. } => vec![*obj, *src],
        GetItem { obj, index, .. } => vec![*obj, *index],
        SetItem { obj, index, src, .. } => vec![*obj, *index, *src],
        BuildTuple { start, n, .. } | BuildList { start, n, .. } | BuildSet { start, n, .. } | BuildString { start, n, .. } => (*start..*start + *n).collect(),
        BuildDict { start, n, .. } => (*start..*start + 2 * *n).collect(),
        BuildSlice { lower, upper, step, .. } => vec![*lower, *upper, *step],
        ListAppend { list, src, .. } | ListExtend { list, src } => vec![*list, *src],
        SetAdd { set, src, .. } => vec![*set, *src],
        DictInsert { dict, key, value, .. } => vec![*dict, *key, *value],
        DictMerge { dict, src, .. } => vec![*dict, *src],
        Unpack { src, .. } | UnpackStar { src, .. } | GetIter { src, .. } => vec![*src],
        ForIter { iter, .. } => vec![*iter],
        ParallelComprehension { iterable, args, .. } => {
            let mut v = vec![*iterable];
            v.extend(args.iter().copied());
            v
        }
        MakeFunction { defaults, ndefaults, kwdefaults, .. } => {
            let mut v: Vec<Reg> = (*defaults..*defaults + *ndefaults).collect();
            v.extend(kwdefaults.iter().map(|(_, r)| *r));
            v
        }
        MakeClass { bases, nbases, .. } => (*bases..*bases + *nbases).collect(),
        ReturnNamespace { names } => names.iter().map(|(_, r)| *r).collect(),
        Raise { exc, cause, .. } => {
            let mut v = vec![*exc];
            v.extend(*cause);
            v
        }
        Reraise { exc } => vec![*exc],
        ExceptionMatches { exc, types, .. } => vec![*exc, *types],
        FormatValue { value, spec, .. } => {
            let mut v = vec![*value];
            v.extend(*spec);
            v
        }
        Super { obj, .. } => vec![*obj],
        AssertFail { msg } => msg.iter().copied().collect(),
        ClientOnly { .. } | Refused { .. } => vec![],
    }
}

/// Where control may go after instruction `pc` (not counting exceptions).
pub fn successors(code: &Code, pc: usize) -> Vec<usize> {
    use Instr::*;
    match &code.instrs[pc] {
        Jump { target } => vec![*target as usize],
        Branch { if_true, if_false, .. } | CompareBranch { if_true, if_false, .. } => {
            vec![*if_true as usize, *if_false as usize]
        }
        ForIter { exit, .. } => vec![pc + 1, *exit as usize],
        ParallelComprehension { done, .. } => vec![pc + 1, *done as usize],
        Return { .. } | ReturnNamespace { .. } | Raise { .. } | Reraise { .. } | AssertFail { .. } | ClientOnly { .. } | Refused { .. } => vec![],
        _ => vec![pc + 1],
    }
}

type Bits = Vec<u64>;

fn set(bits: &mut Bits, r: Reg) {
    bits[r as usize / 64] |= 1 << (r % 64);
}

fn clear(bits: &mut Bits, r: Reg) {
    bits[r as usize / 64] &= !(1 << (r % 64));
}

fn has(bits: &Bits, r: Reg) -> bool {
    bits[r as usize / 64] & (1 << (r % 64)) != 0
}

/// Forward "definitely assigned" analysis; marks provably passing checks.
fn drop_proven_bound_checks(code: &Code, removed: &mut [bool]) {
    let n = code.instrs.len();
    if n == 0 {
        return;
    }
    let words = (code.nregs as usize).div_ceil(64).max(1);
    let mut entry = vec![0u64; words];
    for r in 0..code.params.slot_count() as Reg {
        set(&mut entry, r);
    }
    for (r, _) in &code.const_regs {
        set(&mut entry, *r);
    }
    // `before[pc]`: registers bound on every path reaching pc (None = unreached).
    let mut before: Vec<Option<Bits>> = vec![None; n];
    before[0] = Some(entry);
    let mut work = vec![0usize];
    while let Some(pc) = work.pop() {
        let Some(state) = before[pc].clone() else {
            continue;
        };
        let mut after = state.clone();
        let instr = &code.instrs[pc];
        for w in writes(instr) {
            set(&mut after, w);
        }
        match instr {
            Instr::CheckBound { reg, .. } => set(&mut after, *reg),
            Instr::Unbind { reg } => clear(&mut after, *reg),
            Instr::Take { src, dst } if src != dst => clear(&mut after, *src),
            _ => {}
        }
        let mut targets: Vec<(usize, &Bits)> = successors(code, pc).into_iter().map(|s| (s, &after)).collect();
        let handler = code.handlers[pc];
        if handler != NO_HANDLER {
            targets.push((handler as usize, &state));
        }
        for (succ, out) in targets {
            if succ >= n {
                continue;
            }
            let changed = match &mut before[succ] {
                None => {
                    before[succ] = Some(out.clone());
                    true
                }
                Some(cur) => {
                    let mut changed = false;
                    for (c, o) in cur.iter_mut().zip(out.iter()) {
                        let meet = *c & *o;
                        if meet != *c {
                            *c = meet;
                            changed = true;
                        }
                    }
                    changed
                }
            };
            if changed {
                work.push(succ);
            }
        }
    }
    for pc in 0..n {
        if let (Instr::CheckBound { reg, .. }, Some(state)) = (&code.instrs[pc], &before[pc]) {
            if has(state, *reg) {
                removed[pc] = true;
            }
        }
    }
}

/// Fuses `Compare` + `Branch` on a result that is dead after the branch.
fn fuse_compare_branch(code: &mut Code, removed: &mut [bool]) {
    let n = code.instrs.len();
    if n == 0 {
        return;
    }
    let liveness = Liveness::of(code);
    let jump_targets = liveness::entered(code);
    for pc in 0..n - 1 {
        if removed[pc]
            || removed[pc + 1]
            || jump_targets[pc + 1]
            || code.handlers[pc] != code.handlers[pc + 1]
            || code.in_handler[pc] != code.in_handler[pc + 1]
            || code.handled[pc] != code.handled[pc + 1]
        {
            continue;
        }
        if let (Instr::Compare { op, dst, a, b }, Instr::Branch { cond, if_true, if_false }) = (&code.instrs[pc], &code.instrs[pc + 1]) {
            // Dead once the branch has run (its handler is the
            // comparison's, checked above).
            let dead_after = liveness.dead_after(code, pc + 1, *dst);
            if cond == dst && dead_after && a != dst && b != dst {
                code.instrs[pc] = Instr::CompareBranch { op: *op, a: *a, b: *b, if_true: *if_true, if_false: *if_false };
                removed[pc + 1] = true;
            }
        }
    }
}

/// Turns each `Move` whose source nothing reads afterwards into a `Take`.
fn take_last_copies(code: &mut Code) {
    if code.instrs.is_empty() {
        return;
    }
    let liveness = Liveness::of(code);
    for pc in 0..code.instrs.len() {
        if let Instr::Move { dst, src } = code.instrs[pc] {
            if dst != src && liveness.dead_after(code, pc, src) {
                code.instrs[pc] = Instr::Take { dst, src };
            }
        }
    }
}

/// Forgets constant registers that no instruction reads.
fn drop_unread_constants(code: &mut Code) {
    let mut read = liveness::RegSet::empty(code.nregs as usize);
    for i in &code.instrs {
        for r in reads(i) {
            read.insert(r);
        }
    }
    code.const_regs.retain(|(r, _)| read.contains(*r));
}

/// Removes marked instructions and remaps labels.
fn compact(code: &mut Code, removed: &[bool]) {
    if !removed.iter().any(|r| *r) {
        return;
    }
    let n = code.instrs.len();
    let mut new_index: Vec<Label> = Vec::with_capacity(n + 1);
    let mut kept = 0;
    for r in removed.iter() {
        new_index.push(kept);
        if !r {
            kept += 1;
        }
    }
    new_index.push(kept);
    let map = |l: Label| -> Label {
        if l == NO_HANDLER {
            l
        } else {
            new_index[(l as usize).min(n)]
        }
    };
    let mut instrs = Vec::with_capacity(kept as usize);
    let mut lines = Vec::with_capacity(kept as usize);
    let mut handlers = Vec::with_capacity(kept as usize);
    let mut in_handler = Vec::with_capacity(kept as usize);
    let mut handled = Vec::with_capacity(kept as usize);
    let mut in_comprehension = Vec::with_capacity(kept as usize);
    for pc in 0..n {
        if removed[pc] {
            continue;
        }
        let mut i = code.instrs[pc].clone();
        match &mut i {
            Instr::Jump { target } => *target = map(*target),
            Instr::Branch { if_true, if_false, .. } | Instr::CompareBranch { if_true, if_false, .. } => {
                *if_true = map(*if_true);
                *if_false = map(*if_false);
            }
            Instr::ForIter { exit, .. } => *exit = map(*exit),
            Instr::ParallelComprehension { done, .. } => *done = map(*done),
            _ => {}
        }
        instrs.push(i);
        lines.push(code.lines[pc]);
        handlers.push(map(code.handlers[pc]));
        in_handler.push(code.in_handler[pc]);
        handled.push(code.handled[pc]);
        in_comprehension.push(code.in_comprehension[pc]);
    }
    code.instrs = instrs;
    code.lines = lines;
    code.handlers = handlers;
    code.in_handler = in_handler;
    code.handled = handled;
    code.in_comprehension = in_comprehension;
}

/// Rewrites every register operand of `i` through `f`.
pub fn map_regs(i: &mut Instr, f: &dyn Fn(Reg) -> Reg) {
    use Instr::*;
    let m = |r: &mut Reg| *r = f(*r);
    let margs = |a: &mut crate::ir::CallArgs| {
        a.start = f(a.start);
        for (_, r) in a.kwargs.iter_mut() {
            *r = f(*r);
        }
        if let Some(s) = a.star.as_mut() {
            *s = f(*s);
        }
        if let Some(s) = a.double_star.as_mut() {
            *s = f(*s);
        }
    };
    match i {
        Const { dst, .. } | LoadGlobal { dst, .. } | LoadCell { dst, .. } | LoadException { dst } => m(dst),
        Move { dst, src } | Take { dst, src } => {
            m(dst);
            m(src)
        }
        CheckBound { reg, .. } | Unbind { reg } => m(reg),
        StoreCell { src, .. } | Return { src } => m(src),
        BinOp { dst, a, b, .. } | InPlace { dst, a, b, .. } | Compare { dst, a, b, .. } => {
            m(dst);
            m(a);
            m(b)
        }
        CompareBranch { a, b, .. } => {
            m(a);
            m(b)
        }
        Unary { dst, a, .. } | Truth { dst, a } => {
            m(dst);
            m(a)
        }
        Jump { .. } => {}
        ParallelComprehension { dst, iterable, args, .. } => {
            m(dst);
            m(iterable);
            for a in args.iter_mut() {
                m(a);
            }
        }
        Branch { cond, .. } => m(cond),
        Yield { dst, src } => {
            m(dst);
            m(src)
        }
        YieldFrom { dst, iter } => {
            m(dst);
            m(iter)
        }
        Call { dst, func, args } => {
            m(dst);
            m(func);
            margs(args)
        }
        CallMethod { dst, obj, args, .. } => {
            m(dst);
            m(obj);
            margs(args)
        }
        GetAttr { dst, obj, .. } => {
            m(dst);
            m(obj)
        }
        SetAttr { obj, src, .. } => {
            m(obj);
            m(src)
        }
        GetItem { dst, obj, index } => {
            m(dst);
            m(obj);
            m(index)
        }
        SetItem { obj, index, src, .. } => {
            m(obj);
            m(index);
            m(src)
        }
        BuildTuple { dst, start, .. }
        | BuildList { dst, start, .. }
        | BuildSet { dst, start, .. }
        | BuildDict { dst, start, .. }
        | BuildString { dst, start, .. } => {
            m(dst);
            m(start)
        }
        BuildSlice { dst, lower, upper, step } => {
            m(dst);
            m(lower);
            m(upper);
            m(step)
        }
        ListAppend { list, src, .. } | ListExtend { list, src } => {
            m(list);
            m(src)
        }
        SetAdd { set, src, .. } => {
            m(set);
            m(src)
        }
        DictInsert { dict, key, value, .. } => {
            m(dict);
            m(key);
            m(value)
        }
        DictMerge { dict, src, .. } => {
            m(dict);
            m(src)
        }
        Unpack { src, start, .. } | UnpackStar { src, start, .. } => {
            m(src);
            m(start)
        }
        GetIter { dst, src } => {
            m(dst);
            m(src)
        }
        ForIter { iter, dst, .. } => {
            m(iter);
            m(dst)
        }
        MakeFunction { dst, defaults, kwdefaults, .. } => {
            m(dst);
            m(defaults);
            for (_, r) in kwdefaults.iter_mut() {
                m(r);
            }
        }
        MakeClass { dst, bases, .. } => {
            m(dst);
            m(bases)
        }
        ReturnNamespace { names } => {
            for (_, r) in names.iter_mut() {
                m(r);
            }
        }
        Raise { exc, cause, .. } => {
            m(exc);
            if let Some(c) = cause.as_mut() {
                m(c);
            }
        }
        Reraise { exc } => m(exc),
        ExceptionMatches { dst, exc, types } => {
            m(dst);
            m(exc);
            m(types)
        }
        FormatValue { dst, value, spec, .. } => {
            m(dst);
            m(value);
            if let Some(s) = spec.as_mut() {
                m(s);
            }
        }
        Super { dst, obj } => {
            m(dst);
            m(obj)
        }
        AssertFail { msg } => {
            if let Some(x) = msg.as_mut() {
                m(x);
            }
        }
        ClientOnly { .. } | Refused { .. } => {}
    }
}
