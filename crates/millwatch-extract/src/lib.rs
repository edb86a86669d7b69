//! Selector extraction: every phone number, wallet, domain, handle and account in messy
//! multilingual text — exact, explained and fast.
//!
//! Investigators link scam operations through *selectors*. Missing one loses a link; a false
//! one (an amount read as a phone number, `report.pdf` read as a domain) glues strangers
//! together. This crate finds them in any text and says, for each, what it is ([`SelectorKind`]),
//! its normal form, where it was written (byte offsets into the caller's text) and which rule
//! decided ([`Match::rule`]).
//!
//! # Shape
//!
//! An [`Extractor`] is built once ([`Extractor::new`] compiles every automaton and table) and
//! then scans any number of texts, from any number of threads (`&self` only). A scan runs a
//! fixed pipeline of linear passes over the text:
//!
//! 1. **fold** ([`fold`]): look-alike characters (full-width forms, Thai/Khmer/Myanmar and
//!    other native digits, zero-width characters, exotic spaces and dashes) are folded to ASCII
//!    and defanged notation (`hxxp`, `[.]`, `(dot)`, `[at]`, ` dot `) is refanged, keeping an
//!    offset map back to the original text. Pure ASCII text without defanging is not copied.
//! 2. **context** ([`context`]): one Aho-Corasick pass finds context words (`WhatsApp`,
//!    `微信`, `เบอร์`, `order no`, `USDT` …) that later passes consult by position.
//! 3. **tokens** ([`scan`]): a byte-class walk splits the text into chunks of URL-ish
//!    characters; only chunks with a `.`, `@`, `:`, `/` or digit, or long alphanumeric runs,
//!    are looked at further (URLs, e-mails, domains, IPs, wallets, hashes, IBANs, app ids).
//! 4. **handles**: values after context words (`Telegram: x`, `LINE ID: x`, `微信：x`).
//! 5. **numbers** ([`phone`]): digit sequences with separators become phone numbers, card
//!    numbers or bank accounts — or nothing, when they are dates, amounts or ids.
//!
//! Every pass is linear in the text and bounded per candidate, so hostile input (megabytes of
//! digits, dots or `@`) cannot make a scan quadratic. The costly checks that are pure
//! functions of their input (phone validation, wallet checksums, host validation) are
//! memoised in bounded per-thread tables: selectors repeat, and a repeat costs a hash. The crate does no I/O beyond reading a
//! caller-given [`std::io::Read`] in [`Extractor::scan_reader`].

use std::fmt;
use std::str::FromStr;

mod bank;
mod chains;
mod context;
mod crypto;
mod fold;
mod glue;
mod handles;
mod memo;
mod net;
mod phone;
mod region;
mod scan;
mod stream;

#[cfg(test)]
mod tests;

pub use crypto::{eip55_checksum, tron_hex_to_base58};

/// What a selector is. The string forms ([`SelectorKind::as_str`]) are stable: scripts,
/// the case database and exports depend on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SelectorKind {
    /// A phone number, normalised to E.164 (`+85512345678`).
    Phone,
    /// An e-mail address, lower-case, with its domain in Unicode NFC.
    Email,
    /// A URL, refanged, with scheme and host lower-cased.
    Url,
    /// A registrable domain (public suffix list), Unicode lower-case; [`Match::host`] keeps the full host.
    Domain,
    /// An IPv4 address in dotted-decimal form.
    Ipv4,
    /// An IPv6 address in compressed canonical form.
    Ipv6,
    /// A Bitcoin address (base58check or bech32/bech32m, checksum verified).
    Btc,
    /// An Ethereum/EVM address, `0x` + lower-case hex (EIP-55 verified when mixed-case).
    Eth,
    /// A TRON address in base58check form (`T…`).
    Tron,
    /// A Telegram username, lower-case, without `@`.
    Telegram,
    /// A WhatsApp account, as the E.164 phone number.
    Whatsapp,
    /// A LINE id (`@` kept for official accounts), lower-case.
    Line,
    /// A WeChat id, lower-case.
    Wechat,
    /// A Signal account: E.164 number or lower-case username.
    Signal,
    /// An IBAN, upper-case without spaces (mod-97 verified).
    Iban,
    /// A mobile app: `android:<package>` or `ios:<numeric id>`.
    App,
    /// A Litecoin address (base58check `L`/`M` or bech32 `ltc1`).
    Ltc,
    /// A Dogecoin address (base58check `D`/`A`/`9`).
    Doge,
    /// An XRP Ledger classic address (`r…`, Ripple base58check).
    Xrp,
    /// A Solana address (base58, 32 bytes), only next to Solana context since it has no checksum.
    Sol,
    /// A TON user-friendly address (base64url, CRC16 verified).
    Ton,
    /// A payment card number (Luhn verified, known issuer prefix), digits only.
    Card,
    /// A bank account number next to a bank name or account context, digits only.
    BankAccount,
    /// An MD5 hash, lower-case hex.
    Md5,
    /// A SHA-1 hash, lower-case hex.
    Sha1,
    /// A SHA-256 hash, lower-case hex.
    Sha256,
    /// A SHA-512 hash, lower-case hex.
    Sha512,
    /// A blockchain transaction id (64 hex next to transaction context, or `0x` + 64 hex), lower-case hex without `0x`.
    Txid,
    /// A Bitcoin Cash CashAddr address, `bitcoincash:` + lower-case payload.
    Bch,
    /// A Dash address (base58check).
    Dash,
    /// A Zcash transparent address (`t1…`/`t3…`, base58check).
    Zec,
    /// A Tezos address (`tz1…`/`tz2…`/`tz3…`/`KT1…`, base58check).
    Xtz,
    /// A Monero address (Keccak-256 checksum).
    Xmr,
    /// A Cardano Shelley address (`addr1…`, bech32), lower-case.
    Ada,
}

