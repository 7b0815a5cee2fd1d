//! A built search index as files and back: tantivy's own segment files (read from its RAM
//! directory, written back into a new one) and the suggestion index beside them, for snapshots.

use std::path::Path;

use tantivy::Index;
use tantivy::directory::{Directory, RamDirectory};

use super::names::NameWords;
use super::suggest::SuggestIndex;
use super::{FOLDED, Fields, SearchError, SearchIndex};
use crate::text::analyzer;

/// One file of a tantivy index: its name in the index's directory and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    /// The file's name (`meta.json`, `<segment>.idx`, ...).
    pub name: String,
    /// Its bytes, as tantivy wrote them.
    pub bytes: Vec<u8>,
}

impl SearchIndex {
    /// Every file of the tantivy index (its `meta.json` and the files of each segment), in
    /// name order.
    pub fn files(&self) -> Result<Vec<IndexFile>, SearchError> {
        let searcher = self.reader.searcher();
        let index = searcher.index();
        let directory = index.directory();
        let mut names: Vec<std::path::PathBuf> = index
            .load_metas()?
            .list_segment_files()
            .into_iter()
            .collect();
        names.push(Path::new("meta.json").to_owned());
        names.sort();
        let mut files = Vec::with_capacity(names.len());
        for name in names {
            let unreadable = |error: &dyn std::fmt::Display| {
                SearchError::Stored(format!("{}: {error}", name.display()))
            };
            // The list names every component a segment may have; some segments lack some.
            if !directory.exists(&name).map_err(|e| unreadable(&e))? {
                continue;
            }
            let bytes = directory.atomic_read(&name).map_err(|e| unreadable(&e))?;
            files.push(IndexFile {
                name: name.to_string_lossy().into_owned(),
                bytes,
            });
        }
        Ok(files)
    }

    /// The suggestion index, to store beside the files.
    pub fn suggestions(&self) -> &SuggestIndex {
        &self.suggestions
    }

    /// Every entity's name and aliases as word ids, to store beside the files.
    pub fn names(&self) -> &NameWords {
        &self.names
    }

    /// Opens an index from the files [`SearchIndex::files`] returned, its suggestions and its
    /// names' words.
    /// Each file's bytes are handed to a new RAM directory one at a time, so that no more
    /// than one file is held twice.
    pub fn open(
        files: impl IntoIterator<Item = IndexFile>,
        suggestions: SuggestIndex,
        names: NameWords,
    ) -> Result<Self, SearchError> {
        let directory = RamDirectory::create();
        for file in files {
            if file.name.contains('/') || file.name.starts_with('.') {
                return Err(SearchError::Stored(format!(
                    "the file name {:?} is not one tantivy writes",
                    file.name
                )));
            }
            directory
                .atomic_write(Path::new(&file.name), &file.bytes)
                .map_err(|error| SearchError::Stored(format!("{}: {error}", file.name)))?;
        }
        let index = Index::open(directory)?;
        index.tokenizers().register(FOLDED, analyzer());
        let schema = index.schema();
        let field = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| SearchError::Stored(format!("the index has no field `{name}`")))
        };
        let fields = Fields {
            node: field("node")?,
            name: field("name")?,
            aliases: field("aliases")?,
            description: field("description")?,
            context: field("context")?,
        };
        Self::over(index, fields, suggestions, names)
    }
}
