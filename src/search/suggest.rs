//! Autocompletion: a sorted list of folded names and aliases, searched by binary search, so
//! that each keystroke costs a few comparisons and no index lookup.

use std::collections::HashMap;

use super::fold::{FoldedText, join};
use crate::model::{EntityKind, Graph, NodeIndex};

/// How a key was made from an entity, best first; this orders suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

#[derive(Debug)]
struct Key {
    key: String,
    node: NodeIndex,
    source: KeySource,
}

/// The autocompletion index over every entity's name and aliases.
#[derive(Debug, Default)]
pub struct SuggestIndex {
    keys: Vec<Key>,
    kinds: Vec<EntityKind>,
    name_lengths: Vec<usize>,
}

impl SuggestIndex {
    /// Builds the index: one key per name, alias and later word of each.
    pub fn build(graph: &Graph) -> Self {
        let mut index = SuggestIndex::default();
        for node in graph.entity_indices() {
            let entity = graph.entity(node);
            index.kinds.push(entity.kind());
            index.name_lengths.push(entity.name.chars().count());
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
                    index.keys.push(Key {
                        key: join(folded.words[start..].iter().map(|w| w.term.as_str())),
                        node,
                        source: if start == 0 { whole } else { later },
                    });
                }
            }
        }
        index.keys.sort_by(|a, b| a.key.cmp(&b.key));
        index
    }

    /// The entities whose name or alias, or a later part of one, starts with the folded
    /// `prefix`: whole names first, then aliases, then later words; shorter names first.
    pub fn suggest(
        &self,
        graph: &Graph,
        prefix: &str,
        kinds: &[EntityKind],
        limit: usize,
    ) -> Vec<NodeIndex> {
        let folded = FoldedText::new(prefix).key();
        if folded.is_empty() || limit == 0 {
            return Vec::new();
        }
        let first = self
            .keys
            .partition_point(|k| k.key.as_str() < folded.as_str());
        // The best key of each entity: a short prefix can match many thousands of keys on a
        // large graph, so the lookup is by map, not by scanning what was found so far.
        let mut best_of: HashMap<NodeIndex, usize> = HashMap::new();
        let mut best: Vec<(KeySource, NodeIndex)> = Vec::new();
        for key in self.keys[first..]
            .iter()
            .take_while(|k| k.key.starts_with(&folded))
        {
            let node = key.node.index();
            if !kinds.is_empty() && !self.kinds.get(node).is_some_and(|k| kinds.contains(k)) {
                continue;
            }
            match best_of.get(&key.node) {
                Some(&slot) => best[slot].0 = best[slot].0.min(key.source),
                None => {
                    best_of.insert(key.node, best.len());
                    best.push((key.source, key.node));
                }
            }
        }
        let order = |(a_source, a): &(KeySource, NodeIndex),
                     (b_source, b): &(KeySource, NodeIndex)| {
            a_source
                .cmp(b_source)
                .then_with(|| self.name_lengths[a.index()].cmp(&self.name_lengths[b.index()]))
                .then_with(|| graph.entity(*a).name.cmp(&graph.entity(*b).name))
                .then_with(|| a.cmp(b))
        };
        // Only the first `limit` need sorting.
        if best.len() > limit {
            best.select_nth_unstable_by(limit, order);
            best.truncate(limit);
        }
        best.sort_by(order);
        // Copied into a new vector rather than collected in place from `best.into_iter()`:
        // under AddressSanitizer, std's in-place collection of this `take(limit)` was reported
        // as reading past the buffer (fuzz target `search`, input `#sE`; docs/hardening.md).
        best.iter().take(limit).map(|&(_, node)| node).collect()
    }
}
