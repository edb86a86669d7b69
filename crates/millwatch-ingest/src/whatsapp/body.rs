//! What follows a WhatsApp timestamp: a person's message or a system line, and what a
//! message's text says about media.
//!
//! The hard case is iOS, which writes system lines (the encryption notice, calls, group
//! changes) under the chat's or a contact's name, exactly like messages, but starts their
//! text with an invisible left-to-right mark. iOS also starts a person's media notes with
//! that mark (`‎image omitted`, `‎<attached: …>`), so a marked text is a system line unless
//! it is one of the media, deletion, location or poll notes listed here. The lists cover
//! English, Spanish, Portuguese, French, German, Dutch, Turkish, Russian, Indonesian/Malay,
//! Italian and some Asian wordings; an unknown note in another language is taken as a
//! system line (a miss we can see in the count) rather than a person's message.

use super::header::is_mark;

/// What a line's body is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Body {
    /// A message a person sent.
    Message { sender: String, text: String },
    /// A system line; for the encryption notice, the name it was written under (the
    /// chat, on iOS).
    System { notice_sender: Option<String> },
}

/// Substrings of the end-to-end encryption notice, lower-cased.
const E2E_PHRASES: [&str; 20] = [
    "end-to-end encrypted",
    "end-to-end encryption",
    "terenkripsi secara end-to-end",
    "cifrados de extremo a extremo",
    "cifrado de extremo a extremo",
    "criptografia de ponta a ponta",
    "protegidas com a criptografia",
    "chiffrés de bout en bout",
    "chiffrement de bout en bout",
    "ende-zu-ende-verschlüsselt",
    "crittografia end-to-end",
    "disulitkan hujung ke hujung",
    "เข้ารหัสตั้งแต่ต้นทางถึงปลายทาง",
    "端到端加密",
    "端對端加密",
    "mã hóa đầu cuối",
    "エンドツーエンド暗号化",
    "종단간 암호화",
    "сквозным шифрованием",
    "uçtan uca şifreli",
];

/// How the notice starts, for when it comes without its mark.
const E2E_OPENINGS: [&str; 16] = [
    "messages and calls are",
    "messages to this",
    "messages you send to this",
    "los mensajes y las llamadas",
    "los mensajes en este",
    "pesan dan panggilan",
    "as mensagens e as chamadas",
    "les messages et les appels",
    "nachrichten und anrufe",
    "i messaggi e le chiamate",
    "mesej dan panggilan",
    "ข้อความและการโทร",
    "消息和通话",
    "訊息和通話",
    "tin nhắn và cuộc gọi",
    "сообщения и звонки",
];

fn is_e2e_notice(text: &str, marked: bool, first: bool) -> bool {
    let lower = text.to_lowercase();
    if !E2E_PHRASES.iter().any(|p| lower.contains(p)) {
        return false;
    }
    marked
        || E2E_OPENINGS.iter().any(|o| lower.starts_with(o))
        || (first && lower.contains("whatsapp"))
}

/// Ends of media notes, lower-cased: `image omitted`, `<Media omitted>`, ….
const OMITTED: [&str; 21] = [
    "omitted",
    "omitted>",
    "omitida",
    "omitido",
    "omis",
    "omise",
    "omis>",
    "weggelassen",
    "ausgeschlossen>",
    "tidak disertakan",
    "disembunyikan",
    "ocultada",
    "ocultado",
    "absente",
    "omesso",
    "omessa",
    // Portuguese (`vídeo oculto`), Dutch (`afbeelding weggelaten`), Turkish (`görüntü
    // dahil edilmedi`), Russian (`изображение отсутствует`).
    "oculto",
    "oculta",
    "weggelaten",
    "dahil edilmedi",
    "отсутствует",
];

/// Deletion notes, lower-cased.
const DELETED: [&str; 16] = [
    "this message was deleted",
    "you deleted this message",
    "se eliminó este mensaje",
    "eliminaste este mensaje",
    "este mensaje fue eliminado",
    "mensagem apagada",
    "essa mensagem foi apagada",
    "você apagou esta mensagem",
    "ce message a été supprimé",
    "vous avez supprimé ce message",
    "diese nachricht wurde gelöscht",
    "du hast diese nachricht gelöscht",
    "pesan ini telah dihapus",
    "anda menghapus pesan ini",
    "此消息已删除",
    "你删除了此消息",
];

/// Location and poll prefixes, lower-cased.
const SHARED: [&str; 12] = [
    "location:",
    "live location",
    "ubicación:",
    "ubicación en tiempo real",
    "localização:",
    "localisation :",
    "standort:",
    "lokasi:",
    "poll:",
    "encuesta:",
    "enquete:",
    "umfrage:",
];

