//! Writes the generated part of the labelled accuracy corpus,
//! `tests/corpus/generated.jsonl`, from a fixed seed.
//!
//! Every address is built with its chain's real checksum (base58check, bech32/bech32m,
//! EIP-55, IBAN mod-97, Luhn, TON CRC-16) and every phone number is checked valid by the
//! libphonenumber metadata, so the corpus tests the extractor, not the generator. The labels
//! (kind and normal form of every selector a careful human would mark in the sentence) are
//! written here from what the generator put in, never from what the extractor finds.
//!
//! Usage: `cargo run -p millwatch-extract --example gen_corpus > crates/millwatch-extract/tests/corpus/generated.jsonl`

#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::needless_range_loop,
    clippy::collapsible_if
)]

use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumberFormat, PhoneNumberType, Region};
use serde_json::json;
use sha2::{Digest, Sha256};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 10_000) as f64 / 10_000.0 < p
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    fn hex(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b"0123456789abcdef"[self.below(16)]))
            .collect()
    }
    fn word(&mut self, min: usize, max: usize) -> String {
        let len = min + self.below(max - min + 1);
        let mut s = String::new();
        for i in 0..len {
            let c = if i > 0 && self.chance(0.2) {
                b"0123456789"[self.below(10)]
            } else {
                b"abcdefghijklmnopqrstuvwxyz"[self.below(26)]
            };
            s.push(char::from(c));
        }
        s
    }
}

fn dsha(data: &[u8]) -> [u8; 32] {
    Sha256::digest(Sha256::digest(data)).into()
}

fn base58check(version: u8, payload: &[u8], alphabet: &bs58::Alphabet) -> String {
    let mut v = vec![version];
    v.extend_from_slice(payload);
    let c = dsha(&v);
    v.extend_from_slice(&c[..4]);
    bs58::encode(v).with_alphabet(alphabet).into_string()
}

fn btc(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => base58check(0x00, &rng.bytes(20), bs58::Alphabet::BITCOIN),
        1 => base58check(0x05, &rng.bytes(20), bs58::Alphabet::BITCOIN),
        2 => bech32::segwit::encode_v0(bech32::hrp::BC, &rng.bytes(20)).unwrap(),
        _ => bech32::segwit::encode_v1(bech32::hrp::BC, &rng.bytes(32)).unwrap(),
    }
}

fn eth(rng: &mut Rng) -> (String, String) {
    let hex = rng.hex(40);
    let checksummed = millwatch_extract::eip55_checksum(&hex).unwrap();
    (checksummed, format!("0x{hex}"))
}

fn tron(rng: &mut Rng) -> (String, String) {
    let payload = rng.bytes(20);
    let b58 = base58check(0x41, &payload, bs58::Alphabet::BITCOIN);
    let hex: String = std::iter::once(0x41u8)
        .chain(payload)
        .map(|b| format!("{b:02x}"))
        .collect();
    (b58, hex)
}

fn ltc(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => base58check(0x30, &rng.bytes(20), bs58::Alphabet::BITCOIN),
        1 => base58check(0x32, &rng.bytes(20), bs58::Alphabet::BITCOIN),
        _ => bech32::segwit::encode_v0(bech32::Hrp::parse("ltc").unwrap(), &rng.bytes(20)).unwrap(),
    }
}

fn doge(rng: &mut Rng) -> String {
    base58check(
        if rng.chance(0.8) { 0x1e } else { 0x16 },
        &rng.bytes(20),
        bs58::Alphabet::BITCOIN,
    )
}

fn xrp(rng: &mut Rng) -> String {
    base58check(0x00, &rng.bytes(20), bs58::Alphabet::RIPPLE)
}

fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

fn base58check_prefix(prefix: &[u8], payload: &[u8]) -> String {
    let mut v = prefix.to_vec();
    v.extend_from_slice(payload);
    let c = dsha(&v);
    v.extend_from_slice(&c[..4]);
    bs58::encode(v).into_string()
}

const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn to5(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(((acc >> bits) & 31) as u8);
        }
    }
    if bits > 0 {
        out.push(((acc << (5 - bits)) & 31) as u8);
    }
    out
}

fn bch(rng: &mut Rng) -> String {
    let mut payload = vec![if rng.chance(0.7) { 0x00 } else { 0x08 }];
    payload.extend(rng.bytes(20));
    let data = to5(&payload);
    let mut values: Vec<u8> = b"bitcoincash".iter().map(|c| c & 0x1f).collect();
    values.push(0);
    values.extend(&data);
    values.extend([0u8; 8]);
    let mut c: u64 = 1;
    for d in values {
        let c0 = (c >> 35) as u8;
        c = ((c & 0x07_ffff_ffff) << 5) ^ u64::from(d);
        for (bit, g) in [
            0x98_f2bc_8e61u64,
            0x79_b76d_99e2,
            0xf3_3e5f_b3c4,
            0xae_2eab_e2a8,
            0x1e_4f43_e470,
        ]
        .iter()
        .enumerate()
        {
            if c0 >> bit & 1 == 1 {
                c ^= g;
            }
        }
    }
    let check = c ^ 1;
    let mut s: String = data
        .iter()
        .map(|&v| char::from(CHARSET[v as usize]))
        .collect();
    for i in 0..8 {
        s.push(char::from(
            CHARSET[((check >> (5 * (7 - i))) & 31) as usize],
        ));
    }
    s
}

fn monero(rng: &mut Rng) -> String {
    use sha3::{Digest as _, Keccak256};
    let mut v = vec![0x12u8];
    v.extend(rng.bytes(64));
    let h = Keccak256::digest(&v);
    v.extend_from_slice(&h[..4]);
    const A: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    const CHARS: [usize; 9] = [0, 2, 3, 5, 6, 7, 9, 10, 11];
    let mut s = String::new();
    for block in v.chunks(8) {
        let mut num: u128 = 0;
        for &b in block {
            num = (num << 8) | u128::from(b);
        }
        let n = CHARS[block.len()];
        let mut digits = vec![b'1'; n];
        for k in (0..n).rev() {
            digits[k] = A[(num % 58) as usize];
            num /= 58;
        }
        s.push_str(std::str::from_utf8(&digits).unwrap());
    }
    s
}

