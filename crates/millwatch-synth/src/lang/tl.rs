//! Tagalog texts.

use super::{Ad, Chat, Mail, Pack, Report, Sel, Sos, Words};

pub(crate) static PACK: Pack = Pack {
    sep: " ",
    thousands: ',',
    report: Report {
        open: [
            &[
                "Noong {date}, may nag-message sa akin na si {persona} at sinabing mali raw ang numero.",
                "Nakilala ko si {persona} sa isang dating app at niyaya niya akong mag-invest sa {platform}.",
                "Si {persona} ay nagpakilalang crypto trader sa Hong Kong.",
            ],
            &[
                "Nakilala ko si {persona} sa Facebook; sabi niya seaman siya.",
                "Naging kami ni {persona} online nang {days} araw.",
            ],
            &[
                "Matapos akong maloko ng {platform}, naghanap ako ng tutulong na mabawi ang pera ko.",
                "May tumawag na nagpakilalang abogado at kaya raw mabawi ang pera ko.",
            ],
            &["Nakita ko ang {platform} na nagbebenta ng {item} sa murang halaga."],
            &[
                "Noong {date}, may nag-alok sa akin ng part-time na trabaho online: mag-like ng videos at kumita ng komisyon.",
                "Inalok ako ng {platform} ng trabaho bilang {job}, walang experience na kailangan.",
            ],
        ],
        story: [
            &[
                "Noong una, maliit lang ang deposito ko at nakapag-withdraw pa ako kaya nagtiwala ako.",
                "Sa loob ng {days} araw, nakapagpadala ako ng {amount} USDT.",
                "Nang mag-withdraw ako, sabi ng CS na-freeze daw ang account at kailangang magbayad ng {fee} USDT.",
            ],
            &[
                "Sabi niya naipit ang package niya sa customs at kailangan ng {amount} piso.",
                "Tuwing magpapadala ako, may bagong problema.",
            ],
            &["Humingi sila ng {fee} USDT na bayad muna."],
            &["Nagbayad ako ng {amount} piso pero hindi dumating ang order."],
            &[
                "Kailangan daw mag-top up para sa mga 'combo task'.",
                "Negatibo ang balance ko at kailangang mag-deposit ng {fee} USDT.",
            ],
        ],
        close: &[
            "Umabot sa {amount} piso ang nawala sa akin. Tulungan po ninyo ako.",
            "Nag-report na ako sa pulis pero wala pang balita.",
            "Nasa akin pa ang lahat ng screenshots.",
        ],
        noise: &["Legit po ba ang investment site na ito? Wala pa namang humihingi ng pera."],
        bridge: &["Pagkatapos, may ibang grupo na nagsabing kaya raw nilang bawiin ang pera ko."],
        laundering: &["Sa blockchain, makikitang inilipat ang pera sa {sel}."],
    },
    sel: Sel {
        phone: &["Ang numero nila: {sel}", "Tumatawag sila mula sa {sel}."],
        whatsapp: &["WhatsApp niya: {sel}"],
        telegram: &["CS sa Telegram: {sel}"],
        line: &["LINE: {sel}"],
        wechat: &["WeChat: {sel}"],
        domain: &["Ang website ay {sel}.", "Nag-register ako sa {sel}."],
        email: &["Email nila: {sel}"],
        wallet: &["Nagpadala ako ng USDT sa {sel}."],
        iban: &["IBAN: {sel}"],
        bank: &["Nagpadala ako sa account na {sel}."],
        app: &["Pinadownload nila ang app mula sa {sel}."],
        url: &["Link na pinadala: {sel}"],
        exchange: &["Bumili ako ng USDT sa {exchange} at nagpadala mula sa {sel}."],
        hotline: &["Tumawag ako sa hotline na {sel}."],
        channel: &["Maraming biktima sa grupong {sel}."],
        own: &["Makokontak ninyo ako sa {sel}."],
    },
    ad: Ad {
        title: &[
            "HIRING: Customer Service sa {country}, sahod {salary} USD",
            "Kailangan agad: {job}, walang experience",
        ],
        intro: &["Isang kumpanya sa {city} ang naghahanap ng {job}."],
        perks: &[
            "Sahod {salary} USD kada buwan.",
            "Libreng ticket, visa at tirahan.",
            "Walang experience, may training.",
        ],
        reqs: &["Edad 18-35, marunong mag-type."],
        contact: &[
            "t:Mag-message sa Telegram {sel}",
            "w:WhatsApp: {sel}",
            "e:Ipadala ang CV sa {sel}",
        ],
    },
    sos: Sos {
        title: &[
            "Tulong! Ang {relative} ko ay nakakulong sa {compound}",
            "Nawawala: {name}, {age} taong gulang",
        ],
        body: &[
            "Umalis si {name} ({age}) noong {date} para magtrabaho bilang {job}.",
            "Kinuha ang pasaporte ni {name} at pinipilit siyang manloko online.",
            "Humihingi ang kumpanya ng {amount} USD para palayain siya.",
            "{days} araw na naming hindi nakakausap si {name}.",
        ],
        last: &[
            "Ang huling mensahe ay mula sa {sel}.",
            "Ang recruiter ay gumagamit ng {sel}.",
        ],
        plea: &[
            "Pakiusap, i-share ninyo ito.",
            "Nag-report na kami sa embahada.",
        ],
    },
    chat: Some(&Chat {
        greet: &[
            "Hi, si Mr. Cruz po ba ito?",
            "Sorry, wrong send 😅",
            "Good morning po!",
            "Hello, ako si {persona}.",
        ],
        small: &["Kumain ka na?", "Ano ang trabaho mo?", "Ang init ngayon"],
        pitch: &[
            "Kumita ako ng {percent}% ngayong linggo.",
            "Subukan mo muna ng 500 USDT.",
        ],
        link: &["Mag-register dito: {sel}", "I-download ang app: {sel}"],
        deposit: &["Dito lang mag-deposit: {sel}"],
        profit: &["Congrats! Kumita ka ng {amount} USDT ngayon"],
        blocked: &[
            "Naka-review ang withdrawal mo.",
            "Kailangang magbayad ng {fee} USDT na tax.",
        ],
        fee: &["Ipadala ang fee sa {sel}."],
        affection: &["Miss na kita ❤️", "Good night mahal"],
        recovery: &["Kami ay lisensyadong recovery agency."],
        job: &[
            "Hiring kami ng part-time, daily ang sahod.",
            "I-message ang receptionist {sel} para sa tasks.",
        ],
        shop: &["Available pa po, original.", "Bayad muna bago ship."],
        pay: &["Dito po magbayad: {sel}"],
        victim: &["Sige", "Salamat", "Paano po?", "Naipadala ko na", "Opo"],
        doubt: &[
            "Bakit hindi ako maka-withdraw?",
            "Scam ito.",
            "Irereport ko kayo sa pulis.",
        ],
        group: &[
            "Welcome sa mga bagong member!",
            "Withdrawal successful, salamat coach",
        ],
        friend: &[
            "Ingat sa mga scam ha",
            "Uuwi ka ba sa Linggo?",
            "Hotline: {sel}",
        ],
    }),
    mail: Some(&Mail {
        notice_subj: &["Abiso sa withdrawal: kailangang magbayad ng buwis"],
        notice: &[
            "Ang iyong withdrawal na {amount} USDT ay sinusuri.",
            "Kailangang magbayad ng {fee} USDT bago ma-release ang pondo.",
        ],
        recovery_subj: &["Kaya naming bawiin ang iyong nawalang crypto"],
        recovery: &[
            "Natunton na namin ang iyong pondo.",
            "May bayad na {fee} USDT bago magsimula.",
        ],
        offer_subj: &["Job offer: {job} sa {city}"],
        offer: &[
            "Binabati ka namin sa posisyong {job} sa {city}.",
            "Sahod {salary} USD; sagot ng kumpanya ang ticket at visa.",
        ],
        complaint_subj: &["Report: scam ng {platform}"],
        complaint: &[
            "Nais kong i-report ang scam na {platform}.",
            "Naka-attach ang screenshots.",
        ],
        newsletter_subj: &["Babala: pekeng trabaho sa abroad"],
        newsletter: &["Huwag magbayad sa nagsasabing kaya nilang bawiin ang pera mo."],
        hello: &["Mahal na customer,", "Hi {victim},"],
        bye: &["Salamat,"],
    }),
    web: None,
    words: Words {
        relatives: &[
            "anak na lalaki",
            "anak na babae",
            "kapatid",
            "asawa",
            "pinsan",
        ],
        jobs: &["customer service", "encoder", "online seller", "translator"],
        items: &["iPhone 15 Pro", "Nike na sapatos"],
        countries: ["Myanmar", "Cambodia", "Laos", "Pilipinas", "Thailand"],
    },
};
