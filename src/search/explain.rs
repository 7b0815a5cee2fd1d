//! How a candidate matched: each query word graded on the best field it matches (exact name >
//! alias > name prefix > typo > description > context), the grades summed into the ranking
//! score, and the matched ranges highlighted in each field's text.

use super::syntax::ParsedQuery;
use super::{Highlight, MatchedField};
use crate::model::{Graph, NodeIndex};
use crate::text::FoldedText;

/// The longest highlighted fragment of a description, in characters.
const FRAGMENT_CHARS: usize = 160;

/// The folded texts of one entity, for explaining and ranking its matches.
pub(super) struct EntityText {
    name: FoldedText,
    aliases: Vec<FoldedText>,
    description: Option<FoldedText>,
    context: Vec<FoldedText>,
}

impl EntityText {
    /// Folds an entity's texts, when a search needs to explain a match.
    pub(super) fn of(graph: &Graph, node: NodeIndex) -> Self {
        Self::names(graph, node).whole(graph, node)
    }

    /// Adds the description and context of the entity whose names these are.
    pub(super) fn whole(self, graph: &Graph, node: NodeIndex) -> Self {
        EntityText {
            description: graph
                .entity(node)
                .description
                .as_deref()
                .map(FoldedText::new),
            context: super::context_names(graph, node)
                .iter()
                .map(|c| FoldedText::new(c))
                .collect(),
            ..self
        }
    }

    /// Folds an entity's name and aliases only, for ranking a hit that they match.
    pub(super) fn names(graph: &Graph, node: NodeIndex) -> Self {
        let entity = graph.entity(node);
        EntityText {
            name: FoldedText::new(&entity.name),
            aliases: entity.aliases.iter().map(|a| FoldedText::new(a)).collect(),
            description: None,
            context: Vec::new(),
        }
    }
}

/// The most edits a query word may be from a name word and still match it.
pub(super) fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The most a name gains for how much of it the query matches; below the gap between grades.
const NAME_COVERAGE_BONUS: f32 = 4.0;

/// The shortest query word that matches name words it starts.
pub(super) const MIN_PREFIX_CHARS: usize = 3;

/// How well one query word matched one field; the scores order the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Grade {
    Context = 10,
    Description = 20,
    /// An alias word two or more typos away.
    FarFuzzyAlias = 25,
    /// A name word two or more typos away.
    FarFuzzyName = 30,
    FuzzyAlias = 35,
    FuzzyName = 40,
    AliasPrefix = 55,
    NamePrefix = 60,
    Alias = 80,
    Name = 100,
}

/// How a query word matches a name or alias word: exactly, as a prefix or with typos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum WordMatch {
    /// Two or more typos away.
    FarFuzzy,
    /// One typo away.
    Fuzzy,
    Prefix,
    Exact,
}

pub(super) fn match_word(query: &str, word: &str, allow_loose: bool) -> Option<WordMatch> {
    if query == word {
        return Some(WordMatch::Exact);
    }
    if !allow_loose {
        return None;
    }
    if query.chars().count() >= MIN_PREFIX_CHARS && word.starts_with(query) {
        return Some(WordMatch::Prefix);
    }
    let budget = typo_budget(query) as usize;
    // Words whose lengths differ by more than the budget cannot be within it.
    let close_in_length = word.chars().count().abs_diff(query.chars().count()) <= budget;
    if budget == 0 || !close_in_length {
        return None;
    }
    if letters_differ_by_more(query, word, budget) {
        return None;
    }
    match strsim::osa_distance(query, word) {
        1 => Some(WordMatch::Fuzzy),
        distance if distance <= budget => Some(WordMatch::FarFuzzy),
        _ => None,
    }
}

/// The grade of a query word's match in a name (or else an alias).
pub(super) fn grade(is_name: bool, how: WordMatch) -> Grade {
    match (is_name, how) {
        (true, WordMatch::Exact) => Grade::Name,
        (true, WordMatch::Prefix) => Grade::NamePrefix,
        (true, WordMatch::Fuzzy) => Grade::FuzzyName,
        (true, WordMatch::FarFuzzy) => Grade::FarFuzzyName,
        (false, WordMatch::Exact) => Grade::Alias,
        (false, WordMatch::Prefix) => Grade::AliasPrefix,
        (false, WordMatch::Fuzzy) => Grade::FuzzyAlias,
        (false, WordMatch::FarFuzzy) => Grade::FarFuzzyAlias,
    }
}

/// What a name gains for how many of its words the query touched: among equal grades, the
/// name the query covers most (a short name) comes first; the bonus stays below the smallest
/// gap between grades.
pub(super) fn name_coverage(touched: usize, words: usize) -> f32 {
    NAME_COVERAGE_BONUS * touched as f32 / words.max(1) as f32
}

