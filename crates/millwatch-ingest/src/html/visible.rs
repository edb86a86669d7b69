//! The text a reader of an HTML document sees, with its title, links and the addresses
//! that save tools wrote into it.
//!
//! This runs html5ever's *tokenizer* with a small state machine of our own instead of
//! building a DOM. A DOM would cost memory proportional to the page and, worse, the
//! HTML tree builder scans its stack of open elements for every start tag, which goes
//! quadratic on hostile input such as 100 000 nested `<div>`s. Visible text needs no
//! tree: what is hidden (scripts, styles, templates, SVG internals) is known from the
//! tags alone, and block elements only need a line break where they open and close. The
//! tokenizer is linear, decodes character references, and is told to switch into raw
//! text states for `<script>`, `<style>` and friends exactly as the tree builder would.

use std::cell::RefCell;
use std::collections::HashSet;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Distinct link targets kept per document; a page with more is almost certainly a
/// generated link farm, and the first ones are the ones that matter.
const MAX_HREFS: usize = 10_000;

/// Original-address candidates kept per document (a page states one or two).
const MAX_URLS: usize = 16;

/// What [`visible_text`] found in a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageText {
    /// The `<title>` text, whitespace collapsed; `og:title` when there is no title.
    pub title: Option<String>,
    /// Visible body text, block elements on their own lines. The title is not included.
    pub text: String,
    /// Distinct link targets of `<a href>`, `<area href>` and `<meta http-equiv=refresh>`,
    /// trimmed, in document order;
    /// `javascript:` links, fragment-only links and empty ones are left out.
    pub hrefs: Vec<String>,
    /// `<meta name=description>` or `og:description`, whichever comes first.
    pub description: Option<String>,
    /// The page's original address as save tools and the page itself state it: Chrome's
    /// and IE's `saved from url=` comment, SingleFile's comment, HTTrack's "Mirrored
    /// from", Save Page WE's `savepage-url`, `<link rel=canonical>`, `og:url`. Distinct,
    /// in that order of discovery.
    pub urls: Vec<String>,
    /// The save date a save tool wrote (SingleFile, Save Page WE), as written.
    pub saved_date: Option<String>,
}

/// Extracts the visible text, title, links and page metadata from an HTML document or
/// fragment. Linear in the input; never recurses.
pub fn visible_text(html: &str) -> PageText {
    let tokenizer = Tokenizer::new(Collector::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    // Feed in slices so that no single tendril grows past what its u32 length allows.
    let mut rest = html;
    while !rest.is_empty() {
        let mut cut = rest.len().min(1 << 20);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        queue.push_back(StrTendril::from_slice(&rest[..cut]));
        rest = &rest[cut..];
    }
    // `feed` only stops early for a `Script` result, which our sink never returns.
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.state.into_inner().finish()
}

/// The token sink. html5ever hands tokens to `&self`, hence the `RefCell`.
#[derive(Default)]
struct Collector {
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    out: String,
    /// A space is owed before the next visible character.
    pending_space: bool,
    /// Line breaks owed before the next visible character (at most 2).
    pending_breaks: u8,
    /// Inside an element whose raw content is hidden (`script`, `style`, …).
    in_hidden_raw: bool,
    /// Inside `<title>` (RCDATA).
    in_title: bool,
    title_buf: String,
    title: Option<String>,
    og_title: Option<String>,
    /// Depth of `<template>` and `<svg>`, whose content is not shown as text.
    hidden_depth: u32,
    /// Depth of whitespace-preserving elements.
    pre_depth: u32,
    hrefs: Vec<String>,
    seen_hrefs: HashSet<String>,
    description: Option<String>,
    urls: Vec<String>,
    saved_date: Option<String>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut st = self.state.borrow_mut();
        match token {
            Token::CharacterTokens(text) => st.characters(&text),
            Token::NullCharacterToken => {}
            Token::TagToken(tag) => return st.tag(&tag),
            Token::CommentToken(comment) => st.comment(&comment),
            Token::DoctypeToken(_) | Token::EOFToken | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

fn attr<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &*a.value)
}

/// Elements that start and end a line of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "option"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "textarea"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
            | "listing"
            | "plaintext"
            | "xmp"
    )
}

