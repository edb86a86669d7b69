//! Generated multilingual scam-report prose with selectors sprinkled through it, from a fixed
//! seed: the input of the throughput bench and of `bench/extract/run.sh` (through the
//! `gen_text` example). Shared by path so that both measure the same text.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Report sentences in the project's languages; `{}` takes a selector.
const SENTENCES: &[&str] = &[
    "On 12 March 2024 I was added to a WhatsApp group by {} and told to invest.",
    "The 'teacher' asked me to transfer 2,500 USDT to {} before the market closed.",
    "They sent a link {} to download the trading app.",
    "I lost about $18,000 in three weeks; the platform said withdrawals needed a fee.",
    "Contact the customer service on Telegram {} for help.",
    "受害人表示，对方自称在投资平台工作，要求转账到指定账户 {}。",
    "客服电话 {}，微信同号，24小时在线。",
    "2024年5月12日，我向对方转账50000元，之后就联系不上了。",
    "ผู้เสียหายถูกชักชวนให้ลงทุนในแพลตฟอร์มปลอม และโอนเงินไปยังบัญชี {} ค่ะ",
    "เมื่อวันที่ 15/03/2567 มีคนโทรมาจากเบอร์ {} บอกว่าได้งานที่กัมพูชา",
    "Saya ditawari kerja di Kamboja dengan gaji 1.500 USD, agen minta kirim ke {}.",
    "Tôi bị lừa qua Zalo, họ bảo nạp tiền vào ví {} trên sàn giao dịch.",
    "ကျွန်တော့်ကို မြဝတီမှာ အလုပ်ကမ်းလှမ်းခဲ့ပြီး {} နဲ့ ဆက်သွယ်ခိုင်းတယ်။",
    "ខ្ញុំត្រូវបានគេបោកប្រាស់តាមរយៈ {} ហើយបាត់បង់ប្រាក់ជាច្រើន។",
    "Me ofrecieron trabajo en Tailandia; la web era {} y pagué 800 euros.",
    "Inalok ako ng trabaho sa Cambodia at pinakontak sa {} ngayong linggo.",
    "Saya ditipu melalui laman pelaburan {} sejak bulan lepas.",
    "The victim's family reported him missing after his last message on 3 June.",
];

const SELECTORS: &[&str] = &[
    "+855 12 345 678",
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    "https://okx-pro.vip/#/login?code=A1B2",
    "hxxps://wallet-connect[.]app/claim",
    "@lucky_mentor",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "scam.support@gmail.com",
    "t.me/fx_signals_vip",
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "wa.me/6281234567890",
    "usdt-mining.icu",
    "089-123-4567",
    "微信：okxpro_teacher",
    "LINE ID: goldvip_88",
    "45.137.21[.]9",
];

/// About `bytes` bytes of report sentences in ten languages, a selector in most of them.
pub fn mixed_text(bytes: usize) -> String {
    let mut rng = Rng(0x6d69_6c6c_7761_7463);
    let mut s = String::with_capacity(bytes + 256);
    while s.len() < bytes {
        let sentence = SENTENCES[rng.below(SENTENCES.len())];
        let selector = SELECTORS[rng.below(SELECTORS.len())];
        s.push_str(&sentence.replace("{}", selector));
        s.push(if rng.below(4) == 0 { '\n' } else { ' ' });
    }
    s
}
