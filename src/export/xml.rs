//! The XML formats, GraphML and GEXF, written with quick-xml (which escapes text and attributes).

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{AttributeType, EDGE_ATTRIBUTES, NODE_ATTRIBUTES, edge_id, edge_values, node_values};
use crate::analytics::{Metrics, Subgraph};
use crate::model::Graph;

/// An attribute's type as GraphML and GEXF both spell it.
fn xml_type(kind: AttributeType) -> &'static str {
    match kind {
        AttributeType::String => "string",
        AttributeType::Integer => "long",
        AttributeType::Double => "double",
    }
}

/// Starts an indented UTF-8 XML document.
fn document<W: Write>(out: W) -> io::Result<Writer<W>> {
    let mut writer = Writer::new_with_indent(out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(writer)
}

/// Writes GraphML: keys `n0..` for node attributes and `e0..` for edge attributes.
pub fn graphml(
    graph: &Graph,
    metrics: &Metrics,
    subgraph: &Subgraph,
    out: impl Write,
) -> io::Result<()> {
    let mut writer = document(out)?;
    writer
        .create_element("graphml")
        .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
        .write_inner_content(|w| {
            for (prefix, domain, attributes) in [
                ("n", "node", NODE_ATTRIBUTES),
                ("e", "edge", EDGE_ATTRIBUTES),
            ] {
                for (position, (name, kind)) in attributes.iter().enumerate() {
                    w.create_element("key")
                        .with_attributes([
                            ("id", format!("{prefix}{position}").as_str()),
                            ("for", domain),
                            ("attr.name", name),
                            ("attr.type", xml_type(*kind)),
                        ])
                        .write_empty()?;
                }
            }
            w.create_element("graph")
                .with_attributes([("id", "regiograph"), ("edgedefault", "directed")])
                .write_inner_content(|w| {
                    for &node in &subgraph.entities {
                        let values = node_values(graph, metrics, node);
                        w.create_element("node")
                            .with_attribute(("id", graph.entity(node).id.as_str()))
                            .write_inner_content(|w| data(w, "n", &values))?;
                    }
                    for &edge in &subgraph.relations {
                        let view = graph.relation(edge);
                        let values = edge_values(graph, edge);
                        w.create_element("edge")
                            .with_attributes([
                                ("id", edge_id(edge).as_str()),
                                ("source", graph.entity(view.from).id.as_str()),
                                ("target", graph.entity(view.to).id.as_str()),
                            ])
                            .write_inner_content(|w| data(w, "e", &values))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    writer.into_inner().write_all(b"\n")
}

fn data<W: Write>(
    w: &mut Writer<W>,
    prefix: &str,
    values: &[Option<super::Value>],
) -> io::Result<()> {
    for (position, value) in values.iter().enumerate() {
        if let Some(value) = value {
            w.create_element("data")
                .with_attribute(("key", format!("{prefix}{position}").as_str()))
                .write_text_content(BytesText::new(&value.to_string()))?;
        }
    }
    Ok(())
}

fn attvalues<W: Write>(w: &mut Writer<W>, values: &[Option<super::Value>]) -> io::Result<()> {
    w.create_element("attvalues").write_inner_content(|w| {
        for (position, value) in values.iter().enumerate() {
            if let Some(value) = value {
                w.create_element("attvalue")
                    .with_attributes([
                        ("for", position.to_string().as_str()),
                        ("value", value.to_string().as_str()),
                    ])
                    .write_empty()?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

/// Writes GEXF 1.2: the entity's name is the node label, the relation type the edge label, and
/// every attribute (the name and type included) is also an attribute value.
pub fn gexf(
    graph: &Graph,
    metrics: &Metrics,
    subgraph: &Subgraph,
    out: impl Write,
) -> io::Result<()> {
    let mut writer = document(out)?;
    writer
        .create_element("gexf")
        .with_attributes([
            ("xmlns", "http://www.gexf.net/1.2draft"),
            ("version", "1.2"),
        ])
        .write_inner_content(|w| {
            w.create_element("meta").write_inner_content(|w| {
                w.create_element("creator")
                    .write_text_content(BytesText::new("regiograph"))?;
                Ok(())
            })?;
            w.create_element("graph")
                .with_attributes([("mode", "static"), ("defaultedgetype", "directed")])
                .write_inner_content(|w| {
                    for (class, attributes) in
                        [("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)]
                    {
                        w.create_element("attributes")
                            .with_attribute(("class", class))
                            .write_inner_content(|w| {
                                for (position, (name, kind)) in attributes.iter().enumerate() {
                                    w.create_element("attribute")
                                        .with_attributes([
                                            ("id", position.to_string().as_str()),
                                            ("title", name),
                                            ("type", xml_type(*kind)),
                                        ])
                                        .write_empty()?;
                                }
                                Ok(())
                            })?;
                    }
                    w.create_element("nodes").write_inner_content(|w| {
                        for &node in &subgraph.entities {
                            let entity = graph.entity(node);
                            w.create_element("node")
                                .with_attributes([
                                    ("id", entity.id.as_str()),
                                    ("label", entity.name.as_str()),
                                ])
                                .write_inner_content(|w| {
                                    attvalues(w, &node_values(graph, metrics, node))
                                })?;
                        }
                        Ok(())
                    })?;
                    w.create_element("edges").write_inner_content(|w| {
                        for &edge in &subgraph.relations {
                            let view = graph.relation(edge);
                            w.create_element("edge")
                                .with_attributes([
                                    ("id", edge_id(edge).as_str()),
                                    ("source", graph.entity(view.from).id.as_str()),
                                    ("target", graph.entity(view.to).id.as_str()),
                                    ("label", view.relation.rel_type.as_str()),
                                ])
                                .write_inner_content(|w| attvalues(w, &edge_values(graph, edge)))?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
            Ok(())
        })?;
    writer.into_inner().write_all(b"\n")
}