fn cardano(rng: &mut Rng) -> String {
    let mut payload = vec![0x01u8];
    payload.extend(rng.bytes(56));
    let data = to5(&payload);
    let mut values: Vec<u8> = b"addr".iter().map(|c| c >> 5).collect();
    values.push(0);
    values.extend(b"addr".iter().map(|c| c & 0x1f));
    values.extend(&data);
    values.extend([0u8; 6]);
    let poly = [
        0x3b6a_57b2u32,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    let mut chk: u32 = 1;
    for v in values {
        let top = chk >> 25;
        chk = ((chk & 0x01ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in poly.iter().enumerate() {
            if top >> i & 1 == 1 {
                chk ^= g;
            }
        }
    }
    let check = chk ^ 1;
    let mut s = String::from("addr1");
    s.extend(data.iter().map(|&v| char::from(CHARSET[v as usize])));
    for i in 0..6 {
        s.push(char::from(
            CHARSET[((check >> (5 * (5 - i))) & 31) as usize],
        ));
    }
    s
}

fn ton(rng: &mut Rng) -> String {
    let mut v = vec![if rng.chance(0.5) { 0x11 } else { 0x51 }, 0x00];
    v.extend(rng.bytes(32));
    let c = crc16(&v);
    v.extend_from_slice(&c.to_be_bytes());
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = String::new();
    for ch in v.chunks(3) {
        let n = (u32::from(ch[0]) << 16) | (u32::from(ch[1]) << 8) | u32::from(ch[2]);
        for k in (0..4).rev() {
            s.push(char::from(A[((n >> (6 * k)) & 63) as usize]));
        }
    }
    s
}

fn iban(rng: &mut Rng) -> String {
    let (cc, bban_fmt): (&str, &str) = *rng.pick(&[
        ("DE", "nnnnnnnnnnnnnnnnnn"),
        ("GB", "AAAAnnnnnnnnnnnnnn"),
        ("FR", "nnnnnnnnnnnnnnnnnnnnnnn"),
        ("ES", "nnnnnnnnnnnnnnnnnnnn"),
        ("NL", "AAAAnnnnnnnnnn"),
        ("AE", "nnnnnnnnnnnnnnnnnnn"),
        ("TR", "nnnnnnnnnnnnnnnnnnnnnn"),
        ("CH", "nnnnnnnnnnnnnnnnn"),
        ("IT", "Annnnnnnnnnnnnnnnnnnnnn"),
        ("GE", "AAnnnnnnnnnnnnnnnn"),
    ]);
    let bban: String = bban_fmt
        .chars()
        .map(|c| {
            if c == 'n' {
                char::from(b'0' + rng.below(10) as u8)
            } else {
                char::from(b'A' + rng.below(26) as u8)
            }
        })
        .collect();
    let rearranged = format!("{bban}{cc}00");
    let mut rem: u64 = 0;
    for c in rearranged.chars() {
        if let Some(d) = c.to_digit(10) {
            rem = (rem * 10 + u64::from(d)) % 97;
        } else {
            rem = (rem * 100 + u64::from(c as u32 - 'A' as u32 + 10)) % 97;
        }
    }
    format!("{cc}{:02}{bban}", 98 - rem)
}

fn luhn_complete(prefix: &str, len: usize, rng: &mut Rng) -> String {
    let mut d: Vec<u8> = prefix.bytes().map(|b| b - b'0').collect();
    while d.len() < len - 1 {
        d.push(rng.below(10) as u8);
    }
    let mut sum = 0u32;
    for (i, &x) in d.iter().rev().enumerate() {
        let mut v = u32::from(x);
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    d.push(((10 - sum % 10) % 10) as u8);
    d.iter().map(|x| char::from(b'0' + x)).collect()
}

/// A valid mobile number of `region`: (E.164, international format, national format).
fn phone(region: &str, rng: &mut Rng) -> (String, String, String) {
    let r = Region::from_code(region).unwrap();
    let ex = PHONE_NUMBER_UTIL
        .get_example_number_for_type_and_region(r, PhoneNumberType::Mobile)
        .unwrap();
    let e164 = PHONE_NUMBER_UTIL
        .format(&ex, PhoneNumberFormat::E164)
        .into_owned();
    for _ in 0..200 {
        let mut s: Vec<u8> = e164.clone().into_bytes();
        let n = s.len();
        for k in n - 4..n {
            s[k] = b'0' + rng.below(10) as u8;
        }
        let cand = String::from_utf8(s).unwrap();
        if let Ok(p) = PHONE_NUMBER_UTIL.parse(&cand, None) {
            if PHONE_NUMBER_UTIL.is_valid_number(&p) {
                return (
                    PHONE_NUMBER_UTIL
                        .format(&p, PhoneNumberFormat::E164)
                        .into_owned(),
                    PHONE_NUMBER_UTIL
                        .format(&p, PhoneNumberFormat::International)
                        .into_owned(),
                    PHONE_NUMBER_UTIL
                        .format(&p, PhoneNumberFormat::National)
                        .into_owned(),
                );
            }
        }
    }
    (
        e164,
        PHONE_NUMBER_UTIL
            .format(&ex, PhoneNumberFormat::International)
            .into_owned(),
        PHONE_NUMBER_UTIL
            .format(&ex, PhoneNumberFormat::National)
            .into_owned(),
    )
}

/// Writes digits in another script (or full-width).
fn native_digits(s: &str, zero: u32) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(zero + d).unwrap(),
            None if zero == 0xFF10 && c == '+' => '＋',
            None => c,
        })
        .collect()
}

struct Out {
    n: usize,
}

impl Out {
    fn case(
        &mut self,
        lang: &str,
        tag: &str,
        text: &str,
        region: Option<&str>,
        field: Option<&str>,
        expect: &[(&str, &str)],
    ) {
        let mut obj = json!({
            "id": format!("g{:04}", self.n),
            "lang": lang,
            "tag": tag,
            "text": text,
            "expect": expect.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
        });
        if let Some(r) = region {
            obj["region"] = json!(r);
        }
        if let Some(f) = field {
            obj["field"] = json!(f);
        }
        println!("{obj}");
        self.n += 1;
    }
}

const TLDS: &[&str] = &[
    "com", "net", "org", "icu", "bond", "sbs", "cyou", "lat", "top", "xyz", "vip", "shop",
    "online", "site", "cc", "io", "me", "club", "live", "pro", "asia", "cn", "com.kh", "co.th",
    "vn", "com.vn", "co.id", "com.my", "com.ph", "info", "biz", "win", "buzz", "fun", "store",
    "tech", "app", "co.uk", "com.cn", "hk", "tw", "sg", "in.th", "mobi",
];

fn host(rng: &mut Rng) -> (String, String) {
    let brands = [
        "usdt", "okx", "binance", "coin", "trade", "invest", "wealth", "fx", "gold", "crypto",
        "bit", "jobs", "asia", "global", "capital", "exchange", "mall", "shop", "secure", "vip",
    ];
    let name = match rng.below(3) {
        0 => format!("{}-{}", rng.pick(&brands), rng.pick(&brands)),
        1 => format!("{}{}", rng.pick(&brands), rng.below(1000)),
        _ => rng.word(5, 10),
    };
    let tld = rng.pick(TLDS);
    let registrable = format!("{name}.{tld}");
    let host = match rng.below(4) {
        0 => format!("www.{registrable}"),
        1 => format!(
            "{}.{registrable}",
            rng.pick(&["app", "m", "h5", "api", "login", "user", "vip"])
        ),
        _ => registrable.clone(),
    };
    (host, registrable)
}

fn path(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => "/".to_owned(),
        1 => format!("/{}", rng.word(3, 8)),
        2 => format!("/{}/{}.html", rng.word(3, 6), rng.word(3, 8)),
        3 => format!("/#/register?code={}", rng.word(6, 8).to_uppercase()),
        4 => format!(
            "/login.php?id={}&ref={}",
            rng.below(100_000),
            rng.word(4, 6)
        ),
        _ => format!("/{}/{}", rng.word(2, 5), rng.below(99_999)),
    }
}

