//! `pyfora._core`: the embedded engine behind the Python API.
//!
//! The only crate that knows about Python objects. The Python package walks
//! user objects into descriptors (see `python/pyfora/_core.pyi`); this crate
//! converts them into runtime values, runs computations on engine threads
//! with the GIL released, and maps runtime errors to Python exceptions.

use pyo3::prelude::*;

mod convert;
mod engine;
mod errors;
mod reuse;

/// The extension module.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<engine::Engine>()?;
    m.add("RemoteException", py.get_type::<errors::RemoteException>())?;
    m.add("ConversionError", py.get_type::<errors::ConversionError>())?;
    m.add("InvalidOperation", py.get_type::<errors::InvalidOperation>())?;
    m.add("Cancelled", py.get_type::<errors::Cancelled>())?;
    Ok(())
}
