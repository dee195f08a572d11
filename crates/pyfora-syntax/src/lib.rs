//! pyfora's frontend: Python source → IR.
//!
//! [`source::SourceFile`] parses a user file with ruff's parser and finds the
//! definition a client names by file and line; [`scope`] resolves names with
//! Python's rules; [`lower`] produces [`ir::Code`], refusing constructs that
//! pyfora does not run (side effects, dynamic scope) with the user's line.

pub mod error;
pub mod holding;
pub mod ir;
pub mod liveness;
pub mod lower;
mod lower_expr;
mod lower_match;
pub mod mangle;
pub mod optimize;
pub mod scope;
pub mod source;
pub mod version;

pub use error::SyntaxError;
pub use ir::Code;
pub use source::SourceFile;

#[cfg(test)]
mod tests;
