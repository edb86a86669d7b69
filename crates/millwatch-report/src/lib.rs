//! Self-contained HTML reports of operations, to mail to a partner or open from a USB
//! stick: one file, inline CSS and SVG, no script, no request of any kind.
//!
//! Everything shown was written by adversaries or victims, so every string goes through
//! [`esc`] and scam addresses are shown defanged ([`defang`]): never a live link, never a
//! load. A `Content-Security-Policy` meta tag forbids every fetch as a second line. Victims'
//! own contacts (mentions flagged `victim`) are counted, never printed.
//!
//! The graph picture is laid out here (a deterministic force-directed layout over the
//! operation's records and selectors, hubs drawn apart), not by a script at view time.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use millwatch_store::{MentionView, OperationMember, OperationView};

/// One operation and the mentions found in its records.
#[derive(Debug, Clone)]
pub struct OperationReport {
    /// The operation.
    pub view: OperationView,
    /// Mentions in its member records (victims' own included; they are only counted).
    pub mentions: Vec<MentionView>,
    /// The languages its records are written in and the countries they give.
    pub profile: Profile,
}

/// The languages an operation's records are written in and the countries they give
/// (their `country` field), counted record by record with [`Profile::add`].
#[derive(Debug, Clone, Default)]
pub struct Profile {
    languages: HashMap<&'static str, usize>,
    /// Records whose text is too short or too mixed to tell.
    undetermined: usize,
    /// Lower-cased country → (as first written, records).
    countries: HashMap<String, (String, usize)>,
}

/// Texts shorter than this (in characters) are not given a language: a few words of
/// Latin script are as likely Indonesian as English or Tagalog.
const LANGUAGE_MIN_CHARS: usize = 12;

impl Profile {
    /// Counts one record: its text and its `country` field, if any.
    pub fn add(&mut self, text: &str, country: Option<&str>) {
        match language_of(text) {
            Some(lang) => *self.languages.entry(lang).or_default() += 1,
            None => self.undetermined += 1,
        }
        if let Some(c) = country.map(str::trim).filter(|c| !c.is_empty()) {
            self.countries
                .entry(c.to_lowercase())
                .or_insert_with(|| (c.to_owned(), 0))
                .1 += 1;
        }
    }

    /// Languages, most records first (ties by name), and the records left undetermined.
    pub fn languages(&self) -> (Vec<(&'static str, usize)>, usize) {
        let mut v: Vec<_> = self.languages.iter().map(|(&l, &n)| (l, n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        (v, self.undetermined)
    }

    /// Countries as first written, most records first (ties by name).
    pub fn countries(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<_> = self
            .countries
            .values()
            .map(|(c, n)| (c.as_str(), *n))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }
}

/// The language a text is written in (English name), when it can be told: texts in a
/// script of their own (Thai, Khmer, Burmese, Han, Hangul, kana …) by their script, texts
/// in shared scripts (Latin, Cyrillic, Arabic) only when the detector is confident.
pub fn language_of(text: &str) -> Option<&'static str> {
    let words = words_only(text);
    let words = words.trim();
    if words.chars().take(LANGUAGE_MIN_CHARS).count() < LANGUAGE_MIN_CHARS {
        return None;
    }
    // A character of a script without spaces (Han, kana, Hangul, Thai, Lao, Khmer,
    // Burmese) carries about a word; Latin brand names and a few English words in such a
    // text must not outvote it. When those scripts weigh more, only they are looked at.
    let spaceless = words.chars().filter(|&c| spaceless_script(c)).count();
    let latin = words.chars().filter(char::is_ascii_alphabetic).count();
    let only_spaceless: String;
    let words = if spaceless * 3 >= latin && spaceless > 0 {
        only_spaceless = words.chars().filter(|&c| spaceless_script(c)).collect();
        only_spaceless.as_str()
    } else {
        words
    };
    let info = whatlang::detect(words)?;
    let own_script = !matches!(
        info.script(),
        whatlang::Script::Latin
            | whatlang::Script::Cyrillic
            | whatlang::Script::Arabic
            | whatlang::Script::Devanagari
    );
    (own_script || info.is_reliable()).then(|| match info.lang() {
        // Written Chinese, whatever is spoken.
        whatlang::Lang::Cmn => "Chinese",
        lang => lang.eng_name(),
    })
}

/// Scripts written without spaces between words.
fn spaceless_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'   // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified
        | '\u{AC00}'..='\u{D7AF}' // Hangul
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility
    )
}