impl SelectorKind {
    /// Every kind, in a stable order.
    pub const ALL: [SelectorKind; 34] = [
        SelectorKind::Phone,
        SelectorKind::Email,
        SelectorKind::Url,
        SelectorKind::Domain,
        SelectorKind::Ipv4,
        SelectorKind::Ipv6,
        SelectorKind::Btc,
        SelectorKind::Eth,
        SelectorKind::Tron,
        SelectorKind::Telegram,
        SelectorKind::Whatsapp,
        SelectorKind::Line,
        SelectorKind::Wechat,
        SelectorKind::Signal,
        SelectorKind::Iban,
        SelectorKind::App,
        SelectorKind::Ltc,
        SelectorKind::Doge,
        SelectorKind::Xrp,
        SelectorKind::Sol,
        SelectorKind::Ton,
        SelectorKind::Card,
        SelectorKind::BankAccount,
        SelectorKind::Md5,
        SelectorKind::Sha1,
        SelectorKind::Sha256,
        SelectorKind::Sha512,
        SelectorKind::Txid,
        SelectorKind::Bch,
        SelectorKind::Dash,
        SelectorKind::Zec,
        SelectorKind::Xtz,
        SelectorKind::Xmr,
        SelectorKind::Ada,
    ];

    /// The stable name used in output, the database and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            SelectorKind::Phone => "phone",
            SelectorKind::Email => "email",
            SelectorKind::Url => "url",
            SelectorKind::Domain => "domain",
            SelectorKind::Ipv4 => "ipv4",
            SelectorKind::Ipv6 => "ipv6",
            SelectorKind::Btc => "btc",
            SelectorKind::Eth => "eth",
            SelectorKind::Tron => "tron",
            SelectorKind::Telegram => "telegram",
            SelectorKind::Whatsapp => "whatsapp",
            SelectorKind::Line => "line",
            SelectorKind::Wechat => "wechat",
            SelectorKind::Signal => "signal",
            SelectorKind::Iban => "iban",
            SelectorKind::App => "app",
            SelectorKind::Ltc => "ltc",
            SelectorKind::Doge => "doge",
            SelectorKind::Xrp => "xrp",
            SelectorKind::Sol => "sol",
            SelectorKind::Ton => "ton",
            SelectorKind::Card => "card",
            SelectorKind::BankAccount => "bank_account",
            SelectorKind::Md5 => "md5",
            SelectorKind::Sha1 => "sha1",
            SelectorKind::Sha256 => "sha256",
            SelectorKind::Sha512 => "sha512",
            SelectorKind::Txid => "txid",
            SelectorKind::Bch => "bch",
            SelectorKind::Dash => "dash",
            SelectorKind::Zec => "zec",
            SelectorKind::Xtz => "xtz",
            SelectorKind::Xmr => "xmr",
            SelectorKind::Ada => "ada",
        }
    }

    fn bit(self) -> u64 {
        1u64 << (self as u32)
    }
}

