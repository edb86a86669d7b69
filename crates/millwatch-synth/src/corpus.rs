//! An endless stream of multilingual narratives with selectors, for extraction benchmarks.
//!
//! Texts come from a fixed world of a few hundred operations and are drawn in turn from
//! every text kind (victim reports, SOS messages, ad bodies, chat lines), so a benchmark
//! reading 200 MB sees the same mix of scripts, defanged forms and selector kinds as a
//! real corpus.

use crate::config::WorldConfig;
use crate::formats::{ReportParts, report_parts};
use crate::lang::Lang;
use crate::plan::Item;
use crate::render::{self, Fill, Use, Writer, sentence};
use crate::rng::{Rng, derive};
use crate::truth::PlantRole;
use crate::world::{SelKind, World, build};

/// The iterator behind [`crate::corpus_texts`].
pub struct CorpusTexts {
    world: World,
    n: u64,
    seed: u64,
}

impl CorpusTexts {
    pub(crate) fn new(seed: u64) -> Self {
        let mut cfg = WorldConfig::linking(seed, 400);
        cfg.span_days = 900;
        CorpusTexts {
            world: build(&cfg),
            n: 0,
            seed,
        }
    }
}

impl Iterator for CorpusTexts {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        self.n += 1;
        let mut rng = Rng::new(derive(self.seed, self.n));
        let world = &self.world;
        let op = u32::try_from(rng.below(world.operations.len())).ok();
        let o = op.and_then(|i| world.operations.get(i as usize))?;
        let lang = rng.pick(&o.langs);
        let it = Item {
            op,
            k: u32::try_from(rng.below(o.reports.max(1) as usize)).unwrap_or(0),
            lang,
            day: o.start_day
                + i64::try_from(
                    rng.below(usize::try_from(o.end_day - o.start_day).unwrap_or(0) + 1),
                )
                .unwrap_or(0),
            seed: rng.u64(),
        };
        let mut w = Writer::new(world);
        let mut out = String::with_capacity(600);
        let pack = lang.pack();
        match rng.weighted(&[7, 1, 1, 1]) {
            0 => {
                let ReportParts {
                    op, mut uses, own, ..
                } = report_parts(world, &it, &mut rng);
                if let Some(u) = own {
                    uses.push(u);
                }
                let fill = Fill::new(world, op, lang, it.day, &mut rng);
                render::narrative(&mut w, op, &uses, &fill, &mut rng, &mut out);
            }
            1 => {
                let fill = Fill::new(world, Some(o), lang, it.day, &mut rng);
                for t in pack.sos.body.iter().take(3) {
                    sentence(&mut out, pack, t, &fill, "");
                }
                if let Some(s) = o.recruiters().next() {
                    let u = Use::of(s, PlantRole::Operation, op);
                    let mut v = String::new();
                    w.sel(&u, lang, &mut rng, None, &mut v);
                    sentence(&mut out, pack, rng.pick(pack.sos.last), &fill, &v);
                }
            }
            2 => {
                let fill = Fill::new(world, Some(o), lang, it.day, &mut rng);
                sentence(&mut out, pack, rng.pick(pack.ad.title), &fill, "");
                sentence(&mut out, pack, rng.pick(pack.ad.intro), &fill, "");
                sentence(&mut out, pack, rng.pick(pack.ad.perks), &fill, "");
                for s in o.recruiters().take(2) {
                    let u = Use::of(s, PlantRole::Operation, op);
                    let mut v = String::new();
                    w.sel(&u, lang, &mut rng, None, &mut v);
                    sentence(&mut out, pack, rng.pick(pack.ad.contact), &fill, &v);
                }
            }
            _ => {
                let chat_lang = if pack.chat.is_some() { lang } else { Lang::En };
                let fill = Fill::new(world, Some(o), chat_lang, it.day, &mut rng);
                if let Some(c) = chat_lang.pack().chat {
                    let pool =
                        o.active_of(it.day, &[SelKind::Tron, SelKind::Domain, SelKind::Telegram]);
                    for t in [c.greet, c.small, c.pitch, c.deposit] {
                        let line = rng.pick(t);
                        let mut v = String::new();
                        if line.contains("{sel}")
                            && let Some(s) = rng.pick_opt(&pool)
                        {
                            w.sel(
                                &Use::of(s, PlantRole::Operation, op),
                                chat_lang,
                                &mut rng,
                                None,
                                &mut v,
                            );
                        }
                        if !out.is_empty() {
                            out.push('\n');
                        }
                        render::fill(line, &fill, &v, &mut out);
                    }
                }
            }
        }
        Some(out)
    }
}
