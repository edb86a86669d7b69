//! Context words: one multilingual Aho-Corasick pass that finds the words which decide what a
//! nearby value is (`WhatsApp`, `微信`, `เบอร์`, `order no.`, `USDT`, `version` …).
//!
//! Recognisers never search for context themselves: they ask the [`Hits`] of the current
//! scan what lies within a few bytes before or after a position. This keeps the cost of
//! context to one linear pass however many candidates there are (a per-candidate window
//! search would multiply on hostile input such as a megabyte of `@` signs).

use aho_corasick::MatchKind;

/// What a context word says about values near it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ctx {
    /// Telegram (also phone context).
    Telegram,
    /// WhatsApp (also phone context).
    Whatsapp,
    /// LINE.
    Line,
    /// WeChat.
    Wechat,
    /// Signal.
    Signal,
    /// Phone numbers in general, and messengers addressed by phone number (Viber, Zalo …).
    Phone,
    /// Bank accounts.
    Bank,
    /// Identifiers that are not phone numbers (order, invoice, reference, OTP, passport …).
    NotPhone,
    /// Money: currency names and symbols.
    Money,
    /// Software versions.
    Version,
    /// Websites, links, domains.
    Web,
    /// Mobile apps.
    App,
    /// Blockchain transactions.
    Tx,
    /// Solana.
    Solana,
    /// Dates (month names and the like).
    Date,
    /// Social networks whose `@names` are not messaging handles we track.
    Social,
}

