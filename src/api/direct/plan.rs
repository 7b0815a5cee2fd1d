//! The plan of a document that the direct writer can answer, and how one is made from a
//! parsed document: every field of it known here, no fragments and no directives.
//!
//! Planning is strict on purpose. Whatever it does not know (a field, an argument, a
//! fragment, a directive, a response key asked twice) means no plan, and the document runs on
//! async-graphql's executor as before; so a plan only ever covers what the writer answers
//! exactly as the executor would.

use std::collections::HashMap;

use async_graphql::parser::types::{
    ExecutableDocument, Field as ParsedField, OperationType, Selection, SelectionSet,
};
use async_graphql_value::{ConstValue, Name, Value};

/// One field of a selection set: its response key, written out as JSON (`"key":`), and what
/// it asks for.
pub(super) struct Field<F> {
    pub key: Box<str>,
    pub ask: F,
}

/// A selection set: its fields in query order.
pub(super) type Set<F> = Vec<Field<F>>;

/// How an argument is given: not at all, as a value in the document, or as a variable (with
/// the value it takes when it is not sent).
pub(super) enum Arg {
    Absent,
    Given(ConstValue),
    Variable {
        name: Name,
        default: Option<ConstValue>,
    },
}

/// A field of the root query.
pub(super) enum RootField {
    Typename,
    /// `entity(id:)`.
    Entity {
        id: Arg,
        entity: Set<EntityField>,
    },
    /// `ranking(kind:, by:, first:)`.
    Ranking {
        kind: Arg,
        by: Arg,
        first: Arg,
        ranked: Set<RankedField>,
    },
    /// `path(from:, to:, maxLength:)`, without the filter arguments.
    Path {
        from: Arg,
        to: Arg,
        max_length: Arg,
        path: Set<PathField>,
    },
    /// `search(query:, first:, after:)`, without the filter arguments.
    Search(Search),
}

/// `search(query:, first:, after:)`, and what it asks of the page of results.
pub(super) struct Search {
    pub query: Arg,
    pub first: Arg,
    pub after: Arg,
    pub results: Set<ResultsField>,
}

/// A field of a page of search results (`SearchResults`), without `facets`.
pub(super) enum ResultsField {
    Typename,
    TotalCount,
    Hits(Set<HitField>),
    Edges(Set<HitEdgeField>),
    PageInfo(Set<PageInfoField>),
}

/// A field of one edge of a page of search results (`SearchHitEdge`).
pub(super) enum HitEdgeField {
    Typename,
    Cursor,
    Node(Set<HitField>),
}

/// A field of one search hit (`SearchHit`), without `matchedFields` and `highlights`.
pub(super) enum HitField {
    Typename,
    Score,
    Entity(Set<EntityField>),
}

/// A field of a path (`Path`).
pub(super) enum PathField {
    Typename,
    Length,
    Entities(Set<EntityField>),
    Relations(Set<RelationField>),
}

/// A field of an entity (the `Entity` interface's own fields).
pub(super) enum EntityField {
    Typename,
    Id,
    Name,
    Kind,
    Description,
    Aliases,
    Website,
    Relations(Box<Relations>),
}

/// `relations(type:, direction:, first:, after:)` on an entity, and what it asks of the page.
pub(super) struct Relations {
    pub rel_type: Arg,
    pub direction: Arg,
    pub first: Arg,
    pub after: Arg,
    pub page: Set<PageField>,
}

/// A field of a page of relations (`RelationConnection`).
pub(super) enum PageField {
    Typename,
    TotalCount,
    Edges(Set<EdgeField>),
    Nodes(Set<RelationField>),
    PageInfo(Set<PageInfoField>),
}

/// A field of one edge of a page (`RelationEdge`).
pub(super) enum EdgeField {
    Typename,
    Cursor,
    Node(Set<RelationField>),
}

/// A field of `PageInfo`.
pub(super) enum PageInfoField {
    Typename,
    HasPreviousPage,
    HasNextPage,
    StartCursor,
    EndCursor,
}

/// A field of a relation.
pub(super) enum RelationField {
    Typename,
    Type,
    Role,
    Start,
    End,
    Description,
    From(Set<EntityField>),
    To(Set<EntityField>),
}

/// A field of one place in a ranking (`Ranked`).
pub(super) enum RankedField {
    Typename,
    Rank,
    Score,
    Entity(Set<EntityField>),
}

/// What a document's chosen operation asks for, when all of it can be answered directly.
pub(super) struct Plan {
    pub root: Set<RootField>,
}

