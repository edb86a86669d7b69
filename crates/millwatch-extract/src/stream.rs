//! Streaming: scan a reader of any size in overlapping windows with global byte offsets.
//!
//! A window is scanned whole, but only matches that *start* before its cut point are
//! emitted; the next window starts a margin before that cut, so every selector is seen whole
//! by exactly one window (selectors and the context words that decide them are far shorter
//! than the margin). Cuts fall on whitespace when there is any, so a window never splits a
//! word. Bytes that are not UTF-8 are skipped: they end selectors like any separator.

use std::io::Read;

use crate::{Extractor, Match, ScanContext};

/// Bytes read per window. A scan's working memory (folded copy, context hits, findings) is a
/// few times its window; at 256 KiB it stays within what the allocator keeps between windows,
/// while 1 MiB windows made every window map and fault in fresh pages (an eighth of the time
/// went to page faults). The re-scanned margin costs about 3%.
pub(crate) const CHUNK: usize = 1 << 18;
/// Bytes re-scanned before each cut, and kept after it: longer than any selector (URLs are
/// capped at 4 KiB) plus the context window before it.
const MARGIN: usize = 8 << 10;

/// Scans `r`; `chunk` is the window size (small in tests).
pub(crate) fn scan_reader(
    ex: &Extractor,
    mut r: impl Read,
    ctx: &ScanContext<'_>,
    sink: &mut dyn FnMut(Match),
    chunk: usize,
) -> std::io::Result<()> {
    let chunk = chunk.max(4 * MARGIN);
    let mut buf: Vec<u8> = Vec::new();
    // Global offset of buf[0], and the global offset before which everything was emitted.
    let mut base: usize = 0;
    let mut emitted_to: usize = 0;
    let mut eof = false;
    while !eof {
        // Fill the buffer up to `chunk` bytes; `read_to_end` grows it as data comes, so a
        // small input never pays for a whole window.
        let want = chunk.saturating_sub(buf.len());
        let n = (&mut r).take(want as u64).read_to_end(&mut buf)?;
        if n < want {
            eof = true;
        }
        // Choose the cut: everything before it is final in this window.
        let cut = if eof {
            buf.len()
        } else {
            let lo = buf.len().saturating_sub(2 * MARGIN);
            let hi = buf.len() - MARGIN;
            buf[lo..hi]
                .iter()
                .rposition(|b| b.is_ascii_whitespace())
                .map_or(hi, |k| lo + k + 1)
        };
        // Never hand a character cut by the window's end to the scan (it lies after the cut).
        let mut valid_end = buf.len();
        if !eof {
            let mut k = valid_end;
            while k > 0 && buf.len() - k < 4 && buf[k - 1] & 0xC0 == 0x80 {
                k -= 1;
            }
            if k > 0 && buf[k - 1] >= 0xC0 {
                valid_end = k - 1;
            }
        }
        scan_bytes(ex, &buf[..valid_end], base, ctx, &mut |m: Match| {
            if m.start >= emitted_to && m.start < base + cut {
                sink(m);
            }
        });
        emitted_to = base + cut;
        if eof {
            break;
        }
        // Keep a margin before the cut, starting at whitespace if possible.
        let keep_from = {
            let lo = cut.saturating_sub(2 * MARGIN);
            let hi = cut.saturating_sub(MARGIN);
            buf[lo..hi]
                .iter()
                .position(|b| b.is_ascii_whitespace())
                .map_or(hi, |k| lo + k)
        };
        buf.drain(..keep_from);
        base += keep_from;
    }
    Ok(())
}

/// Scans the UTF-8 pieces of `bytes` (global offset `base`), in order.
fn scan_bytes(
    ex: &Extractor,
    bytes: &[u8],
    base: usize,
    ctx: &ScanContext<'_>,
    sink: &mut dyn FnMut(Match),
) {
    // SIMD validation: on CJK or Thai text the standard one costs a tenth of the scan.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        ex.scan(text, ctx, &mut |mut m| {
            m.start += base;
            m.end += base;
            sink(m);
        });
        return;
    }
    let mut off = 0;
    for piece in bytes.utf8_chunks() {
        let valid = piece.valid();
        if !valid.is_empty() {
            ex.scan(valid, ctx, &mut |mut m| {
                m.start += base + off;
                m.end += base + off;
                sink(m);
            });
        }
        off += valid.len() + piece.invalid().len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    #[test]
    fn small_windows_find_what_whole_scan_finds() {
        let ex = Extractor::new(&Config::default()).unwrap_or_else(|e| panic!("{e}"));
        let mut text = String::new();
        let mut i = 0;
        while text.len() < 200_000 {
            text.push_str(&"x".repeat(i % 17));
            text.push_str(" https://evil-shop.top/a?b=c 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed ต่อ +66 81 234 5678\n");
            i += 1;
        }
        let ctx = ScanContext::default();
        let whole: Vec<(usize, usize, String)> = ex
            .scan_to_vec(&text, &ctx)
            .into_iter()
            .map(|m| (m.start, m.end, m.value))
            .collect();
        let mut streamed = Vec::new();
        let res = scan_reader(
            &ex,
            text.as_bytes(),
            &ctx,
            &mut |m| streamed.push((m.start, m.end, m.value)),
            1,
        );
        assert!(res.is_ok());
        assert_eq!(streamed, whole);
    }
}
