//! Integration tests of the world generator: determinism, validity of every planted value,
//! counts that match the files, languages, speed, and the shapes linking needs.

#![allow(clippy::expect_used, clippy::unwrap_used)] // Test helpers may fail loudly.

mod corpus;
mod counts;
mod determinism;
mod shapes;
mod support;
mod validity;
