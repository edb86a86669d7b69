//! Behaviour on small hand-made graphs: hubs, bridges, stars, shared wallets, names.

use super::*;

/// A graph builder: records named by index, selectors by `kind:value`.
struct G {
    input: Input,
    ids: HashMap<String, u32>,
}

impl G {
    fn new(records: usize) -> G {
        G {
            input: Input {
                record_keys: (0..records).map(|i| format!("r{i}")).collect(),
                ..Input::default()
            },
            ids: HashMap::new(),
        }
    }

    fn sel(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let (kind, value) = key.split_once(':').unwrap();
        self.input.selectors.push(Selector {
            kind: kind.into(),
            value: value.into(),
        });
        let id = (self.input.selectors.len() - 1) as u32;
        self.ids.insert(key.into(), id);
        id
    }

    fn mention(&mut self, record: u32, key: &str) -> &mut Self {
        let selector = self.sel(key);
        let evidence = self.input.mentions.len() as i64;
        self.input.mentions.push(Mention {
            record,
            selector,
            evidence,
            victim: false,
        });
        self
    }

    fn platform(&mut self, record: u32, name: &str) -> &mut Self {
        self.input.names.push(Name {
            record,
            kind: NameKind::Platform,
            value: name.into(),
        });
        self
    }

    fn persona(&mut self, record: u32, name: &str) -> &mut Self {
        self.input.names.push(Name {
            record,
            kind: NameKind::Persona,
            value: name.into(),
        });
        self
    }

    fn time(&mut self, record: u32, t: i64) -> &mut Self {
        let n = self.input.record_keys.len();
        self.input.record_times.resize(n, None);
        self.input.record_times[record as usize] = Some(t);
        self
    }

    fn run(&self) -> Linking {
        link(&self.input, &Params::default())
    }
}

fn same(l: &Linking, a: u32, b: u32) -> bool {
    l.assignment[a as usize] == l.assignment[b as usize]
}

/// Three operations of four reports each (records 0-3, 4-7, 8-11), each report with its
/// operation's phone and platform name.
fn three_ops() -> G {
    let mut g = G::new(12);
    for op in 0..3u32 {
        for i in 0..4u32 {
            let r = op * 4 + i;
            g.mention(r, &format!("phone:+8551000000{op}"));
            g.platform(r, ["Bitget Pro", "Nexora", "Aureus Asia"][op as usize]);
        }
    }
    g
}

#[test]
fn shared_selectors_join_and_separate_operations_stay_apart() {
    let l = three_ops().run();
    assert_eq!(l.operations.len(), 3);
    assert!(same(&l, 0, 3) && !same(&l, 0, 4) && !same(&l, 4, 8));
    assert!(l.hubs.is_empty());
}

#[test]
fn a_value_every_operation_mentions_is_a_hub_and_joins_nothing() {
    let mut g = three_ops();
    for r in [0, 1, 5, 6, 9, 10] {
        g.mention(r, "tron:TExchangeHotWallet");
    }
    let l = g.run();
    assert_eq!(l.operations.len(), 3, "{:?}", l.assignment);
    assert_eq!(l.hubs.len(), 1);
    assert_eq!(l.hubs[0].groups, 3);
    let hub = g.ids["tron:TExchangeHotWallet"];
    assert_eq!(l.decisions[hub as usize], Some(Decision::Hub));
    // The hub is not among an operation's selectors.
    assert!(
        l.operations
            .iter()
            .all(|o| o.selectors.iter().all(|s| s.0 != hub))
    );
}

#[test]
fn a_bridge_report_links_two_operations_without_merging_them() {
    let mut g = three_ops();
    // Report 3 (operation 0) also names operation 1's phone.
    g.mention(3, "phone:+85510000001");
    let l = g.run();
    assert!(!same(&l, 0, 4), "{:?}", l.assignment);
    assert!(same(&l, 0, 1) && same(&l, 4, 5));
    assert_eq!(l.links.len(), 1, "{:?}", l.links);
    assert_eq!(l.links[0].selector, g.ids["phone:+85510000001"]);
}

