//! Bounded per-thread memo tables for the costly checks that are pure functions of their
//! input: libphonenumber validation, base58check and the other wallet checksums, and host
//! validation against the public suffix list.
//!
//! Texts repeat their selectors (the same wallet in every message of a chat, the same phone
//! number on every page of a site), and each of these checks costs thousands of instructions
//! while a table look-up costs one hash of a short key. The answer for a key never changes,
//! so a table hit gives exactly what the check would: memoising changes speed, never output.
//!
//! Each table is thread-local (no locks on the ingest workers) and holds at most
//! [`Memo::CAP`] keys; when full it is emptied and starts again, so hostile text (megabytes of
//! distinct digit groups) costs bounded memory and one extra insertion per check. Keys are
//! hashed with `foldhash` (its quality variant) under a random seed per table: several times
//! cheaper than the standard library's SipHash on these short keys, and a text cannot carry
//! keys that collide under a seed it never sees (the scanned files are not interactive, so an
//! attacker cannot probe the seed either), so crafted collisions cannot make a look-up slow.

use std::cell::RefCell;
use std::collections::HashMap;
use std::thread::LocalKey;

/// One table: key text to the check's answer.
pub(crate) struct Memo<V> {
    map: HashMap<Box<str>, V, foldhash::quality::RandomState>,
}

impl<V: Clone> Memo<V> {
    /// Most keys kept before the table is emptied: a few megabytes a thread at most. Long
    /// texts hold tens of thousands of distinct phone numbers and hosts; 16,384 rather than
    /// 4,096 saved 1% of the instructions of the 210 MB bench corpus (fewer re-validations).
    pub const CAP: usize = 16_384;

    /// An empty table (allocates on first insertion).
    pub fn new() -> Memo<V> {
        Memo {
            map: HashMap::with_hasher(foldhash::quality::RandomState::default()),
        }
    }
}

thread_local! {
    /// Where [`cached_parts`] joins its key, so that a hit allocates nothing.
    static KEY: RefCell<String> = const { RefCell::new(String::new()) };
}

/// [`cached`] with the key `prefix` followed by `key`, joined without allocating.
pub(crate) fn cached_parts<V: Clone + 'static>(
    table: &'static LocalKey<RefCell<Memo<V>>>,
    prefix: &str,
    key: &str,
    f: impl FnOnce() -> V,
) -> V {
    let hit = KEY.with(|k| {
        let mut k = k.borrow_mut();
        k.clear();
        k.push_str(prefix);
        k.push_str(key);
        table.with(|m| m.borrow().map.get(k.as_str()).cloned())
    });
    if let Some(v) = hit {
        return v;
    }
    let v = f();
    insert(table, &format!("{prefix}{key}"), v.clone());
    v
}

/// The answer for `key` from the thread's table `table`, computing it with `f` (outside any
/// borrow of the table, so `f` may use other tables) when the table does not hold it.
pub(crate) fn cached<V: Clone + 'static>(
    table: &'static LocalKey<RefCell<Memo<V>>>,
    key: &str,
    f: impl FnOnce() -> V,
) -> V {
    if let Some(v) = table.with(|m| m.borrow().map.get(key).cloned()) {
        return v;
    }
    let v = f();
    insert(table, key, v.clone());
    v
}

fn insert<V: Clone + 'static>(table: &'static LocalKey<RefCell<Memo<V>>>, key: &str, v: V) {
    table.with(|m| {
        let mut m = m.borrow_mut();
        if m.map.len() >= Memo::<V>::CAP {
            m.map.clear();
        }
        m.map.insert(key.into(), v);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        static SQUARES: RefCell<Memo<Option<u64>>> = RefCell::new(Memo::new());
    }

    #[test]
    fn computes_once_per_key_and_stays_bounded() {
        let calls = Cell::new(0u32);
        let square = |k: &str| {
            cached(&SQUARES, k, || {
                calls.set(calls.get() + 1);
                k.parse::<u64>().ok().map(|n| n * n)
            })
        };
        assert_eq!(square("12"), Some(144));
        assert_eq!(square("12"), Some(144));
        assert_eq!(square("x"), None);
        assert_eq!(square("x"), None);
        assert_eq!(calls.get(), 2);
        for i in 0..(3 * Memo::<Option<u64>>::CAP as u64) {
            assert_eq!(square(&i.to_string()), Some(i * i));
        }
        let len = SQUARES.with(|m| m.borrow().map.len());
        assert!(len <= Memo::<Option<u64>>::CAP, "{len}");
        // Answers stay right after the table was emptied.
        assert_eq!(square("12"), Some(144));
        // A joined key is one key: `1` + `2` is `12`, and differs from `2` + `1`.
        let joined = |a: &str, b: &str| {
            cached_parts(&SQUARES, a, b, || {
                calls.set(calls.get() + 1);
                format!("{a}{b}").parse::<u64>().ok().map(|n| n * n)
            })
        };
        let before = calls.get();
        assert_eq!(joined("1", "2"), Some(144));
        assert_eq!(calls.get(), before);
        assert_eq!(joined("2", "1"), Some(441));
        assert_eq!(calls.get(), before + 1);
    }
}
