//! Persona and person names in several scripts and romanisations.
//!
//! Scam personas are written differently from one report to the next: a Chinese persona is
//! 陈静 in a Chinese report, "Chen Jing", "Jing Chen" or "CHEN Jing" in English ones, "Chan
//! Ching" when a Hong Kong victim writes it, and often only the English alias "Jenny Chen".
//! Thai names have official (RTGS) and informal romanisations and a nickname. Each
//! [`Persona`] keeps every form with its script, so the ground truth can say which strings
//! are the same person and linking can be scored on cross-script matches.

use serde::Serialize;

use crate::lang::Lang;
use crate::rng::Rng;

/// One written form of a name.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct NameForm {
    /// ISO 15924 script code (`Hans`, `Hant`, `Latn`, `Thai`, `Khmr`, `Mymr`, `Cyrl`).
    pub script: &'static str,
    /// How the form was made: `native`, `pinyin`, `pinyin_tones`, `cantonese`, `alias`,
    /// `rtgs`, `informal`, `nickname`, `reversed`, `upper_surname`, `ascii`.
    pub system: &'static str,
    /// The name as written.
    pub text: String,
}

/// A persona (or a real person, for trafficked workers) with all its written forms.
#[derive(Clone, Debug, Serialize)]
pub struct Persona {
    /// Stable id within the world (`op-0003/p1`, `op-0003/w2`).
    pub id: String,
    /// Every form; the first is the canonical one.
    pub forms: Vec<NameForm>,
    /// Latin given name used to derive handles.
    #[serde(skip)]
    pub(crate) first_latin: String,
    /// Latin family name used to derive handles.
    #[serde(skip)]
    pub(crate) last_latin: String,
}

/// Which naming tradition a persona follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    Chinese,
    Thai,
    Western,
    Indonesian,
    Vietnamese,
    Filipino,
    Khmer,
    Burmese,
    Russian,
}

/// (simplified, traditional, pinyin, pinyin with tones, Cantonese)
const ZH_SURNAMES: &[(&str, &str, &str, &str, &str)] = &[
    ("陈", "陳", "Chen", "Chén", "Chan"),
    ("王", "王", "Wang", "Wáng", "Wong"),
    ("李", "李", "Li", "Lǐ", "Lee"),
    ("张", "張", "Zhang", "Zhāng", "Cheung"),
    ("刘", "劉", "Liu", "Liú", "Lau"),
    ("杨", "楊", "Yang", "Yáng", "Yeung"),
    ("黄", "黃", "Huang", "Huáng", "Wong"),
    ("林", "林", "Lin", "Lín", "Lam"),
    ("周", "周", "Zhou", "Zhōu", "Chow"),
    ("吴", "吳", "Wu", "Wú", "Ng"),
    ("赵", "趙", "Zhao", "Zhào", "Chiu"),
    ("徐", "徐", "Xu", "Xú", "Tsui"),
    ("孙", "孫", "Sun", "Sūn", "Suen"),
    ("郭", "郭", "Guo", "Guō", "Kwok"),
    ("何", "何", "He", "Hé", "Ho"),
    ("高", "高", "Gao", "Gāo", "Ko"),
    ("罗", "羅", "Luo", "Luó", "Law"),
    ("郑", "鄭", "Zheng", "Zhèng", "Cheng"),
    ("梁", "梁", "Liang", "Liáng", "Leung"),
    ("谢", "謝", "Xie", "Xiè", "Tse"),
];

/// (simplified, traditional, pinyin, pinyin with tones, Cantonese, female)
const ZH_GIVEN: &[(&str, &str, &str, &str, &str, bool)] = &[
    ("静", "靜", "Jing", "Jìng", "Ching", true),
    ("丽", "麗", "Li", "Lì", "Lai", true),
    ("婷", "婷", "Ting", "Tíng", "Ting", true),
    ("雪", "雪", "Xue", "Xuě", "Suet", true),
    ("欣怡", "欣怡", "Xinyi", "Xīnyí", "Yan Yi", true),
    ("梓涵", "梓涵", "Zihan", "Zǐhán", "Tsz Ham", true),
    ("美玲", "美玲", "Meiling", "Měilíng", "Mei Ling", true),
    ("晓燕", "曉燕", "Xiaoyan", "Xiǎoyàn", "Hiu Yin", true),
    ("佳怡", "佳怡", "Jiayi", "Jiāyí", "Kai Yi", true),
    ("雨欣", "雨欣", "Yuxin", "Yǔxīn", "Yu Yan", true),
    ("思雨", "思雨", "Siyu", "Sīyǔ", "Sze Yu", true),
    ("慧敏", "慧敏", "Huimin", "Huìmǐn", "Wai Man", true),
    ("伟", "偉", "Wei", "Wěi", "Wai", false),
    ("浩然", "浩然", "Haoran", "Hàorán", "Ho Yin", false),
    ("子轩", "子軒", "Zixuan", "Zǐxuān", "Tsz Hin", false),
    ("俊杰", "俊傑", "Junjie", "Jùnjié", "Chun Kit", false),
    ("明", "明", "Ming", "Míng", "Ming", false),
    ("建华", "建華", "Jianhua", "Jiànhuá", "Kin Wah", false),
];

