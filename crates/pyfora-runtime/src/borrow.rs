//! Parameters that may hold a borrowed reference.
//!
//! Passing an object to a function clones its `Arc` (an atomic increment)
//! and the callee frame drops it when it returns (an atomic decrement). In
//! recursive code that hands the same function or object down every call
//! (`dc(a, mid, f)`), those two atomic operations are a large share of each
//! call. When the caller keeps its own reference for the whole call — a
//! copied argument (the caller's register still holds the value), or one
//! the caller itself borrowed — and the callee only reads the parameter,
//! the callee can hold a bitwise copy that it never drops: the caller's
//! frame is suspended below it and outlives it.
//!
//! "Only reads" is decided here, per parameter, from the callee's IR: every
//! instruction that names the register must read it in place (operands of
//! arithmetic and comparisons, the source of a copy, the function of a
//! call, which moves it out and puts it back) or be a move that a fused
//! call turns into passing the argument on ([`crate::global_calls`]), which
//! the interpreter then clones or lends again. Anything that could move
//! the value elsewhere, overwrite it, mutate it in place (a borrowed
//! reference does not count towards uniqueness) or return it disqualifies
//! the parameter. The interpreter records which parameters of a frame are
//! borrowed ([`crate::interp::Frame::borrowed`]) and forgets them instead
//! of dropping them when the frame ends.

use crate::global_calls::{Plan, NOT_FUSED};
use pyfora_syntax::ir::{Code, Instr, Reg};
use pyfora_syntax::optimize::{map_regs, reads, writes};
use std::cell::Cell;

/// Parameters a frame can track as borrowed (bits of a `u64`).
pub const MAX_BORROWED: u32 = 64;

/// The parameters of `code` (as bits, parameter `i` at bit `i`) that its
/// instructions only read, so that a call may lend them instead of
/// passing a reference of their own. `calls` is the code's fused-call plan
/// (the argument moves it skips pass the value on rather than move it).
pub fn borrowable_params(code: &Code, calls: &Plan) -> u64 {
    if code.is_generator {
        return 0;
    }
    let nparams = (code.params.positional.len() as u32).min(MAX_BORROWED);
    if nparams == 0 {
        return 0;
    }
    let skipped = skipped_moves(code, calls);
    let mut mask = if nparams == MAX_BORROWED { u64::MAX } else { (1u64 << nparams) - 1 };
    for (pc, instr) in code.instrs.iter().enumerate() {
        let named = named_registers(instr, mask);
        let mut bits = named;
        while bits != 0 {
            let p = bits.trailing_zeros();
            bits &= bits - 1;
            if !reads_in_place(instr, p, skipped[pc]) {
                mask &= !(1u64 << p);
            }
        }
    }
    mask
}

/// Which of the registers in `candidates` (bits) instruction `instr` names,
/// as an operand, a destination or inside a register range.
fn named_registers(instr: &Instr, candidates: u64) -> u64 {
    let named = Cell::new(0u64);
    let note = |r: Reg| {
        if r < MAX_BORROWED && candidates & (1u64 << r) != 0 {
            named.set(named.get() | 1u64 << r);
        }
    };
    reads(instr).into_iter().chain(writes(instr)).for_each(note);
    let mut copy = instr.clone();
    map_regs(&mut copy, &|r: Reg| {
        note(r);
        r
    });
    named.get()
}

/// True when every use `instr` makes of register `p` leaves the value in
/// place and unchanged (`skipped`: the instruction is an argument move a
/// fused call performs itself).
fn reads_in_place(instr: &Instr, p: Reg, skipped: bool) -> bool {
    match instr {
        Instr::Move { dst, src } => *src == p && *dst != p,
        Instr::Take { dst, src } => skipped && *src == p && *dst != p,
        Instr::Call { dst, func, args } => *func == p && *dst != p && args.is_simple() && !(args.start..args.start + args.nargs).contains(&p),
        Instr::BinOp { dst, .. } | Instr::Compare { dst, .. } | Instr::Unary { dst, .. } | Instr::Truth { dst, .. } => *dst != p,
        Instr::CompareBranch { .. } | Instr::Branch { .. } | Instr::CheckBound { .. } => true,
        Instr::GetAttr { dst, .. } => *dst != p,
        // A method called on the parameter: the interpreter takes its own
        // reference before a method that may change the object in place
        // (a list's `append`) runs; an instance's methods read it.
        Instr::CallMethod { dst, obj, args, .. } => *obj == p && *dst != p && args.is_simple() && !(args.start..args.start + args.nargs).contains(&p),
        _ => false,
    }
}

/// Per instruction: whether it is an argument move between a fused load
/// and its call that the call performs itself.
fn skipped_moves(code: &Code, calls: &Plan) -> Vec<bool> {
    let mut skipped = vec![false; code.instrs.len()];
    for (pc, &index) in calls.at.iter().enumerate() {
        if index == NOT_FUSED {
            continue;
        }
        let call = &calls.calls[index as usize];
        if call.call != pc && call.args.is_some() {
            for flag in &mut skipped[pc + 1..call.call] {
                *flag = true;
            }
        }
    }
    skipped
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyfora_syntax::{lower, SourceFile};

    /// The borrowable parameters of the function `f` defined on line 1.
    fn borrowable(text: &str) -> u64 {
        let src = SourceFile::parse("t.py", text.to_string()).expect("parses");
        let code = lower::lower_function(&src, src.find_def(1, "f").expect("found")).expect("lowers");
        borrowable_params(&code, &crate::global_calls::plan(&code))
    }

    #[test]
    fn a_parameter_passed_down_and_called_is_borrowable() {
        let dc = "def f(a, b, g):\n    if b - a <= 1:\n        return g(a)\n    mid = (a + b) // 2\n    return f(a, mid, g) + f(mid, b, g)\n";
        // `g` is only copied into a call, passed on and called; `a` is
        // moved into `g(a)`, which is not a fused call.
        assert_eq!(borrowable(dc) & 0b101, 0b100);
    }

    #[test]
    fn returned_stored_rebound_or_mutated_parameters_are_not() {
        assert_eq!(borrowable("def f(x):\n    return x\n"), 0);
        assert_eq!(borrowable("def f(xs):\n    xs[0] = 1\n    return 0\n"), 0);
        assert_eq!(borrowable("def f(x):\n    x = 2\n    return x\n"), 0);
        assert_eq!(borrowable("def f(x):\n    return [x]\n"), 0);
        assert_eq!(borrowable("def f(x, y):\n    return x + y\n"), 0b11);
    }

    #[test]
    fn a_parameter_whose_methods_or_attributes_are_used_is_borrowable() {
        // The interpreter takes a reference of its own before a method that
        // may change the object in place runs (see `interp::own_register`).
        assert_eq!(borrowable("def f(s, xs):\n    xs.append(s.n)\n    return s.m(1)\n"), 0b11);
        // Passing it as an argument copies it (a count of its own).
        assert_eq!(borrowable("def f(s):\n    return s.m(s)\n"), 1);
        assert_eq!(borrowable("def f(s):\n    s = s.m()\n    return s\n"), 0);
    }

    #[test]
    fn generators_borrow_nothing() {
        assert_eq!(borrowable("def f(x):\n    yield x + 1\n"), 0);
    }
}
