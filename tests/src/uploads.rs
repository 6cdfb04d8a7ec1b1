//! A tus 1.0 client, as a phone's upload library speaks it: begin, ask where an upload stands,
//! send parts, resume after a cut.

use std::io::Write;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;
use sha2::Digest;

use crate::{Answer, Session, read};

pub const TUS: (&str, &str) = ("Tus-Resumable", "1.0.0");

/// `Upload-Metadata` from pairs.
pub fn metadata(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k} {}", STANDARD.encode(v)))
        .collect::<Vec<_>>()
        .join(",")
}

/// Begins an upload of `length` bytes; the answer's `Location` is the upload.
pub async fn create(session: &Session, length: u64, meta: &[(&str, &str)]) -> Answer {
    let request = session
        .request(Method::POST, "/api/v1/uploads")
        .header(TUS.0, TUS.1)
        .header("Upload-Length", length.to_string())
        .header("Upload-Metadata", metadata(meta));
    read(request.send().await.expect("sent")).await
}

/// Where the created upload is.
pub fn location(created: &Answer) -> String {
    created
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

pub fn offset(answer: &Answer) -> Option<u64> {
    answer
        .headers
        .get("upload-offset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
}

pub async fn head(session: &Session, upload: &str) -> Answer {
    let request = session.request(Method::HEAD, upload).header(TUS.0, TUS.1);
    read(request.send().await.expect("sent")).await
}

/// Sends `bytes` from `at`, with their SHA-256 as `Upload-Checksum` when `checksum` says so.
pub async fn patch(
    session: &Session,
    upload: &str,
    at: u64,
    bytes: Vec<u8>,
    checksum: Option<[u8; 32]>,
) -> Answer {
    let mut request = session
        .request(Method::PATCH, upload)
        .header(TUS.0, TUS.1)
        .header("Upload-Offset", at.to_string())
        .header("Content-Type", "application/offset+octet-stream");
    if let Some(digest) = checksum {
        request = request.header(
            "Upload-Checksum",
            format!("sha256 {}", STANDARD.encode(digest)),
        );
    }
    read(request.body(bytes).send().await.expect("sent")).await
}

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    sha2::Sha256::digest(bytes).into()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    sha256(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A `PATCH` whose connection drops after `sent` of the `declared` bytes it announced, as a
/// phone's does when the network goes: the raw request over TCP, then the socket closed.
pub async fn cut_patch(session: &Session, upload: &str, at: u64, bytes: &[u8], sent: usize) {
    let head = format!(
        "PATCH {upload} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Tus-Resumable: 1.0.0\r\nUpload-Offset: {at}\r\n\
         Content-Type: application/offset+octet-stream\r\nContent-Length: {len}\r\n\r\n",
        host = session.host(),
        token = session.access_token,
        len = bytes.len(),
    );
    let (host, part) = (session.host().to_owned(), bytes[..sent].to_vec());
    tokio::task::spawn_blocking(move || {
        let mut socket = std::net::TcpStream::connect(host).expect("connected");
        socket.write_all(head.as_bytes()).expect("headers sent");
        socket.write_all(&part).expect("part sent");
        socket.flush().expect("flushed");
        // Gone mid-body: the server reads what came, then the end of the stream.
        socket.shutdown(std::net::Shutdown::Both).expect("closed");
    })
    .await
    .expect("the cut request ran");
}

/// Asks where the upload stands and sends the rest from there in parts of `part` bytes,
/// asking again whenever the server says the offset moved (a cut request still draining).
/// The last answer.
pub async fn resume(session: &Session, upload: &str, file: &[u8], part: usize) -> Answer {
    for _ in 0..50 {
        let at = offset(&head(session, upload).await).expect("an offset");
        let mut answer = None;
        let mut from = usize::try_from(at).expect("small");
        let mut moved = false;
        while from < file.len() {
            let to = (from + part).min(file.len());
            let sent = patch(session, upload, from as u64, file[from..to].to_vec(), None).await;
            if sent.status == reqwest::StatusCode::CONFLICT
                && sent.code() == "upload_offset_mismatch"
            {
                moved = true;
                break;
            }
            from = offset(&sent).map_or(to, |o| usize::try_from(o).expect("small"));
            let done = sent.status != reqwest::StatusCode::NO_CONTENT;
            answer = Some(sent);
            if done {
                break;
            }
        }
        if moved {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            continue;
        }
        if let Some(answer) = answer {
            return answer;
        }
        return head(session, upload).await;
    }
    panic!("the upload never settled");
}