const EN_FEMALE: &[&str] = &[
    "Anna", "Jenny", "Lisa", "Amy", "Emily", "Grace", "Vivian", "Cindy", "Sophia", "Linda",
    "Kelly", "Coco", "Alice", "Iris", "Nancy", "Helen", "Cathy", "Mia", "Bella", "Elaine",
];
const EN_MALE: &[&str] = &[
    "David", "Kevin", "Jason", "Eric", "Michael", "Leo", "Henry", "Tony", "Frank", "Steven",
];

/// (Thai, RTGS, informal romanisation)
const TH_GIVEN: &[(&str, &str, &str)] = &[
    ("ณัฐชา", "Natcha", "Nutcha"),
    ("สุภาพร", "Suphaphon", "Supaporn"),
    ("พิมพ์ชนก", "Phimchanok", "Pimchanok"),
    ("กมลวรรณ", "Kamonwan", "Kamolwan"),
    ("ศิริพร", "Siriphon", "Siriporn"),
    ("อรอุมา", "On-uma", "Ornuma"),
    ("ปิยะนุช", "Piyanut", "Piyanuch"),
    ("วรรณา", "Wanna", "Wanna"),
    ("ธนพล", "Thanaphon", "Tanapol"),
    ("สมชาย", "Somchai", "Somchai"),
    ("ชลธิชา", "Chonthicha", "Cholticha"),
    ("จิราพร", "Chiraphon", "Jiraporn"),
];
/// (Thai, RTGS, informal romanisation)
const TH_FAMILY: &[(&str, &str, &str)] = &[
    ("วงศ์สวัสดิ์", "Wongsawat", "Wongsawad"),
    ("ศรีสุข", "Sisuk", "Srisuk"),
    ("แสงทอง", "Saengthong", "Sangtong"),
    ("บุญมา", "Bunma", "Boonma"),
    ("ทองดี", "Thongdi", "Tongdee"),
    ("จันทร์เพ็ญ", "Chanphen", "Janpen"),
    ("รัตนพันธ์", "Rattanaphan", "Ruttanapan"),
    ("สุขสวัสดิ์", "Suksawat", "Suksawad"),
    ("พรหมมา", "Phromma", "Promma"),
];
/// (Thai, Latin) nicknames.
const TH_NICK: &[(&str, &str)] = &[
    ("แนท", "Nat"),
    ("พิม", "Pim"),
    ("ฝน", "Fon"),
    ("พลอย", "Ploy"),
    ("เมย์", "May"),
    ("แพรว", "Praew"),
    ("มายด์", "Mind"),
    ("บีม", "Beam"),
];

