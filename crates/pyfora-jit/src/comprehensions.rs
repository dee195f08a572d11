//! List comprehensions inside native code handed to parallel list kernels:
//! the native side of `Instr::ParallelComprehension` (the interpreter has its own).

use std::sync::{Arc, Weak};

use pyfora_runtime::error::Error;
use pyfora_runtime::native::Reduce;
use pyfora_runtime::value::{Globals, RangeValue, RtCode, Value};

use crate::codegen::{BAIL, CANCELLED};
use crate::lists;
use crate::parallel::Partial;
use crate::types::{ArgKey, Scalar};

/// What native code needs to hand one comprehension over; built when the
/// code is compiled and kept for the life of the process (like the code).
pub struct ListPlan {
    /// The comprehension as a generator (`<listcomp>`), held weakly: the
    /// plan lives as long as the compiled code, which may outlive the
    /// shipped code and values (then nothing is taken).
    pub kernel: Weak<RtCode>,
    /// The globals of the function it appears in (weakly, likewise).
    pub globals: Weak<Globals>,
    /// Keys of the variables passed to it, in order: scalars arrive as words.
    pub args: Vec<ArgKey>,
    /// The element type of the packed list the native code goes on with.
    pub elem: Scalar,
}

/// Status of [`parallel_list`]: the kernel did not take the comprehension
/// (too short, not compilable, bailed out); the inline loop builds it.
pub const NOT_TAKEN: i64 = 3;

/// Runs the comprehension of `plan` over `range(start, stop, step)` with the
/// variables `args` as a parallel list kernel; on status 0 writes the
/// address of the resulting packed list (in this thread's arena) to `out`.
/// Other statuses: [`NOT_TAKEN`], [`BAIL`] (an error: the interpreter
/// re-runs the call) or [`CANCELLED`].
///
/// # Safety
/// `plan` must point at a live [`ListPlan`], `args` at one word per entry of
/// `plan.args`, and `out` at a writable word.
pub unsafe extern "C" fn parallel_list(plan: *const ListPlan, start: i64, stop: i64, step: i64, args: *const u64, out: *mut u64) -> i64 {
    // SAFETY: the caller's contract.
    let plan = unsafe { &*plan };
    // One thread: the inline loop is as fast and builds the list in place.
    if pyfora_runtime::native::threads() < 2 {
        return NOT_TAKEN;
    }
    let (Some(kernel), Some(globals)) = (plan.kernel.upgrade(), plan.globals.upgrade()) else { return NOT_TAKEN };
    // SAFETY: as above.
    let words = unsafe { std::slice::from_raw_parts(args, plan.args.len()) };
    let values: Vec<Value> = plan
        .args
        .iter()
        .zip(words)
        .map(|(key, w)| match key {
            ArgKey::Scalar(s) => s.value(*w),
            ArgKey::Obj(v) => v.clone(),
            ArgKey::Items(_) | ArgKey::Rows(_) => unreachable!("plans never take lists passed in"),
        })
        .collect();
    let range = Value::Range(Arc::new(RangeValue::new(start, stop, step)));
    let generator = match pyfora_runtime::interp::list_comprehension_generator(&kernel, &globals, &range, values.iter()) {
        Ok(Some(g)) => g,
        Ok(None) => return NOT_TAKEN,
        Err(Error::Cancelled) => return CANCELLED,
        Err(_) => return BAIL,
    };
    // The pieces' words go straight into the native list (no values).
    let outcome =
        pyfora_runtime::iter::with_generator_source(&generator, false, |func, over, params| crate::TIER.reduce_partial(func, Reduce::List, over, params));
    let words = match outcome {
        Some(Ok((Partial::Items(words), item))) if item == plan.elem || words.is_empty() => words,
        Some(Err(CANCELLED)) if pyfora_runtime::interp::check_cancelled().is_err() => return CANCELLED,
        // A piece met an error or the types differ: the inline loop decides.
        _ => return NOT_TAKEN,
    };
    // SAFETY: the caller's contract.
    unsafe { *out = lists::list_from_words(words) as u64 };
    0
}