/// (keyword, class). ASCII keywords match case-insensitively and only as whole words.
const KEYWORDS: &[(&str, Ctx)] = &[
    // Telegram
    ("telegram", Ctx::Telegram),
    ("tg", Ctx::Telegram),
    ("tele", Ctx::Telegram),
    ("telegram id", Ctx::Telegram),
    ("telegram username", Ctx::Telegram),
    ("电报", Ctx::Telegram),
    ("電報", Ctx::Telegram),
    ("飞机", Ctx::Telegram),
    ("飛機", Ctx::Telegram),
    ("纸飞机", Ctx::Telegram),
    ("紙飛機", Ctx::Telegram),
    ("飞机号", Ctx::Telegram),
    ("เทเลแกรม", Ctx::Telegram),
    ("เทเลแกรมไอดี", Ctx::Telegram),
    ("テレグラム", Ctx::Telegram),
    ("телеграм", Ctx::Telegram),
    ("តេឡេក្រាម", Ctx::Telegram),
    ("တယ်လီဂရမ်", Ctx::Telegram),
    // WhatsApp
    ("whatsapp", Ctx::Whatsapp),
    ("whats app", Ctx::Whatsapp),
    ("whatsap", Ctx::Whatsapp),
    ("whatapp", Ctx::Whatsapp),
    ("watsapp", Ctx::Whatsapp),
    ("wassap", Ctx::Whatsapp),
    ("wasap", Ctx::Whatsapp),
    ("wa", Ctx::Whatsapp),
    ("w/a", Ctx::Whatsapp),
    ("wa.me", Ctx::Whatsapp),
    ("วอทส์แอพ", Ctx::Whatsapp),
    ("วอทส์แอป", Ctx::Whatsapp),
    ("วอทแอพ", Ctx::Whatsapp),
    ("ватсап", Ctx::Whatsapp),
    ("واتساب", Ctx::Whatsapp),
    // LINE
    ("line", Ctx::Line),
    ("line id", Ctx::Line),
    ("lineid", Ctx::Line),
    ("line@", Ctx::Line),
    ("ไลน์", Ctx::Line),
    ("ไอดีไลน์", Ctx::Line),
    ("แอดไลน์", Ctx::Line),
    ("ไลน์ไอดี", Ctx::Line),
    ("แอดไลน์ไอดี", Ctx::Line),
    ("ไอดีไลน์:", Ctx::Line),
    // WeChat
    ("wechat", Ctx::Wechat),
    ("we chat", Ctx::Wechat),
    ("wechat id", Ctx::Wechat),
    ("weixin", Ctx::Wechat),
    ("wx", Ctx::Wechat),
    ("vx", Ctx::Wechat),
    ("微信", Ctx::Wechat),
    ("微信号", Ctx::Wechat),
    ("微信號", Ctx::Wechat),
    ("威信", Ctx::Wechat),
    ("薇信", Ctx::Wechat),
    ("v信", Ctx::Wechat),
    ("加v", Ctx::Wechat),
    ("加微", Ctx::Wechat),
    ("加微信", Ctx::Wechat),
    ("加我微信", Ctx::Wechat),
    ("วีแชท", Ctx::Wechat),
    // Signal
    ("signal", Ctx::Signal),
    ("signal id", Ctx::Signal),
    // Phone
    ("phone", Ctx::Phone),
    ("phone number", Ctx::Phone),
    ("phone no", Ctx::Phone),
    ("tel", Ctx::Phone),
    ("tel.", Ctx::Phone),
    ("telp", Ctx::Phone),
    ("telephone", Ctx::Phone),
    ("mobile", Ctx::Phone),
    ("mob", Ctx::Phone),
    ("cell", Ctx::Phone),
    ("cellphone", Ctx::Phone),
    ("call", Ctx::Phone),
    ("called", Ctx::Phone),
    ("calling", Ctx::Phone),
    ("sms", Ctx::Phone),
    ("text me", Ctx::Phone),
    ("hotline", Ctx::Phone),
    ("contact", Ctx::Phone),
    ("contact number", Ctx::Phone),
    ("mobile number", Ctx::Phone),
    ("my number", Ctx::Phone),
    ("his number", Ctx::Phone),
    ("her number", Ctx::Phone),
    ("their number", Ctx::Phone),
    ("cell number", Ctx::Phone),
    ("whatsapp number", Ctx::Whatsapp),
    ("hp number", Ctx::Phone),
    ("tel no", Ctx::Phone),
    ("llama", Ctx::Phone),
    ("llámame", Ctx::Phone),
    ("llame", Ctx::Phone),
    ("llamada", Ctx::Phone),
    ("tawagan", Ctx::Phone),
    ("texted", Ctx::Phone),
    ("viber", Ctx::Phone),
    ("zalo", Ctx::Phone),
    ("imo", Ctx::Phone),
    ("kakao", Ctx::Phone),
    ("电话", Ctx::Phone),
    ("電話", Ctx::Phone),
    ("手机", Ctx::Phone),
    ("手機", Ctx::Phone),
    ("手机号", Ctx::Phone),
    ("联系", Ctx::Phone),
    ("聯繫", Ctx::Phone),
    ("号码", Ctx::Phone),
    ("號碼", Ctx::Phone),
    ("เบอร์", Ctx::Phone),
    ("เบอร์โทร", Ctx::Phone),
    ("โทร", Ctx::Phone),
    ("มือถือ", Ctx::Phone),
    ("ติดต่อ", Ctx::Phone),
    ("điện thoại", Ctx::Phone),
    ("dien thoai", Ctx::Phone),
    ("sđt", Ctx::Phone),
    ("sdt", Ctx::Phone),
    ("đt", Ctx::Phone),
    ("gọi", Ctx::Phone),
    ("liên hệ", Ctx::Phone),
    ("hp", Ctx::Phone),
    ("no hp", Ctx::Phone),
    ("nomor", Ctx::Phone),
    ("telepon", Ctx::Phone),
    ("hubungi", Ctx::Phone),
    ("nombor", Ctx::Phone),
    ("nombor telefon", Ctx::Phone),
    ("telefon", Ctx::Phone),
    ("ទូរស័ព្ទ", Ctx::Phone),
    ("លេខទូរស័ព្ទ", Ctx::Phone),
    ("ဖုန်း", Ctx::Phone),
    ("ဖုန်းနံပါတ်", Ctx::Phone),
    ("teléfono", Ctx::Phone),
    ("telefono", Ctx::Phone),
    ("celular", Ctx::Phone),
    ("móvil", Ctx::Phone),
    ("movil", Ctx::Phone),
    ("número", Ctx::Phone),
    ("numero", Ctx::Phone),
    ("llamar", Ctx::Phone),
    ("cp", Ctx::Phone),
    ("cel", Ctx::Phone),
    ("tawag", Ctx::Phone),
    ("numero ng telepono", Ctx::Phone),
    // Banks and accounts
    ("bank", Ctx::Bank),
    ("bank account", Ctx::Bank),
    ("account", Ctx::Bank),
    ("account no", Ctx::Bank),
    ("account number", Ctx::Bank),
    ("bank account number", Ctx::Bank),
    ("bank account no", Ctx::Bank),
    ("account no.", Ctx::Bank),
    ("acc number", Ctx::Bank),
    ("a/c no", Ctx::Bank),
    ("acct", Ctx::Bank),
    ("acc no", Ctx::Bank),
    ("a/c", Ctx::Bank),
    ("beneficiary", Ctx::Bank),
    ("rekening", Ctx::Bank),
    ("no rek", Ctx::Bank),
    ("norek", Ctx::Bank),
    ("rek", Ctx::Bank),
    ("stk", Ctx::Bank),
    ("số tài khoản", Ctx::Bank),
    ("so tai khoan", Ctx::Bank),
    ("tài khoản", Ctx::Bank),
    ("ngân hàng", Ctx::Bank),
    ("账号", Ctx::Bank),
    ("帐号", Ctx::Bank),
    ("賬號", Ctx::Bank),
    ("帳號", Ctx::Bank),
    ("卡号", Ctx::Bank),
    ("卡號", Ctx::Bank),
    ("银行", Ctx::Bank),
    ("銀行", Ctx::Bank),
    ("银行卡", Ctx::Bank),
    ("收款账户", Ctx::Bank),
    ("เลขบัญชี", Ctx::Bank),
    ("บัญชี", Ctx::Bank),
    ("ธนาคาร", Ctx::Bank),
    ("គណនី", Ctx::Bank),
    ("ធនាគារ", Ctx::Bank),
    ("ဘဏ်", Ctx::Bank),
    ("cuenta", Ctx::Bank),
    ("banco", Ctx::Bank),
    ("clabe", Ctx::Bank),
    ("akaun", Ctx::Bank),
    ("aba", Ctx::Bank),
    ("acleda", Ctx::Bank),
    ("wing", Ctx::Bank),
    ("canadia", Ctx::Bank),
    ("bca", Ctx::Bank),
    ("bri", Ctx::Bank),
    ("bni", Ctx::Bank),
    ("mandiri", Ctx::Bank),
    ("vietcombank", Ctx::Bank),
    ("techcombank", Ctx::Bank),
    ("vietinbank", Ctx::Bank),
    ("bidv", Ctx::Bank),
    ("agribank", Ctx::Bank),
    ("mbbank", Ctx::Bank),
    ("acb", Ctx::Bank),
    ("kbank", Ctx::Bank),
    ("kasikorn", Ctx::Bank),
    ("kasikornbank", Ctx::Bank),
    ("scb", Ctx::Bank),
    ("krungthai", Ctx::Bank),
    ("bangkok bank", Ctx::Bank),
    ("maybank", Ctx::Bank),
    ("cimb", Ctx::Bank),
    ("public bank", Ctx::Bank),
    ("rhb", Ctx::Bank),
    ("bdo", Ctx::Bank),
    ("bpi", Ctx::Bank),
    ("metrobank", Ctx::Bank),
    ("gcash", Ctx::Bank),
    ("icbc", Ctx::Bank),
    ("工商银行", Ctx::Bank),
    ("建设银行", Ctx::Bank),
    ("农业银行", Ctx::Bank),
    ("中国银行", Ctx::Bank),
    ("招商银行", Ctx::Bank),
    ("กสิกร", Ctx::Bank),
    ("ไทยพาณิชย์", Ctx::Bank),
    ("กรุงเทพ", Ctx::Bank),
    ("กรุงไทย", Ctx::Bank),
    // Identifiers that are not phones
    ("order", Ctx::NotPhone),
    ("order no", Ctx::NotPhone),
    ("order id", Ctx::NotPhone),
    ("order number", Ctx::NotPhone),
    ("tracking number", Ctx::NotPhone),
    ("tracking no", Ctx::NotPhone),
    ("reference number", Ctx::NotPhone),
    ("ref no", Ctx::NotPhone),
    ("invoice number", Ctx::NotPhone),
    ("invoice no", Ctx::NotPhone),
    ("id number", Ctx::NotPhone),
    ("serial number", Ctx::NotPhone),
    ("case number", Ctx::NotPhone),
    ("ticket number", Ctx::NotPhone),
    ("passport number", Ctx::NotPhone),
    ("passport no", Ctx::NotPhone),
    ("número de pedido", Ctx::NotPhone),
    ("transaction number", Ctx::NotPhone),
    ("invoice", Ctx::NotPhone),
    ("inv", Ctx::NotPhone),
    ("ref", Ctx::NotPhone),
    ("reference", Ctx::NotPhone),
    ("id", Ctx::NotPhone),
    ("uid", Ctx::NotPhone),
    ("user id", Ctx::NotPhone),
    ("tracking", Ctx::NotPhone),
    ("awb", Ctx::NotPhone),
    ("case", Ctx::NotPhone),
    ("case no", Ctx::NotPhone),
    ("ticket", Ctx::NotPhone),
    ("otp", Ctx::NotPhone),
    ("code", Ctx::NotPhone),
    ("verification", Ctx::NotPhone),
    ("pin", Ctx::NotPhone),
    ("passport", Ctx::NotPhone),
    ("nik", Ctx::NotPhone),
    ("ktp", Ctx::NotPhone),
    ("cmnd", Ctx::NotPhone),
    ("cccd", Ctx::NotPhone),
    ("serial", Ctx::NotPhone),
    ("imei", Ctx::NotPhone),
    ("model", Ctx::NotPhone),
    ("block", Ctx::NotPhone),
    ("height", Ctx::NotPhone),
    ("receipt", Ctx::NotPhone),
    ("voucher", Ctx::NotPhone),
    ("batch", Ctx::NotPhone),
    ("订单", Ctx::NotPhone),
    ("訂單", Ctx::NotPhone),
    ("单号", Ctx::NotPhone),
    ("單號", Ctx::NotPhone),
    ("编号", Ctx::NotPhone),
    ("流水号", Ctx::NotPhone),
    ("验证码", Ctx::NotPhone),
    ("身份证", Ctx::NotPhone),
    ("护照", Ctx::NotPhone),
    ("เลขที่", Ctx::NotPhone),
    ("รหัส", Ctx::NotPhone),
    ("คำสั่งซื้อ", Ctx::NotPhone),
    ("mã", Ctx::NotPhone),
    ("mã đơn", Ctx::NotPhone),
    ("đơn hàng", Ctx::NotPhone),
    ("hóa đơn", Ctx::NotPhone),
    ("pesanan", Ctx::NotPhone),
    ("kode", Ctx::NotPhone),
    ("resi", Ctx::NotPhone),
    ("pedido", Ctx::NotPhone),
    ("factura", Ctx::NotPhone),
    ("folio", Ctx::NotPhone),
    // Money
    ("usdt", Ctx::Money),
    ("usd", Ctx::Money),
    ("usdc", Ctx::Money),
    ("trx", Ctx::Money),
    ("eth", Ctx::Money),
    ("btc", Ctx::Money),
    ("bnb", Ctx::Money),
    ("us$", Ctx::Money),
    ("$", Ctx::Money),
    ("€", Ctx::Money),
    ("£", Ctx::Money),
    ("¥", Ctx::Money),
    ("₫", Ctx::Money),
    ("฿", Ctx::Money),
    ("₱", Ctx::Money),
    ("₹", Ctx::Money),
    ("៛", Ctx::Money),
    ("元", Ctx::Money),
    ("块", Ctx::Money),
    ("万", Ctx::Money),
    ("萬", Ctx::Money),
    ("rmb", Ctx::Money),
    ("cny", Ctx::Money),
    ("yuan", Ctx::Money),
    ("บาท", Ctx::Money),
    ("baht", Ctx::Money),
    ("thb", Ctx::Money),
    ("vnd", Ctx::Money),
    ("vnđ", Ctx::Money),
    ("đồng", Ctx::Money),
    ("dong", Ctx::Money),
    ("triệu", Ctx::Money),
    ("rp", Ctx::Money),
    ("idr", Ctx::Money),
    ("rupiah", Ctx::Money),
    ("juta", Ctx::Money),
    ("rm", Ctx::Money),
    ("myr", Ctx::Money),
    ("ringgit", Ctx::Money),
    ("php", Ctx::Money),
    ("peso", Ctx::Money),
    ("pesos", Ctx::Money),
    ("khr", Ctx::Money),
    ("riel", Ctx::Money),
    ("riels", Ctx::Money),
    ("kyat", Ctx::Money),
    ("mmk", Ctx::Money),
    ("eur", Ctx::Money),
    ("euro", Ctx::Money),
    ("euros", Ctx::Money),
    ("gbp", Ctx::Money),
    ("dollars", Ctx::Money),
    ("dollar", Ctx::Money),
    ("amount", Ctx::Money),
    ("total", Ctx::Money),
    ("price", Ctx::Money),
    ("balance", Ctx::Money),
    ("paid", Ctx::Money),
    ("transferred", Ctx::Money),
    ("金额", Ctx::Money),
    ("金額", Ctx::Money),
    ("余额", Ctx::Money),
    ("จำนวนเงิน", Ctx::Money),
    ("số tiền", Ctx::Money),
    ("jumlah", Ctx::Money),
    ("monto", Ctx::Money),
    // Versions
    ("version", Ctx::Version),
    ("ver", Ctx::Version),
    ("ver.", Ctx::Version),
    ("build", Ctx::Version),
    ("release", Ctx::Version),
    ("firmware", Ctx::Version),
    ("windows", Ctx::Version),
    ("android", Ctx::Version),
    ("ios", Ctx::Version),
    ("chrome", Ctx::Version),
    ("firefox", Ctx::Version),
    ("update", Ctx::Version),
    ("版本", Ctx::Version),
    ("เวอร์ชัน", Ctx::Version),
    ("phiên bản", Ctx::Version),
    ("versi", Ctx::Version),
    ("versión", Ctx::Version),
    // Web
    ("website", Ctx::Web),
    ("web site", Ctx::Web),
    ("site", Ctx::Web),
    ("domain", Ctx::Web),
    ("url", Ctx::Web),
    ("link", Ctx::Web),
    ("visit", Ctx::Web),
    ("visited", Ctx::Web),
    ("browse", Ctx::Web),
    ("platform", Ctx::Web),
    ("网站", Ctx::Web),
    ("網站", Ctx::Web),
    ("网址", Ctx::Web),
    ("網址", Ctx::Web),
    ("域名", Ctx::Web),
    ("链接", Ctx::Web),
    ("連結", Ctx::Web),
    ("เว็บ", Ctx::Web),
    ("เว็บไซต์", Ctx::Web),
    ("ลิงก์", Ctx::Web),
    ("trang web", Ctx::Web),
    ("situs", Ctx::Web),
    ("laman", Ctx::Web),
    ("tautan", Ctx::Web),
    ("sitio", Ctx::Web),
    ("enlace", Ctx::Web),
    ("pautan", Ctx::Web),
    ("គេហទំព័រ", Ctx::Web),
    // Apps
    ("app", Ctx::App),
    ("apk", Ctx::App),
    ("application", Ctx::App),
    ("package", Ctx::App),
    ("bundle id", Ctx::App),
    ("install", Ctx::App),
    ("download", Ctx::App),
    ("应用", Ctx::App),
    ("下载", Ctx::App),
    ("แอป", Ctx::App),
    ("แอพ", Ctx::App),
    ("aplikasi", Ctx::App),
    ("ứng dụng", Ctx::App),
    // Transactions
    ("txid", Ctx::Tx),
    ("tx", Ctx::Tx),
    ("txn", Ctx::Tx),
    ("tx hash", Ctx::Tx),
    ("txhash", Ctx::Tx),
    ("transaction", Ctx::Tx),
    ("transaction id", Ctx::Tx),
    ("transaction hash", Ctx::Tx),
    ("交易", Ctx::Tx),
    ("交易哈希", Ctx::Tx),
    ("哈希", Ctx::Tx),
    ("ธุรกรรม", Ctx::Tx),
    ("giao dịch", Ctx::Tx),
    ("transaksi", Ctx::Tx),
    ("transacción", Ctx::Tx),
    // Solana
    ("sol", Ctx::Solana),
    ("solana", Ctx::Solana),
    ("phantom", Ctx::Solana),
    // Dates
    ("date", Ctx::Date),
    ("dated", Ctx::Date),
    ("jan", Ctx::Date),
    ("feb", Ctx::Date),
    ("mar", Ctx::Date),
    ("apr", Ctx::Date),
    ("jun", Ctx::Date),
    ("jul", Ctx::Date),
    ("aug", Ctx::Date),
    ("sep", Ctx::Date),
    ("sept", Ctx::Date),
    ("oct", Ctx::Date),
    ("nov", Ctx::Date),
    ("dec", Ctx::Date),
    ("日期", Ctx::Date),
    ("วันที่", Ctx::Date),
    ("ngày", Ctx::Date),
    ("tanggal", Ctx::Date),
    ("fecha", Ctx::Date),
    ("petsa", Ctx::Date),
    // Social networks
    ("instagram", Ctx::Social),
    ("ig", Ctx::Social),
    ("insta", Ctx::Social),
    ("twitter", Ctx::Social),
    ("tiktok", Ctx::Social),
    ("facebook", Ctx::Social),
    ("fb", Ctx::Social),
    ("youtube", Ctx::Social),
    ("threads", Ctx::Social),
    ("snapchat", Ctx::Social),
    ("discord", Ctx::Social),
    ("github", Ctx::Social),
];

