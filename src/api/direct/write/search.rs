//! Writes a page of full-text search results (`search(query:, first:, after:)` without the
//! filter arguments) as `SearchQuery::search` and `SearchResults` answer it.
//!
//! A search reads its candidates from the whole index, so by the rule of [`crate::cpu`] it
//! runs on the blocking pool unless its postings are known and few: where a request is asked
//! for, the writer checks the arguments and then either searches there or declines with
//! [`Declined::ToPool`](super::Declined::ToPool). A search that fails
//! (a text over the limits, an index failure) declines to the executor, which answers with
//! its own error.

use super::{Bound, Place, Writer, first_of_ten};
use crate::api::direct::plan::{HitEdgeField, HitField, ResultsField, Search, Set};
use crate::api::page::page_start;
use crate::search::{Filters, Hit};

impl Bound<'_> {
    /// The most fields a page of search results may hold.
    pub(super) fn search(&self, asked: &Search) -> Option<usize> {
        let size = first_of_ten(&asked.first, self.variables)?;
        let hit = |set: &Set<HitField>| {
            self.sum(set, |ask| match ask {
                HitField::Entity(entity) => self.entity(entity),
                HitField::Typename | HitField::Score => Some(0),
            })
        };
        self.sum(&asked.results, |ask| match ask {
            ResultsField::Hits(set) => Some(size.saturating_mul(hit(set)?)),
            ResultsField::Edges(edge) => {
                let each = self.sum(edge, |ask| match ask {
                    HitEdgeField::Node(set) => hit(set),
                    HitEdgeField::Typename | HitEdgeField::Cursor => Some(0),
                })?;
                Some(size.saturating_mul(each))
            }
            ResultsField::PageInfo(info) => Some(info.len()),
            ResultsField::Typename | ResultsField::TotalCount => Some(0),
        })
    }
}

impl Writer<'_> {
    /// Writes a page of search results, cut as `SearchQuery::search` cuts it: the hits after
    /// the `after` cursor (past the end, none), `first` of them.
    pub(super) fn search(&mut self, asked: &Search) -> Option<()> {
        let (data, variables) = (self.data, self.variables);
        let text = asked.query.string(variables)?;
        let size = first_of_ten(&asked.first, variables)?;
        let after = asked.after.optional_string(variables)?;
        let start = page_start(after.map(str::to_owned)).ok()?;
        // The arguments are checked where the request is asked for, so that a request the
        // executor must answer does not go to the pool first.
        if self.place != Place::Pool && !crate::cpu::search_runs_here(data.search.known_cost(text))
        {
            return self.send_to_pool();
        }
        let found = data
            .search
            .search(&data.graph, text, &Filters::default())
            .ok()?;
        let total = found.hits.len();
        let start = start.min(total);
        let end = (start + size).min(total);
        let page = &found.hits[start..end];
        self.object(&asked.results, |w, ask| match ask {
            ResultsField::Typename => w.text("SearchResults"),
            ResultsField::TotalCount => w.count(total),
            ResultsField::Hits(set) => w.list(page, |w, hit| w.hit(hit, set)),
            ResultsField::Edges(edge) => w.list(page.iter().enumerate(), |w, (k, hit)| {
                w.object(edge, |w, ask| match ask {
                    HitEdgeField::Typename => w.text("SearchHitEdge"),
                    HitEdgeField::Cursor => w.cursor(start + k),
                    HitEdgeField::Node(set) => w.hit(hit, set),
                })
            }),
            ResultsField::PageInfo(info) => w.page_info(info, start..end, total),
        })
    }

    fn hit(&mut self, hit: &Hit, set: &Set<HitField>) -> Option<()> {
        self.object(set, |w, ask| match ask {
            HitField::Typename => w.text("SearchHit"),
            HitField::Score => w.json(&score(hit.score)),
            HitField::Entity(entity) => w.entity(hit.entity, entity),
        })
    }
}

/// A score as async-graphql answers an `f32`: widened to an `f64` (so a whole number reads
/// `2.0`), and null when it is not finite.
fn score(score: f32) -> Option<serde_json::Number> {
    serde_json::Number::from_f64(f64::from(score))
}

#[cfg(test)]
mod tests {
    use async_graphql::ScalarType as _;

    #[test]
    fn scores_are_written_as_async_graphql_writes_an_f32() {
        let scores = [
            0.0,
            -0.0,
            1.0,
            2.0,
            100.0,
            150.0,
            1e7,
            16_777_216.0,
            0.1,
            0.5,
            2.625,
            123.456,
            151.333_33,
            1e-7,
            1e20,
            f32::MAX,
            f32::MIN_POSITIVE,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ];
        for value in scores {
            let ours = serde_json::to_string(&super::score(value)).expect("JSON");
            let theirs = serde_json::to_string(&value.to_value()).expect("JSON");
            assert_eq!(ours, theirs, "{value}");
        }
        assert_eq!(
            serde_json::to_string(&super::score(2.0)).expect("JSON"),
            "2.0"
        );
    }
}
