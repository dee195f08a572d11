//! Which registers are live (may still be read) before each instruction.
//!
//! Used by the clean-up passes (a copy whose source is dead becomes a move;
//! a comparison whose result is dead after its branch fuses with it) and by
//! native code (lists are released once no live register can reach them).

use crate::ir::{Code, CodeKind, NO_HANDLER};
use crate::optimize::{reads, successors, writes};

/// A set of registers.
#[derive(Clone, PartialEq, Eq)]
pub struct RegSet(Vec<u64>);

impl RegSet {
    /// The empty set over `nregs` registers.
    pub fn empty(nregs: usize) -> RegSet {
        RegSet(vec![0; nregs.div_ceil(64).max(1)])
    }

    /// True when register `r` is in the set.
    pub fn contains(&self, r: u32) -> bool {
        self.0.get(r as usize / 64).is_some_and(|w| w & (1 << (r % 64)) != 0)
    }

    pub(crate) fn insert(&mut self, r: u32) {
        self.0[r as usize / 64] |= 1 << (r % 64);
    }

    pub(crate) fn remove(&mut self, r: u32) {
        self.0[r as usize / 64] &= !(1 << (r % 64));
    }

    /// Adds the registers of `other`; true when that added any.
    pub(crate) fn union_changed(&mut self, other: &RegSet) -> bool {
        let mut changed = false;
        for (word, w) in self.0.iter_mut().zip(&other.0) {
            changed |= *w & !*word != 0;
            *word |= w;
        }
        changed
    }

    fn union_with(&mut self, other: &RegSet) {
        for (word, w) in self.0.iter_mut().zip(&other.0) {
            *word |= w;
        }
    }

    /// The registers in the set.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.0.len() as u32 * 64).filter(|r| self.contains(*r))
    }
}

/// Whether an exception may carry control to an instruction's handler.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Exceptions {
    /// The interpreter: a raising instruction continues at its handler with
    /// every register as it was, so what the handler reads is live there.
    Handled,
    /// Native code: it bails out instead of raising, so handlers are never
    /// reached from it.
    Ignored,
}

/// The registers live on entry to each instruction (a backward dataflow to
/// the fixed point).
pub fn live_in(code: &Code, exceptions: Exceptions) -> Vec<RegSet> {
    let n = code.instrs.len();
    let nregs = code.nregs as usize;
    let mut live = vec![RegSet::empty(nregs); n];
    let mut changed = true;
    while changed {
        changed = false;
        for pc in (0..n).rev() {
            let mut set = live_after(code, &live, pc);
            let instr = &code.instrs[pc];
            for r in writes(instr) {
                set.remove(r);
            }
            for r in reads(instr) {
                set.insert(r);
            }
            // The exception being handled is read by whatever raises here
            // (its context) and by a bare `raise`.
            if let Some(&r) = code.handled.get(pc).filter(|r| **r != crate::ir::NO_REG) {
                set.insert(r);
            }
            if exceptions == Exceptions::Handled {
                if let Some(h) = handler(code, pc) {
                    set.union_with(&live[h]);
                }
            }
            if set != live[pc] {
                live[pc] = set;
                changed = true;
            }
        }
    }
    live
}

/// The registers live when instruction `pc` completes normally (the union
/// over its successors), given `live` from [`live_in`].
pub fn live_after(code: &Code, live: &[RegSet], pc: usize) -> RegSet {
    let mut set = RegSet::empty(code.nregs as usize);
    for s in successors(code, pc) {
        if s < live.len() {
            set.union_with(&live[s]);
        }
    }
    set
}

/// Registers read after the code stops, whichever way it stops: a with
/// block's variables are written back into the caller's scope (even after
/// an exception) and a class body's become the class namespace.
pub fn read_after_exit(code: &Code) -> RegSet {
    let mut set = RegSet::empty(code.nregs as usize);
    if matches!(code.kind, CodeKind::Block | CodeKind::ClassBody) {
        for (_, r) in &code.locals {
            set.insert(*r);
        }
    }
    set
}

