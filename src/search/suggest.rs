//! Autocompletion: sorted lists of folded names and aliases, searched by binary search, with a
//! segment tree that gives the best suggestions of any run of them, so that a keystroke costs
//! the same on a million names as on a hundred.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::model::{EntityKind, Graph, NodeIndex};
use crate::text::{FoldedText, join};

/// How a key was made from an entity, best first; this orders suggestions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
enum KeySource {
    /// The whole name.
    Name,
    /// A whole alias.
    Alias,
    /// The name from one of its later words on (`juarez` for Ciudad Juárez).
    NameWord,
    /// An alias from one of its later words on.
    AliasWord,
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Key {
    key: String,
    node: NodeIndex,
    source: KeySource,
}

/// The keys of one kind of entity, sorted by text, with what finds the best of any run of
/// them quickly.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct KindKeys {
    #[serde(deserialize_with = "crate::model::shared::exact")]
    keys: Vec<Key>,
    /// Each key's place in the suggestion order (see [`SuggestIndex::suggest`]); lower is
    /// better.
    #[serde(deserialize_with = "crate::model::shared::exact")]
    rank: Vec<u64>,
    /// A segment tree over `rank`: node `i` (from 1) holds the position of the best key under
    /// it; the leaves, positions themselves, are implicit.
    #[serde(deserialize_with = "crate::model::shared::exact")]
    best: Vec<u32>,
}

impl KindKeys {
    /// The better (lower-ranked) of two key positions.
    fn better(&self, a: u32, b: u32) -> u32 {
        if (self.rank[b as usize], b) < (self.rank[a as usize], a) {
            b
        } else {
            a
        }
    }

    /// The position held by tree node `i`: an inner node's best, or a leaf's own position.
    fn at(&self, i: usize) -> u32 {
        let leaves = self.keys.len();
        if i >= leaves {
            (i - leaves) as u32
        } else {
            self.best[i]
        }
    }

    fn build_tree(&mut self) {
        let leaves = self.keys.len();
        self.best = vec![0; leaves];
        for i in (1..leaves).rev() {
            self.best[i] = self.better(self.at(2 * i), self.at(2 * i + 1));
        }
    }

    /// The position of the best key in `start..end`, which must not be empty.
    fn best_in(&self, start: usize, end: usize) -> u32 {
        let leaves = self.keys.len();
        let (mut low, mut high) = (start + leaves, end + leaves);
        let mut found = start as u32;
        while low < high {
            if low % 2 == 1 {
                found = self.better(found, self.at(low));
                low += 1;
            }
            if high % 2 == 1 {
                high -= 1;
                found = self.better(found, self.at(high));
            }
            low /= 2;
            high /= 2;
        }
        found
    }

    /// The positions of the keys that start with `prefix`.
    fn range(&self, prefix: &str) -> (usize, usize) {
        let first = self.keys.partition_point(|k| k.key.as_str() < prefix);
        let last = first + self.keys[first..].partition_point(|k| k.key.starts_with(prefix));
        (first, last)
    }
}

/// The autocompletion index over every entity's name and aliases.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SuggestIndex {
    /// The keys of each kind, in [`EntityKind::ALL`] order.
    by_kind: Vec<KindKeys>,
}

impl SuggestIndex {
    /// Builds the index: one key per name, alias and later word of each, split by kind and
    /// ranked once in the order suggestions are given.
    pub fn build(graph: &Graph) -> Self {
        let mut by_kind: Vec<KindKeys> = EntityKind::ALL
            .iter()
            .map(|_| KindKeys::default())
            .collect();
        for node in graph.entity_indices() {
            let entity = graph.entity(node);
            let Some(slot) = EntityKind::ALL.iter().position(|k| *k == entity.kind()) else {
                continue;
            };
            let texts = std::iter::once((&entity.name, KeySource::Name, KeySource::NameWord))
                .chain(
                    entity
                        .aliases
                        .iter()
                        .map(|alias| (alias, KeySource::Alias, KeySource::AliasWord)),
                );
            for (text, whole, later) in texts {
                let folded = FoldedText::new(text);
                for start in 0..folded.words.len() {
                    by_kind[slot].keys.push(Key {
                        key: join(folded.words[start..].iter().map(|w| w.term.as_str())),
                        node,
                        source: if start == 0 { whole } else { later },
                    });
                }
            }
        }
        // The suggestion order: how the key was made, then the entity's place among all
        // entities: those a document states first (so that Cantabria, the region of the
        // curated data, comes before Cantal, a region of the reference tables), then by name
        // length, name and load order. Entities are sorted once; a key's rank is its source
        // and its entity's place, so the keys themselves need no second sort.
        let mut entities: Vec<NodeIndex> = graph.entity_indices().collect();
        entities.sort_by_cached_key(|&node| {
            let name = graph.entity(node).name.as_str();
            (!graph.is_documented(node), name.chars().count(), name, node)
        });
        let mut place = vec![0u32; entities.len()];
        for (position, node) in entities.into_iter().enumerate() {
            place[node.index()] = position as u32;
        }
        for kind in &mut by_kind {
            kind.keys.sort_by(|a, b| a.key.cmp(&b.key));
            kind.rank = kind
                .keys
                .iter()
                .map(|key| ((key.source as u64) << 32) | u64::from(place[key.node.index()]))
                .collect();
        }
        for kind in &mut by_kind {
            kind.build_tree();
        }
        SuggestIndex { by_kind }
    }