/// Android's mark after an attached file's name, lower-cased.
const FILE_ATTACHED: [&str; 7] = [
    " (file attached)",
    " (archivo adjunto)",
    " (arquivo anexado)",
    " (fichier joint)",
    " (datei angehängt)",
    " (file terlampir)",
    " (file allegato)",
];

/// Notes that mark an edited message, at the end of its text.
const EDITED: [&str; 6] = [
    "<this message was edited>",
    "<se editó este mensaje.>",
    "<se editó este mensaje>",
    "<mensagem editada>",
    "<pesan ini telah diedit>",
    "<ce message a été modifié>",
];

/// How system texts that older iOS versions wrote under a name, without a mark, start
/// (lower-cased, English).
const UNMARKED_SYSTEM: [&str; 9] = [
    "your security code with",
    "missed voice call",
    "missed video call",
    "missed group voice call",
    "missed group video call",
    "this chat is with a business account",
    "you blocked this contact",
    "you unblocked this contact",
    "disappearing messages were turned",
];

/// Whether a marked (iOS) text is still something a person sent.
fn is_person_note(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let lower = lower.trim_end_matches(['.', '。']);
    // `<attached: …>`, alone or after a document's name and page count.
    (lower.ends_with('>') && lower.contains('<'))
        || FILE_ATTACHED.iter().any(|f| lower.contains(f))
        || OMITTED.iter().any(|o| lower.ends_with(o))
        || DELETED.iter().any(|d| lower.starts_with(d))
        || SHARED.iter().any(|s| lower.starts_with(s))
        || lower.starts_with("waiting for this message")
        || lower.starts_with("esperando el mensaje")
        || EDITED.iter().any(|e| lower.ends_with(e))
}

/// Removes the invisible marks from a text.
pub(crate) fn strip_marks(s: &str) -> String {
    s.chars().filter(|&c| !is_mark(c)).collect()
}

/// Classifies a body. `ios` says the line had the iOS layout, `first` that no earlier line
/// had a body.
pub(crate) fn classify(body: &str, ios: bool, first: bool) -> Body {
    let Some(colon) = body
        .find(": ")
        .or_else(|| body.strip_suffix(':').map(|b| b.len()))
    else {
        // Android system lines have no `Name: ` part. So does the notice.
        return Body::System {
            notice_sender: None,
        };
    };
    let sender = strip_marks(&body[..colon]);
    // iOS writes a participant who is not a saved contact as `~ Name` (a narrow no-break
    // space after the tilde); the tilde is not part of the name.
    let sender = sender.trim();
    let sender = match sender.strip_prefix('~') {
        Some(rest) if rest.starts_with(char::is_whitespace) => rest.trim_start(),
        _ => sender,
    }
    .to_owned();
    let raw = body.get(colon + 2..).unwrap_or("");
    // A name with quotes is a system line whose text has a colon: `Alice changed the
    // subject from "Trip: day 1" to "Trip"`.
    if sender.is_empty()
        || sender.chars().count() > 80
        || sender.contains(['"', '“', '”', '„', '«', '»', '‹', '›', '「', '『'])
    {
        return Body::System {
            notice_sender: None,
        };
    }
    let marked = raw.starts_with(is_mark);
    let text = strip_marks(raw);
    if is_e2e_notice(&text, marked, first) {
        return Body::System {
            notice_sender: Some(sender),
        };
    }
    let unmarked_system = || {
        let lower = text.trim_start().to_lowercase();
        UNMARKED_SYSTEM.iter().any(|p| lower.starts_with(p))
    };
    if ios && ((marked && !is_person_note(&text)) || unmarked_system()) {
        return Body::System {
            notice_sender: None,
        };
    }
    Body::Message { sender, text }
}

/// A message's text with media noted.
pub(crate) struct MediaText {
    pub text: String,
    /// An attached file's name.
    pub file: Option<String>,
    pub edited: bool,
}

