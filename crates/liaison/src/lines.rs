//! Reading JSON Lines from an untrusted file: lines longer than the limit are not buffered
//! whole (a 10 GB line must not exhaust memory), they are reported as too long.

use liaison_app::RawLine;
use std::io::BufRead;

pub struct BoundedLines<R> {
    reader: R,
    max: usize,
    done: bool,
}

impl<R: BufRead> BoundedLines<R> {
    pub fn new(reader: R, max: usize) -> Self {
        Self {
            reader,
            max,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for BoundedLines<R> {
    type Item = std::io::Result<RawLine>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut line = Vec::new();
        let mut too_long = false;
        let mut any = false;
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) => return Some(Err(e)),
            };
            if buf.is_empty() {
                self.done = true;
                break;
            }
            any = true;
            let (chunk, found) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            if !too_long {
                if line.len() + chunk.len() > self.max {
                    too_long = true;
                    line = Vec::new();
                } else {
                    line.extend_from_slice(chunk);
                }
            }
            let used = found.unwrap_or(buf.len());
            self.reader.consume(used);
            if found.is_some() {
                break;
            }
        }
        if !any {
            return None;
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Some(Ok(if too_long {
            RawLine::TooLong
        } else {
            RawLine::Bytes(line)
        }))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_bounds() {
        let data = b"a\nbbbbbbbbbb\r\nc".to_vec();
        let got: Vec<_> = BoundedLines::new(&data[..], 5)
            .map(|l| l.unwrap())
            .collect();
        assert_eq!(got.len(), 3);
        assert!(matches!(&got[0], RawLine::Bytes(b) if b == b"a"));
        assert!(matches!(&got[1], RawLine::TooLong));
        assert!(matches!(&got[2], RawLine::Bytes(b) if b == b"c"));
    }
}
