//! Countries: a record's country field, as analysts and victims write it, to the ISO 3166
//! region that resolves national phone numbers.
//!
//! Intake sheets hold `KH`, `Cambodia`, `柬埔寨`, `กัมพูชา` or `Campuchia` for the same
//! country; all of them must resolve, and unknown names must resolve to nothing (then national
//! numbers are left out rather than guessed).

use rlibphonenumber::Region;

/// Country names (lower-case) in the languages of the project, by ISO code.
const NAMES: &[(&str, &[&str])] = &[
    (
        "KH",
        &[
            "cambodia",
            "kampuchea",
            "柬埔寨",
            "กัมพูชา",
            "កម្ពុជា",
            "campuchia",
            "kamboja",
            "kemboja",
            "camboya",
            "kambodya",
            "ကမ္ဘောဒီးယား",
        ],
    ),
    (
        "TH",
        &[
            "thailand",
            "泰国",
            "泰國",
            "ไทย",
            "ประเทศไทย",
            "thái lan",
            "thai lan",
            "tailandia",
            "thailandia",
            "ထိုင်း",
            "ថៃ",
        ],
    ),
    (
        "VN",
        &[
            "vietnam",
            "viet nam",
            "việt nam",
            "越南",
            "เวียดนาม",
            "vietnã",
            "វៀតណាម",
            "ဗီယက်နမ်",
        ],
    ),
    (
        "MM",
        &[
            "myanmar",
            "burma",
            "缅甸",
            "緬甸",
            "พม่า",
            "เมียนมา",
            "မြန်မာ",
            "miến điện",
            "mianma",
            "birmania",
            "មីយ៉ាន់ម៉ា",
        ],
    ),
    (
        "LA",
        &[
            "laos",
            "lao pdr",
            "lao",
            "老挝",
            "寮國",
            "ลาว",
            "lào",
            "ឡាវ",
            "လာအို",
        ],
    ),
    (
        "MY",
        &[
            "malaysia",
            "马来西亚",
            "馬來西亞",
            "มาเลเซีย",
            "mã lai",
            "malasia",
            "ម៉ាឡេស៊ី",
            "မလေးရှား",
        ],
    ),
    (
        "ID",
        &[
            "indonesia",
            "印尼",
            "印度尼西亚",
            "印度尼西亞",
            "อินโดนีเซีย",
            "ឥណ្ឌូណេស៊ី",
        ],
    ),
    (
        "PH",
        &[
            "philippines",
            "the philippines",
            "pilipinas",
            "filipinas",
            "菲律宾",
            "菲律賓",
            "ฟิลิปปินส์",
            "philippin",
            "filipina",
        ],
    ),
    (
        "CN",
        &[
            "china",
            "prc",
            "中国",
            "中國",
            "จีน",
            "trung quốc",
            "tiongkok",
            "cina",
            "ចិន",
            "တရုတ်",
        ],
    ),
    ("HK", &["hong kong", "hongkong", "香港"]),
    ("MO", &["macau", "macao", "澳门", "澳門"]),
    ("TW", &["taiwan", "台湾", "台灣", "臺灣", "ไต้หวัน"]),
    ("SG", &["singapore", "新加坡", "สิงคโปร์", "singapura"]),
    ("JP", &["japan", "日本", "ญี่ปุ่น", "nhật bản"]),
    (
        "KR",
        &[
            "south korea",
            "korea",
            "韩国",
            "韓國",
            "เกาหลีใต้",
            "hàn quốc",
        ],
    ),
    ("IN", &["india", "印度", "อินเดีย", "ấn độ"]),
    ("BD", &["bangladesh"]),
    ("LK", &["sri lanka"]),
    ("NP", &["nepal"]),
    ("PK", &["pakistan"]),
    (
        "US",
        &[
            "united states",
            "usa",
            "united states of america",
            "america",
            "美国",
            "美國",
            "อเมริกา",
            "mỹ",
            "estados unidos",
        ],
    ),
    ("CA", &["canada"]),
    (
        "GB",
        &[
            "united kingdom",
            "uk",
            "great britain",
            "britain",
            "england",
            "英国",
            "英國",
        ],
    ),
    ("AU", &["australia", "澳大利亚", "澳洲"]),
    ("NZ", &["new zealand"]),
    ("AE", &["united arab emirates", "uae", "dubai", "阿联酋"]),
    ("TR", &["turkey", "türkiye", "turkiye"]),
    ("RU", &["russia", "russian federation", "俄罗斯"]),
    ("UA", &["ukraine"]),
    ("GE", &["georgia"]),
    ("KE", &["kenya"]),
    ("UG", &["uganda"]),
    ("NG", &["nigeria"]),
    ("GH", &["ghana"]),
    ("ET", &["ethiopia"]),
    ("TZ", &["tanzania"]),
    ("ZA", &["south africa"]),
    ("EG", &["egypt"]),
    ("MX", &["mexico", "méxico"]),
    ("CO", &["colombia"]),
    ("BR", &["brazil", "brasil"]),
    ("AR", &["argentina"]),
    ("PE", &["peru", "perú"]),
    ("CL", &["chile"]),
    ("ES", &["spain", "españa"]),
    ("FR", &["france"]),
    ("DE", &["germany", "deutschland"]),
    ("IT", &["italy", "italia"]),
    ("NL", &["netherlands", "holland"]),
    ("TL", &["timor-leste", "east timor"]),
    ("BN", &["brunei"]),
    ("MN", &["mongolia"]),
    ("KZ", &["kazakhstan"]),
    ("UZ", &["uzbekistan"]),
    ("KG", &["kyrgyzstan"]),
];

/// Resolves an ISO 3166 alpha-2 code (any case) or a known country name.
pub(crate) fn resolve(s: &str) -> Option<Region> {
    let t = s.trim();
    if t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
        let code = t.to_ascii_uppercase();
        let code = if code == "UK" { "GB".to_owned() } else { code };
        return Region::from_code(&code).ok();
    }
    let lower = t.to_lowercase();
    let lower = lower.trim_end_matches('.');
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&lower))
        .and_then(|(code, _)| Region::from_code(code).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_codes_and_names() {
        assert_eq!(resolve("kh"), Region::from_code("KH").ok());
        assert_eq!(resolve("Cambodia"), Region::from_code("KH").ok());
        assert_eq!(resolve("柬埔寨"), Region::from_code("KH").ok());
        assert_eq!(resolve("ประเทศไทย"), Region::from_code("TH").ok());
        assert_eq!(resolve("UK"), Region::from_code("GB").ok());
        assert_eq!(resolve("Atlantis"), None);
    }
}
