//! The endless text stream for extraction benchmarks.

use std::collections::BTreeSet;

#[test]
fn corpus_texts_are_deterministic_and_varied() {
    let a: Vec<String> = millwatch_synth::corpus_texts(5).take(300).collect();
    let b: Vec<String> = millwatch_synth::corpus_texts(5).take(300).collect();
    assert_eq!(a, b);
    let c: Vec<String> = millwatch_synth::corpus_texts(6).take(300).collect();
    assert_ne!(a, c);
    assert!(a.iter().all(|t| !t.is_empty()));
    let distinct: BTreeSet<&String> = a.iter().collect();
    assert!(distinct.len() > 290);
    let bytes: usize = a.iter().map(String::len).sum();
    assert!(bytes > 300 * 150, "{bytes} bytes");
    let scripts = [
        ('\u{4e00}', '\u{9fff}'),
        ('\u{0e00}', '\u{0e7f}'),
        ('a', 'z'),
    ];
    for (lo, hi) in scripts {
        assert!(
            a.iter().any(|t| t.chars().any(|c| (lo..=hi).contains(&c))),
            "no text in {lo}..{hi}"
        );
    }
    assert!(
        a.iter().any(|t| t.contains(" T") || t.contains("：T")),
        "no TRON address"
    );
}