#[test]
fn a_star_core_keeps_its_one_off_contacts() {
    // Operation: ten reports sharing one wallet, each with a one-off phone.
    let mut g = G::new(10);
    for r in 0..10 {
        g.mention(r, "tron:TCore")
            .mention(r, &format!("phone:+6680000000{r}"));
    }
    let l = g.run();
    assert_eq!(l.operations.len(), 1);
    assert_eq!(l.operations[0].records.len(), 10);
}

#[test]
fn a_wallet_shared_by_two_differently_named_operations_links_them() {
    let mut g = three_ops();
    g.mention(2, "tron:TLaundry").mention(6, "tron:TLaundry");
    let l = g.run();
    assert!(!same(&l, 2, 6));
    let w = g.ids["tron:TLaundry"];
    assert_eq!(l.decisions[w as usize], Some(Decision::Shared));
    assert!(l.links.iter().any(|k| k.selector == w));
}

#[test]
fn rotated_infrastructure_of_one_operation_is_joined_by_its_lasting_selector() {
    // Two phases with different phones, one platform domain across both.
    let mut g = G::new(8);
    for r in 0..8u32 {
        let phase = if r < 4 { "phone:+1" } else { "phone:+2" };
        g.mention(r, phase).platform(r, "Bitget Pro Global");
        if r % 2 == 0 {
            g.mention(r, "domain:bitget-pro.icu");
        }
    }
    g.platform(5, "BITGET-PRO");
    let l = g.run();
    assert_eq!(l.operations.len(), 1, "{:?}", l.assignment);
}

#[test]
fn victims_own_contacts_never_join() {
    let mut g = three_ops();
    let s = g.sel("email:victim@gmail.com");
    for r in [0u32, 4] {
        g.input.mentions.push(Mention {
            record: r,
            selector: s,
            evidence: 99,
            victim: true,
        });
    }
    let l = g.run();
    assert!(!same(&l, 0, 4));
    assert!(l.links.is_empty());
}

