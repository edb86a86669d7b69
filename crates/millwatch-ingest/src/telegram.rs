//! telegram format: being written (see lib.rs for the contract).

#![allow(unused_variables, missing_docs)]

use crate::{Format, Options, ParseError, Parsed, Sink};
use std::io::BufRead;

pub fn parse(
    input: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<Parsed, ParseError> {
    Err(ParseError::Malformed {
        format: Format::Text,
        place: Default::default(),
        reason: "not yet implemented".into(),
    })
}
pub fn sniff(head: &[u8]) -> bool {
    let s = String::from_utf8_lossy(head);
    s.contains("\"messages\"") || s.contains("\"chats\"")
}
