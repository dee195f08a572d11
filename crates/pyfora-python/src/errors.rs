//! The one place runtime and frontend errors become Python exceptions.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use pyfora_runtime::error::TraceEntry;
use pyfora_runtime::Error;
use pyfora_syntax::SyntaxError;

create_exception!(_core, RemoteException, PyException, "An exception raised by user code in the engine.");
create_exception!(_core, ConversionError, PyException, "Source or an object pyfora cannot convert.");
create_exception!(_core, InvalidOperation, PyException, "Mutation of a shared value.");
create_exception!(_core, Cancelled, PyException, "The computation was cancelled.");

/// The trace as a list of `{"path", "line", "function"}` dicts, outermost first.
pub fn trace_list<'py>(py: Python<'py>, trace: &[TraceEntry]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for t in trace.iter().rev() {
        let d = PyDict::new(py);
        d.set_item("path", &*t.path)?;
        d.set_item("line", t.line)?;
        d.set_item("function", &*t.function)?;
        list.append(d)?;
    }
    Ok(list)
}

/// A frontend error as `ConversionError(message, [{"path", "line"}])`.
pub fn syntax_error(py: Python<'_>, e: &SyntaxError) -> PyErr {
    let (path, line) = e.location();
    let trace = PyList::empty(py);
    let d = PyDict::new(py);
    let _ = d.set_item("path", path);
    let _ = d.set_item("line", line);
    let _ = trace.append(d);
    ConversionError::new_err((e.message(), trace.unbind()))
}

/// A conversion error without a location.
pub fn conversion(message: impl Into<String>) -> PyErr {
    ConversionError::new_err((message.into(), Vec::<i32>::new()))
}

/// The with-block variables assigned before an error (or `None`).
fn extra_object(py: Python<'_>, extra: Option<Bound<'_, PyDict>>) -> Py<PyAny> {
    match extra {
        Some(d) => d.into_any().unbind(),
        None => py.None(),
    }
}

/// A runtime error as the matching Python exception. `extra` (assigned
/// with-block variables) rides along as a fifth argument.
pub fn runtime_error(py: Python<'_>, e: Error, extra: Option<Bound<'_, PyDict>>) -> PyErr {
    match e {
        Error::Exception(ex) => {
            let trace = match trace_list(py, &ex.trace) {
                Ok(t) => t,
                Err(err) => return err,
            };
            let (type_name, class_id, args, details) = crate::convert::exception_parts(py, &ex.value);
            // The exception may hold deep values (`ValueError(nested)`).
            crate::reaper::release(ex.value);
            RemoteException::new_err((type_name, args, class_id, trace.unbind(), extra_object(py, extra), details))
        }
        Error::InvalidOperation { message, trace } => match trace_list(py, &trace) {
            Ok(t) => InvalidOperation::new_err((message, t.unbind(), extra_object(py, extra))),
            Err(err) => err,
        },
        Error::Refused { message, trace } => match trace_list(py, &trace) {
            Ok(t) => ConversionError::new_err((message, t.unbind(), extra_object(py, extra))),
            Err(err) => err,
        },
        Error::Cancelled => Cancelled::new_err("the computation was cancelled"),
    }
}
