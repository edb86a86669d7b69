//! Vietnamese texts.

use super::{Ad, Chat, Mail, Pack, Report, Sel, Sos, Web, Words};

pub(crate) static PACK: Pack = Pack {
    sep: " ",
    thousands: '.',
    report: Report {
        open: [
            &[
                "Vào {date}, một người tên {persona} nhắn tin cho tôi và nói là nhắn nhầm số.",
                "Tôi quen {persona} qua ứng dụng hẹn hò, sau đó cô ấy rủ tôi đầu tư tiền ảo.",
                "{persona} tự nhận là chuyên gia tài chính ở Singapore và giới thiệu sàn {platform}.",
            ],
            &[
                "Tôi quen {persona} trên Facebook, anh ta nói là kỹ sư làm việc trên giàn khoan.",
                "Chúng tôi yêu qua mạng {days} ngày, {persona} hứa sẽ cưới tôi.",
            ],
            &[
                "Sau khi bị {platform} lừa, tôi lên mạng tìm người lấy lại tiền.",
                "Có người tự xưng là luật sư gọi cho tôi và nói có thể thu hồi tiền.",
            ],
            &[
                "Tôi thấy quảng cáo của {platform} bán {item} giá rất rẻ.",
                "Vào {date} tôi đặt mua {item} ở cửa hàng {platform}.",
            ],
            &[
                "Vào {date} tôi nhận được tin nhắn mời làm cộng tác viên online, làm nhiệm vụ nhận hoa hồng.",
                "Một người của {platform} mời tôi làm việc tại nhà, không cần kinh nghiệm.",
            ],
        ],
        story: [
            &[
                "Lúc đầu nạp ít vẫn rút được nên tôi tin.",
                "Trong {days} ngày tôi đã chuyển tổng cộng {amount} USDT.",
                "Khi rút tiền, CSKH nói tài khoản bị đóng băng, phải nộp phí {fee} USDT.",
            ],
            &[
                "Anh ta nói bưu kiện bị hải quan giữ, cần tôi chuyển {amount} đồng.",
                "Mỗi lần chuyển tiền lại có vấn đề mới.",
            ],
            &[
                "Họ yêu cầu trả trước phí {fee} USDT.",
                "Tôi trả hai lần rồi họ biến mất.",
            ],
            &["Tôi chuyển khoản {amount} đồng nhưng không nhận được hàng."],
            &[
                "Nhiệm vụ đầu có hoa hồng nhỏ, sau đó phải nạp tiền để làm nhiệm vụ lớn.",
                "Tài khoản bị âm, họ bắt nạp thêm {fee} USDT.",
            ],
        ],
        close: &[
            "Tổng cộng tôi mất khoảng {amount} đồng. Xin hãy giúp tôi.",
            "Tôi đã báo công an nhưng chưa có kết quả.",
            "Tôi vẫn giữ toàn bộ tin nhắn và biên lai chuyển tiền.",
        ],
        noise: &[
            "Trang đầu tư này có hợp pháp không? Chưa ai yêu cầu tôi chuyển tiền.",
            "Có người mời tôi đi làm ở nước ngoài. Làm sao kiểm tra công ty?",
        ],
        bridge: &["Sau đó một nhóm khác liên lạc nói có thể lấy lại tiền cho tôi."],
        laundering: &["Trên blockchain thấy tiền được chuyển tiếp đến {sel}."],
    },
    sel: Sel {
        phone: &["Số điện thoại của họ: {sel}", "Họ gọi cho tôi từ số {sel}."],
        whatsapp: &["WhatsApp: {sel}"],
        telegram: &["CSKH trên Telegram: {sel}"],
        line: &["LINE: {sel}"],
        wechat: &["WeChat: {sel}"],
        domain: &["Trang web là {sel}.", "Tôi đăng ký trên {sel}."],
        email: &["Email của họ: {sel}"],
        wallet: &["Tôi chuyển USDT vào ví {sel}.", "Địa chỉ nạp tiền: {sel}"],
        iban: &["Tài khoản IBAN: {sel}"],
        bank: &["Tôi chuyển khoản vào tài khoản {sel}."],
        app: &["Họ bảo tải ứng dụng từ {sel}."],
        url: &["Đường link họ gửi: {sel}"],
        exchange: &["Tôi mua USDT trên {exchange} và chuyển từ địa chỉ {sel}."],
        hotline: &["Tôi gọi đường dây nóng {sel}."],
        channel: &["Trong nhóm {sel} có nhiều nạn nhân khác."],
        own: &["Liên hệ với tôi qua {sel}."],
    },
    ad: Ad {
        title: &[
            "Tuyển nhân viên CSKH tại {country}, lương {salary} USD",
            "Tuyển gấp {job}, không cần kinh nghiệm",
        ],
        intro: &["Công ty thương mại điện tử tại {city} cần tuyển {job}."],
        perks: &[
            "Lương {salary} USD + thưởng.",
            "Bao vé máy bay, visa, ăn ở.",
            "Công ty lo hộ chiếu.",
        ],
        reqs: &["Tuổi 18-35, biết đánh máy."],
        contact: &[
            "t:Liên hệ Telegram {sel}",
            "w:Zalo/WhatsApp: {sel}",
            "e:Gửi CV về {sel}",
        ],
    },
    sos: Sos {
        title: &[
            "Cứu với! {relative} tôi bị giam ở {compound}",
            "Tìm người: {name}, {age} tuổi",
        ],
        body: &[
            "{name} ({age} tuổi) rời nhà {date} để đi làm {job}.",
            "{name} bị thu hộ chiếu và bị ép lừa đảo qua mạng.",
            "Công ty đòi {amount} USD tiền chuộc.",
            "Đã {days} ngày gia đình không liên lạc được với {name}.",
        ],
        last: &[
            "Tin nhắn cuối cùng từ {sel}.",
            "Người môi giới dùng số {sel}.",
        ],
        plea: &["Ai có thông tin xin liên hệ gia đình.", "Xin hãy chia sẻ."],
    },
    chat: Some(&Chat {
        greet: &[
            "Chào anh, có phải anh Minh không ạ?",
            "Xin lỗi, em nhắn nhầm",
            "Chào buổi sáng ạ",
            "Chào anh, em là {persona}.",
        ],
        small: &[
            "Anh ăn cơm chưa?",
            "Anh làm nghề gì vậy?",
            "Hôm nay trời nóng quá",
        ],
        pitch: &[
            "Chú em là chuyên gia, tuần này lãi {percent}%.",
            "Anh thử nạp ít trước, 500 USDT thôi.",
        ],
        link: &["Đăng ký tại đây: {sel}", "Tải app: {sel}"],
        deposit: &["Chỉ nạp vào địa chỉ này: {sel}"],
        profit: &["Chúc mừng! Hôm nay lãi {amount} USDT"],
        blocked: &[
            "Lệnh rút đang được kiểm tra.",
            "Phải nộp thuế {fee} USDT trước.",
        ],
        fee: &["Chuyển phí vào {sel} để rút tiền."],
        affection: &["Nhớ anh lắm", "Chúc anh ngủ ngon"],
        recovery: &["Chúng tôi là công ty thu hồi tài sản hợp pháp."],
        job: &[
            "Tuyển cộng tác viên online, lương theo ngày.",
            "Liên hệ lễ tân {sel} để nhận nhiệm vụ.",
        ],
        shop: &[
            "Hàng chính hãng, có bảo hành.",
            "Anh chuyển khoản trước nhé.",
        ],
        pay: &["Chuyển khoản vào {sel}"],
        victim: &["Ok", "Cảm ơn", "Làm sao vậy?", "Đã chuyển rồi", "Vâng"],
        doubt: &[
            "Sao tôi không rút được tiền?",
            "Đây là lừa đảo.",
            "Tôi sẽ báo công an.",
        ],
        group: &[
            "Chào mừng thành viên mới!",
            "Rút tiền thành công, cảm ơn thầy",
        ],
        friend: &[
            "Cẩn thận lừa đảo nhé",
            "Chủ nhật về ăn cơm không?",
            "Đường dây nóng: {sel}",
        ],
    }),
    mail: Some(&Mail {
        notice_subj: &["Thông báo rút tiền: cần nộp thuế thu nhập"],
        notice: &[
            "Yêu cầu rút {amount} USDT của quý khách đang được xét duyệt.",
            "Quý khách cần nộp thuế {fee} USDT trước khi rút.",
        ],
        recovery_subj: &["Chúng tôi có thể lấy lại tiền cho bạn"],
        recovery: &[
            "Chúng tôi đã truy vết được tiền của bạn.",
            "Cần trả phí {fee} USDT trước.",
        ],
        offer_subj: &["Thư mời làm việc: {job} tại {city}"],
        offer: &[
            "Chúc mừng bạn đã trúng tuyển vị trí {job} tại {city}.",
            "Lương {salary} USD, công ty lo vé và visa.",
        ],
        complaint_subj: &["Tố cáo lừa đảo {platform}"],
        complaint: &[
            "Tôi muốn tố cáo sàn lừa đảo {platform}.",
            "Đính kèm ảnh chụp tin nhắn và biên lai.",
        ],
        newsletter_subj: &["Cảnh báo lừa đảo việc làm ở nước ngoài"],
        newsletter: &["Không trả tiền cho ai hứa lấy lại tiền bị lừa."],
        hello: &["Kính gửi quý khách,", "Chào {victim},"],
        bye: &["Trân trọng,"],
    }),
    web: Some(&Web {
        tagline: &["Sàn giao dịch tiền điện tử an toàn"],
        features: &["Lãi {percent}% mỗi ngày", "CSKH 24/7"],
        download: &["Tải ứng dụng: {sel}"],
        contact: &["CSKH trực tuyến: {sel}"],
        deposit: &["Địa chỉ nạp USDT-TRC20: {sel}"],
        footer: &["© 2024 {platform}"],
        warning_title: &["Cảnh báo sàn đầu tư giả mạo"],
        warning: &[
            "Không nạp tiền vào các sàn sau.",
            "Gọi đường dây nóng {sel}.",
        ],
    }),
    words: Words {
        relatives: &[
            "con trai", "con gái", "anh trai", "em trai", "em gái", "chồng",
        ],
        jobs: &[
            "chăm sóc khách hàng",
            "nhập liệu",
            "bán hàng online",
            "phiên dịch",
        ],
        items: &["iPhone 15 Pro", "máy hút bụi Dyson", "giày Nike"],
        countries: ["Myanmar", "Campuchia", "Lào", "Philippines", "Thái Lan"],
    },
};
