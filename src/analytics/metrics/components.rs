//! Connected components, relations taken both ways.

use petgraph::unionfind::UnionFind;

use super::number_groups;
use crate::model::{Graph, NodeIndex};

/// Connected components with relations taken both ways (petgraph's union-find).
pub(super) fn components(graph: &Graph, name_rank: &[u32]) -> (Vec<usize>, Vec<Vec<NodeIndex>>) {
    let mut sets = UnionFind::<usize>::new(graph.entity_count());
    for e in graph.relation_indices() {
        let view = graph.relation(e);
        sets.union(view.from.index(), view.to.index());
    }
    let label = sets.into_labeling();
    number_groups(&label, name_rank)
}
