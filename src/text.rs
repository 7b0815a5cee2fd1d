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
        with_analyzer(|analyzer| {
            let mut stream = analyzer.token_stream(text);
            let mut words = Vec::new();
            // Tokens come in order, so character offsets are counted on from the last one.
            let mut offsets = CharOffsets::new(text);
            while stream.advance() {
                let token = stream.token();
                let start = offsets.at(token.offset_from);
                let end = offsets.at(token.offset_to);
                words.push(Word {
                    term: token.text.clone(),
                    start,
                    end,
                });
            }
            FoldedText {
                text: text.to_owned(),
                words,
            }
        })
    }

    /// The folded words joined by single spaces, as the autocompletion keys them.
    pub fn key(&self) -> String {
        join(self.words.iter().map(|w| w.term.as_str()))
    }
}

/// The folded words of a text.
pub fn fold_terms(text: &str) -> Vec<String> {
    with_analyzer(|analyzer| {
        let mut stream = analyzer.token_stream(text);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push(stream.token().text.clone());
        }
        terms
    })
}

thread_local! {
    /// One analyzer per thread, reused: building one allocates its filters and buffers.
    static ANALYZER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(analyzer());
}

/// Runs `work` with this thread's analyzer (a fresh one if it is already in use).
fn with_analyzer<T>(work: impl FnOnce(&mut TextAnalyzer) -> T) -> T {
    ANALYZER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut analyzer) => work(&mut analyzer),
        Err(_) => work(&mut analyzer()),
    })
}

/// Character offsets of byte offsets that come in increasing order (mostly), each counted on
/// from the one before.
struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            return char_offset(self.text, byte);
        }
        match self.text.get(self.byte..byte) {
            Some(step) => {
                self.chars += step.chars().count();
                self.byte = byte;
                self.chars
            }
            None => char_offset(self.text, byte),
        }
    }
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
