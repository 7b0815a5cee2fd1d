//! Relay-style pagination shared by every list: `first`/`after`, `edges`, `nodes`, `pageInfo`, `totalCount`.

use std::borrow::Cow;

use async_graphql::connection::{CursorType, Edge, EmptyFields, OpaqueCursor, PageInfo};
use async_graphql::{Description, ErrorExtensions, Object, OutputType, TypeName};

use super::error::UserError;

/// The most items one page may hold.
pub const MAX_PAGE_SIZE: usize = 100;

/// The page size when `first` is not given.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// One page of a list (a Relay connection): its items with their cursors (`edges`) or
/// without (`nodes`), where it lies in the list (`pageInfo`) and how long the list is
/// (`totalCount`). Pass a cursor as `after` to get the items that follow it.
//
// async-graphql's `Connection` gives its types no description, so the page is this type of
// our own, named as `Connection` names them (`RegionConnection` for a page of `Region`), over
// the crate's `Edge` and `PageInfo`.
#[derive(Description)]
pub struct Page<Node: OutputType> {
    edges: Vec<Edge<OpaqueCursor<usize>, Node, EmptyFields>>,
    has_previous_page: bool,
    has_next_page: bool,
    total_count: usize,
}

impl<Node: OutputType> TypeName for Page<Node> {
    fn type_name() -> Cow<'static, str> {
        format!("{}Connection", Node::type_name()).into()
    }
}

#[Object(name_type, use_type_description)]
impl<Node: OutputType> Page<Node> {
    /// Information to aid in pagination.
    async fn page_info(&self) -> PageInfo {
        PageInfo {
            has_previous_page: self.has_previous_page,
            has_next_page: self.has_next_page,
            start_cursor: self.edges.first().map(|edge| edge.cursor.encode_cursor()),
            end_cursor: self.edges.last().map(|edge| edge.cursor.encode_cursor()),
        }
    }

    /// A list of edges.
    async fn edges(&self) -> &[Edge<OpaqueCursor<usize>, Node, EmptyFields>] {
        &self.edges
    }

    /// A list of nodes.
    async fn nodes(&self) -> Vec<&Node> {
        self.edges.iter().map(|edge| &edge.node).collect()
    }

    /// How many items there are over all pages.
    async fn total_count(&self) -> usize {
        self.total_count
    }
}

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

/// Makes one page from a window of a list that `window(start, size)` cuts out itself,
/// returning the list's length and the window's items: for lists that are cheaper to cut
/// than to build whole.
pub fn paginate_window<Node: OutputType>(
    first: Option<i32>,
    after: Option<String>,
    window: impl FnOnce(usize, usize) -> (usize, Vec<Node>),
) -> async_graphql::Result<Page<Node>> {
    let size = page_size(first, "first")?;
    let start = page_start(after)?;
    let (total, items) = window(start, size);
    let start = start.min(total);
    let end = start + items.len();
    Ok(Page {
        edges: items
            .into_iter()
            .enumerate()
            .map(|(k, item)| Edge::new(OpaqueCursor(start + k), item))
            .collect(),
        has_previous_page: start > 0,
        has_next_page: end < total,
        total_count: total,
    })
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
    let mut page = Page {
        edges: Vec::with_capacity(end - start),
        has_previous_page: start > 0,
        has_next_page: end < total,
        total_count: total,
    };
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
