//! Measures the store's write path alone: `cargo run --release -p millwatch-store
//! --example write_speed -- [MB]`. Prints MB/s for records + index, to see whether the
//! single SQLite writer is the ingest bottleneck.
#![allow(clippy::print_stdout, clippy::unwrap_used, missing_docs)]

use millwatch_model::{ContentHash, Decoding, Format, Place, RecordDraft, RecordKind};
use millwatch_store::{Case, OpenMode, PreparedRecord, SourceMeta};

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let dir = std::env::temp_dir().join(format!("mw-write-speed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("case.db");
    let mut case = Case::open(&path, OpenMode::CreateIfMissing).unwrap();
    let samples = [
        "I met 'Anna Chen' on a dating app; she introduced me to the Bitget Pro Global platform at bitget-pro.icu and I sent 12,000 USDT to TQ7n7XvVZgQe7cLhAyQj5bW4dRXsQ4yE1h. Her WhatsApp was +855 12 345 678.",
        "我在网上认识了一个叫陈安娜的人，她让我在一个投资平台上充值USDT，后来平台无法提现，客服让我再交保证金。她的微信号是anna_88。",
        "ฉันได้รับข้อความจากคนที่อ้างว่าเป็นนักลงทุน ให้ฉันโอนเงินเข้าแพลตฟอร์มเทรดคริปโต แล้วถอนเงินไม่ได้ ติดต่อผ่านไลน์",
        "Saya ditawari pekerjaan sebagai customer service di Kamboja dengan gaji tinggi, tiket dan visa ditanggung, tetapi paspor saya disita.",
    ];
    let prepared: Vec<PreparedRecord> = (0..4000)
        .map(|i| {
            let mut d = RecordDraft::new(RecordKind::VictimReport, Place::span(0, 1).with_row(i));
            d.text = format!("{} report {i}", samples[i as usize % samples.len()]);
            d.external_id = Some(format!("R{i}"));
            d.push_field("country", "KH");
            PreparedRecord::new(d)
        })
        .collect();
    let per_round: usize = prepared.iter().map(|p| p.draft().text.len()).sum();
    let rounds = (mb << 20) / per_round + 1;
    let start = std::time::Instant::now();
    let meta = SourceMeta {
        hash: ContentHash::from_bytes([1; 32]),
        path: "x".into(),
        size: 0,
        format: Format::Csv,
    };
    let mut w = case.begin_source(&meta).unwrap();
    for _ in 0..rounds {
        for p in &prepared {
            w.add(p).unwrap();
        }
    }
    w.finish(&Decoding {
        encoding: "UTF-8".into(),
        method: "utf8".into(),
        had_errors: false,
    })
    .unwrap();
    let secs = start.elapsed().as_secs_f64();
    let bytes = (rounds * per_round) as f64;
    println!(
        "{:.0} MB of text, {} records in {secs:.2}s: {:.1} MB/s, {:.0} records/s; case {:.0} MB",
        bytes / 1e6,
        rounds * prepared.len(),
        bytes / 1e6 / secs,
        (rounds * prepared.len()) as f64 / secs,
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
