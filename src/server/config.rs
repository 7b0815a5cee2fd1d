//! The server's settings: limits, CORS, the admin token and introspection.

use std::time::Duration;

/// How the server protects itself and whom it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// The largest request body accepted, in bytes; larger bodies get 413.
    pub max_body_bytes: usize,
    /// How long one GraphQL request may take before it is answered with 503.
    pub request_timeout: Duration,
    /// How many GraphQL requests may be in flight at once; more are shed with 503.
    pub max_in_flight: usize,
    /// The origins browsers may call from (`*` for any); empty turns CORS off.
    pub cors_origins: Vec<String>,
    /// The bearer token of `POST /admin/reload`; `None` leaves the endpoint out.
    pub admin_token: Option<String>,
    /// Whether introspection (and field suggestions in errors) is on.
    pub introspection: bool,
    /// How long a client has, from the first byte of a request, to send its whole head
    /// (request line and headers) before the connection is closed; nginx's
    /// `client_header_timeout` is 60 s.
    pub header_read_timeout: Duration,
    /// How long a connection may stay open with nothing on it (no byte of a request before
    /// the first one or between two) before it is closed; nginx's `keepalive_timeout` is 75 s.
    pub idle_timeout: Duration,
    /// How many connections may be open at once; past it, new ones wait in the listen
    /// backlog until one closes.
    pub max_connections: usize,
    /// How many bytes of whole GraphQL answers (with their keys) are kept for repeated
    /// requests; 0 turns the cache off.
    pub response_cache_bytes: usize,
    /// The largest estimated answer a query may ask for: every field it may resolve, a list
    /// counting as its page size times what each item selects.
    pub max_answer_cost: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_body_bytes: 64 * 1024,
            request_timeout: Duration::from_secs(10),
            max_in_flight: 256,
            cors_origins: vec!["*".to_owned()],
            admin_token: None,
            introspection: true,
            header_read_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(75),
            max_connections: 16_384,
            response_cache_bytes: 64 << 20,
            max_answer_cost: crate::api::SchemaOptions::default().max_answer_cost,
        }
    }
}