/// `text` without its runs of ASCII that hold an address, a number or a handle (`@`,
/// `/`, `:`, `.`, digits …): a Chinese report quoting a URL and an e-mail address would
/// otherwise count as Latin script, and be taken for Italian.
fn words_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let word = run.trim_matches(|c: char| c.is_ascii_punctuation());
        if word
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'\'' || b == b'-')
        {
            out.push_str(word);
        }
        out.push(' ');
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_graphic() {
            run.push(c);
        } else {
            if !run.is_empty() {
                flush(&mut run, &mut out);
            }
            if !c.is_whitespace() && !c.is_ascii() {
                out.push(c);
            } else {
                out.push(' ');
            }
        }
    }
    if !run.is_empty() {
        flush(&mut run, &mut out);
    }
    out
}

/// Most record nodes (records that mention the same drawn selectors are one node) drawn
/// in a graph picture; the rest are counted.
const GRAPH_GROUPS: usize = 500;
/// Most selectors drawn in a graph picture.
const GRAPH_SELECTORS: usize = 80;
/// Selectors whose value is written beside them (the most mentioned).
const GRAPH_CAPTIONS: usize = 6;
/// Most linked operations drawn.
const GRAPH_LINKS: usize = 20;
/// Evidence excerpts shown per selector.
const EXCERPTS: usize = 3;

