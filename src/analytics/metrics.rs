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
    /// Every entity from the highest to the lowest value of each measure, in [`Measure`]
    /// order; computed once, so that a ranking request only reads the front.
    rankings: [Vec<NodeIndex>; 3],
    /// The same orders split by kind, in [`EntityKind::ALL`] order, so that ranking a rare
    /// kind does not read past every other entity.
    rankings_by_kind: [Vec<Vec<NodeIndex>>; 3],
}

impl Metrics {
    /// Computes every measure over a graph. Betweenness is exact up to
    /// [`EXACT_BETWEENNESS_LIMIT`] entities and costs O(entities × relations); above, it is
    /// estimated from [`BETWEENNESS_PIVOTS`] sources. The rest is linear per round.
    pub fn compute(graph: &Graph) -> Self {
        let n = graph.entity_count();
        let clock = std::time::Instant::now();
        let lap = |what: &str| {
            tracing::debug!(
                elapsed_ms = clock.elapsed().as_millis() as u64,
                "metrics: {what} done"
            )
        };
        let name_rank = name_ranks(graph);
        lap("name order");
        let adjacency = Adjacency::new(graph);
        lap("adjacency");
        // Two halves on two threads: betweenness and PageRank; components and communities.
        let ((betweenness, page_rank), ((component, components), (community, communities))) =
            std::thread::scope(|scope| {
                let structure = scope.spawn(|| {
                    let components = components(graph, &name_rank);
                    lap("components");
                    let communities = communities(&adjacency, n, &name_rank);
                    lap("communities");
                    (components, communities)
                });
                let betweenness = betweenness(&adjacency);
                lap("betweenness");
                let page_rank = page_rank(graph);
                lap("pagerank");
                // Neither half panics on any graph; should one, the panic goes on.
                let structure = structure
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                ((betweenness, page_rank), structure)
            });
        drop(adjacency);
        let centrality: Vec<Centrality> = graph
            .entity_indices()
            .map(|i| Centrality {
                degree: graph.degree(i),
                betweenness: betweenness[i.index()],
                page_rank: page_rank[i.index()],
            })
            .collect();
        drop(betweenness);
        drop(page_rank);
        let order = |measure: Measure| {
            let mut ranked: Vec<NodeIndex> = graph.entity_indices().collect();
            ranked.sort_unstable_by(|&a, &b| {
                let (va, vb) = (
                    centrality[a.index()].value(measure),
                    centrality[b.index()].value(measure),
                );
                vb.total_cmp(&va)
                    .then_with(|| name_rank[a.index()].cmp(&name_rank[b.index()]))
            });
            ranked
        };
        let rankings = [
            order(Measure::Degree),
            order(Measure::Betweenness),
            order(Measure::PageRank),
        ];
        let by_kind = |order: &Vec<NodeIndex>| -> Vec<Vec<NodeIndex>> {
            EntityKind::ALL
                .iter()
                .map(|&kind| {
                    order
                        .iter()
                        .copied()
                        .filter(|&i| graph.entity(i).kind() == kind)
                        .collect()
                })
                .collect()
        };
        let rankings_by_kind = [
            by_kind(&rankings[0]),
            by_kind(&rankings[1]),
            by_kind(&rankings[2]),
        ];
        lap("rankings");
        Metrics {
            centrality,
            component,
            components,
            community,
            communities,
            rankings,
            rankings_by_kind,
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
    /// ties go by name, then id. The orders, overall and per kind, are computed at load; a
    /// request reads only as far as it takes.
    pub fn ranking(&self, kind: Option<EntityKind>, measure: Measure) -> &[NodeIndex] {
        let slot = match measure {
            Measure::Degree => 0,
            Measure::Betweenness => 1,
            Measure::PageRank => 2,
        };
        let order: &[NodeIndex] = match kind {
            None => &self.rankings[slot],
            Some(kind) => EntityKind::ALL
                .iter()
                .position(|&k| k == kind)
                .and_then(|position| self.rankings_by_kind[slot].get(position))
                .map_or(&[], Vec::as_slice),
        };
        order
    }
}

/// Each entity's place in the order by lower-cased name, then id; computed once so that
/// sorting by name compares two numbers.
fn name_ranks(graph: &Graph) -> Vec<u32> {
    let mut order: Vec<NodeIndex> = graph.entity_indices().collect();
    order.sort_by_cached_key(|&i| {
        let entity = graph.entity(i);
        (entity.name.to_lowercase(), entity.id.clone())
    });
    let mut rank = vec![0u32; order.len()];
    for (place, i) in order.into_iter().enumerate() {
        rank[i.index()] = place as u32;
    }
    rank
}

/// A Louvain pass that moves at most one node in this many ends the level.
const LOUVAIN_SETTLED: usize = 1_000;

/// A Louvain pass that raises modularity by less than this ends the level.
const LOUVAIN_MIN_GAIN: f64 = 1e-3;

/// Entities above this count get an estimated betweenness.
pub const EXACT_BETWEENNESS_LIMIT: usize = 20_000;

/// How many sources the betweenness estimate runs from.
pub const BETWEENNESS_PIVOTS: usize = 8;

/// The undirected simple graph behind betweenness and communities, as compressed rows:
/// each entity's distinct neighbours (not itself) in index order, with how many relations
/// link the two.
struct Adjacency {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    /// How many relations link the two entities (or, at later Louvain levels, the two
    /// communities). Counts, so that sums are exact.
    weights: Vec<u32>,
}

impl Adjacency {
    /// Builds the table from the graph's own rows: each entity's neighbours sorted, merged and
    /// counted, with self-links left out.
    fn new(graph: &Graph) -> Self {
        let n = graph.entity_count();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::with_capacity(graph.relation_count() * 2);
        let mut weights = Vec::with_capacity(graph.relation_count() * 2);
        let mut row: Vec<u32> = Vec::new();
        for node in graph.entity_indices() {
            offsets.push(targets.len());
            row.clear();
            row.extend(
                graph
                    .neighbour_slice(node)
                    .iter()
                    .filter(|&&(other, _)| other != node)
                    .map(|&(other, _)| other.index() as u32),
            );
            row.sort_unstable();
            for run in row.chunk_by(|a, b| a == b) {
                targets.push(run[0]);
                weights.push(run.len() as u32);
            }
        }
        offsets.push(targets.len());
        Adjacency {
            offsets,
            targets,
            weights,
        }
    }

    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    fn neighbours(&self, node: usize) -> &[u32] {
        &self.targets[self.offsets[node]..self.offsets[node + 1]]
    }

    fn links(&self, node: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.offsets[node]..self.offsets[node + 1];
        self.targets[range.clone()]
            .iter()
            .zip(&self.weights[range])
            .map(|(&t, &w)| (t as usize, f64::from(w)))
    }
}

/// Brandes' betweenness on the undirected simple graph, normalised by the number of pairs of
/// other entities, `(n - 1)(n - 2) / 2`. Above [`EXACT_BETWEENNESS_LIMIT`] entities it runs
/// from [`BETWEENNESS_PIVOTS`] evenly spread sources and scales up (Brandes and Pich's
/// estimate), which keeps a million entities to seconds.
fn betweenness(adjacency: &Adjacency) -> Vec<f64> {
    let n = adjacency.len();
    let mut score = vec![0.0; n];
    let mut stack: Vec<u32> = Vec::with_capacity(n);
    let mut paths = vec![0.0f64; n];
    let mut distance = vec![u32::MAX; n];
    let mut dependency = vec![0.0f64; n];
    let mut queue = VecDeque::new();
    let sources: Vec<usize> = if n <= EXACT_BETWEENNESS_LIMIT {
        (0..n).collect()
    } else {
        (0..BETWEENNESS_PIVOTS)
            .map(|k| k * n / BETWEENNESS_PIVOTS)
            .collect()
    };
    let scale = n as f64 / sources.len().max(1) as f64;
    for &source in &sources {
        // Only what the last search reached needs resetting.
        for &v in &stack {
            let v = v as usize;
            paths[v] = 0.0;
            distance[v] = u32::MAX;
            dependency[v] = 0.0;
        }
        stack.clear();
        paths[source] = 1.0;
        distance[source] = 0;
        queue.push_back(source as u32);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            let v = v as usize;
            for &w in adjacency.neighbours(v) {
                let w = w as usize;
                if distance[w] == u32::MAX {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w as u32);
                }
                if distance[w] == distance[v] + 1 {
                    paths[w] += paths[v];
                }
            }
        }
        // Back from the farthest: a predecessor of w is a neighbour one step nearer.
        for &w in stack.iter().rev() {
            let w = w as usize;
            if w == source {
                continue;
            }
            let nearer = distance[w] - 1;
            for &v in adjacency.neighbours(w) {
                let v = v as usize;
                if distance[v] == nearer {
                    dependency[v] += paths[v] / paths[w] * (1.0 + dependency[w]);
                }
            }
            score[w] += dependency[w];
        }
    }
    // Every pair was counted from both ends; then scale by the number of pairs.
    let pairs = if n > 2 {
        ((n - 1) * (n - 2)) as f64
    } else {
        1.0
    };
    score.iter().map(|s| s * scale / pairs).collect()
}

