//! Tests of the tabular parser.
