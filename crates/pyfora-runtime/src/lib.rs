//! pyfora's runtime: values, builtins, exceptions and the reference
//! interpreter. Plain Rust — no Python objects here; `pyfora-python`
//! converts at the boundary.

pub mod borrow;
pub mod builtins;
pub mod class;
pub mod compat;
pub mod dict;
pub mod error;
pub mod exceptions;
pub mod forks;
pub mod format;
pub mod formatting;
pub mod global_calls;
pub mod hash;
pub mod interp;
pub mod iter;
pub mod matching;
pub mod methods;
pub mod modules;
pub mod native;
pub mod ndarray;
pub mod num;
pub mod numpy;
pub mod operator;
pub mod ops;
pub mod pieces;
pub mod pow;
pub mod prelude;
pub mod pyset;
pub mod range;
pub mod shared_state;
pub mod str_methods;
pub mod text;
pub mod timsort;
pub mod value;
pub mod views;

pub use error::{Error, RtResult};
pub use value::Value;
