//! Exports of the graph or of a subgraph for network tools: GraphML and GEXF (Gephi, networkx,
//! igraph), CSV node and edge tables (pandas, R) and JSON nodes and edges (D3, Cytoscape).
//!
//! Every format carries the same attributes (see [`NODE_ATTRIBUTES`] and [`EDGE_ATTRIBUTES`]);
//! a missing value is left out in XML, empty in CSV and `null` in JSON. Entity ids are the node
//! ids; relations get the edge id `e<position in the data>`.

pub mod tables;
mod xml;

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use serde_json::{Map, Value as Json};

use crate::analytics::{Filter, MAX_NEIGHBORHOOD_DEPTH, Metrics, Period, Subgraph, neighborhood};
use crate::model::{
    EdgeIndex, EntityDetails, EntityKind, Graph, NodeIndex, PartialDate, RelationType, SourceIndex,
};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the output failed.
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("writing CSV failed: {0}")]
    Csv(#[from] csv::Error),
    /// The JSON writer failed.
    #[error("writing JSON failed: {0}")]
    Json(#[from] serde_json::Error),
    /// A selection parameter cannot be read.
    #[error("`{name}`: {message}")]
    BadParameter {
        /// The parameter's name.
        name: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A format name that is not one of [`Format::ALL`].
    #[error(
        "unknown export format `{0}` (expected one of: graphml, gexf, csv-nodes, csv-edges, json)"
    )]
    UnknownFormat(String),
    /// The centre names no entity.
    #[error("`center`: no entity has the id `{0}`")]
    UnknownCenter(String),
}

/// What to export, as text parameters: the one definition of the export options, read from
/// the command line (`regiograph export --center ...`, through clap) and from a URL query
/// (`GET /export/{format}?center=...`, through serde, in camelCase). Lists are
/// comma-separated; names are spelled as in the data files (`partner_in`, `institution`).
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Selection {
    /// Export the neighbourhood of this entity instead of the whole graph.
    #[arg(long)]
    pub center: Option<String>,
    /// How many relations away from the centre, 1 to 3 (default 1); only with `center`.
    #[arg(long, requires = "center")]
    pub depth: Option<usize>,
    /// Only relations of these types, comma-separated (`partner_in,member_of`).
    #[arg(long)]
    pub relation_types: Option<String>,
    /// Only entities of these kinds, comma-separated (`institution,project`); the centre is
    /// always kept.
    #[arg(long)]
    pub kinds: Option<String>,
    /// Only what was present on this date (`2019`, `2023-03`).
    #[arg(long)]
    pub as_of: Option<String>,
    /// Only what was present at some time from this date on.
    #[arg(long)]
    pub since: Option<String>,
    /// Only what was present at some time up to this date.
    #[arg(long)]
    pub until: Option<String>,
}

fn parse_list<T: FromStr>(
    name: &'static str,
    text: &Option<String>,
) -> Result<Option<Vec<T>>, ExportError>
where
    T::Err: fmt::Display,
{
    let Some(text) = text else { return Ok(None) };
    text.split(',')
        .map(|part| {
            part.trim()
                .parse()
                .map_err(|e: T::Err| ExportError::BadParameter {
                    name,
                    message: e.to_string(),
                })
        })
        .collect::<Result<Vec<T>, _>>()
        .map(Some)
}

fn parse_date(
    name: &'static str,
    text: &Option<String>,
) -> Result<Option<PartialDate>, ExportError> {
    text.as_deref()
        .map(|t| {
            t.parse()
                .map_err(|e: crate::model::BadDate| ExportError::BadParameter {
                    name,
                    message: e.to_string(),
                })
        })
        .transpose()
}

impl Selection {
    /// The filter these parameters describe.
    pub fn filter(&self) -> Result<Filter, ExportError> {
        let as_of = parse_date("asOf", &self.as_of)?;
        let since = parse_date("since", &self.since)?;
        let until = parse_date("until", &self.until)?;
        let period = Period::from_arguments(as_of, since, until).map_err(|error| {
            ExportError::BadParameter {
                name: error.argument(),
                message: error.to_string(),
            }
        })?;
        Ok(Filter {
            relation_types: parse_list::<RelationType>("relationTypes", &self.relation_types)?,
            kinds: parse_list::<EntityKind>("kinds", &self.kinds)?,
            period,
        })
    }