#[test]
fn ids_are_stable_and_results_deterministic() {
    let a = three_ops().run();
    let b = three_ops().run();
    let ids = |l: &Linking| {
        l.operations
            .iter()
            .map(|o| o.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
    assert_eq!(a.assignment, b.assignment);
    // Adding a report to an operation keeps its id.
    let mut g = three_ops();
    g.input.record_keys.push("r12".into());
    g.mention(12, "phone:+85510000000");
    let c = g.run();
    let op0 = &c.operations[c.assignment[0] as usize];
    assert_eq!(op0.records.len(), 5);
    assert!(ids(&a).contains(&op0.id));
}

#[test]
fn operation_ids_are_unique_even_when_operations_share_their_top_selector() {
    // Two differently named pairs whose only selector is the same shared wallet.
    let mut g = G::new(4);
    for r in 0..4u32 {
        g.mention(r, "tron:TShared");
        g.platform(r, if r < 2 { "Bitget Pro" } else { "Nexora" });
    }
    g.mention(0, "phone:+1").mention(1, "phone:+1");
    g.mention(2, "phone:+2").mention(3, "phone:+2");
    let l = g.run();
    let mut ids: Vec<&str> = l.operations.iter().map(|o| o.id.as_str()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn a_lone_report_joins_the_one_operation_with_its_platform_name() {
    let mut g = three_ops();
    // Record 12 names only a one-off phone and writes Nexora differently.
    g.input.record_keys.push("r12".into());
    g.mention(12, "phone:+85599999999").platform(12, "NEXORA");
    let l = g.run();
    assert!(same(&l, 12, 4), "{:?}", l.assignment);
    assert_eq!(l.attached.len(), 1);
    assert_eq!(l.attached[0].record, 12);
    assert_eq!(l.attached[0].operation, l.assignment[4]);
    // Switched off, it stays alone.
    let off = link(
        &g.input,
        &Params {
            attach_by_name: false,
            ..Params::default()
        },
    );
    assert!(!same(&off, 12, 4));
    assert!(off.attached.is_empty());
}

#[test]
fn a_name_two_operations_share_attaches_nothing_and_names_never_merge_groups() {
    let mut g = three_ops();
    // A fourth operation (records 12-13) uses Nexora's name too.
    for r in 12..14u32 {
        g.input.record_keys.push(format!("r{r}"));
        g.mention(r, "phone:+85520000000").platform(r, "Nexora");
    }
    // A lone report naming Nexora: which one is it? Neither.
    g.input.record_keys.push("r14".into());
    g.mention(14, "phone:+85599999999").platform(14, "Nexora");
    let l = g.run();
    assert!(!same(&l, 4, 12), "names alone merged two operations");
    assert!(!same(&l, 14, 4) && !same(&l, 14, 12));
    assert!(l.attached.is_empty());
}

/// Two operations whose brands share a key (`Kucoin DeFi`, `Kucoin Max`: both `kucoin`),
/// records 0-3 and 4-7, and a lone report (8) naming the first by a variant spelling.
fn two_ops_one_brand() -> G {
    let mut g = G::new(9);
    for r in 0..8u32 {
        let op = r / 4;
        g.mention(r, &format!("phone:+8551000000{op}"));
        g.platform(r, ["Kucoin DeFi", "Kucoin Max"][op as usize]);
    }
    g.mention(8, "phone:+85599999999")
        .platform(8, "KUCOIN-DEFI");
    g
}

#[test]
fn a_lone_report_joins_by_its_full_platform_name_where_the_brand_is_shared() {
    let g = two_ops_one_brand();
    let l = g.run();
    assert!(same(&l, 8, 0), "{:?}", l.assignment);
    assert!(!same(&l, 0, 4), "names merged two operations");
    assert_eq!(l.attached.len(), 1);
    assert_eq!(l.attached[0].record, 8);
    assert_eq!(l.attached[0].name, "kucoindefi");
    // Switched off, it stays alone.
    let off = link(
        &g.input,
        &Params {
            attach_by_name: false,
            ..Params::default()
        },
    );
    assert!(!same(&off, 8, 0) && !same(&off, 8, 4));
}

#[test]
fn a_full_platform_name_two_operations_give_attaches_nothing() {
    let mut g = two_ops_one_brand();
    // One report of the second operation also writes Kucoin DeFi: the full name is no
    // longer the first operation's alone.
    g.platform(5, "Kucoin DeFi");
    let l = g.run();
    assert!(!same(&l, 8, 0) && !same(&l, 8, 4), "{:?}", l.assignment);
    assert!(l.attached.is_empty());
    // Given by a single record of the first operation, it is too thin to attach by.
    let mut g = G::new(9);
    for r in 0..8u32 {
        let op = r / 4;
        g.mention(r, &format!("phone:+8551000000{op}"));
        g.platform(
            r,
            if r == 0 {
                "Kucoin DeFi"
            } else {
                ["Kucoin Pro", "Kucoin Max"][op as usize]
            },
        );
    }
    g.mention(8, "phone:+85599999999")
        .platform(8, "KUCOIN-DEFI");
    let l = g.run();
    assert!(!same(&l, 8, 0), "{:?}", l.assignment);
}

#[test]
fn a_page_listing_several_platforms_does_not_block_attaching_by_name() {
    let mut g = two_ops_one_brand();
    // A warning page joined to the second operation (it shows its phone) lists both
    // platforms: it says nothing about which operation carries Kucoin DeFi.
    g.input.record_keys.push("r9".into());
    g.mention(9, "phone:+85510000001")
        .platform(9, "Kucoin DeFi")
        .platform(9, "Nexora Global")
        .platform(9, "Aureus Asia");
    let l = g.run();
    assert!(same(&l, 9, 4));
    assert!(same(&l, 8, 0), "{:?}", l.assignment);
    // A second report naming the first operation's platform in the second operation is
    // evidence, and blocks it.
    g.platform(5, "Kucoin DeFi");
    let l = g.run();
    assert!(!same(&l, 8, 0) && !same(&l, 8, 4), "{:?}", l.assignment);
}

/// `groups` operations of two reports each, with their own phone, and a value that one
/// report of each mentions; `name` gives each operation's platform name.
fn many_groups_sharing_one_value(groups: u32, name: impl Fn(u32) -> String) -> (G, u32) {
    let mut g = G::new(2 * groups as usize);
    for op in 0..groups {
        for r in [2 * op, 2 * op + 1] {
            g.mention(r, &format!("phone:+8551{op:07}"));
            g.platform(r, &name(op));
        }
        g.mention(2 * op, "tron:TSharedValue");
    }
    let s = g.ids["tron:TSharedValue"];
    (g, s)
}

/// A pronounceable name per index, far from the others (no shared prefix, not one
/// letter apart).
fn distinct_name(i: u32) -> String {
    const C: &[u8] = b"bcdfghjklmnpqrstvwxz";
    const V: &[u8] = b"aeiou";
    let mut x = i.wrapping_mul(2_654_435_761).rotate_left(7) ^ i;
    let mut s = String::new();
    for k in 0..4 {
        let (set, n) = if k % 2 == 0 { (C, 20) } else { (V, 5) };
        s.push(set[(x % n) as usize] as char);
        x /= n;
    }
    format!("{s}{}", C[(i % 20) as usize] as char).repeat(2)
}

#[test]
fn a_value_across_many_differently_named_operations_is_a_hub() {
    // More names than the exact clustering handles: the hub test's large path.
    let (g, s) = many_groups_sharing_one_value(60, distinct_name);
    let l = g.run();
    assert_eq!(l.decisions[s as usize], Some(Decision::Hub));
    assert_eq!(
        l.operations.iter().filter(|o| o.records.len() == 2).count(),
        60
    );
    assert!(l.hubs[0].names >= 33, "{:?}", l.hubs[0]);
}

#[test]
fn a_value_across_many_fragments_of_one_named_operation_joins_them() {
    let (g, s) = many_groups_sharing_one_value(60, |_| "Nexora Global".into());
    let l = g.run();
    assert_ne!(l.decisions[s as usize], Some(Decision::Hub));
    assert_eq!(l.operations.len(), 1);
    // Most names one, a few others: still one name holding three quarters.
    let (g, s) = many_groups_sharing_one_value(60, |i| {
        if i % 10 == 0 {
            distinct_name(i)
        } else {
            "Nexora".into()
        }
    });
    let l = g.run();
    assert_ne!(l.decisions[s as usize], Some(Decision::Hub));
}

/// Two unrelated operations with the same platform name (records 0-3 and 4-7, each on its
/// own phone), the first writing its persona 陈静 in several forms, the second Anna Petrova,
/// active at times 1000-1300 and 5000-5300; record 8 is a lone report with the name.
fn two_ops_one_name() -> G {
    let mut g = G::new(9);
    for r in 0..8u32 {
        let op = r / 4;
        g.mention(r, &format!("phone:+8551000000{op}"))
            .platform(r, "Bitget Pro")
            .time(r, [1000, 5000][op as usize] + 100 * i64::from(r % 4));
        let persona = match r {
            0 => "陈静",
            1 | 2 => "Chen Jing",
            3 => "CHEN Jing",
            _ => "Anna Petrova",
        };
        g.persona(r, persona);
    }
    g.mention(8, "phone:+85599999999")
        .platform(8, "BITGET-PRO GLOBAL");
    g
}

#[test]
fn a_lone_report_joins_the_one_operation_giving_its_platform_and_its_persona() {
    let mut g = two_ops_one_name();
    // Written in another order and script than any report of the operation.
    g.persona(8, "Jing Chén");
    let l = g.run();
    assert!(same(&l, 8, 0), "{:?}", l.assignment);
    assert!(!same(&l, 0, 4), "names merged two operations");
    assert_eq!(l.attached.len(), 1);
    let join = &l.attached[0];
    assert_eq!((join.record, join.operation), (8, l.assignment[0]));
    assert_eq!(join.name, "bitget");
    assert_eq!(
        join.corroboration,
        Some(Corroboration::Persona {
            key: names::persona_key("Chen Jing").unwrap(),
            written: "Jing Chén".into(),
        })
    );
    // The other operation's persona takes it there.
    let mut g = two_ops_one_name();
    g.persona(8, "Анна Петрова");
    assert!(same(&g.run(), 8, 4));
    // Switched off, it stays alone.
    let off = link(
        &g.input,
        &Params {
            attach_by_corroboration: false,
            ..Params::default()
        },
    );
    assert!(!same(&off, 8, 0) && !same(&off, 8, 4));
    assert!(off.attached.is_empty());
}

#[test]
fn a_persona_alone_or_one_both_operations_give_attaches_nothing() {
    // A common persona without a platform name: nothing to corroborate.
    let mut g = two_ops_one_name();
    g.input.names.retain(|n| n.record != 8);
    g.persona(8, "Chen Jing");
    let l = g.run();
    assert!(!same(&l, 8, 0) && !same(&l, 8, 4), "{:?}", l.assignment);
    // A common persona both operations use, with the name both give and no time.
    let mut g = two_ops_one_name();
    g.persona(5, "Anna Chen")
        .persona(1, "Anna Chen")
        .persona(8, "Anna Chen");
    let l = g.run();
    assert!(!same(&l, 8, 0) && !same(&l, 8, 4), "{:?}", l.assignment);
    assert!(l.attached.is_empty());
    // A report giving the personas of both (a victim of both) joins neither, even in one
    // operation's time window.
    let mut g = two_ops_one_name();
    g.persona(8, "Chen Jing")
        .persona(8, "Anna Petrova")
        .time(8, 1100);
    let l = g.run();
    assert!(!same(&l, 8, 0) && !same(&l, 8, 4), "{:?}", l.assignment);
    assert!(!same(&l, 0, 4));
}

#[test]
fn a_bridge_report_giving_the_other_operations_names_merges_nothing() {
    // Record 8 shows the first operation's phone and the second's platform and persona.
    let mut g = two_ops_one_name();
    g.input.names.retain(|n| n.record != 8);
    g.mention(8, "phone:+85510000000")
        .platform(8, "Bitget Pro")
        .persona(8, "Anna Petrova")
        .time(8, 5100);
    let l = g.run();
    assert!(same(&l, 8, 0), "{:?}", l.assignment);
    assert!(!same(&l, 0, 4), "a bridge report merged two operations");
    assert!(l.attached.is_empty());
}

#[test]
fn a_lone_report_joins_the_one_operation_with_its_name_active_at_its_time() {
    let mut g = two_ops_one_name();
    g.time(8, 5150);
    let l = g.run();
    assert!(same(&l, 8, 4), "{:?}", l.assignment);
    assert!(!same(&l, 0, 4));
    assert_eq!(
        l.attached[0].corroboration,
        Some(Corroboration::Time {
            from: 5000,
            to: 5300
        })
    );
    // Between the two windows, or without a time: alone.
    for t in [Some(3000), None] {
        let mut g = two_ops_one_name();
        if let Some(t) = t {
            g.time(8, t);
        }
        let l = g.run();
        assert!(
            !same(&l, 8, 0) && !same(&l, 8, 4),
            "{t:?}: {:?}",
            l.assignment
        );
    }
}

#[test]
fn a_time_window_does_not_choose_among_many_operations_giving_a_name() {
    // Six operations of two reports with the same name, in separate windows.
    let ops = 6u32;
    let mut g = G::new(2 * ops as usize + 1);
    for r in 0..2 * ops {
        let op = r / 2;
        g.mention(r, &format!("phone:+8551000000{op}"))
            .platform(r, "Bitget Pro")
            .time(r, 1000 * i64::from(op) + i64::from(r % 2) * 100);
    }
    let lone = 2 * ops;
    g.mention(lone, "phone:+85599999999")
        .platform(lone, "Bitget Pro")
        .time(lone, 2050);
    let l = g.run();
    assert!(
        (0..2 * ops).all(|r| !same(&l, lone, r)),
        "{:?}",
        l.assignment
    );
    // Its persona still can, where one of them gives it.
    g.persona(4, "Siriporn Saetang")
        .persona(5, "Siriporn Saetang");
    g.persona(lone, "SAETANG Siriporn");
    let l = g.run();
    assert!(same(&l, lone, 4), "{:?}", l.assignment);
}
