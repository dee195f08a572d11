//! Register liveness for native code: lists are released once no live
//! register can reach them. (The analysis is the frontend's, without
//! exception edges: native code bails out instead of raising.)

use pyfora_syntax::ir::{Code, Instr};
use pyfora_syntax::liveness::Exceptions;
pub use pyfora_syntax::liveness::RegSet;

/// True when `code` builds lists (and so needs list liveness).
pub fn builds_lists(code: &Code) -> bool {
    code.instrs.iter().any(|i| matches!(i, Instr::BuildList { .. }))
}

/// The registers live on entry to each instruction of native code.
pub fn live_in(code: &Code) -> Vec<RegSet> {
    pyfora_syntax::liveness::live_in(code, Exceptions::Ignored)
}