/// One context word in the scanned (folded) text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub ctx: Ctx,
}

/// The context words of one scan, sorted by position.
#[derive(Debug, Default)]
pub(crate) struct Hits {
    pub v: Vec<Hit>,
}

impl Hits {
    /// The nearest hit ending at most `window` bytes before `pos` (and not after it) whose class
    /// satisfies `pred`; hits of other classes in between do not hide it.
    pub fn before(&self, pos: usize, window: usize, pred: impl Fn(Ctx) -> bool) -> Option<Hit> {
        self.before_from(self.ending_by(pos), pos, window, pred)
    }

    /// How many hits end at or before `pos`: the `i` for [`Hits::before_from`], so that
    /// several look-ups before one position search the hits once.
    pub fn ending_by(&self, pos: usize) -> usize {
        self.v.partition_point(|h| h.end <= pos)
    }

    /// [`Hits::before`] with `i == self.ending_by(pos)` already known.
    pub fn before_from(
        &self,
        i: usize,
        pos: usize,
        window: usize,
        pred: impl Fn(Ctx) -> bool,
    ) -> Option<Hit> {
        self.v[..i]
            .iter()
            .rev()
            .take_while(|h| h.end + window >= pos)
            .find(|h| pred(h.ctx))
            .copied()
    }

