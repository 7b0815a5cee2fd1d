//! Partner suggestions: institutions in other regions that work on the same topics and are
//! close in the graph, but are not yet linked.

use std::collections::{BTreeSet, HashMap, VecDeque};

use super::Path;
use crate::model::{
    Direction, EdgeIndex, EntityDetails, EntityKind, Graph, NodeIndex, RegionLevel, RelationType,
};

/// The farthest a suggested partner may be, in relations.
pub const MAX_PARTNER_DISTANCE: usize = 4;

/// An institution suggested as a partner, with the reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerSuggestion {
    /// The suggested institution.
    pub institution: NodeIndex,
    /// The topics both work on (see [`working_topics`]), by name.
    pub shared_topics: Vec<NodeIndex>,
    /// A shortest path from the institution asked about to the suggestion.
    pub path: Path,
}

/// The region an entity counts as being from: the nearest enclosing region of level `region`
/// (a state, an autonomous community), else the largest enclosing region (usually a country).
pub fn home_region(graph: &Graph, entity: NodeIndex) -> Option<NodeIndex> {
    let mut current = graph.parent_region(entity);
    let mut largest = None;
    for _ in 0..=graph.entity_count() {
        let Some(region) = current else { break };
        if matches!(
            graph.entity(region).details,
            EntityDetails::Region {
                level: RegionLevel::Region,
                ..
            }
        ) {
            return Some(region);
        }
        largest = Some(region);
        current = graph.parent_region(region);
    }
    largest
}

/// The topics an institution works on: those it `focuses_on`, and those of the projects,
/// programmes and events it is a partner in, took part in or is a member of.
pub fn working_topics(graph: &Graph, institution: NodeIndex) -> BTreeSet<NodeIndex> {
    let mut topics: BTreeSet<NodeIndex> = graph
        .linked(institution, Direction::Outgoing, RelationType::FocusesOn)
        .into_iter()
        .collect();
    for rel_type in [
        RelationType::PartnerIn,
        RelationType::ParticipatedIn,
        RelationType::MemberOf,
    ] {
        for activity in graph.linked(institution, Direction::Outgoing, rel_type) {
            topics.extend(graph.linked(activity, Direction::Outgoing, RelationType::FocusesOn));
        }
    }
    topics.retain(|&t| graph.entity(t).kind() == EntityKind::Topic);
    topics
}

/// Suggests up to `limit` partners for an institution: other institutions
///
/// - from another region (their home regions differ and neither lies within the other, see
///   [`home_region`]; both must have one),
/// - that share at least one working topic with it, or, when `topic` is given, work on that topic,
/// - that are not directly linked to it, but at most [`MAX_PARTNER_DISTANCE`] relations away.
///
/// The most shared topics come first, then the nearest, then by name. One breadth-first walk
/// of at most [`MAX_PARTNER_DISTANCE`] steps bounds the work.
pub fn suggest_partners(
    graph: &Graph,
    institution: NodeIndex,
    topic: Option<NodeIndex>,
    limit: usize,
) -> Vec<PartnerSuggestion> {
    let Some(home) = home_region(graph, institution) else {
        return Vec::new();
    };
    let own_topics = working_topics(graph, institution);
    // One breadth-first walk finds every entity near enough, and a shortest path to each.
    let mut parents: HashMap<NodeIndex, (usize, Option<(NodeIndex, EdgeIndex)>)> =
        HashMap::from([(institution, (0, None))]);
    let mut queue = VecDeque::from([institution]);
    while let Some(node) = queue.pop_front() {
        let distance = parents[&node].0;
        if distance == MAX_PARTNER_DISTANCE {
            continue;
        }
        for (next, edge) in graph.neighbours(node) {
            parents.entry(next).or_insert_with(|| {
                queue.push_back(next);
                (distance + 1, Some((node, edge)))
            });
        }
    }
    let path_to = |target: NodeIndex| {
        let mut path = Path {
            entities: vec![target],
            relations: Vec::new(),
        };
        let mut current = target;
        while let Some(&(_, Some((parent, edge)))) = parents.get(&current) {
            path.entities.push(parent);
            path.relations.push(edge);
            current = parent;
        }
        path.entities.reverse();
        path.relations.reverse();
        path
    };
    let linked: BTreeSet<NodeIndex> = graph.neighbours(institution).map(|(n, _)| n).collect();
    let mut found: Vec<PartnerSuggestion> = graph
        .entities_of_kind(EntityKind::Institution)
        .iter()
        .copied()
        .filter(|&other| {
            other != institution && !linked.contains(&other) && parents.contains_key(&other)
        })
        .filter(|&other| {
            home_region(graph, other).is_some_and(|other_home| {
                !graph.is_within(other_home, home) && !graph.is_within(home, other_home)
            })
        })
        .filter_map(|other| {
            let their_topics = working_topics(graph, other);
            if topic.is_some_and(|topic| !their_topics.contains(&topic)) {
                return None;
            }
            let mut shared: Vec<NodeIndex> =
                own_topics.intersection(&their_topics).copied().collect();
            if topic.is_none() && shared.is_empty() {
                return None;
            }
            shared.sort_by(|a, b| graph.entity(*a).name.cmp(&graph.entity(*b).name));
            let path = path_to(other);
            Some(PartnerSuggestion {
                institution: other,
                shared_topics: shared,
                path,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.shared_topics
            .len()
            .cmp(&a.shared_topics.len())
            .then_with(|| a.path.len().cmp(&b.path.len()))
            .then_with(|| {
                let (a, b) = (graph.entity(a.institution), graph.entity(b.institution));
                a.name.to_lowercase().cmp(&b.name.to_lowercase())
            })
    });
    found.truncate(limit);
    found
}
