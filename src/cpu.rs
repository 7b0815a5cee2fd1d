//! CPU-heavy work (searches, traversals, exports) on tokio's blocking pool, at most one piece
//! per core at a time.
//!
//! Without the limit, many concurrent requests each got a blocking thread of their own and the
//! threads spent their time switching: on one core, 32 concurrent searches ran twenty times
//! slower than one after another. Work past the limit waits its turn without a thread.

use std::sync::OnceLock;

use tokio::sync::Semaphore;

/// Runs `work` on the blocking pool once a core is free; the error is the task's panic.
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, tokio::task::JoinError> {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    let permits = PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Semaphore::new(cores)
    });
    // The semaphore is never closed, so a permit always comes.
    let _permit = permits.acquire().await.ok();
    tokio::task::spawn_blocking(work).await
}