/// PageRank by power iteration over the relations in their direction; the rank of entities
/// with no outgoing relation is spread over every entity. Stops when a round changes the ranks
/// by less than 1e-12 in total, or after [`MAX_ROUNDS`] rounds.
fn page_rank(graph: &Graph) -> Vec<f64> {
    let n = graph.entity_count();
    if n == 0 {
        return Vec::new();
    }
    // Outgoing targets as compressed rows: offsets per entity into one list.
    let mut offsets = Vec::with_capacity(n + 1);
    let mut targets: Vec<u32> = Vec::with_capacity(graph.relation_count());
    for i in graph.entity_indices() {
        offsets.push(targets.len());
        targets.extend(
            graph
                .relations_of(i, crate::model::Direction::Outgoing, None)
                .iter()
                .map(|r| r.to.index() as u32),
        );
    }
    offsets.push(targets.len());
    let outgoing = |v: usize| &targets[offsets[v]..offsets[v + 1]];
    // Small graphs run to full precision; on large ones the total change per entity is what
    // matters, as in networkx.
    let tolerance = if n > EXACT_BETWEENNESS_LIMIT {
        n as f64 * 1e-10
    } else {
        1e-12
    };
    let uniform = 1.0 / n as f64;
    let mut rank = vec![uniform; n];
    let mut next = vec![0.0; n];
    for _ in 0..MAX_ROUNDS {
        let dangling: f64 = (0..n)
            .filter(|&v| outgoing(v).is_empty())
            .map(|v| rank[v])
            .sum();
        let base = (1.0 - DAMPING) * uniform + DAMPING * dangling * uniform;
        next.fill(base);
        for (v, &rank_v) in rank.iter().enumerate() {
            let out = outgoing(v);
            let share = DAMPING * rank_v / out.len().max(1) as f64;
            for &w in out {
                next[w as usize] += share;
            }
        }
        let change: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < tolerance {
            break;
        }
    }
    rank
}

