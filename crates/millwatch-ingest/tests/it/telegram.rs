//! Tests of the telegram parser.
