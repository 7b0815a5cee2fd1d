//! Writes a plan's answer as JSON straight from the graph, byte for byte as async-graphql
//! would answer it (`{"data":...}`, fields in query order, serde_json's escapes and number
//! forms), or declines with `None` so that the executor answers instead.
//!
//! It declines whatever would be an error: an argument out of range, an unknown id where one is
//! required, a bad cursor, a variable it cannot read as its argument's type, or an answer that
//! may hold more than [`MOST_FIELDS`] fields. The executor then gives the usual answer, errors
//! and all. Work that the rule of [`crate::cpu`] sends to the blocking pool (a typed list of a
//! hub's relations, a path search that reads more than [`crate::cpu::INLINE_PATH_READS`]
//! relations, any full-text search) makes it decline with [`Declined::ToPool`], and the caller
//! writes the answer again there. Search results are written by the child module `search`.

mod search;

use std::io::Write as _;
use std::ops::Range;
use std::sync::Arc;

use async_graphql::connection::{CursorType, OpaqueCursor};
use async_graphql::{EnumType, OutputType, Variables};
use async_graphql_value::ConstValue;
use serde::Serialize;

use super::plan::{
    Arg, EdgeField, EntityField, Field, PageField, PageInfoField, PathField, Plan, RankedField,
    RelationField, Relations, RootField, Set,
};
use crate::Dataset;
use crate::analytics::{self, Filter, MAX_PATH_LENGTH, OverBudget};
use crate::api::enums::{CentralityMeasure, Direction, EntityKind, RelationType};
use crate::api::objects::Entity;
use crate::api::page::{MAX_PAGE_SIZE, page_size, page_start};
use crate::model::{NodeIndex, RelationRef};

/// The most fields a direct answer may hold, from the page sizes it asks for.
///
/// A direct answer runs where it is asked for, like the executor's untyped pages did before
/// (at about 0.3 µs a field); written directly, a field costs some tens of nanoseconds, so
/// the largest direct answer is well under a millisecond. Larger ones go to the executor,
/// which sends hubs to the blocking pool.
pub const MOST_FIELDS: usize = 16_384;

/// Where an answer is written: on the thread that asks for it, or on the blocking pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// Where the request is handled: work the rule of [`crate::cpu`] sends to the pool makes
    /// the writer decline with [`Declined::ToPool`], such as a path search that would read
    /// more than `path_reads` relations ([`crate::cpu::INLINE_PATH_READS`]).
    Here { path_reads: usize },
    /// On the blocking pool, where any work may run.
    Pool,
}

/// Why the writer gave no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Declined {
    /// The executor must answer (an error, or an answer too large to be written here).
    ToExecutor,
    /// The answer needs work that belongs on the blocking pool: write it again there.
    ToPool,
}

/// The answer to a plan on this dataset with these variables, as the JSON text of a GraphQL
/// response, or why there is none.
pub(super) fn answer(
    plan: &Plan,
    data: &Arc<Dataset>,
    variables: &Variables,
    place: Place,
) -> Result<Vec<u8>, Declined> {
    let bound = Bound { variables };
    if bound
        .root(&plan.root)
        .is_none_or(|fields| fields > MOST_FIELDS)
    {
        return Err(Declined::ToExecutor);
    }
    let mut writer = Writer {
        data,
        variables,
        place,
        needs_pool: false,
        out: Vec::with_capacity(512),
    };
    writer.out.extend_from_slice(b"{\"data\":");
    match writer.root(&plan.root) {
        Some(()) => {
            writer.out.push(b'}');
            Ok(writer.out)
        }
        None if writer.needs_pool => Err(Declined::ToPool),
        None => Err(Declined::ToExecutor),
    }
}

/// How an argument came: left out, null, or with a value.
enum Given<'a> {
    Absent,
    Null,
    Value(&'a ConstValue),
}

impl Arg {
    /// The argument's value with these variables; `None` for a variable that was not sent
    /// and has neither a default nor a nullable type (the executor refuses that).
    fn given<'a>(&'a self, variables: &'a Variables) -> Option<Given<'a>> {
        let value = match self {
            Arg::Absent => return Some(Given::Absent),
            Arg::Given(value) => value,
            Arg::Variable { name, default } => variables.get(name).or(default.as_ref())?,
        };
        Some(match value {
            ConstValue::Null => Given::Null,
            value => Given::Value(value),
        })
    }

    /// An `Int` argument that may be left out or null.
    fn optional_int(&self, variables: &Variables) -> Option<Option<i32>> {
        match self.given(variables)? {
            Given::Absent | Given::Null => Some(None),
            Given::Value(value) => int(value).map(Some),
        }
    }

    /// An `Int!` argument with a default.
    fn int_or(&self, variables: &Variables, default: i32) -> Option<i32> {
        match self.given(variables)? {
            Given::Absent => Some(default),
            Given::Null => None,
            Given::Value(value) => int(value),
        }
    }