/// Rewrites media placeholders into notes (`[media omitted]`, `[photo: …]`,
/// `[message deleted]`) and drops the edited marker.
pub(crate) fn media_text(text: &str) -> MediaText {
    let mut edited = false;
    let mut body = text.trim_end().to_owned();
    let lower = body.to_lowercase();
    for e in EDITED {
        if lower.len() == body.len() && lower.ends_with(e) {
            // Same lengths, so the marker's bytes are at the same place in both strings.
            let cut = body.len() - e.len();
            if body.is_char_boundary(cut) {
                body.truncate(cut);
                body = body.trim_end().to_owned();
                edited = true;
            }
            break;
        }
    }
    let (first, rest) = match body.split_once('\n') {
        Some((f, r)) => (f.trim().to_owned(), Some(r.to_owned())),
        None => (body.trim().to_owned(), None),
    };
    let lower = first.to_lowercase();
    let with_rest = |note: String| match &rest {
        Some(r) if !r.trim().is_empty() => format!("{note}\n{r}"),
        _ => note,
    };
    // `<attached: 00000012-PHOTO-2023-01-01-12-00-00.jpg>` and its translations, alone or
    // after a document's name: `report • 2 pages <attached: 00000001-report.pdf>`.
    if first.ends_with('>')
        && let Some(open) = first.rfind('<')
        && let Some((_, name)) = first[open + 1..first.len() - 1].split_once(':')
        && !lower.contains("omit")
    {
        let name = name.trim().to_owned();
        if !name.is_empty() && name.contains('.') {
            let kind = attachment_kind(&name);
            let before = first[..open].trim();
            let mut note = format!("[{kind}: {name}]");
            if !before.is_empty() {
                note = format!("{note} {before}");
            }
            return MediaText {
                text: with_rest(note),
                file: Some(name),
                edited,
            };
        }
    }
    // `2015-08-04-PHOTO-00004762.jpg <attached>` (early iOS).
    if let Some(name) = lower
        .strip_suffix("<attached>")
        .filter(|_| lower.len() == first.len())
        .map(|n| first[..n.len()].trim())
        .filter(|n| !n.is_empty() && n.contains('.') && !n.contains(char::is_whitespace))
    {
        let name = name.to_owned();
        return MediaText {
            text: with_rest(format!("[{}: {name}]", attachment_kind(&name))),
            file: Some(name),
            edited,
        };
    }
    // `IMG-20230101-WA0001.jpg (file attached)` (Android, with media).
    // Lower-casing can change byte lengths outside ASCII; search the original then.
    let hay = if lower.len() == first.len() {
        &lower
    } else {
        &first
    };
    if let Some(i) = FILE_ATTACHED
        .iter()
        .find_map(|f| hay.find(f))
        .or_else(|| android_media_name(&first))
        && first.is_char_boundary(i)
    {
        let name = first[..i].trim().to_owned();
        return MediaText {
            text: with_rest(format!("[file: {name}]")),
            file: Some(name),
            edited,
        };
    }
    if rest.is_none() {
        let l = lower.trim_end_matches(['.', '。']);
        if DELETED.iter().any(|d| l.starts_with(d)) {
            return MediaText {
                text: "[message deleted]".into(),
                file: None,
                edited,
            };
        }
        if first.starts_with('<') && first.ends_with('>') {
            let inner = first[1..first.len() - 1].trim();
            let note = if OMITTED
                .iter()
                .any(|o| inner.to_lowercase().ends_with(o.trim_end_matches('>')))
            {
                "media omitted".to_owned()
            } else {
                inner.to_owned()
            };
            return MediaText {
                text: format!("[{note}]"),
                file: None,
                edited,
            };
        }
        if OMITTED.iter().any(|o| l.ends_with(o)) && first.chars().count() < 120 {
            return MediaText {
                text: format!("[{first}]"),
                file: None,
                edited,
            };
        }
    }
    if body.is_empty() && edited {
        body = "[edited message]".into();
    }
    MediaText {
        text: body,
        file: None,
        edited,
    }
}

/// Where the note starts in `IMG-20240103-WA0002.jpg (…)`: a file named the way Android
/// WhatsApp names media, then a note in brackets in whatever language the phone uses.
fn android_media_name(first: &str) -> Option<usize> {
    let (name, note) = first.split_once(" (")?;
    let upper = name.to_ascii_uppercase();
    let named = ["IMG-", "VID-", "AUD-", "PTT-", "STK-", "DOC-"]
        .iter()
        .any(|p| upper.starts_with(p))
        && upper.contains("-WA")
        && upper.contains('.');
    (named && !name.contains(char::is_whitespace) && note.ends_with(')') && note.len() < 60)
        .then_some(name.len())
}