impl fmt::Display for SelectorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a string that names no [`SelectorKind`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown selector kind {0:?} (expected one of: {names})", names = kind_names())]
pub struct UnknownKind(pub String);

fn kind_names() -> String {
    let names: Vec<&str> = SelectorKind::ALL.iter().map(|k| k.as_str()).collect();
    names.join(", ")
}

impl FromStr for SelectorKind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let norm = match norm.as_str() {
            "ip" | "ip4" => "ipv4",
            "ip6" => "ipv6",
            "bitcoin" => "btc",
            "ethereum" | "evm" => "eth",
            "trx" | "usdt_trc20" => "tron",
            "whatsapp_number" | "wa" => "whatsapp",
            "tg" => "telegram",
            "bank" | "account" => "bank_account",
            "tx" | "transaction" => "txid",
            "bitcoincash" | "bitcoin_cash" => "bch",
            "zcash" => "zec",
            "tezos" => "xtz",
            "monero" => "xmr",
            "cardano" => "ada",
            "dashcoin" => "dash",
            "litecoin" => "ltc",
            "dogecoin" => "doge",
            "ripple" => "xrp",
            "solana" => "sol",
            "toncoin" => "ton",
            other => other,
        };
        SelectorKind::ALL
            .into_iter()
            .find(|k| k.as_str() == norm)
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

/// A set of [`SelectorKind`]s, e.g. the kinds a scan should report. The default is all kinds.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KindSet(u64);

impl KindSet {
    /// Every kind.
    pub fn all() -> KindSet {
        let mut bits = 0;
        for k in SelectorKind::ALL {
            bits |= k.bit();
        }
        KindSet(bits)
    }

    /// No kind.
    pub fn empty() -> KindSet {
        KindSet(0)
    }

    /// Whether `kind` is in the set.
    pub fn contains(self, kind: SelectorKind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// Adds `kind` to the set.
    pub fn insert(&mut self, kind: SelectorKind) {
        self.0 |= kind.bit();
    }

    /// Removes `kind` from the set.
    pub fn remove(&mut self, kind: SelectorKind) {
        self.0 &= !kind.bit();
    }

    /// Whether the set holds no kind.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds in the set, in [`SelectorKind::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = SelectorKind> {
        SelectorKind::ALL
            .into_iter()
            .filter(move |k| self.contains(*k))
    }
}

impl Default for KindSet {
    fn default() -> Self {
        KindSet::all()
    }
}

impl fmt::Debug for KindSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl fmt::Display for KindSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.iter().map(|k| k.as_str()).collect();
        f.write_str(&names.join(","))
    }
}

impl FromIterator<SelectorKind> for KindSet {
    fn from_iter<I: IntoIterator<Item = SelectorKind>>(iter: I) -> Self {
        let mut set = KindSet::empty();
        for k in iter {
            set.insert(k);
        }
        set
    }
}

impl FromStr for KindSet {
    type Err = UnknownKind;

    /// Parses a comma-separated list such as `phone,eth,url`. `all` names every kind;
    /// `crypto` the wallet kinds, `hash` the hash kinds, `handle` the messaging handles.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut set = KindSet::empty();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.to_ascii_lowercase().as_str() {
                "all" => set = KindSet::all(),
                "crypto" | "wallet" | "wallets" => {
                    for k in [
                        SelectorKind::Btc,
                        SelectorKind::Eth,
                        SelectorKind::Tron,
                        SelectorKind::Ltc,
                        SelectorKind::Doge,
                        SelectorKind::Xrp,
                        SelectorKind::Sol,
                        SelectorKind::Ton,
                        SelectorKind::Bch,
                        SelectorKind::Dash,
                        SelectorKind::Zec,
                        SelectorKind::Xtz,
                        SelectorKind::Xmr,
                        SelectorKind::Ada,
                    ] {
                        set.insert(k);
                    }
                }
                "hash" | "hashes" => {
                    for k in [
                        SelectorKind::Md5,
                        SelectorKind::Sha1,
                        SelectorKind::Sha256,
                        SelectorKind::Sha512,
                    ] {
                        set.insert(k);
                    }
                }
                "handle" | "handles" => {
                    for k in [
                        SelectorKind::Telegram,
                        SelectorKind::Whatsapp,
                        SelectorKind::Line,
                        SelectorKind::Wechat,
                        SelectorKind::Signal,
                    ] {
                        set.insert(k);
                    }
                }
                _ => set.insert(part.parse()?),
            }
        }
        Ok(set)
    }
}

/// How an [`Extractor`] is built.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The kinds to report (default: all).
    pub kinds: KindSet,
    /// The country (ISO 3166 alpha-2 such as `"KH"`, or a country name) used to resolve
    /// national phone numbers when the scanned record has no country of its own.
    pub default_region: Option<String>,
}

