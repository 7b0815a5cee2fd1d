//! Accepting connections: how many may be open at once, how long a request's head may take to
//! arrive, and how long a connection may sit idle between requests.
//!
//! axum's own `serve` has none of these, so a client could open a connection, send half a
//! request line and hold it for as long as it liked, thousands of times over. Here every
//! connection has a watchdog that knows whether a request is being answered, when the last one
//! ended and when the first byte of the next one arrived, and closes the connection when the
//! client is too slow to send a head or has been silent for too long. Past the cap on open
//! connections the server stops accepting, so new connections wait in the kernel's backlog.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, watch};
use tokio::time::Instant;
use tower::ServiceExt;

use super::AppState;

/// The limits every connection lives under.
#[derive(Debug, Clone, Copy)]
struct Limits {
    header_read_timeout: Duration,
    idle_timeout: Duration,
}

/// Accepts connections on `listener` and serves `router` on each until `shutdown` completes,
/// then lets the requests in flight finish and waits for every connection to close.
pub(super) async fn serve(
    listener: TcpListener,
    router: Router,
    state: AppState,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let config = state.config();
    let limits = Limits {
        header_read_timeout: config.header_read_timeout,
        idle_timeout: config.idle_timeout,
    };
    let max = config.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let permits = Arc::new(Semaphore::new(max));
    let (stop, stopping) = watch::channel(());
    tokio::pin!(shutdown);
    loop {
        // A permit first: at the cap, the server stops accepting until a connection closes.
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit,
            () = &mut shutdown => break,
        };
        // The semaphore is never closed, so a permit always comes.
        let Ok(permit) = permit else { break };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // wait a moment rather than spin, and go on serving the others.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let state = state.clone();
        let stopping = stopping.clone();
        tokio::spawn(async move {
            let _open = state.metrics().connection_opened();
            connection(stream, router, limits, &state, stopping).await;
            drop(permit);
        });
    }
    drop(listener);
    // Tell every connection to finish its request and close, then wait until all have.
    drop(stop);
    let _all = permits.acquire_many(max as u32).await;
    Ok(())
}

/// Serves one connection until the client closes it, a limit runs out or the server stops.
async fn connection(
    stream: TcpStream,
    router: Router,
    limits: Limits,
    state: &AppState,
    mut stopping: watch::Receiver<()>,
) {
    // Small answers go out at once rather than waiting for Nagle's algorithm.
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        stream,
        activity: activity.clone(),
    });
    let service = {
        let activity = activity.clone();
        tower::service_fn(move |request: Request<Incoming>| {
            let answering = Answering::new(activity.clone());
            let response = router.clone().oneshot(request);
            async move {
                let response = response.await;
                drop(answering);
                response
            }
        })
    };
    let mut http = hyper::server::conn::http1::Builder::new();
    // hyper's own head timer starts as soon as a connection waits for a request, so it would
    // also cut idle connections short; the watchdog below keeps the two limits apart.
    http.header_read_timeout(None);
    let serving = http.serve_connection(io, TowerToHyperService::new(service));
    tokio::pin!(serving);
    let mut graceful = false;
    loop {
        tokio::select! {
            result = serving.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%error, "connection ended with an error");
                }
                return;
            }
            reason = activity.expired(limits) => {
                // Nothing is being answered: dropping the connection closes the socket. It is
                // counted first, so whoever sees the socket close also sees it counted.
                tracing::debug!(reason, "closing a connection");
                state.metrics().connection_closed(reason);
                return;
            }
            _ = stopping.changed(), if !graceful => {
                // The server is shutting down: finish the request in flight, then close.
                serving.as_mut().graceful_shutdown();
                graceful = true;
            }
        }
    }
}

/// What a connection's watchdog reads: whether a request is being answered, when the last
/// one ended, and when the first byte after it came. Times are milliseconds since the
/// connection opened.
#[derive(Debug)]
struct Activity {
    opened: Instant,
    answering: AtomicUsize,
    quiet_since: AtomicU64,
    /// `NONE` while no byte of a next request has come.
    head_since: AtomicU64,
    /// Wakes the watchdog when its deadline moves: a request ends or a head begins.
    moved: Notify,
}

const NONE: u64 = u64::MAX;

impl Activity {
    fn new() -> Self {
        Activity {
            opened: Instant::now(),
            answering: AtomicUsize::new(0),
            quiet_since: AtomicU64::new(0),
            head_since: AtomicU64::new(NONE),
            moved: Notify::new(),
        }
    }

    fn now(&self) -> u64 {
        self.opened.elapsed().as_millis() as u64
    }

    /// Notes bytes read from the client: the start of a request's head, if none was under way.
    fn bytes_read(&self) {
        if self.answering.load(Ordering::Acquire) == 0 {
            let now = self.now();
            let began =
                self.head_since
                    .compare_exchange(NONE, now, Ordering::AcqRel, Ordering::Relaxed);
            if began.is_ok() {
                self.moved.notify_one();
            }
        }
    }

    /// Completes with the limit that ran out: the head took too long, or the connection sat
    /// idle too long. Never completes while a request is being answered.
    async fn expired(&self, limits: Limits) -> &'static str {
        loop {
            let (deadline, reason) = if self.answering.load(Ordering::Acquire) > 0 {
                // Look again later: a request's own deadline is the router's business.
                (self.now() + millis(limits.idle_timeout), None)
            } else {
                match self.head_since.load(Ordering::Acquire) {
                    NONE => (
                        self.quiet_since.load(Ordering::Acquire) + millis(limits.idle_timeout),
                        Some("idle_timeout"),
                    ),
                    since => (
                        since + millis(limits.header_read_timeout),
                        Some("header_timeout"),
                    ),
                }
            };
            if let Some(reason) = reason
                && self.now() >= deadline
            {
                return reason;
            }
            let wait = deadline.saturating_sub(self.now());
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(wait.max(1))) => {}
                () = self.moved.notified() => {}
            }
        }
    }
}

fn millis(duration: Duration) -> u64 {
    duration.as_millis().try_into().unwrap_or(u64::MAX / 2)
}

/// A request being answered on a connection, from its complete head to its response.
struct Answering(Arc<Activity>);

impl Answering {
    fn new(activity: Arc<Activity>) -> Self {
        activity.answering.fetch_add(1, Ordering::AcqRel);
        activity.head_since.store(NONE, Ordering::Release);
        Answering(activity)
    }
}

impl Drop for Answering {
    fn drop(&mut self) {
        let activity = &self.0;
        activity
            .quiet_since
            .store(activity.now(), Ordering::Release);
        activity.head_since.store(NONE, Ordering::Release);
        activity.answering.fetch_sub(1, Ordering::AcqRel);
        activity.moved.notify_one();
    }
}

/// A client's socket that tells the watchdog when bytes arrive.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.bytes_read();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
