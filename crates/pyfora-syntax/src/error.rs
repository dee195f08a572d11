//! Errors of the frontend. Each names the user's file and line.

use thiserror::Error;

/// Why source could not be turned into IR.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum SyntaxError {
    /// The file does not parse as Python 3.
    #[error("{path}:{line}: invalid syntax: {message}")]
    Parse { path: String, line: u32, message: String },
    /// A construct pyfora refuses (side effects, dynamic scope, mutation).
    #[error("{path}:{line}: {message}")]
    Refused { path: String, line: u32, message: String },
    /// The client named a definition that is not at that file and line.
    #[error("{path}:{line}: could not find the source of the {what} (was the file edited after it was imported?)")]
    NotFound { path: String, line: u32, what: String },
}

impl SyntaxError {
    /// The user's file and line the error points at.
    pub fn location(&self) -> (&str, u32) {
        match self {
            SyntaxError::Parse { path, line, .. } | SyntaxError::Refused { path, line, .. } | SyntaxError::NotFound { path, line, .. } => (path, *line),
        }
    }

    /// The message without the location prefix.
    pub fn message(&self) -> String {
        match self {
            SyntaxError::Parse { message, .. } => format!("invalid syntax: {message}"),
            SyntaxError::Refused { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }
}
