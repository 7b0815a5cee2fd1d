//! Relay-style pagination shared by every list: `first`/`after`, `edges`, `nodes`, `pageInfo`, `totalCount`.

use async_graphql::connection::{Connection, CursorType, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{OutputType, SimpleObject};

use async_graphql::ErrorExtensions;

use super::error::UserError;

/// The most items one page may hold.
pub const MAX_PAGE_SIZE: usize = 100;

/// The page size when `first` is not given.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// Fields every connection carries beside its edges.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct PageTotals {
    /// How many items there are over all pages.
    pub total_count: usize,
}

/// A page of a list, with opaque cursors.
pub type Page<Node> = Connection<OpaqueCursor<usize>, Node, PageTotals, EmptyFields>;

/// Checks a requested page size.
pub fn page_size(first: Option<i32>, argument: &str) -> async_graphql::Result<usize> {
    match first {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if (1..=MAX_PAGE_SIZE as i32).contains(&n) => Ok(n as usize),
        Some(n) => Err(UserError::OutOfRange {
            argument: argument.to_owned(),
            value: n,
            min: 1,
            max: MAX_PAGE_SIZE,
        }
        .extend()),
    }
}

/// Where the page after an `after` cursor starts: the position after the cursor's, or 0
/// without one. A cursor this API did not write is a user error; one forged past the end of
/// the number range is past every list.
pub fn page_start(after: Option<String>) -> async_graphql::Result<usize> {
    let Some(cursor) = after else {
        return Ok(0);
    };
    match OpaqueCursor::<usize>::decode_cursor(&cursor) {
        Ok(position) => Ok(position.0.saturating_add(1)),
        Err(_) => Err(UserError::BadCursor { cursor }.extend()),
    }
}

/// Cuts one page out of `items`, starting after the `after` cursor, and wraps each item.
pub fn paginate<T, Node: OutputType>(
    items: &[T],
    first: Option<i32>,
    after: Option<String>,
    wrap: impl Fn(&T) -> Node,
) -> async_graphql::Result<Page<Node>> {
    paginate_parts(&[items], first, after, wrap)
}

/// Cuts one page out of a list stored as consecutive parts (one per kind, say), without
/// joining them: the work is the page's, whatever the list's length.
pub fn paginate_parts<T, Node: OutputType>(
    parts: &[&[T]],
    first: Option<i32>,
    after: Option<String>,
    wrap: impl Fn(&T) -> Node,
) -> async_graphql::Result<Page<Node>> {
    let size = page_size(first, "first")?;
    let start = page_start(after)?;
    let total: usize = parts.iter().map(|part| part.len()).sum();
    let start = start.min(total);
    let end = (start + size).min(total);
    let mut page = Connection::with_additional_fields(
        start > 0,
        end < total,
        PageTotals { total_count: total },
    );
    // Skip whole parts before the page, then take from the part it starts in onwards.
    let mut skip = start;
    let mut position = start;
    for part in parts {
        if position == end {
            break;
        }
        if skip >= part.len() {
            skip -= part.len();
            continue;
        }
        let take = (part.len() - skip).min(end - position);
        for item in &part[skip..skip + take] {
            page.edges
                .push(Edge::new(OpaqueCursor(position), wrap(item)));
            position += 1;
        }
        skip = 0;
    }
    Ok(page)
}
