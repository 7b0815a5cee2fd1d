//! The `regiograph` command line: serve the GraphQL API, validate data, print the schema, export.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use regiograph::generate::{self, GenerateOptions};
use regiograph::load::{self, LoadError};
use regiograph::progress::{Progress, TerminalProgress};
use regiograph::server::{self, AppState, ServerConfig};
use regiograph::{DataSource, Dataset, DatasetError, LoadTimings, api, export, import, snapshot};
use tracing_subscriber::EnvFilter;

/// mimalloc: loading a million entities allocates and frees tens of millions of small
/// strings, across two threads, where it is much faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A GraphQL knowledge-graph service about cooperation between regions.
#[derive(Parser)]
#[command(name = "regiograph", version, about)]
struct Cli {
    /// How log lines are written.
    #[arg(
        long,
        global = true,
        env = "REGIOGRAPH_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load the data and serve GraphQL on /graphql, the playground on /, health on /health.
    Serve {
        #[command(flatten)]
        data: DataDir,
        /// Start from a snapshot written by `regiograph snapshot` instead of the data
        /// directories; a reload (SIGHUP, `POST /admin/reload`) reads the file again.
        #[arg(long, env = "REGIOGRAPH_SNAPSHOT", conflicts_with = "paths")]
        snapshot: Option<PathBuf>,
        /// The address to listen on.
        #[arg(long, env = "REGIOGRAPH_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        #[command(flatten)]
        limits: ServeOptions,
    },
    /// Load and index data directories, and write everything `serve` computes at load to one
    /// file that `serve --snapshot` starts from in seconds.
    Snapshot {
        #[command(flatten)]
        data: DataDir,
        /// The snapshot file to write; it appears whole once written, replacing an older one.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a data directory and report every problem with file and line.
    Validate {
        #[command(flatten)]
        data: DataDir,
    },
    /// Print the GraphQL schema (the contents of schema.graphql).
    Schema,
    /// Write a synthetic dataset in the bulk format (JSON Lines), for benchmarks and trials.
    Generate {
        /// About how many entities to write.
        #[arg(long, default_value_t = 10_000)]
        entities: usize,
        /// The random seed; the same seed writes the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// About how many relations per entity.
        #[arg(long, default_value_t = 5.0)]
        relations_per_entity: f64,
        /// The directory to write `sources.jsonl`, `entities.jsonl` and `relations.jsonl` into.
        #[arg(long)]
        out: PathBuf,
        /// Write CORDIS-shaped zips (Horizon Europe, H2020, FP7) with about this many
        /// participation rows instead, for `regiograph import cordis`.
        #[arg(long, conflicts_with_all = ["entities", "relations_per_entity"])]
        cordis_rows: Option<usize>,
    },
    /// Export the graph, or a neighbourhood of it, for network tools (Gephi, networkx, igraph,
    /// pandas, D3).
    Export(ExportArgs),
    /// Read published open data (CORDIS, Interreg, Kohesio) as downloaded, and write it as a
    /// data directory to serve beside the bundled data (`serve --data data --data DIR`).
    Import(ImportArgs),
}

#[derive(Args)]
struct ImportArgs {
    /// The dataset: cordis, interreg or kohesio.
    format: import::Format,
    /// The files as published: zips, CSV files or workbooks, several at once.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The directory to write; it appears whole once the import is done, replacing an older
    /// one.
    #[arg(long)]
    out: PathBuf,
    /// Refuse the whole import, writing nothing, when any row is refused.
    #[arg(long)]
    strict: bool,
    /// The data the import will be served beside: its regions place the organisations, and
    /// its entities are recognised by their identifiers (PIC, NUTS, ...).
    #[command(flatten)]
    data: DataDir,
}

#[derive(Args)]
struct ExportArgs {
    #[command(flatten)]
    data: DataDir,
    /// The format: graphml, gexf, csv-nodes, csv-edges or json.
    #[arg(long)]
    format: export::Format,
    #[command(flatten)]
    selection: export::Selection,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct ServeOptions {
    /// Origins that browsers may call the API from, comma-separated; `*` for any, empty for none.
    #[arg(
        long = "cors-origins",
        env = "REGIOGRAPH_CORS_ORIGINS",
        value_delimiter = ',',
        default_value = "*"
    )]
    cors_origins: Vec<String>,
    /// The bearer token of `POST /admin/reload`; without it the endpoint does not exist.
    #[arg(long, env = "REGIOGRAPH_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// The most GraphQL requests in flight at once; more are answered with 503.
    #[arg(long, env = "REGIOGRAPH_MAX_IN_FLIGHT", default_value_t = 256)]
    max_in_flight: usize,
    /// The deadline of one GraphQL request, in seconds; slower requests are answered with 503.
    #[arg(long, env = "REGIOGRAPH_REQUEST_TIMEOUT", default_value_t = 10)]
    request_timeout: u64,
    /// The largest request body accepted, in bytes; larger bodies are answered with 413.
    #[arg(long, env = "REGIOGRAPH_MAX_BODY_BYTES", default_value_t = 65_536)]
    max_body_bytes: usize,
    /// Turn off introspection and field suggestions in error messages.
    #[arg(long, env = "REGIOGRAPH_NO_INTROSPECTION")]
    no_introspection: bool,
    /// How many threads serve requests; by default one per core.
    #[arg(long, env = "REGIOGRAPH_WORKER_THREADS")]
    worker_threads: Option<usize>,
    /// Seconds a client has, from a request's first byte, to send its request line and
    /// headers; slower connections are closed (nginx's `client_header_timeout`).
    #[arg(long, env = "REGIOGRAPH_HEADER_READ_TIMEOUT", default_value_t = 60)]
    header_read_timeout: u64,
    /// Seconds a connection may stay open with nothing sent on it, before its first request
    /// or between two (nginx's `keepalive_timeout`).
    #[arg(long, env = "REGIOGRAPH_IDLE_TIMEOUT", default_value_t = 75)]
    idle_timeout: u64,
    /// The most connections open at once; past it, new ones wait until one closes.
    #[arg(long, env = "REGIOGRAPH_MAX_CONNECTIONS", default_value_t = 16_384)]
    max_connections: usize,
    /// Megabytes of whole GraphQL answers kept for repeated requests (same data version,
    /// query, operation and variables); 0 turns the cache off.
    #[arg(long, env = "REGIOGRAPH_RESPONSE_CACHE_MB", default_value_t = 64)]
    response_cache_mb: usize,
    /// The largest estimated answer a query may ask for, in fields: a list counts as its page
    /// size (`first` or `limit`) times what each item selects. Larger queries are refused with
    /// QUERY_TOO_LARGE before any work.
    #[arg(long, env = "REGIOGRAPH_MAX_ANSWER_COST", default_value_t = regiograph::api::SchemaOptions::default().max_answer_cost)]
    max_answer_cost: u64,
}

