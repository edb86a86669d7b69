//! Annotations: what analysts add to a case (tags, notes, statuses such as "reported to
//! partner"), each with its author and time.
//!
//! A target is named by kind and key — a record id, a selector as `kind:value`, an
//! operation label — so annotations survive a relinking run that replaces operations.

use rusqlite::params;
use serde::Serialize;

use crate::{Case, Result, StoreError, now_iso};

/// Longest annotation body accepted, in bytes.
pub const MAX_BODY: usize = 4000;
/// Longest author name accepted, in bytes.
pub const MAX_AUTHOR: usize = 200;

/// What an annotation is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    /// A record, keyed by its id.
    Record,
    /// A selector, keyed `kind:value`.
    Selector,
    /// An operation, keyed by its label.
    Operation,
}

impl TargetKind {
    /// The stable name stored in the case.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Record => "record",
            TargetKind::Selector => "selector",
            TargetKind::Operation => "operation",
        }
    }

    /// Parses a stable name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "record" => Some(TargetKind::Record),
            "selector" => Some(TargetKind::Selector),
            "operation" => Some(TargetKind::Operation),
            _ => None,
        }
    }
}

/// What kind of annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnnotationKind {
    /// A short label.
    Tag,
    /// Free text.
    Note,
    /// A workflow state, such as "reported to partner".
    Status,
}

impl AnnotationKind {
    /// The stable name stored in the case.
    pub fn as_str(self) -> &'static str {
        match self {
            AnnotationKind::Tag => "tag",
            AnnotationKind::Note => "note",
            AnnotationKind::Status => "status",
        }
    }

    /// Parses a stable name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "tag" => Some(AnnotationKind::Tag),
            "note" => Some(AnnotationKind::Note),
            "status" => Some(AnnotationKind::Status),
            _ => None,
        }
    }
}

/// An annotation to add.
#[derive(Debug, Clone)]
pub struct NewAnnotation<'a> {
    /// What it is attached to.
    pub target_kind: TargetKind,
    /// The target's key.
    pub target: &'a str,
    /// Tag, note or status.
    pub kind: AnnotationKind,
    /// The text.
    pub body: &'a str,
    /// Who wrote it.
    pub author: &'a str,
}

/// A stored annotation.
#[derive(Debug, Clone, Serialize)]
pub struct Annotation {
    /// Its id.
    pub id: i64,
    /// What it is attached to.
    pub target_kind: TargetKind,
    /// The target's key.
    pub target: String,
    /// Tag, note or status.
    pub kind: AnnotationKind,
    /// The text.
    pub body: String,
    /// Who wrote it.
    pub author: String,
    /// When (UTC, ISO 8601).
    pub created_at: String,
}

impl Case {
    /// Stores an annotation and returns it as stored. Empty or oversized bodies and
    /// authors are refused with [`StoreError::InvalidAnnotation`] naming the field.
    pub fn add_annotation(&mut self, new: &NewAnnotation<'_>) -> Result<Annotation> {
        let body = new.body.trim();
        let author = new.author.trim();
        let check = |field: &'static str, v: &str, max: usize| {
            if v.is_empty() {
                Err(StoreError::InvalidAnnotation {
                    field,
                    why: "empty",
                })
            } else if v.len() > max {
                Err(StoreError::InvalidAnnotation {
                    field,
                    why: "too long",
                })
            } else {
                Ok(())
            }
        };
        check("body", body, MAX_BODY)?;
        check("author", author, MAX_AUTHOR)?;
        check("target", new.target, MAX_BODY)?;
        self.flush()?;
        let created_at = now_iso();
        self.conn().execute(
            "INSERT INTO annotations (target_kind, target, what, body, author, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                new.target_kind.as_str(),
                new.target,
                new.kind.as_str(),
                body,
                author,
                created_at
            ],
        )?;
        Ok(Annotation {
            id: self.conn().last_insert_rowid(),
            target_kind: new.target_kind,
            target: new.target.to_owned(),
            kind: new.kind,
            body: body.to_owned(),
            author: author.to_owned(),
            created_at,
        })
    }

    /// The annotations on one target, oldest first.
    pub fn annotations(&self, target_kind: TargetKind, target: &str) -> Result<Vec<Annotation>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, what, body, author, created_at FROM annotations
             WHERE target_kind = ?1 AND target = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![target_kind.as_str(), target], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, what, body, author, created_at) = row?;
            let kind = AnnotationKind::parse(&what).ok_or(StoreError::InvalidAnnotation {
                field: "what",
                why: "unknown kind in the case",
            })?;
            out.push(Annotation {
                id,
                target_kind,
                target: target.to_owned(),
                kind,
                body,
                author,
                created_at,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_round_trip_with_author_and_time() {
        let mut case = Case::open_in_memory().unwrap();
        let a = case
            .add_annotation(&NewAnnotation {
                target_kind: TargetKind::Selector,
                target: "phone:+85512345678",
                kind: AnnotationKind::Status,
                body: " reported to partner ",
                author: "ana",
            })
            .unwrap();
        assert_eq!(a.body, "reported to partner");
        assert!(!a.created_at.is_empty());
        let got = case
            .annotations(TargetKind::Selector, "phone:+85512345678")
            .unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].author, "ana");
        assert_eq!(got[0].kind, AnnotationKind::Status);
        assert!(
            case.annotations(TargetKind::Record, "1")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn empty_or_huge_annotations_are_refused_by_field() {
        let mut case = Case::open_in_memory().unwrap();
        let big = "x".repeat(MAX_BODY + 1);
        for (body, author, field) in [
            ("", "a", "body"),
            ("ok", " ", "author"),
            (&big[..], "a", "body"),
        ] {
            let err = case
                .add_annotation(&NewAnnotation {
                    target_kind: TargetKind::Record,
                    target: "1",
                    kind: AnnotationKind::Note,
                    body,
                    author,
                })
                .unwrap_err();
            assert!(err.to_string().contains(field), "{err}");
        }
    }
}
