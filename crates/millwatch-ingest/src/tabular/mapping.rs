//! From (column, value) pairs to records: the column roles, the kind, and the date order.
//!
//! CSV rows and JSON objects end up here as the same thing, a list of named values, so that
//! both formats follow one set of rules: which names mean the id, the time, the narrative,
//! the kind or a well-known field, in several languages; how `--map` overrides that; and how
//! ambiguous numeric dates are settled.
//!
//! Dates like `05/03/2024` are settled per column, not per value: the column's order is
//! the one its first decisive value (`25/03/2024` or `03/25/2024`) proves. Until then, rows
//! with an ambiguous date wait in a bounded queue (at most [`QUEUE_ROWS`] rows or
//! [`QUEUE_BYTES`] bytes); if the queue fills or the input ends first, the column is read
//! day first — the order of most of the world and of the region — and a warning says so.

use std::collections::{HashMap, VecDeque};

use millwatch_model::{field, normalize_field_name};

use crate::dates::{self, Order, Reading, Rules};
use crate::{Abort, Diagnostic, Options, Place, RecordDraft, RecordKind, Sink};

/// Rows that may wait for a column's date order.
pub(super) const QUEUE_ROWS: usize = 2_000;
/// Bytes of waiting rows.
pub(super) const QUEUE_BYTES: usize = 8 << 20;
/// Located warnings of one sort reported per column before they are only counted.
const WARNINGS_PER_COLUMN: u32 = 20;

/// What a column means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Role {
    /// The input's own id: the record's external id and an `id` field.
    Id,
    /// When it happened: the record's time and a `date` field with the text as written.
    Time,
    /// Narrative: joined into the record's text.
    Text,
    /// The record kind. `strict` columns (`kind`, `record_type`, `--map`) warn about values
    /// that name no kind; a plain `type` column often holds the scam type instead, and its
    /// other values are kept as a field quietly.
    Kind { strict: bool },
    /// A one-line title.
    Title,
    /// A field with this (normalised) name.
    Field(String),
}

