//! Paths, neighbourhoods and counts.
