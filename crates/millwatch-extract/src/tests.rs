//! Unit tests of the whole scan through one `check` helper.

use super::*;

fn extractor(region: Option<&str>) -> Extractor {
    let config = Config {
        kinds: KindSet::all(),
        default_region: region.map(str::to_owned),
    };
    match Extractor::new(&config) {
        Ok(e) => e,
        Err(e) => panic!("extractor: {e}"),
    }
}

/// Scans `text` and compares `kind=value` lines (sorted) with `expected`.
fn check_ctx(text: &str, ctx: &ScanContext<'_>, region: Option<&str>, expected: &[&str]) {
    let ex = extractor(region);
    let found = ex.scan_to_vec(text, ctx);
    for m in &found {
        assert_eq!(&text[m.start..m.end], m.raw, "offsets of {m:?}");
    }
    let mut got: Vec<String> = found
        .iter()
        .map(|m| format!("{}={}", m.kind, m.value))
        .collect();
    got.sort();
    got.dedup();
    let mut want: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    want.sort();
    assert_eq!(got, want, "text: {text:?}\nmatches: {found:#?}");
}

fn check(text: &str, expected: &[&str]) {
    check_ctx(text, &ScanContext::default(), None, expected);
}

#[test]
fn urls_and_domains() {
    check(
        "Visit hxxps://evil-shop[.]icu/login?id=5 now.",
        &[
            "url=https://evil-shop.icu/login?id=5",
            "domain=evil-shop.icu",
        ],
    );
    check("see www.Example.COM.", &["domain=example.com"]);
    check(
        "open example[.]com/path/a.php)",
        &["url=example.com/path/a.php", "domain=example.com"],
    );
    check("the file invoice.pdf and setup.exe and archive.zip", &[]);
    check(
        "go to https://bit.ly/3abcXYZ",
        &["url=https://bit.ly/3abcXYZ"],
    );
    check("evil dot com", &["domain=evil.com"]);
    check(
        "（网址：https://abc.bond/x）",
        &["url=https://abc.bond/x", "domain=abc.bond"],
    );
}

/// A written scheme makes a URL of a one-label host; no domain comes of it, and a bare
/// word or an empty authority stays nothing.
#[test]
fn single_label_hosts_after_a_scheme() {
    check(
        "staff portal http://intranet/login and https://dashboard:8443/a",
        &["url=http://intranet/login", "url=https://dashboard:8443/a"],
    );
    check("HTTP://LocalHost/x", &["url=http://localhost/x"]);
    check(
        "write http:// then the host, or http://-bad/ or http://9999/",
        &[],
    );
    check("the intranet/login page", &[]);
    // A defanged scheme written with its colon names a URL as plainly as a live one; the
    // underscore form without a colon and a spaced separator do not.
    check(
        r"beacon hxxp://intranet/gate, FTX://nas/share, https:__build/x, http:\\\\wiki/a",
        &[
            "url=http://intranet/gate",
            "url=ftp://nas/share",
            "url=https://build/x",
            "url=http://wiki/a",
        ],
    );
    check("http__intranet/x or hxxp:// intranet", &[]);
}

#[test]
fn emails() {
    check(
        "mail John.Doe@Example.COM today",
        &["email=john.doe@example.com", "domain=example.com"],
    );
    check(
        "john[at]example[.]org",
        &["email=john@example.org", "domain=example.org"],
    );
    check(
        "john at example dot org",
        &["email=john@example.org", "domain=example.org"],
    );
    check(
        "john at example [dot] org or jane at example ( dot ) net",
        &[
            "email=john@example.org",
            "domain=example.org",
            "email=jane@example.net",
            "domain=example.net",
        ],
    );
    check("we met at home [dot] and left", &[]);
}

/// Address literals, and defanged hosts under top-level names the public suffix list does
/// not know; a plain address under such a name is a file name's look-alike.
#[test]
fn emails_without_a_listed_domain() {
    check(
        "write to test@[192.168.0.1] or jsmith@[IPv6:2001:db8::1]",
        &[
            "email=test@[192.168.0.1]",
            "ipv4=192.168.0.1",
            "email=jsmith@[ipv6:2001:db8::1]",
            "ipv6=2001:db8::1",
        ],
    );
    check(
        "ops@build[.]corp[.]internal",
        &["email=ops@build.corp.internal"],
    );
    check("icon@2x.png and a@b.c and x@[999.1.1.1]", &[]);
}

