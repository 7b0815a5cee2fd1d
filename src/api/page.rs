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

/// Cuts one page out of `items`, starting after the `after` cursor, and wraps each item.
pub fn paginate<T, Node: OutputType>(
    items: &[T],
    first: Option<i32>,
    after: Option<String>,
    wrap: impl Fn(&T) -> Node,
) -> async_graphql::Result<Page<Node>> {
    let size = page_size(first, "first")?;
    let start = match after {
        None => 0,
        Some(cursor) => {
            let position = OpaqueCursor::<usize>::decode_cursor(&cursor).map_err(|_| {
                UserError::BadCursor {
                    cursor: cursor.clone(),
                }
                .extend()
            })?;
            position.0 + 1
        }
    };
    let start = start.min(items.len());
    let end = (start + size).min(items.len());
    let mut page = Connection::with_additional_fields(
        start > 0,
        end < items.len(),
        PageTotals {
            total_count: items.len(),
        },
    );
    page.edges.extend(
        items[start..end]
            .iter()
            .enumerate()
            .map(|(offset, item)| Edge::new(OpaqueCursor(start + offset), wrap(item))),
    );
    Ok(page)
}