const WESTERN: &[(&str, &str)] = &[
    ("Jessica", "Miller"),
    ("Sarah", "Johnson"),
    ("Emma", "Williams"),
    ("Olivia", "Brown"),
    ("Sophia", "Davis"),
    ("Daniel", "Wilson"),
    ("James", "Anderson"),
    ("Mark", "Thompson"),
    ("Isabella", "Garcia"),
    ("Maria", "Lopez"),
    ("Natalie", "Moore"),
    ("Ryan", "Clarke"),
    ("Laura", "Schneider"),
    ("Thomas", "Becker"),
];
const INDONESIAN: &[(&str, &str)] = &[
    ("Dewi", "Lestari"),
    ("Putri", "Wulandari"),
    ("Siti", "Rahmawati"),
    ("Rina", "Susanti"),
    ("Agus", "Setiawan"),
    ("Budi", "Santoso"),
    ("Eka", "Pratama"),
    ("Fitri", "Handayani"),
    ("Yusuf", "Hidayat"),
    ("Wahyu", "Nugroho"),
];
/// (with diacritics, ASCII) family, middle, given.
const VIETNAMESE: &[(&str, &str)] = &[
    ("Nguyễn Thị Lan", "Nguyen Thi Lan"),
    ("Trần Văn Hùng", "Tran Van Hung"),
    ("Lê Thị Hồng", "Le Thi Hong"),
    ("Phạm Minh Tuấn", "Pham Minh Tuan"),
    ("Hoàng Thị Mai", "Hoang Thi Mai"),
    ("Võ Văn Đức", "Vo Van Duc"),
    ("Đặng Thị Thu", "Dang Thi Thu"),
    ("Bùi Quang Huy", "Bui Quang Huy"),
];
const FILIPINO: &[(&str, &str)] = &[
    ("Angelica", "Reyes"),
    ("Kristine", "Santos"),
    ("Mark Anthony", "Dela Cruz"),
    ("Joy", "Bautista"),
    ("Jerome", "Villanueva"),
    ("Maricel", "Garcia"),
    ("Rowena", "Mendoza"),
];
/// (Khmer, Latin)
const KHMER: &[(&str, &str)] = &[
    ("សុខ ស្រីនាង", "Sok Sreyneang"),
    ("ចាន់ ដារ៉ា", "Chan Dara"),
    ("ហេង សុភា", "Heng Sophea"),
    ("គឹម សុខា", "Kim Sokha"),
    ("ពៅ ចន្ទ្រា", "Pov Chantrea"),
];
/// (Burmese, Latin)
const BURMESE: &[(&str, &str)] = &[
    ("အေးအေးမွန်", "Aye Aye Mon"),
    ("ကျော်ဇော", "Kyaw Zaw"),
    ("သီတာဝင်း", "Thida Win"),
    ("မောင်မောင်", "Maung Maung"),
    ("နန်းဆုမြတ်", "Nang Su Myat"),
];
/// (Cyrillic, Latin, German-style Latin)
const RUSSIAN: &[(&str, &str, &str)] = &[
    ("Анна Петрова", "Anna Petrova", "Anna Petrowa"),
    ("Елена Смирнова", "Elena Smirnova", "Jelena Smirnowa"),
    ("Ольга Кузнецова", "Olga Kuznetsova", "Olga Kusnezowa"),
    ("Дмитрий Волков", "Dmitry Volkov", "Dmitri Wolkow"),
];

/// Common aliases that unrelated operations share ("Anna Chen" is everywhere).
pub(crate) const COMMON_ALIASES: &[(&str, &str)] = &[
    ("Anna", "Chen"),
    ("Lisa", "Wang"),
    ("Jenny", "Li"),
    ("Amy", "Zhang"),
    ("Emily", "Lin"),
];

fn form(script: &'static str, system: &'static str, text: impl Into<String>) -> NameForm {
    NameForm {
        script,
        system,
        text: text.into(),
    }
}

/// A persona of a given origin. `common_alias` forces a widely shared English alias.
pub(crate) fn persona(rng: &mut Rng, id: String, origin: Origin, common_alias: bool) -> Persona {
    let mut forms = Vec::new();
    let (first_latin, last_latin);
    match origin {
        Origin::Chinese => {
            let s = rng.pick(ZH_SURNAMES);
            let g = rng.pick(ZH_GIVEN);
            let (alias_first, alias_last) = if common_alias {
                let c = rng.pick(COMMON_ALIASES);
                (c.0.to_owned(), c.1.to_owned())
            } else {
                let pool = if g.5 { EN_FEMALE } else { EN_MALE };
                ((rng.pick(pool)).to_owned(), s.2.to_owned())
            };
            forms.push(form("Hans", "native", format!("{}{}", s.0, g.0)));
            forms.push(form("Latn", "alias", format!("{alias_first} {alias_last}")));
            forms.push(form("Latn", "pinyin", format!("{} {}", s.2, g.2)));
            forms.push(form("Latn", "reversed", format!("{} {}", g.2, s.2)));
            forms.push(form(
                "Latn",
                "upper_surname",
                format!("{} {}", s.2.to_uppercase(), g.2),
            ));
            forms.push(form("Latn", "pinyin_tones", format!("{} {}", s.3, g.3)));
            forms.push(form("Hant", "native", format!("{}{}", s.1, g.1)));
            forms.push(form("Latn", "cantonese", format!("{} {}", s.4, g.4)));
            first_latin = alias_first;
            last_latin = alias_last;
        }
        Origin::Thai => {
            let g = rng.pick(TH_GIVEN);
            let f = rng.pick(TH_FAMILY);
            let n = rng.pick(TH_NICK);
            forms.push(form("Thai", "native", format!("{} {}", g.0, f.0)));
            forms.push(form("Latn", "rtgs", format!("{} {}", g.1, f.1)));
            forms.push(form("Latn", "informal", format!("{} {}", g.2, f.2)));
            forms.push(form("Thai", "nickname", format!("คุณ{}", n.0)));
            forms.push(form("Latn", "nickname", format!("Khun {}", n.1)));
            first_latin = g.2.to_owned();
            last_latin = f.2.to_owned();
        }
        Origin::Western | Origin::Indonesian | Origin::Filipino => {
            let pool = match origin {
                Origin::Western => WESTERN,
                Origin::Indonesian => INDONESIAN,
                _ => FILIPINO,
            };
            let (f, l) = if common_alias {
                rng.pick(COMMON_ALIASES)
            } else {
                rng.pick(pool)
            };
            forms.push(form("Latn", "native", format!("{f} {l}")));
            forms.push(form(
                "Latn",
                "upper_surname",
                format!("{f} {}", l.to_uppercase()),
            ));
            forms.push(form("Latn", "reversed", format!("{l}, {f}")));
            first_latin = f.to_owned();
            last_latin = l.to_owned();
        }
        Origin::Vietnamese => {
            let (v, a) = rng.pick(VIETNAMESE);
            forms.push(form("Latn", "native", v));
            forms.push(form("Latn", "ascii", a));
            let given = a.rsplit(' ').next().unwrap_or(a);
            let family = a.split(' ').next().unwrap_or(a);
            forms.push(form("Latn", "reversed", format!("{given} {family}")));
            first_latin = given.to_owned();
            last_latin = family.to_owned();
        }
        Origin::Khmer | Origin::Burmese => {
            let (n, l) = rng.pick(if origin == Origin::Khmer {
                KHMER
            } else {
                BURMESE
            });
            let script = if origin == Origin::Khmer {
                "Khmr"
            } else {
                "Mymr"
            };
            forms.push(form(script, "native", n));
            forms.push(form("Latn", "ascii", l));
            let mut parts = l.split(' ');
            first_latin = parts.next().unwrap_or(l).to_owned();
            last_latin = parts.next_back().unwrap_or(l).to_owned();
        }
        Origin::Russian => {
            let (c, l, g) = rng.pick(RUSSIAN);
            forms.push(form("Cyrl", "native", c));
            forms.push(form("Latn", "ascii", l));
            forms.push(form("Latn", "german", g));
            let mut parts = l.split(' ');
            first_latin = parts.next().unwrap_or(l).to_owned();
            last_latin = parts.next_back().unwrap_or(l).to_owned();
        }
    }
    Persona {
        id,
        forms,
        first_latin,
        last_latin,
    }
}