#[test]
fn ips() {
    check(
        "c2 at 1[.]2[.]3[.]4 and 2001:db8::1",
        &["ipv4=1.2.3.4", "ipv6=2001:db8::1"],
    );
    check("version 10.0.19045 and v1.2.3.4", &[]);
    check("listens on ::1 then ::1.", &["ipv6=::1"]);
    check("std::io and a::b and ::abc", &[]);
    // Text that lost its spaces glues an address to words; a `v` or a version word before
    // it still makes it a version.
    check(
        "beaconto45.9.20.11hourly and words1[.]1[.]1[.]1words",
        &["ipv4=45.9.20.11", "ipv4=1.1.1.1"],
    );
    check(
        "build v1.2.3.4beta and Version 2.0.0.1rc and 1.2.3.4.5x",
        &[],
    );
}

#[test]
fn scheme_separators_broken_on_purpose() {
    // `:__`, Windows back-slashes and a space after `://` all stand for `://`.
    check(
        "beacon hxxps:__pay-verify[.]top/gate",
        &["url=https://pay-verify.top/gate", "domain=pay-verify.top"],
    );
    check(
        r"dropper pulled http:\\cdn.fastfiles.net/a.bin",
        &["url=http://cdn.fastfiles.net/a.bin", "domain=fastfiles.net"],
    );
    check(
        "phish at https:// login-check.site/acc today",
        &[
            "url=https://login-check.site/acc",
            "domain=login-check.site",
        ],
    );
    // A drive path is not a URL, and `http://` before prose stays prose.
    check(r"copied to C:\\Users\\x", &[]);
    check(
        r"HTTPS:\files.bad-cdn.org/x",
        &["url=https://files.bad-cdn.org/x", "domain=bad-cdn.org"],
    );
    check(
        "see hxxp:__9.9.9.9/gate",
        &["url=http://9.9.9.9/gate", "ipv4=9.9.9.9"],
    );
    check("the phttp:__x.com form", &[]);
    check("the http:// prefix is optional", &[]);
}

#[test]
fn spaced_bracket_dot() {
    check(
        "reply to billing @ pay-portal [ . ] cc",
        &["email=billing@pay-portal.cc", "domain=pay-portal.cc"],
    );
    check("panel on vault ( . ) trade", &["domain=vault.trade"]);
    check("a list [ . ] of things", &[]);
}

/// A space before a top-level domain's dot, or between a URL's host and its path, is
/// defanging too; a space before a country code that reads as a word is a misplaced stop.
#[test]
fn spaced_dot_and_spaced_path() {
    check(
        "pay at secure-wallet .com today",
        &["domain=secure-wallet.com"],
    );
    check(
        "hxxp://example .com /test/path",
        &["url=http://example.com/test/path", "domain=example.com"],
    );
    check(
        "beacon http://10.1.2.3 /gate.php",
        &["url=http://10.1.2.3/gate.php", "ipv4=10.1.2.3"],
    );
    check("I sent the money .it was late", &[]);
    check("written in VB .NET and C .h files", &[]);
    check("the intranet /login page and and /or", &[]);
}

#[test]
fn ipv4_after_an_ellipsis() {
    check("it beacons to...45.9.20.11 hourly", &["ipv4=45.9.20.11"]);
    check(".18.12.15.14 stays a fragment", &[]);
}

#[test]
fn underscore_below_the_registrable_domain() {
    check("resolves o_x.cdn-fast.net", &["domain=cdn-fast.net"]);
    check(
        "TXT record _dmarc.shop-secure.com",
        &["domain=shop-secure.com"],
    );
    let ex = extractor(None);
    let found = ex.scan_to_vec("srv _sip._tcp.voip-pay.net", &ScanContext::default());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].host.as_deref(), Some("_sip._tcp.voip-pay.net"));
    check("__init__.py and _private.config", &[]);
    check("not a host: bad_name.com", &[]);
}

#[test]
fn wallets() {
    check(
        "send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t or 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        &[
            "tron=TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            "eth=0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        ],
    );
    check("bad TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", &[]);
}

#[test]
fn phones() {
    check("Call +855 12 345 678 now", &["phone=+85512345678"]);
    check(
        "WhatsApp: +66 81 234 5678",
        &["phone=+66812345678", "whatsapp=+66812345678"],
    );
    check_ctx(
        "โทร 081-234-5678",
        &ScanContext {
            region: Some("TH"),
            field: None,
        },
        None,
        &["phone=+66812345678"],
    );
    check("โทร 081-234-5678", &[]);
    check("paid 1.500.000 VND on 2024-05-12, order 0812345678", &[]);
    check(
        "wa.me/85512345678",
        &[
            "url=wa.me/85512345678",
            "whatsapp=+85512345678",
            "phone=+85512345678",
        ],
    );
    check("电话：＋８５５ １２ ３４５ ６７８", &["phone=+85512345678"]);
    // Digits spelled out one by one with the plus set apart keep their country code
    // (they used to lose the plus, then read as a national number one digit short).
    check(
        "WhatsApp: + 6 3 9 7 7 0 4 7 1 3 4 9 ok",
        &["phone=+639770471349", "whatsapp=+639770471349"],
    );
    check_ctx(
        "+ 8 6 1 5 8 7 3 0 3 6 9 0 7",
        &ScanContext {
            region: Some("ID"),
            field: Some("telepon"),
        },
        None,
        &["phone=+8615873036907"],
    );
    // A sum is not a plus sign of a number.
    check("total 3 + 8 6 1 5 8 7 3 0 3 6 9 0 7", &[]);
}