impl Plan {
    /// The plan of the operation a request runs (the named one, or the only one), or `None`
    /// when any part of it is not known here.
    pub fn of(document: &ExecutableDocument, operation: Option<&str>) -> Option<Plan> {
        if !document.fragments.is_empty() {
            return None;
        }
        let mut operations = document.operations.iter();
        let chosen = match operation {
            Some(wanted) => operations.find(|(name, _)| name.is_some_and(|n| n.as_str() == wanted)),
            None => {
                let only = operations.next();
                if operations.next().is_some() {
                    return None;
                }
                only
            }
        };
        let operation = &chosen?.1.node;
        if operation.ty != OperationType::Query || !operation.directives.is_empty() {
            return None;
        }
        let mut defaults = HashMap::new();
        for definition in &operation.variable_definitions {
            let definition = &definition.node;
            if !definition.directives.is_empty() {
                return None;
            }
            // As the executor reads a variable that was not sent: its default, or null when
            // its type is nullable (`None` when it is neither).
            let default = definition.default_value().cloned();
            defaults.insert(definition.name.node.clone(), default);
        }
        let planner = Planner { defaults };
        let root = planner.set(&operation.selection_set.node, Planner::root)?;
        Some(Plan { root })
    }
}

/// Makes plans of selection sets, knowing the operation's variables.
struct Planner {
    /// Each declared variable with its default value.
    defaults: HashMap<Name, Option<ConstValue>>,
}

impl Planner {
    /// The plan of a selection set whose fields `field` plans one by one.
    fn set<F>(
        &self,
        set: &SelectionSet,
        field: impl Fn(&Self, &ParsedField) -> Option<F>,
    ) -> Option<Set<F>> {
        let mut planned: Vec<Field<F>> = Vec::with_capacity(set.items.len());
        let mut keys: Vec<&str> = Vec::with_capacity(set.items.len());
        for selection in &set.items {
            let Selection::Field(parsed) = &selection.node else {
                return None;
            };
            let parsed = &parsed.node;
            let key = parsed.response_key().node.as_str();
            // A key asked twice is merged by the executor; that is left to it.
            if !parsed.directives.is_empty() || keys.contains(&key) {
                return None;
            }
            keys.push(key);
            let ask = field(self, parsed)?;
            let mut written = serde_json::to_string(key).ok()?;
            written.push(':');
            planned.push(Field {
                key: written.into_boxed_str(),
                ask,
            });
        }
        Some(planned)
    }

    /// The arguments of a field, in the order of `known`; `None` when it has another one.
    fn args<const N: usize>(&self, field: &ParsedField, known: [&str; N]) -> Option<[Arg; N]> {
        let mut args = [(); N].map(|()| Arg::Absent);
        for (name, value) in &field.arguments {
            let at = known.iter().position(|k| *k == name.node.as_str())?;
            if !matches!(args[at], Arg::Absent) {
                return None;
            }
            args[at] = match &value.node {
                Value::Variable(variable) => Arg::Variable {
                    name: variable.clone(),
                    default: self.defaults.get(variable)?.clone(),
                },
                literal => Arg::Given(literal.clone().into_const()?),
            };
        }
        Some(args)
    }

    /// A field without arguments or selection: `Some(what)` when that is so.
    fn leaf<F>(field: &ParsedField, what: F) -> Option<F> {
        (field.arguments.is_empty() && field.selection_set.node.items.is_empty()).then_some(what)
    }

    /// The selection of a field that has one and no arguments.
    fn object<F>(
        &self,
        field: &ParsedField,
        plan: impl Fn(&Self, &ParsedField) -> Option<F>,
    ) -> Option<Set<F>> {
        if !field.arguments.is_empty() {
            return None;
        }
        self.selection(field, plan)
    }

    /// The selection of a field that must have one.
    fn selection<F>(
        &self,
        field: &ParsedField,
        plan: impl Fn(&Self, &ParsedField) -> Option<F>,
    ) -> Option<Set<F>> {
        let set = &field.selection_set.node;
        if set.items.is_empty() {
            return None;
        }
        self.set(set, plan)
    }

    fn root(&self, field: &ParsedField) -> Option<RootField> {
        match field.name.node.as_str() {
            "__typename" => Self::leaf(field, RootField::Typename),
            "entity" => {
                let [id] = self.args(field, ["id"])?;
                let entity = self.selection(field, Self::entity)?;
                Some(RootField::Entity { id, entity })
            }
            "ranking" => {
                let [kind, by, first] = self.args(field, ["kind", "by", "first"])?;
                let ranked = self.selection(field, Self::ranked)?;
                Some(RootField::Ranking {
                    kind,
                    by,
                    first,
                    ranked,
                })
            }
            "path" => {
                let [from, to, max_length] = self.args(field, ["from", "to", "maxLength"])?;
                let path = self.selection(field, Self::path)?;
                Some(RootField::Path {
                    from,
                    to,
                    max_length,
                    path,
                })
            }
            "search" => {
                let [query, first, after] = self.args(field, ["query", "first", "after"])?;
                let results = self.selection(field, Self::results)?;
                Some(RootField::Search(Search {
                    query,
                    first,
                    after,
                    results,
                }))
            }
            _ => None,
        }
    }

