//! The home page's most mentioned selectors, counted once per state of the case.
//!
//! Counting them reads every mention (seconds at a million records), while the answer
//! only changes when a source completes. So the workers share the last answer for the
//! case file with the [`ChangeMark`] it was counted at, and count again only when the
//! mark moves. The server warms it at start. Cases without a file (tests' in-memory ones)
//! are counted each time.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use millwatch_store::{Case, ChangeMark, SelectorCount, StoreError};

/// Selectors listed on the home page.
pub(crate) const HOME_SELECTORS: usize = 30;

struct Counted {
    path: PathBuf,
    mark: ChangeMark,
    top: Vec<SelectorCount>,
}

/// The last count, for one case file. Held while counting, so that requests arriving
/// meanwhile wait for that count instead of starting their own.
static LAST: Mutex<Option<Counted>> = Mutex::new(None);

/// The [`HOME_SELECTORS`] most mentioned selectors of `case`.
pub(crate) fn top_selectors(case: &Case) -> Result<Vec<SelectorCount>, StoreError> {
    let Some(path) = case.file() else {
        return case.selectors(None, HOME_SELECTORS);
    };
    let mut last = LAST.lock().unwrap_or_else(PoisonError::into_inner);
    let mark = case.change_mark()?;
    if let Some(c) = last.as_ref().filter(|c| c.path == path && c.mark == mark) {
        return Ok(c.top.clone());
    }
    let top = case.selectors(None, HOME_SELECTORS)?;
    *last = Some(Counted {
        path: path.to_owned(),
        mark,
        top: top.clone(),
    });
    Ok(top)
}
