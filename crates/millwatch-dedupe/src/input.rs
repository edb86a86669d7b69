//! Tables from CSV: columns with their field types (mapped automatically from common names
//! or by the caller), rows with their file and line, and rows that could not be read.
//!
//! Reading never fails on content: a row with the wrong number of cells or bytes that are
//! not UTF-8 is a [`BadRow`] with its line number, and reading goes on.

use std::io::Read;

use crate::Error;
use crate::field::FieldType;

/// A column and what it holds.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Column {
    /// The column's name as in the header.
    pub name: String,
    /// Its type.
    pub field: FieldType,
    /// Whether the type was guessed from the name (not given by the caller).
    pub automatic: bool,
}

/// One row of input.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index of the file it came from.
    pub source: u16,
    /// Its line in that file (1-based; the header is line 1).
    pub line: u64,
    /// Its id: the record-id column's value, else `FILE:LINE`.
    pub id: String,
    /// One raw value per column of the table (empty when the file lacks the column).
    pub values: Vec<String>,
}

/// A row that was skipped.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BadRow {
    /// The file's label.
    pub file: String,
    /// Its line (1-based).
    pub line: u64,
    /// Why it was skipped.
    pub reason: String,
}

/// Rows of one or more files over one set of columns.
#[derive(Debug, Default)]
pub struct Table {
    /// The columns, in the first file's order, then new ones of later files.
    pub columns: Vec<Column>,
    /// The rows read.
    pub rows: Vec<Row>,
    /// Rows that could not be read.
    pub bad_rows: Vec<BadRow>,
    /// The files' labels, by source index.
    pub files: Vec<String>,
    overrides: Vec<(String, FieldType)>,
}

impl Table {
    /// An empty table; `overrides` maps column names to types (`--map col=type`) and wins
    /// over the automatic mapping.
    pub fn new(overrides: &[(String, FieldType)]) -> Table {
        Table {
            overrides: overrides
                .iter()
                .map(|(c, t)| (millwatch_model::normalize_field_name(c), *t))
                .collect(),
            ..Table::default()
        }
    }

    fn column_index(&mut self, name: &str) -> usize {
        let norm = millwatch_model::normalize_field_name(name);
        if let Some(i) = self
            .columns
            .iter()
            .position(|c| millwatch_model::normalize_field_name(&c.name) == norm)
        {
            return i;
        }
        let (field, automatic) = match self.overrides.iter().find(|(c, _)| *c == norm) {
            Some((_, t)) => (*t, false),
            None => (FieldType::parse(&norm).unwrap_or(FieldType::Ignore), true),
        };
        self.columns.push(Column {
            name: name.trim().to_string(),
            field,
            automatic,
        });
        self.columns.len() - 1
    }

