//! Centrality and structure, computed once when a dataset is loaded: degree, betweenness,
//! PageRank, connected components and a community partition.

use std::collections::{BTreeMap, VecDeque};

use petgraph::unionfind::UnionFind;

use crate::model::{EntityKind, Graph, NodeIndex};

/// The PageRank damping factor: the chance of following a relation rather than jumping.
pub const DAMPING: f64 = 0.85;

/// The most PageRank rounds, and Louvain passes per level.
const MAX_ROUNDS: usize = 100;

/// How central one entity is.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Centrality {
    /// The number of relations at the entity, either way.
    pub degree: usize,
    /// The share of shortest paths between two other entities that pass through this one,
    /// normalised to 0..1 (Brandes' algorithm, relations taken both ways, each pair of
    /// entities linked at most once).
    pub betweenness: f64,
    /// The PageRank of the entity following relations in their direction (`from` passes
    /// rank to `to`), with damping [`DAMPING`]; the values sum to 1.
    pub page_rank: f64,
}

/// A centrality measure to rank by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// [`Centrality::degree`].
    Degree,
    /// [`Centrality::betweenness`].
    Betweenness,
    /// [`Centrality::page_rank`].
    PageRank,
}

impl Centrality {
    /// The value of one measure.
    pub fn value(&self, measure: Measure) -> f64 {
        match measure {
            Measure::Degree => self.degree as f64,
            Measure::Betweenness => self.betweenness,
            Measure::PageRank => self.page_rank,
        }
    }
}

/// Centrality for every entity, connected components and communities.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    centrality: Vec<Centrality>,
    component: Vec<usize>,
    components: Vec<Vec<NodeIndex>>,
    community: Vec<usize>,
    communities: Vec<Vec<NodeIndex>>,
}

impl Metrics {
    /// Computes every measure over a graph. Betweenness costs O(entities × relations); the rest
    /// is linear per round.
    pub fn compute(graph: &Graph) -> Self {
        let neighbours = simple_neighbours(graph);
        let betweenness = betweenness(&neighbours);
        let page_rank = page_rank(graph);
        let centrality = graph
            .entity_indices()
            .map(|i| Centrality {
                degree: graph.neighbours(i).count(),
                betweenness: betweenness[i.index()],
                page_rank: page_rank[i.index()],
            })
            .collect();
        let (component, components) = components(graph);
        let (community, communities) = communities(graph);
        Metrics {
            centrality,
            component,
            components,
            community,
            communities,
        }
    }

    /// The centrality of one entity.
    pub fn centrality(&self, entity: NodeIndex) -> Centrality {
        self.centrality
            .get(entity.index())
            .copied()
            .unwrap_or_default()
    }

    /// The position in [`Metrics::components`] of the component that holds an entity.
    pub fn component_of(&self, entity: NodeIndex) -> usize {
        self.component.get(entity.index()).copied().unwrap_or(0)
    }

    /// The connected components (relations taken both ways), largest first; the entities of
    /// each by name.
    pub fn components(&self) -> &[Vec<NodeIndex>] {
        &self.components
    }

    /// The position in [`Metrics::communities`] of the community that holds an entity.
    pub fn community_of(&self, entity: NodeIndex) -> usize {
        self.community.get(entity.index()).copied().unwrap_or(0)
    }

    /// The communities found by the Louvain method, largest first; the entities of each by name.
    pub fn communities(&self) -> &[Vec<NodeIndex>] {
        &self.communities
    }

    /// The entities (optionally of one kind) from the highest value of `measure` to the lowest;
    /// ties go by name, then id.
    pub fn ranking(
        &self,
        graph: &Graph,
        kind: Option<EntityKind>,
        measure: Measure,
    ) -> Vec<NodeIndex> {
        let mut ranked: Vec<NodeIndex> = graph
            .entity_indices()
            .filter(|&i| kind.is_none_or(|k| graph.entity(i).kind() == k))
            .collect();
        ranked.sort_by(|&a, &b| {
            let (va, vb) = (
                self.centrality(a).value(measure),
                self.centrality(b).value(measure),
            );
            vb.total_cmp(&va).then_with(|| by_name(graph, a, b))
        });
        ranked
    }
}

