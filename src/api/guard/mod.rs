//! Limits on the shape of a query document, checked after parsing and before validation,
//! so that a hostile document is refused in time proportional to its size.
//!
//! Validation of a GraphQL document can cost far more than its size suggests: fragments
//! that each spread the next one many times expand exponentially, and thousands of aliases
//! make field-merging checks quadratic. The guard computes the expanded size of every
//! operation once, with each fragment's size memoised, and refuses documents over the limits
//! before async-graphql parses them with its own checks or validates them.

use std::collections::HashMap;
use std::sync::Arc;

use std::sync::Mutex;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest,
    NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::{Name, Request, ServerError, ServerResult, ValidationResult, Variables};
use async_graphql_value::Value as DocumentValue;

mod schema_index;
mod variables;

pub use schema_index::SchemaIndex;

use super::cache::DocumentCache;
use super::page::MAX_PAGE_SIZE;

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
    /// The largest estimated answer an operation may ask for: a list counts as its page size
    /// (`first` or `limit`, or the field's default) times what each item selects.
    pub max_cost: u64,
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
            // Measured (BENCHMARKS.md, "The answer-size limit"): an answered field costs about
            // 1 µs of one core and 16 bytes of JSON, so the largest admitted answer takes about
            // a quarter of a second and 4 MB. Two levels of 100 neighbours each way (about
            // 201,000) pass.
            max_cost: 250_000,
        }
    }
}

/// The async-graphql extension that applies [`DocumentLimits`] to every request.
#[derive(Clone)]
pub struct DocumentGuard {
    /// The limits.
    pub limits: DocumentLimits,
    /// The fields of the schema the documents are checked against.
    pub schema: Arc<SchemaIndex>,
    /// Documents that passed before, and their validation results.
    pub cache: Arc<DocumentCache>,
}

impl DocumentGuard {
    /// The parsed document of a request that needs no checking again: its text and operation
    /// passed validation before, its variables surely fit their declared types, and it is
    /// within the size limits with these variables. `None` means the request must go through
    /// the guard and validation.
    pub fn known_document(&self, request: &Request) -> Option<ExecutableDocument> {
        let operation = request.operation_name.as_deref();
        let document = self.cache.document(&request.query)?;
        let key = validation_key(
            &document,
            &request.query,
            operation,
            &request.variables,
            &self.schema,
        )?;
        if !self.cache.has_validation(&key) {
            return None;
        }
        if declares_variables(&document) {
            check(&document, &request.variables, &self.schema, &self.limits).ok()?;
        }
        Some(document)
    }
}

/// The key a validation result is kept under: the text and operation alone when the
/// variables surely fit their declared types (so that a new id does not mean validating
/// again), and the variables too otherwise; `None` for a text too long to keep.
fn validation_key(
    document: &ExecutableDocument,
    query: &str,
    operation_name: Option<&str>,
    variables: &Variables,
    schema: &SchemaIndex,
) -> Option<String> {
    let sure = variables.is_empty()
        || variables::surely_valid(document, operation_name, variables, schema);
    DocumentCache::validation_key(query, operation_name, (!sure).then_some(variables))
}

/// Whether any operation of a document declares variables. Its estimated size depends on
/// them (page sizes given as variables, or the defaults when one is left out), so it is
/// checked again for every request; a document without any is sized once.
fn declares_variables(document: &ExecutableDocument) -> bool {
    document
        .operations
        .iter()
        .any(|(_, operation)| !operation.node.variable_definitions.is_empty())
}

impl ExtensionFactory for DocumentGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(GuardExtension {
            limits: self.limits,
            schema: self.schema.clone(),
            cache: self.cache.clone(),
            request: Mutex::default(),
        })
    }
}

/// The guard for one request.
struct GuardExtension {
    limits: DocumentLimits,
    schema: Arc<SchemaIndex>,
    cache: Arc<DocumentCache>,
    /// This request's operation name, then its validation key once the text is known.
    request: Mutex<RequestKeys>,
}

#[derive(Default)]
struct RequestKeys {
    operation_name: Option<String>,
    validation_key: Option<String>,
}

impl GuardExtension {
    fn keys(&self) -> std::sync::MutexGuard<'_, RequestKeys> {
        self.request
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for GuardExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        self.keys().operation_name = request.operation_name.clone();
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let operation_name = self.keys().operation_name.clone();
        let (document, key) = self
            .parse_checked(ctx, query, variables, operation_name.as_deref(), next)
            .await?;
        self.keys().validation_key = key;
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let key = self.keys().validation_key.take();
        let Some(key) = key else {
            return next.run(ctx).await;
        };
        if let Some(result) = self.cache.validation(&key) {
            return Ok(result);
        }
        let result = next.run(ctx).await?;
        self.cache.keep_validation(key, result);
        Ok(result)
    }
}

