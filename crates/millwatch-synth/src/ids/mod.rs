//! Generators of valid selector values: phones, crypto addresses, bank accounts, network
//! names and handles.

pub(crate) mod bank;
pub(crate) mod crypto;
pub(crate) mod net;
pub(crate) mod phone;
