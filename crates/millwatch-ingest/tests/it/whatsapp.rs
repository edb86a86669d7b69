//! Tests of the whatsapp parser.