/// What a listed column name means.
#[derive(Clone, Copy)]
enum Auto {
    Id,
    Time,
    Text,
    KindStrict,
    KindLoose,
    Title,
    Field(&'static str),
}

/// Column names with a meaning, in the languages of the region. They are compared after
/// [`normalize_field_name`], which is applied to this table too (it recomposes to NFC and
/// drops zero-width characters, so the table must not be matched raw).
const NAMES: &[(Auto, &[&str])] = &[
    (
        Auto::Id,
        &[
            "id",
            "report_id",
            "case_id",
            "ref",
            "reference",
            "ref_no",
            "record_id",
            "external_id",
            "case_no",
            "case_number",
            "编号",
            "編號",
            "序号",
            "รหัส",
            "เลขที่",
            "no_kasus",
            "nomor",
        ],
    ),
    (
        Auto::Time,
        &[
            "date",
            "time",
            "reported_at",
            "timestamp",
            "datetime",
            "date_time",
            "report_date",
            "date_reported",
            "created_at",
            "created",
            "submitted_at",
            "datum",
            "fecha",
            "tanggal",
            "waktu",
            "ngày",
            "thời gian",
            "日期",
            "时间",
            "時間",
            "报案日期",
            "報案日期",
            "วันที่",
            "เวลา",
            "วันที่แจ้ง",
        ],
    ),
    (
        Auto::Text,
        &[
            "narrative",
            "description",
            "text",
            "story",
            "details",
            "detail",
            "message",
            "content",
            "complaint",
            "body",
            "summary",
            "notes",
            "note",
            "comments",
            "statement",
            "incident",
            "คำอธิบาย",
            "รายละเอียด",
            "เรื่องราว",
            "ข้อความ",
            "描述",
            "内容",
            "內容",
            "详情",
            "詳情",
            "详细",
            "詳細",
            "情况说明",
            "情況說明",
            "keterangan",
            "cerita",
            "deskripsi",
            "kronologi",
            "isi",
            "descripción",
            "descripcion",
            "mô tả",
            "nội dung",
        ],
    ),
    (Auto::KindStrict, &["kind", "record_type", "record_kind"]),
    (Auto::KindLoose, &["type"]),
    (
        Auto::Title,
        &[
            "title",
            "subject",
            "headline",
            "标题",
            "標題",
            "หัวข้อ",
            "judul",
        ],
    ),
    (
        Auto::Field(field::NAME),
        &[
            "name",
            "full_name",
            "victim_name",
            "fullname",
            "姓名",
            "名字",
            "ชื่อ",
            "ชื่อ-นามสกุล",
            "ชื่อ นามสกุล",
            "nama",
            "nama lengkap",
            "nombre",
            "họ tên",
            "tên",
        ],
    ),
    (
        Auto::Field(field::PHONE),
        &[
            "phone",
            "mobile",
            "tel",
            "telephone",
            "phone_number",
            "phone_no",
            "mobile_number",
            "whatsapp",
            "whatsapp_number",
            "contact_number",
            "电话",
            "電話",
            "手机",
            "手機",
            "手机号",
            "手機號",
            "电话号码",
            "電話號碼",
            "联系电话",
            "聯繫電話",
            "เบอร์โทร",
            "เบอร์โทรศัพท์",
            "โทรศัพท์",
            "telepon",
            "no_hp",
            "nomor_hp",
            "nomor_telepon",
            "teléfono",
            "telefono",
            "số điện thoại",
        ],
    ),
    (
        Auto::Field(field::EMAIL),
        &[
            "email",
            "e_mail",
            "email_address",
            "mail",
            "邮箱",
            "郵箱",
            "电子邮件",
            "電子郵件",
            "อีเมล",
        ],
    ),
    (
        Auto::Field(field::URL),
        &[
            "url",
            "website",
            "link",
            "site",
            "platform_url",
            "web",
            "domain",
            "网址",
            "網址",
            "链接",
            "鏈接",
            "連結",
            "เว็บไซต์",
            "ลิงก์",
            "situs",
            "tautan",
        ],
    ),
    (
        Auto::Field(field::WALLET),
        &[
            "wallet",
            "address",
            "usdt_address",
            "trc20",
            "btc_address",
            "eth_address",
            "wallet_address",
            "crypto_address",
            "钱包",
            "錢包",
            "钱包地址",
            "錢包地址",
            "กระเป๋าเงิน",
        ],
    ),
    (
        Auto::Field(field::TELEGRAM),
        &[
            "telegram",
            "tg",
            "telegram_handle",
            "telegram_id",
            "telegram_username",
        ],
    ),
    (
        Auto::Field(field::COUNTRY),
        &[
            "country",
            "nationality",
            "国家",
            "國家",
            "国籍",
            "國籍",
            "ประเทศ",
            "สัญชาติ",
            "negara",
            "país",
            "pais",
            "quốc gia",
        ],
    ),
];

static TABLE: std::sync::LazyLock<HashMap<String, Auto>> = std::sync::LazyLock::new(|| {
    let mut t = HashMap::new();
    for (auto, names) in NAMES {
        for n in *names {
            t.entry(normalize_field_name(n)).or_insert(*auto);
        }
    }
    t
});

/// The automatic role of a normalised column name.
pub(super) fn auto_role(name: &str) -> Role {
    match TABLE.get(name) {
        Some(Auto::Id) => Role::Id,
        Some(Auto::Time) => Role::Time,
        Some(Auto::Text) => Role::Text,
        Some(Auto::KindStrict) => Role::Kind { strict: true },
        Some(Auto::KindLoose) => Role::Kind { strict: false },
        Some(Auto::Title) => Role::Title,
        Some(Auto::Field(f)) => Role::Field((*f).to_owned()),
        None => Role::Field(name.to_owned()),
    }
}

/// The role a `--map` target names.
fn mapped_role(target: &str) -> Role {
    match normalize_field_name(target).as_str() {
        "id" => Role::Id,
        "time" | "date" => Role::Time,
        "text" => Role::Text,
        "kind" => Role::Kind { strict: true },
        "title" => Role::Title,
        other => Role::Field(other.to_owned()),
    }
}

/// Column roles for one input: automatic names plus `--map` overrides, cached.
pub(super) struct Mapper {
    overrides: HashMap<String, Role>,
    cache: HashMap<String, Role>,
}

impl Mapper {
    pub(super) fn new(opts: &Options) -> Self {
        let overrides = opts
            .map
            .iter()
            .map(|(col, target)| (normalize_field_name(col), mapped_role(target)))
            .collect();
        Mapper {
            overrides,
            cache: HashMap::new(),
        }
    }

