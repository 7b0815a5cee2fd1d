//! Reading postcard straight from a buffered file, so that a snapshot is decoded without
//! holding its bytes in memory beside what they decode to, and writing it through a counter
//! that sums a CRC-32 on the way.

use std::io::{Read, Write};

use postcard::de_flavors::Flavor;

/// The size of the buffer a section is read through.
const BUFFER: usize = 1 << 20;

/// A postcard input over a reader, through a buffer of its own: a byte costs an index into
/// the buffer, a text is lent straight from it when it fits (the decoded values copy what they
/// keep, so nothing borrows from the input for longer), and only a text longer than the buffer
/// goes through a scratch vector.
pub struct BufferedInput<R> {
    reader: R,
    buffer: Box<[u8]>,
    /// The unread bytes are `buffer[start..end]`.
    start: usize,
    end: usize,
    scratch: Vec<u8>,
    /// The bytes of the section not read yet: no text may claim more.
    left: u64,
}

/// What follows the decoded value: the bytes already buffered, then the rest of the reader.
pub type Rest<R> = std::io::Chain<std::io::Cursor<Vec<u8>>, R>;

impl<R: Read> BufferedInput<R> {
    /// An input that reads at most `length` bytes from `reader`.
    pub fn new(reader: R, length: u64) -> Self {
        BufferedInput {
            reader,
            buffer: vec![0u8; BUFFER].into_boxed_slice(),
            start: 0,
            end: 0,
            scratch: Vec::new(),
            left: length,
        }
    }

    /// Moves the unread bytes to the front and reads until at least `wanted` are buffered
    /// (or the reader ends); false when fewer are there.
    fn fill(&mut self, wanted: usize) -> bool {
        if self.start > 0 {
            self.buffer.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        while self.end < wanted {
            match self.reader.read(&mut self.buffer[self.end..]) {
                Ok(0) => return false,
                Ok(read) => self.end += read,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
        true
    }
}

impl<'de, R: Read + 'de> Flavor<'de> for BufferedInput<R> {
    /// What follows the value, and how many of the section's bytes that is.
    type Remainder = (Rest<R>, u64);
    type Source = R;

    #[inline]
    fn pop(&mut self) -> postcard::Result<u8> {
        if self.left == 0 || (self.start == self.end && !self.fill(1)) {
            return Err(postcard::Error::DeserializeUnexpectedEnd);
        }
        let byte = self.buffer[self.start];
        self.start += 1;
        self.left -= 1;
        Ok(byte)
    }

    fn size_hint(&self) -> Option<usize> {
        usize::try_from(self.left).ok()
    }

    fn try_take_n(&mut self, _: usize) -> postcard::Result<&'de [u8]> {
        // Only borrowed texts ask for this, and no snapshot type borrows from its input.
        Err(postcard::Error::DeserializeUnexpectedEnd)
    }

    #[inline]
    fn try_take_n_temp<'a>(&'a mut self, count: usize) -> postcard::Result<&'a [u8]>
    where
        'de: 'a,
    {
        if count as u64 > self.left {
            return Err(postcard::Error::DeserializeUnexpectedEnd);
        }
        self.left -= count as u64;
        if count <= self.buffer.len() {
            if self.end - self.start < count && !self.fill(count) {
                return Err(postcard::Error::DeserializeUnexpectedEnd);
            }
            let taken = &self.buffer[self.start..self.start + count];
            self.start += count;
            return Ok(taken);
        }
        let buffered = self.end - self.start;
        self.scratch.clear();
        self.scratch
            .extend_from_slice(&self.buffer[self.start..self.end]);
        self.start = self.end;
        self.scratch.resize(count, 0);
        self.reader
            .read_exact(&mut self.scratch[buffered..])
            .map_err(|_| postcard::Error::DeserializeUnexpectedEnd)?;
        Ok(&self.scratch)
    }

    fn finalize(self) -> postcard::Result<(Rest<R>, u64)> {
        let buffered = self.buffer[self.start..self.end].to_vec();
        Ok((std::io::Cursor::new(buffered).chain(self.reader), self.left))
    }
}

/// A writer that counts the bytes written through it and sums their CRC-32.
pub struct Summing<W> {
    inner: W,
    hasher: crc32fast::Hasher,
    written: u64,
}

impl<W: Write> Summing<W> {
    /// Counts what goes to `inner`.
    pub fn new(inner: W) -> Self {
        Summing {
            inner,
            hasher: crc32fast::Hasher::new(),
            written: 0,
        }
    }

    /// The writer, the number of bytes written and their CRC-32.
    pub fn finish(self) -> (W, u64, u32) {
        (self.inner, self.written, self.hasher.finalize())
    }
}

impl<W: Write> Write for Summing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        self.written += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