impl GuardExtension {
    /// Parses a document, or takes it from the cache, and checks it against the limits; also
    /// returns the key its validation result is kept under.
    async fn parse_checked(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        operation_name: Option<&str>,
        next: NextParseQuery<'_>,
    ) -> ServerResult<(ExecutableDocument, Option<String>)> {
        let limits = self.limits;
        // A document seen before passed the text-only checks (nesting, async-graphql's
        // recursion and directive limits). The size check depends on the variables (page
        // sizes), so it runs again when the document declares any, or when it was never
        // validated.
        if let Some(document) = self.cache.document(query) {
            let key = validation_key(&document, query, operation_name, variables, &self.schema);
            let checked_before = key.as_ref().is_some_and(|k| self.cache.has_validation(k));
            if !checked_before || declares_variables(&document) {
                check(&document, variables, &self.schema, &limits).map_err(refused)?;
            }
            return Ok((document, key));
        }
        let nesting = nesting(query);
        if nesting > limits.max_nesting {
            return Err(refused(format!(
                "the query nests selections {nesting} deep; the limit is {}",
                limits.max_nesting
            )));
        }
        // Check before handing over: async-graphql's own recursion check, which runs while
        // parsing, walks fragment spreads without memoising them and is itself exponential.
        // Parsing twice costs time linear in the (size-capped) query. A document that does
        // not parse is left to async-graphql, which reports the syntax error.
        if let Ok(document) = async_graphql::parser::parse_query(query) {
            check(&document, variables, &self.schema, &limits).map_err(refused)?;
        }
        let document = next.run(ctx, query, variables).await?;
        self.cache.keep_document(query, &document);
        let key = validation_key(&document, query, operation_name, variables, &self.schema);
        Ok((document, key))
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
    cost: u64,
}

struct Walker<'a> {
    document: &'a ExecutableDocument,
    variables: &'a Variables,
    schema: &'a SchemaIndex,
    fragments: HashMap<&'a Name, Size>,
    visiting: Vec<&'a Name>,
    aliases: usize,
    directives: usize,
}

impl<'a> Walker<'a> {
    /// Sizes a selection set on the type `owner` (the type its fields belong to).
    fn selection_set(&mut self, set: &'a SelectionSet, owner: &str) -> Result<Size, String> {
        let mut size = Size::default();
        for selection in &set.items {
            let inner = match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    if field.alias.is_some() {
                        self.aliases += 1;
                    }
                    self.directives += field.directives.len();
                    let schema: &'a SchemaIndex = self.schema;
                    let info = schema.field(owner, field.name.node.as_str());
                    let returns = info.map_or("", |i| i.returns.as_str());
                    let children = self.selection_set(&field.selection_set.node, returns)?;
                    let items = self.page_size(field, info.and_then(|i| i.default_page));
                    Size {
                        fields: children.fields.saturating_add(1),
                        depth: children.depth + 1,
                        cost: items.saturating_mul(children.cost).saturating_add(1),
                    }
                }
                Selection::InlineFragment(fragment) => {
                    self.directives += fragment.node.directives.len();
                    let on = fragment
                        .node
                        .type_condition
                        .as_ref()
                        .map(|c| c.node.on.node.to_string());
                    self.selection_set(
                        &fragment.node.selection_set.node,
                        on.as_deref().unwrap_or(owner),
                    )?
                }
                Selection::FragmentSpread(spread) => {
                    self.directives += spread.node.directives.len();
                    self.fragment(&spread.node.fragment_name.node)?
                }
            };
            size.fields = size.fields.saturating_add(inner.fields);
            size.depth = size.depth.max(inner.depth);
            size.cost = size.cost.saturating_add(inner.cost);
        }
        Ok(size)
    }

    /// How many items a field may return: its `first` or `limit` (a literal or a variable,
    /// clamped as the resolvers clamp it), its default page size, or 1 for a plain field.
    fn page_size(&self, field: &Field, default: Option<u64>) -> u64 {
        let argument = field
            .arguments
            .iter()
            .find(|(name, _)| matches!(name.node.as_str(), "first" | "limit"))
            .map(|(_, value)| &value.node);
        let given = match argument {
            Some(DocumentValue::Number(n)) => n.as_i64(),
            Some(DocumentValue::Variable(name)) => match self.variables.get(name) {
                Some(async_graphql::Value::Number(n)) => n.as_i64(),
                _ => None,
            },
            _ => None,
        };
        match (given, default) {
            (Some(n), _) => n.clamp(1, MAX_PAGE_SIZE as i64) as u64,
            (None, Some(size)) => size,
            (None, None) => 1,
        }
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
        let on = definition.node.type_condition.node.on.node.to_string();
        let size = self.selection_set(&definition.node.selection_set.node, &on);
        self.visiting.pop();
        let size = size?;
        self.fragments.insert(name, size);
        Ok(size)
    }
}

/// Checks a parsed document against the limits; the error says which limit and by how much.
pub fn check(
    document: &ExecutableDocument,
    variables: &Variables,
    schema: &SchemaIndex,
    limits: &DocumentLimits,
) -> Result<(), String> {
    let mut walker = Walker {
        document,
        variables,
        schema,
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
        let root = match operation.ty {
            async_graphql::parser::types::OperationType::Query => "Query",
            async_graphql::parser::types::OperationType::Mutation => "Mutation",
            async_graphql::parser::types::OperationType::Subscription => "Subscription",
        };
        let size = walker.selection_set(&operation.selection_set.node, root)?;
        if size.fields > limits.max_fields {
            return Err(format!(
                "the operation selects {} fields once fragments are expanded; the limit is {}",
                size.fields, limits.max_fields
            ));
        }
        if size.cost > limits.max_cost {
            return Err(format!(
                "the operation could return about {} items (each list counts as its `first` or \
                 `limit` times what it selects); the limit is {}",
                size.cost, limits.max_cost
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
mod tests;