    fn entity(&self, field: &ParsedField) -> Option<EntityField> {
        match field.name.node.as_str() {
            "__typename" => Self::leaf(field, EntityField::Typename),
            "id" => Self::leaf(field, EntityField::Id),
            "name" => Self::leaf(field, EntityField::Name),
            "kind" => Self::leaf(field, EntityField::Kind),
            "description" => Self::leaf(field, EntityField::Description),
            "aliases" => Self::leaf(field, EntityField::Aliases),
            "website" => Self::leaf(field, EntityField::Website),
            "relations" => {
                let [rel_type, direction, first, after] =
                    self.args(field, ["type", "direction", "first", "after"])?;
                let page = self.selection(field, Self::page)?;
                Some(EntityField::Relations(Box::new(Relations {
                    rel_type,
                    direction,
                    first,
                    after,
                    page,
                })))
            }
            _ => None,
        }
    }

    fn page(&self, field: &ParsedField) -> Option<PageField> {
        match field.name.node.as_str() {
            "__typename" => Self::leaf(field, PageField::Typename),
            "totalCount" => Self::leaf(field, PageField::TotalCount),
            "edges" => Some(PageField::Edges(self.object(field, Self::edge)?)),
            "nodes" => Some(PageField::Nodes(self.object(field, Self::relation)?)),
            "pageInfo" => Some(PageField::PageInfo(self.object(field, Self::page_info)?)),
            _ => None,
        }
    }

    fn edge(&self, field: &ParsedField) -> Option<EdgeField> {
        match field.name.node.as_str() {
            "__typename" => Self::leaf(field, EdgeField::Typename),
            "cursor" => Self::leaf(field, EdgeField::Cursor),
            "node" => Some(EdgeField::Node(self.object(field, Self::relation)?)),
            _ => None,
        }
    }

    fn page_info(&self, field: &ParsedField) -> Option<PageInfoField> {
        let ask = match field.name.node.as_str() {
            "__typename" => PageInfoField::Typename,
            "hasPreviousPage" => PageInfoField::HasPreviousPage,
            "hasNextPage" => PageInfoField::HasNextPage,
            "startCursor" => PageInfoField::StartCursor,
            "endCursor" => PageInfoField::EndCursor,
            _ => return None,
        };
        Self::leaf(field, ask)
    }

    fn relation(&self, field: &ParsedField) -> Option<RelationField> {
        match field.name.node.as_str() {
            "__typename" => Self::leaf(field, RelationField::Typename),
            "type" => Self::leaf(field, RelationField::Type),
            "role" => Self::leaf(field, RelationField::Role),
            "start" => Self::leaf(field, RelationField::Start),
            "end" => Self::leaf(field, RelationField::End),
            "description" => Self::leaf(field, RelationField::Description),
            "from" => Some(RelationField::From(self.object(field, Self::entity)?)),
            "to" => Some(RelationField::To(self.object(field, Self::entity)?)),
            _ => None,
        }
    }

    fn path(&self, field: &ParsedField) -> Option<PathField> {
        match field.name.node.as_str() {
            "__typename" => Self::leaf(field, PathField::Typename),
            "length" => Self::leaf(field, PathField::Length),
            "entities" => Some(PathField::Entities(self.object(field, Self::entity)?)),
            "relations" => Some(PathField::Relations(self.object(field, Self::relation)?)),
            _ => None,
        }
    }

    fn ranked(&self, field: &ParsedField) -> Option<RankedField> {
        match field.name.node.as_str() {
            "__typename" => Self::leaf(field, RankedField::Typename),
            "rank" => Self::leaf(field, RankedField::Rank),
            "score" => Self::leaf(field, RankedField::Score),
            "entity" => Some(RankedField::Entity(self.object(field, Self::entity)?)),
            _ => None,
        }
    }

    fn results(&self, field: &ParsedField) -> Option<ResultsField> {
        match field.name.node.as_str() {
            "__typename" => Self::leaf(field, ResultsField::Typename),
            "totalCount" => Self::leaf(field, ResultsField::TotalCount),
            "hits" => Some(ResultsField::Hits(self.object(field, Self::hit)?)),
            "edges" => Some(ResultsField::Edges(self.object(field, Self::hit_edge)?)),
            "pageInfo" => Some(ResultsField::PageInfo(self.object(field, Self::page_info)?)),
            _ => None,
        }
    }

    fn hit_edge(&self, field: &ParsedField) -> Option<HitEdgeField> {
        match field.name.node.as_str() {
            "__typename" => Self::leaf(field, HitEdgeField::Typename),
            "cursor" => Self::leaf(field, HitEdgeField::Cursor),
            "node" => Some(HitEdgeField::Node(self.object(field, Self::hit)?)),
            _ => None,
        }
    }

    fn hit(&self, field: &ParsedField) -> Option<HitField> {
        match field.name.node.as_str() {
            "__typename" => Self::leaf(field, HitField::Typename),
            "score" => Self::leaf(field, HitField::Score),
            "entity" => Some(HitField::Entity(self.object(field, Self::entity)?)),
            _ => None,
        }
    }
}
