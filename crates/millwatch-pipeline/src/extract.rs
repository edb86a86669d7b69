//! Selector extraction at ingest: every record's text, title and field values are scanned
//! on the worker thread that parsed it, and the selectors found travel to the writer with
//! the record as [`Mention`]s, each with the place it was found (text, title or field name,
//! and byte span inside it).

use millwatch_extract::{Extractor, Match, ScanContext};
use millwatch_model::{Mention, RecordDraft, field};

/// The name recorded as a mention's field when it was found in the record's title.
pub const TITLE_FIELD: &str = "title";

/// Fields never scanned: they hold identifiers and dates whose digits are not selectors.
const UNSCANNED: [&str; 2] = [field::ID, field::DATE];

/// The selectors in a record: its text, its title, and each field value (scanned with the
/// field's name as context, so that a bare value in a `telegram` or `phone` column reads as
/// one). A `country` field resolves national phone numbers.
pub fn mentions(ex: &Extractor, draft: &RecordDraft) -> Vec<Mention> {
    let region = draft
        .fields
        .iter()
        .find(|f| f.name == field::COUNTRY && !f.value.trim().is_empty())
        .map(|f| f.value.trim());
    let mut out = Vec::new();
    let text_ctx = ScanContext {
        region,
        field: None,
    };
    ex.scan(&draft.text, &text_ctx, &mut |m| out.push(mention(m, None)));
    if let Some(title) = &draft.title {
        let ctx = ScanContext {
            region,
            field: Some(TITLE_FIELD),
        };
        ex.scan(title, &ctx, &mut |m| {
            out.push(mention(m, Some(TITLE_FIELD)))
        });
    }
    for f in &draft.fields {
        if UNSCANNED.contains(&f.name.as_str()) || f.value.is_empty() {
            continue;
        }
        let ctx = ScanContext {
            region,
            field: Some(&f.name),
        };
        let first = out.len();
        ex.scan(&f.value, &ctx, &mut |m| out.push(mention(m, Some(&f.name))));
        // Most values hold no selector: the name is only read for those that do.
        if out.len() > first && is_victim_field(&f.name) {
            for found in &mut out[first..] {
                found.victim = true;
            }
        }
    }
    out
}

/// Words of field names (split at `_`) that say the value is the reporter's, victim's or
/// family's own: an intake sheet's `reporter_email`, a missing-person sheet's
/// `family_contact`, an ad's `applicant_phone`.
const VICTIM_WORDS: &[&str] = &[
    "reporter",
    "complainant",
    "informant",
    "victim",
    "victims",
    "applicant",
    "family",
    "relative",
    "relatives",
    "kin",
    "guardian",
    "parent",
    "parents",
    "mother",
    "father",
    "spouse",
    "wife",
    "husband",
    "sister",
    "brother",
    "son",
    "daughter",
    "own",
    "my",
    "self",
    // Indonesian/Malay, Tagalog, Spanish/Portuguese, French.
    "pelapor",
    "korban",
    "keluarga",
    "biktima",
    "pamilya",
    "nagreklamo",
    "denunciante",
    "víctima",
    "victima",
    "vítima",
    "vitima",
    "familia",
    "família",
    "familiar",
    "victime",
    "plaignant",
    "famille",
];

/// The same in scripts whose field names are not split into words: matched anywhere in
/// the name.
const VICTIM_PARTS: &[&str] = &[
    // Chinese, Japanese, Korean.
    "报案人",
    "報案人",
    "报警人",
    "報警人",
    "举报人",
    "舉報人",
    "受害人",
    "受害者",
    "家属",
    "家屬",
    "家人",
    "亲属",
    "親屬",
    "本人",
    "被害者",
    "通報者",
    "家族",
    "피해자",
    "신고자",
    "가족",
    // Thai, Khmer, Burmese, Vietnamese.
    "ผู้แจ้ง",
    "ผู้เสียหาย",
    "ญาติ",
    "ครอบครัว",
    "ជនរងគ្រោះ",
    "អ្នករាយការណ៍",
    "គ្រួសារ",
    "တိုင်ကြားသူ",
    "ခံရသူ",
    "မိသားစု",
    "nạn_nhân",
    "người_báo",
    "gia_đình",
    "người_thân",
    // Russian.
    "потерпевш",
    "заявител",
    "родствен",
    "семь",
];

