//! Connection limits, tried on the real binary: half-open connections are closed after the
//! header-read timeout, silent ones after the idle timeout, neither stops `/health` from
//! answering, and past the cap on open connections new ones wait until one closes.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::Child;
use std::time::Duration;

use crate::spawn_server;

/// A server on the small fixture data that stops when the test ends, however it ends.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(limits: &[&str]) -> Self {
        let mut args = vec!["--data", "tests/fixtures/small"];
        args.extend_from_slice(limits);
        let (child, _log, address) = spawn_server(&args);
        Server { child, address }
    }

    /// Sends one whole request on a new connection and returns the answer's status line and
    /// body, or the error that stopped it (a read timeout while the server has not answered).
    fn get(&self, path: &str, wait: Duration) -> std::io::Result<(String, String)> {
        let mut stream = TcpStream::connect(&self.address)?;
        stream.set_read_timeout(Some(wait))?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        let status = head.lines().next().unwrap_or_default().to_owned();
        Ok((status, body.to_owned()))
    }

    /// The value of one metric line of `/metrics` (the first line that starts with `name`).
    fn metric(&self, name: &str) -> f64 {
        let (status, body) = self
            .get("/metrics", Duration::from_secs(10))
            .expect("/metrics answers");
        assert!(status.contains("200"), "{status}");
        body.lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.rsplit(' ').next())
            .and_then(|value| value.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in /metrics:\n{body}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until the server closes `stream`: true for an orderly close or a reset, false when
/// `wait` passes first or the server sends an answer.
fn closed_by_server(mut stream: &TcpStream, wait: Duration) -> bool {
    stream.set_read_timeout(Some(wait)).expect("a read timeout");
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(error) => error.kind() == ErrorKind::ConnectionReset,
    }
}

#[test]
fn ten_thousand_half_open_connections_neither_block_health_nor_outlive_the_header_timeout() {
    // The timeout must outlast opening the connections, which takes a few seconds here.
    let server = Server::start(&["--header-read-timeout", "15", "--idle-timeout", "60"]);
    let opening = std::time::Instant::now();
    let mut held = Vec::with_capacity(10_000);
    for _ in 0..10_000 {
        let mut stream = TcpStream::connect(&server.address).expect("the server accepts");
        stream
            .write_all(b"GET /graphql?query=%7B")
            .expect("half a request line is sent");
        held.push(stream);
    }
    let opened = opening.elapsed();
    // Every one is open on the server's side, and /health still answers beside them.
    let (status, body) = server
        .get("/health", Duration::from_secs(10))
        .expect("/health answers while 10,000 connections hang");
    assert!(status.contains("200"), "{status}");
    assert_eq!(body, r#"{"status":"ok"}"#);
    // The kernel completes a handshake before the server accepts it, so the last few may
    // still wait in the backlog for a moment: the gauge must reach 10,000 within seconds.
    let accepting = std::time::Instant::now();
    let mut open = server.metric("regiograph_open_connections");
    while open < 10_000.0 && accepting.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
        open = server.metric("regiograph_open_connections");
    }
    assert!(
        open >= 10_000.0,
        "the half-open connections are held by the server: {open} open {:?} after the {opened:?} it took to open them",
        accepting.elapsed()
    );
    // The server closes each of them once its head has taken longer than the timeout; none
    // is answered and none is still open ten seconds after that.
    let still_open = held
        .iter()
        .filter(|stream| !closed_by_server(stream, Duration::from_secs(25)))
        .count();
    assert_eq!(still_open, 0, "connections the server did not close");
    assert!(
        server.metric("regiograph_closed_connections_total{reason=\"header_timeout\"}") >= 10_000.0
    );
    // None of them is left: only the connection asking for the metrics, and perhaps the one
    // that asked before it, whose task may still be ending after its socket closed.
    let left = server.metric("regiograph_open_connections");
    assert!(left <= 2.0, "{left} connections still open");
}

#[test]
fn silent_connections_are_closed_after_the_idle_timeout_but_not_while_answering() {
    let server = Server::start(&["--header-read-timeout", "60", "--idle-timeout", "1"]);
    // A connection that never sends a byte.
    let silent = TcpStream::connect(&server.address).expect("the server accepts");
    // A kept-alive connection that asked once, then fell silent.
    let mut kept = TcpStream::connect(&server.address).expect("the server accepts");
    write!(
        kept,
        "GET /health HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address
    )
    .expect("a request is sent");
    let mut answer = [0u8; 512];
    let read = kept.read(&mut answer).expect("an answer");
    assert!(
        String::from_utf8_lossy(&answer[..read]).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer[..read])
    );
    assert!(closed_by_server(&silent, Duration::from_secs(10)));
    assert!(closed_by_server(&kept, Duration::from_secs(10)));
    assert!(server.metric("regiograph_closed_connections_total{reason=\"idle_timeout\"}") >= 2.0);
}

#[test]
fn past_the_connection_cap_new_connections_wait_until_one_closes() {
    let server = Server::start(&["--max-connections", "4", "--idle-timeout", "60"]);
    let mut held: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(&server.address).expect("the server accepts"))
        .collect();
    // The fifth connection is made by the kernel's backlog, but the server does not take it:
    // its request is not answered while four are open.
    let mut waiting = TcpStream::connect(&server.address).expect("the backlog takes it");
    write!(
        waiting,
        "GET /health HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.address
    )
    .expect("a request is sent");
    waiting
        .set_read_timeout(Some(Duration::from_millis(500)))
        .expect("a read timeout");
    let mut answer = String::new();
    let early = waiting.read_to_string(&mut answer);
    assert!(
        early.is_err() && answer.is_empty(),
        "answered past the cap: {answer}"
    );
    // Once one closes, the waiting connection is taken and answered.
    drop(held.pop());
    waiting
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a read timeout");
    waiting
        .read_to_string(&mut answer)
        .expect("answered once a place is free");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
