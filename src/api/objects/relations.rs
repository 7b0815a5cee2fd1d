//! Relations as GraphQL objects: `Relation`, and the views of one from an entity: a person's
//! `Position` and a partner's `Partnership`.

use super::*;
use crate::api::args::blocking_if_large;

/// A typed, dated and sourced link between two entities; read it as `from TYPE to`.
#[derive(Clone, Description)]
pub struct Relation {
    pub(crate) data: Arc<Dataset>,
    pub(crate) index: EdgeIndex,
}

impl Relation {
    fn view(&self) -> model::RelationRef<'_> {
        self.data.graph.relation(self.index)
    }

    /// The readable id: `<from> <type> <to>`, with `#n` for the n-th relation of one type
    /// between the same two entities in load order. The twins are counted from the end with
    /// fewer relations (both ends list them in load order).
    fn readable_id(&self) -> ID {
        let graph = &self.data.graph;
        let view = self.view();
        let rel_type = Some(view.relation.rel_type);
        let twins = if graph.degree(view.to) < graph.degree(view.from) {
            graph
                .relations_of(view.to, model::Direction::Incoming, rel_type)
                .into_iter()
                .filter(|r| r.from == view.from)
                .position(|r| r.index == self.index)
        } else {
            graph
                .relations_of(view.from, model::Direction::Outgoing, rel_type)
                .into_iter()
                .filter(|r| r.to == view.to)
                .position(|r| r.index == self.index)
        }
        .unwrap_or(0);
        let base = format!(
            "{} {} {}",
            graph.entity(view.from).id,
            view.relation.rel_type,
            graph.entity(view.to).id
        );
        ID(if twins == 0 {
            base
        } else {
            format!("{base} #{}", twins + 1)
        })
    }
}

#[Object(use_type_description)]
impl Relation {
    /// A readable id, `<from> <type> <to>`, unique within the loaded data (a `#n` suffix tells
    /// apart several relations of one type between the same two entities).
    async fn id(&self) -> Result<ID> {
        // Reads the relations of the end with fewer, which may still be a hub.
        let relation = self.clone();
        let (graph, view) = (&self.data.graph, self.view());
        let steps = graph.degree(view.from).min(graph.degree(view.to));
        blocking_if_large(steps, move || relation.readable_id()).await
    }

    /// The relation type.
    #[graphql(name = "type")]
    async fn rel_type(&self) -> RelationType {
        self.view().relation.rel_type.into()
    }

    /// The role, position or award name, where a source states it.
    async fn role(&self) -> Option<String> {
        self.view().relation.role.as_deref().map(str::to_owned)
    }

    /// When it started.
    async fn start(&self) -> Option<PartialDate> {
        date(self.view().relation.start)
    }

    /// When it ended.
    async fn end(&self) -> Option<PartialDate> {
        date(self.view().relation.end)
    }

    /// The entity the relation starts at.
    async fn from(&self) -> Entity {
        Entity::new(&self.data, self.view().from)
    }

    /// The entity the relation ends at.
    async fn to(&self) -> Entity {
        Entity::new(&self.data, self.view().to)
    }

    /// The documents that state this relation.
    async fn sources(&self) -> Vec<Source> {
        sources(&self.data, &self.view().relation.sources)
    }

    /// A short description, in our own words.
    async fn description(&self) -> Option<String> {
        self.view()
            .relation
            .description
            .as_deref()
            .map(str::to_owned)
    }

    /// Fields whose value the sources imply rather than state.
    async fn inferred_fields(&self) -> Vec<String> {
        let inferred = self.view().relation.inferred;
        inferred.names().map(str::to_owned).collect()
    }

    /// Figures that the sources state about this relation, such as a partner's EU
    /// contribution to a project, in data order.
    async fn figures(&self) -> Vec<Figure> {
        figures(&self.data, &self.view().relation.figures)
    }
}

/// Declares a view of a relation from one of its ends (`Position`, `Partnership`): its own
/// fields (the two ends under the view's names, then `more`), with the fields every view
/// shares between them: `role` (described by the view, since what it names differs), `start`,
/// `end` and `sources`.
macro_rules! relation_view {
    (
        $(#[doc = $doc:tt])*
        $name:ident {
            ends { $($ends:tt)* }
            role = $role_doc:tt;
            more { $($more:tt)* }
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Description)]
        pub struct $name(pub(super) Relation);

        #[Object(use_type_description)]
        impl $name {
            $($ends)*

            #[doc = $role_doc]
            async fn role(&self) -> Option<String> {
                self.0.view().relation.role.as_deref().map(str::to_owned)
            }

            /// When it started.
            async fn start(&self) -> Option<PartialDate> {
                date(self.0.view().relation.start)
            }

            /// When it ended.
            async fn end(&self) -> Option<PartialDate> {
                date(self.0.view().relation.end)
            }

            /// The documents that state it.
            async fn sources(&self) -> Vec<Source> {
                sources(&self.0.data, &self.0.view().relation.sources)
            }

            $($more)*
        }
    };
}

relation_view! {
    /// A position a person holds at an institution.
    Position {
        ends {
            /// The person.
            async fn person(&self) -> Person {
                Person(Handle::new(self.0.data.clone(), self.0.view().from))
            }

            /// The institution.
            async fn institution(&self) -> Institution {
                Institution(Handle::new(self.0.data.clone(), self.0.view().to))
            }
        }
        role = "The title of the position.";
        more {}
    }
}

relation_view! {
    /// A partner in a project or programme, with its role.
    Partnership {
        ends {
            /// The partner: an institution or a region.
            async fn partner(&self) -> Entity {
                Entity::new(&self.0.data, self.0.view().from)
            }

            /// The project or programme.
            async fn of(&self) -> Entity {
                Entity::new(&self.0.data, self.0.view().to)
            }
        }
        role = "The role, such as lead partner.";
        more {
            /// Figures that the sources state about the partnership, such as the partner's EU
            /// contribution, its net EU contribution and its total cost, in data order.
            async fn figures(&self) -> Vec<Figure> {
                figures(&self.0.data, &self.0.view().relation.figures)
            }
        }
    }
}
