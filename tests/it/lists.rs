//! lists tests.
