//! Property tests (filled in later).