/// Where a scanned text comes from, which decides how national numbers and bare values read.
#[derive(Clone, Copy, Debug, Default)]
pub struct ScanContext<'a> {
    /// The record's country (ISO code or name, in several languages) to resolve national
    /// phone numbers; overrides [`Config::default_region`].
    pub region: Option<&'a str>,
    /// The field name the text comes from (`phone`, `wallet`, `telegram`, `whatsapp`, `line`,
    /// `wechat`, `signal`, `email`, `url` …). A value in a `telegram` field is a Telegram
    /// handle even without `@`; a `phone`/`whatsapp` field value is a phone number even
    /// without context words.
    pub field: Option<&'a str>,
}

/// One selector found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Match {
    /// What it is.
    pub kind: SelectorKind,
    /// The normal form (see [`SelectorKind`]); equal selectors have equal values.
    pub value: String,
    /// The text as written, `text[start..end]`.
    pub raw: String,
    /// Byte offset of the first byte of `raw` in the scanned text.
    pub start: usize,
    /// Byte offset one past the last byte of `raw`.
    pub end: usize,
    /// The rule or context that decided, e.g. `"url:defanged"` or `"phone:context-whatsapp"`.
    pub rule: &'static str,
    /// The full host, for `domain`, `url` and `email` selectors (Unicode lower-case).
    pub host: Option<String>,
}

/// The error for an [`Extractor`] that cannot be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The default region is neither an ISO 3166 alpha-2 code nor a known country name.
    #[error(
        "unknown region {0:?} (expected an ISO 3166 alpha-2 code such as KH, or a country name)"
    )]
    UnknownRegion(String),
    /// An internal automaton failed to build (a bug, reported rather than panicking).
    #[error("internal pattern failed to build: {0}")]
    Pattern(String),
}

/// The selector extractor: built once, then scans any number of texts.
pub struct Extractor {
    kinds: KindSet,
    default_region: Option<rlibphonenumber::Region>,
    fold: fold::Folder,
    context: context::ContextFinder,
    phones: phone::PhoneRules,
    /// The starts of `http` written base64- or hex-encoded (see `scan::encoded_urls`).
    encoded: aho_corasick::AhoCorasick,
}

impl fmt::Debug for Extractor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Extractor")
            .field("kinds", &self.kinds)
            .field("default_region", &self.default_region)
            .finish_non_exhaustive()
    }
}

impl Extractor {
    /// Builds an extractor, compiling every pattern and table once.
    pub fn new(config: &Config) -> Result<Extractor, BuildError> {
        let default_region = match &config.default_region {
            None => None,
            Some(r) if r.trim().is_empty() => None,
            Some(r) => {
                Some(region::resolve(r).ok_or_else(|| BuildError::UnknownRegion(r.clone()))?)
            }
        };
        Ok(Extractor {
            kinds: config.kinds,
            default_region,
            fold: fold::Folder::new().map_err(|e| BuildError::Pattern(e.to_string()))?,
            context: context::ContextFinder::new()
                .map_err(|e| BuildError::Pattern(e.to_string()))?,
            phones: phone::PhoneRules::new(),
            encoded: aho_corasick::AhoCorasick::new(scan::ENCODED_HTTP)
                .map_err(|e| BuildError::Pattern(e.to_string()))?,
        })
    }

    /// The kinds this extractor reports.
    pub fn kinds(&self) -> KindSet {
        self.kinds
    }

    /// Scans `text`, calling `sink` for each selector found, in order of start offset
    /// (ties: longer first, then by kind).
    pub fn scan(&self, text: &str, ctx: &ScanContext<'_>, sink: &mut dyn FnMut(Match)) {
        scan::run_into(self, text, ctx, sink);
    }

    /// Scans `text` and returns the selectors found, in order of start offset.
    pub fn scan_to_vec(&self, text: &str, ctx: &ScanContext<'_>) -> Vec<Match> {
        scan::run(self, text, ctx)
    }

    /// Streams any reader in chunks (overlapping, so that nothing at a chunk boundary is lost
    /// or doubled) and calls `sink` with byte offsets into the whole stream. Bytes that are
    /// not UTF-8 separate selectors and are otherwise skipped.
    pub fn scan_reader(
        &self,
        r: impl std::io::Read,
        ctx: &ScanContext<'_>,
        sink: &mut dyn FnMut(Match),
    ) -> std::io::Result<()> {
        stream::scan_reader(self, r, ctx, sink, stream::CHUNK)
    }
}