    /// The nearest hit starting at most `window` bytes after `pos` whose class satisfies `pred`.
    pub fn after(&self, pos: usize, window: usize, pred: impl Fn(Ctx) -> bool) -> Option<Hit> {
        self.after_from(self.starting_before(pos), pos, window, pred)
    }

    /// How many hits start before `pos`: the `i` for [`Hits::after_from`].
    pub fn starting_before(&self, pos: usize) -> usize {
        self.v.partition_point(|h| h.start < pos)
    }

    /// [`Hits::after`] with `i == self.starting_before(pos)` already known.
    pub fn after_from(
        &self,
        i: usize,
        pos: usize,
        window: usize,
        pred: impl Fn(Ctx) -> bool,
    ) -> Option<Hit> {
        self.v[i.min(self.v.len())..]
            .iter()
            .take_while(|h| h.start <= pos + window)
            .find(|h| pred(h.ctx))
            .copied()
    }
}

/// The compiled context-word automaton.
///
/// The words are compiled once by `aho-corasick` into a leftmost-longest DFA, whose states
/// are then copied into a compact table of our own ([`WordTable`]): the scan walks it with one
/// table load a byte and decides whole-word matches inline, where the library's iterator
/// costs a call and a match object for every keyword inside a longer word (`wa` in `was`,
/// `id` in `said`). The walk reproduces the library's non-overlapping leftmost-longest
/// search exactly (a test compares them).
pub(crate) struct ContextFinder {
    table: WordTable,
    classes: Vec<Ctx>,
    ascii: Vec<bool>,
}