impl Persona {
    /// The name as a chat app shows it to a user of `lang`: one stable form.
    pub(crate) fn display(&self, lang: Lang) -> &str {
        let script = match lang {
            Lang::Zh => "Hans",
            Lang::ZhHant => "Hant",
            Lang::Th => "Thai",
            Lang::Km => "Khmr",
            Lang::My => "Mymr",
            _ => "Latn",
        };
        self.forms
            .iter()
            .find(|f| {
                f.script == script
                    && !matches!(
                        f.system,
                        "reversed" | "upper_surname" | "pinyin_tones" | "nickname"
                    )
            })
            .or_else(|| {
                self.forms.iter().find(|f| {
                    f.script == "Latn" && matches!(f.system, "native" | "alias" | "ascii" | "rtgs")
                })
            })
            .or(self.forms.first())
            .map_or("", |f| f.text.as_str())
    }

    /// The form a writer in `lang` would most likely use, varied by `rng`.
    pub(crate) fn written<'a>(&'a self, lang: Lang, rng: &mut Rng) -> &'a str {
        let want: &[&str] = match lang {
            Lang::Zh => &["Hans", "Hans", "Hans", "Latn"],
            Lang::ZhHant => &["Hant", "Hant", "Latn"],
            Lang::Th => &["Thai", "Thai", "Latn"],
            Lang::Km => &["Khmr", "Latn"],
            Lang::My => &["Mymr", "Latn"],
            _ => &["Latn"],
        };
        let script = rng.pick(want);
        let candidates: Vec<&NameForm> = self.forms.iter().filter(|f| f.script == script).collect();
        let chosen = if candidates.is_empty() {
            self.forms
                .iter()
                .find(|f| f.script == "Latn")
                .or(self.forms.first())
        } else {
            // The first Latin forms (alias, native) are the most common ones.
            let weights: Vec<u32> = (0..candidates.len())
                .map(|i| if i == 0 { 6 } else { 2 })
                .collect();
            candidates.get(rng.weighted(&weights)).copied()
        };
        chosen.map_or("", |f| f.text.as_str())
    }
}

/// A person's name as the victims or families of a language would have it: used for
/// victims, family members and workers.
pub(crate) fn origin_for(lang: Lang, rng: &mut Rng) -> Origin {
    match lang {
        Lang::Zh | Lang::ZhHant => Origin::Chinese,
        Lang::Th => Origin::Thai,
        Lang::Id => Origin::Indonesian,
        Lang::Vi => Origin::Vietnamese,
        Lang::Km => Origin::Khmer,
        Lang::My => Origin::Burmese,
        Lang::Tl => Origin::Filipino,
        Lang::En | Lang::Es => {
            if rng.chance(0.2) {
                Origin::Russian
            } else {
                Origin::Western
            }
        }
    }
}