fn by_name(graph: &Graph, a: NodeIndex, b: NodeIndex) -> std::cmp::Ordering {
    let (a, b) = (graph.entity(a), graph.entity(b));
    a.name
        .to_lowercase()
        .cmp(&b.name.to_lowercase())
        .then_with(|| a.id.cmp(&b.id))
}

/// Each entity's distinct neighbours, either way, without itself, in index order.
fn simple_neighbours(graph: &Graph) -> Vec<Vec<usize>> {
    graph
        .entity_indices()
        .map(|i| {
            let mut list: Vec<usize> = graph
                .neighbours(i)
                .map(|(n, _)| n.index())
                .filter(|&n| n != i.index())
                .collect();
            list.sort_unstable();
            list.dedup();
            list
        })
        .collect()
}

/// Brandes' betweenness on an undirected, unweighted simple graph, normalised by the number of
/// pairs of other entities, `(n - 1)(n - 2) / 2`.
fn betweenness(neighbours: &[Vec<usize>]) -> Vec<f64> {
    let n = neighbours.len();
    let mut score = vec![0.0; n];
    let mut stack = Vec::with_capacity(n);
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut paths = vec![0.0f64; n];
    let mut distance = vec![usize::MAX; n];
    let mut dependency = vec![0.0f64; n];
    let mut queue = VecDeque::new();
    for source in 0..n {
        stack.clear();
        for v in 0..n {
            predecessors[v].clear();
            paths[v] = 0.0;
            distance[v] = usize::MAX;
            dependency[v] = 0.0;
        }
        paths[source] = 1.0;
        distance[source] = 0;
        queue.push_back(source);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            for &w in &neighbours[v] {
                if distance[w] == usize::MAX {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
                if distance[w] == distance[v] + 1 {
                    paths[w] += paths[v];
                    predecessors[w].push(v);
                }
            }
        }
        while let Some(w) = stack.pop() {
            for &v in &predecessors[w] {
                dependency[v] += paths[v] / paths[w] * (1.0 + dependency[w]);
            }
            if w != source {
                score[w] += dependency[w];
            }
        }
    }
    // Every pair was counted from both ends; then scale by the number of pairs.
    let pairs = if n > 2 {
        ((n - 1) * (n - 2)) as f64
    } else {
        1.0
    };
    score.iter().map(|s| s / pairs).collect()
}

/// PageRank by power iteration over the relations in their direction; the rank of entities
/// with no outgoing relation is spread over every entity. Stops when a round changes the ranks
/// by less than 1e-12 in total, or after [`MAX_ROUNDS`] rounds.
fn page_rank(graph: &Graph) -> Vec<f64> {
    let n = graph.entity_count();
    if n == 0 {
        return Vec::new();
    }
    let outgoing: Vec<Vec<usize>> = graph
        .entity_indices()
        .map(|i| {
            graph
                .relations_of(i, crate::model::Direction::Outgoing, None)
                .iter()
                .map(|r| r.to.index())
                .collect()
        })
        .collect();
    let uniform = 1.0 / n as f64;
    let mut rank = vec![uniform; n];
    for _ in 0..MAX_ROUNDS {
        let dangling: f64 = (0..n)
            .filter(|&v| outgoing[v].is_empty())
            .map(|v| rank[v])
            .sum();
        let base = (1.0 - DAMPING) * uniform + DAMPING * dangling * uniform;
        let mut next = vec![base; n];
        for v in 0..n {
            let share = DAMPING * rank[v] / outgoing[v].len().max(1) as f64;
            for &w in &outgoing[v] {
                next[w] += share;
            }
        }
        let change: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        rank = next;
        if change < 1e-12 {
            break;
        }
    }
    rank
}

/// Numbers groups of entities largest first (ties by their first entity's name) and sorts each
/// group by name.
fn number_groups(graph: &Graph, label: &[usize]) -> (Vec<usize>, Vec<Vec<NodeIndex>>) {
    let mut groups: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
    for i in graph.entity_indices() {
        groups.entry(label[i.index()]).or_default().push(i);
    }
    let mut groups: Vec<Vec<NodeIndex>> = groups.into_values().collect();
    for group in &mut groups {
        group.sort_by(|&a, &b| by_name(graph, a, b));
    }
    groups.sort_by(|a, b| {
        b.len()
            .cmp(&a.len())
            .then_with(|| by_name(graph, a[0], b[0]))
    });
    let mut position = vec![0; graph.entity_count()];
    for (number, group) in groups.iter().enumerate() {
        for i in group {
            position[i.index()] = number;
        }
    }
    (position, groups)
}