/// Escapes text for HTML element content and double-quoted attributes, and defangs every
/// `http://`, `https://` and `ftp://` in it, so that a mail client or viewer that turns
/// addresses in text into links finds none.
pub fn esc(s: &str) -> String {
    let s = defang_schemes(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `http://` → `hxxp://` (any case), `https://` → `hxxps://`, `ftp://` → `fxp://`.
fn defang_schemes(s: &str) -> std::borrow::Cow<'_, str> {
    let lower = s.to_ascii_lowercase();
    if !lower.contains("://") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < s.len() {
        let rest = &lower[i..];
        let hit = ["https://", "http://", "ftp://"]
            .into_iter()
            .find(|p| rest.starts_with(p));
        match hit {
            Some("https://") => {
                out.push_str("hxxps://");
                i += 8;
            }
            Some("http://") => {
                out.push_str("hxxp://");
                i += 7;
            }
            Some(_) => {
                out.push_str("fxp://");
                i += 6;
            }
            None => {
                let c = s[i..].chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8().max(1);
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A selector as it is safe to show: URLs, domains and e-mail addresses defanged
/// (`hxxps://example[.]com`, `name[@]example[.]com`) so no viewer or mail client makes
/// them live. Other kinds are returned as they are.
pub fn defang(kind: &str, value: &str) -> String {
    match kind {
        "url" => value
            .replacen("https://", "hxxps://", 1)
            .replacen("http://", "hxxp://", 1)
            .replace('.', "[.]"),
        "domain" | "ipv4" => value.replace('.', "[.]"),
        "email" => value.replace('@', "[@]").replace('.', "[.]"),
        _ => value.to_owned(),
    }
}

/// Renders the report of `operations` as one HTML document.
pub fn render(title: &str, generated: &str, operations: &[OperationReport]) -> String {
    let mut h = String::with_capacity(64 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    h.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = writeln!(h, "<title>{}</title>", esc(title));
    h.push_str(STYLE);
    h.push_str("</head><body>\n");
    let _ = writeln!(
        h,
        "<header><h1>{}</h1><p class=\"meta\">{} operations · generated {} by millwatch · addresses are defanged; victims' own contacts are withheld</p></header>",
        esc(title),
        operations.len(),
        esc(generated)
    );
    if operations.len() > 1 {
        h.push_str("<nav><h2>Operations</h2><ol>");
        for o in operations {
            let s = &o.view.summary;
            let _ = write!(
                h,
                "<li><a href=\"#{}\">{}</a> — {} records</li>",
                esc(&s.id),
                esc(&s.id),
                s.size
            );
        }
        h.push_str("</ol></nav>\n");
    }
    for o in operations {
        operation(&mut h, o);
    }
    h.push_str("</body></html>\n");
    h
}

fn operation(h: &mut String, o: &OperationReport) {
    let v = &o.view;
    let s = &v.summary;
    let _ = writeln!(h, "<section class=\"op\" id=\"{}\">", esc(&s.id));
    let _ = writeln!(
        h,
        "<h2>{} <span class=\"size\">{} records</span></h2>",
        esc(&s.id),
        s.size
    );
    // Summary: span, kinds, sources.
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &v.members {
        *kinds.entry(m.kind.as_str()).or_default() += 1;
    }
    let kinds: Vec<String> = kinds
        .iter()
        .map(|(k, n)| format!("{n} {}", esc(k)))
        .collect();
    let victims = o.mentions.iter().filter(|m| m.victim).count();
    h.push_str("<dl class=\"summary\">");
    if let (Some(a), Some(b)) = (&s.first_seen, &s.last_seen) {
        let _ = write!(h, "<dt>Seen</dt><dd>{} … {}</dd>", esc(day(a)), esc(day(b)));
    }
    let _ = write!(h, "<dt>Records</dt><dd>{}</dd>", kinds.join(", "));
    let (languages, undetermined) = o.profile.languages();
    let mut langs: Vec<String> = languages
        .iter()
        .map(|(l, n)| format!("{} {n}", esc(l)))
        .collect();
    if undetermined > 0 {
        langs.push(format!("{undetermined} too short to tell"));
    }
    let _ = write!(h, "<dt>Languages</dt><dd>{}</dd>", langs.join(", "));
    let countries: Vec<String> = o
        .profile
        .countries()
        .iter()
        .map(|(c, n)| format!("{} {n}", esc(c)))
        .collect();
    if !countries.is_empty() {
        let _ = write!(
            h,
            "<dt>Countries</dt><dd>{} <span class=\"note\">(the records' country field)</span></dd>",
            countries.join(", ")
        );
    }
    let _ = write!(
        h,
        "<dt>Selectors</dt><dd>{} (hubs its records mention: {})</dd>",
        v.selectors.len(),
        v.hubs.len()
    );
    let _ = write!(
        h,
        "<dt>Victims' own contacts</dt><dd>{victims} mentions, withheld</dd>"
    );
    h.push_str("</dl>\n");
    graph(h, o);
    timeline(h, v);
    // Selectors.
    h.push_str("<h3>Selectors</h3><table><thead><tr><th>kind</th><th>value</th><th>records</th></tr></thead><tbody>");
    for sel in &v.selectors {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"v\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&sel.kind),
            esc(&defang(&sel.kind, &sel.value)),
            sel.records
        );
    }
    h.push_str("</tbody></table>\n");
    if !v.hubs.is_empty() {
        h.push_str("<h3>Hubs (shared with unrelated records; not used to link)</h3><table><thead><tr><th>kind</th><th>value</th><th>records in the case</th><th>why</th></tr></thead><tbody>");
        for hub in &v.hubs {
            let why = if hub.known {
                "a platform everyone uses".to_owned()
            } else {
                format!(
                    "{} separate groups, {} different names",
                    hub.groups, hub.names
                )
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"v\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&hub.kind),
                esc(&defang(&hub.kind, &hub.value)),
                hub.records,
                esc(&why)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    if !v.links.is_empty() {
        h.push_str("<h3>Linked operations (not merged)</h3><ul>");
        for l in &v.links {
            let via = match (&l.kind, &l.value) {
                (Some(k), Some(val)) => format!(" via {} {}", esc(k), esc(&defang(k, val))),
                _ => String::new(),
            };
            let _ = write!(
                h,
                "<li>{} — {}{via}</li>",
                esc(&l.operation),
                esc(&l.reason.replace('_', " "))
            );
        }
        h.push_str("</ul>\n");
    }
    if !v.name_joins.is_empty() {
        h.push_str("<h3>Records joined by a platform name alone (no selector shared)</h3><ul>");
        for j in &v.name_joins {
            let _ = write!(h, "<li>#{} {}</li>", j.record, esc(&j.reason()));
        }
        h.push_str("</ul>\n");
    }
    evidence(h, o);
    // Records.
    h.push_str("<h3>Records</h3><table><thead><tr><th>record</th><th>kind</th><th>time</th><th>source</th></tr></thead><tbody>");
    for m in &v.members {
        let _ = write!(
            h,
            "<tr><td>#{}{}</td><td>{}</td><td>{}</td><td class=\"p\">{}</td></tr>",
            m.record,
            m.external_id
                .as_deref()
                .map(|e| format!(" <span class=\"ext\">{}</span>", esc(e)))
                .unwrap_or_default(),
            esc(&m.kind),
            esc(m.time.as_deref().map(day).unwrap_or("")),
            esc(&m.path)
        );
    }
    h.push_str("</tbody></table>\n</section>\n");
}

/// Excerpts for the most-mentioned selectors, the match highlighted, with provenance.
fn evidence(h: &mut String, o: &OperationReport) {
    h.push_str("<h3>Evidence</h3>");
    for sel in o.view.selectors.iter().take(15) {
        let shown: Vec<&MentionView> = o
            .mentions
            .iter()
            .filter(|m| !m.victim && m.kind == sel.kind && m.value == sel.value)
            .take(EXCERPTS)
            .collect();
        if shown.is_empty() {
            continue;
        }
        let _ = write!(
            h,
            "<div class=\"ev\"><h4>{} <span class=\"v\">{}</span></h4>",
            esc(&sel.kind),
            esc(&defang(&sel.kind, &sel.value))
        );
        for m in shown {
            let [a, b] = m.highlight;
            let ex = &m.excerpt;
            let (pre, mid, post) = match (ex.get(..a), ex.get(a..b), ex.get(b..)) {
                (Some(p), Some(mm), Some(q)) => (p, mm, q),
                _ => (ex.as_str(), "", ""),
            };
            let _ = write!(
                h,
                "<blockquote>{}<mark>{}</mark>{}<cite>#{} · {} · {} · {}</cite></blockquote>",
                esc(pre),
                esc(&defang(&m.kind, mid)),
                esc(post),
                m.record,
                esc(&m.path),
                esc(&m.place.to_string()),
                esc(m.field.as_deref().unwrap_or("text"))
            );
        }
        h.push_str("</div>");
    }
    h.push('\n');
}

fn day(t: &str) -> &str {
    t.get(..10).unwrap_or(t)
}

/// Records per month as an SVG bar chart.
fn timeline(h: &mut String, v: &OperationView) {
    let mut months: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &v.members {
        if let Some(t) = m.time.as_deref().and_then(|t| t.get(..7)) {
            *months.entry(t).or_default() += 1;
        }
    }
    if months.is_empty() {
        return;
    }
    let max = months.values().copied().max().unwrap_or(1).max(1);
    let bar = 18.0;
    let width = (months.len() as f64 * bar).max(200.0) + 40.0;
    h.push_str("<h3>Timeline (records per month)</h3>");
    let _ = write!(
        h,
        "<svg class=\"timeline\" viewBox=\"0 0 {width:.0} 120\" width=\"{width:.0}\" height=\"120\" role=\"img\">"
    );
    for (i, (month, n)) in months.iter().enumerate() {
        let hgt = 90.0 * *n as f64 / max as f64;
        let x = 20.0 + i as f64 * bar;
        let _ = write!(
            h,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{hgt:.1}\" class=\"bar\"><title>{}: {n}</title></rect>",
            100.0 - hgt,
            bar - 3.0,
            esc(month)
        );
        if i == 0 || i == months.len() - 1 {
            let anchor = if i == 0 { "start" } else { "end" };
            let tx = if i == 0 { x } else { x + bar - 3.0 };
            let _ = write!(
                h,
                "<text x=\"{tx:.1}\" y=\"114\" text-anchor=\"{anchor}\" class=\"axis\">{}</text>",
                esc(month)
            );
        }
    }
    h.push_str("</svg>\n");
}

/// A node of the picture.
struct Node {
    label: String,
    class: &'static str,
    radius: f64,
    /// Written beside the node, not only in its tooltip.
    caption: bool,
}

/// The operation as an SVG picture: its top selectors, the hubs its records mention
/// (drawn apart), its records — those that mention the same drawn selectors collapsed into
/// one node sized by their number, so that thousands of records stay readable — and the
/// operations linked to it, attached to the selector that links them.
fn graph(h: &mut String, o: &OperationReport) {
    let v = &o.view;
    let mut nodes: Vec<Node> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, sel) in v.selectors.iter().take(GRAPH_SELECTORS).enumerate() {
        index.insert((&sel.kind, &sel.value), nodes.len());
        nodes.push(Node {
            label: format!("{} {}", sel.kind, defang(&sel.kind, &sel.value)),
            class: "sel",
            radius: 4.0 + (sel.records as f64).sqrt().min(8.0),
            caption: i < GRAPH_CAPTIONS,
        });
    }
    for hub in &v.hubs {
        index.insert((&hub.kind, &hub.value), nodes.len());
        nodes.push(Node {
            label: format!("hub {} {}", hub.kind, defang(&hub.kind, &hub.value)),
            class: "hub",
            radius: 6.0,
            caption: false,
        });
    }
    // Each record's drawn selectors, its signature; records sharing one are one node.
    let mut signature: HashMap<i64, Vec<usize>> = HashMap::new();
    for m in &o.mentions {
        if !m.victim
            && let Some(&s) = index.get(&(m.kind.as_str(), m.value.as_str()))
        {
            signature.entry(m.record.0).or_default().push(s);
        }
    }
    let mut groups: HashMap<Vec<usize>, Vec<&OperationMember>> = HashMap::new();
    let mut undrawn = 0;
    for m in &v.members {
        match signature.get_mut(&m.record.0) {
            Some(sig) => {
                sig.sort_unstable();
                sig.dedup();
                groups.entry(sig.clone()).or_default().push(m);
            }
            None => undrawn += 1,
        }
    }
    let mut groups: Vec<(Vec<usize>, Vec<&OperationMember>)> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    if groups.len() > GRAPH_GROUPS {
        undrawn += groups[GRAPH_GROUPS..]
            .iter()
            .map(|(_, m)| m.len())
            .sum::<usize>();
        groups.truncate(GRAPH_GROUPS);
    }
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for (sig, members) in &groups {
        let at = nodes.len();
        let first = members[0];
        let label = if members.len() == 1 {
            format!(
                "#{} {}",
                first.record,
                first.external_id.as_deref().unwrap_or(&first.kind)
            )
        } else {
            let some: Vec<String> = members
                .iter()
                .take(5)
                .map(|m| format!("#{}", m.record))
                .collect();
            format!(
                "{} records mentioning the same selectors: {}{}",
                members.len(),
                some.join(", "),
                if members.len() > 5 { " …" } else { "" }
            )
        };
        nodes.push(Node {
            label,
            class: "rec",
            radius: 2.5 + (members.len() as f64).sqrt().min(9.0) - 1.0,
            caption: false,
        });
        edges.extend(sig.iter().map(|&s| (at, s)));
    }
    // Linked operations, one node each, beside the selectors that link them.
    let mut op_node: HashMap<&str, usize> = HashMap::new();
    for l in &v.links {
        let Some(&s) = l
            .kind
            .as_deref()
            .zip(l.value.as_deref())
            .and_then(|k| index.get(&k))
        else {
            continue;
        };
        let at = match op_node.get(l.operation.as_str()) {
            Some(&at) => at,
            None if op_node.len() < GRAPH_LINKS => {
                op_node.insert(&l.operation, nodes.len());
                nodes.push(Node {
                    label: format!("linked operation {}", l.operation),
                    class: "op",
                    radius: 7.0,
                    caption: true,
                });
                nodes.len() - 1
            }
            None => continue,
        };
        edges.push((at, s));
    }
    let unlinked = v
        .links
        .iter()
        .map(|l| l.operation.as_str())
        .collect::<std::collections::HashSet<_>>()
        .len()
        - op_node.len();
    // Selectors no drawn record mentions float at the frame: leave them out.
    let mut linked = vec![false; nodes.len()];
    for &(a, b) in &edges {
        linked[a] = true;
        linked[b] = true;
    }
    let keep: Vec<usize> = (0..nodes.len()).filter(|&i| linked[i]).collect();
    let mut renumber = vec![usize::MAX; nodes.len()];
    for (new, &old) in keep.iter().enumerate() {
        renumber[old] = new;
    }
    let edges: Vec<(usize, usize)> = edges
        .iter()
        .map(|&(a, b)| (renumber[a], renumber[b]))
        .collect();
    let mut all = nodes.into_iter().map(Some).collect::<Vec<_>>();
    let nodes: Vec<Node> = keep.iter().filter_map(|&i| all[i].take()).collect();
    if nodes.is_empty() {
        return;
    }
    let pos = layout(nodes.len(), &edges);
    let (w, hgt) = (760.0, 480.0);
    let _ = write!(
        h,
        "<h3>Graph</h3><svg class=\"graph\" viewBox=\"0 0 {w} {hgt}\" width=\"{w}\" height=\"{hgt}\" role=\"img\">"
    );
    let at = |i: usize| (20.0 + pos[i].0 * (w - 40.0), 20.0 + pos[i].1 * (hgt - 40.0));
    for &(a, b) in &edges {
        let ((x1, y1), (x2, y2)) = (at(a), at(b));
        let class = match (nodes[a].class, nodes[b].class) {
            (_, "hub") => "e hube",
            ("op", _) => "e ope",
            _ => "e",
        };
        let _ = write!(
            h,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" class=\"{class}\"/>"
        );
    }
    for (i, n) in nodes.iter().enumerate() {
        let (x, y) = at(i);
        let _ = write!(
            h,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\" class=\"{}\"><title>{}</title></circle>",
            n.radius,
            n.class,
            esc(&n.label)
        );
    }
    for (i, n) in nodes.iter().enumerate().filter(|(_, n)| n.caption) {
        let (x, y) = at(i);
        let label = n
            .label
            .strip_prefix("linked operation ")
            .unwrap_or(&n.label);
        let short: String = label.chars().take(28).collect();
        let more = if short.len() < label.len() { "…" } else { "" };
        // Right of the node, or left of it in the right third, so that it stays inside.
        let (cx, anchor) = if x > w * 0.66 {
            (x - n.radius - 2.0, "end")
        } else {
            (x + n.radius + 2.0, "start")
        };
        let _ = write!(
            h,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" class=\"cap\">{}{more}</text>",
            y + 3.0,
            esc(&short)
        );
    }
    h.push_str("</svg>");
    let groups_drawn = nodes.iter().filter(|n| n.class == "rec").count();
    let mut notes = vec![format!(
        "{} records drawn as {groups_drawn} nodes (records that mention the same drawn selectors are one node, sized by their number)",
        v.members.len() - undrawn
    )];
    if undrawn > 0 {
        notes.push(format!(
            "{undrawn} records not drawn (no drawn selector: theirs are hubs, victims' own, or beyond the top {GRAPH_SELECTORS})"
        ));
    }
    if unlinked > 0 {
        notes.push(format!(
            "{unlinked} linked operations not drawn (linked by a selector not drawn, or by a bridge)"
        ));
    }
    let _ = writeln!(
        h,
        "<p class=\"legend\"><span class=\"k sel\"></span> selector <span class=\"k rec\"></span> records <span class=\"k hub\"></span> hub (not used to link) <span class=\"k op\"></span> linked operation · {}</p>",
        notes.join(" · ")
    );
}

/// A deterministic force-directed layout (Fruchterman–Reingold, fixed iterations, nodes
/// started on a spiral) in the unit square.
fn layout(n: usize, edges: &[(usize, usize)]) -> Vec<(f64, f64)> {
    let mut p: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = i as f64 * 2.399_963; // golden angle
            let r = 0.45 * ((i as f64 + 0.5) / n as f64).sqrt();
            (0.5 + r * a.cos(), 0.5 + r * a.sin())
        })
        .collect();
    let k = (1.0 / n as f64).sqrt();
    let mut temp = 0.1;
    for _ in 0..80 {
        let mut d = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (p[i].0 - p[j].0, p[i].1 - p[j].1);
                let dist2 = (dx * dx + dy * dy).max(1e-6);
                let f = k * k / dist2;
                d[i].0 += dx * f;
                d[i].1 += dy * f;
                d[j].0 -= dx * f;
                d[j].1 -= dy * f;
            }
        }
        for &(a, b) in edges {
            let (dx, dy) = (p[a].0 - p[b].0, p[a].1 - p[b].1);
            let dist = (dx * dx + dy * dy).sqrt().max(1e-6);
            let f = dist / k;
            d[a].0 -= dx * f;
            d[a].1 -= dy * f;
            d[b].0 += dx * f;
            d[b].1 += dy * f;
        }
        // Gravity keeps nodes with few edges from being pushed to the frame.
        for i in 0..n {
            d[i].0 -= (p[i].0 - 0.5) * 2.0 * n as f64 * k * k;
            d[i].1 -= (p[i].1 - 0.5) * 2.0 * n as f64 * k * k;
        }
        for i in 0..n {
            let len = (d[i].0 * d[i].0 + d[i].1 * d[i].1).sqrt().max(1e-9);
            let step = len.min(temp);
            p[i].0 = (p[i].0 + d[i].0 / len * step).clamp(0.0, 1.0);
            p[i].1 = (p[i].1 + d[i].1 / len * step).clamp(0.0, 1.0);
        }
        temp *= 0.95;
    }
    p
}

const STYLE: &str = "<style>
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1100px;padding:0 24px 48px;color:#1d2430;background:#fbfbfc}
header{border-bottom:3px solid #2d4a7a;margin-bottom:16px}h1{font-size:22px;margin:18px 0 4px}
.meta,.legend{color:#5a6475;font-size:12px}h2{font-size:18px;margin:28px 0 8px;color:#2d4a7a}
h2 .size{font-weight:400;color:#5a6475;font-size:14px}h3{font-size:15px;margin:18px 0 6px}h4{margin:10px 0 4px;font-size:13px}
section.op{background:#fff;border:1px solid #dde2ea;border-radius:6px;padding:4px 18px 18px;margin:18px 0}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}dt{color:#5a6475}dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #eceff4;vertical-align:top}
th{background:#f2f4f8;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}.v,.p{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.ext{color:#5a6475}blockquote{margin:4px 0;padding:4px 10px;border-left:3px solid #c5cedd;background:#f7f8fb;white-space:pre-wrap;word-break:break-word}
blockquote cite{display:block;color:#5a6475;font-size:11px;font-style:normal;margin-top:2px}mark{background:#ffe08a;padding:0 1px}
svg.graph{border:1px solid #eceff4;background:#fff;max-width:100%;height:auto}svg .e{stroke:#b8c2d3;stroke-width:.6}svg .hube{stroke:#e0b4b4;stroke-dasharray:2 2}
svg .sel{fill:#2d6cdf}svg .rec{fill:#7d8797;fill-opacity:.8}svg .hub{fill:#c0392b}svg .op{fill:#8e44ad}svg .ope{stroke:#8e44ad;stroke-width:1.2}svg .cap{font-size:9px;fill:#1d2430;paint-order:stroke;stroke:#fff;stroke-width:2px}svg .bar{fill:#2d6cdf}svg .axis{font-size:10px;fill:#5a6475}
.k{display:inline-block;width:10px;height:10px;border-radius:50%;margin:0 3px 0 10px;vertical-align:middle}.k.sel{background:#2d6cdf}.k.rec{background:#7d8797}.k.hub{background:#c0392b}.k.op{background:#8e44ad}
nav ol{columns:3;font-size:13px}a{color:#2d4a7a}
</style>
";

#[cfg(test)]
mod tests;