/// What a name or alias that the query spells out in full gains: it outranks one the query
/// only touches, and a whole name outranks a whole alias.
pub(super) fn covered_bonus(name: bool, alias: bool) -> f32 {
    if name {
        50.0
    } else if alias {
        40.0
    } else {
        0.0
    }
}

/// Whether two words surely lie more than `budget` edits apart, because one has more than
/// `budget` letters that the other lacks: an edit (insertion, deletion, substitution or
/// swap) changes each side's surplus by at most one. A cheap test before the exact distance;
/// it only answers for ASCII words (folded words nearly always are).
fn letters_differ_by_more(a: &str, b: &str, budget: usize) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        return false;
    }
    let mut counts = [0i16; 128];
    for byte in a.bytes() {
        counts[byte as usize] += 1;
    }
    for byte in b.bytes() {
        counts[byte as usize] -= 1;
    }
    let (mut surplus, mut lack) = (0usize, 0usize);
    for count in counts {
        if count > 0 {
            surplus += count as usize;
        } else {
            lack += count.unsigned_abs() as usize;
        }
    }
    surplus.max(lack) > budget
}

/// How each query word matches each name or alias word seen so far in one search: names
/// share most of their words ("University", "of", a city), so each word is compared with
/// the query once, not once per candidate.
///
/// The words are hashed with foldhash rather than the standard library's SipHash: they are
/// the data's own words, looked up once per word of every candidate.
#[derive(Default)]
pub(super) struct WordMemo {
    loose: std::collections::HashMap<String, Vec<Option<WordMatch>>, foldhash::fast::RandomState>,
}

impl WordMemo {
    fn matches(&mut self, query: &ParsedQuery, word: &str) -> &[Option<WordMatch>] {
        if !self.loose.contains_key(word) {
            let matches = query
                .words
                .iter()
                .map(|q| match_word(q, word, true))
                .collect();
            self.loose.insert(word.to_owned(), matches);
        }
        self.loose.get(word).map_or(&[], Vec::as_slice)
    }
}

/// The ranges of `text` where a query word or phrase matches, and the best match per word.
struct FieldMatches {
    ranges: Vec<(usize, usize)>,
    best: Vec<Option<WordMatch>>,
    phrases: usize,
}

fn match_text(
    text: &FoldedText,
    query: &ParsedQuery,
    allow_loose: bool,
    memo: &mut WordMemo,
    want_ranges: bool,
) -> FieldMatches {
    let mut found = FieldMatches {
        ranges: Vec::new(),
        best: vec![None; query.words.len()],
        phrases: 0,
    };
    for word in &text.words {
        let mut matched = false;
        if allow_loose {
            for (i, how) in memo.matches(query, &word.term).iter().enumerate() {
                if how.is_some() {
                    found.best[i] = found.best[i].max(*how);
                    matched = true;
                }
            }
        } else {
            for (i, query_word) in query.words.iter().enumerate() {
                if *query_word == word.term {
                    found.best[i] = found.best[i].max(Some(WordMatch::Exact));
                    matched = true;
                }
            }
        }
        if matched && want_ranges {
            found.ranges.push((word.start, word.end));
        }
    }
    for phrase in &query.phrases {
        for window in text.words.windows(phrase.len()) {
            if window.iter().zip(phrase).all(|(w, p)| &w.term == p) {
                found.phrases += 1;
                if want_ranges {
                    found
                        .ranges
                        .push((window[0].start, window[phrase.len() - 1].end));
                }
            }
        }
    }
    found.ranges.sort_unstable();
    found.ranges.dedup();
    found
}

/// Cuts a window of about [`FRAGMENT_CHARS`] around the first match out of a long text.
fn fragment(text: &str, ranges: &[(usize, usize)]) -> (String, Vec<(usize, usize)>) {
    let length = text.chars().count();
    if length <= FRAGMENT_CHARS {
        return (text.to_owned(), ranges.to_vec());
    }
    let first = ranges.first().map_or(0, |r| r.0);
    let chars: Vec<char> = text.chars().collect();
    let mut start = first.saturating_sub(FRAGMENT_CHARS / 3);
    // Start at a word boundary rather than inside a word.
    if start > 0
        && let Some(space) = chars[start..first].iter().position(|c| c.is_whitespace())
    {
        start += space + 1;
    }
    let end = (start + FRAGMENT_CHARS).min(length);
    let mut fragment = String::new();
    let mut shift = start;
    if start > 0 {
        fragment.push('…');
        shift -= 1;
    }
    fragment.extend(&chars[start..end]);
    if end < length {
        fragment.push('…');
    }
    let ranges = ranges
        .iter()
        .filter(|(s, e)| *s >= start && *e <= end)
        .map(|(s, e)| (s - shift, e - shift))
        .collect();
    (fragment, ranges)
}

