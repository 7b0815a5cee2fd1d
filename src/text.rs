//! Folding text the way the search index sees it: split on anything that is not a letter or
//! digit, lower-cased, accents folded to ASCII (`Juárez` -> `juarez`, `Seinäjoki` ->
//! `seinajoki`). Search, autocompletion, generated ids and the importers' name matching all
//! fold with it, so that they agree on what two spellings of a name have in common.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

/// The longest word kept, in bytes; longer ones are dropped from documents and queries alike.
const LONGEST_WORD: usize = 64;

/// The analyzer shared by the index, the queries and the highlighter.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// One folded word of a text and where it is, in characters (end exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The folded word.
    pub term: String,
    /// The offset of its first character in the original text.
    pub start: usize,
    /// The offset just past its last character in the original text.
    pub end: usize,
}

/// A text and its folded words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldedText {
    /// The original text.
    pub text: String,
    /// Its folded words, in order.
    pub words: Vec<Word>,
}

impl FoldedText {
    /// Folds a text, keeping the character offsets of each word.
    pub fn new(text: &str) -> Self {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            let token = stream.token();
            words.push(Word {
                term: token.text.clone(),
                start: char_offset(text, token.offset_from),
                end: char_offset(text, token.offset_to),
            });
        }
        FoldedText {
            text: text.to_owned(),
            words,
        }
    }

    /// The folded words joined by single spaces, as the autocompletion keys them.
    pub fn key(&self) -> String {
        join(self.words.iter().map(|w| w.term.as_str()))
    }
}

/// The folded words of a text.
pub fn fold_terms(text: &str) -> Vec<String> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

/// Joins words with single spaces.
pub fn join<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut key = String::new();
    for word in words {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// The character offset of a byte offset in `text`.
fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte)
        .map(|head| head.chars().count())
        .unwrap_or_else(|| text.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents_and_keeps_character_offsets() {
        let folded = FoldedText::new("T-Hub Ciudad Juárez, Seinäjoki");
        assert_eq!(folded.key(), "t hub ciudad juarez seinajoki");
        let juarez = &folded.words[3];
        assert_eq!((juarez.start, juarez.end), (13, 19));
        assert_eq!(fold_terms("NORTEÑITA 🙂 !!!"), vec!["nortenita"]);
    }
}
