//! A pull reader for JSON that never holds more than one bounded item.
//!
//! Telegram exports and JSON dumps are single documents of hundreds of megabytes, often on
//! one line, and hostile input can nest arrays a million deep or put a gigabyte in one
//! string. `serde_json` would parse such a document fine but buffers every string whole and
//! reports positions only in errors. This reader is driven by its caller (`begin_object`,
//! `next_key`, `next_element`, `read_string`, `skip_value`), so the caller keeps only the
//! item it is building; every string is read with a byte cap (the rest is discarded, not
//! stored); [`JsonReader::skip_value`] is iterative with an explicit depth cap, so no input
//! can overflow the stack; and the byte offset and line of every token are known, for
//! provenance and for diagnostics.
//!
//! It is strict about syntax (RFC 8259: no comments, no trailing commas, no control
//! characters in strings) so that an error is found on the line it is on, which lets the
//! JSON Lines reader skip one bad line and go on. It is lenient about content: invalid
//! UTF-8 and lone surrogate escapes become U+FFFD and are reported as `lossy`, and the
//! `\xHH` escapes Telegram Desktop writes for control characters are read as meant.

use std::io::{self, BufRead};

/// Size of the reader's own buffer.
const BUF_SIZE: usize = 64 * 1024;
/// Numbers longer than this are refused.
const MAX_NUMBER: usize = 512;

/// What kind of value comes next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

/// Why reading stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// The bytes are not JSON.
    Syntax,
    /// The input ended inside a value.
    Eof,
    /// Nesting deeper than allowed.
    TooDeep,
    /// Reading failed.
    Io,
}

/// A located JSON error.
#[derive(Debug)]
pub(crate) struct JsonError {
    pub kind: ErrorKind,
    /// Byte offset (in the reader's coordinates) where the error was found.
    pub offset: u64,
    /// 1-based line where the error was found.
    pub line: u64,
    pub message: String,
    pub io: Option<io::Error>,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// How a string was read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct StrInfo {
    /// The string was longer than the cap; only its first bytes were kept.
    pub truncated: bool,
    /// Bytes that were not UTF-8, or lone surrogate escapes, were replaced by U+FFFD.
    pub lossy: bool,
    /// The full length of the decoded string in bytes (also when truncated).
    pub len: usize,
}

/// The pull reader.
pub(crate) struct JsonReader<'r> {
    src: &'r mut dyn BufRead,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    /// Offset of `buf[0]` in the input, plus the caller's base.
    base: u64,
    line: u64,
    eof: bool,
    scratch: Vec<u8>,
    /// Deepest nesting met by [`skip_value`](Self::skip_value) since the last
    /// [`take_deepest_skip`](Self::take_deepest_skip).
    deepest_skip: usize,
}

/// Nesting [`JsonReader::skip_value`] walks through before giving up on the input: a bit
/// of memory per level (2 MiB at this cap), so a value nested far deeper than anything a
/// real exporter writes can be skipped as one item instead of failing the whole file.
pub(crate) const SKIP_DEPTH_LIMIT: usize = 1 << 24;

type Result<T> = std::result::Result<T, JsonError>;

impl<'r> JsonReader<'r> {
    /// A reader whose offsets start at `base` (bytes before the reader, e.g. a BOM).
    pub fn new(src: &'r mut dyn BufRead, base: u64) -> Self {
        JsonReader {
            src,
            buf: vec![0; BUF_SIZE],
            pos: 0,
            len: 0,
            base,
            line: 1,
            eof: false,
            scratch: Vec::new(),
            deepest_skip: 0,
        }
    }

    /// The deepest nesting skipped since the last call, and resets it: lets a caller that
    /// skips parts of an item find out afterwards that the item was unreasonably deep.
    pub fn take_deepest_skip(&mut self) -> usize {
        std::mem::take(&mut self.deepest_skip)
    }

    /// Byte offset of the next unread byte.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// 1-based line of the next unread byte.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// An error of `kind` at the current position.
    pub fn error(&self, kind: ErrorKind, message: impl Into<String>) -> JsonError {
        JsonError {
            kind,
            offset: self.offset(),
            line: self.line,
            message: message.into(),
            io: None,
        }
    }

