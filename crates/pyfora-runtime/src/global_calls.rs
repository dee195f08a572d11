//! Calls of module-level functions without touching their reference count.
//!
//! `f(a, b)` on a global `f` lowers to `LoadGlobal r` + argument moves +
//! `Call r`. Loading the function into `r` clones its `Arc` (an atomic
//! increment) and the register later drops it (an atomic decrement): two
//! of the most expensive steps of a call. Where `r` serves only that call,
//! the interpreter skips the load and the call borrows the function from
//! the caller's global cache instead, which outlives the callee frame
//! (globals never change while a computation runs, and a caller frame
//! outlives every frame it pushes).

use pyfora_syntax::ir::{Code, Instr};
use pyfora_syntax::liveness::{self, Exceptions};

/// [`plan`]'s entry for an instruction that is not part of a fused call.
pub const NOT_FUSED: u32 = u32::MAX;
/// [`plan`]'s entry for a `LoadGlobal` whose call reads the global itself.
pub const SKIP_LOAD: u32 = u32::MAX - 1;

/// Per instruction: for a `Call` of a global, the global's slot (the call
/// loads it itself); [`SKIP_LOAD`] for the `LoadGlobal` it replaces;
/// [`NOT_FUSED`] everywhere else.
///
/// A load and a call fuse when only argument set-up (`Const`, `Move`,
/// `Take` not touching the function's register) lies between them, nothing
/// jumps into that stretch, the two share a line and an exception handler
/// (a `NameError` raised by the call instead of the load looks the same),
/// and the function's register is dead after the call.
pub fn plan(code: &Code) -> Box<[u32]> {
    let n = code.instrs.len();
    let mut plan = vec![NOT_FUSED; n].into_boxed_slice();
    if !code.instrs.iter().any(|i| matches!(i, Instr::LoadGlobal { .. })) {
        return plan;
    }
    let live = liveness::live_in(code, Exceptions::Handled);
    let kept = liveness::read_after_exit(code);
    let mut entered = vec![false; n + 1];
    for pc in 0..n {
        for s in pyfora_syntax::optimize::successors(code, pc) {
            if s != pc + 1 && s <= n {
                entered[s] = true;
            }
        }
        if let Some(h) = liveness::handler(code, pc) {
            entered[h] = true;
        }
    }
    for load in 0..n {
        let Instr::LoadGlobal { dst: r, slot, .. } = code.instrs[load] else { continue };
        let mut pc = load + 1;
        while pc < n && !entered[pc] {
            match &code.instrs[pc] {
                Instr::Const { dst, .. } if *dst != r => pc += 1,
                Instr::Move { dst, src } | Instr::Take { dst, src } if *dst != r && *src != r => pc += 1,
                _ => break,
            }
        }
        if pc >= n || entered[pc] {
            continue;
        }
        let Instr::Call { func, args, .. } = &code.instrs[pc] else { continue };
        let reads_function = args.kwargs.iter().any(|(_, a)| *a == r)
            || args.star == Some(r)
            || args.double_star == Some(r)
            || (args.start..args.start + args.nargs).contains(&r);
        let same_place = code.lines[pc] == code.lines[load] && code.handlers[pc] == code.handlers[load];
        let dead_after =
            !kept.contains(r) && !liveness::live_after(code, &live, pc).contains(r) && !liveness::handler(code, pc).is_some_and(|h| live[h].contains(r));
        if *func == r && !reads_function && same_place && dead_after {
            plan[load] = SKIP_LOAD;
            plan[pc] = slot;
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyfora_syntax::{lower, SourceFile};

    fn planned(text: &str) -> (std::sync::Arc<Code>, Box<[u32]>) {
        let src = SourceFile::parse("t.py", text.to_string()).expect("parses");
        let code = lower::lower_function(&src, src.find_def(1, "f").expect("found")).expect("lowers");
        let plan = plan(&code);
        (code, plan)
    }

    #[test]
    fn a_global_called_once_is_borrowed_by_its_call() {
        let (code, plan) = planned("def f(a, b):\n    return g(a, b)\n");
        let load = code.instrs.iter().position(|i| matches!(i, Instr::LoadGlobal { .. })).expect("loads g");
        let call = code.instrs.iter().position(|i| matches!(i, Instr::Call { .. })).expect("calls g");
        assert_eq!(plan[load], SKIP_LOAD);
        assert_eq!(plan[call], 0, "the call reads global slot 0");
    }

    #[test]
    fn a_global_called_with_computed_arguments_is_loaded_first() {
        // `b + 1` may raise; a missing `g` must raise `NameError` before it.
        let (_, plan) = planned("def f(a, b):\n    return g(a, b + 1)\n");
        assert!(plan.iter().all(|p| *p == NOT_FUSED));
    }

    #[test]
    fn a_global_whose_register_lives_on_is_loaded() {
        // `g` is a local copy of the global read again after the call.
        let (code, plan) = planned("def f(a):\n    g = h\n    return g(a) + g(a)\n");
        assert!(plan.iter().all(|p| *p == NOT_FUSED), "{:?}\n{:?}", code.instrs, plan);
    }

    #[test]
    fn a_global_passed_as_an_argument_is_loaded() {
        let (_, plan) = planned("def f(a):\n    return g(a) + k(g)\n");
        assert_eq!(plan.iter().filter(|p| **p == SKIP_LOAD).count(), 1, "only the call of g fuses");
    }
}
