//! Many short lists laid out one after another in one table (compressed rows): the shape of
//! the graph's relation table and of every adjacency the analyses build.

use std::ops::Range;

/// Many lists (rows) laid out one after another in one table: row `i` is
/// `items[starts[i]..starts[i + 1]]`.
///
/// Reading a row reads one contiguous block, where a list per row (or petgraph's edge lists,
/// linked through the edge table) scatters it over memory. A row's items can also be paired
/// with a column kept beside the table, through [`CompressedRows::span`].
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(bound(deserialize = "T: serde::Deserialize<'de>"))]
pub struct CompressedRows<T> {
    /// Where each row begins in `items`, and one more: where the last row ends.
    #[serde(deserialize_with = "super::shared::exact")]
    starts: Vec<usize>,
    /// Every row's items, one row after another.
    #[serde(deserialize_with = "super::shared::exact")]
    items: Vec<T>,
}

impl<T> Default for CompressedRows<T> {
    fn default() -> Self {
        CompressedRows::with_capacity(0, 0)
    }
}

impl<T> CompressedRows<T> {
    /// An empty table with room for this many rows and items, to be filled row by row with
    /// [`CompressedRows::push`] and [`CompressedRows::end_row`].
    pub fn with_capacity(rows: usize, items: usize) -> Self {
        let mut starts = Vec::with_capacity(rows + 1);
        starts.push(0);
        CompressedRows {
            starts,
            items: Vec::with_capacity(items),
        }
    }

    /// Adds an item to the row being filled.
    pub fn push(&mut self, item: T) {
        self.items.push(item);
    }

    /// Ends the row being filled; the next item starts the next row.
    pub fn end_row(&mut self) {
        self.starts.push(self.items.len());
    }

    /// Adds a whole row.
    pub fn push_row(&mut self, row: impl IntoIterator<Item = T>) {
        self.items.extend(row);
        self.end_row();
    }

    /// The table of `rows` rows that holds each entry's item in the entry's row, in the order
    /// of the entries: two passes over them (one to count each row, one to place the items),
    /// no sort. Entries for a row past `rows` are a bug of the caller, and panic.
    pub fn grouped<I>(rows: usize, entries: I) -> Self
    where
        I: Iterator<Item = (usize, T)> + Clone,
        T: Clone + Default,
    {
        // Count each row's items, then turn the counts into where each row begins.
        let mut starts = vec![0usize; rows + 1];
        for (row, _) in entries.clone() {
            starts[row] += 1;
        }
        let mut total = 0;
        for start in &mut starts {
            let count = *start;
            *start = total;
            total += count;
        }
        let mut next = starts.clone();
        let mut items = vec![T::default(); total];
        for (row, item) in entries {
            items[next[row]] = item;
            next[row] += 1;
        }
        CompressedRows { starts, items }
    }

    /// Whether the row starts fit the items: they begin at 0, never go back and end at the
    /// last item (always true of a table built here; checked on one read from a snapshot).
    pub fn is_well_formed(&self) -> bool {
        self.starts.first() == Some(&0)
            && self.starts.windows(2).all(|pair| pair[0] <= pair[1])
            && self.starts.last() == Some(&self.items.len())
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether the table has no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items of one row; empty for a row the table does not have.
    pub fn row(&self, row: usize) -> &[T] {
        self.rows(row..row + 1)
    }

    /// The items of consecutive rows, as one slice; empty unless the table has every one of
    /// them.
    pub fn rows(&self, rows: Range<usize>) -> &[T] {
        match (self.starts.get(rows.start), self.starts.get(rows.end)) {
            (Some(&start), Some(&end)) if start <= end => &self.items[start..end],
            _ => &[],
        }
    }

    /// Where a row's items are in [`CompressedRows::items`], to read a column kept beside the
    /// table; empty for a row the table does not have.
    pub fn span(&self, row: usize) -> Range<usize> {
        match (self.starts.get(row), self.starts.get(row + 1)) {
            (Some(&start), Some(&end)) => start..end,
            _ => 0..0,
        }
    }

    /// Every item, one row after another.
    pub fn items(&self) -> &[T] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::CompressedRows;

    #[test]
    fn rows_filled_one_by_one_or_grouped_read_back_in_order() {
        let mut pushed = CompressedRows::with_capacity(3, 4);
        pushed.push_row([1, 2]);
        pushed.end_row();
        pushed.push(3);
        pushed.push(4);
        pushed.end_row();
        let grouped = CompressedRows::grouped(3, [(0, 1), (2, 3), (0, 2), (2, 4)].into_iter());
        for rows in [&pushed, &grouped] {
            assert_eq!(rows.len(), 3);
            assert_eq!(rows.row(0), [1, 2]);
            assert!(rows.row(1).is_empty());
            assert_eq!(rows.row(2), [3, 4]);
            assert_eq!(rows.rows(0..3), [1, 2, 3, 4]);
            assert_eq!(rows.span(2), 2..4);
            assert!(rows.row(3).is_empty());
            assert!(rows.rows(2..4).is_empty());
        }
        assert!(CompressedRows::<u8>::default().row(0).is_empty());
    }
}