    /// Makes at least one byte available unless the input is exhausted.
    fn fill(&mut self) -> Result<bool> {
        if self.pos < self.len {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        self.base += self.len as u64;
        self.pos = 0;
        self.len = 0;
        loop {
            match self.src.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.len = n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let mut err = self.error(ErrorKind::Io, format!("read error: {e}"));
                    err.io = Some(e);
                    return Err(err);
                }
            }
        }
    }

    fn peek(&mut self) -> Result<Option<u8>> {
        Ok(if self.fill()? {
            Some(self.buf[self.pos])
        } else {
            None
        })
    }

    fn bump(&mut self) {
        self.pos += 1;
    }

    fn unexpected(&self, b: Option<u8>, expected: &str) -> JsonError {
        match b {
            None => self.error(
                ErrorKind::Eof,
                format!("input ends where {expected} was expected"),
            ),
            Some(b) => self.error(
                ErrorKind::Syntax,
                format!("expected {expected}, found {}", describe(b)),
            ),
        }
    }

    /// Skips whitespace and returns the next byte without consuming it.
    pub fn skip_ws(&mut self) -> Result<Option<u8>> {
        loop {
            if !self.fill()? {
                return Ok(None);
            }
            while self.pos < self.len {
                match self.buf[self.pos] {
                    b'\n' => {
                        self.line += 1;
                        self.pos += 1;
                    }
                    b' ' | b'\t' | b'\r' => self.pos += 1,
                    b => return Ok(Some(b)),
                }
            }
        }
    }

    /// Discards everything up to and including the next line feed (to resynchronise after
    /// an error in JSON Lines). Returns false at the end of input.
    pub fn skip_line(&mut self) -> Result<bool> {
        loop {
            if !self.fill()? {
                return Ok(false);
            }
            match memchr::memchr(b'\n', &self.buf[self.pos..self.len]) {
                Some(i) => {
                    self.pos += i + 1;
                    self.line += 1;
                    return Ok(true);
                }
                None => self.pos = self.len,
            }
        }
    }

    /// The kind of the next value (after whitespace), without consuming it.
    pub fn peek_kind(&mut self) -> Result<Kind> {
        let b = self.skip_ws()?;
        Ok(match b {
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b'"') => Kind::String,
            Some(b'-' | b'0'..=b'9') => Kind::Number,
            Some(b't' | b'f') => Kind::Bool,
            Some(b'n') => Kind::Null,
            other => return Err(self.unexpected(other, "a value")),
        })
    }

    /// Consumes the `{` of an object.
    pub fn begin_object(&mut self) -> Result<()> {
        match self.skip_ws()? {
            Some(b'{') => {
                self.bump();
                Ok(())
            }
            other => Err(self.unexpected(other, "'{'")),
        }
    }

    /// Consumes the `[` of an array.
    pub fn begin_array(&mut self) -> Result<()> {
        match self.skip_ws()? {
            Some(b'[') => {
                self.bump();
                Ok(())
            }
            other => Err(self.unexpected(other, "'['")),
        }
    }

    /// Moves to the next member of an object: reads its key (at most `cap` bytes) and the
    /// colon. Returns false after consuming the closing `}`. `first` must start true for
    /// each object.
    pub fn next_key(&mut self, first: &mut bool, key: &mut String, cap: usize) -> Result<bool> {
        if !self.member_start(first)? {
            return Ok(false);
        }
        self.read_string(key, cap)?;
        self.colon()?;
        Ok(true)
    }

    fn member_start(&mut self, first: &mut bool) -> Result<bool> {
        let mut b = self.skip_ws()?;
        if b == Some(b'}') && *first {
            self.bump();
            return Ok(false);
        }
        if !*first {
            match b {
                Some(b'}') => {
                    self.bump();
                    return Ok(false);
                }
                Some(b',') => {
                    self.bump();
                    b = self.skip_ws()?;
                }
                other => return Err(self.unexpected(other, "',' or '}'")),
            }
        }
        *first = false;
        if b != Some(b'"') {
            return Err(self.unexpected(b, "a string key"));
        }
        Ok(true)
    }

    fn colon(&mut self) -> Result<()> {
        match self.skip_ws()? {
            Some(b':') => {
                self.bump();
                Ok(())
            }
            other => Err(self.unexpected(other, "':'")),
        }
    }

    /// Moves to the next element of an array. Returns false after consuming the closing
    /// `]`. `first` must start true for each array.
    pub fn next_element(&mut self, first: &mut bool) -> Result<bool> {
        let b = self.skip_ws()?;
        if b == Some(b']') {
            self.bump();
            return Ok(false);
        }
        if !*first {
            match b {
                Some(b',') => {
                    self.bump();
                    if self.skip_ws()? == Some(b']') {
                        return Err(self.error(ErrorKind::Syntax, "trailing comma in array"));
                    }
                }
                other => return Err(self.unexpected(other, "',' or ']'")),
            }
        }
        *first = false;
        Ok(true)
    }

    /// Reads a string value into `out` (replacing its contents), keeping at most `cap`
    /// bytes.
    pub fn read_string(&mut self, out: &mut String, cap: usize) -> Result<StrInfo> {
        match self.skip_ws()? {
            Some(b'"') => self.bump(),
            other => return Err(self.unexpected(other, "a string")),
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let result = self.string_body(&mut scratch, cap);
        let info = match result {
            Ok(mut info) => {
                out.clear();
                match std::str::from_utf8(&scratch) {
                    Ok(s) => out.push_str(s),
                    Err(e) if info.truncated && e.error_len().is_none() => {
                        // The cap cut a character in two: drop the partial character.
                        out.push_str(
                            std::str::from_utf8(&scratch[..e.valid_up_to()]).unwrap_or(""),
                        );
                    }
                    Err(_) => {
                        info.lossy = true;
                        out.push_str(&String::from_utf8_lossy(&scratch));
                    }
                }
                Ok(info)
            }
            Err(e) => Err(e),
        };
        if scratch.capacity() > BUF_SIZE * 4 {
            scratch = Vec::new();
        }
        self.scratch = scratch;
        info
    }

    /// Skips a string value without storing it.
    fn skip_string(&mut self) -> Result<()> {
        match self.skip_ws()? {
            Some(b'"') => self.bump(),
            other => return Err(self.unexpected(other, "a string")),
        }
        let mut sink = Vec::new();
        self.string_body(&mut sink, 0).map(|_| ())
    }

    /// Reads the rest of a string after its opening quote.
    fn string_body(&mut self, out: &mut Vec<u8>, cap: usize) -> Result<StrInfo> {
        let mut info = StrInfo::default();
        loop {
            if !self.fill()? {
                return Err(self.error(ErrorKind::Eof, "input ends inside a string"));
            }
            let chunk = &self.buf[self.pos..self.len];
            let stop = memchr::memchr2(b'"', b'\\', chunk).unwrap_or(chunk.len());
            if let Some(c) = chunk[..stop].iter().position(|&b| b < 0x20) {
                self.pos += c;
                return Err(self.error(
                    ErrorKind::Syntax,
                    "control character (such as a line break) inside a string",
                ));
            }
            push_capped(out, &chunk[..stop], cap, &mut info);
            self.pos += stop;
            if self.pos == self.len {
                continue;
            }
            let b = self.buf[self.pos];
            self.bump();
            if b == b'"' {
                return Ok(info);
            }
            let c = self.escape()?;
            let mut tmp = [0u8; 4];
            if c == char::REPLACEMENT_CHARACTER {
                info.lossy = true;
            }
            push_capped(out, c.encode_utf8(&mut tmp).as_bytes(), cap, &mut info);
        }
    }

    /// Reads an escape after its backslash.
    fn escape(&mut self) -> Result<char> {
        let b = self.peek()?;
        let Some(b) = b else {
            return Err(self.error(ErrorKind::Eof, "input ends inside a string"));
        };
        self.bump();
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                if (0xD800..0xDC00).contains(&hi) {
                    // A high surrogate should be followed by `\u` and a low one.
                    if self.peek()? == Some(b'\\') {
                        self.bump();
                        if self.peek()? != Some(b'u') {
                            // Another escape follows; read it as its own character. The
                            // surrogate itself is lost.
                            return self.escape().map(|_| char::REPLACEMENT_CHARACTER);
                        }
                        self.bump();
                        let lo = self.hex4()?;
                        if (0xDC00..0xE000).contains(&lo) {
                            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            return Ok(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                        }
                        return Ok(char::REPLACEMENT_CHARACTER);
                    }
                    return Ok(char::REPLACEMENT_CHARACTER);
                }
                char::from_u32(hi).unwrap_or(char::REPLACEMENT_CHARACTER)
            }
            // Telegram Desktop writes control characters other than \n, \r and \t as
            // `\xHH`, which JSON does not have; read them as it meant them.
            b'x' => {
                let hi = self.hex_digit()?;
                let lo = self.hex_digit()?;
                char::from(hi * 16 + lo)
            }
            other => {
                self.pos -= 1;
                return Err(self.error(
                    ErrorKind::Syntax,
                    format!("invalid escape \\{} in a string", describe(other)),
                ));
            }
        })
    }

    fn hex_digit(&mut self) -> Result<u8> {
        let b = self.peek()?;
        let d = match b {
            Some(b @ b'0'..=b'9') => b - b'0',
            Some(b @ b'a'..=b'f') => b - b'a' + 10,
            Some(b @ b'A'..=b'F') => b - b'A' + 10,
            other => return Err(self.unexpected(other, "a hex digit in an escape")),
        };
        self.bump();
        Ok(d)
    }

    fn hex4(&mut self) -> Result<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            v = v * 16 + u32::from(self.hex_digit()?);
        }
        Ok(v)
    }

    /// Reads a number as written (validated against the JSON grammar).
    pub fn read_number(&mut self, out: &mut String) -> Result<()> {
        out.clear();
        self.skip_ws()?;
        let take = |r: &mut Self, out: &mut String| -> Result<Option<u8>> {
            let b = r.peek()?;
            if let Some(b) = b {
                if out.len() >= MAX_NUMBER {
                    return Err(r.error(ErrorKind::Syntax, "number too long"));
                }
                out.push(char::from(b));
                r.bump();
            }
            Ok(b)
        };
        if self.peek()? == Some(b'-') {
            take(self, out)?;
        }
        match self.peek()? {
            Some(b'0') => {
                take(self, out)?;
            }
            Some(b'1'..=b'9') => {
                while matches!(self.peek()?, Some(b'0'..=b'9')) {
                    take(self, out)?;
                }
            }
            other => return Err(self.unexpected(other, "a digit")),
        }
        if self.peek()? == Some(b'.') {
            take(self, out)?;
            if !matches!(self.peek()?, Some(b'0'..=b'9')) {
                let b = self.peek()?;
                return Err(self.unexpected(b, "a digit after the decimal point"));
            }
            while matches!(self.peek()?, Some(b'0'..=b'9')) {
                take(self, out)?;
            }
        }
        if matches!(self.peek()?, Some(b'e' | b'E')) {
            take(self, out)?;
            if matches!(self.peek()?, Some(b'+' | b'-')) {
                take(self, out)?;
            }
            if !matches!(self.peek()?, Some(b'0'..=b'9')) {
                let b = self.peek()?;
                return Err(self.unexpected(b, "a digit in the exponent"));
            }
            while matches!(self.peek()?, Some(b'0'..=b'9')) {
                take(self, out)?;
            }
        }
        Ok(())
    }

    /// Reads `true`, `false` or `null`; `null` is `None`.
    pub fn read_literal(&mut self) -> Result<Option<bool>> {
        let (word, value): (&[u8], Option<bool>) = match self.skip_ws()? {
            Some(b't') => (b"true", Some(true)),
            Some(b'f') => (b"false", Some(false)),
            Some(b'n') => (b"null", None),
            other => return Err(self.unexpected(other, "true, false or null")),
        };
        for &expected in word {
            let b = self.peek()?;
            if b != Some(expected) {
                return Err(self.unexpected(b, std::str::from_utf8(word).unwrap_or("a literal")));
            }
            self.bump();
        }
        Ok(value)
    }

    /// Reads a scalar as text (`true`, `12.5`, the string's contents) with at most `cap`
    /// bytes. Returns `None` for `null`, and for objects and arrays, which are skipped
    /// (with `max_depth` as their nesting cap).
    pub fn read_scalar(
        &mut self,
        out: &mut String,
        cap: usize,
        max_depth: usize,
    ) -> Result<Option<StrInfo>> {
        match self.peek_kind()? {
            Kind::String => self.read_string(out, cap).map(Some),
            Kind::Number => {
                self.read_number(out)?;
                Ok(Some(StrInfo {
                    len: out.len(),
                    ..StrInfo::default()
                }))
            }
            Kind::Bool => {
                let v = self.read_literal()?;
                out.clear();
                out.push_str(if v == Some(true) { "true" } else { "false" });
                Ok(Some(StrInfo {
                    len: out.len(),
                    ..StrInfo::default()
                }))
            }
            Kind::Null => {
                self.read_literal()?;
                Ok(None)
            }
            Kind::Object | Kind::Array => {
                self.skip_value(max_depth)?;
                Ok(None)
            }
        }
    }

    /// Skips one value of any kind without storing it. Iterative: nesting is limited by
    /// `max_depth`, not by the stack, and costs one bit a level (which containers are
    /// objects); the deepest level reached is remembered for
    /// [`take_deepest_skip`](Self::take_deepest_skip).
    pub fn skip_value(&mut self, max_depth: usize) -> Result<()> {
        // Bit i of `objects` tells whether open container i is an object. Only the
        // innermost container can still be waiting for its first member: its parents have
        // one already, the member being read.
        let mut objects: Vec<u64> = Vec::new();
        let mut depth = 0usize;
        let mut first = true;
        let mut number = String::new();
        loop {
            match self.peek_kind()? {
                Kind::Object | Kind::Array => {
                    if depth >= max_depth {
                        self.deepest_skip = self.deepest_skip.max(depth);
                        return Err(self.error(
                            ErrorKind::TooDeep,
                            format!("JSON nested deeper than {max_depth} levels"),
                        ));
                    }
                    let is_object = self.buf[self.pos] == b'{';
                    self.bump();
                    let (word, bit) = (depth / 64, depth % 64);
                    if word == objects.len() {
                        objects.push(0);
                    }
                    if is_object {
                        objects[word] |= 1 << bit;
                    } else {
                        objects[word] &= !(1 << bit);
                    }
                    depth += 1;
                    first = true;
                    self.deepest_skip = self.deepest_skip.max(depth);
                }
                Kind::String => self.skip_string()?,
                Kind::Number => self.read_number(&mut number)?,
                Kind::Bool | Kind::Null => {
                    self.read_literal()?;
                }
            }
            // Find where the next value starts, closing finished containers.
            loop {
                if depth == 0 {
                    return Ok(());
                }
                let top = depth - 1;
                let is_object = objects[top / 64] >> (top % 64) & 1 == 1;
                let more = if is_object {
                    let more = self.member_start(&mut first)?;
                    if more {
                        self.skip_string()?;
                        self.colon()?;
                    }
                    more
                } else {
                    self.next_element(&mut first)?
                };
                if more {
                    break;
                }
                depth -= 1;
                // The parent already has a member: the container just closed.
                first = false;
            }
        }
    }
}

fn push_capped(out: &mut Vec<u8>, bytes: &[u8], cap: usize, info: &mut StrInfo) {
    info.len += bytes.len();
    let room = cap.saturating_sub(out.len());
    if bytes.len() > room {
        info.truncated = true;
        out.extend_from_slice(&bytes[..room]);
    } else {
        out.extend_from_slice(bytes);
    }
}

fn describe(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", char::from(b))
    } else {
        format!("byte 0x{b:02x}")
    }
}

#[cfg(test)]
mod tests;