    /// The role of a column, by its normalised name.
    pub(super) fn role(&mut self, name: &str) -> Role {
        if let Some(r) = self.overrides.get(name) {
            return r.clone();
        }
        if let Some(r) = self.cache.get(name) {
            return r.clone();
        }
        let role = auto_role(name);
        // JSON keys are open-ended; keep the cache bounded.
        if self.cache.len() < 4096 {
            self.cache.insert(name.to_owned(), role.clone());
        }
        role
    }
}

/// A record kind named by a value of a kind column, including common short forms.
pub(super) fn kind_from_value(value: &str) -> Option<RecordKind> {
    if let Ok(k) = value.parse::<RecordKind>() {
        return Some(k);
    }
    let norm = normalize_field_name(value);
    Some(match norm.as_str() {
        "report" | "victim" | "complaint" | "victim_reports" => RecordKind::VictimReport,
        "chat" | "message" | "chat_msg" => RecordKind::ChatMessage,
        "mail" | "e_mail" => RecordKind::Email,
        "web" | "page" | "website" | "webpage" => RecordKind::WebPage,
        "job" | "job_ad" | "ad" | "recruitment" | "job_offer" | "recruitment_advert" => {
            RecordKind::RecruitmentAd
        }
        "missing" | "missing_person_report" | "sos" | "rescue" | "rescue_request" => {
            RecordKind::MissingPerson
        }
        "transfer" | "transaction" | "tx" | "crypto" => RecordKind::CryptoTransfer,
        "doc" => RecordKind::Document,
        _ => return None,
    })
}

/// The default kind suggested by the column names of a sheet (or the keys of an object).
pub(super) fn kind_from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> RecordKind {
    let (mut recruit, mut missing, mut tx, mut amount, mut from_to) =
        (false, false, false, false, false);
    for n in names {
        let has = |w: &[&str]| w.iter().any(|x| n.contains(x));
        recruit |= has(&[
            "salary", "employer", "job", "position", "vacancy", "recruit",
        ]);
        missing |= has(&["missing", "last_seen", "relationship", "last_contact"]);
        tx |= has(&[
            "tx_hash",
            "txid",
            "tx_id",
            "transaction_hash",
            "transaction_id",
        ]);
        amount |= has(&["amount", "value", "quantity"]);
        from_to |= matches!(
            n,
            "from" | "to" | "from_address" | "to_address" | "sender" | "receiver"
        );
    }
    if recruit {
        RecordKind::RecruitmentAd
    } else if missing {
        RecordKind::MissingPerson
    } else if tx || (amount && from_to) {
        RecordKind::CryptoTransfer
    } else {
        RecordKind::VictimReport
    }
}

/// One record being assembled from named values.
pub(super) struct RowBuilder {
    draft: RecordDraft,
    texts: Vec<String>,
    /// A date waiting for its column's order: (column, reading).
    pending: Option<(String, Reading)>,
    has_time: bool,
    bytes: usize,
}

impl RowBuilder {
    /// A record of `default_kind` (overridden by `--kind`, then by a kind column).
    pub(super) fn new(default_kind: RecordKind, place: Place, opts: &Options) -> Self {
        RowBuilder {
            draft: RecordDraft::new(opts.kind.unwrap_or(default_kind), place),
            texts: Vec::new(),
            pending: None,
            has_time: false,
            bytes: 0,
        }
    }
}

/// Per-column date-order evidence.
#[derive(Default)]
struct ColumnOrder {
    order: Option<Order>,
    mixed_warned: bool,
}

/// Takes rows, settles their dates, and passes records to the sink in input order.
pub(super) struct Rows<'s> {
    sink: &'s mut dyn Sink,
    orders: HashMap<String, ColumnOrder>,
    queue: VecDeque<RowBuilder>,
    queue_bytes: usize,
    warnings: HashMap<(String, &'static str), u32>,
    /// Records passed on.
    pub(super) records: u64,
}

impl<'s> Rows<'s> {
    pub(super) fn new(sink: &'s mut dyn Sink) -> Self {
        Rows {
            sink,
            orders: HashMap::new(),
            queue: VecDeque::new(),
            queue_bytes: 0,
            warnings: HashMap::new(),
            records: 0,
        }
    }

