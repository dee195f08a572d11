//! Runtime errors: Python exceptions raised by user code, plus the two
//! conditions user code cannot catch (a forbidden mutation, cancellation).

use std::sync::Arc;

use crate::exceptions::{builtin_class, ExcKind};
use crate::value::{Instance, Value};

/// One frame of a remote trace.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceEntry {
    pub path: Arc<str>,
    pub line: u32,
    pub function: Arc<str>,
}

/// A Python exception in flight: the exception instance and the frames it
/// has left so far (innermost first).
#[derive(Clone, Debug)]
pub struct PyException {
    pub value: Value,
    pub trace: Vec<TraceEntry>,
}

/// Why an evaluation stopped.
#[derive(Clone, Debug)]
pub enum Error {
    /// A Python exception; user code may catch it.
    Exception(Box<PyException>),
    /// Mutation of a value that something else references
    /// (`pyfora.InvalidPyforaOperation`); not catchable by user code.
    InvalidOperation { message: String, trace: Vec<TraceEntry> },
    /// Remote code reached code pyfora refuses to run (a method that
    /// prints, say), shipped because its class was: raised on the client as
    /// `PythonToForaConversionError`; not catchable by user code. `trace`
    /// is where the refused construct is.
    Refused { message: String, trace: Vec<TraceEntry> },
    /// The computation was cancelled by its client.
    Cancelled,
}

/// Result type of the runtime.
pub type RtResult<T> = Result<T, Error>;

impl Error {
    /// A builtin exception of `kind` with a message.
    pub fn new(kind: ExcKind, message: impl Into<String>) -> Error {
        let msg: String = message.into();
        Error::with_args(kind, vec![Value::str(msg)])
    }

    /// A builtin exception of `kind` with arbitrary args.
    pub fn with_args(kind: ExcKind, args: Vec<Value>) -> Error {
        let class = builtin_class(kind);
        let inst = Instance::new(class, vec![(Arc::from("args"), Value::tuple(args))], true);
        Error::from_value(Value::Instance(Arc::new(inst)))
    }

    /// An exception from an exception instance.
    pub fn from_value(value: Value) -> Error {
        Error::Exception(Box::new(PyException { value, trace: Vec::new() }))
    }

    /// `InvalidPyforaOperation` with a message.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::InvalidOperation { message: message.into(), trace: Vec::new() }
    }

    /// True when this is a Python exception whose class is (a subclass of) `kind`.
    pub fn is(&self, kind: ExcKind) -> bool {
        match self {
            Error::Exception(e) => match &e.value {
                Value::Instance(i) => i.class.is_subclass_of(&builtin_class(kind)),
                _ => false,
            },
            _ => false,
        }
    }

    /// Records that the error passed through a frame.
    pub fn push_frame(&mut self, entry: TraceEntry) {
        match self {
            Error::Exception(e) => e.trace.push(entry),
            Error::InvalidOperation { trace, .. } => trace.push(entry),
            // The location of the refused construct is the whole story: the
            // innermost frame, when the refusal did not name one itself (a
            // module a method reads).
            Error::Refused { trace, .. } if trace.is_empty() => trace.push(entry),
            Error::Refused { .. } | Error::Cancelled => {}
        }
    }
}

/// `TypeError(msg)`.
pub fn type_error(msg: impl Into<String>) -> Error {
    Error::new(ExcKind::TypeError, msg)
}

/// `ValueError(msg)`.
pub fn value_error(msg: impl Into<String>) -> Error {
    Error::new(ExcKind::ValueError, msg)
}

/// `IndexError(msg)`.
pub fn index_error(msg: impl Into<String>) -> Error {
    Error::new(ExcKind::IndexError, msg)
}

/// `ZeroDivisionError(msg)`.
pub fn zero_division(msg: impl Into<String>) -> Error {
    Error::new(ExcKind::ZeroDivisionError, msg)
}

/// `OverflowError(msg)`.
pub fn overflow_error(msg: impl Into<String>) -> Error {
    Error::new(ExcKind::OverflowError, msg)
}

/// `AttributeError` for a missing attribute.
pub fn attribute_error(type_name: &str, attr: &str) -> Error {
    Error::new(ExcKind::AttributeError, format!("'{type_name}' object has no attribute '{attr}'"))
}

/// `KeyError(key)`.
pub fn key_error(key: Value) -> Error {
    Error::with_args(ExcKind::KeyError, vec![key])
}