/// Connected components with relations taken both ways (petgraph's union-find).
fn components(graph: &Graph) -> (Vec<usize>, Vec<Vec<NodeIndex>>) {
    let mut sets = UnionFind::<usize>::new(graph.entity_count());
    for e in graph.relation_indices() {
        let view = graph.relation(e);
        sets.union(view.from.index(), view.to.index());
    }
    let label = sets.into_labeling();
    number_groups(graph, &label)
}

/// Communities by the Louvain method (modularity maximisation), made deterministic: entities
/// are visited in data order, one moves only for a strictly larger modularity gain than staying,
/// and ties go to the community met first. Each relation weighs 1, so parallel relations
/// strengthen a tie. Levels are aggregated until a level moves nothing, at most
/// [`MAX_ROUNDS`] passes per level.
fn communities(graph: &Graph) -> (Vec<usize>, Vec<Vec<NodeIndex>>) {
    let n = graph.entity_count();
    // The current level: self-loop weight and weighted neighbours of each node.
    let mut own = vec![0.0f64; n];
    let mut links: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    let mut total = 0.0;
    for e in graph.relation_indices() {
        let view = graph.relation(e);
        let (a, b) = (view.from.index(), view.to.index());
        total += 1.0;
        if a == b {
            own[a] += 1.0;
        } else {
            *links[a].entry(b).or_default() += 1.0;
            *links[b].entry(a).or_default() += 1.0;
        }
    }
    // Which node of the current level each entity belongs to.
    let mut membership: Vec<usize> = (0..n).collect();
    if total == 0.0 {
        return number_groups(graph, &membership);
    }
    loop {
        let size = own.len();
        let degree: Vec<f64> = (0..size)
            .map(|i| 2.0 * own[i] + links[i].values().sum::<f64>())
            .collect();
        let mut community: Vec<usize> = (0..size).collect();
        let mut community_degree = degree.clone();
        let mut moved_at_all = false;
        for _ in 0..MAX_ROUNDS {
            let mut moved = false;
            for i in 0..size {
                let current = community[i];
                community_degree[current] -= degree[i];
                let mut weight_to: BTreeMap<usize, f64> = BTreeMap::new();
                for (&j, &w) in &links[i] {
                    *weight_to.entry(community[j]).or_default() += w;
                }
                let gain = |c: usize, w: f64| w - community_degree[c] * degree[i] / (2.0 * total);
                let mut best = current;
                let mut best_gain = gain(current, weight_to.get(&current).copied().unwrap_or(0.0));
                for (&c, &w) in &weight_to {
                    let g = gain(c, w);
                    if g > best_gain + 1e-12 {
                        best = c;
                        best_gain = g;
                    }
                }
                community_degree[best] += degree[i];
                if best != current {
                    community[i] = best;
                    moved = true;
                    moved_at_all = true;
                }
            }
            if !moved {
                break;
            }
        }
        if !moved_at_all {
            break;
        }
        // Aggregate: each community becomes one node of the next level.
        let mut renumber: BTreeMap<usize, usize> = BTreeMap::new();
        for &c in &community {
            let next = renumber.len();
            renumber.entry(c).or_insert(next);
        }
        let count = renumber.len();
        let mut next_own = vec![0.0; count];
        let mut next_links: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); count];
        for i in 0..size {
            let ci = renumber[&community[i]];
            next_own[ci] += own[i];
            for (&j, &w) in &links[i] {
                let cj = renumber[&community[j]];
                if ci == cj {
                    // Each inner link is seen from both ends; count it once.
                    next_own[ci] += w / 2.0;
                } else {
                    *next_links[ci].entry(cj).or_default() += w;
                }
            }
        }
        for m in &mut membership {
            *m = renumber[&community[*m]];
        }
        own = next_own;
        links = next_links;
    }
    number_groups(graph, &membership)
}
