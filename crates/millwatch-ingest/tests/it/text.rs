//! Tests of the text parser.