fn defang_host(h: &str, rng: &mut Rng) -> String {
    let dot = *rng.pick(&["[.]", "(.)", "[dot]", "(dot)", "{.}", "[.]", "[.]"]);
    match rng.below(3) {
        0 => h.replace('.', dot),
        1 => {
            // Only the last dot.
            match h.rfind('.') {
                Some(i) => format!("{}{}{}", &h[..i], dot, &h[i + 1..]),
                None => h.to_owned(),
            }
        }
        _ => h.replace('.', dot),
    }
}

fn main() {
    let mut rng = Rng(0x6d69_6c6c_7761_7463);
    let mut out = Out { n: 0 };

    // ---- Phones, international format, in ten languages.
    let intl_templates: &[(&str, &str)] = &[
        ("en", "Call me at {} after 6pm."),
        ("en", "The recruiter's contact number: {}"),
        ("en", "She kept texting me from {} every night."),
        ("en", "Phone {} (ask for Mr. Lee)"),
        ("zh", "请联系我：{}"),
        ("zh", "客服电话 {}，24小时在线"),
        ("zh", "他的手机号码是{}。"),
        ("th", "ติดต่อ {} ได้ตลอด"),
        ("th", "เบอร์โทร {} (คุณแอน)"),
        ("id", "Hubungi saya di {} ya kak"),
        ("id", "No HP: {}"),
        ("vi", "Liên hệ {} để nhận việc"),
        ("vi", "SĐT: {}"),
        ("my", "ဖုန်း {} သို့ ဆက်သွယ်ပါ"),
        ("ms", "Hubungi saya di {} untuk maklumat lanjut"),
        ("km", "ទូរស័ព្ទ {} សម្រាប់ការងារ"),
        ("es", "Llámame al {} por favor"),
        ("es", "Teléfono: {}"),
        ("tl", "Tawagan mo ako sa {} bukas"),
        ("tl", "Numero ko: {}"),
    ];
    let regions = [
        "KH", "TH", "VN", "MY", "ID", "PH", "CN", "MM", "LA", "SG", "US", "GB", "ES", "KE", "IN",
        "HK", "TW", "AE", "NG", "MX",
    ];
    for i in 0..140 {
        let region = regions[i % regions.len()];
        let (e164, intl, _national) = phone(region, &mut rng);
        let (lang, t) = *rng.pick(intl_templates);
        let written = match rng.below(8) {
            0 => e164.clone(),
            1 => intl.replace(' ', "-"),
            2 => format!("00{}", &intl[1..]),
            3 => intl.replace(' ', "."),
            4 => native_digits(&intl, 0xFF10),
            5 => format!(
                "({}) {}",
                &intl[..intl.find(' ').unwrap_or(3)],
                &intl[intl.find(' ').map_or(3, |k| k + 1)..]
            ),
            _ => intl.clone(),
        };
        out.case(
            lang,
            "phone-intl",
            &t.replace("{}", &written),
            None,
            None,
            &[("phone", &e164)],
        );
    }

    // ---- Phones in national format, resolved by the record's country.
    let national: &[(&str, &str, &[&str])] = &[
        (
            "KH",
            "km",
            &[
                "លេខទូរស័ព្ទ {}",
                "Call {} (Sihanoukville office)",
                "电话：{}",
                "ទូរស័ព្ទ៖ {}",
            ],
        ),
        (
            "TH",
            "th",
            &[
                "โทร {} ได้เลย",
                "เบอร์ {} (ไลน์เบอร์เดียวกัน)",
                "ติดต่อคุณบี {}",
                "contact {}",
            ],
        ),
        (
            "VN",
            "vi",
            &["Gọi {} gặp chị Hoa", "SĐT {} (Zalo)", "điện thoại: {}"],
        ),
        (
            "ID",
            "id",
            &["Hubungi {} (WA aktif)", "No. HP {}", "telepon {}"],
        ),
        ("MY", "ms", &["Hubungi {} segera", "Nombor telefon {}"]),
        ("PH", "tl", &["Tawagan {} ngayon", "cp # {}"]),
        ("MM", "my", &["ဖုန်းနံပါတ် {}", "ဖုန်း {}"]),
        ("CN", "zh", &["手机：{}", "联系电话{}，微信同号"]),
        ("US", "en", &["Call {} for the job interview", "phone: {}"]),
        ("ES", "es", &["Llama al {}", "móvil {}"]),
    ];
    let country_names: &[(&str, &[&str])] = &[
        ("KH", &["KH", "Cambodia", "柬埔寨", "កម្ពុជា", "kh"]),
        ("TH", &["TH", "Thailand", "ประเทศไทย", "泰国"]),
        ("VN", &["VN", "Vietnam", "Việt Nam"]),
        ("ID", &["ID", "Indonesia"]),
        ("MY", &["MY", "Malaysia"]),
        ("PH", &["PH", "Philippines"]),
        ("MM", &["MM", "Myanmar", "Burma"]),
        ("CN", &["CN", "China", "中国"]),
        ("US", &["US", "USA"]),
        ("ES", &["ES", "Spain"]),
    ];
    for i in 0..120 {
        let (region, lang, temps) = national[i % national.len()];
        let (e164, _intl, nat) = phone(region, &mut rng);
        let written = match rng.below(6) {
            0 => nat.replace(' ', ""),
            1 => nat.replace(' ', "-"),
            2 if region == "TH" => native_digits(&nat, 0x0E50),
            2 if region == "KH" => native_digits(&nat, 0x17E0),
            2 if region == "MM" => native_digits(&nat, 0x1040),
            3 => native_digits(&nat, 0xFF10),
            _ => nat.clone(),
        };
        let t = rng.pick(temps);
        let names = country_names
            .iter()
            .find(|(c, _)| *c == region)
            .map(|(_, n)| *n)
            .unwrap();
        let rname = *rng.pick(names);
        out.case(
            lang,
            "phone-national",
            &t.replace("{}", &written),
            Some(rname),
            None,
            &[("phone", &e164)],
        );
        // The same text without a country: national numbers are left out.
        if i % 4 == 0 {
            out.case(
                lang,
                "phone-national-noregion",
                &t.replace("{}", &written),
                None,
                None,
                &[],
            );
        }
    }

    // ---- WhatsApp.
    let wa_templates: &[(&str, &str)] = &[
        ("en", "Add me on WhatsApp {}"),
        ("en", "WhatsApp: {}"),
        ("id", "WA {} (admin)"),
        ("id", "Hubungi via WhatsApp {}"),
        ("th", "วอทส์แอพ {}"),
        ("vi", "WhatsApp {} nhé"),
        ("es", "Escríbeme por WhatsApp al {}"),
        ("zh", "WhatsApp：{}"),
    ];
    for i in 0..60 {
        let region = regions[(i * 7) % regions.len()];
        let (e164, intl, _) = phone(region, &mut rng);
        let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
        let (lang, t) = *rng.pick(wa_templates);
        match rng.below(4) {
            0 => {
                let url = format!("https://wa.me/{digits}");
                out.case(
                    lang,
                    "whatsapp-url",
                    &format!("Chat now {url} !"),
                    None,
                    None,
                    &[("url", &url), ("whatsapp", &e164), ("phone", &e164)],
                );
            }
            1 => {
                let url = format!("https://api.whatsapp.com/send?phone={digits}&text=hi");
                out.case(
                    lang,
                    "whatsapp-url",
                    &format!("click {url}"),
                    None,
                    None,
                    &[("url", &url), ("whatsapp", &e164), ("phone", &e164)],
                );
            }
            2 => {
                // Bare digits with the country code, next to WhatsApp.
                out.case(
                    lang,
                    "whatsapp-bare-cc",
                    &t.replace("{}", &digits),
                    None,
                    None,
                    &[("whatsapp", &e164), ("phone", &e164)],
                );
            }
            _ => out.case(
                lang,
                "whatsapp-context",
                &t.replace("{}", &intl),
                None,
                None,
                &[("whatsapp", &e164), ("phone", &e164)],
            ),
        }
    }
    // Phone fields: bare digits with a country code count.
    for i in 0..20 {
        let region = regions[(i * 3) % regions.len()];
        let (e164, intl, _) = phone(region, &mut rng);
        let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
        let (field, expect): (&str, Vec<(&str, &str)>) = if i % 2 == 0 {
            ("phone", vec![("phone", &e164)])
        } else {
            ("whatsapp", vec![("whatsapp", &e164), ("phone", &e164)])
        };
        let text = if i % 3 == 0 {
            intl[1..].to_owned()
        } else {
            digits
        };
        out.case("en", "phone-field", &text, None, Some(field), &expect);
    }

    // ---- Telegram, LINE, WeChat, Signal.
    let tg_templates: &[(&str, &str, bool)] = &[
        ("en", "Telegram: @{}", true),
        (
            "en",
            "message the 'mentor' on Telegram @{} for signals",
            true,
        ),
        ("en", "TG: {}", true),
        ("en", "join https://t.me/{} now", false),
        ("en", "t.me/{}", false),
        ("zh", "飞机：@{}", true),
        ("zh", "纸飞机号 {}", true),
        ("zh", "电报：{}", true),
        ("th", "เทเลแกรม @{}", true),
        ("id", "Telegram admin: @{}", true),
        ("vi", "Liên hệ Telegram: @{}", true),
        ("es", "escríbeme en Telegram: {}", true),
    ];
    for _ in 0..70 {
        let name = format!(
            "{}_{}",
            rng.pick(&[
                "vip", "support", "mentor", "cs", "admin", "lucky", "anna", "lisa", "btc", "usdt"
            ]),
            rng.word(3, 8)
        );
        let shown = if rng.chance(0.3) {
            name.to_uppercase()
        } else {
            name.clone()
        };
        let (lang, t, ctx) = *rng.pick(tg_templates);
        let text = t.replace("{}", &shown);
        if ctx {
            out.case(
                lang,
                "telegram-context",
                &text,
                None,
                None,
                &[("telegram", &name)],
            );
        } else {
            let url = if text.contains("https://") {
                format!("https://t.me/{shown}")
            } else {
                format!("t.me/{shown}")
            };
            out.case(
                lang,
                "telegram-url",
                &text,
                None,
                None,
                &[("url", &url), ("telegram", &name)],
            );
        }
    }
    for _ in 0..10 {
        let name = format!("{}{}", rng.word(5, 9), rng.below(100));
        out.case(
            "en",
            "telegram-field",
            &name,
            None,
            Some("telegram"),
            &[("telegram", &name)],
        );
    }
    let line_templates: &[(&str, &str)] = &[
        ("th", "ไลน์: {}"),
        ("th", "แอดไลน์ไอดี {} ได้เลย"),
        ("en", "LINE ID: {}"),
        ("en", "add my Line id {} pls"),
        ("zh", "LINE ID：{}"),
    ];
    for _ in 0..45 {
        let id = format!(
            "{}{}{}",
            rng.word(3, 7),
            rng.pick(&[".", "_", "", "-"]),
            rng.below(1000)
        );
        let (lang, t) = *rng.pick(line_templates);
        match rng.below(4) {
            0 => {
                let url = format!("https://line.me/ti/p/~{id}");
                out.case(
                    "th",
                    "line-url",
                    &format!("แอดไลน์ {url}"),
                    None,
                    None,
                    &[("url", &url), ("line", &id)],
                );
            }
            1 => {
                let off = format!("@{}", rng.word(6, 8));
                let url = format!("https://line.me/R/ti/p/{off}");
                out.case(
                    "en",
                    "line-url",
                    &format!("official account {url}"),
                    None,
                    None,
                    &[("url", &url), ("line", &off)],
                );
            }
            _ => out.case(
                lang,
                "line-context",
                &t.replace("{}", &id),
                None,
                None,
                &[("line", &id)],
            ),
        }
    }
    let wechat_templates: &[(&str, &str)] = &[
        ("zh", "微信：{}"),
        ("zh", "加微信 {} 领取福利"),
        ("zh", "VX：{}"),
        ("en", "WeChat ID: {}"),
        ("en", "my wechat: {}"),
        ("th", "WeChat: {}"),
    ];
    for _ in 0..45 {
        let id = format!(
            "{}{}{}",
            rng.word(4, 8),
            rng.pick(&["_", "", "-"]),
            rng.below(10000)
        );
        let (lang, t) = *rng.pick(wechat_templates);
        out.case(
            lang,
            "wechat-context",
            &t.replace("{}", &id),
            None,
            None,
            &[("wechat", &id)],
        );
    }
    for _ in 0..20 {
        let (e164, intl, _) = phone(regions[rng.below(regions.len())], &mut rng);
        match rng.below(3) {
            0 => {
                let url = format!("https://signal.me/#p/{e164}");
                out.case(
                    "en",
                    "signal-url",
                    &format!("Signal: {url}"),
                    None,
                    None,
                    &[("url", &url), ("signal", &e164), ("phone", &e164)],
                );
            }
            1 => out.case(
                "en",
                "signal-phone",
                &format!("Signal {intl}"),
                None,
                None,
                &[("signal", &e164), ("phone", &e164)],
            ),
            _ => {
                let u = format!("{}.{:02}", rng.word(5, 9), rng.below(100));
                out.case(
                    "en",
                    "signal-username",
                    &format!("Signal username: {u}"),
                    None,
                    None,
                    &[("signal", &u)],
                );
            }
        }
    }

    // ---- Wallets.
    let wallet_templates: &[(&str, &str)] = &[
        ("en", "Send the USDT (TRC20) to {} before 5pm."),
        ("en", "deposit address: {}"),
        ("en", "the victim paid 2,500 USDT to {} on 3 May"),
        ("zh", "钱包地址：{}"),
        ("zh", "请转账到{}，到账后截图"),
        ("th", "โอน USDT ไปที่ {} นะคะ"),
        ("id", "Kirim ke alamat {} ya"),
        ("vi", "Chuyển vào ví {} giúp em"),
        ("km", "ផ្ញើទៅ {} ។"),
        ("my", "လိပ်စာ {} သို့ ပို့ပါ"),
        ("es", "Envía a la billetera {} hoy"),
        ("tl", "Ipadala sa wallet {} ngayon"),
        ("ms", "Pindahkan ke dompet {} sekarang"),
    ];
    for i in 0..180 {
        let (lang, t) = *rng.pick(wallet_templates);
        let (written, kind, value): (String, &str, String) = match i % 9 {
            0 | 1 => {
                let (b58, _) = tron(&mut rng);
                (b58.clone(), "tron", b58)
            }
            2 => {
                let (b58, hex) = tron(&mut rng);
                (hex, "tron", b58)
            }
            3 | 4 => {
                let (cs, lower) = eth(&mut rng);
                let w = if rng.chance(0.6) { cs } else { lower.clone() };
                (w, "eth", lower)
            }
            5 => {
                let b = btc(&mut rng);
                let shown = if b.starts_with("bc1") && rng.chance(0.2) {
                    b.to_uppercase()
                } else {
                    b.clone()
                };
                (shown, "btc", b)
            }
            6 => {
                let l = ltc(&mut rng);
                (l.clone(), "ltc", l)
            }
            7 => {
                if rng.chance(0.5) {
                    let d = doge(&mut rng);
                    (d.clone(), "doge", d)
                } else {
                    let x = xrp(&mut rng);
                    (x.clone(), "xrp", x)
                }
            }
            _ => {
                let tn = ton(&mut rng);
                (tn.clone(), "ton", tn)
            }
        };
        out.case(
            lang,
            &format!("wallet-{kind}"),
            &t.replace("{}", &written),
            None,
            None,
            &[(kind, &value)],
        );
    }
    // Other chains, each with its own checksum.
    for i in 0..72 {
        let (lang, t) = *rng.pick(wallet_templates);
        let (kind, value, written): (&str, String, String) = match i % 6 {
            0 => {
                let p = bch(&mut rng);
                let shown = if rng.chance(0.5) {
                    format!("bitcoincash:{p}")
                } else {
                    p.clone()
                };
                ("bch", format!("bitcoincash:{p}"), shown)
            }
            1 => {
                let a = base58check_prefix(
                    &[if rng.chance(0.7) { 0x4c } else { 0x10 }],
                    &rng.bytes(20),
                );
                ("dash", a.clone(), a)
            }
            2 => {
                let a = base58check_prefix(
                    if rng.chance(0.7) {
                        &[0x1c, 0xb8]
                    } else {
                        &[0x1c, 0xbd]
                    },
                    &rng.bytes(20),
                );
                ("zec", a.clone(), a)
            }
            3 => {
                let prefixes: [&[u8]; 4] = [
                    &[6, 161, 159],
                    &[6, 161, 161],
                    &[6, 161, 164],
                    &[2, 90, 121],
                ];
                let a = base58check_prefix(prefixes[rng.below(4)], &rng.bytes(20));
                ("xtz", a.clone(), a)
            }
            4 => {
                let a = monero(&mut rng);
                ("xmr", a.clone(), a)
            }
            _ => {
                let a = cardano(&mut rng);
                ("ada", a.clone(), a)
            }
        };
        out.case(
            lang,
            &format!("wallet-{kind}"),
            &t.replace("{}", &written),
            None,
            None,
            &[(kind, &value)],
        );
    }

    // Mutated checksums are not addresses.
    for i in 0..60 {
        let (lang, t) = *rng.pick(wallet_templates);
        let good = match i % 4 {
            0 => tron(&mut rng).0,
            1 => btc(&mut rng),
            2 => {
                let (cs, _) = eth(&mut rng);
                if cs[2..].bytes().any(|b| b.is_ascii_uppercase())
                    && cs[2..].bytes().any(|b| b.is_ascii_lowercase())
                {
                    cs
                } else {
                    tron(&mut rng).0
                }
            }
            _ => ltc(&mut rng),
        };
        let mut bytes = good.clone().into_bytes();
        let k = 3 + rng.below(bytes.len() - 4);
        let alphabet = if good.starts_with("0x") {
            b"0123456789abcdefABCDEF".as_slice()
        } else {
            b"23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz".as_slice()
        };
        let orig = bytes[k];
        let mut c = orig;
        while c == orig
            || (good.starts_with("bc1") && !c.is_ascii_lowercase() && !c.is_ascii_digit())
            || (good.starts_with("0x") && c.eq_ignore_ascii_case(&orig))
        {
            c = alphabet[rng.below(alphabet.len())];
            if good.starts_with("bc1") || good.starts_with("ltc1") {
                c = c.to_ascii_lowercase();
            }
        }
        bytes[k] = c;
        let bad = String::from_utf8(bytes).unwrap();
        out.case(
            lang,
            "wallet-bad-checksum",
            &t.replace("{}", &bad),
            None,
            None,
            &[],
        );
    }
    // Solana only with context.
    for _ in 0..12 {
        let key = bs58::encode(rng.bytes(32)).into_string();
        out.case(
            "en",
            "wallet-sol",
            &format!("Solana wallet (Phantom): {key}"),
            None,
            None,
            &[("sol", &key)],
        );
    }

    // ---- E-mail.
    let email_templates: &[(&str, &str)] = &[
        ("en", "Send your CV to {} today."),
        ("en", "the phishing mail came from {}"),
        ("zh", "邮箱：{}"),
        ("th", "อีเมล {} ค่ะ"),
        ("id", "Email: {}"),
        ("vi", "Gửi email cho {} nhé"),
        ("es", "Escribe a {} para más información"),
        ("tl", "I-email si {}"),
    ];
    for i in 0..90 {
        let (h, _reg) = host(&mut rng);
        let h = h.trim_start_matches("www.").to_owned();
        let local = format!(
            "{}{}{}",
            rng.word(3, 7),
            rng.pick(&[".", "_", "", "-"]),
            rng.word(2, 5)
        );
        let email = format!("{local}@{h}");
        let d = PslDomain::of(&h);
        let (lang, t) = *rng.pick(email_templates);
        let written = match i % 6 {
            0 => email.to_uppercase(),
            1 => format!("{local}[at]{}", h.replace('.', "[.]")),
            2 => format!("{local} (at) {}", h.replace('.', "(dot)")),
            3 => format!("{local} at {}", h.replace('.', " dot ")),
            4 => format!("mailto:{email}"),
            _ => email.clone(),
        };
        out.case(
            lang,
            "email",
            &t.replace("{}", &written),
            None,
            None,
            &[("email", &email), ("domain", &d)],
        );
    }

    // ---- URLs and domains.
    let url_templates: &[(&str, &str)] = &[
        ("en", "The fake exchange was at {} until March."),
        ("en", "Victims were sent to {}"),
        ("en", "C2 server: {}"),
        ("en", "({})"),
        ("zh", "网址：{}"),
        ("zh", "请登录【{}】注册账号"),
        ("zh", "下载APP：{}。"),
        ("th", "เว็บไซต์ {} ค่ะ"),
        ("th", "ลิงก์สมัคร: {}"),
        ("id", "Daftar di {} sekarang"),
        ("vi", "Truy cập {} để đăng ký"),
        ("km", "គេហទំព័រ {} ។"),
        ("my", "ဝက်ဘ်ဆိုက် {} တွင်"),
        ("es", "Entra en {} y regístrate"),
        ("tl", "Pumunta sa {} ngayon"),
        ("ms", "Layari {} untuk mendaftar"),
    ];
    for i in 0..200 {
        let (h, reg) = host(&mut rng);
        let p = path(&mut rng);
        let (lang, t) = *rng.pick(url_templates);
        let scheme = *rng.pick(&["https", "http"]);
        match i % 8 {
            0 | 1 => {
                let url = format!("{scheme}://{h}{p}");
                out.case(
                    lang,
                    "url",
                    &t.replace("{}", &url),
                    None,
                    None,
                    &[("url", &url), ("domain", &reg)],
                );
            }
            2 => {
                let url = format!("{scheme}://{h}{p}");
                let defanged = format!(
                    "{}://{}{}",
                    scheme.replace("tt", "xx"),
                    defang_host(&h, &mut rng),
                    p
                );
                out.case(
                    lang,
                    "url-defanged",
                    &t.replace("{}", &defanged),
                    None,
                    None,
                    &[("url", &url), ("domain", &reg)],
                );
            }
            3 => {
                let url = format!("{scheme}://{h}{p}");
                let defanged = format!(
                    "{}[:]//{}{}",
                    scheme.replace("tt", "XX"),
                    h.replace('.', "[.]"),
                    p
                );
                out.case(
                    lang,
                    "url-defanged",
                    &t.replace("{}", &defanged),
                    None,
                    None,
                    &[("url", &url), ("domain", &reg)],
                );
            }
            4 => {
                // Bare domain.
                let shown = if rng.chance(0.3) {
                    h.to_uppercase()
                } else {
                    h.clone()
                };
                out.case(
                    lang,
                    "domain-bare",
                    &t.replace("{}", &shown),
                    None,
                    None,
                    &[("domain", &reg)],
                );
            }
            5 => {
                let shown = defang_host(&h, &mut rng);
                out.case(
                    lang,
                    "domain-defanged",
                    &t.replace("{}", &shown),
                    None,
                    None,
                    &[("domain", &reg)],
                );
            }
            6 => {
                // No scheme, with a path.
                let url = format!("{h}{p}");
                out.case(
                    lang,
                    "url-noscheme",
                    &t.replace("{}", &url),
                    None,
                    None,
                    &[("url", &url), ("domain", &reg)],
                );
            }
            _ => {
                let spoken = h.replace('.', " dot ");
                out.case(
                    lang,
                    "domain-dot-word",
                    &t.replace("{}", &spoken),
                    None,
                    None,
                    &[("domain", &reg)],
                );
            }
        }
    }
    // Short links keep their code; the shortener is no domain.
    for _ in 0..25 {
        let sh = *rng.pick(&[
            "bit.ly",
            "t.ly",
            "tinyurl.com",
            "cutt.ly",
            "rb.gy",
            "is.gd",
            "s.id",
            "shorturl.at",
        ]);
        let url = format!("https://{sh}/{}", rng.word(5, 8));
        let (lang, t) = *rng.pick(url_templates);
        out.case(
            lang,
            "url-short",
            &t.replace("{}", &url),
            None,
            None,
            &[("url", &url)],
        );
    }

    // ---- IP addresses.
    let ip_templates: &[(&str, &str)] = &[
        ("en", "The panel was hosted on {} (AS13335)."),
        ("en", "beacon to {} every 60s"),
        ("en", "IP: {}"),
        ("zh", "服务器IP：{}"),
        ("th", "ไอพี {} ค่ะ"),
        ("vi", "Địa chỉ IP {}"),
    ];
    for i in 0..70 {
        let ip = format!(
            "{}.{}.{}.{}",
            1 + rng.below(223),
            rng.below(256),
            rng.below(256),
            1 + rng.below(254)
        );
        let (lang, t) = *rng.pick(ip_templates);
        match i % 5 {
            0 => out.case(
                lang,
                "ipv4",
                &t.replace("{}", &ip),
                None,
                None,
                &[("ipv4", &ip)],
            ),
            1 => out.case(
                lang,
                "ipv4-defanged",
                &t.replace("{}", &ip.replace('.', "[.]")),
                None,
                None,
                &[("ipv4", &ip)],
            ),
            2 => {
                let i3 = ip.rfind('.').unwrap();
                let w = format!("{}[.]{}", &ip[..i3], &ip[i3 + 1..]);
                out.case(
                    lang,
                    "ipv4-defanged",
                    &t.replace("{}", &w),
                    None,
                    None,
                    &[("ipv4", &ip)],
                );
            }
            3 => {
                let url = format!("http://{ip}:{}/{}", 8000 + rng.below(1000), rng.word(3, 6));
                out.case(
                    lang,
                    "ipv4-url",
                    &t.replace("{}", &url),
                    None,
                    None,
                    &[("url", &url), ("ipv4", &ip)],
                );
            }
            _ => {
                let groups: Vec<String> =
                    (0..8).map(|_| format!("{:x}", rng.below(65536))).collect();
                let full = groups.join(":");
                let canon: std::net::Ipv6Addr = full.parse().unwrap();
                out.case(
                    lang,
                    "ipv6",
                    &t.replace("{}", &full),
                    None,
                    None,
                    &[("ipv6", &canon.to_string())],
                );
            }
        }
    }

    // ---- IBAN, cards, bank accounts.
    for i in 0..40 {
        let ib = iban(&mut rng);
        let spaced: String = ib
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(" ");
        let (lang, t) = *rng.pick(&[
            ("en", "IBAN: {}"),
            ("en", "wire the fee to {} (beneficiary Global Trade Ltd)"),
            ("es", "Transferencia a la cuenta {}"),
            ("zh", "收款账户 IBAN {}"),
        ]);
        let w = if i % 2 == 0 { spaced } else { ib.clone() };
        out.case(
            lang,
            "iban",
            &t.replace("{}", &w),
            None,
            None,
            &[("iban", &ib)],
        );
    }
    for i in 0..30 {
        let (prefix, len) = *rng.pick(&[
            ("4", 16),
            ("51", 16),
            ("55", 16),
            ("2221", 16),
            ("37", 15),
            ("6011", 16),
            ("62", 16),
            ("3530", 16),
        ]);
        let card = luhn_complete(prefix, len, &mut rng);
        let w = if i % 2 == 0 && len == 16 {
            card.as_bytes()
                .chunks(4)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            card.clone()
        };
        let (lang, t) = *rng.pick(&[
            ("en", "They charged my card {} twice"),
            ("zh", "银行卡 {}"),
            ("th", "บัตร {}"),
            ("en", "card no. {}"),
        ]);
        out.case(
            lang,
            "card",
            &t.replace("{}", &w),
            None,
            None,
            &[("card", &card)],
        );
    }
    let bank_templates: &[(&str, &str)] = &[
        ("km", "ABA account {}"),
        ("id", "Transfer ke BCA {} a.n. Budi"),
        ("id", "No rek BRI: {}"),
        ("vi", "STK Vietcombank {}"),
        ("vi", "số tài khoản: {}"),
        ("th", "เลขบัญชี {} กสิกร"),
        ("zh", "收款账号：{}"),
        ("en", "bank account number {} (Maybank)"),
        ("tl", "BDO account {}"),
    ];
    for _ in 0..40 {
        let n = 9 + rng.below(5);
        let digits: String = (0..n)
            .map(|k| {
                char::from(
                    b'0' + if k == 0 {
                        1 + rng.below(9)
                    } else {
                        rng.below(10)
                    } as u8,
                )
            })
            .collect();
        let w = match rng.below(3) {
            0 => digits.clone(),
            1 => format!("{} {} {}", &digits[..3], &digits[3..6], &digits[6..]),
            _ => format!("{}-{}-{}", &digits[..3], &digits[3..4], &digits[4..]),
        };
        let (lang, t) = *rng.pick(bank_templates);
        out.case(
            lang,
            "bank-account",
            &t.replace("{}", &w),
            None,
            None,
            &[("bank_account", &digits)],
        );
    }

    // ---- Apps.
    for _ in 0..30 {
        let pkg = format!(
            "com.{}.{}",
            rng.word(4, 8),
            rng.pick(&["app", "trade", "pro", "exchange", "global", "wallet"])
        );
        match rng.below(3) {
            0 => {
                let url = format!("https://play.google.com/store/apps/details?id={pkg}&hl=en");
                out.case(
                    "en",
                    "app-play",
                    &format!("download the app {url}"),
                    None,
                    None,
                    &[("url", &url), ("app", &format!("android:{pkg}"))],
                );
            }
            1 => {
                let id = 1_000_000_000 + rng.below(900_000_000);
                let url = format!("https://apps.apple.com/us/app/{}/id{id}", rng.word(4, 8));
                out.case(
                    "en",
                    "app-ios",
                    &format!("iOS: {url}"),
                    None,
                    None,
                    &[("url", &url), ("app", &format!("ios:{id}"))],
                );
            }
            _ => out.case(
                "zh",
                "app-package",
                &format!("安装包名 {pkg} 的APP"),
                None,
                None,
                &[("app", &format!("android:{pkg}"))],
            ),
        }
    }

    // ---- Hashes and transaction ids.
    for i in 0..50 {
        let (kind, n) = *rng.pick(&[("md5", 32), ("sha1", 40), ("sha256", 64), ("sha512", 128)]);
        let mut h = rng.hex(n);
        if !h.bytes().any(|b| b.is_ascii_alphabetic()) {
            h.replace_range(0..1, "a");
        }
        if !h.bytes().any(|b| b.is_ascii_digit()) {
            h.replace_range(0..1, "1");
        }
        let shown = if i % 3 == 0 {
            h.to_uppercase()
        } else {
            h.clone()
        };
        let t = *rng.pick(&[
            "The APK ({}) was signed with a leaked key.",
            "sample hash {}",
            "SHA: {}",
            "dropper {} found in the ZIP",
        ]);
        out.case(
            "en",
            kind,
            &t.replace("{}", &shown),
            None,
            None,
            &[(kind, &h)],
        );
    }
    for i in 0..25 {
        let h = rng.hex(64);
        if i % 2 == 0 {
            out.case(
                "en",
                "txid",
                &format!("TXID: {h}"),
                None,
                None,
                &[("txid", &h)],
            );
        } else {
            out.case(
                "en",
                "txid",
                &format!("tx hash 0x{h} on BscScan"),
                None,
                None,
                &[("txid", &h)],
            );
        }
    }

    // ---- Negatives: numbers that are not phones, names that are not domains.
    let negatives: &[(&str, &str)] = &[
        ("en", "Transferred 15,000 USDT on 2024-03-15 at 14:30."),
        ("en", "Order no. 2024031512345 was never delivered."),
        ("en", "I lost $12,500.00 in total"),
        ("en", "Invoice INV-88321 dated 12/05/2024"),
        ("en", "Windows version 10.0.19045.3803"),
        ("en", "update to v2.3.1 or 1.14.2"),
        ("en", "the compound is at 11.5564, 104.9282 near the casino"),
        ("en", "see invoice.pdf and setup.exe in archive.zip"),
        ("en", "photo.jpg, IMG_2034.PNG, report.docx"),
        ("en", "run install.sh then main.py; read README.md"),
        ("en", "OTP 482913 expires in 5 minutes"),
        ("en", "passport number E12345678"),
        ("en", "tracking number 7723 8812 9912"),
        ("en", "between 2023 and 2024 about 1200 people"),
        ("en", "ID card 123456789012"),
        ("en", "Block height 812345 confirmed"),
        ("en", "He said: I am at home. Then he left."),
        ("en", "I met him at the bank.Today he asked again."),
        ("en", "e.g. the U.S. and i.e. the U.K."),
        ("en", "Total: 3,450,000 VND"),
        ("zh", "2024年5月12日转账50000元"),
        ("zh", "订单号：2024051200123456"),
        ("zh", "金额 1,280.50 USDT"),
        ("th", "โอนเงิน 25,000 บาท เมื่อวันที่ 15/03/2567"),
        ("th", "ราคา ฿1,500"),
        ("vi", "Chuyển 50.000.000 VND ngày 12.05.2024"),
        ("vi", "Mã đơn hàng 123456789"),
        ("id", "Rp 1.500.000 sudah ditransfer tanggal 12-05-2024"),
        ("id", "Kode OTP 123456"),
        ("ms", "RM 2,500 dipindahkan pada 1/6/2024"),
        ("es", "Pagué 1.250,00 € el 05/06/2024"),
        ("es", "pedido 100234567 factura 2024-0012"),
        ("tl", "Nagbayad ako ng ₱15,000 noong 03/15/2024"),
        ("km", "ប្រាក់ 500 USDT នៅថ្ងៃ 12/05/2024"),
        ("my", "ငွေ 1,000,000 ကျပ် ပေးခဲ့သည်"),
        ("en", "Version 4.2.0.1 released"),
        ("en", "firmware 1.0.0.12"),
        ("en", "score 98.6 and 12.34.56"),
        ("en", "Node.js and ASP.NET Core apps"),
        ("en", "reference 00012345678"),
        ("en", "case no. 2023-001234"),
        ("en", "Call me later, ok?"),
        ("en", "john at home dot"),
        ("en", "meet me at noon"),
        ("en", "Telegram: contact me"),
        ("en", "The line: never give up"),
        ("en", "online payment of 300 USDT"),
        ("en", "follow @crypto_guru on Instagram"),
        ("en", "at 10.30 am on 5.6.2024"),
        ("en", "build 22621.2861"),
        ("en", "GPS 13.736717 100.523186"),
        ("en", "SN: 4C2A9B77E0"),
        ("en", "hash of nothing 00000000000000000000000000000000"),
    ];
    for (i, (lang, t)) in negatives.iter().enumerate() {
        let region = if i % 3 == 0 {
            Some("KH")
        } else if i % 3 == 1 {
            Some("TH")
        } else {
            None
        };
        out.case(lang, "negative", t, region, None, &[]);
    }

    // ---- Mixed paragraphs: several selectors in one report.
    for i in 0..60 {
        let (tron_b58, _) = tron(&mut rng);
        let (e164, intl, _) = phone(regions[i % regions.len()], &mut rng);
        let (h, reg) = host(&mut rng);
        let tg = format!("{}_{}", rng.word(4, 7), rng.word(2, 4));
        let url = format!("https://{h}/");
        let text = match i % 5 {
            0 => format!(
                "On 12 March 2024 I was added to a WhatsApp group by {intl}. They told me to download the app from {url} and deposit 1,000 USDT to {tron_b58}. The 'teacher' uses Telegram @{tg}."
            ),
            1 => format!(
                "2024年3月12日，对方用{intl}联系我，让我在{url}注册，并转账5000 USDT到{tron_b58}。飞机：@{tg}"
            ),
            2 => format!(
                "วันที่ 12/03/2024 มีคนโทรมาจาก {intl} ให้สมัครที่ {url} แล้วโอน 30,000 บาท เป็น USDT ไปที่ {tron_b58} เทเลแกรม @{tg}"
            ),
            3 => format!(
                "Ngày 12/03/2024 số {intl} gọi cho tôi, bảo vào {url} nạp 2.000 USDT vào ví {tron_b58}. Telegram: @{tg}"
            ),
            _ => format!(
                "Pada 12-03-2024 saya dihubungi dari {intl}, diminta daftar di {url} dan kirim 500 USDT ke {tron_b58}. Telegram: @{tg}"
            ),
        };
        let lang = ["en", "zh", "th", "vi", "id"][i % 5];
        let mut expect = vec![
            ("phone", e164.as_str()),
            ("url", url.as_str()),
            ("domain", reg.as_str()),
            ("tron", tron_b58.as_str()),
            ("telegram", tg.as_str()),
        ];
        if i % 5 == 0 {
            // Added to a WhatsApp group by that number: it is a WhatsApp account too.
            expect.push(("whatsapp", e164.as_str()));
        }
        out.case(lang, "mixed", &text, None, None, &expect);
    }
}

/// The registrable domain of a generated host, computed here from the generator's own
/// knowledge of how it built the host (brand label + listed suffix).
struct PslDomain;

impl PslDomain {
    fn of(host: &str) -> String {
        let suffix = TLDS
            .iter()
            .filter(|t| host.ends_with(&format!(".{t}")))
            .max_by_key(|t| t.len())
            .unwrap();
        let head = &host[..host.len() - suffix.len() - 1];
        let label = head.rsplit('.').next().unwrap();
        format!("{label}.{suffix}")
    }
}