/// What the clean-up passes ask of liveness, with exception handlers and
/// the registers read after the code ends taken into account.
pub struct Liveness {
    live: Vec<RegSet>,
    kept: RegSet,
}

impl Liveness {
    /// The liveness of `code` as the interpreter runs it.
    pub fn of(code: &Code) -> Liveness {
        Liveness { live: live_in(code, Exceptions::Handled), kept: read_after_exit(code) }
    }

    /// True when nothing reads register `r` once instruction `pc` has run,
    /// whether it completes or raises to its handler.
    pub fn dead_after(&self, code: &Code, pc: usize, r: u32) -> bool {
        !self.kept.contains(r) && !live_after(code, &self.live, pc).contains(r) && !handler(code, pc).is_some_and(|h| self.live[h].contains(r))
    }
}

/// Per instruction (and one past the end): whether control can arrive
/// other than by falling through from the instruction before (a jump or
/// branch target, an exception handler).
pub fn entered(code: &Code) -> Vec<bool> {
    let n = code.instrs.len();
    let mut entered = vec![false; n + 1];
    for pc in 0..n {
        for s in successors(code, pc) {
            if s != pc + 1 && s <= n {
                entered[s] = true;
            }
        }
        if let Some(h) = handler(code, pc) {
            entered[h] = true;
        }
    }
    entered
}

/// The handler an exception raised at `pc` goes to, if any.
pub fn handler(code: &Code, pc: usize) -> Option<usize> {
    let h = code.handlers[pc];
    (h != NO_HANDLER && (h as usize) < code.instrs.len()).then_some(h as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Instr;
    use crate::{lower, SourceFile};

    fn lower(text: &str, name: &str) -> std::sync::Arc<Code> {
        let src = SourceFile::parse("t.py", text.to_string()).expect("parses");
        lower::lower_function(&src, src.find_def(1, name).expect("found")).expect("lowers")
    }

    #[test]
    fn a_register_is_live_from_its_write_to_its_last_read() {
        let code = lower("def f(a):\n    b = [a, a]\n    return len(b)\n", "f");
        let live = live_in(&code, Exceptions::Ignored);
        assert!(live[0].contains(0), "the parameter is live on entry");
        let build = code.instrs.iter().position(|i| matches!(i, Instr::BuildList { .. })).expect("a list display");
        let Instr::BuildList { dst, .. } = code.instrs[build] else { unreachable!() };
        assert!(!live[build].contains(dst), "the new list's register is dead before it is written");
        let ret = code.instrs.iter().position(|i| matches!(i, Instr::Return { .. })).expect("a return");
        let Instr::Return { src: r } = code.instrs[ret] else { unreachable!() };
        assert_eq!(live[ret].iter().collect::<Vec<_>>(), vec![r]);
    }

    #[test]
    fn what_a_handler_reads_is_live_throughout_its_try_block() {
        let code = lower("def f(a, b):\n    x = a\n    try:\n        y = a // b\n    except ZeroDivisionError:\n        return x\n    return y\n", "f");
        let with = live_in(&code, Exceptions::Handled);
        let without = live_in(&code, Exceptions::Ignored);
        let div = code.instrs.iter().position(|i| matches!(i, Instr::BinOp { .. })).expect("the division");
        let read_by_handler = |live: &[RegSet]| {
            let h = handler(&code, div).expect("the division has a handler");
            live[h].iter().collect::<Vec<_>>()
        };
        let handler_reads = read_by_handler(&with);
        assert!(!handler_reads.is_empty());
        for r in &handler_reads {
            assert!(with[div].contains(*r), "r{r} is read by the handler");
        }
        assert!(handler_reads.iter().any(|r| !without[div].contains(*r)), "ignoring exceptions, the handler's reads are dead in the try block");
    }
}