/// Numbers groups of entities largest first (ties by their first entity's name) and sorts each
/// group by name.
fn number_groups(label: &[usize], name_rank: &[u32]) -> (Vec<usize>, Vec<Vec<NodeIndex>>) {
    let mut groups: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
    for (i, &l) in label.iter().enumerate() {
        groups.entry(l).or_default().push(NodeIndex::new(i));
    }
    let mut groups: Vec<Vec<NodeIndex>> = groups.into_values().collect();
    for group in &mut groups {
        group.sort_unstable_by_key(|i| name_rank[i.index()]);
    }
    groups.sort_by(|a, b| {
        b.len()
            .cmp(&a.len())
            .then_with(|| name_rank[a[0].index()].cmp(&name_rank[b[0].index()]))
    });
    let mut position = vec![0; label.len()];
    for (number, group) in groups.iter().enumerate() {
        for i in group {
            position[i.index()] = number;
        }
    }
    (position, groups)
}

/// Connected components with relations taken both ways (petgraph's union-find).
fn components(graph: &Graph, name_rank: &[u32]) -> (Vec<usize>, Vec<Vec<NodeIndex>>) {
    let mut sets = UnionFind::<usize>::new(graph.entity_count());
    for e in graph.relation_indices() {
        let view = graph.relation(e);
        sets.union(view.from.index(), view.to.index());
    }
    let label = sets.into_labeling();
    number_groups(&label, name_rank)
}