    /// A `String` argument that may be left out or null.
    fn optional_string<'a>(&'a self, variables: &'a Variables) -> Option<Option<&'a str>> {
        match self.given(variables)? {
            Given::Absent | Given::Null => Some(None),
            Given::Value(ConstValue::String(text)) => Some(Some(text)),
            Given::Value(_) => None,
        }
    }

    /// An `ID!` or `String!` argument given as a string.
    fn string<'a>(&'a self, variables: &'a Variables) -> Option<&'a str> {
        match self.given(variables)? {
            Given::Value(ConstValue::String(text)) => Some(text),
            _ => None,
        }
    }

    /// An enum argument that may be left out or null.
    fn optional_enum<T: EnumType>(&self, variables: &Variables) -> Option<Option<T>> {
        match self.given(variables)? {
            Given::Absent | Given::Null => Some(None),
            Given::Value(value) => enum_value(value).map(Some),
        }
    }

    /// A non-null enum argument with a default.
    fn enum_or<T: EnumType>(&self, variables: &Variables, default: T) -> Option<T> {
        match self.given(variables)? {
            Given::Absent => Some(default),
            Given::Null => None,
            Given::Value(value) => enum_value(value),
        }
    }
}

/// A whole number that fits an `Int`.
fn int(value: &ConstValue) -> Option<i32> {
    match value {
        ConstValue::Number(number) => number.as_i64().and_then(|n| i32::try_from(n).ok()),
        _ => None,
    }
}

/// An enum value by its GraphQL name, as a document (`OUT`) or JSON variables (`"OUT"`)
/// give it.
fn enum_value<T: EnumType>(value: &ConstValue) -> Option<T> {
    let name = match value {
        ConstValue::Enum(name) => name.as_str(),
        ConstValue::String(text) => text.as_str(),
        _ => return None,
    };
    T::items()
        .iter()
        .find(|item| item.name == name)
        .map(|item| item.value)
}

/// An enum value's GraphQL name.
fn enum_name<T: EnumType>(value: T) -> &'static str {
    T::items()
        .iter()
        .find(|item| item.value == value)
        .map_or("", |item| item.name)
}

/// A page's size and start from `first` and `after`, as the executor checks them.
fn page_window(first: &Arg, after: &Arg, variables: &Variables) -> Option<(usize, usize)> {
    let size = page_size(first.optional_int(variables)?, "first").ok()?;
    let after = after.optional_string(variables)?;
    let start = page_start(after.map(str::to_owned)).ok()?;
    Some((size, start))
}

/// A `first: Int! = 10` argument as the executor checks it (1 to 100, 10 when left out): a
/// ranking's length, a page of search results' size.
fn first_of_ten(first: &Arg, variables: &Variables) -> Option<usize> {
    let first = first.int_or(variables, 10)?;
    (1..=MAX_PAGE_SIZE as i32)
        .contains(&first)
        .then_some(first as usize)
}

/// A path's longest length as the executor checks it (1 to 10, 6 when left out).
fn path_length(max_length: &Arg, variables: &Variables) -> Option<usize> {
    let max_length = max_length.int_or(variables, 6)?;
    (1..=MAX_PATH_LENGTH as i32)
        .contains(&max_length)
        .then_some(max_length as usize)
}

/// Counts the most fields a plan's answer may hold, from the page sizes it asks for.
struct Bound<'a> {
    variables: &'a Variables,
}

impl Bound<'_> {
    fn sum<F>(&self, set: &Set<F>, each: impl Fn(&F) -> Option<usize>) -> Option<usize> {
        set.iter().try_fold(0usize, |sum, field| {
            Some(sum.saturating_add(1 + each(&field.ask)?))
        })
    }

    fn root(&self, set: &Set<RootField>) -> Option<usize> {
        self.sum(set, |ask| match ask {
            RootField::Typename => Some(0),
            RootField::Entity { entity, .. } => self.entity(entity),
            RootField::Ranking { first, ranked, .. } => {
                let each = self.sum(ranked, |ask| match ask {
                    RankedField::Entity(entity) => self.entity(entity),
                    _ => Some(0),
                })?;
                Some(first_of_ten(first, self.variables)?.saturating_mul(each))
            }
            RootField::Path {
                max_length, path, ..
            } => {
                let length = path_length(max_length, self.variables)?;
                self.sum(path, |ask| match ask {
                    PathField::Entities(entity) => {
                        Some((length + 1).saturating_mul(self.entity(entity)?))
                    }
                    PathField::Relations(relation) => {
                        Some(length.saturating_mul(self.relation(relation)?))
                    }
                    PathField::Typename | PathField::Length => Some(0),
                })
            }
            RootField::Search(asked) => self.search(asked),
        })
    }

    fn entity(&self, set: &Set<EntityField>) -> Option<usize> {
        self.sum(set, |ask| match ask {
            EntityField::Relations(relations) => {
                let (size, _) = page_window(&relations.first, &relations.after, self.variables)?;
                self.sum(&relations.page, |ask| match ask {
                    PageField::Edges(edge) => {
                        let each = self.sum(edge, |ask| match ask {
                            EdgeField::Node(relation) => self.relation(relation),
                            _ => Some(0),
                        })?;
                        Some(size.saturating_mul(each))
                    }
                    PageField::Nodes(relation) => {
                        Some(size.saturating_mul(self.relation(relation)?))
                    }
                    PageField::PageInfo(info) => Some(info.len()),
                    PageField::Typename | PageField::TotalCount => Some(0),
                })
            }
            _ => Some(0),
        })
    }

    fn relation(&self, set: &Set<RelationField>) -> Option<usize> {
        self.sum(set, |ask| match ask {
            RelationField::From(entity) | RelationField::To(entity) => self.entity(entity),
            _ => Some(0),
        })
    }
}

