//! MIME encoders: base64 (RFC 2045 §6.8), quoted-printable (§6.7), RFC 2047 encoded words,
//! RFC 2231 parameter values, and text in legacy charsets through `encoding_rs`.

use encoding_rs::Encoding;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 without line breaks.
pub(crate) fn base64(data: &[u8], out: &mut String) {
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(char::from(B64[(n >> 18) as usize & 63]));
        out.push(char::from(B64[(n >> 12) as usize & 63]));
        out.push(if chunk.len() > 1 {
            char::from(B64[(n >> 6) as usize & 63])
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            char::from(B64[n as usize & 63])
        } else {
            '='
        });
    }
}

/// Base64 body: lines of 76 characters ending in `eol`.
pub(crate) fn base64_body(data: &[u8], eol: &str, out: &mut String) {
    // 57 input bytes make one 76-character line.
    for chunk in data.chunks(57) {
        base64(chunk, out);
        out.push_str(eol);
    }
}

/// Quoted-printable body: `\n` in the data are hard line breaks; other lines are soft-broken
/// to at most 76 characters.
pub(crate) fn quoted_printable(data: &[u8], eol: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for line in data.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let mut len = 0usize;
        for (i, &b) in line.iter().enumerate() {
            let last = i + 1 == line.len();
            let literal =
                (b == b' ' || b == b'\t') && !last || (33..=126).contains(&b) && b != b'=';
            let width = if literal { 1 } else { 3 };
            if len + width > 75 {
                out.push('=');
                out.push_str(eol);
                len = 0;
            }
            if literal {
                out.push(char::from(b));
            } else {
                out.push('=');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
            len += width;
        }
        out.push_str(eol);
    }
}

/// Text in a charset; `None` when some character has no mapping there.
pub(crate) fn encode(text: &str, enc: &'static Encoding) -> Option<Vec<u8>> {
    if enc == encoding_rs::UTF_8 {
        return Some(text.as_bytes().to_vec());
    }
    let (bytes, _, unmappable) = enc.encode(text);
    if unmappable {
        None
    } else {
        Some(bytes.into_owned())
    }
}

/// RFC 2047 encoded words for a header value in `charset`, each at most 75 characters,
/// split on character boundaries and joined by folding whitespace. `q` chooses the Q
/// encoding. `first_line_used` is how much of the first line the header name takes.
pub(crate) fn encoded_words(
    text: &str,
    charset: &str,
    enc: &'static Encoding,
    q: bool,
    eol: &str,
    out: &mut String,
) {
    let overhead = charset.len() + 7; // =?cs?B??=
    let budget = 75 - overhead;
    let mut word = String::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut first = true;
    let flush = |bytes: &[u8], out: &mut String, first: &mut bool| {
        if bytes.is_empty() {
            return;
        }
        if !*first {
            out.push_str(eol);
            out.push(' ');
        }
        *first = false;
        out.push_str("=?");
        out.push_str(charset);
        out.push_str(if q { "?Q?" } else { "?B?" });
        if q {
            q_encode(bytes, out);
        } else {
            base64(bytes, out);
        }
        out.push_str("?=");
    };
    for c in text.chars() {
        word.clear();
        word.push(c);
        let (bytes, _, _) = enc.encode(&word);
        let mut trial = pending.clone();
        trial.extend_from_slice(&bytes);
        if encoded_len(&trial, q) > budget && !pending.is_empty() {
            flush(&pending, out, &mut first);
            pending.clear();
        }
        pending.extend_from_slice(&bytes);
    }
    flush(&pending, out, &mut first);
}

fn encoded_len(bytes: &[u8], q: bool) -> usize {
    if q {
        bytes
            .iter()
            .map(|&b| if q_literal(b) || b == b' ' { 1 } else { 3 })
            .sum()
    } else {
        bytes.len().div_ceil(3) * 4
    }
}

fn q_literal(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!*+-/".contains(&b)
}

fn q_encode(bytes: &[u8], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        if b == b' ' {
            out.push('_');
        } else if q_literal(b) {
            out.push(char::from(b));
        } else {
            out.push('=');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// RFC 2231 extended parameter value: `UTF-8''%E8%BD%AC…`.
pub(crate) fn rfc2231(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push_str("UTF-8''");
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_vectors() {
        // RFC 4648 §10.
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut s = String::new();
            base64(i.as_bytes(), &mut s);
            assert_eq!(s, o);
        }
    }

    #[test]
    fn qp_breaks_long_lines_and_escapes() {
        let mut s = String::new();
        let long = "a".repeat(200) + " =é";
        quoted_printable(long.as_bytes(), "\r\n", &mut s);
        for line in s.split("\r\n") {
            assert!(line.len() <= 76, "{line}");
        }
        assert!(s.contains("=3D=C3=A9"));
    }

    #[test]
    fn encoded_words_fit() {
        let mut s = String::new();
        encoded_words(
            "提现审核通知：需缴纳个人所得税，请在48小时内完成缴纳，否则账户将被永久关闭",
            "GB2312",
            encoding_rs::GBK,
            false,
            "\r\n",
            &mut s,
        );
        for w in s.split("\r\n ") {
            assert!(w.len() <= 75, "{w}");
            assert!(w.starts_with("=?GB2312?B?") && w.ends_with("?="));
        }
    }
}
