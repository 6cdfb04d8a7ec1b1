use std::io;

use bytes::{Bytes, BytesMut};
use tokio::sync::mpsc;

/// How many bytes make a chunk, and how many chunks may wait for the client.
const CHUNK_BYTES: usize = 64 * 1024;
const CHUNKS_IN_FLIGHT: usize = 4;

/// The receiving end: chunks in order, or the error that cut the download short.
pub type Chunks = mpsc::Receiver<Result<Bytes, io::Error>>;

/// A writer for a blocking thread: bytes are gathered into chunks and each full chunk waits
/// until the channel has room (back-pressure). Writing after the client went away fails with
/// `BrokenPipe`, which stops the writer's work.
pub struct ChunkSink {
    buffer: BytesMut,
    sender: mpsc::Sender<Result<Bytes, io::Error>>,
}

pub fn chunk_channel() -> (ChunkSink, Chunks) {
    let (sender, receiver) = mpsc::channel(CHUNKS_IN_FLIGHT);
    (
        ChunkSink {
            buffer: BytesMut::with_capacity(CHUNK_BYTES),
            sender,
        },
        receiver,
    )
}

impl ChunkSink {
    fn send(&mut self, chunk: Result<Bytes, io::Error>) -> io::Result<()> {
        self.sender
            .blocking_send(chunk)
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }

    /// Ends the download with an error: the client sees it cut short, never a complete file.
    pub fn fail(mut self, error: impl std::fmt::Display) {
        let _ = self.send(Err(io::Error::other(error.to_string())));
    }
}

impl io::Write for ChunkSink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK_BYTES {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = self.buffer.split().freeze();
        self.send(Ok(chunk))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn chunks_arrive_in_order_and_a_gone_client_stops_the_writer() {
        let (mut sink, mut chunks) = chunk_channel();
        let writer = std::thread::spawn(move || {
            for _ in 0..3 {
                sink.write_all(&[b'x'; CHUNK_BYTES])?;
            }
            sink.flush()
        });
        let mut received = 0;
        while let Some(chunk) = chunks.blocking_recv() {
            received += chunk.unwrap().len();
        }
        writer.join().unwrap().unwrap();
        assert_eq!(received, 3 * CHUNK_BYTES);

        let (mut sink, chunks) = chunk_channel();
        drop(chunks);
        let refused = sink.write_all(&[b'x'; CHUNK_BYTES]).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::BrokenPipe);
    }
}