/// A leftmost-longest DFA as a flat transition table. States are numbered so that every
/// state that holds a match, and the dead state, come after all others: one comparison per
/// byte tells whether anything needs doing.
struct WordTable {
    /// Byte to equivalence class (bytes that no state tells apart share a class).
    class: [u8; 256],
    /// Transitions, `stride` a state; entries are premultiplied state offsets. Its length is
    /// a power of two, `mask + 1`, so that masking an index proves it in bounds.
    trans: Vec<u32>,
    mask: usize,
    stride: usize,
    start: u32,
    /// Offset of the first match state (every state from here on is a match or dead).
    first_special: u32,
    dead: u32,
    /// For match state `first_special + k * stride`: (pattern, pattern length) at `k`.
    matches: Vec<(u32, u32)>,
    /// Bytes in no pattern (in either case): after one, the walk is always back at its start
    /// with nothing pending, so the text on either side of it can be walked separately.
    reset: [bool; 256],
}

impl WordTable {
    fn new(patterns: &[&str]) -> Result<WordTable, aho_corasick::BuildError> {
        use aho_corasick::Anchored;
        use aho_corasick::automaton::Automaton;
        use aho_corasick::dfa;

        let aut = dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(patterns)?;
        let start = aut
            .start_state(Anchored::No)
            .unwrap_or_else(|_| unreachable!("an unanchored DFA has an unanchored start"));
        // Every state reachable from the start, in discovery order. The library's state ids
        // are offsets into its own table, so a vector indexed by them stays small.
        let mut index: Vec<u32> = Vec::new();
        let mut order = vec![start];
        let mut next: Vec<[u32; 256]> = Vec::new();
        let mut k = 0;
        while k < order.len() {
            let sid = order[k];
            let mut row = [0u32; 256];
            for (byte, slot) in (0..=255u8).zip(row.iter_mut()) {
                let to = aut.next_state(Anchored::No, sid, byte);
                let t = to.as_usize();
                if t >= index.len() {
                    index.resize(t + 1, u32::MAX);
                }
                if index[t] == u32::MAX && to != start {
                    index[t] = u32::try_from(order.len()).unwrap_or(u32::MAX);
                    order.push(to);
                }
                *slot = if to == start { 0 } else { index[t] };
            }
            next.push(row);
            k += 1;
        }
        // Byte classes: bytes whose columns agree in every state share one.
        let column_hash = |byte: usize| {
            next.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, row| {
                (h ^ u64::from(row[byte])).wrapping_mul(0x0000_0100_0000_01b3)
            })
        };
        let mut class = [0u8; 256];
        let mut reps: Vec<(u64, usize)> = Vec::new();
        for byte in 0..256usize {
            let h = column_hash(byte);
            let same = reps
                .iter()
                .position(|&(rh, rb)| rh == h && next.iter().all(|row| row[rb] == row[byte]));
            let c = same.unwrap_or_else(|| {
                reps.push((h, byte));
                reps.len() - 1
            });
            class[byte] = u8::try_from(c).unwrap_or(u8::MAX);
        }
        let stride = reps.len();
        // Renumber: ordinary states first, then match states, then the dead state.
        let special = |sid| aut.is_match(sid) || aut.is_dead(sid);
        let mut rank: Vec<usize> = (0..order.len()).collect();
        rank.sort_by_key(|&i| (special(order[i]), aut.is_dead(order[i])));
        let mut new_id = vec![0usize; order.len()];
        for (pos, &i) in rank.iter().enumerate() {
            new_id[i] = pos;
        }
        let off = |i: usize| u32::try_from(new_id[i] * stride).unwrap_or(u32::MAX);
        let mut trans = vec![0u32; (order.len() * stride).next_power_of_two()];
        for (i, row) in next.iter().enumerate() {
            for (c, &(_, byte)) in reps.iter().enumerate() {
                trans[new_id[i] * stride + c] = off(row[byte] as usize);
            }
        }
        let ordinary = order.iter().filter(|&&s| !special(s)).count();
        let mut matches = Vec::new();
        let mut dead = u32::MAX;
        for &i in &rank[ordinary..] {
            let sid = order[i];
            if aut.is_dead(sid) {
                dead = off(i);
                matches.push((0, 0));
            } else {
                let pid = aut.match_pattern(sid, 0);
                let len = aut.pattern_len(pid);
                matches.push((pid.as_u32(), u32::try_from(len).unwrap_or(u32::MAX)));
            }
        }
        let mut reset = [true; 256];
        for p in patterns {
            for &c in p.as_bytes() {
                reset[c.to_ascii_lowercase() as usize] = false;
                reset[c.to_ascii_uppercase() as usize] = false;
            }
        }
        Ok(WordTable {
            class,
            mask: trans.len() - 1,
            trans,
            stride,
            start: off(0),
            first_special: u32::try_from(ordinary * stride).unwrap_or(u32::MAX),
            dead,
            matches,
            reset,
        })
    }

    /// The state after `sid` reads `c`.
    #[inline(always)]
    fn next(&self, trans: &[u32], sid: usize, c: u8) -> usize {
        trans[(sid + self.class[c as usize] as usize) & self.mask] as usize
    }

    /// The table with its length visible to the compiler (see [`WordTable::mask`]).
    #[inline(always)]
    fn table(&self) -> &[u32] {
        &self.trans[..=self.mask]
    }

    /// The next leftmost-longest match at or after `at`: (start, end, pattern).
    #[cfg(test)]
    fn find_at(&self, b: &[u8], at: usize) -> Option<(usize, usize, usize)> {
        let trans = self.table();
        let first_special = self.first_special as usize;
        let mut sid = self.start as usize;
        // Until the first match: ordinary states only (the dead state follows a match).
        let mut end = at;
        for &c in b.get(at..)? {
            sid = self.next(trans, sid, c);
            end += 1;
            if sid >= first_special {
                break;
            }
        }
        if sid < first_special || sid == self.dead as usize {
            return None;
        }
        // A match: go on while a longer one may follow.
        let mut last = sid;
        let mut i = end;
        for &c in &b[end..] {
            sid = self.next(trans, sid, c);
            i += 1;
            if sid >= first_special {
                if sid == self.dead as usize {
                    break;
                }
                last = sid;
                end = i;
            }
        }
        let (pid, len) = self.matches[(last - first_special) / self.stride];
        Some((end - len as usize, end, pid as usize))
    }

    /// From match state `sid` entered at `i` (one past the byte that entered it), goes on
    /// while a longer match may follow (up to `lim`): the match (start, end, pattern).
    fn longest(&self, b: &[u8], mut i: usize, lim: usize, sid: usize) -> (usize, usize, usize) {
        let trans = self.table();
        let first_special = self.first_special as usize;
        let (mut last, mut end) = (sid, i);
        let mut sid = sid;
        while i < lim {
            sid = self.next(trans, sid, b[i]);
            i += 1;
            if sid >= first_special {
                if sid == self.dead as usize {
                    break;
                }
                last = sid;
                end = i;
            }
        }
        let (pid, len) = self.matches[(last - first_special) / self.stride];
        (end - len as usize, end, pid as usize)
    }

    /// Every match in `b[i..lim]`, walking on from state `sid` at `i`, in order, to `sink`:
    /// the same matches as repeated [`WordTable::find_at`] calls.
    fn walk(
        &self,
        b: &[u8],
        mut i: usize,
        lim: usize,
        mut sid: usize,
        sink: &mut impl FnMut(usize, usize, usize),
    ) {
        let trans = self.table();
        let first_special = self.first_special as usize;
        while i < lim {
            sid = self.next(trans, sid, b[i]);
            i += 1;
            if sid >= first_special {
                if sid == self.dead as usize {
                    return;
                }
                let (s, e, pid) = self.longest(b, i, lim, sid);
                sink(s, e, pid);
                i = e;
                sid = self.start as usize;
            }
        }
    }

    /// Every match in `b`, in order: the text is cut in two at a byte of no pattern near its
    /// middle and both halves are walked in one loop, so that the two chains of dependent
    /// table loads overlap. Matches of the first half go to `first`, of the second to `second`.
    fn find_all(
        &self,
        b: &[u8],
        first: &mut impl FnMut(usize, usize, usize),
        second: &mut impl FnMut(usize, usize, usize),
    ) {
        let start = self.start as usize;
        let n = b.len();
        let cut = if n >= 1024 {
            b[n / 2..]
                .iter()
                .position(|&c| self.reset[c as usize])
                .map(|k| n / 2 + k)
        } else {
            None
        };
        let Some(cut) = cut else {
            self.walk(b, 0, n, start, first);
            return;
        };
        let first_special = self.first_special as usize;
        let dead = self.dead as usize;
        let trans = self.table();
        let (ha, hb) = b.split_at(cut);
        let (mut ia, mut sa, mut ib, mut sb) = (0, start, cut, start);
        loop {
            let mut k = 0;
            for (&ca, &cb) in ha[ia..].iter().zip(&hb[ib - cut..]) {
                sa = self.next(trans, sa, ca);
                sb = self.next(trans, sb, cb);
                k += 1;
                if sa.max(sb) >= first_special {
                    break;
                }
            }
            ia += k;
            ib += k;
            if sa >= first_special {
                if sa == dead {
                    ia = cut;
                } else {
                    let (s, e, pid) = self.longest(b, ia, cut, sa);
                    first(s, e, pid);
                    ia = e;
                }
                sa = start;
            }
            if sb >= first_special {
                if sb == dead {
                    ib = n;
                } else {
                    let (s, e, pid) = self.longest(b, ib, n, sb);
                    second(s, e, pid);
                    ib = e;
                }
                sb = start;
            }
            if ia >= cut || ib >= n {
                break;
            }
        }
        self.walk(b, ia, cut, sa, first);
        self.walk(b, ib, n, sb, second);
    }
}

