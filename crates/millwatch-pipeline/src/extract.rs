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
        ex.scan(&f.value, &ctx, &mut |m| out.push(mention(m, Some(&f.name))));
    }
    out
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
        // The id column is not scanned.
        assert!(ms.iter().all(|m| m.field.as_deref() != Some("id")));
    }
}