/// Communities by the Louvain method (modularity maximisation), made deterministic: entities
/// are visited in data order, one moves only for a strictly larger modularity gain than staying,
/// and ties go to the community with the lowest number. Each relation weighs 1, so parallel
/// relations strengthen a tie. Levels are aggregated until a level moves nothing, at most
/// [`MAX_ROUNDS`] passes per level.
fn communities(
    adjacency: &Adjacency,
    n: usize,
    name_rank: &[u32],
) -> (Vec<usize>, Vec<Vec<NodeIndex>>) {
    // The current level: self-loop weight and weighted neighbours of each node. Relations
    // from an entity to itself are refused by the loader, so the first level has none.
    let mut own = vec![0.0f64; n];
    let total: f64 = adjacency.weights.iter().map(|&w| f64::from(w)).sum::<f64>() / 2.0;
    // Later levels are built here; the first is the entities' own adjacency.
    let mut level: Option<Adjacency> = None;
    // Which node of the current level each entity belongs to.
    let mut membership: Vec<usize> = (0..n).collect();
    if total == 0.0 {
        return number_groups(&membership, name_rank);
    }
    // Reused per node: the weight towards each community met, and which were met.
    let mut weight_to = vec![0.0f64; n];
    let mut met: Vec<usize> = Vec::new();
    loop {
        let links = level.as_ref().unwrap_or(adjacency);
        let size = own.len();
        let degree: Vec<f64> = (0..size)
            .map(|i| 2.0 * own[i] + links.links(i).map(|(_, w)| w).sum::<f64>())
            .collect();
        let mut community: Vec<usize> = (0..size).collect();
        let mut community_degree = degree.clone();
        let mut moved_at_all = false;
        for _ in 0..MAX_ROUNDS {
            let mut moved_count = 0;
            let mut improvement = 0.0;
            for i in 0..size {
                let current = community[i];
                community_degree[current] -= degree[i];
                met.clear();
                for (j, w) in links.links(i) {
                    let c = community[j];
                    if weight_to[c] == 0.0 {
                        met.push(c);
                    }
                    weight_to[c] += w;
                }
                met.sort_unstable();
                let gain = |c: usize, w: f64| w - community_degree[c] * degree[i] / (2.0 * total);
                let mut best = current;
                let stay_gain = gain(current, weight_to[current]);
                let mut best_gain = stay_gain;
                for &c in &met {
                    let g = gain(c, weight_to[c]);
                    if g > best_gain + 1e-12 {
                        best = c;
                        best_gain = g;
                    }
                }
                for &c in &met {
                    weight_to[c] = 0.0;
                }
                community_degree[best] += degree[i];
                improvement += best_gain - stay_gain;
                if best != current {
                    community[i] = best;
                    moved_count += 1;
                    moved_at_all = true;
                }
            }
            // A pass that moves almost nothing, or raises modularity by almost nothing, ends
            // the level: the next level goes on from there at a fraction of the cost. On a
            // million entities the first level would otherwise take twenty passes of a third
            // of a second, with modularity 0.430 instead of 0.429.
            tracing::trace!(
                size,
                moved = moved_count,
                gain = improvement / total,
                "communities: one pass done"
            );
            if moved_count <= size / LOUVAIN_SETTLED || improvement / total < LOUVAIN_MIN_GAIN {
                break;
            }
        }
        if !moved_at_all {
            break;
        }
        // Aggregate: each community becomes one node of the next level, numbered in order of
        // first appearance.
        let mut renumber = vec![usize::MAX; size];
        let mut count = 0;
        for &c in &community {
            if renumber[c] == usize::MAX {
                renumber[c] = count;
                count += 1;
            }
        }
        let mut next_own = vec![0.0; count];
        let mut triples: Vec<(u32, u32, u32)> = Vec::new();
        for i in 0..size {
            let ci = renumber[community[i]];
            next_own[ci] += own[i];
            let range = links.offsets[i]..links.offsets[i + 1];
            for (&j, &w) in links.targets[range.clone()]
                .iter()
                .zip(&links.weights[range])
            {
                let cj = renumber[community[j as usize]];
                if ci == cj {
                    // Each inner link is seen from both ends; count it once.
                    next_own[ci] += f64::from(w) / 2.0;
                } else {
                    triples.push((ci as u32, cj as u32, w));
                }
            }
        }
        // Weights are whole counts, so their sums do not depend on the order they are added in.
        triples.sort_unstable_by_key(|&(a, b, _)| (a, b));
        let mut offsets = Vec::with_capacity(count + 1);
        let mut targets = Vec::new();
        let mut weights = Vec::new();
        let mut next = 0;
        for node in 0..count as u32 {
            offsets.push(targets.len());
            while next < triples.len() && triples[next].0 == node {
                let target = triples[next].1;
                let mut sum = 0;
                while next < triples.len() && triples[next].0 == node && triples[next].1 == target {
                    sum += triples[next].2;
                    next += 1;
                }
                targets.push(target);
                weights.push(sum);
            }
        }
        offsets.push(targets.len());
        for m in &mut membership {
            *m = renumber[community[*m]];
        }
        own = next_own;
        level = Some(Adjacency {
            offsets,
            targets,
            weights,
        });
    }
    if tracing::enabled!(tracing::Level::TRACE) {
        tracing::trace!(
            modularity = modularity(adjacency, &membership),
            "communities: found"
        );
    }
    number_groups(&membership, name_rank)
}

/// The modularity of a division of the entities into communities: the share of links inside
/// communities, less the share expected if links were drawn at random with the same degrees.
fn modularity(adjacency: &Adjacency, membership: &[usize]) -> f64 {
    let groups = membership.iter().max().map_or(0, |&m| m + 1);
    let mut inside = vec![0.0f64; groups];
    let mut degree = vec![0.0f64; groups];
    let mut total = 0.0;
    for node in 0..adjacency.len() {
        for (other, weight) in adjacency.links(node) {
            total += weight;
            degree[membership[node]] += weight;
            if membership[other] == membership[node] {
                inside[membership[node]] += weight;
            }
        }
    }
    if total == 0.0 {
        return 0.0;
    }
    inside
        .iter()
        .zip(&degree)
        .map(|(inner, degree)| inner / total - (degree / total).powi(2))
        .sum()
}
