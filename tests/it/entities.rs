//! entities tests.
