//! CPU work that can grow with the graph runs on tokio's blocking pool, at most one piece per
//! core at a time, so that it never holds an executor thread that `/health` and small
//! queries need.
//!
//! **The rule.** A GraphQL resolver or HTTP handler whose work can grow with the size of the
//! graph goes through [`run`] (resolvers: `api::args::blocking`), or through [`run_sized`]
//! (`api::args::blocking_if_large`) when it knows its size up front: then work of at most
//! [`INLINE_STEPS`] steps (entities or relations read) runs where it is asked for, since a
//! trip to the pool would cost more than the work, and larger work goes to the pool. What
//! stays on the executor without either does work bounded by its page or by a constant.
//!
//! Through [`run_here_if`]: `search`, which runs where it is asked for when its cost is known
//! before it runs and at most [`INLINE_SEARCH_POSTINGS`], and on the pool otherwise.
//!
//! Through [`run`]: `suggest`, `paths`, `neighborhood`, `connections`, `suggestPartners`,
//! `aggregate`, `cooperation`, `collaborators`, and the exports; `path` once its search would
//! read more than [`INLINE_PATH_READS`] relations where it is asked for (it then starts again
//! on the pool). An answer written directly (`api::direct`) follows the same rule for `search`
//! and `path`: it declines a search of unknown or large cost, and a path search past that
//! budget, where it is asked for, and writes the whole answer again on the pool.
//!
//! Through [`run_sized`], sized by the list they filter or the relations they read:
//! - the lists that filter every entity of a kind: `entities(asOf:)`, `regions(level:, in:)`,
//!   `institutions(in:, kind:, topic:)`, `people(at:)`, `programmes(kind:)`,
//!   `projects(programme:, partner:, topic:, partnersIn:)`, `events` (always: it sorts by
//!   date), `Region.institutions` and `Region.events` (either way, recursive or not);
//! - the fields that read one entity's relations, sized by its degree: `relations` with a
//!   type filter (without one, a page is cut from the adjacency row on the executor), `topics`,
//!   `Region.children`, `Institution.units`, `people`, `partnerships`, `Person.positions`,
//!   `Programme.projects`, `partners`, `Project.programme`, `programmes`, `partners`,
//!   `Topic.entities`, `Event.parts`, `visits`, `parent` of an institution or event, and
//!   `Relation.id` (which counts the relations of one type between its two ends);
//! - the paged siblings of those lists, sized the same way, since a page of a list sorted by
//!   name or date needs the whole list and a page of one relation type scans the entity's
//!   relations: `Region.childrenPage`, `Institution.unitsPage`, `peoplePage`,
//!   `partnershipsPage`, `Person.positionsPage`, `Programme.projectsPage`, `partnersPage`,
//!   `Project.programmesPage`, `partnersPage`, `Event.partsPage` and `visitsPage`.
//!
//! On the executor, with the reason:
//! - `entity`, `node`, `source`, `entityByExternalId`: one lookup in a hash map;
//! - `entities` without `asOf`, and the other lists without a filter (`regions`,
//!   `institutions`, `people`, `programmes`, `projects`, `topics`): a page cut from an order
//!   stored at load;
//! - `sources`: a page of the list of source documents, which grows with the files cited, not
//!   with the entities (twelve in generated data);
//! - `stats`: counted once per dataset at load ([`crate::Dataset::stats`]);
//! - `ranking`, `components`, `communities` and `Group.entities`: pages of rankings and
//!   groups computed at load (a group's members are read in place, not copied);
//! - `centrality`, `Region.parent`, `parents`, `ancestors` (a chain of containment, a few
//!   steps), `location`, `place`, and every scalar field of an entity, relation, source,
//!   figure or address: a constant amount of work each;
//! - the fields of an answer already computed on the pool (a search's hits, a cooperation
//!   matrix's links and regions, a collaborator's `projects` and `projectsPage`): pages or
//!   copies of what was computed.
//!
//! Without the limit of one piece per core, many concurrent requests each got a blocking
//! thread of their own and the threads spent their time switching: on one core, 32
//! concurrent searches ran twenty times slower than one after another. Work past the limit
//! waits its turn without a thread; [`waiting`] says how many pieces wait.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