/// Whether [`explain`] works out the highlighted fragments too, or only the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fragments {
    /// The score and the fragments, for a hit that is shown.
    Wanted,
    /// The score alone, for ranking: no fragment is cut or copied.
    Skipped,
}

/// How one candidate matched a query.
pub(super) struct Explained {
    /// The ranking score.
    pub(super) score: f32,
    /// The highlighted fragments; none when they are [`Fragments::Skipped`].
    pub(super) highlights: Vec<Highlight>,
    /// Whether any word or phrase of the query matched any field.
    pub(super) matched: bool,
    /// Whether every word of the query matched some field (for the tests, which compare
    /// it with ranking by names).
    #[cfg(test)]
    pub(super) complete: bool,
}

/// Explains one candidate: its ranking score, its highlighted fragments (when they are
/// wanted), and whether it matched at all.
pub(super) fn explain(
    text: &EntityText,
    query: &ParsedQuery,
    memo: &mut WordMemo,
    fragments: Fragments,
) -> Explained {
    let want_ranges = fragments == Fragments::Wanted;
    let mut best: Vec<Option<Grade>> = vec![None; query.words.len()];
    let mut phrase_score = 0.0;
    let mut highlights = Vec::new();
    let mut matched = false;
    let mut consider = |field: MatchedField, folded: &FoldedText, best: &mut Vec<Option<Grade>>| {
        let loose = matches!(field, MatchedField::Name | MatchedField::Alias);
        let found = match_text(folded, query, loose, memo, want_ranges);
        matched |= found.phrases > 0 || found.best.iter().any(Option::is_some);
        for (slot, how) in best.iter_mut().zip(&found.best) {
            let grade = how.map(|how| match field {
                MatchedField::Name => grade(true, how),
                MatchedField::Alias => grade(false, how),
                MatchedField::Description => Grade::Description,
                MatchedField::Context => Grade::Context,
            });
            *slot = (*slot).max(grade);
        }
        if found.phrases > 0 {
            let weight = match field {
                MatchedField::Name => Grade::Name,
                MatchedField::Alias => Grade::Alias,
                MatchedField::Description => Grade::Description,
                MatchedField::Context => Grade::Context,
            };
            phrase_score = f32::max(phrase_score, weight as i32 as f32);
        }
        if !found.ranges.is_empty() {
            let (text, ranges) = if field == MatchedField::Description {
                fragment(&folded.text, &found.ranges)
            } else {
                (folded.text.clone(), found.ranges)
            };
            highlights.push(Highlight {
                field,
                text,
                ranges,
            });
        }
    };
    consider(MatchedField::Name, &text.name, &mut best);
    for alias in &text.aliases {
        consider(MatchedField::Alias, alias, &mut best);
    }
    if let Some(description) = &text.description {
        consider(MatchedField::Description, description, &mut best);
    }
    for name in &text.context {
        consider(MatchedField::Context, name, &mut best);
    }
    let mut score: f32 = best.iter().flatten().map(|g| *g as i32 as f32).sum();
    score += phrase_score * query.phrases.len() as f32;
    // A name or alias that the query spells out in full outranks one it only touches.
    let covers = |folded: &FoldedText| {
        !folded.words.is_empty()
            && folded.words.iter().all(|w| {
                query.words.contains(&w.term) || query.phrases.iter().any(|p| p.contains(&w.term))
            })
    };
    let touched = text
        .name
        .words
        .iter()
        .filter(|w| memo.matches(query, &w.term).iter().any(Option::is_some))
        .count();
    score += name_coverage(touched, text.name.words.len());
    score += covered_bonus(covers(&text.name), text.aliases.iter().any(covers));
    Explained {
        score,
        highlights,
        matched,
        #[cfg(test)]
        complete: best.iter().all(Option::is_some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letter_test_never_rejects_words_within_the_budget() {
        let words = [
            "university",
            "universty",
            "univeristy",
            "universidad",
            "unity",
            "diversity",
            "cantabria",
            "cantbaria",
            "santander",
            "abc",
            "",
            "niversity",
            "universityx",
        ];
        for a in words {
            for b in words {
                for budget in 0..3 {
                    if letters_differ_by_more(a, b, budget) {
                        assert!(strsim::osa_distance(a, b) > budget, "{a} {b} {budget}");
                    }
                }
            }
        }
        assert!(letters_differ_by_more("university", "santander", 2));
        assert!(!letters_differ_by_more("university", "univeristy", 0));
    }
}
