//! Format detection from a file's name and first bytes.
//!
//! Extensions decide first because users name files deliberately; content sniffing
//! settles what an extension cannot (a `.txt` that is a WhatsApp export, a `.json` that is
//! a Telegram export) and refuses binary junk before any parser sees it.

use std::path::Path;

use millwatch_model::Format;

/// Why no format could be chosen for a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DetectError {
    /// The file looks binary (NUL bytes or mostly control bytes in its first block).
    #[error("looks like binary data, not text ({0})")]
    Binary(String),
    /// The extension is not one millwatch reads and the content gave no hint.
    #[error("unrecognised file type {0:?}")]
    Unknown(String),
}

/// Chooses the format of a file from its path and its first bytes (a few KiB suffice).
pub fn detect_format(path: &Path, head: &[u8]) -> Result<Format, DetectError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if looks_binary(head) && !mail_with_binary_parts(&ext, head) {
        return Err(DetectError::Binary(binary_reason(head)));
    }
    // Sniff the text, not the bytes: a file saved as UTF-16 (Notepad's "Unicode") is
    // read by every parser through its BOM, and must be recognised the same way.
    let text = match encoding_rs::Encoding::for_bom(head) {
        Some((enc, len)) if enc != encoding_rs::UTF_8 => {
            enc.decode_without_bom_handling(&head[len..]).0
        }
        _ => String::from_utf8_lossy(head),
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let format = match ext.as_str() {
        "csv" => Format::Csv,
        "tsv" | "tab" => Format::Tsv,
        "jsonl" | "ndjson" => Format::Jsonl,
        "eml" | "emlx" | "mht" | "mhtml" => Format::Eml,
        "mbox" | "mbx" => Format::Mbox,
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "json" => {
            if crate::telegram::sniff(text.as_bytes()) {
                Format::TelegramJson
            } else {
                Format::Jsonl
            }
        }
        "txt" | "text" | "md" | "markdown" | "" | "log" => {
            if crate::whatsapp::sniff(&text) {
                Format::WhatsappText
            } else if ext.is_empty() && trimmed.starts_with("From ") {
                Format::Mbox
            } else if ext.is_empty() && is_mail_header_block(trimmed) {
                Format::Eml
            } else if ext.is_empty()
                && (trimmed
                    .get(..5)
                    .is_some_and(|p| p.eq_ignore_ascii_case("<!doc"))
                    || trimmed.starts_with("<html"))
            {
                Format::Html
            } else {
                Format::Text
            }
        }
        other => return Err(DetectError::Unknown(other.to_owned())),
    };
    Ok(format)
}

/// A `.eml` or `.mbox` whose header block is text: NUL bytes after it belong to a part
/// sent with `Content-Transfer-Encoding: binary` (RFC 3030), which mail may carry.
fn mail_with_binary_parts(ext: &str, head: &[u8]) -> bool {
    if !matches!(ext, "eml" | "mbox" | "mbx") {
        return false;
    }
    let Some(end) =
        memchr::memmem::find(head, b"\n\n").or_else(|| memchr::memmem::find(head, b"\r\n\r\n"))
    else {
        return false;
    };
    let block = &head[..end];
    if looks_binary(block) {
        return false;
    }
    let text = String::from_utf8_lossy(block);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let text = match text.strip_prefix("From ") {
        Some(rest) if ext != "eml" => rest.split_once('\n').map_or("", |(_, r)| r),
        _ => text,
    };
    is_mail_header_block(text)
}

fn is_mail_header_block(s: &str) -> bool {
    let mut headers = 0;
    for line in s.lines().take(30) {
        if line.is_empty() {
            break;
        }
        let name = line.split(':').next().unwrap_or("");
        if [
            "from",
            "to",
            "subject",
            "date",
            "message-id",
            "received",
            "return-path",
            "mime-version",
            "content-type",
        ]
        .contains(&name.to_ascii_lowercase().as_str())
        {
            headers += 1;
        }
    }
    headers >= 2
}

/// True when the block has NUL bytes outside a UTF-16 BOM'd text, or is mostly control
/// bytes.
fn looks_binary(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    !head.is_empty() && controls * 10 > head.len()
}

fn binary_reason(head: &[u8]) -> String {
    match head.iter().position(|&b| b == 0) {
        Some(at) => format!("NUL byte at offset {at}"),
        None => "mostly control bytes in the first block".into(),
    }
}