    /// Passes a diagnostic on.
    pub(super) fn diagnostic(&mut self, d: Diagnostic) -> Result<(), Abort> {
        self.sink.diagnostic(d)
    }

    /// A warning of sort `what` about `column`, reported with its place only for the first
    /// few rows of each column so that a sheet of a million bad dates does not bury the
    /// analyst.
    fn warn(
        &mut self,
        column: &str,
        what: &'static str,
        place: &Place,
        reason: String,
    ) -> Result<(), Abort> {
        let n = self.warnings.entry((column.to_owned(), what)).or_insert(0);
        *n += 1;
        if *n <= WARNINGS_PER_COLUMN {
            self.sink
                .diagnostic(Diagnostic::warning(place.clone(), reason))?;
        }
        Ok(())
    }

    /// Adds one named value to a row.
    pub(super) fn add(
        &mut self,
        row: &mut RowBuilder,
        column: &str,
        role: &Role,
        value: &str,
    ) -> Result<(), Abort> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(());
        }
        row.bytes += value.len() + column.len();
        match role {
            Role::Id => {
                if row.draft.external_id.is_none() {
                    row.draft.external_id = Some(value.to_owned());
                }
                row.draft.push_field(field::ID, value);
            }
            Role::Time => {
                row.draft.push_field(field::DATE, value);
                if !row.has_time {
                    self.read_time(row, column, value)?;
                }
            }
            Role::Text => row.texts.push(value.to_owned()),
            Role::Kind { strict } => match kind_from_value(value) {
                Some(k) => {
                    row.draft.kind = k;
                }
                None => {
                    if *strict {
                        let place = row.draft.place.clone();
                        self.warn(
                            column,
                            "kind",
                            &place,
                            format!("column {column:?}: {value:?} is not a record kind; the default kind is used"),
                        )?;
                    }
                    row.draft.push_field(column, value);
                }
            },
            Role::Title => {
                if row.draft.title.is_none() {
                    row.draft.title = Some(value.chars().take(500).collect());
                } else {
                    row.draft.push_field("title", value);
                }
            }
            Role::Field(name) => row.draft.push_field(name, value),
        }
        Ok(())
    }

    fn read_time(&mut self, row: &mut RowBuilder, column: &str, value: &str) -> Result<(), Abort> {
        let Some(reading) = dates::parse(value, Rules::DATE_COLUMN) else {
            let place = row.draft.place.clone();
            return self.warn(
                column,
                "date",
                &place,
                format!("column {column:?}: not a date this reader knows; kept as text only"),
            );
        };
        row.has_time = true;
        let state = self.orders.entry(column.to_owned()).or_default();
        if let Some(evidence) = reading.evidence() {
            match state.order {
                None => state.order = Some(evidence),
                Some(o) if o != evidence && !state.mixed_warned => {
                    state.mixed_warned = true;
                    let place = row.draft.place.clone();
                    self.sink.diagnostic(Diagnostic::warning(
                        place,
                        format!("column {column:?} mixes day-first and month-first dates; each unambiguous date is read as written, ambiguous ones {}", order_words(o)),
                    ))?;
                }
                Some(_) => {}
            }
        }
        match (reading, self.orders.get(column).and_then(|s| s.order)) {
            (r @ Reading::Ambiguous { .. }, None) => row.pending = Some((column.to_owned(), r)),
            (r, order) => row.draft.time = Some(r.resolve(order.unwrap_or(Order::DayFirst))),
        }
        Ok(())
    }

    /// Finishes a row: empty rows are dropped silently, the rest go to the sink (after any
    /// rows still waiting for a date order).
    pub(super) fn finish(&mut self, mut row: RowBuilder) -> Result<(), Abort> {
        if !row.texts.is_empty() {
            row.draft.text = row.texts.join("\n\n");
            row.texts = Vec::new();
        }
        let d = &row.draft;
        if d.text.is_empty() && d.fields.is_empty() && d.title.is_none() {
            return Ok(());
        }
        if row.pending.is_none() && self.queue.is_empty() {
            return self.emit(row.draft);
        }
        self.queue_bytes += row.bytes;
        self.queue.push_back(row);
        self.drain(false)
    }

    /// Sends every waiting row (at the end of input) and says how many warnings were only
    /// counted.
    pub(super) fn finish_all(&mut self) -> Result<(), Abort> {
        self.drain(true)?;
        let mut unreported: Vec<(&(String, &'static str), &u32)> = self
            .warnings
            .iter()
            .filter(|(_, n)| **n > WARNINGS_PER_COLUMN)
            .collect();
        unreported.sort();
        let notes: Vec<String> = unreported
            .into_iter()
            .map(|((column, what), n)| {
                let what = if *what == "date" { "unreadable dates" } else { "values that name no kind" };
                format!(
                    "column {column:?}: {} more rows with {what} than the {WARNINGS_PER_COLUMN} reported",
                    n - WARNINGS_PER_COLUMN
                )
            })
            .collect();
        for note in notes {
            self.sink
                .diagnostic(Diagnostic::warning(Place::default(), note))?;
        }
        Ok(())
    }

    fn emit(&mut self, draft: RecordDraft) -> Result<(), Abort> {
        self.records += 1;
        self.sink.record(draft)
    }

    /// Sends waiting rows whose column order is known; with `force` (or a full queue),
    /// decides undecided columns day first.
    fn drain(&mut self, force: bool) -> Result<(), Abort> {
        let force = force || self.queue.len() >= QUEUE_ROWS || self.queue_bytes >= QUEUE_BYTES;
        while let Some(front) = self.queue.front_mut() {
            if let Some((column, _)) = &front.pending {
                let order = self.orders.get(column).and_then(|s| s.order);
                let order = match order {
                    Some(o) => o,
                    None if force => {
                        let column = column.clone();
                        let place = front.draft.place.clone();
                        self.orders.entry(column.clone()).or_default().order =
                            Some(Order::DayFirst);
                        self.sink.diagnostic(Diagnostic::warning(
                            place,
                            format!("column {column:?}: no date settles whether dates like 05/03/2024 are day or month first; read as day first"),
                        ))?;
                        Order::DayFirst
                    }
                    None => return Ok(()),
                };
                if let Some((_, reading)) = front.pending.take() {
                    front.draft.time = Some(reading.resolve(order));
                }
            }
            if let Some(row) = self.queue.pop_front() {
                self.queue_bytes = self.queue_bytes.saturating_sub(row.bytes);
                self.emit(row.draft)?;
            }
        }
        Ok(())
    }
}

fn order_words(o: Order) -> &'static str {
    match o {
        Order::DayFirst => "day first",
        Order::MonthFirst => "month first",
    }
}
