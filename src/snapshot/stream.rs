//! Reading postcard straight from a buffered file, so that a snapshot is decoded without
//! holding its bytes in memory beside what they decode to, and writing it through a counter
//! that sums a CRC-32 on the way.

use std::io::{BufRead, Write};

use postcard::de_flavors::Flavor;

/// A postcard input over a buffered reader: bytes come from the reader's buffer, and texts
/// are copied through one scratch buffer that is reused (the decoded values own their data,
/// so nothing borrows from the input).
pub struct BufferedInput<R> {
    reader: R,
    scratch: Vec<u8>,
    /// The bytes of the section not read yet: no text may claim more.
    left: u64,
}

impl<R: BufRead> BufferedInput<R> {
    /// An input that reads at most `length` bytes from `reader`.
    pub fn new(reader: R, length: u64) -> Self {
        BufferedInput {
            reader,
            scratch: Vec::new(),
            left: length,
        }
    }
}

impl<'de, R: BufRead + 'de> Flavor<'de> for BufferedInput<R> {
    type Remainder = R;
    type Source = R;

    fn pop(&mut self) -> postcard::Result<u8> {
        if self.left == 0 {
            return Err(postcard::Error::DeserializeUnexpectedEnd);
        }
        let buffer = self
            .reader
            .fill_buf()
            .map_err(|_| postcard::Error::DeserializeUnexpectedEnd)?;
        let Some(&byte) = buffer.first() else {
            return Err(postcard::Error::DeserializeUnexpectedEnd);
        };
        self.reader.consume(1);
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

    fn try_take_n_temp<'a>(&'a mut self, count: usize) -> postcard::Result<&'a [u8]>
    where
        'de: 'a,
    {
        if count as u64 > self.left {
            return Err(postcard::Error::DeserializeUnexpectedEnd);
        }
        self.scratch.resize(count, 0);
        self.reader
            .read_exact(&mut self.scratch)
            .map_err(|_| postcard::Error::DeserializeUnexpectedEnd)?;
        self.left -= count as u64;
        Ok(&self.scratch)
    }

    fn finalize(self) -> postcard::Result<R> {
        Ok(self.reader)
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
