//! whatsapp format: being written (see lib.rs for the contract).

#![allow(unused_variables, missing_docs)]

use crate::{Format, Options, ParseError, Parsed, Sink};
use std::io::BufRead;
use std::path::Path;

pub fn parse(
    path: &Path,
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
pub fn sniff(head: &str) -> bool {
    false
}