/// Whether a (normalised) field name says its value is the reporter's, victim's or
/// family's own contact rather than the operation's.
pub fn is_victim_field(name: &str) -> bool {
    let lower = name.to_lowercase();
    if lower == "reported_by" || lower.starts_with("reported_by_") {
        return true;
    }
    lower.split('_').any(|w| VICTIM_WORDS.contains(&w))
        || VICTIM_PARTS.iter().any(|p| lower.contains(p))
}

fn mention(m: Match, field: Option<&str>) -> Mention {
    Mention {
        kind: m.kind.as_str().to_owned(),
        value: m.value,
        raw: m.raw,
        field: field.map(str::to_owned),
        start: m.start as u64,
        end: m.end as u64,
        rule: m.rule.to_owned(),
        victim: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use millwatch_extract::Config;
    use millwatch_model::{Field, Place, RecordKind};

    fn extractor() -> Extractor {
        Extractor::new(&Config::default()).unwrap()
    }

    #[test]
    fn scans_text_title_and_fields_with_their_places() {
        let mut d = RecordDraft::new(RecordKind::VictimReport, Place::default());
        d.text = "He asked me to pay via wa.me/85512345678 on the site".into();
        d.title = Some("Warning: bitgetpro-global.icu".into());
        d.fields.push(Field::new("country", "Cambodia"));
        d.fields.push(Field::new("telegram", "anna_trader88"));
        d.fields.push(Field::new("phone", "012 345 678"));
        d.fields.push(Field::new("id", "85512345678"));
        let ms = mentions(&extractor(), &d);
        let find = |kind: &str, field: Option<&str>| {
            ms.iter()
                .find(|m| m.kind == kind && m.field.as_deref() == field)
                .unwrap_or_else(|| panic!("no {kind} in {field:?}: {ms:#?}"))
        };
        let wa = find("whatsapp", None);
        assert_eq!(wa.value, "+85512345678");
        assert_eq!(&d.text[wa.start as usize..wa.end as usize], wa.raw);
        assert_eq!(find("domain", Some("title")).value, "bitgetpro-global.icu");
        assert_eq!(find("telegram", Some("telegram")).value, "anna_trader88");
        // National number resolved with the record's country.
        assert_eq!(find("phone", Some("phone")).value, "+85512345678");
        assert!(!find("phone", Some("phone")).victim);
        // The id column is not scanned.
        assert!(ms.iter().all(|m| m.field.as_deref() != Some("id")));
    }

    #[test]
    fn victims_own_contacts_are_marked_by_their_field() {
        for name in [
            "reporter_email",
            "reporter_contact",
            "family_contact",
            "victim_phone",
            "applicant_whatsapp",
            "reported_by",
            "报案人电话",
            "ผู้แจ้ง_เบอร์โทร",
            "telepon_pelapor",
            "số_điện_thoại_người_báo",
        ] {
            assert!(is_victim_field(name), "{name}");
        }
        for name in [
            "phone",
            "contact",
            "last_contact",
            "scammer_phone",
            "wallet",
            "reported",
            "telegram",
            "website",
            "employer",
            "sender",
            "parentheses",
            "brothers_keeper_inc",
        ] {
            assert!(!is_victim_field(name), "{name}");
        }
        let mut d = RecordDraft::new(RecordKind::MissingPerson, Place::default());
        d.fields.push(Field::new("last_contact", "+65-8134-1087"));
        d.fields
            .push(Field::new("family_contact", "+66-89-642-5551"));
        let ms = mentions(&extractor(), &d);
        let victim: Vec<_> = ms.iter().map(|m| (m.value.as_str(), m.victim)).collect();
        assert!(victim.contains(&("+6581341087", false)), "{victim:?}");
        assert!(victim.contains(&("+66896425551", true)), "{victim:?}");
    }
}
