//! Tests of the saved-HTML-page parser against fixtures with one quirk each.

use std::path::Path;

use millwatch_ingest::{Limits, Options, ParseError};
use millwatch_model::{Format, RecordDraft, RecordKind};
use proptest::prelude::*;

use crate::{parse_bytes, parse_fixture, parse_fixture_with};

fn page(rel: &str) -> (RecordDraft, millwatch_ingest::Parsed) {
    let (res, sink) = parse_fixture(rel);
    let parsed = res.unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(sink.diagnostics.is_empty(), "{rel}: {:?}", sink.diagnostics);
    assert_eq!(sink.records.len(), 1, "{rel}");
    let mut records = sink.records;
    (records.remove(0), parsed)
}

fn all(r: &RecordDraft, name: &str) -> Vec<String> {
    r.fields
        .iter()
        .filter(|f| f.name == name)
        .map(|f| f.value.clone())
        .collect()
}

#[test]
fn chrome_saved_page() {
    let (r, parsed) = page("html/chrome_saved.html");
    assert_eq!(r.kind, RecordKind::WebPage);
    assert_eq!(
        r.title.as_deref(),
        Some("Customer Service – Sihanoukville | Jobs Asia")
    );
    assert_eq!(
        all(&r, "url"),
        ["https://jobs-asia.example/ads/customer-service"]
    );
    assert_eq!(
        r.field("description"),
        Some("High salary, free visa, free flight.")
    );
    assert_eq!(
        all(&r, "href"),
        ["https://t.me/fastjob_hr", "https://wa.me/85512345678"]
    );
    assert_eq!(
        r.text,
        "Customer Service – Sihanoukville | Jobs Asia\n\nCustomer Service (English)\nSalary: 1,500 USD\nContact: @fastjob_hr or WhatsApp"
    );
    assert_eq!(r.place.byte_start, 0);
    assert_eq!(r.place.byte_end, 552);
    assert_eq!(r.place.line, Some(1));
    assert_eq!(
        (
            parsed.decoding.encoding.as_str(),
            parsed.decoding.method.as_str()
        ),
        ("UTF-8", "utf8")
    );
}

#[test]
fn singlefile_page() {
    let (r, _) = page("html/singlefile.html");
    assert_eq!(r.title.as_deref(), Some("งานด่วน รายได้ดี"));
    assert_eq!(all(&r, "url"), ["https://thai-jobs.example/post/991"]);
    assert_eq!(
        r.field("saved_date"),
        Some("Mon Mar 04 2024 10:00:00 GMT+0700 (Indochina Time)")
    );
    assert_eq!(all(&r, "href"), ["https://line.me/ti/p/~thaijob99"]);
    assert!(
        r.text.ends_with("ทำงานออนไลน์ที่บ้าน ติดต่อ Line thaijob99"),
        "{}",
        r.text
    );
}

#[test]
fn gbk_page_declared_by_meta() {
    let (r, parsed) = page("html/gbk_meta.html");
    assert_eq!(r.title.as_deref(), Some("柬埔寨高薪招聘"));
    assert!(
        r.text
            .contains("招聘客服，月薪一万，包吃住。\n联系方式：飞机"),
        "{}",
        r.text
    );
    assert_eq!(all(&r, "href"), ["https://t.me/kh_zhaopin"]);
    assert_eq!(
        (
            parsed.decoding.encoding.as_str(),
            parsed.decoding.method.as_str()
        ),
        ("GBK", "declared")
    );
}

#[test]
fn scripts_styles_comments_and_hidden_parts_are_excluded() {
    let (r, _) = page("html/hidden_content.html");
    assert_eq!(
        r.text,
        "Invest\n\nDeposit to earn 5% daily.\nClick Top Register Mail us QR code for deposit"
    );
    for hidden in [
        "TScriptOnly",
        "tracker.example",
        "hidden@secret",
        "Enable JavaScript",
        "template text",
        "svg label",
    ] {
        assert!(!r.text.contains(hidden), "{hidden} leaked into {}", r.text);
    }
    assert_eq!(
        all(&r, "href"),
        [
            "https://coin-yield.example/register?ref=77",
            "mailto:support@coin-yield.example"
        ]
    );
}

#[test]
fn undeclared_shift_jis_is_detected() {
    let (r, parsed) = page("html/sjis_undeclared.html");
    assert_eq!(r.title.as_deref(), Some("海外の高収入求人"));
    assert!(
        r.text
            .contains("カンボジアでのカスタマーサポートの仕事です。"),
        "{}",
        r.text
    );
    assert_eq!(
        (
            parsed.decoding.encoding.as_str(),
            parsed.decoding.method.as_str()
        ),
        ("Shift_JIS", "detected")
    );
}

#[test]
fn kind_can_be_overridden_and_file_name_is_the_fallback_title() {
    let opts = Options {
        kind: Some(RecordKind::RecruitmentAd),
        ..Options::default()
    };
    let (res, sink) = parse_bytes(
        Format::Html,
        Path::new("saved/Great Job Offer.html"),
        b"<p>hello</p>",
        &opts,
    );
    res.unwrap();
    assert_eq!(sink.records[0].kind, RecordKind::RecruitmentAd);
    assert_eq!(sink.records[0].title.as_deref(), Some("Great Job Offer"));
    assert_eq!(sink.records[0].text, "Great Job Offer\n\nhello");
}

#[test]
fn too_large_page_is_an_error() {
    let opts = Options {
        limits: Limits {
            max_whole_file_bytes: 100,
            ..Limits::default()
        },
        ..Options::default()
    };
    let (res, _) = parse_fixture_with("html/chrome_saved.html", &opts);
    assert!(
        matches!(
            res,
            Err(ParseError::TooLarge {
                size: 552,
                limit: 100,
                ..
            })
        ),
        "{res:?}"
    );
}

#[test]
fn deeply_nested_and_large_pages_are_fast() {
    let nested = format!(
        "<title>t</title>{}deep text{}",
        "<div><span>".repeat(100_000),
        "</span></div>".repeat(100_000)
    );
    let start = std::time::Instant::now();
    let (res, sink) = parse_bytes(
        Format::Html,
        Path::new("n.html"),
        nested.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert_eq!(sink.records[0].text, "t\n\ndeep text");
    let row = "<tr><td><a href=\"https://example.com/p?id=1\">item</a></td><td>Price 100 USDT &amp; more</td></tr>\n";
    let big = format!(
        "<html><body><table>{}</table></body></html>",
        row.repeat(20 * 1024 * 1024 / row.len())
    );
    let (res, sink) = parse_bytes(
        Format::Html,
        Path::new("big.html"),
        big.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert!(sink.records[0].text.len() > 5_000_000);
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn html_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_bytes(Format::Html, Path::new("x.html"), &bytes, &Options::default());
    }

    #[test]
    fn tag_soup_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("<script>"), Just("</script>"), Just("<style>"), Just("<svg>"), Just("</svg>"),
            Just("<template>"), Just("</template>"), Just("<title>"), Just("</title>"), Just("<pre>"),
            Just("<a href='#x'>"), Just("<a href=javascript:x>"), Just("<!--"), Just("-->"), Just("&amp"),
            Just("<plaintext>"), Just("<br/>"), Just("<meta charset=gbk>"), Just("text "), Just("\u{0}"),
        ],
        0..60,
    )) {
        let html = parts.concat();
        let page = millwatch_ingest::html::visible_text(&html);
        prop_assert!(page.text.len() <= html.len() * 4 + 16);
    }
}