/// Writes an answer into `out`.
struct Writer<'a> {
    data: &'a Arc<Dataset>,
    variables: &'a Variables,
    place: Place,
    /// Set when the writer stopped because the answer needs the blocking pool.
    needs_pool: bool,
    out: Vec<u8>,
}

impl Writer<'_> {
    /// Writes an object: each field's key, then what `each` writes for it.
    fn object<F>(
        &mut self,
        set: &[Field<F>],
        mut each: impl FnMut(&mut Self, &F) -> Option<()>,
    ) -> Option<()> {
        self.out.push(b'{');
        for (position, field) in set.iter().enumerate() {
            if position > 0 {
                self.out.push(b',');
            }
            self.out.extend_from_slice(field.key.as_bytes());
            each(self, &field.ask)?;
        }
        self.out.push(b'}');
        Some(())
    }

    /// Writes a list: what `each` writes for every item.
    fn list<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut each: impl FnMut(&mut Self, T) -> Option<()>,
    ) -> Option<()> {
        self.out.push(b'[');
        for (position, item) in items.into_iter().enumerate() {
            if position > 0 {
                self.out.push(b',');
            }
            each(self, item)?;
        }
        self.out.push(b']');
        Some(())
    }

    /// Writes a value as serde_json writes it, as async-graphql's answers are.
    fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> Option<()> {
        serde_json::to_writer(&mut self.out, value).ok()
    }

    fn text(&mut self, text: &str) -> Option<()> {
        self.json(text)
    }

    fn optional_text(&mut self, text: Option<&str>) -> Option<()> {
        self.json(&text)
    }

    fn count(&mut self, count: usize) -> Option<()> {
        write!(self.out, "{count}").ok()
    }

    fn cursor(&mut self, position: usize) -> Option<()> {
        self.text(&OpaqueCursor(position).encode_cursor())
    }

    /// Writes where the page of positions `page` lies in a list of `total` items.
    fn page_info(
        &mut self,
        info: &Set<PageInfoField>,
        page: Range<usize>,
        total: usize,
    ) -> Option<()> {
        self.object(info, |w, ask| match ask {
            PageInfoField::Typename => w.text("PageInfo"),
            PageInfoField::HasPreviousPage => w.json(&(page.start > 0)),
            PageInfoField::HasNextPage => w.json(&(page.end < total)),
            PageInfoField::StartCursor if page.is_empty() => w.json(&()),
            PageInfoField::StartCursor => w.cursor(page.start),
            PageInfoField::EndCursor if page.is_empty() => w.json(&()),
            PageInfoField::EndCursor => w.cursor(page.end - 1),
        })
    }

    fn root(&mut self, set: &Set<RootField>) -> Option<()> {
        let (data, variables) = (self.data, self.variables);
        self.object(set, |w, ask| match ask {
            RootField::Typename => w.text("Query"),
            RootField::Entity { id, entity } => match data.graph.find(id.string(variables)?) {
                Some(index) => w.entity(index, entity),
                None => w.json(&()),
            },
            RootField::Ranking {
                kind,
                by,
                first,
                ranked,
            } => {
                let kind: Option<EntityKind> = kind.optional_enum(variables)?;
                let by = by.enum_or(variables, CentralityMeasure::PageRank)?;
                let first = first_of_ten(first, variables)?;
                let measure = by.into();
                let ranking = data.metrics.ranking(kind.map(Into::into), measure);
                w.list(
                    ranking.iter().take(first).enumerate(),
                    |w, (place, &index)| {
                        w.object(ranked, |w, ask| match ask {
                            RankedField::Typename => w.text("Ranked"),
                            RankedField::Rank => w.count(place + 1),
                            RankedField::Score => {
                                w.json(&data.metrics.centrality(index).value(measure))
                            }
                            RankedField::Entity(entity) => w.entity(index, entity),
                        })
                    },
                )
            }
            RootField::Path {
                from,
                to,
                max_length,
                path,
            } => {
                let graph = &data.graph;
                let from = graph.find(from.string(variables)?)?;
                let to = graph.find(to.string(variables)?)?;
                let max_length = path_length(max_length, variables)?;
                // As `Query.path` does: a search that stays small runs here, a larger one
                // on the pool.
                let reads = match w.place {
                    Place::Here { path_reads } => path_reads,
                    Place::Pool => usize::MAX,
                };
                let filter = Filter::default();
                match analytics::shortest_path_within(graph, from, to, max_length, &filter, reads) {
                    Ok(Some(found)) => w.path(&found, path),
                    Ok(None) => w.json(&()),
                    Err(OverBudget) => w.send_to_pool(),
                }
            }
            RootField::Search(asked) => w.search(asked),
        })
    }

    /// Stops writing: the answer needs the blocking pool.
    fn send_to_pool(&mut self) -> Option<()> {
        self.needs_pool = true;
        None
    }

    fn path(&mut self, found: &analytics::Path, set: &Set<PathField>) -> Option<()> {
        let graph = &self.data.graph;
        self.object(set, |w, ask| match ask {
            PathField::Typename => w.text("Path"),
            PathField::Length => w.count(found.len()),
            PathField::Entities(entity) => {
                w.list(&found.entities, |w, &index| w.entity(index, entity))
            }
            PathField::Relations(relation) => w.list(&found.relations, |w, &index| {
                w.relation(&graph.relation(index), relation)
            }),
        })
    }

    fn entity(&mut self, index: NodeIndex, set: &Set<EntityField>) -> Option<()> {
        let data = self.data;
        let entity = data.graph.entity(index);
        self.object(set, |w, ask| match ask {
            EntityField::Typename => w.text(&Entity::new(data, index).introspection_type_name()),
            EntityField::Id => w.text(&entity.id),
            EntityField::Name => w.text(&entity.name),
            EntityField::Kind => w.text(enum_name(EntityKind::from(entity.kind()))),
            EntityField::Description => w.optional_text(entity.description.as_deref()),
            EntityField::Aliases => w.json(&entity.aliases),
            EntityField::Website => w.optional_text(entity.website.as_deref()),
            EntityField::Relations(relations) => w.relations(index, relations),
        })
    }

    /// Writes a page of an entity's relations, cut as `Handle::relations` cuts it.
    fn relations(&mut self, index: NodeIndex, asked: &Relations) -> Option<()> {
        let (data, variables) = (self.data, self.variables);
        let graph = &data.graph;
        let rel_type: Option<RelationType> = asked.rel_type.optional_enum(variables)?;
        let direction = asked.direction.enum_or(variables, Direction::Both)?;
        let (size, start) = page_window(&asked.first, &asked.after, variables)?;
        // A typed page reads every relation of the entity: a hub's goes to the pool.
        if rel_type.is_some()
            && graph.degree(index) > crate::cpu::INLINE_STEPS
            && self.place != Place::Pool
        {
            return self.send_to_pool();
        }
        let (total, window) = graph.relations_window(
            index,
            direction.into(),
            rel_type.map(Into::into),
            start,
            size,
        );
        let start = start.min(total);
        let end = start + window.len();
        self.object(&asked.page, |w, ask| match ask {
            PageField::Typename => w.text("RelationConnection"),
            PageField::TotalCount => w.count(total),
            PageField::PageInfo(info) => w.page_info(info, start..end, total),
            PageField::Edges(edge) => w.list(window.iter().enumerate(), |w, (k, relation)| {
                w.object(edge, |w, ask| match ask {
                    EdgeField::Typename => w.text("RelationEdge"),
                    EdgeField::Cursor => w.cursor(start + k),
                    EdgeField::Node(set) => w.relation(relation, set),
                })
            }),
            PageField::Nodes(set) => w.list(&window, |w, relation| w.relation(relation, set)),
        })
    }

    fn relation(&mut self, relation: &RelationRef<'_>, set: &Set<RelationField>) -> Option<()> {
        let stated = relation.relation;
        self.object(set, |w, ask| match ask {
            RelationField::Typename => w.text("Relation"),
            RelationField::Type => w.text(enum_name(RelationType::from(stated.rel_type))),
            RelationField::Role => w.optional_text(stated.role.as_deref()),
            RelationField::Start => w.json(&stated.start.map(|date| date.to_string())),
            RelationField::End => w.json(&stated.end.map(|date| date.to_string())),
            RelationField::Description => w.optional_text(stated.description.as_deref()),
            RelationField::From(entity) => w.entity(relation.from, entity),
            RelationField::To(entity) => w.entity(relation.to, entity),
        })
    }
}