impl ServeOptions {
    fn config(self) -> ServerConfig {
        ServerConfig {
            max_body_bytes: self.max_body_bytes,
            request_timeout: std::time::Duration::from_secs(self.request_timeout.max(1)),
            max_in_flight: self.max_in_flight.max(1),
            cors_origins: self
                .cors_origins
                .into_iter()
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty())
                .collect(),
            admin_token: self.admin_token.filter(|t| !t.is_empty()),
            introspection: !self.no_introspection,
            header_read_timeout: std::time::Duration::from_secs(self.header_read_timeout.max(1)),
            idle_timeout: std::time::Duration::from_secs(self.idle_timeout.max(1)),
            max_connections: self.max_connections.max(1),
            response_cache_bytes: self.response_cache_mb.saturating_mul(1 << 20),
            max_answer_cost: self.max_answer_cost.max(1),
        }
    }
}

/// How log lines are written.
#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Args)]
struct DataDir {
    /// A data directory: every *.toml file and every *.jsonl bulk file in it is loaded. Give
    /// it more than once (or a comma-separated list in the environment variable) to load
    /// several directories into one graph; without it, the bundled data.
    #[arg(
        long = "data",
        env = "REGIOGRAPH_DATA",
        value_delimiter = ',',
        default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data")
    )]
    paths: Vec<PathBuf>,
}