impl ContextFinder {
    pub fn new() -> Result<ContextFinder, aho_corasick::BuildError> {
        let words: Vec<&str> = KEYWORDS.iter().map(|(k, _)| *k).collect();
        Ok(ContextFinder {
            table: WordTable::new(&words)?,
            classes: KEYWORDS.iter().map(|(_, c)| *c).collect(),
            ascii: KEYWORDS
                .iter()
                .map(|(k, _)| k.as_bytes()[0].is_ascii_alphanumeric())
                .collect(),
        })
    }

    /// Finds the context words of `text`. ASCII words count only when not part of a longer
    /// word (`line` in `online` is no LINE context).
    pub fn find(&self, text: &str) -> Hits {
        let b = text.as_bytes();
        // About one context word in 64 bytes of prose: start near that, grow rarely.
        let mut v = Vec::with_capacity(text.len() / 64);
        let mut later = Vec::with_capacity(text.len() / 128);
        self.table.find_all(
            b,
            &mut |s, e, i| self.keep(b, s, e, i, &mut v),
            &mut |s, e, i| self.keep(b, s, e, i, &mut later),
        );
        v.append(&mut later);
        Hits { v }
    }

    /// Adds the match of keyword `i` at `s..e` to `out` unless it is an ASCII word inside a
    /// longer word.
    #[inline]
    fn keep(&self, b: &[u8], s: usize, e: usize, i: usize, out: &mut Vec<Hit>) {
        if self.ascii[i] {
            let word = |x: u8| x.is_ascii_alphanumeric();
            if (s > 0 && word(b[s - 1])) || b.get(e).is_some_and(|&x| word(x) && word(b[e - 1])) {
                return;
            }
        }
        out.push(Hit {
            start: s,
            end: e,
            ctx: self.classes[i],
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};

    /// The table walk finds exactly the matches of the library's own leftmost-longest search.
    #[test]
    fn table_walk_equals_library_search() {
        let words: Vec<&str> = KEYWORDS.iter().map(|(k, _)| *k).collect();
        let table = WordTable::new(&words).unwrap_or_else(|e| panic!("{e}"));
        let ac: AhoCorasick = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .unwrap_or_else(|e| panic!("{e}"));
        // Keywords, their prefixes and case variants glued by bits of separators and text.
        let mut pieces: Vec<String> = Vec::new();
        for w in &words {
            pieces.push((*w).to_owned());
            pieces.push(w.to_uppercase());
            let cut = (1..w.len())
                .find(|&k| w.is_char_boundary(k))
                .unwrap_or(w.len());
            pieces.push(w[..cut].to_owned());
            let n = w.chars().count();
            pieces.push(w.chars().skip(n / 2).collect());
            pieces.push(w.chars().rev().collect());
        }
        for p in [" ", "", "x", "1", ".", ":", "@", "é", "的", "ก", "\n", "on"] {
            pieces.push(p.to_owned());
        }
        let mut seed = 12_345u64;
        let mut all_text = String::new();
        for round in 0..400 {
            let mut text = String::new();
            for _ in 0..(round % 60 + 1) {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let p = &pieces[(seed >> 33) as usize % pieces.len()];
                // Prefixes may cut a character: keep the text valid.
                text.push_str(p);
            }
            let want: Vec<(usize, usize, usize)> = ac
                .find_iter(&text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            let mut got = Vec::new();
            let mut at = 0;
            while let Some(m) = table.find_at(text.as_bytes(), at) {
                got.push(m);
                at = m.1;
            }
            assert_eq!(got, want, "{text:?}");
            all_text.push_str(&text);
            all_text.push(['\n', ' ', '1', 'x'][round % 4]);
        }
        // The two-cursor walk of a long text finds the same.
        for len in [all_text.len(), all_text.len() / 3, 2000, 1500] {
            let cut = (0..=len.min(all_text.len()))
                .rev()
                .find(|&k| all_text.is_char_boundary(k))
                .unwrap_or(0);
            let text = &all_text[..cut];
            let want: Vec<(usize, usize, usize)> = ac
                .find_iter(text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            let (mut got, mut later) = (Vec::new(), Vec::new());
            table.find_all(
                text.as_bytes(),
                &mut |s, e, i| got.push((s, e, i)),
                &mut |s, e, i| later.push((s, e, i)),
            );
            assert!(cut < 1024 || !later.is_empty());
            got.append(&mut later);
            assert_eq!(got, want, "cut {cut}");
        }
    }
}