#[test]
fn messenger_columns_named_in_other_scripts() {
    let in_field = |field: &str, value: &str, want: &[&str]| {
        check_ctx(
            value,
            &ScanContext {
                region: None,
                field: Some(field),
            },
            None,
            want,
        );
    };
    // A Thai intake sheet's LINE column: a bare id reads as LINE, as under `line`.
    in_field("ไลน์", "@256ecyb", &["line=@256ecyb"]);
    in_field("line", "@256ecyb", &["line=@256ecyb"]);
    in_field("เทเลแกรม", "@anna_trader88", &["telegram=anna_trader88"]);
    in_field("电报", "anna_trader88", &["telegram=anna_trader88"]);
}

#[test]
fn ids_after_is_in_scripts_without_spaces() {
    check("她的微信号是vivian_chen4。", &["wechat=vivian_chen4"]);
    check("她的LINE ID是eric.zhou9。", &["line=eric.zhou9"]);
    check("ไลน์คือ kelly_lin31 ค่ะ", &["line=kelly_lin31"]);
    // A plain word after "is" is still no id.
    check("微信是好东西", &[]);
}

#[test]
fn handles() {
    check("Telegram: @Scam_Boss99", &["telegram=scam_boss99"]);
    check(
        "join t.me/scam_support now",
        &["url=t.me/scam_support", "telegram=scam_support"],
    );
    check("LINE ID: abc.123", &["line=abc.123"]);
    check("微信：wx_abc123", &["wechat=wx_abc123"]);
    check("follow @someone on instagram", &[]);
    check_ctx(
        "scam_boss99",
        &ScanContext {
            region: None,
            field: Some("telegram"),
        },
        None,
        &["telegram=scam_boss99"],
    );
}

#[test]
fn banks_and_apps() {
    check(
        "IBAN GB82 WEST 1234 5698 7654 32",
        &["iban=GB82WEST12345698765432"],
    );
    check(
        "https://play.google.com/store/apps/details?id=com.fake.trade",
        &[
            "url=https://play.google.com/store/apps/details?id=com.fake.trade",
            "app=android:com.fake.trade",
        ],
    );
}

#[test]
fn fuzz_regressions() {
    // Found by `cargo fuzz run extract_scan`: a non-ASCII letter inside a short host.
    check("l.0\u{28b}.ly", &["domain=0\u{28b}.ly"]);
    assert_eq!(
        crate::tron_hex_to_base58("\u{28b}1a614f803b6fd780986a42c78ec9c7f77e6ded13"),
        None
    );
}

#[test]
fn kind_names_round_trip() {
    for k in SelectorKind::ALL {
        assert_eq!(k.as_str().parse::<SelectorKind>().ok(), Some(k));
    }
    let set: KindSet = "phone, eth,url".parse().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        set.iter().collect::<Vec<_>>(),
        vec![SelectorKind::Phone, SelectorKind::Url, SelectorKind::Eth]
    );
    assert!("nope".parse::<KindSet>().is_err());
}

#[test]
fn extractor_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Extractor>();
    let ex = extractor(None);
    let counts: Vec<usize> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    ex.scan_to_vec(
                        "call +855 12 345 678 or mail a@example.com",
                        &ScanContext::default(),
                    )
                    .len()
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap_or(0)).collect()
    });
    assert_eq!(counts, vec![3, 3, 3, 3]);
}

#[test]
fn bracketed_dots_facing_either_way() {
    check("c2 at foo[.[com", &["domain=foo.com"]);
    check("www[.[example[.[com", &["domain=example.com"]);
    check("mirror foo}.}com", &["domain=foo.com"]);
    check("also foo].[com", &["domain=foo.com"]);
    // Brackets of different kinds, or code, stay as written.
    check("call f(x).(y) then m[i].[j]", &[]);
    check("matrix m[row].[col] value", &[]);
}

