//! Tests of the email parser.
