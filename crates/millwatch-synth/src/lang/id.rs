//! Indonesian texts.

use super::{Ad, Chat, Mail, Pack, Report, Sel, Sos, Web, Words};

pub(crate) static PACK: Pack = Pack {
    sep: " ",
    thousands: '.',
    report: Report {
        open: [
            &[
                "Pada {date} saya dihubungi oleh seseorang bernama {persona} yang katanya salah kirim pesan.",
                "Saya kenal {persona} dari aplikasi kencan, lalu dia mengajak pindah ke WhatsApp.",
                "{persona} mengaku sebagai trader sukses di Singapura dan setiap hari menyapa saya.",
                "Teman saya memasukkan saya ke grup saham, mentornya bernama {persona} dan menyarankan platform {platform}.",
                "Awalnya {persona} hanya mengobrol soal kehidupan, lama-lama membahas investasi kripto.",
            ],
            &[
                "Saya berkenalan dengan {persona} di Facebook, katanya dia tentara Amerika yang bertugas di Suriah.",
                "Selama {days} hari saya berhubungan dengan {persona} dan dia berjanji akan menikahi saya.",
                "{persona} bilang dia dokter di kapal pesiar dan tidak bisa video call.",
            ],
            &[
                "Setelah tertipu {platform}, saya mencari bantuan di internet untuk mengembalikan dana.",
                "Beberapa minggu setelah melapor, ada 'agen pemulihan dana' yang menghubungi saya.",
                "Pada {date} ada yang menelepon mengaku dari kepolisian siber dan bilang dana saya sudah dibekukan.",
            ],
            &[
                "Saya melihat iklan {platform} di Instagram yang menjual {item} dengan diskon besar.",
                "Pada {date} saya memesan {item} dari toko online {platform}.",
            ],
            &[
                "Pada {date} saya menerima pesan WhatsApp tentang kerja paruh waktu: like video dan dapat komisi.",
                "Seseorang dari {platform} menawarkan kerja online dengan gaji harian Rp300.000 sampai Rp1.500.000.",
                "Saya melamar kerja sebagai {job} di {platform}, katanya tidak perlu pengalaman.",
                "Saya dimasukkan ke grup Telegram tugas harian milik {platform}.",
            ],
        ],
        story: [
            &[
                "Awalnya saya deposit kecil dan masih bisa tarik dana, jadi saya percaya.",
                "Aplikasi menunjukkan keuntungan {percent}% per minggu; dalam {days} hari saya transfer total {amount} USDT.",
                "Saat mau tarik dana, CS bilang akun dibekukan dan harus bayar biaya {fee} USDT.",
                "Setelah bayar, muncul lagi pajak dan biaya lain.",
                "Saya sampai pinjam uang di pinjol untuk menambah modal.",
            ],
            &[
                "Dia bilang paketnya tertahan di bea cukai dan minta saya bayar {amount} rupiah.",
                "Setiap kali saya transfer, selalu ada masalah baru.",
                "Lalu {persona} mengajak investasi bersama di {platform}.",
            ],
            &[
                "Mereka minta biaya awal {fee} USDT dan foto KTP saya.",
                "Mereka mengirim surat polisi palsu dengan nama saya.",
                "Saya sudah bayar dua kali lalu mereka menghilang.",
            ],
            &[
                "Saya transfer {amount} rupiah tapi barang tidak pernah dikirim.",
                "Nomor resi yang diberikan palsu.",
                "Mereka minta tambahan {fee} rupiah untuk bea cukai.",
            ],
            &[
                "Tugas pertama dapat komisi kecil, lalu saya harus top up untuk membuka tugas premium.",
                "Setiap tugas gabungan butuh deposit lebih besar sampai {amount} USDT.",
                "Saldo saya minus dan harus deposit {fee} USDT lagi untuk bisa tarik dana.",
            ],
        ],
        close: &[
            "Total kerugian saya sekitar {amount} rupiah. Mohon bantuannya.",
            "Saya sudah lapor ke polisi tapi belum ada kabar.",
            "Semua bukti chat dan transfer masih saya simpan.",
            "Setelah saya menolak bayar lagi, saya diblokir.",
            "Semoga tidak ada korban lain.",
        ],
        noise: &[
            "Apakah situs investasi ini resmi? Belum ada yang minta transfer.",
            "Saya dapat SMS paket tertahan di bea cukai. Saya tidak klik linknya. Apakah ini penipuan?",
            "Ada yang menawari saya kerja di luar negeri. Bagaimana cara cek agensinya?",
        ],
        bridge: &[
            "Kemudian ada kelompok lain yang mengaku bisa mengembalikan uang saya.",
            "Setelah itu saya tertipu lagi untuk kedua kalinya.",
        ],
        laundering: &["Di blockchain terlihat dana dipindahkan ke {sel}."],
    },
    sel: Sel {
        phone: &[
            "Nomor yang menelepon saya: {sel}",
            "No. HP penipu: {sel}",
            "Dia pakai nomor {sel}.",
        ],
        whatsapp: &[
            "WhatsApp dia: {sel}",
            "Saya diminta chat ke WA {sel}.",
            "Nomor WA admin: {sel}",
        ],
        telegram: &[
            "CS di Telegram: {sel}",
            "Saya disuruh hubungi {sel} di Telegram.",
        ],
        line: &["ID LINE: {sel}"],
        wechat: &["WeChat: {sel}"],
        domain: &[
            "Situsnya {sel}.",
            "Saya daftar di {sel}.",
            "Link yang dikirim: {sel}",
        ],
        email: &["Email mereka: {sel}"],
        wallet: &["Saya kirim USDT ke alamat {sel}.", "Alamat deposit: {sel}"],
        iban: &["Rekening IBAN: {sel}"],
        bank: &["Saya transfer ke rekening {sel}.", "Rekening tujuan: {sel}"],
        app: &["Aplikasinya diunduh dari {sel}."],
        url: &["Link pertama yang dikirim: {sel}"],
        exchange: &["Saya beli USDT di {exchange} dan kirim dari alamat {sel}."],
        hotline: &["Saya menelepon hotline {sel} dan disarankan membuat laporan ini."],
        channel: &["Di grup {sel} banyak korban lain."],
        own: &["Hubungi saya di {sel}."],
    },
    ad: Ad {
        title: &[
            "Lowongan CS di {country}, gaji {salary} USD/bulan",
            "DIBUTUHKAN SEGERA: {job}, tanpa pengalaman",
            "Kerja di luar negeri, tiket dan visa gratis",
        ],
        intro: &[
            "Perusahaan e-commerce di {city} membuka lowongan {job}.",
            "Mess dan makan gratis, kantor modern.",
        ],
        perks: &[
            "Gaji {salary} USD + bonus.",
            "Tiket pesawat, visa dan mess ditanggung.",
            "Tanpa pengalaman, ada pelatihan.",
            "Paspor diurus perusahaan.",
        ],
        reqs: &[
            "Usia 18-35 tahun, bisa mengetik.",
            "Siap berangkat dalam seminggu.",
        ],
        contact: &[
            "w:Hubungi HRD via WA {sel}",
            "t:Info lebih lanjut Telegram {sel}",
            "e:Kirim CV ke {sel}",
        ],
    },
    sos: Sos {
        title: &[
            "Tolong! {relative} saya disekap di {compound}",
            "Dicari: {name}, {age} tahun",
        ],
        body: &[
            "{name} ({age}) berangkat pada {date} untuk kerja sebagai {job} yang diiklankan di Facebook.",
            "Agen menjanjikan gaji {salary} USD di Thailand, tapi {name} dibawa menyeberang ke {city}.",
            "Paspor {name} disita dan dia dipaksa menipu orang lewat internet 16 jam sehari.",
            "Perusahaan meminta tebusan {amount} USD.",
            "Sudah {days} hari kami tidak ada kabar dari {name}.",
        ],
        last: &[
            "Pesan terakhir dari {sel}.",
            "Agen yang memberangkatkan {name} memakai nomor {sel}.",
        ],
        plea: &[
            "Mohon bantuan siapa pun yang punya informasi.",
            "Kami sudah lapor ke KBRI tapi belum ada jawaban.",
            "Tolong bantu sebarkan.",
        ],
    },
    chat: Some(&Chat {
        greet: &[
            "Halo, ini Pak Budi ya?",
            "Maaf, salah kirim 😅",
            "Selamat pagi kak, apa kabar?",
            "Halo, saya {persona}.",
        ],
        small: &[
            "Baru selesai olahraga nih",
            "Kakak kerja di mana?",
            "Sudah makan belum?",
            "Hari ini panas sekali",
            "Wkwk lucu banget",
        ],
        pitch: &[
            "Om saya analis, minggu ini profit {percent}%.",
            "Coba mulai kecil dulu, 500 USDT saja.",
            "Platform ini aman dan resmi.",
        ],
        link: &[
            "Daftar di sini: {sel}",
            "Download aplikasinya: {sel}",
            "Situs resmi: {sel}",
        ],
        deposit: &[
            "Deposit hanya ke alamat ini: {sel}",
            "Kirim USDT TRC20 ke {sel} lalu kirim bukti transfer",
        ],
        profit: &[
            "Selamat! Hari ini profit {amount} USDT 🎉",
            "Lihat, profitnya sudah masuk.",
        ],
        blocked: &[
            "Penarikan sedang ditinjau.",
            "Akun dibekukan karena transaksi tidak wajar.",
            "Harus bayar pajak {fee} USDT dulu.",
        ],
        fee: &["Bayar biaya ke {sel}, dana cair dalam 24 jam."],
        affection: &[
            "Aku kangen kamu ❤️",
            "Selamat tidur sayang",
            "Kamu satu-satunya yang aku percaya",
        ],
        recovery: &[
            "Kami lembaga pemulihan aset resmi.",
            "Ada biaya administrasi sebelum proses dimulai.",
        ],
        job: &[
            "Halo kak, ada kerja paruh waktu, gaji harian.",
            "Tugasnya mudah, like video dan beri rating.",
            "Silakan hubungi resepsionis {sel} untuk ambil tugas.",
        ],
        shop: &[
            "Barang ready, original bergaransi.",
            "Diskon 70% hari ini saja!",
            "Transfer dulu ya kak, dikirim dalam 24 jam.",
        ],
        pay: &["Silakan transfer ke {sel}"],
        victim: &[
            "Oke",
            "Makasih",
            "Caranya gimana?",
            "Sudah saya transfer",
            "Iya",
            "Pagi",
            "Saya coba ya",
            "Siap",
        ],
        doubt: &[
            "Kenapa saya tidak bisa tarik dana?",
            "Ini sudah ketiga kalinya bayar.",
            "Ini penipuan ya?",
            "Saya akan lapor polisi.",
        ],
        group: &[
            "Selamat datang member baru!",
            "Sinyal malam ini jam 20.00.",
            "Penarikan berhasil, terima kasih mentor 🙏",
        ],
        friend: &[
            "Lihat berita penipuan online?",
            "Hati-hati ya kalau ada yang salah kirim pesan",
            "Minggu ini pulang?",
            "Simpan nomor pengaduan ini: {sel}",
        ],
    }),
    mail: Some(&Mail {
        notice_subj: &[
            "Pemberitahuan penarikan: pajak penghasilan",
            "[{platform}] Akun Anda dibekukan sementara",
        ],
        notice: &[
            "Permintaan penarikan {amount} USDT Anda sedang ditinjau.",
            "Sesuai aturan, Anda harus membayar pajak {fee} USDT sebelum dana dicairkan.",
            "Harap bayar dalam 48 jam atau akun akan ditutup permanen.",
        ],
        recovery_subj: &["Kami dapat mengembalikan dana kripto Anda"],
        recovery: &[
            "Tim kami telah melacak dana Anda.",
            "Biaya proses {fee} USDT harus dibayar terlebih dahulu.",
        ],
        offer_subj: &["Surat penawaran kerja: {job} di {city}"],
        offer: &[
            "Kami dengan senang hati menawarkan posisi {job} di kantor kami di {city}.",
            "Gaji {salary} USD per bulan, tiket dan visa ditanggung.",
            "Mohon kirim salinan paspor dalam 3 hari.",
        ],
        complaint_subj: &[
            "Laporan penipuan {platform}",
            "Fwd: saya tertipu, mohon bantuan",
        ],
        complaint: &[
            "Saya ingin melaporkan penipuan investasi {platform}.",
            "Terlampir tangkapan layar chat dan bukti transfer.",
        ],
        newsletter_subj: &["Waspada penipuan lowongan kerja luar negeri"],
        newsletter: &[
            "Jangan bayar siapa pun yang menjanjikan pengembalian dana.",
            "Tawaran kerja luar negeri bergaji tinggi bisa jadi modus perdagangan orang.",
        ],
        hello: &["Yth. Nasabah,", "Halo {victim},"],
        bye: &["Hormat kami,", "Terima kasih,"],
    }),
    web: Some(&Web {
        tagline: &[
            "Platform investasi kripto terpercaya",
            "Profit harian stabil dengan AI",
        ],
        features: &["Profit {percent}% per hari", "CS 24 jam"],
        download: &["Unduh aplikasi: {sel}"],
        contact: &["Layanan pelanggan: {sel}"],
        deposit: &["Alamat deposit USDT-TRC20: {sel}"],
        footer: &["© 2024 {platform}. Hak cipta dilindungi."],
        warning_title: &["Waspada: daftar platform investasi bodong"],
        warning: &[
            "Jangan deposit ke platform berikut.",
            "Laporkan ke polisi dan hubungi {sel}.",
        ],
    }),
    words: Words {
        relatives: &[
            "anak laki-laki",
            "anak perempuan",
            "kakak",
            "adik",
            "suami",
            "sepupu",
        ],
        jobs: &[
            "customer service",
            "admin online",
            "penerjemah",
            "marketing",
            "operator data",
        ],
        items: &[
            "iPhone 15 Pro",
            "vacuum Dyson",
            "sepatu Nike",
            "tas branded",
        ],
        countries: ["Myanmar", "Kamboja", "Laos", "Filipina", "Thailand"],
    },
};
