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

use pyfora_syntax::ir::{CallArgs, Code, Instr, Reg};
use pyfora_syntax::liveness::{self, Liveness};

/// [`Plan::at`]'s entry for an instruction that is not part of a fused call.
pub const NOT_FUSED: u32 = u32::MAX;

/// Where a fused call finds one argument when it skips the moves that
/// would have put it in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgSource {
    /// Moved out of this register (a `Take`: the register is left unbound).
    Take(Reg),
    /// Copied from this register (a `Move`).
    Copy(Reg),
    /// Constant number `idx` of the code (a `Const`).
    Const(u32),
}

/// One call of a global, fused with the load of its function.
#[derive(Debug)]
pub struct GlobalCall {
    /// The global's slot in the function's global cache.
    pub slot: u32,
    /// The `Call` instruction.
    pub call: usize,
    /// Where each argument comes from when the instructions between the
    /// load and the call do nothing but place the arguments (each source
    /// read once): the load then jumps straight to the call, which takes
    /// them from there. `None` when those instructions must run.
    pub args: Option<Box<[ArgSource]>>,
}

/// The fused calls of one code object.
#[derive(Debug, Default)]
pub struct Plan {
    /// Per instruction: the index in `calls` of the fused call a
    /// `LoadGlobal` or `Call` belongs to, else [`NOT_FUSED`].
    pub at: Box<[u32]>,
    pub calls: Box<[GlobalCall]>,
}

/// Finds the calls of globals in `code` that can read the global
/// themselves.
///
/// A load and a call fuse when only argument set-up (`Const`, `Move`,
/// `Take` not touching the function's register) lies between them, nothing
/// jumps into that stretch, the two share a line and an exception handler
/// (a `NameError` raised by the call instead of the load looks the same),
/// and the function's register is dead after the call.
pub fn plan(code: &Code) -> Plan {
    let n = code.instrs.len();
    let mut at = vec![NOT_FUSED; n].into_boxed_slice();
    let mut calls = Vec::new();
    if !code.instrs.iter().any(|i| matches!(i, Instr::LoadGlobal { .. })) {
        return Plan { at, calls: calls.into() };
    }
    let liveness = Liveness::of(code);
    let entered = liveness::entered(code);
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
        if *func == r && !reads_function && same_place && liveness.dead_after(code, pc, r) {
            let index = calls.len() as u32;
            at[load] = index;
            at[pc] = index;
            let args = argument_sources(code, load + 1..pc, args);
            calls.push(GlobalCall { slot, call: pc, args });
        }
    }
    Plan { at, calls: calls.into() }
}

/// The argument sources of the fused call at `pc`, when it takes its
/// arguments from where they are (its load skipped the moves).
pub fn sources_at(plan: &Plan, pc: usize) -> Option<&[ArgSource]> {
    match plan.at.get(pc) {
        Some(&i) if i != NOT_FUSED && plan.calls[i as usize].call == pc => plan.calls[i as usize].args.as_deref(),
        _ => None,
    }
}

/// The sources of a simple call's arguments when the instructions `setup`
/// write each argument register exactly once, from registers outside the
/// argument window that nothing else among them reads or writes, and the
/// window registers are dead after the call (a call moves its arguments
/// out, so they are).
fn argument_sources(code: &Code, setup: std::ops::Range<usize>, args: &CallArgs) -> Option<Box<[ArgSource]>> {
    if !args.is_simple() || setup.len() != args.nargs as usize {
        return None;
    }
    let window = args.start..args.start + args.nargs;
    let mut sources: Vec<Option<ArgSource>> = vec![None; args.nargs as usize];
    let mut read = Vec::new();
    for pc in setup {
        let (dst, source) = match code.instrs[pc] {
            Instr::Take { dst, src } => (dst, ArgSource::Take(src)),
            Instr::Move { dst, src } => (dst, ArgSource::Copy(src)),
            Instr::Const { dst, idx } => (dst, ArgSource::Const(idx)),
            _ => return None,
        };
        if !window.contains(&dst) || sources[(dst - args.start) as usize].is_some() {
            return None;
        }
        if let ArgSource::Take(src) | ArgSource::Copy(src) = source {
            if window.contains(&src) || read.contains(&src) {
                return None;
            }
            read.push(src);
        }
        sources[(dst - args.start) as usize] = Some(source);
    }
    sources.into_iter().collect::<Option<Vec<_>>>().map(Vec::into_boxed_slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyfora_syntax::{lower, SourceFile};

    fn planned(text: &str) -> (std::sync::Arc<Code>, Plan) {
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
        assert_eq!(plan.at[load], 0);
        assert_eq!(plan.at[call], 0);
        let fused = &plan.calls[0];
        assert_eq!((fused.slot, fused.call), (0, call));
        let sources = fused.args.as_deref().expect("only argument moves lie between");
        assert_eq!(sources, &[ArgSource::Take(0), ArgSource::Take(1)], "both parameters are dead after the call");
    }

    #[test]
    fn a_global_called_with_computed_arguments_is_loaded_first() {
        // `b + 1` may raise; a missing `g` must raise `NameError` before it.
        let (_, plan) = planned("def f(a, b):\n    return g(a, b + 1)\n");
        assert!(plan.at.iter().all(|p| *p == NOT_FUSED));
    }

    #[test]
    fn arguments_still_read_later_are_copied_and_constants_read_in_place() {
        let (_, plan) = planned("def f(a):\n    return g(a, 1) + a\n");
        let sources = plan.calls[0].args.as_deref().expect("argument moves only");
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[0], ArgSource::Copy(0));
        assert!(matches!(sources[1], ArgSource::Copy(_) | ArgSource::Const(_)), "{sources:?}");
    }

    #[test]
    fn a_global_whose_register_lives_on_is_loaded() {
        // `g` is a local copy of the global read again after the call.
        let (code, plan) = planned("def f(a):\n    g = h\n    return g(a) + g(a)\n");
        assert!(plan.at.iter().all(|p| *p == NOT_FUSED), "{:?}\n{:?}", code.instrs, plan);
    }

    #[test]
    fn a_global_passed_as_an_argument_is_loaded() {
        let (_, plan) = planned("def f(a):\n    return g(a) + k(g)\n");
        assert_eq!(plan.calls.len(), 1, "only the call of g fuses");
    }
}
