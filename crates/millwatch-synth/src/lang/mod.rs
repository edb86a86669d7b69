//! Languages and the text templates written for each of them.
//!
//! Narratives are assembled from sentences rather than filled into whole-text templates:
//! an opening, one or two story sentences, one sentence per planted selector and a closing,
//! each chosen from a per-language pool. That gives many distinct texts from a few hundred
//! hand-written sentences, and it lets the generator plant exactly the selectors the ground
//! truth names: a selector appears in a text only through a `{sel}` slot.
//!
//! Slots: `{persona}` `{platform}` `{amount}` `{date}` `{compound}` `{city}` `{country}`
//! `{days}` `{salary}` `{job}` `{relative}` `{name}` `{age}` `{sel}` `{fee}` `{item}`
//! `{exchange}` `{percent}` `{victim}`.

use serde::Serialize;

mod en;
mod es;
mod id;
mod km;
mod my;
mod th;
mod tl;
mod vi;
mod zh;
mod zh_hant;

/// A language of generated text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Lang {
    /// English.
    #[serde(rename = "en")]
    En,
    /// Chinese, simplified script.
    #[serde(rename = "zh")]
    Zh,
    /// Chinese, traditional script (Taiwan, Hong Kong).
    #[serde(rename = "zh-Hant")]
    ZhHant,
    /// Thai.
    #[serde(rename = "th")]
    Th,
    /// Indonesian.
    #[serde(rename = "id")]
    Id,
    /// Vietnamese.
    #[serde(rename = "vi")]
    Vi,
    /// Khmer.
    #[serde(rename = "km")]
    Km,
    /// Burmese.
    #[serde(rename = "my")]
    My,
    /// Tagalog.
    #[serde(rename = "tl")]
    Tl,
    /// Spanish.
    #[serde(rename = "es")]
    Es,
}

impl Lang {
    /// Every language, in a stable order.
    pub const ALL: [Lang; 10] = [
        Lang::En,
        Lang::Zh,
        Lang::ZhHant,
        Lang::Th,
        Lang::Id,
        Lang::Vi,
        Lang::Km,
        Lang::My,
        Lang::Tl,
        Lang::Es,
    ];

    /// BCP 47 tag.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::ZhHant => "zh-Hant",
            Lang::Th => "th",
            Lang::Id => "id",
            Lang::Vi => "vi",
            Lang::Km => "km",
            Lang::My => "my",
            Lang::Tl => "tl",
            Lang::Es => "es",
        }
    }

    /// Index into per-language tables.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn pack(self) -> &'static Pack {
        match self {
            Lang::En => &en::PACK,
            Lang::Zh => &zh::PACK,
            Lang::ZhHant => &zh_hant::PACK,
            Lang::Th => &th::PACK,
            Lang::Id => &id::PACK,
            Lang::Vi => &vi::PACK,
            Lang::Km => &km::PACK,
            Lang::My => &my::PACK,
            Lang::Tl => &tl::PACK,
            Lang::Es => &es::PACK,
        }
    }
}

/// A list of template strings.
pub(crate) type L = &'static [&'static str];

/// Everything written in one language.
pub(crate) struct Pack {
    /// Between two sentences (`" "`, or `""` for scripts without spaces).
    pub sep: &'static str,
    /// Thousands separator in amounts.
    pub thousands: char,
    /// Victim report sentences.
    pub report: Report,
    /// Sentences that carry one selector each.
    pub sel: Sel,
    /// Recruitment ads.
    pub ad: Ad,
    /// Family SOS and missing-person reports.
    pub sos: Sos,
    /// Chat lines, for languages that have chats.
    pub chat: Option<&'static Chat>,
    /// E-mail texts, for languages that have mail.
    pub mail: Option<&'static Mail>,
    /// Scam web page texts, for languages that have pages.
    pub web: Option<&'static Web>,
    /// Small word lists.
    pub words: Words,
}

/// Victim report sentences. Arrays are indexed by [`crate::world::OpType`].
pub(crate) struct Report {
    /// How it started.
    pub open: [L; 5],
    /// What happened.
    pub story: [L; 5],
    /// How it ended, what the victim asks.
    pub close: L,
    /// Whole short texts of reports that belong to no operation.
    pub noise: L,
    /// The sentence introducing a second scam (bridge reports).
    pub bridge: L,
    /// The sentence introducing a laundering wallet.
    pub laundering: L,
}

/// Sentences with one `{sel}` slot, by selector kind.
pub(crate) struct Sel {
    pub phone: L,
    pub whatsapp: L,
    pub telegram: L,
    pub line: L,
    pub wechat: L,
    pub domain: L,
    pub email: L,
    pub wallet: L,
    pub iban: L,
    pub bank: L,
    pub app: L,
    pub url: L,
    /// An exchange's hot wallet the victim bought USDT from (`{exchange}` names it).
    pub exchange: L,
    /// A police or NGO hotline.
    pub hotline: L,
    /// A warning channel or group.
    pub channel: L,
    /// The writer's own contact.
    pub own: L,
}

/// Recruitment ad pieces.
pub(crate) struct Ad {
    pub title: L,
    pub intro: L,
    pub perks: L,
    pub reqs: L,
    pub contact: L,
}

/// Family SOS and missing-person pieces.
pub(crate) struct Sos {
    pub title: L,
    pub body: L,
    pub last: L,
    pub plea: L,
}

/// Chat lines by stage.
pub(crate) struct Chat {
    pub greet: L,
    pub small: L,
    pub pitch: L,
    pub link: L,
    pub deposit: L,
    pub profit: L,
    pub blocked: L,
    pub fee: L,
    pub affection: L,
    pub recovery: L,
    pub job: L,
    pub shop: L,
    pub pay: L,
    pub victim: L,
    pub doubt: L,
    pub group: L,
    pub friend: L,
}

/// E-mail pieces. Subjects and bodies by purpose.
pub(crate) struct Mail {
    pub notice_subj: L,
    pub notice: L,
    pub recovery_subj: L,
    pub recovery: L,
    pub offer_subj: L,
    pub offer: L,
    pub complaint_subj: L,
    pub complaint: L,
    pub newsletter_subj: L,
    pub newsletter: L,
    pub hello: L,
    pub bye: L,
}

/// Scam web page pieces.
pub(crate) struct Web {
    pub tagline: L,
    pub features: L,
    pub download: L,
    pub contact: L,
    pub deposit: L,
    pub footer: L,
    pub warning_title: L,
    pub warning: L,
}

/// Words that fill slots.
pub(crate) struct Words {
    pub relatives: L,
    pub jobs: L,
    pub items: L,
    /// Country names of compound countries, in the order of [`crate::world::COUNTRIES`].
    pub countries: [&'static str; 5],
}