/// `photo`, `video`, … from an iOS attachment name (`00000012-PHOTO-2023-…jpg`) or its
/// extension.
fn attachment_kind(name: &str) -> &'static str {
    let upper = name.to_uppercase();
    for (tag, kind) in [
        ("-PHOTO-", "photo"),
        ("-VIDEO-", "video"),
        ("-AUDIO-", "audio"),
        ("-STICKER-", "sticker"),
        ("-GIF-", "gif"),
        ("-CONTACT-", "contact"),
    ] {
        if upper.contains(tag) {
            return kind;
        }
    }
    let ext = upper.rsplit('.').next().unwrap_or("");
    match ext {
        "JPG" | "JPEG" | "PNG" | "HEIC" => "photo",
        "MP4" | "MOV" | "3GP" => "video",
        "OPUS" | "OGG" | "M4A" | "MP3" | "AAC" => "audio",
        "WEBP" => "sticker",
        "VCF" => "contact",
        _ => "file",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn system(body: &str, ios: bool) -> bool {
        matches!(classify(body, ios, false), Body::System { .. })
    }

    #[test]
    fn system_lines() {
        assert!(system("Alice joined using this group's invite link", false));
        assert!(system(
            "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
            false
        ));
        assert!(system(
            "Family: \u{200e}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
            true
        ));
        assert!(system(
            "Ana: \u{200e}Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.",
            true
        ));
        assert!(system(
            "Budi: Pesan dan panggilan terenkripsi secara end-to-end. Tidak seorang pun di luar chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya.",
            false
        ));
        assert!(system("Family: \u{200e}Alice created group “Family”", true));
        assert!(system("Bob: \u{200e}Missed voice call", true));
        assert!(system(
            "Bob: Your security code with Bob changed. Tap to learn more.",
            true
        ));
        assert!(system(
            "Alice changed the subject from \"Trip: day 1\" to \"Trip\"",
            false
        ));
        assert!(system(
            "Anna hat den Betreff von „Reise: Tag 1“ zu „Reise“ geändert",
            false
        ));
        assert_eq!(
            classify("Fam: \u{200e}消息和通话均已进行端到端加密。", true, false),
            Body::System {
                notice_sender: Some("Fam".into())
            }
        );
    }

    #[test]
    fn ordinary_messages_are_kept() {
        for (body, ios) in [
            ("Bob: is this chat end-to-end encrypted?", false),
            ("Bob: Messages are end-to-end encrypted, they said", true),
            ("Bob: \u{200e}image omitted", true),
            (
                "Bob: \u{200e}<attached: 00000012-PHOTO-2023-01-01-12-00-00.jpg>",
                true,
            ),
            ("Bob: \u{200e}This message was deleted.", true),
            (
                "Bob: \u{200e}Location: https://maps.google.com/?q=11.55,104.91",
                true,
            ),
            (
                "Bob: \u{200e}report • 2 pages <attached: 00000001-report.pdf>",
                true,
            ),
            ("Bob: \u{200e}report • 1 page document omitted", true),
            ("Bob: \u{200e}afbeelding weggelaten", true),
            ("Bob: \u{200e}görüntü dahil edilmedi", true),
            ("Bob: \u{200e}изображение отсутствует", true),
            ("Bob: \u{200e}vídeo oculto", true),
            ("Bob: <Media omitted>", false),
            ("Bob:", false),
            ("+855 12 345 678: call me", false),
        ] {
            assert!(!system(body, ios), "{body}");
        }
    }

    #[test]
    fn media_notes() {
        let t = |s: &str| media_text(s).text;
        assert_eq!(t("<Media omitted>"), "[media omitted]");
        assert_eq!(t("<Médias omis>"), "[media omitted]");
        assert_eq!(t("image omitted"), "[image omitted]");
        assert_eq!(
            t("<attached: 00000012-PHOTO-2023-01-01-12-00-00.jpg>"),
            "[photo: 00000012-PHOTO-2023-01-01-12-00-00.jpg]"
        );
        assert_eq!(
            t("IMG-20230101-WA0001.jpg (file attached)\nmy passport"),
            "[file: IMG-20230101-WA0001.jpg]\nmy passport"
        );
        assert_eq!(t("This message was deleted"), "[message deleted]");
        assert_eq!(
            t("report • 2 pages <attached: 00000001-report.pdf>"),
            "[file: 00000001-report.pdf] report • 2 pages"
        );
        assert_eq!(
            t("AUD-20190101-WA0000. (file attached)"),
            "[file: AUD-20190101-WA0000.]"
        );
        assert_eq!(t("Ana.vcf (archivo adjunto)"), "[file: Ana.vcf]");
        assert_eq!(
            t("PTT-20240103-WA0004.opus (a note in any language)"),
            "[file: PTT-20240103-WA0004.opus]"
        );
        assert_eq!(t("IMG-1.jpg (not ours)"), "IMG-1.jpg (not ours)");
        assert_eq!(
            t("2015-08-04-PHOTO-00000012.jpg <attached>"),
            "[photo: 2015-08-04-PHOTO-00000012.jpg]"
        );
        assert_eq!(t("< attached: 00000001-a.pdf >"), "[file: 00000001-a.pdf]");
        assert_eq!(
            t("report • 1 page document omitted"),
            "[report • 1 page document omitted]"
        );
        let m = media_text("see you at 5 <This message was edited>");
        assert_eq!((m.text.as_str(), m.edited), ("see you at 5", true));
        assert_eq!(
            t(
                "I omitted nothing, this is a long sentence that ends with omitted but is long enough"
            ),
            "I omitted nothing, this is a long sentence that ends with omitted but is long enough"
        );
    }
}