impl DataDir {
    /// The directories, for messages.
    fn describe(&self) -> String {
        DataSource::Directories(self.paths.clone()).describe()
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // A log line that cannot be written (standard error closed) is dropped, not reported on
    // standard error again, which would panic the request that logged it.
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .log_internal_errors(false)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
        LogFormat::Json => logs.json().with_current_span(true).init(),
    }
    // Progress bars only on a terminal, and never beside JSON logs.
    let progress = TerminalProgress::when_terminal(matches!(cli.log_format, LogFormat::Text));
    let result = match cli.command {
        Command::Serve {
            data,
            snapshot,
            bind,
            limits,
        } => {
            let workers = limits.worker_threads;
            let source = match snapshot {
                Some(path) => DataSource::Snapshot(path),
                None => DataSource::Directories(data.paths),
            };
            serve(&source, bind, limits.config(), workers, progress.as_ref())
        }
        Command::Snapshot { data, out } => write_snapshot(&data, &out, progress.as_ref()),
        Command::Validate { data } => validate(&data, progress.as_ref()),
        Command::Generate {
            seed,
            out,
            cordis_rows: Some(rows),
            ..
        } => {
            let started = std::time::Instant::now();
            generate::generate_cordis(rows, seed, &out, progress.as_ref())
                .map(|summary| {
                    println!(
                        "wrote {} projects and {} participations of {} organisations in {} zips to {} in {:.1} s",
                        summary.projects,
                        summary.participations,
                        summary.organisations,
                        summary.files.len(),
                        out.display(),
                        started.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                })
                .context("generating failed")
        }
        Command::Generate {
            entities,
            seed,
            relations_per_entity,
            out,
            cordis_rows: None,
        } => {
            let options = GenerateOptions {
                entities,
                seed,
                relations_per_entity,
            };
            let started = std::time::Instant::now();
            generate::generate(options, &out, progress.as_ref())
                .map(|summary| {
                    println!(
                        "wrote {} entities, {} relations and {} sources to {} in {:.1} s",
                        summary.entities,
                        summary.relations,
                        summary.sources,
                        out.display(),
                        started.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                })
                .context("generating failed")
        }
        Command::Schema => {
            print!("{}", api::sdl());
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(args) => run_export(args, progress.as_ref()),
        Command::Import(args) => run_import(args, progress.as_ref()),
    };
    result.unwrap_or_else(|error| {
        eprintln!("error: {error:#}");
        ExitCode::FAILURE
    })
}

/// Prints a load failure; a validation report goes out whole, one problem per line.
fn report(error: &DatasetError) {
    match error {
        DatasetError::Load(LoadError::Invalid(report)) => eprint!("{report}"),
        other => eprintln!("error: {other}"),
    }
}

fn validate(dirs: &DataDir, progress: &dyn Progress) -> anyhow::Result<ExitCode> {
    match load::load_dirs_with_progress(&dirs.paths, progress) {
        Ok((graph, _)) => {
            let count = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            println!(
                "{} {} valid: {}, {}, {}",
                dirs.describe(),
                if dirs.paths.len() == 1 { "is" } else { "are" },
                count(graph.entity_count(), "entity", "entities"),
                count(graph.relation_count(), "relation", "relations"),
                count(graph.sources().len(), "source", "sources"),
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            report(&DatasetError::Load(error));
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Logs how long each phase of loading took.
fn log_timings(data: &Dataset, timings: &LoadTimings, source: &DataSource) {
    tracing::info!(
        entities = data.graph.entity_count(),
        relations = data.graph.relation_count(),
        load_ms = timings.load.as_millis() as u64,
        search_index_ms = timings.search_index.as_millis() as u64,
        metrics_ms = timings.metrics.as_millis() as u64,
        elapsed_ms = timings.total.as_millis() as u64,
        version = %data.version,
        data = %source.describe(),
        "data loaded and indexed"
    );
}

fn serve(
    source: &DataSource,
    bind: SocketAddr,
    config: ServerConfig,
    worker_threads: Option<usize>,
    progress: &dyn Progress,
) -> anyhow::Result<ExitCode> {
    let data = match source.load(progress) {
        Ok((data, timings)) => {
            log_timings(&data, &timings, source);
            data
        }
        Err(error) => {
            report(&error);
            let fix = match source {
                DataSource::Snapshot(_) => "write the snapshot again",
                DataSource::Directories(_) => "fix the data above",
            };
            eprintln!("regiograph did not start: {fix}, then run it again");
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.enable_all();
    if let Some(workers) = worker_threads {
        runtime.worker_threads(workers.max(1));
    }
    let runtime = runtime.build().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = server::bind(bind).with_context(|| format!("cannot listen on {bind}"))?;
        let address = listener
            .local_addr()
            .context("cannot read the bound address")?;
        // Install the signal handlers before announcing the server, so no signal is missed.
        let state = AppState::with_config(data, config, source.clone());
        let shutdown = server::shutdown_signal();
        tokio::spawn(server::reload_on_sighup(state.clone()));
        tracing::info!(
            "serving GraphQL on http://{address}/graphql and the playground on http://{address}/"
        );
        server::serve(listener, state, shutdown)
            .await
            .context("server failed")
    })?;
    Ok(ExitCode::SUCCESS)
}

fn write_snapshot(dirs: &DataDir, out: &Path, progress: &dyn Progress) -> anyhow::Result<ExitCode> {
    let source = DataSource::Directories(dirs.paths.clone());
    let data = match source.load(progress) {
        Ok((data, timings)) => {
            log_timings(&data, &timings, &source);
            data
        }
        Err(error) => {
            report(&error);
            eprintln!("no snapshot was written: fix the data above, then run it again");
            return Ok(ExitCode::FAILURE);
        }
    };
    let started = std::time::Instant::now();
    progress.start("writing the snapshot", 0);
    let written = snapshot::write(&data, out);
    progress.finish();
    let written = written.context("the snapshot could not be written")?;
    println!(
        "wrote {} ({:.1} MB: {} entities, {} relations, data version {}) in {:.1} s; serve it with: regiograph serve --snapshot {}",
        out.display(),
        written.bytes as f64 / 1e6,
        data.graph.entity_count(),
        data.graph.relation_count(),
        data.version,
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn run_export(args: ExportArgs, progress: &dyn Progress) -> anyhow::Result<ExitCode> {
    let data = match Dataset::load_dirs_with_progress(&args.data.paths, progress) {
        Ok((data, _)) => data,
        Err(error) => {
            report(&error);
            return Ok(ExitCode::FAILURE);
        }
    };
    progress.start(&format!("exporting {}", args.format.file_name()), 0);
    let subgraph = args.selection.subgraph(&data.graph);
    let bytes = subgraph
        .and_then(|subgraph| export::to_bytes(args.format, &data.graph, &data.metrics, &subgraph));
    progress.finish();
    let bytes = bytes?;
    match args.out {
        Some(path) => std::fs::write(&path, bytes)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::Write::write_all(&mut std::io::stdout().lock(), &bytes)
            .context("cannot write to standard output")?,
    }
    Ok(ExitCode::SUCCESS)
}

/// How many refused rows are printed; the report file in the output lists more.
const PRINTED_REFUSALS: usize = 20;

fn run_import(args: ImportArgs, progress: &dyn Progress) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let served = match load::load_dirs_with_progress(&args.data.paths, progress) {
        Ok((graph, _)) => graph,
        Err(error) => {
            report(&DatasetError::Load(error));
            eprintln!("the import needs the data it will be served beside; fix the data above");
            return Ok(ExitCode::FAILURE);
        }
    };
    let (records, summary) = import::read(args.format, &args.inputs, &served, progress)
        .context("the import could not read its input")?;
    for refused in summary.refusals.iter().take(PRINTED_REFUSALS) {
        eprintln!("refused {refused}");
    }
    let refused = summary.refused_rows();
    if refused > PRINTED_REFUSALS {
        eprintln!(
            "... {} more refused rows, listed in {}",
            refused - PRINTED_REFUSALS,
            args.out.join("import-report.txt").display()
        );
    }
    print!("{summary}");
    if args.strict && refused > 0 {
        eprintln!("error: {refused} rows refused and --strict given: nothing was written");
        return Ok(ExitCode::FAILURE);
    }
    progress.start("writing", 0);
    let written = import::write_dir(&records, &summary, &args.out);
    progress.finish();
    written.context("the import could not write its output")?;
    println!(
        "wrote {} in {:.1} s; serve it with: regiograph serve --data {} --data {}",
        args.out.display(),
        started.elapsed().as_secs_f64(),
        args.data.describe().replace(", ", " --data "),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
