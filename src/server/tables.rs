//! The cooperation tables over HTTP as CSV, for pandas and R:
//! `GET /export/aggregate?groupBy=COUNTRY,YEAR&programme=...`,
//! `GET /export/cooperation?level=NUTS2&table=links|regions&...` and
//! `GET /export/collaborators?id=...&level=COUNTRY&...`. The parameters are the GraphQL
//! arguments of the same names; the rows are every group, link, region or collaborator (no
//! paging).

use axum::Extension;
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::Pinned;
use super::export::{attachment, internal_error};
use crate::analytics::cooperation::{self as coop, ArgumentError, Dimension, Scale};
use crate::export::tables;

/// The filters every table takes.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct TableParams {
    group_by: Option<String>,
    level: Option<String>,
    table: Option<String>,
    id: Option<String>,
    #[serde(rename = "in")]
    region: Option<String>,
    programme: Option<String>,
    organisation: Option<String>,
    from: Option<i64>,
    to: Option<i64>,
    topic: Option<String>,
}

impl TableParams {
    fn filter_args(&self) -> coop::FilterArgs {
        coop::FilterArgs {
            region: self.region.clone(),
            programme: self.programme.clone(),
            organisation: self.organisation.clone(),
            from: self.from,
            to: self.to,
            topic: self.topic.clone(),
        }
    }
}

/// Which table a request asks for.
#[derive(Debug, Clone, Copy)]
pub(super) enum Table {
    Aggregate,
    Cooperation,
    Collaborators,
}

/// `GET /export/aggregate`.
pub(super) async fn aggregate(
    pinned: Extension<Pinned>,
    params: Result<Query<TableParams>, QueryRejection>,
) -> Response {
    table(pinned, params, Table::Aggregate).await
}

/// `GET /export/cooperation`.
pub(super) async fn cooperation(
    pinned: Extension<Pinned>,
    params: Result<Query<TableParams>, QueryRejection>,
) -> Response {
    table(pinned, params, Table::Cooperation).await
}

/// `GET /export/collaborators`.
pub(super) async fn collaborators(
    pinned: Extension<Pinned>,
    params: Result<Query<TableParams>, QueryRejection>,
) -> Response {
    table(pinned, params, Table::Collaborators).await
}

fn bad_request(message: impl std::fmt::Display) -> Response {
    (StatusCode::BAD_REQUEST, format!("{message}\n")).into_response()
}

async fn table(
    Extension(Pinned(data)): Extension<Pinned>,
    params: Result<Query<TableParams>, QueryRejection>,
    table: Table,
) -> Response {
    let params = match params {
        Ok(Query(params)) => params,
        Err(rejection) => return bad_request(rejection.body_text()),
    };
    // Counting a million participations is CPU work: it shares the per-core limit.
    let result = crate::cpu::run(move || build(&data, &params, table)).await;
    match result {
        Ok(Ok((name, bytes))) => {
            attachment("text/csv; charset=utf-8", &format!("{name}.csv"), bytes)
        }
        Ok(Err(TableError::Argument(error))) => bad_request(error),
        Ok(Err(TableError::Missing(message))) => bad_request(message),
        Ok(Err(TableError::Export(error))) => error.into_response(),
        Err(error) => {
            tracing::error!(%error, "table export task failed");
            internal_error()
        }
    }
}

/// Why a table could not be made.
enum TableError {
    Argument(ArgumentError),
    Missing(&'static str),
    Export(crate::export::ExportError),
}

impl From<ArgumentError> for TableError {
    fn from(error: ArgumentError) -> Self {
        TableError::Argument(error)
    }
}

impl From<crate::export::ExportError> for TableError {
    fn from(error: crate::export::ExportError) -> Self {
        TableError::Export(error)
    }
}

/// Reads the parameters, answers the question and writes its CSV.
fn build(
    data: &crate::Dataset,
    params: &TableParams,
    table: Table,
) -> Result<(&'static str, Vec<u8>), TableError> {
    let graph = &data.graph;
    let filter = params.filter_args().resolve(graph)?;
    let level = params
        .level
        .as_deref()
        .map(str::parse::<Scale>)
        .transpose()?;
    match table {
        Table::Aggregate => {
            let names = params
                .group_by
                .as_deref()
                .ok_or(TableError::Missing("`groupBy` is required: one to four of COUNTRY, NUTS1, NUTS2, NUTS3, YEAR, PROGRAMME, ROLE, INSTITUTION_KIND, ORGANISATION, comma-separated"))?;
            let dimensions = names
                .split(',')
                .map(str::parse::<Dimension>)
                .collect::<Result<Vec<_>, _>>()?;
            coop::check_dimensions(&dimensions)?;
            let groups = data.participations.aggregate(graph, &dimensions, &filter);
            Ok((
                "aggregate",
                tables::groups_csv(graph, &dimensions, &groups)?,
            ))
        }
        Table::Cooperation => {
            let level = level.ok_or(TableError::Missing(
                "`level` is required: COUNTRY, NUTS1, NUTS2 or NUTS3",
            ))?;
            let matrix = data.participations.cooperation(graph, level, &filter);
            match params.table.as_deref().unwrap_or("links") {
                "links" => Ok((
                    "cooperation-links",
                    tables::links_csv(graph, &matrix.links)?,
                )),
                "regions" => Ok((
                    "cooperation-regions",
                    tables::regions_csv(graph, &matrix.regions)?,
                )),
                _ => Err(TableError::Missing(
                    "`table` is `links` (the default) or `regions`",
                )),
            }
        }
        Table::Collaborators => {
            let id = params.id.as_deref().ok_or(TableError::Missing(
                "`id` is required: an institution or a region",
            ))?;
            let entity = coop::partner_entity(graph, id)?;
            let collaborators = data
                .participations
                .collaborators(graph, entity, level, &filter);
            Ok((
                "collaborators",
                tables::collaborators_csv(graph, &collaborators)?,
            ))
        }
    }
}
