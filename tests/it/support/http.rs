//! The request side of the tests' tiny HTTP servers on 127.0.0.1.

use std::io::Read;
use std::net::TcpStream;
use std::time::Duration;

/// Reads a request's head; returns it lower-cased with its path, or `None`
/// when the client went away first.
pub fn read_head(stream: &mut TcpStream) -> Option<(String, String)> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    Some((head, path))
}
