//! Tests of the html parser.