#[test]
fn spaced_bracket_runs_around_a_dot() {
    check(
        "mail myuser@example  [  .  ]   com now",
        &["email=myuser@example.com", "domain=example.com"],
    );
    check(
        "mail myuser@example  [[[[ [ [ [ . )]) com",
        &["email=myuser@example.com", "domain=example.com"],
    );
    check(
        "myuser [ @ ] example   [[[  . ])] com",
        &["email=myuser@example.com", "domain=example.com"],
    );
    // Prose brackets around a spaced full stop.
    check("foo (bar) . (baz) com", &[]);
    check("a list ( . next item", &[]);
    check("the total [ . ] 45", &[]);
}

#[test]
fn defanged_dot_between_non_ascii_labels() {
    check("сайт вирус[.]рф закрыт", &["domain=вирус.рф"]);
    check("x вирус[dot]рф", &["domain=вирус.рф"]);
    check("слово [.] ещё и текст[.]", &[]);
}

#[test]
fn spanish_and_german_bracketed_words() {
    check(
        "me (arroba) example (punto) com",
        &["email=me@example.com", "domain=example.com"],
    );
    check(
        "me@example[punkt]com",
        &["email=me@example.com", "domain=example.com"],
    );
    check("(punto) al final, y nada (arroba)", &[]);
}

#[test]
fn two_spaces_around_at() {
    check(
        "write foo  @ bar.com today",
        &["email=foo@bar.com", "domain=bar.com"],
    );
    check(
        "write foo @  bar.com today",
        &["email=foo@bar.com", "domain=bar.com"],
    );
    check("meet  @  5pm, price  @  3.50", &[]);
}

#[test]
fn hex_digest_after_key_equals() {
    check(
        "proc -hash=00236a2ae558018ed13b5222ef1bd989 -x",
        &["md5=00236a2ae558018ed13b5222ef1bd989"],
    );
    check(
        "sha1=a89ca560e2f0f3b081a3e7d0d91a2bcd4e2bdadb",
        &["sha1=a89ca560e2f0f3b081a3e7d0d91a2bcd4e2bdadb"],
    );
    // After padding (`==`) it is the tail of an encoded blob.
    check("blob QUJD==00236a2ae558018ed13b5222ef1bd989", &[]);
}

#[test]
fn addresses_that_are_a_url_path_directory() {
    check(
        "curl 'https://www.virustotal.com/en/ip-address/90.156.201.27/information/'",
        &[
            "url=https://www.virustotal.com/en/ip-address/90.156.201.27/information/",
            "domain=virustotal.com",
            "ipv4=90.156.201.27",
        ],
    );
    check(
        "see https://foobar.com/test/bingo.com/bar",
        &[
            "url=https://foobar.com/test/bingo.com/bar",
            "domain=foobar.com",
            "domain=bingo.com",
        ],
    );
    // The last segment is a file name; a release directory is a version.
    check(
        "get https://x.com/files/setup.zip and https://x.com/releases/download/1.2.3.4/app.tgz",
        &[
            "url=https://x.com/files/setup.zip",
            "url=https://x.com/releases/download/1.2.3.4/app.tgz",
            "domain=x.com",
        ],
    );
}

#[test]
fn spaced_bracket_runs_around_dot_and_at_words() {
    check(
        "to myuser { at ) example {  doT ])] com",
        &["email=myuser@example.com", "domain=example.com"],
    );
    check("a list [ at least one ] and the dot ] is", &[]);
}

#[test]
fn bracketed_comma_between_digits() {
    check("c2 5[,]6[,]7(,)8 up", &["ipv4=5.6.7.8"]);
    check("f(1,2)[,]3 and (3)[,](4) and 1,2,3,4", &[]);
}

#[test]
fn base64_and_hex_encoded_urls() {
    check(
        "cmd /c aHR0cDovL2V2aWwtbG9hZGVyLnh5ei9wLnBz done",
        &["url=http://evil-loader.xyz/p.ps", "domain=evil-loader.xyz"],
    );
    // `http` at the second and third alignment of a blob.
    check(
        "YWh0dHA6Ly9ldmlsLWxvYWRlci54eXovcC5wcw==",
        &["url=http://evil-loader.xyz/p.ps", "domain=evil-loader.xyz"],
    );
    check(
        "YWJodHRwczovL2V2aWwtbG9hZGVyLnh5ei8=",
        &["url=https://evil-loader.xyz/", "domain=evil-loader.xyz"],
    );
    check(
        "blob 687474703a2f2f6576696c2d6c6f616465722e78797a2f",
        &["url=http://evil-loader.xyz/", "domain=evil-loader.xyz"],
    );
    // The encoded `http` off its alignment, and a digest that starts with its hex.
    check("xaHR0cDovL2V4YW1wbGU", &[]);
    check(
        "sha1 68747470aabbccdd00112233445566778899aabb",
        &["sha1=68747470aabbccdd00112233445566778899aabb"],
    );
}
