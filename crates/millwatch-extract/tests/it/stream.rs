//! Streaming tests (filled in later).