    /// The entities whose name or alias, or a later part of one, starts with the folded
    /// `prefix`: whole names first, then aliases, then later words; entities a document
    /// states first, then shorter names.
    ///
    /// The work depends on `limit`, not on how many names start with the prefix: the best key
    /// of a run of keys is read from a segment tree, and each suggestion splits its run in two.
    pub fn suggest(&self, prefix: &str, kinds: &[EntityKind], limit: usize) -> Vec<NodeIndex> {
        let folded = FoldedText::new(prefix).key();
        if folded.is_empty() || limit == 0 {
            return Vec::new();
        }
        // Runs of keys still to look at, best first: (rank of the run's best key, kind, run).
        let mut runs = BinaryHeap::new();
        let push = |runs: &mut BinaryHeap<_>, slot: usize, start: usize, end: usize| {
            if start < end {
                let keys = &self.by_kind[slot];
                let best = keys.best_in(start, end);
                runs.push(Reverse((keys.rank[best as usize], slot, best, start, end)));
            }
        };
        for (slot, kind) in EntityKind::ALL.iter().enumerate() {
            if kinds.is_empty() || kinds.contains(kind) {
                let (start, end) = self.by_kind[slot].range(&folded);
                push(&mut runs, slot, start, end);
            }
        }
        let mut found: Vec<NodeIndex> = Vec::with_capacity(limit);
        while let Some(Reverse((_, slot, best, start, end))) = runs.pop() {
            // An entity's best key comes first; its other keys are passed over.
            let node = self.by_kind[slot].keys[best as usize].node;
            if !found.contains(&node) {
                found.push(node);
                if found.len() == limit {
                    break;
                }
            }
            push(&mut runs, slot, start, best as usize);
            push(&mut runs, slot, best as usize + 1, end);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// The suggestions found by reading every key that starts with the prefix, as the index
    /// did before it had a segment tree: the reference the tree must agree with.
    fn by_scanning(
        index: &SuggestIndex,
        graph: &Graph,
        prefix: &str,
        kinds: &[EntityKind],
        limit: usize,
    ) -> Vec<NodeIndex> {
        let folded = FoldedText::new(prefix).key();
        if folded.is_empty() {
            return Vec::new();
        }
        let mut best: Vec<(KeySource, NodeIndex)> = Vec::new();
        for (slot, kind) in EntityKind::ALL.iter().enumerate() {
            if !kinds.is_empty() && !kinds.contains(kind) {
                continue;
            }
            let keys = &index.by_kind[slot];
            let (start, end) = keys.range(&folded);
            for key in &keys.keys[start..end] {
                match best.iter_mut().find(|(_, node)| *node == key.node) {
                    Some(entry) => entry.0 = entry.0.min(key.source),
                    None => best.push((key.source, key.node)),
                }
            }
        }
        let length = |node: NodeIndex| graph.entity(node).name.chars().count();
        let undocumented = |node: NodeIndex| !graph.is_documented(node);
        best.sort_by(|(a_source, a), (b_source, b)| {
            (a_source, undocumented(*a), length(*a))
                .cmp(&(b_source, undocumented(*b), length(*b)))
                .then_with(|| graph.entity(*a).name.cmp(&graph.entity(*b).name))
                .then_with(|| a.cmp(b))
        });
        best.into_iter().take(limit).map(|(_, node)| node).collect()
    }

    #[test]
    fn the_tree_agrees_with_reading_every_key() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
        let graph = match crate::load::load_dir(&dir) {
            Ok(graph) => graph,
            Err(error) => panic!("the bundled data must load: {error}"),
        };
        let index = SuggestIndex::build(&graph);
        let mut prefixes: Vec<String> = Vec::new();
        for letter in 'a'..='z' {
            prefixes.push(letter.to_string());
        }
        // Names of every seventh entity: all of them would read every key millions of times.
        for node in graph.entity_indices().step_by(7) {
            let name = &graph.entity(node).name;
            for length in [2, 3, 5] {
                prefixes.push(name.chars().take(length).collect());
            }
        }
        let kind_choices: [&[EntityKind]; 3] = [
            &[],
            &[EntityKind::Institution],
            &[EntityKind::Region, EntityKind::Event],
        ];
        for prefix in &prefixes {
            for kinds in kind_choices {
                for limit in [1, 3, 10, 1_000] {
                    assert_eq!(
                        index.suggest(prefix, kinds, limit),
                        by_scanning(&index, &graph, prefix, kinds, limit),
                        "{prefix:?} {kinds:?} {limit}"
                    );
                }
            }
        }
    }
}