/// Collapses whitespace runs to single spaces and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether a link target is worth keeping.
fn keep_href(href: &str) -> bool {
    if href.is_empty() || href.starts_with('#') {
        return false;
    }
    // Browsers strip tabs and newlines inside URLs, so `java\tscript:` is still script.
    let scheme: String = href
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    !scheme.starts_with("javascript:") && !scheme.starts_with("vbscript:")
}

impl State {
    fn characters(&mut self, text: &str) {
        if self.in_title {
            self.title_buf.push_str(text);
            return;
        }
        if self.in_hidden_raw || self.hidden_depth > 0 {
            return;
        }
        self.visible(text);
    }

    fn visible(&mut self, text: &str) {
        if self.pre_depth > 0 {
            for c in text.chars() {
                if c == '\n' {
                    self.pending_space = false;
                    self.out.push('\n');
                } else {
                    self.flush_pending();
                    self.out.push(c);
                }
            }
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                self.flush_pending();
                self.out.push(c);
            }
        }
    }

    /// Writes owed breaks or an owed space before a visible character.
    fn flush_pending(&mut self) {
        if self.pending_breaks > 0 {
            if !self.out.is_empty() {
                let trimmed = self.out.trim_end_matches([' ', '\t']).len();
                self.out.truncate(trimmed);
                let have = self.out.len() - self.out.trim_end_matches('\n').len();
                for _ in have..usize::from(self.pending_breaks) {
                    self.out.push('\n');
                }
            }
            self.pending_breaks = 0;
            self.pending_space = false;
        } else if self.pending_space {
            if !self.out.is_empty() && !self.out.ends_with(char::is_whitespace) {
                self.out.push(' ');
            }
            self.pending_space = false;
        }
    }

    fn line_break(&mut self) {
        self.pending_breaks = self.pending_breaks.max(1);
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        match tag.kind {
            TagKind::StartTag => self.start_tag(name, tag),
            TagKind::EndTag => {
                self.end_tag(name);
                TokenSinkResult::Continue
            }
        }
    }

    fn start_tag(&mut self, name: &str, tag: &Tag) -> TokenSinkResult<()> {
        match name {
            "a" | "area" => {
                if let Some(href) = attr(tag, "href") {
                    self.href(href.trim());
                }
            }
            "meta" => self.meta(tag),
            "link" => {
                let rel = attr(tag, "rel").unwrap_or("");
                if rel
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
                    && let Some(href) = attr(tag, "href")
                {
                    self.url(href);
                }
            }
            "img" | "input" if self.hidden_depth == 0 => {
                let shows_alt = name == "img"
                    || attr(tag, "type").is_some_and(|t| t.eq_ignore_ascii_case("image"));
                let alt = if shows_alt { attr(tag, "alt") } else { None };
                if let Some(alt) = alt.filter(|a| !a.trim().is_empty()) {
                    self.pending_space = true;
                    self.visible(alt);
                    self.pending_space = true;
                }
            }
            "br" if self.hidden_depth == 0 => {
                if self.pre_depth > 0 {
                    self.out.push('\n');
                } else {
                    self.line_break();
                }
            }
            "td" | "th" => self.pending_space = true,
            "template" | "svg" if !tag.self_closing => self.hidden_depth += 1,
            _ => {}
        }
        if is_block(name) {
            self.line_break();
        }
        if matches!(name, "pre" | "textarea" | "listing" | "xmp" | "plaintext") && !tag.self_closing
        {
            self.pre_depth += 1;
        }
        // Switch the tokenizer into the raw states the HTML tree builder would choose.
        match name {
            "title" => {
                if self.hidden_depth == 0 {
                    self.in_title = true;
                    self.title_buf.clear();
                }
                TokenSinkResult::RawData(RawKind::Rcdata)
            }
            "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "script" => {
                self.in_hidden_raw = true;
                TokenSinkResult::RawData(RawKind::ScriptData)
            }
            "style" | "noscript" | "iframe" | "noembed" | "noframes" => {
                self.in_hidden_raw = true;
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "xmp" => TokenSinkResult::RawData(RawKind::Rawtext),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }

    fn end_tag(&mut self, name: &str) {
        match name {
            "title" if self.in_title => {
                self.in_title = false;
                let title = collapse_ws(&self.title_buf);
                self.title_buf = String::new();
                if self.title.is_none() && !title.is_empty() {
                    self.title = Some(title);
                }
            }
            "script" | "style" | "noscript" | "iframe" | "noembed" | "noframes" => {
                self.in_hidden_raw = false;
            }
            "template" | "svg" => self.hidden_depth = self.hidden_depth.saturating_sub(1),
            "pre" | "textarea" | "listing" | "xmp" => {
                self.pre_depth = self.pre_depth.saturating_sub(1);
            }
            "td" | "th" => self.pending_space = true,
            _ => {}
        }
        if is_block(name) {
            self.line_break();
        }
    }

    fn href(&mut self, href: &str) {
        if !keep_href(href) || self.hrefs.len() >= MAX_HREFS || self.seen_hrefs.contains(href) {
            return;
        }
        self.seen_hrefs.insert(href.to_owned());
        self.hrefs.push(href.to_owned());
    }

    fn url(&mut self, url: &str) {
        let url = url.trim();
        // IE marks pages saved from disk `saved from url=(0014)about:internet`.
        if url
            .get(..6)
            .is_some_and(|p| p.eq_ignore_ascii_case("about:"))
        {
            return;
        }
        if !url.is_empty() && self.urls.len() < MAX_URLS && !self.urls.iter().any(|u| u == url) {
            self.urls.push(url.to_owned());
        }
    }

    fn meta(&mut self, tag: &Tag) {
        // `<meta http-equiv=refresh content="0; url=…">` sends the reader on: a link
        // target like any other (scam landing pages often are only this).
        if attr(tag, "http-equiv").is_some_and(|h| h.trim().eq_ignore_ascii_case("refresh"))
            && let Some(content) = attr(tag, "content")
            && let Some(pos) = content.to_ascii_lowercase().find("url")
        {
            let rest = content[pos + 3..].trim_start();
            if let Some(rest) = rest.strip_prefix('=') {
                let url = rest.trim().trim_matches(['"', '\'']).trim();
                self.href(url);
            }
        }
        let key = attr(tag, "name")
            .or_else(|| attr(tag, "property"))
            .or_else(|| attr(tag, "itemprop"))
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let Some(content) = attr(tag, "content") else {
            return;
        };
        let content = collapse_ws(content);
        if content.is_empty() {
            return;
        }
        match key.as_str() {
            "description" | "og:description" | "twitter:description"
                if self.description.is_none() =>
            {
                self.description = Some(content);
            }
            "og:url" | "savepage-url" => self.url(&content),
            "og:title" | "savepage-title" if self.og_title.is_none() => {
                self.og_title = Some(content);
            }
            "savepage-date" if self.saved_date.is_none() => {
                self.saved_date = Some(content);
            }
            _ => {}
        }
    }

    /// Reads what save tools write into comments.
    fn comment(&mut self, comment: &str) {
        let c = comment.trim();
        // Chrome, IE and Edge: `saved from url=(0042)https://…`, the number being the
        // URL's length.
        if let Some(rest) = c.strip_prefix("saved from url=") {
            let rest = rest.trim_start();
            let url = match rest.strip_prefix('(') {
                Some(r) => match r.find(')') {
                    Some(close) => &r[close + 1..],
                    None => r,
                },
                None => rest,
            };
            if let Some(url) = url.split_whitespace().next() {
                self.url(url);
            }
            return;
        }
        // SingleFile: a comment of `key: value` lines.
        if c.starts_with("Page saved with SingleFile") {
            for line in c.lines() {
                let line = line.trim();
                if let Some(url) = line.strip_prefix("url:") {
                    self.url(url);
                } else if let Some(date) = line.strip_prefix("saved date:")
                    && self.saved_date.is_none()
                {
                    let date = date.trim();
                    if !date.is_empty() {
                        self.saved_date = Some(date.to_owned());
                    }
                }
            }
            return;
        }
        // HTTrack: `Mirrored from example.com/page.html by HTTrack Website Copier/3.x …`.
        if let Some(rest) = c.strip_prefix("Mirrored from ")
            && let Some(url) = rest.split_whitespace().next()
        {
            self.url(url);
        }
    }

    fn finish(mut self) -> PageText {
        if self.in_title {
            // An unterminated <title> still names the page.
            let title = collapse_ws(&self.title_buf);
            if self.title.is_none() && !title.is_empty() {
                self.title = Some(title);
            }
        }
        let mut text = String::with_capacity(self.out.len());
        for line in self.out.lines() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(line);
        }
        PageText {
            title: self.title.or(self.og_title),
            text,
            hrefs: self.hrefs,
            description: self.description,
            urls: self.urls,
            saved_date: self.saved_date,
        }
    }
}
