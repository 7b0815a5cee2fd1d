//! Errors at the API boundary: user mistakes are explained, internal failures are logged and hidden.

use async_graphql::ErrorExtensions;

/// A mistake in a request that the caller can fix.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// A numeric argument is outside its allowed range.
    #[error("`{argument}` must be between {min} and {max}, but was {value}")]
    OutOfRange {
        /// The argument's name.
        argument: String,
        /// The value given.
        value: i32,
        /// The smallest allowed value.
        min: i32,
        /// The largest allowed value.
        max: usize,
    },
    /// A cursor that this API did not hand out.
    #[error("`after` is not a cursor returned by this API: `{cursor}`")]
    BadCursor {
        /// The rejected cursor.
        cursor: String,
    },
    /// An id that names no entity, where one is required.
    #[error("`{argument}`: no entity has the id `{id}`")]
    UnknownEntity {
        /// The argument's name.
        argument: &'static str,
        /// The rejected id.
        id: String,
    },
    /// An id that names an entity of the wrong kind.
    #[error("`{argument}` needs an entity of kind `{expected}`, but `{id}` is of kind `{actual}`")]
    WrongKind {
        /// The argument's name.
        argument: &'static str,
        /// The id given.
        id: String,
        /// The kind needed.
        expected: &'static str,
        /// The kind found.
        actual: &'static str,
    },
    /// A search text that is too long.
    #[error("{0}")]
    Search(String),
    /// A date argument that cannot be read.
    #[error("`{argument}`: {message}")]
    BadDate {
        /// The argument's name.
        argument: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl UserError {
    fn code(&self) -> &'static str {
        match self {
            UserError::OutOfRange { .. } => "OUT_OF_RANGE",
            UserError::BadCursor { .. } => "BAD_CURSOR",
            UserError::UnknownEntity { .. } => "NOT_FOUND",
            UserError::WrongKind { .. } => "WRONG_KIND",
            UserError::Search(_) => "BAD_SEARCH",
            UserError::BadDate { .. } => "BAD_DATE",
        }
    }
}

impl ErrorExtensions for UserError {
    fn extend(&self) -> async_graphql::Error {
        let code = self.code();
        async_graphql::Error::new(self.to_string()).extend_with(|_, e| e.set("code", code))
    }
}

/// Logs an internal failure and returns an error that does not reveal it.
pub fn internal(error: impl std::fmt::Display) -> async_graphql::Error {
    tracing::error!(%error, "internal error while resolving a query");
    async_graphql::Error::new("internal error; it has been logged")
        .extend_with(|_, e| e.set("code", "INTERNAL"))
}