    /// The subgraph to export: the neighbourhood of the centre (every entity within `depth`,
    /// with no entity limit beyond the graph's size), or the whole graph, filtered.
    pub fn subgraph(&self, graph: &Graph) -> Result<Subgraph, ExportError> {
        let filter = self.filter()?;
        match &self.center {
            None => {
                if self.depth.is_some() {
                    return Err(ExportError::BadParameter {
                        name: "depth",
                        message: "only makes sense with `center`".to_owned(),
                    });
                }
                Ok(Subgraph::whole(graph, &filter))
            }
            Some(id) => {
                let depth = self.depth.unwrap_or(1);
                if !(1..=MAX_NEIGHBORHOOD_DEPTH).contains(&depth) {
                    return Err(ExportError::BadParameter {
                        name: "depth",
                        message: format!(
                            "must be between 1 and {MAX_NEIGHBORHOOD_DEPTH}, but was {depth}"
                        ),
                    });
                }
                let center = graph
                    .find(id)
                    .ok_or_else(|| ExportError::UnknownCenter(id.clone()))?;
                Ok(neighborhood(
                    graph,
                    center,
                    depth,
                    graph.entity_count(),
                    &filter,
                ))
            }
        }
    }
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GraphML 1.0, with typed `<key>` declarations.
    GraphMl,
    /// GEXF 1.2, with typed attribute declarations.
    Gexf,
    /// A CSV table of nodes, one row per entity, with a header.
    CsvNodes,
    /// A CSV table of edges, one row per relation, with a header.
    CsvEdges,
    /// A JSON object `{ "directed": true, "nodes": [...], "edges": [...] }`.
    Json,
}

impl Format {
    /// Every format, in documentation order.
    pub const ALL: [Format; 5] = [
        Format::GraphMl,
        Format::Gexf,
        Format::CsvNodes,
        Format::CsvEdges,
        Format::Json,
    ];

    /// The name used on the command line and in URLs.
    pub fn name(self) -> &'static str {
        match self {
            Format::GraphMl => "graphml",
            Format::Gexf => "gexf",
            Format::CsvNodes => "csv-nodes",
            Format::CsvEdges => "csv-edges",
            Format::Json => "json",
        }
    }

    /// A file name for a download of this format.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::GraphMl => "regiograph.graphml",
            Format::Gexf => "regiograph.gexf",
            Format::CsvNodes => "regiograph-nodes.csv",
            Format::CsvEdges => "regiograph-edges.csv",
            Format::Json => "regiograph.json",
        }
    }

    /// The media type to serve the format with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::GraphMl => "application/graphml+xml",
            Format::Gexf => "application/gexf+xml",
            Format::CsvNodes | Format::CsvEdges => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = ExportError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == text)
            .ok_or_else(|| ExportError::UnknownFormat(text.to_owned()))
    }
}

/// The type of an attribute's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeType {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// A floating-point number.
    Double,
}

/// The node attributes, in column order (after `id`).
pub const NODE_ATTRIBUTES: &[(&str, AttributeType)] = &[
    ("label", AttributeType::String),
    ("kind", AttributeType::String),
    ("subkind", AttributeType::String),
    ("aliases", AttributeType::String),
    ("description", AttributeType::String),
    ("website", AttributeType::String),
    ("start", AttributeType::String),
    ("end", AttributeType::String),
    ("sources", AttributeType::String),
    ("degree", AttributeType::Integer),
    ("betweenness", AttributeType::Double),
    ("pagerank", AttributeType::Double),
    ("component", AttributeType::Integer),
    ("community", AttributeType::Integer),
];

/// The edge attributes, in column order (after `id`, `source` and `target`).
pub const EDGE_ATTRIBUTES: &[(&str, AttributeType)] = &[
    ("relation_type", AttributeType::String),
    ("role", AttributeType::String),
    ("start", AttributeType::String),
    ("end", AttributeType::String),
    ("sources", AttributeType::String),
    ("description", AttributeType::String),
];

/// One attribute value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    String(String),
    /// A whole number.
    Integer(i64),
    /// A floating-point number.
    Double(f64),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::String(text) => f.write_str(text),
            Value::Integer(n) => write!(f, "{n}"),
            Value::Double(x) => write!(f, "{x}"),
        }
    }
}

impl Value {
    fn json(&self) -> Json {
        match self {
            Value::String(text) => Json::from(text.as_str()),
            Value::Integer(n) => Json::from(*n),
            Value::Double(x) => Json::from(*x),
        }
    }
}

/// The edge id of a relation.
pub fn edge_id(edge: EdgeIndex) -> String {
    format!("e{}", edge.index())
}

