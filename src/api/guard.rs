//! Limits on the shape of a query document, checked after parsing and before validation,
//! so that a hostile document is refused in time proportional to its size.
//!
//! Validation of a GraphQL document can cost far more than its size suggests: fragments
//! that each spread the next one many times expand exponentially, and thousands of aliases
//! make field-merging checks quadratic. The guard computes the expanded size of every
//! operation once, with each fragment's size memoised, and refuses documents over the limits
//! before async-graphql validates them.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, ServerError, ServerResult, Variables};

/// The limits the guard enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentLimits {
    /// The most nested braces the query text may have; checked before parsing.
    pub max_nesting: usize,
    /// The most fields an operation may select once its fragments are expanded.
    pub max_fields: u64,
    /// The most aliased fields the document may have.
    pub max_aliases: usize,
    /// The most fields at the root of an operation.
    pub max_root_fields: usize,
    /// The most directives the document may use.
    pub max_directives: usize,
    /// The deepest selection an operation may have once its fragments are expanded.
    pub max_depth: usize,
}

impl Default for DocumentLimits {
    fn default() -> Self {
        DocumentLimits {
            max_nesting: 32,
            max_fields: 2_000,
            max_aliases: 100,
            max_root_fields: 20,
            max_directives: 50,
            max_depth: super::MAX_DEPTH,
        }
    }
}

/// The async-graphql extension that applies [`DocumentLimits`] to every request.
pub struct DocumentGuard(pub DocumentLimits);

impl ExtensionFactory for DocumentGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(GuardExtension(self.0))
    }
}

struct GuardExtension(DocumentLimits);

#[async_graphql::async_trait::async_trait]
impl Extension for GuardExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let limits = self.0;
        let nesting = nesting(query);
        if nesting > limits.max_nesting {
            return Err(refused(format!(
                "the query nests selections {nesting} deep; the limit is {}",
                limits.max_nesting
            )));
        }
        let document = next.run(ctx, query, variables).await?;
        check(&document, &limits).map_err(refused)?;
        Ok(document)
    }
}

fn refused(message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = async_graphql::ErrorExtensionValues::default();
    extensions.set("code", "QUERY_TOO_LARGE");
    error.extensions = Some(extensions);
    error
}

/// The deepest nesting of `{`, `(` and `[` in a query text, outside strings and comments.
pub fn nesting(query: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' | '(' | '[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            '}' | ')' | ']' => depth = depth.saturating_sub(1),
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' => {
                // Strings, block strings included, cannot hold structure; skip to the closing quote.
                let mut escaped = false;
                for c in chars.by_ref() {
                    match (escaped, c) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    deepest
}

/// Counts gathered over a selection set, with fragments expanded.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    fields: u64,
    depth: usize,
}

struct Walker<'a> {
    document: &'a ExecutableDocument,
    fragments: HashMap<&'a Name, Size>,
    visiting: Vec<&'a Name>,
    aliases: usize,
    directives: usize,
}

impl<'a> Walker<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet) -> Result<Size, String> {
        let mut size = Size::default();
        for selection in &set.items {
            let inner = match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    if field.alias.is_some() {
                        self.aliases += 1;
                    }
                    self.directives += field.directives.len();
                    let children = self.selection_set(&field.selection_set.node)?;
                    Size {
                        fields: children.fields.saturating_add(1),
                        depth: children.depth + 1,
                    }
                }
                Selection::InlineFragment(fragment) => {
                    self.directives += fragment.node.directives.len();
                    self.selection_set(&fragment.node.selection_set.node)?
                }
                Selection::FragmentSpread(spread) => {
                    self.directives += spread.node.directives.len();
                    self.fragment(&spread.node.fragment_name.node)?
                }
            };
            size.fields = size.fields.saturating_add(inner.fields);
            size.depth = size.depth.max(inner.depth);
        }
        Ok(size)
    }

    fn fragment(&mut self, name: &'a Name) -> Result<Size, String> {
        if let Some(size) = self.fragments.get(name) {
            return Ok(*size);
        }
        if self.visiting.contains(&name) {
            return Err(format!("fragment `{name}` spreads itself"));
        }
        let Some(definition) = self.document.fragments.get(name) else {
            // An unknown fragment is reported by validation with a better message.
            return Ok(Size::default());
        };
        self.visiting.push(name);
        self.directives += definition.node.directives.len();
        let size = self.selection_set(&definition.node.selection_set.node);
        self.visiting.pop();
        let size = size?;
        self.fragments.insert(name, size);
        Ok(size)
    }
}

/// Checks a parsed document against the limits; the error says which limit and by how much.
pub fn check(document: &ExecutableDocument, limits: &DocumentLimits) -> Result<(), String> {
    let mut walker = Walker {
        document,
        fragments: HashMap::new(),
        visiting: Vec::new(),
        aliases: 0,
        directives: 0,
    };
    for (_, operation) in document.operations.iter() {
        let operation = &operation.node;
        walker.directives += operation.directives.len();
        let roots = operation.selection_set.node.items.len();
        if roots > limits.max_root_fields {
            return Err(format!(
                "the operation selects {roots} root fields; the limit is {}",
                limits.max_root_fields
            ));
        }
        let size = walker.selection_set(&operation.selection_set.node)?;
        if size.fields > limits.max_fields {
            return Err(format!(
                "the operation selects {} fields once fragments are expanded; the limit is {}",
                size.fields, limits.max_fields
            ));
        }
        if size.depth > limits.max_depth {
            return Err(format!(
                "the operation nests fields {} deep once fragments are expanded; the limit is {}",
                size.depth, limits.max_depth
            ));
        }
    }
    // Fragments that no operation uses still cost validation time.
    for name in document.fragments.keys() {
        walker.fragment(name)?;
    }
    if walker.aliases > limits.max_aliases {
        return Err(format!(
            "the document uses {} aliases; the limit is {}",
            walker.aliases, limits.max_aliases
        ));
    }
    if walker.directives > limits.max_directives {
        return Err(format!(
            "the document uses {} directives; the limit is {}",
            walker.directives, limits.max_directives
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(query: &str) -> Result<(), String> {
        let document = async_graphql::parser::parse_query(query).map_err(|e| e.to_string())?;
        check(&document, &DocumentLimits::default())
    }

    #[test]
    fn nesting_ignores_strings_and_comments() {
        assert_eq!(nesting(r#"{ a(b: "{{{{") { c } } # {{{{"#), 2);
        assert_eq!(nesting(&"{".repeat(50)), 50);
    }

    #[test]
    fn exploding_fragments_are_counted_not_expanded() {
        let mut query = String::from("query { ...F0 }\n");
        for i in 0..40 {
            query.push_str(&format!(
                "fragment F{i} on Query {{ ...F{} ...F{} }}\n",
                i + 1,
                i + 1
            ));
        }
        query.push_str("fragment F40 on Query { __typename }\n");
        let error = checked(&query).unwrap_err();
        assert!(
            error.contains("fields once fragments are expanded"),
            "{error}"
        );
    }

    #[test]
    fn cycles_and_alias_floods_are_refused() {
        assert!(
            checked("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
                .unwrap_err()
                .contains("spreads itself")
        );
        let aliases: String = (0..150).map(|i| format!("a{i}: __typename ")).collect();
        assert!(
            checked(&format!("{{ stats {{ {aliases} }} }}"))
                .unwrap_err()
                .contains("aliases")
        );
        assert!(checked("{ stats { entities } }").is_ok());
    }
}
