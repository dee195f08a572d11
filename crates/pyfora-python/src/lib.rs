//! `pyfora._core`: the embedded engine behind the Python API.
//!
//! The only crate that knows about Python objects. The Python package walks
//! user objects into descriptors (see `python/pyfora/_core.pyi`); this crate
//! converts them into runtime values, runs computations on engine threads
//! with the GIL released, and maps runtime errors to Python exceptions.

use pyo3::prelude::*;

/// The engine's allocator. The interpreter allocates and frees small
/// values (strings, lists, tuples, frames' register files) at a high rate
/// from several threads; mimalloc serves them from thread-local free lists
/// (glibc's malloc and free took a quarter of the time of string-heavy
/// code).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`): how long freed memory
/// stays committed before it goes back to the OS.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory committed for a second (mimalloc's default is
/// 10 ms), as glibc keeps freed heap memory, so a computation run again soon
/// after may reuse the pages of the last one. (Not measured on its own: the
/// `listcomp` slowdown first seen with mimalloc went away only once engine
/// threads were kept between computations.)
fn tune_allocator() {
    // SAFETY: setting an option is thread-safe and takes effect for later
    // purges.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1000) }
}

mod convert;
mod engine;
mod engine_threads;
mod errors;
mod reaper;
mod reuse;

/// Sets how the engine's numpy sums group float additions, to match the
/// client's numpy: `0` for pairwise over the whole array (numpy 2.3 and
/// later), `8192` for pairwise within blocks of 8192 items added in order
/// (earlier numpy, whose reductions go through an 8192-item buffer).
#[pyfunction]
fn set_numpy_sum_block(block: usize) {
    pyfora_runtime::ndarray::set_sum_block(block);
}

/// Names the numpy functions (of `pyfora_runtime::numpy::LIBM_FUNCTIONS`)
/// that the client's numpy computes unlike the C library; the engine then
/// refuses them rather than give answers that differ from numpy's.
#[pyfunction]
fn set_numpy_unlike_libm(names: Vec<String>) {
    pyfora_runtime::numpy::set_unlike_libm(&names);
}

/// The numpy functions the engine computes with the C library's math.
#[pyfunction]
fn numpy_libm_functions() -> Vec<&'static str> {
    pyfora_runtime::numpy::LIBM_FUNCTIONS.to_vec()
}

/// The extension module.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    tune_allocator();
    let py = m.py();
    m.add_class::<engine::Engine>()?;
    m.add_function(wrap_pyfunction!(set_numpy_sum_block, m)?)?;
    m.add_function(wrap_pyfunction!(set_numpy_unlike_libm, m)?)?;
    m.add_function(wrap_pyfunction!(numpy_libm_functions, m)?)?;
    // The modules remote code may import (the client refuses the rest of
    // the standard library where the user's code names it).
    m.add("PROVIDED_MODULES", pyfora_runtime::modules::PROVIDED.to_vec())?;
    m.add("RemoteException", py.get_type::<errors::RemoteException>())?;
    m.add("ConversionError", py.get_type::<errors::ConversionError>())?;
    m.add("InvalidOperation", py.get_type::<errors::InvalidOperation>())?;
    m.add("Cancelled", py.get_type::<errors::Cancelled>())?;
    Ok(())
}