fn source_ids(graph: &Graph, sources: &[SourceIndex]) -> Value {
    Value::String(
        sources
            .iter()
            .map(|&s| graph.source(s).id.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

fn text(value: Option<impl ToString>) -> Option<Value> {
    value.map(|v| Value::String(v.to_string()))
}

/// The attribute values of one node, in [`NODE_ATTRIBUTES`] order; `None` where unknown.
pub fn node_values(graph: &Graph, metrics: &Metrics, node: NodeIndex) -> Vec<Option<Value>> {
    let entity = graph.entity(node);
    let subkind = match entity.details {
        EntityDetails::Region { level, .. } => Some(level.as_str()),
        EntityDetails::Institution { kind, .. } => Some(kind.as_str()),
        EntityDetails::Programme { kind, .. } => kind.map(|k| k.as_str()),
        EntityDetails::Event { kind, .. } => Some(kind.as_str()),
        _ => None,
    };
    let (start, end) = entity.details.dates();
    let centrality = metrics.centrality(node);
    vec![
        text(Some(&entity.name)),
        text(Some(entity.kind())),
        text(subkind),
        (!entity.aliases.is_empty()).then(|| Value::String(entity.aliases.join("; "))),
        text(entity.description.as_ref()),
        text(entity.website.as_ref()),
        text(start),
        text(end),
        Some(source_ids(graph, &entity.sources)),
        Some(Value::Integer(centrality.degree as i64)),
        Some(Value::Double(centrality.betweenness)),
        Some(Value::Double(centrality.page_rank)),
        Some(Value::Integer(metrics.component_of(node) as i64)),
        Some(Value::Integer(metrics.community_of(node) as i64)),
    ]
}

/// The attribute values of one edge, in [`EDGE_ATTRIBUTES`] order; `None` where unknown.
pub fn edge_values(graph: &Graph, edge: EdgeIndex) -> Vec<Option<Value>> {
    let relation = graph.relation(edge).relation;
    vec![
        text(Some(relation.rel_type)),
        text(relation.role.as_ref()),
        text(relation.start),
        text(relation.end),
        Some(source_ids(graph, &relation.sources)),
        text(relation.description.as_ref()),
    ]
}

/// Writes a subgraph in one format.
pub fn write(
    format: Format,
    graph: &Graph,
    metrics: &Metrics,
    subgraph: &Subgraph,
    out: impl Write,
) -> Result<(), ExportError> {
    match format {
        Format::GraphMl => xml::graphml(graph, metrics, subgraph, out)?,
        Format::Gexf => xml::gexf(graph, metrics, subgraph, out)?,
        Format::CsvNodes => csv_nodes(graph, metrics, subgraph, out)?,
        Format::CsvEdges => csv_edges(graph, subgraph, out)?,
        Format::Json => json(graph, metrics, subgraph, out)?,
    }
    Ok(())
}

/// Writes a subgraph to a byte vector.
pub fn to_bytes(
    format: Format,
    graph: &Graph,
    metrics: &Metrics,
    subgraph: &Subgraph,
) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    write(format, graph, metrics, subgraph, &mut out)?;
    Ok(out)
}

fn cell(value: &Option<Value>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn csv_nodes(
    graph: &Graph,
    metrics: &Metrics,
    subgraph: &Subgraph,
    out: impl Write,
) -> Result<(), ExportError> {
    let mut writer = csv::Writer::from_writer(out);
    let header = std::iter::once("id").chain(NODE_ATTRIBUTES.iter().map(|(name, _)| *name));
    writer.write_record(header)?;
    for &node in &subgraph.entities {
        let values = node_values(graph, metrics, node);
        let row = std::iter::once(graph.entity(node).id.clone()).chain(values.iter().map(cell));
        writer.write_record(row)?;
    }
    writer.flush()?;
    Ok(())
}

fn csv_edges(graph: &Graph, subgraph: &Subgraph, out: impl Write) -> Result<(), ExportError> {
    let mut writer = csv::Writer::from_writer(out);
    let header = ["id", "source", "target"]
        .into_iter()
        .chain(EDGE_ATTRIBUTES.iter().map(|(name, _)| *name));
    writer.write_record(header)?;
    for &edge in &subgraph.relations {
        let view = graph.relation(edge);
        let values = edge_values(graph, edge);
        let row = [
            edge_id(edge),
            graph.entity(view.from).id.clone(),
            graph.entity(view.to).id.clone(),
        ]
        .into_iter()
        .chain(values.iter().map(cell));
        writer.write_record(row)?;
    }
    writer.flush()?;
    Ok(())
}

fn json_object(
    head: Vec<(&str, Json)>,
    names: &[(&str, AttributeType)],
    values: &[Option<Value>],
) -> Json {
    let mut object = Map::new();
    for (name, value) in head {
        object.insert(name.to_owned(), value);
    }
    for ((name, _), value) in names.iter().zip(values) {
        object.insert(
            (*name).to_owned(),
            value.as_ref().map_or(Json::Null, Value::json),
        );
    }
    Json::Object(object)
}

fn json(
    graph: &Graph,
    metrics: &Metrics,
    subgraph: &Subgraph,
    mut out: impl Write,
) -> Result<(), ExportError> {
    let nodes: Vec<Json> = subgraph
        .entities
        .iter()
        .map(|&node| {
            json_object(
                vec![("id", Json::from(graph.entity(node).id.as_str()))],
                NODE_ATTRIBUTES,
                &node_values(graph, metrics, node),
            )
        })
        .collect();
    let edges: Vec<Json> = subgraph
        .relations
        .iter()
        .map(|&edge| {
            let view = graph.relation(edge);
            json_object(
                vec![
                    ("id", Json::from(edge_id(edge))),
                    ("source", Json::from(graph.entity(view.from).id.as_str())),
                    ("target", Json::from(graph.entity(view.to).id.as_str())),
                ],
                EDGE_ATTRIBUTES,
                &edge_values(graph, edge),
            )
        })
        .collect();
    let document = serde_json::json!({
        "directed": true,
        "truncated": subgraph.truncated,
        "nodes": nodes,
        "edges": edges,
    });
    serde_json::to_writer_pretty(&mut out, &document)?;
    out.write_all(b"\n")?;
    Ok(())
}
