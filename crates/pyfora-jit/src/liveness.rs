//! Which registers are live (may still be read) before each instruction:
//! native code releases the lists it built once no register can reach
//! them any more.

use pyfora_syntax::ir::{Code, Instr};
use pyfora_syntax::optimize::{reads, successors, writes};

/// A set of registers.
#[derive(Clone, PartialEq, Eq)]
pub struct RegSet(Vec<u64>);

impl RegSet {
    fn empty(nregs: usize) -> RegSet {
        RegSet(vec![0; nregs.div_ceil(64)])
    }

    /// True when register `r` is in the set.
    pub fn contains(&self, r: u32) -> bool {
        self.0[r as usize / 64] & (1 << (r % 64)) != 0
    }

    fn insert(&mut self, r: u32) {
        self.0[r as usize / 64] |= 1 << (r % 64);
    }

    fn remove(&mut self, r: u32) {
        self.0[r as usize / 64] &= !(1 << (r % 64));
    }

    /// The registers in the set.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.0.len() as u32 * 64).filter(|r| self.contains(*r))
    }
}

/// True when `code` builds lists (and so needs list liveness).
pub fn builds_lists(code: &Code) -> bool {
    code.instrs.iter().any(|i| matches!(i, Instr::BuildList { .. }))
}

/// The registers live on entry to each instruction (a backward dataflow to
/// the fixed point; exception edges do not exist in native code, which
/// bails out instead).
pub fn live_in(code: &Code) -> Vec<RegSet> {
    let n = code.instrs.len();
    let nregs = code.nregs as usize;
    let mut live = vec![RegSet::empty(nregs); n];
    let mut changed = true;
    while changed {
        changed = false;
        for pc in (0..n).rev() {
            let mut set = RegSet::empty(nregs);
            for s in successors(code, pc) {
                if s < n {
                    for (word, w) in set.0.iter_mut().zip(&live[s].0) {
                        *word |= w;
                    }
                }
            }
            let instr = &code.instrs[pc];
            for r in writes(instr) {
                set.remove(r);
            }
            for r in reads(instr) {
                set.insert(r);
            }
            if set != live[pc] {
                live[pc] = set;
                changed = true;
            }
        }
    }
    live
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyfora_syntax::{lower, SourceFile};

    #[test]
    fn a_register_is_live_from_its_write_to_its_last_read() {
        let text = "def f(a):\n    b = [a, a]\n    return len(b)\n";
        let src = SourceFile::parse("t.py", text.to_string()).expect("parses");
        let code = lower::lower_function(&src, src.find_def(1, "f").expect("found")).expect("lowers");
        let live = live_in(&code);
        assert!(live[0].contains(0), "the parameter is live on entry");
        let build = code.instrs.iter().position(|i| matches!(i, Instr::BuildList { .. })).expect("a list display");
        let Instr::BuildList { dst, .. } = code.instrs[build] else { unreachable!() };
        assert!(!live[build].contains(dst), "the new list's register is dead before it is written");
        let ret = code.instrs.iter().position(|i| matches!(i, Instr::Return { .. })).expect("a return");
        let Instr::Return { src: r } = code.instrs[ret] else { unreachable!() };
        assert_eq!(live[ret].iter().collect::<Vec<_>>(), vec![r]);
        assert!(builds_lists(&code));
    }
}