    /// Reads one CSV file (header first; tab-separated when `label` ends in `.tsv` or
    /// `.tab`). Errors only when the header cannot be read or there are too many files.
    pub fn add_csv<R: Read>(&mut self, label: &str, mut reader: R) -> Result<(), Error> {
        // The rows are held in memory anyway; having the bytes gives exact line numbers
        // whatever the line ends.
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|e| Error::Header {
            file: label.to_string(),
            reason: e.to_string(),
        })?;
        let mut counted_to = 0usize;
        let mut line: u64 = 1;
        let mut line_at = |byte: u64| {
            let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
            // After a CR LF the parser's position is on the LF that ends the previous row.
            if bytes.get(end) == Some(&b'\n') {
                end += 1;
            }
            if end > counted_to {
                line += bytes[counted_to..end]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u64;
                counted_to = end;
            }
            line
        };
        let source = u16::try_from(self.files.len()).map_err(|_| Error::TooManyFiles)?;
        let lower = label.to_ascii_lowercase();
        let delimiter = if lower.ends_with(".tsv") || lower.ends_with(".tab") {
            b'\t'
        } else {
            b','
        };
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(&bytes[..]);
        let mut records = rdr.byte_records();
        let header = match records.next() {
            Some(Ok(h)) => h,
            Some(Err(e)) => {
                return Err(Error::Header {
                    file: label.to_string(),
                    reason: e.to_string(),
                });
            }
            None => {
                return Err(Error::Header {
                    file: label.to_string(),
                    reason: "the file is empty".into(),
                });
            }
        };
        let mut map = Vec::with_capacity(header.len());
        for (i, cell) in header.iter().enumerate() {
            let mut name = String::from_utf8_lossy(cell).into_owned();
            if i == 0 {
                name = name.trim_start_matches('\u{feff}').to_string();
            }
            if name.trim().is_empty() {
                name = format!("column_{}", i + 1);
            }
            map.push(self.column_index(&name));
        }
        self.files.push(label.to_string());
        for rec in records {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| line_at(p.byte()));
                    self.bad_rows.push(BadRow {
                        file: label.to_string(),
                        line,
                        reason: e.to_string(),
                    });
                    continue;
                }
            };
            let line = rec.position().map_or(0, |p| line_at(p.byte()));
            if rec.len() == 1 && rec.get(0).is_some_and(|c| c.trim_ascii().is_empty()) {
                continue;
            }
            if rec.len() != map.len() {
                self.bad_rows.push(BadRow {
                    file: label.to_string(),
                    line,
                    reason: format!("{} cells, the header has {}", rec.len(), map.len()),
                });
                continue;
            }
            let mut values = vec![String::new(); self.columns.len()];
            let mut ok = true;
            for (cell, &col) in rec.iter().zip(&map) {
                match std::str::from_utf8(cell) {
                    Ok(s) => values[col] = s.to_string(),
                    Err(_) => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                self.bad_rows.push(BadRow {
                    file: label.to_string(),
                    line,
                    reason: "not UTF-8".into(),
                });
                continue;
            }
            let id = self
                .columns
                .iter()
                .zip(&values)
                .find(|(c, v)| c.field == FieldType::RecordId && !v.trim().is_empty())
                .map_or_else(|| format!("{label}:{line}"), |(_, v)| v.trim().to_string());
            self.rows.push(Row {
                source,
                line,
                id,
                values,
            });
        }
        // Rows of earlier files lack the columns this file added.
        let width = self.columns.len();
        for r in &mut self.rows {
            r.values.resize(width, String::new());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_reports_bad_ones() {
        let csv = "rec_id,given_name,surname,notes\n\
                   a1,John,Smith,x\n\
                   a2,Jane\n\
                   a3,Mary,Jones,\"y\"\n";
        let mut t = Table::new(&[("notes".into(), FieldType::FreeId)]);
        t.add_csv("people.csv", csv.as_bytes()).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].id, "a1");
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(t.bad_rows.len(), 1);
        assert_eq!(t.bad_rows[0].line, 3);
        assert_eq!(t.columns[1].field, FieldType::GivenName);
        assert_eq!(t.columns[3].field, FieldType::FreeId);
        assert!(!t.columns[3].automatic);
    }

    #[test]
    fn invalid_utf8_is_a_bad_row() {
        let mut bytes = b"name,phone\nok,1\n".to_vec();
        bytes.extend_from_slice(b"\xff\xfe,2\n");
        let mut t = Table::new(&[]);
        t.add_csv("x.csv", &bytes[..]).unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].id, "x.csv:2");
        assert_eq!(t.bad_rows[0].line, 3);
    }

    #[test]
    fn lines_are_right_with_crlf_and_quoted_newlines() {
        let csv = "name,phone\r\na,1\r\n\"b\nc\",2\r\nbad\r\nd,4\r\n";
        let mut t = Table::new(&[]);
        t.add_csv("x.csv", csv.as_bytes()).unwrap();
        let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 3, 6]);
        assert_eq!(t.bad_rows[0].line, 5);
    }

    #[test]
    fn empty_file_is_an_error() {
        let mut t = Table::new(&[]);
        assert!(t.add_csv("x.csv", &b""[..]).is_err());
    }
}
