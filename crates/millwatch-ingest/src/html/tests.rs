use super::*;

#[test]
fn text_skips_hidden_content_and_breaks_blocks() {
    let page = visible_text(
        "<html><head><title> Job  offer\n</title><style>p{color:red}</style>\
         <script>var x = '<p>not text</p>';</script></head>\
         <body><!-- a comment --><h1>Hiring</h1><p>Salary &amp; visa<br>call <b>now</b></p>\
         <noscript>enable js</noscript><template><p>hidden</p></template>\
         <svg><text>svg text</text><title>svg title</title></svg>\
         <table><tr><td>a</td><td>b</td></tr></table><img alt=\"logo text\"></body></html>",
    );
    assert_eq!(page.title.as_deref(), Some("Job offer"));
    assert_eq!(page.text, "Hiring\nSalary & visa\ncall now\na b\nlogo text");
}

#[test]
fn hrefs_are_filtered_and_deduplicated() {
    let page = visible_text(
        "<a href=' https://t.me/x '>1</a><a href='#top'>2</a><a href='JavaScript:void(0)'>3</a>\
         <a href='java\tscript:alert(1)'>3b</a><a href=''>4</a><a href='https://t.me/x'>5</a>\
         <map><area href='tel:+85512345678'></map><a href=\"mailto:a@b.example\">6</a>\
         <meta http-equiv=Refresh content=\"0; URL='https://go.example/land'\">",
    );
    assert_eq!(
        page.hrefs,
        [
            "https://t.me/x",
            "tel:+85512345678",
            "mailto:a@b.example",
            "https://go.example/land"
        ]
    );
}

#[test]
fn save_tool_comments_give_the_url() {
    let chrome = visible_text(
        "<!DOCTYPE html>\n<!-- saved from url=(0029)https://jobs.example.com/ad1 -->\n<html></html>",
    );
    assert_eq!(chrome.urls, ["https://jobs.example.com/ad1"]);
    assert!(
        visible_text("<!-- saved from url=(0014)about:internet -->")
            .urls
            .is_empty()
    );
    assert_eq!(
        visible_text("<!-- saved from url=(0001)httpsÚ//x -->").urls,
        ["httpsÚ//x"]
    );
    let single = visible_text(
        "<!DOCTYPE html> <html><!--\n Page saved with SingleFile \n url: https://x.example/p?q=1 \n \
         saved date: Mon Mar 04 2024 10:00:00 GMT+0700 (Indochina Time)\n--><head>\
         <link rel=\"canonical\" href=\"https://x.example/p\"><meta property=\"og:url\" content=\"https://x.example/p\">\
         <meta name=description content=\"  Best   job \"></head></html>",
    );
    assert_eq!(
        single.urls,
        ["https://x.example/p?q=1", "https://x.example/p"]
    );
    assert_eq!(
        single.saved_date.as_deref(),
        Some("Mon Mar 04 2024 10:00:00 GMT+0700 (Indochina Time)")
    );
    assert_eq!(single.description.as_deref(), Some("Best job"));
}

#[test]
fn pre_keeps_lines() {
    let page = visible_text("<p>x</p><pre>line 1\n  line 2</pre>");
    assert_eq!(page.text, "x\nline 1\nline 2");
}

#[test]
fn prescan_finds_both_declaration_forms() {
    assert_eq!(
        prescan_charset(b"<html><meta charset=\"GBK\">").as_deref(),
        Some("GBK")
    );
    assert_eq!(
        prescan_charset(
            b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-874'>"
        )
        .as_deref(),
        Some("windows-874")
    );
    assert_eq!(prescan_charset(b"<meta name=x content=y>"), None);
}

#[test]
fn deep_nesting_is_linear() {
    let html = format!(
        "{}deep{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let start = std::time::Instant::now();
    let page = visible_text(&html);
    assert_eq!(page.text, "deep");
    assert!(start.elapsed().as_secs() < 10);
}
