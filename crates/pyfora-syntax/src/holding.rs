//! Which registers may hold a value before each instruction (a forward
//! dataflow to the fixed point).
//!
//! The interpreter uses it when a pushed frame returns: only the registers
//! that may still hold a value there are looked at for values to drop,
//! instead of the whole register file. The answer is a superset: a
//! register the analysis keeps may be empty at run time, never the other
//! way round.
//!
//! A register starts holding a value when a parameter or constant is bound
//! to it on entry or an instruction writes it, and stops when an
//! instruction is known to take the value out on every path that
//! completes: a `Take` of its source, an `Unbind`, a call of its
//! positional arguments (they move into the callee or its argument
//! vector) and a tuple, list, set or dict display of its items. An
//! instruction that raises leaves registers as they were, so its handler
//! starts from the state before it (and whatever it wrote).

use crate::ir::{Code, Instr};
use crate::liveness::{handler, RegSet};
use crate::optimize::{successors, writes};

/// For each instruction, the registers that may hold a value when it
/// starts.
pub fn may_hold(code: &Code) -> Vec<RegSet> {
    let n = code.instrs.len();
    let nregs = code.nregs as usize;
    let mut entry = RegSet::empty(nregs);
    for r in 0..code.params.slot_count() as u32 {
        entry.insert(r);
    }
    for (r, _) in &code.const_regs {
        entry.insert(*r);
    }
    let mut before: Vec<Option<RegSet>> = vec![None; n];
    if n == 0 {
        return Vec::new();
    }
    before[0] = Some(entry);
    let mut work = vec![0usize];
    while let Some(pc) = work.pop() {
        let Some(state) = before[pc].clone() else { continue };
        let instr = &code.instrs[pc];
        let mut after = state.clone();
        for r in taken(instr) {
            after.remove(r);
        }
        for r in writes(instr) {
            after.insert(r);
        }
        let mut flow = |target: usize, incoming: &RegSet, work: &mut Vec<usize>| {
            if target >= n {
                return;
            }
            let changed = match &mut before[target] {
                Some(existing) => existing.union_changed(incoming),
                slot @ None => {
                    *slot = Some(incoming.clone());
                    true
                }
            };
            if changed {
                work.push(target);
            }
        };
        for s in successors(code, pc) {
            flow(s, &after, &mut work);
        }
        if let Some(h) = handler(code, pc) {
            // Raised part way: what it took may still be there, what it
            // wrote may already be.
            let mut raised = state;
            for r in writes(instr) {
                raised.insert(r);
            }
            flow(h, &raised, &mut work);
        }
    }
    before.into_iter().map(|s| s.unwrap_or_else(|| RegSet::empty(nregs))).collect()
}

/// The registers an instruction empties whenever it completes without
/// raising (before it writes its destination).
fn taken(i: &Instr) -> Vec<u32> {
    use Instr::*;
    match i {
        Take { src, dst } if src != dst => vec![*src],
        Unbind { reg } => vec![*reg],
        Call { args, .. } | CallMethod { args, .. } => (args.start..args.start + args.nargs).collect(),
        BuildTuple { start, n, .. } | BuildList { start, n, .. } | BuildSet { start, n, .. } => (*start..*start + *n).collect(),
        BuildDict { start, n, .. } => (*start..*start + 2 * *n).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lower, SourceFile};

    fn lower(text: &str, name: &str) -> std::sync::Arc<Code> {
        let src = SourceFile::parse("t.py", text.to_string()).expect("parses");
        lower::lower_function(&src, src.find_def(1, name).expect("found")).expect("lowers")
    }

    fn returns(code: &Code) -> Vec<usize> {
        code.instrs.iter().enumerate().filter(|(_, i)| matches!(i, Instr::Return { .. })).map(|(pc, _)| pc).collect()
    }

    #[test]
    fn call_arguments_and_taken_values_are_gone_at_the_return() {
        let dc = "def dc(a, b, f):\n    if b - a <= 1:\n        return f(a)\n    mid = (a + b) // 2\n    return dc(a, mid, f) + dc(mid, b, f)\n";
        let code = lower(dc, "dc");
        let hold = may_hold(&code);
        // The return of the sum (the implicit `return None` after it is
        // never reached).
        let last = *returns(&code).iter().rev().find(|pc| hold[**pc].iter().next().is_some()).expect("a reachable return");
        let Instr::Return { src } = code.instrs[last] else { unreachable!() };
        assert!(hold[last].contains(src), "the result is held until returned");
        for param in 0..3 {
            assert!(!hold[last].contains(param), "parameter r{param} was taken by the second call");
        }
        for i in &code.instrs {
            if let Instr::Call { args, .. } = i {
                for r in args.start..args.start + args.nargs {
                    assert!(!hold[last].contains(r), "argument r{r} moved into its callee");
                }
            }
        }
    }

    #[test]
    fn a_handler_sees_what_the_raising_instruction_would_have_taken() {
        let code = lower("def f(g, x):\n    try:\n        y = g(x)\n    except ValueError:\n        return 0\n    return y\n", "f");
        let hold = may_hold(&code);
        let call = code.instrs.iter().position(|i| matches!(i, Instr::Call { .. })).expect("the call");
        let Instr::Call { args, .. } = &code.instrs[call] else { unreachable!() };
        let h = handler(&code, call).expect("the call has a handler");
        for r in args.start..args.start + args.nargs {
            assert!(hold[h].contains(r), "argument r{r} may still be held when the call raises");
        }
    }

    #[test]
    fn every_parameter_is_held_on_entry() {
        let code = lower("def f(a, *rest, k=1, **kw):\n    return a\n", "f");
        let hold = may_hold(&code);
        for r in 0..code.params.slot_count() as u32 {
            assert!(hold[0].contains(r));
        }
    }
}
