//! Integration tests of `millwatch-extract`: one binary, one module per concern.

mod accuracy;
mod props;
mod stream;