/// The most steps (entities or relations read) a piece of work may take and still run on the
/// thread that asks for it: a few microseconds of work, less than a trip to the blocking pool.
pub const INLINE_STEPS: usize = 256;

/// The most relations a path search may read where it is asked for before it is moved to the
/// blocking pool and started again there. A path search's cost is not known before it ends,
/// so a search that goes to the pool pays for the reads it did here, the trip (about 30 µs of
/// CPU, BENCHMARKS.md, "Requests with variables and random ids") and the whole search again.
/// At 4,096 reads (about 20 µs) a fifth of random paths on the generated graph of 100,000
/// entities went to the pool; at 16,384 (about 80 µs, within the 10 to 100 µs that tokio's
/// guidance allows a task between two awaits) fewer than 2% do (BENCHMARKS.md, "Paths
/// written directly").
pub const INLINE_PATH_READS: usize = 16_384;

/// The most a search may cost, in postings read (documents of the terms it reads, and for a
/// query with phrases the candidates it must explain on their whole text, counted in
/// postings), and still run where it is asked for. The cost is known before it runs only when
/// a search of the same words kept what its prefix and typo clauses matched (see
/// `SearchIndex::known_cost`). A search of unknown cost, or of more, runs on the blocking
/// pool. A search also has a part that does not grow with the graph, ranking at most 300
/// candidates, of 50 to 100 µs; at this budget the slowest search where it was asked for took
/// about 150 µs in a calibration on 505 words, above the 10 to 100 µs that tokio's guidance
/// allows between two awaits (BENCHMARKS.md, "Search without folding, and searches where they
/// are asked for").
pub const INLINE_SEARCH_POSTINGS: usize = 2_048;

/// Runs `work` where it is asked for when `here`, and like [`run`] otherwise.
pub async fn run_here_if<T: Send + 'static>(
    here: bool,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, tokio::task::JoinError> {
    if here { Ok(work()) } else { run(work).await }
}

/// Whether a search of known cost `postings` (see [`INLINE_SEARCH_POSTINGS`]) runs where it
/// is asked for.
pub fn search_runs_here(postings: Option<usize>) -> bool {
    postings.is_some_and(|postings| postings <= INLINE_SEARCH_POSTINGS)
}

/// How many pieces of work wait for a core now.
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// Counts one piece of work as waiting for as long as it lives, even when the request that
/// waits is dropped.
struct Waiting;

impl Waiting {
    fn start() -> Self {
        WAITING.fetch_add(1, Ordering::SeqCst);
        Waiting
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, Ordering::SeqCst);
    }
}

tokio::task_local! {
    /// Set when work inside [`noting_waits`] goes to the pool.
    static WENT_TO_POOL: std::cell::Cell<bool>;
}

/// Runs `future` and says whether any work inside it went to the blocking pool (through
/// [`run`]), that is, whether anything in it had to wait. Work done where it is asked for
/// (small [`run_sized`] work) does not count.
pub async fn noting_waits<F: Future>(future: F) -> (F::Output, bool) {
    WENT_TO_POOL
        .scope(std::cell::Cell::new(false), async move {
            let output = future.await;
            (output, WENT_TO_POOL.with(std::cell::Cell::get))
        })
        .await
}

/// Runs `work` on the blocking pool once a core is free; the error is the task's panic.
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, tokio::task::JoinError> {
    let _ = WENT_TO_POOL.try_with(|went| went.set(true));
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    let permits = PERMITS.get_or_init(|| Semaphore::new(cores()));
    let waiting = Waiting::start();
    // The semaphore is never closed, so a permit always comes.
    let _permit = permits.acquire().await.ok();
    drop(waiting);
    tokio::task::spawn_blocking(work).await
}

/// Runs `work` of about `steps` steps where it is asked for when that is at most
/// [`INLINE_STEPS`], and like [`run`] when it is more.
pub async fn run_sized<T: Send + 'static>(
    steps: usize,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, tokio::task::JoinError> {
    run_here_if(steps <= INLINE_STEPS, work).await
}

/// How many pieces of work wait for a core now (for tests and metrics).
pub fn waiting() -> usize {
    WAITING.load(Ordering::SeqCst)
}

/// How many pieces of work may run at once: one per core.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
