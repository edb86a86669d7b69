//! Chinese (traditional) texts, as Taiwanese and Hong Kong victims write them. Every
//! character is in Big5, because some of these texts are mailed in that charset.

use super::{Ad, Mail, Pack, Report, Sel, Sos, Words};

pub(crate) static PACK: Pack = Pack {
    sep: "",
    thousands: ',',
    report: Report {
        open: [
            &[
                "{date}，一個叫{persona}的人在LINE上加我，說是加錯人。",
                "我在交友軟體認識{persona}，她說她在香港做金融投資。",
                "{persona}每天跟我聊天，後來介紹我到{platform}投資虛擬貨幣。",
                "朋友拉我進一個股票群組，群裡的老師{persona}推薦{platform}。",
            ],
            &[
                "我在交友網站認識{persona}，他說自己是在海外工作的工程師。",
                "{persona}透過臉書加我，我們網戀了{days}天。",
            ],
            &[
                "被{platform}騙了以後，我上網找人幫忙追回款項。",
                "報案後，有人自稱律師聯絡我，說可以幫我把錢追回來。",
            ],
            &[
                "我在臉書上看到{platform}低價賣{item}。",
                "{date}我在{platform}網購了{item}。",
            ],
            &[
                "{date}我收到簡訊說有在家兼職的工作，日領薪水。",
                "有人把我拉進{platform}的任務群組，說按讚就能賺佣金。",
            ],
        ],
        story: [
            &[
                "一開始小額投資還能出金，所以我就相信了。",
                "平台顯示每週獲利{percent}%，我前後{days}天一共匯了{amount} USDT。",
                "要出金時客服說帳戶被凍結，要先繳{fee} USDT的保證金。",
                "繳了保證金之後又說要繳稅，越繳越多。",
            ],
            &[
                "他說包裹被海關扣住，要我先幫忙付{amount}元關稅。",
                "每次匯款之後都會有新的問題：稅金、律師費、罰款。",
            ],
            &[
                "對方要求先付{fee} USDT的服務費。",
                "我付了兩次錢之後，對方就不讀不回了。",
            ],
            &[
                "我依照指示匯款{amount}元，之後一直沒有出貨。",
                "後來又要我付{fee}元的清關費。",
            ],
            &[
                "剛開始有小額佣金，後來要先儲值才能做任務。",
                "系統顯示帳戶負數，要再儲值{fee} USDT才能提領。",
            ],
        ],
        close: &[
            "我總共被騙了大約{amount}元，請幫幫我。",
            "已經向警察局報案，但是還沒有結果。",
            "我保留了所有的對話紀錄和匯款證明。",
            "希望大家不要再上當。",
        ],
        noise: &[
            "請問這個投資網站是合法的嗎？目前還沒有人要我匯款。",
            "我收到包裹被海關扣留的簡訊，沒有點連結，這是詐騙嗎？",
        ],
        bridge: &["後來又有人自稱可以幫我追回損失。"],
        laundering: &["區塊鏈瀏覽器顯示這些USDT很快被轉到{sel}。"],
    },
    sel: Sel {
        phone: &["對方的電話是{sel}。", "客服電話：{sel}"],
        whatsapp: &["她要我加WhatsApp：{sel}"],
        telegram: &["客服的Telegram是{sel}。"],
        line: &["她的LINE ID是{sel}。", "LINE：{sel}"],
        wechat: &["對方微信是{sel}。"],
        domain: &["平台網址是{sel}。", "網址：{sel}"],
        email: &["對方信箱是{sel}。"],
        wallet: &["我把USDT轉到這個地址：{sel}", "儲值地址：{sel}"],
        iban: &["收款帳戶（IBAN）：{sel}"],
        bank: &["匯款帳號：{sel}"],
        app: &["他們要我從{sel}下載APP。"],
        url: &["他們傳來的連結是{sel}。"],
        exchange: &["我在{exchange}買的USDT，從我的地址{sel}轉出。"],
        hotline: &["我打了反詐騙專線{sel}。"],
        channel: &["後來在{sel}看到很多受害者。"],
        own: &["我的聯絡方式：{sel}"],
    },
    ad: Ad {
        title: &[
            "高薪徵才：{country}客服人員，月薪{salary}美金",
            "急徵{job}，免經驗，包吃包住",
        ],
        intro: &["本公司位於{city}，誠徵{job}數名。"],
        perks: &[
            "月薪{salary}美金起。",
            "機票、簽證、食宿全包。",
            "免經驗，公司提供訓練。",
        ],
        reqs: &["年齡18至35歲，會打字即可。"],
        contact: &[
            "t:有意者請聯絡Telegram：{sel}",
            "w:WhatsApp洽詢：{sel}",
            "e:履歷請寄到{sel}",
        ],
    },
    sos: Sos {
        title: &[
            "求救！我的{relative}被困在{compound}",
            "尋人：{name}，{age}歲",
        ],
        body: &[
            "{name}（{age}歲）{date}出國，說是去做{job}。",
            "{name}說護照被沒收，每天被逼工作十六個小時。",
            "我們懷疑{name}被關在{country}的{compound}。",
        ],
        last: &["最後一則訊息來自{sel}。", "仲介用的是{sel}。"],
        plea: &["拜託大家幫忙分享！", "有任何消息請聯絡我們。"],
    },
    chat: None,
    mail: Some(&Mail {
        notice_subj: &[
            "出金審核通知：需繳納個人所得稅",
            "【{platform}】您的帳戶已被暫時凍結",
        ],
        notice: &[
            "您申請提領的{amount} USDT已由風控部門審核。",
            "依平台規定，需先繳納{fee} USDT的個人所得稅方可出金。",
            "請於48小時內完成繳納，否則帳戶將被永久關閉。",
        ],
        recovery_subj: &["我們可以協助您追回被騙的虛擬貨幣"],
        recovery: &[
            "我們已追蹤到您被騙的資金。",
            "需先支付{fee} USDT的手續費才能申請解凍。",
        ],
        offer_subj: &["錄取通知：{job}（{city}）"],
        offer: &[
            "恭喜您錄取本公司{city}辦公室的{job}。",
            "月薪{salary}美金，公司負擔機票及簽證。",
        ],
        complaint_subj: &["檢舉：{platform}投資詐騙"],
        complaint: &[
            "我要檢舉一個詐騙平台，我在{platform}損失了所有積蓄。",
            "附件是對話紀錄和匯款截圖。",
        ],
        newsletter_subj: &["防詐提醒：假投資平台增加"],
        newsletter: &[
            "不要付費給任何聲稱能追回損失的人。",
            "高薪出國工作可能是人口販運陷阱。",
        ],
        hello: &["親愛的客戶您好：", "{victim}您好："],
        bye: &["敬祝 順心", "謝謝！"],
    }),
    web: None,
    words: Words {
        relatives: &["兒子", "女兒", "哥哥", "弟弟", "妹妹", "先生"],
        jobs: &["客服", "打字員", "網路行銷", "翻譯"],
        items: &["iPhone 15 Pro", "戴森吸塵器", "名牌包"],
        countries: ["緬甸", "柬埔寨", "寮國", "菲律賓", "泰國"],
    },
};
