//! The small query language of `search`: plain words, `"quoted phrases"`, `-excluded` words
//! and `kind:<kind>` filters. Anything that is not valid syntax is read as plain words, so
//! reading a query never fails; only the limits on length and clause count are enforced.

use crate::model::EntityKind;
use crate::text::fold_terms;

/// A search query, read and folded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Folded words to look for, each once, in the order given.
    pub words: Vec<String>,
    /// Folded phrases of two or more words that a hit must contain in one field.
    pub phrases: Vec<Vec<String>>,
    /// Folded words that no hit may contain.
    pub excluded: Vec<String>,
    /// Kinds named by `kind:` clauses; a hit must be of one of them when this is not empty.
    pub kinds: Vec<EntityKind>,
}

impl ParsedQuery {
    /// How many clauses the query has: words, phrase words, exclusions and kind filters.
    pub fn clause_count(&self) -> usize {
        self.words.len()
            + self.phrases.iter().map(Vec::len).sum::<usize>()
            + self.excluded.len()
            + self.kinds.len()
    }

    /// Whether the query looks for anything at all; a query of exclusions alone does not.
    pub fn has_positive_clauses(&self) -> bool {
        !self.words.is_empty() || !self.phrases.is_empty()
    }

    fn add_words(&mut self, text: &str) {
        for word in fold_terms(text) {
            if !self.words.contains(&word) {
                self.words.push(word);
            }
        }
    }
}

/// Reads a kind name as written after `kind:`, singular or plural, in any case.
fn kind_named(name: &str) -> Option<EntityKind> {
    let name = name.to_lowercase();
    let singular = name.strip_suffix('s').unwrap_or(&name);
    EntityKind::ALL
        .iter()
        .copied()
        .find(|kind| kind.as_str() == name || kind.as_str() == singular)
}

/// Reads a query. Never fails: unmatched quotes, a lone `-` or an unknown `kind:` are read as
/// plain words (and punctuation in words is dropped by folding).
pub fn parse(query: &str) -> ParsedQuery {
    let mut parsed = ParsedQuery::default();
    let mut rest = query;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(after_quote) = rest.strip_prefix('"') {
            match after_quote.find('"') {
                Some(end) => {
                    let phrase = fold_terms(&after_quote[..end]);
                    if phrase.len() >= 2 {
                        if !parsed.phrases.contains(&phrase) {
                            parsed.phrases.push(phrase);
                        }
                    } else {
                        parsed.add_words(&after_quote[..end]);
                    }
                    rest = &after_quote[end + 1..];
                }
                None => {
                    parsed.add_words(after_quote);
                    break;
                }
            }
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let token = &rest[..end];
        rest = &rest[end..];
        if let Some(excluded) = token.strip_prefix('-') {
            for word in fold_terms(excluded) {
                if !parsed.excluded.contains(&word) {
                    parsed.excluded.push(word);
                }
            }
            continue;
        }
        let kind = token
            .get(..5)
            .filter(|prefix| prefix.eq_ignore_ascii_case("kind:"))
            .and_then(|_| kind_named(&token[5..]));
        match kind {
            Some(kind) => {
                if !parsed.kinds.contains(&kind) {
                    parsed.kinds.push(kind);
                }
            }
            None => parsed.add_words(token),
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn reads_every_clause() {
        let parsed = parse(r#"Hospital "Ciudad Juárez" -angeles kind:institution"#);
        assert_eq!(parsed.words, words(&["hospital"]));
        assert_eq!(parsed.phrases, vec![words(&["ciudad", "juarez"])]);
        assert_eq!(parsed.excluded, words(&["angeles"]));
        assert_eq!(parsed.kinds, vec![EntityKind::Institution]);
    }

    #[test]
    fn bad_syntax_is_read_as_plain_words() {
        assert_eq!(parse(r#""open quote"#).words, words(&["open", "quote"]));
        assert_eq!(parse("kind:planet").words, words(&["kind", "planet"]));
        assert_eq!(parse("- \"\" kind: (((").clause_count(), 1);
        assert_eq!(parse(r#""one""#).words, words(&["one"]));
        assert_eq!(parse("KIND:Events").kinds, vec![EntityKind::Event]);
    }
}
