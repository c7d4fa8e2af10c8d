"""Phrase banks for the synthetic Jember scenario.

Every sentence here was written for Pantau's emulator: none is taken from a real account or
from any corpus. They imitate how people around Jember reply to an election commission
online: Indonesian (formal and chatty), East-Javanese ("Pendalungan") Javanese, Madurese and
mixtures, with slang, missing punctuation and emoji. Each phrase carries the labels a careful
annotator would give under the NLP tag contract (sentiment, stage, awareness, flags), which
become the scenario's ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Phrase:
    """One reply template and the labels it is meant to carry."""

    text: str
    lang: str  # id | jv | mad | mixed
    sentiment: str  # positive | neutral | negative
    stage: str
    awareness: str
    flags: tuple[str, ...] = ()


def _bank(
    stage: str, awareness: str, sentiment: str, flags: tuple[str, ...], rows: list[tuple[str, str]]
) -> list[Phrase]:
    return [Phrase(text, lang, sentiment, stage, awareness, flags) for lang, text in rows]


Q = ("question",)
MIS = ("misinformation",)
MIS_Q = ("misinformation", "question")
GOLPUT = ("golput_intent",)
COMPLAINT = ("complaint",)
VIOLATION = ("violation_report",)

# -- planted pattern: "voting is postponed / on the 28th" rumour ---------------------------------
RUMOUR: list[Phrase] = _bank(
    "pemungutan_suara",
    "misinformed",
    "neutral",
    MIS_Q,
    [
        ("id", "Katanya pilkada diundur ya min? Bener gak sih"),
        ("id", "nyoblos tgl 28 kan? soalnya tgl 27 masih masuk kerja"),
        ("id", "Info dari grup RT coblosan pindah ke tanggal 28 November, mohon dikonfirmasi"),
        ("id", "Kok di grup bilangnya nyoblos tgl 28? Yang bener yg mana"),
        ("id", "Pilkada ditunda kak? tetangga pada bilang gitu"),
        ("jv", "jare pilkada diundur yo, bener ta?"),
        ("jv", "coblosane tgl 28 kan? aku krungu ngono"),
        ("jv", "wong-wong nang pasar ngomong nyoblos e diundur, piye iki min"),
        ("mad", "Reng-oreng ngoca' coblosan e-undur, bhender ta'?"),
        ("mad", "jare oreng pasar nyoblos tanggal 28, bhender?"),
        ("mad", "bila coblosan, tanggal 28 yâ? bâdâ se ngoca' e-undur"),
        ("mixed", "min pilkada diundur ta? soale nang grup WA rame"),
        ("mixed", "Katanya nyoblos tgl 28 rek, jadi tgl 27 gak libur ya?"),
    ],
) + _bank(
    "pemungutan_suara",
    "misinformed",
    "negative",
    MIS,
    [
        ("id", "pilkada diundur ke desember, udah disebar di grup WA kelurahan"),
        ("id", "denger2 pilkada jember diundur tahun depan krn anggaran blm cair"),
        ("id", "Udah resmi diundur kok, jadi tgl 27 gak usah libur. KPU kok diem aja"),
        ("jv", "Pilkada diundur maneh, wis ra jelas blas"),
        ("jv", "grup wa keluarga jare nyoblose tanggal 28 rek, KPU ora ngumumno"),
        ("mad", "engkok ngeding pilkada e-tunda, KPU ta' aberri' kabar"),
        ("mixed", "info dr grup: pilkada ditunda sampai desember. kok KPU gak ngumumin sih"),
    ],
)

# -- planted pattern: DPT registration questions -------------------------------------------------
DPT_QUESTION: list[Phrase] = _bank(
    "pemutakhiran_data",
    "asking",
    "neutral",
    Q,
    [
        ("id", "Min cara cek DPT gimana ya? nama saya belum ada"),
        ("id", "Mau tanya, kalau pindah domisili bisa pindah memilih gak? caranya gmn"),
        ("id", "Saya baru 17 tahun bulan ini, sudah masuk DPT belum? ceknya dimana"),
        ("id", "Kalau belum terdaftar di DPT masih bisa nyoblos pakai KTP gak kak?"),
        ("id", "Batas akhir pindah memilih kapan ya min?"),
        ("id", "Apakah DPTb masih dibuka? saya kerja di luar kota"),
        ("id", "cekdptonline error terus min, ada cara lain buat cek?"),
        ("jv", "min piye carane cek DPT? jenengku durung ono"),
        ("jv", "lek pindah memilih iku ngurus e nang endi?"),
        ("jv", "aku wis 17 taun, wis mlebu DPT durung yo?"),
        ("jv", "nek durung kedaftar iso nyoblos nggowo KTP ta?"),
        ("mad", "Min, kadhiye apa carana cek DPT? nyama engkok ta' bâdâ"),
        ("mad", "mon ngalle memilih, ngurusa e dimma?"),
        ("mad", "engkok la 17 taon, la ma'so' DPT apa gi' ta'?"),
        ("mad", "Bila terakhir pindah memilih min?"),
        ("mixed", "min cek DPT nang endi ya? link e error"),
        ("mixed", "pindah memilih gmn rek, aku kuliah nang malang"),
    ],
) + _bank(
    "pemutakhiran_data",
    "asking",
    "negative",
    ("question", "complaint"),
    [
        ("id", "Cek DPT online kok nama ibu saya gak muncul ya min, padahal dulu terdaftar"),
        ("id", "Nama almarhum bapak masih ada di DPT, lapornya kemana?"),
        ("jv", "cek dpt online kok jenengku ra metu, piye iki"),
        ("mad", "nyamana embu' ta' bâdâ e DPT, dimma nanya'a?"),
        ("mixed", "nama saya ndak ada di DPT padahal wis dicoklit, piye min?"),
    ],
)

# -- planted pattern: golput / apathy -------------------------------------------------------------
GOLPUT_APATHY: list[Phrase] = _bank(
    "none",
    "apathetic",
    "negative",
    GOLPUT,
    [
        ("id", "Golput aja lah, siapa pun yg menang sama aja"),
        ("id", "Males nyoblos, jalan desa dari dulu gak pernah dibenerin"),
        ("id", "Mending kerja daripada antri di TPS"),
        ("id", "Sekeluarga sepakat gak nyoblos tahun ini"),
        ("id", "gak ada calon yg peduli sama petani, golput"),
        ("jv", "golput ae wis, podo ae"),
        ("jv", "aku ora nyoblos, mending nang sawah"),
        ("jv", "males rek, jalane ae rusak ra didandani, ngapain nyoblos"),
        ("mad", "Engkok ta' nyoblos, padâ bhâi"),
        ("mad", "Ta' endâ' nyoblos, sapa bhâi se menang ta' ngaruh"),
        ("mad", "golput bhâi, oreng dhisa ta' eperhatiagi"),
        ("mixed", "golput ae lah min, gak ono bedane"),
        ("mixed", "Sori min aku golput, jalan nang desaku rusak parah"),
    ],
) + _bank(
    "none",
    "apathetic",
    "negative",
    (),
    [
        ("id", "Percuma milih, ujung-ujungnya janji doang"),
        ("id", "yang penting amplopnya berapa 😂"),
        ("jv", "percuma nyoblos, sing menang yo lali karo rakyat"),
        ("jv", "nyoblos ora nyoblos podo ae, rego pupuk tetep larang"),
        ("mad", "Mending ka sabâ, coblosan ta' bâdâ gunana"),
    ],
)

# -- the single negative reply of the quiet kecamatan ---------------------------------------------
QUIET_NEGATIVE = Phrase(
    "TPS di dusun kami dipindah tapi tidak ada pemberitahuan sama sekali, kecewa",
    "id",
    "negative",
    "pemungutan_suara",
    "informed",
    COMPLAINT,
)
QUIET_CALM: list[Phrase] = _bank(
    "none",
    "none",
    "positive",
    (),
    [
        ("id", "Terima kasih infonya min 🙏"),
        ("jv", "suwun infone min"),
    ],
) + _bank(
    "pemungutan_suara",
    "informed",
    "positive",
    (),
    [
        ("id", "Siap nyoblos 27 November 👍"),
        ("mad", "engkok la olle undangan, siap nyoblos"),
    ],
)

# -- the everyday mix -----------------------------------------------------------------------------
THANKS: list[Phrase] = _bank(
    "none",
    "none",
    "positive",
    (),
    [
        ("id", "Terima kasih infonya min 🙏"),
        ("id", "Makasih KPU Jember, sangat membantu"),
        ("id", "trims infonya kak"),
        ("jv", "suwun infone min"),
        ("jv", "matur suwun sanget infonipun"),
        ("mad", "Sakalangkong infona min"),
        ("mad", "sakalangkong, la paham"),
        ("mixed", "makasih min, suwun sanget"),
    ],
)

PRAISE: list[Phrase] = _bank(
    "pemungutan_suara",
    "informed",
    "positive",
    (),
    [
        ("id", "Mantap, petugas KPPS di TPS kami ramah dan cepat"),
        ("id", "Antrian tertib, TPS bersih, salut buat KPPS"),
        ("jv", "apik min, KPPS e sregep kabeh"),
        ("mad", "bâgus min, petugassa ramah"),
    ],
) + _bank(
    "none",
    "none",
    "positive",
    (),
    [
        ("id", "Semoga lancar dan damai pilkada Jember"),
        ("id", "keren min sosialisasinya sampai ke desa-desa"),
        ("id", "Jember damai, ayo nyoblos!"),
        ("jv", "mugo-mugo lancar kabeh, Jember tetep adem"),
        ("mad", "Mogâ lancar coblosan e Jember"),
        ("mixed", "semoga lancar min, Jember aman terus rek"),
    ],
)

INFORMED: list[Phrase] = _bank(
    "pemungutan_suara",
    "informed",
    "positive",
    (),
    [
        ("id", "Siap nyoblos 27 November!"),
        ("id", "Sudah dapat undangan C6, siap datang jam 7 pagi"),
        ("id", "Sekeluarga siap ke TPS hari Rabu, jangan lupa bawa KTP"),
        ("jv", "wis oleh undangan, Rebo nyoblos"),
        ("mad", "engkok la olle undangan, siap nyoblos"),
        ("mixed", "udah dapet C6 rek, sesuk nyoblos bareng"),
    ],
) + _bank(
    "pemutakhiran_data",
    "informed",
    "neutral",
    (),
    [
        ("id", "Sudah dicoklit kemarin sama petugas pantarlih"),
        ("id", "Sudah cek DPT online, nama saya terdaftar"),
        ("jv", "aku wis dicoklit wingi"),
        ("mad", "la e-coklit kemarèn bi' petugassa"),
    ],
)

QUESTION: list[Phrase] = _bank(
    "pemungutan_suara",
    "asking",
    "neutral",
    Q,
    [
        ("id", "TPS saya di mana ya min? belum dapat undangan"),
        ("id", "Nyoblos jam berapa sampai jam berapa?"),
        ("id", "Kalau undangan C6 hilang masih bisa nyoblos?"),
        ("id", "Bawa apa aja ke TPS min?"),
        ("id", "tanggal 27 libur nasional kah?"),
        ("id", "Mohon info lokasi TPS untuk warga perumahan baru"),
        ("jv", "kapan coblosane min?"),
        ("jv", "TPS ku nang endi yo?"),
        ("jv", "undangane durung teko, piye?"),
        ("jv", "nyoblos e jam piro rek?"),
        ("mad", "Bila coblosan?"),
        ("mad", "TPS engkok e dimma?"),
        ("mad", "undangan gi' ta' dâteng, kadhiye apa?"),
        ("mad", "Nyoblos jam brapa min?"),
        ("mixed", "min TPS ku pindah ta? kok undangan e beda alamat"),
    ],
)

COMPLAINT_MIX: list[Phrase] = (
    _bank(
        "pemungutan_suara",
        "informed",
        "negative",
        COMPLAINT,
        [
            ("id", "Undangan C6 belum dibagikan di RT kami, padahal sebentar lagi coblosan"),
            ("id", "TPS kekurangan surat suara, warga disuruh nunggu lama"),
            ("id", "KPPS datang telat, TPS baru buka jam 8"),
            ("jv", "undangane durung dibagi, KPPS e piye iki"),
            ("jv", "antrine suwe banget, petugase kurang"),
            ("mad", "Undangan ta' e-bagi, nyarè e dimma?"),
            ("mixed", "TPS e sepi petugas, antri sampe jam 10 rek"),
        ],
    )
    + _bank(
        "pemutakhiran_data",
        "informed",
        "negative",
        COMPLAINT,
        [
            ("id", "Nama saya dobel di DPT, tolong dibenahi"),
        ],
    )
    + _bank(
        "kampanye",
        "informed",
        "negative",
        COMPLAINT,
        [
            ("id", "APK paslon masih nempel di pohon pinggir jalan, tolong ditertibkan"),
        ],
    )
)

VIOLATION_MIX: list[Phrase] = _bank(
    "masa_tenang",
    "informed",
    "negative",
    VIOLATION,
    [
        ("id", "Min ada bagi-bagi amplop di kampung kami malam ini"),
        ("id", "Masa tenang kok masih ada yang pasang baliho"),
        ("jv", "ono sing bagi-bagi duit bengi iki, iku serangan fajar ta?"),
        ("mad", "Bâdâ se abâgi pèssè malem reya, kadhiye apa?"),
    ],
) + _bank(
    "masa_tenang",
    "asking",
    "negative",
    ("violation_report", "question"),
    [
        ("id", "serangan fajar sudah mulai, lapor kemana min?"),
    ],
)

COUNTING: list[Phrase] = _bank(
    "penghitungan_rekapitulasi",
    "asking",
    "neutral",
    Q,
    [
        ("id", "Kapan hasil rekap resmi diumumkan?"),
        ("id", "Sirekap kok belum update min?"),
        ("id", "Honor KPPS kapan cair min?"),
        ("jv", "hasile kapan diumumno min?"),
        ("jv", "rekap e wis mari durung?"),
        ("mad", "Bila hasilla e-omommagi?"),
    ],
) + _bank(
    "penghitungan_rekapitulasi",
    "informed",
    "positive",
    (),
    [
        ("id", "Hitung suara di TPS kami selesai jam 11 malam, petugas mantap"),
        ("jv", "ngitung suarane transparan, apik"),
    ],
)

CAMPAIGN: list[Phrase] = _bank(
    "kampanye",
    "none",
    "positive",
    (),
    [
        ("id", "debat kemarin seru, semoga paslon menepati janji"),
        ("jv", "debat e rame, mugo sing menang amanah"),
    ],
) + _bank(
    "kampanye",
    "asking",
    "neutral",
    Q,
    [
        ("id", "Debat terakhir disiarkan di mana min?"),
    ],
)

OFFTOPIC: list[Phrase] = _bank(
    "none",
    "none",
    "neutral",
    (),
    [
        ("id", "Ikut nyimak"),
        ("id", "Jember hujan terus min, hati-hati di jalan"),
        ("id", "mampir min, jualan tahu walik di alun-alun 😁"),
        ("id", "numpang promo pulsa murah, cek bio"),
        ("jv", "melu nyimak"),
        ("jv", "wis mangan durung min 😂"),
        ("mad", "ngereng min"),
        ("mixed", "hadir min, dari pagi nyimak ae"),
    ],
)

# place names that look like Jember kecamatan but are not (precision traps, no kecamatan)
TRAP_PLACE: list[Phrase] = _bank(
    "pemutakhiran_data",
    "asking",
    "neutral",
    Q,
    [
        ("id", "Saya pindahan dari Kabupaten Jombang, bisa nyoblos di sini gak?"),
    ],
) + _bank(
    "none",
    "none",
    "neutral",
    (),
    [
        ("id", "Sodara saya di Arjasa, Sumenep katanya coblosannya lancar"),
        ("id", "Kemarin ke panti asuhan bagi sembako, semoga pilkada damai"),
        ("id", "Air di tanggul sungai naik lagi, semoga hari Rabu gak banjir"),
        ("jv", "mbakyuku nang Kabupaten Jombang wis oleh undangan, aku durung"),
    ],
)

OFFICIAL_ANSWERS: dict[str, str] = {
    "pemutakhiran_data": (
        "Terima kasih atas pertanyaannya. Status pemilih dapat dicek di cekdptonline.kpu.go.id "
        "dengan memasukkan NIK sesuai KTP-el. Bila belum terdaftar, silakan menghubungi PPS di "
        "desa/kelurahan setempat."
    ),
    "pemungutan_suara": (
        "Pemungutan suara dilaksanakan Rabu, 27 November 2024 pukul 07.00-13.00 WIB. Bawa KTP-el "
        "dan surat pemberitahuan (C6). Lokasi TPS tercantum pada surat pemberitahuan."
    ),
    "misinformed": (
        "Kabar penundaan tersebut tidak benar. Pemungutan suara Pilkada tetap dilaksanakan pada "
        "Rabu, 27 November 2024. Mohon tidak menyebarkan informasi yang belum terverifikasi."
    ),
    "penghitungan_rekapitulasi": (
        "Hasil resmi ditetapkan melalui rapat pleno rekapitulasi berjenjang. Informasi terbaru "
        "akan kami sampaikan melalui akun resmi KPU Kabupaten Jember."
    ),
    "masa_tenang": (
        "Terima kasih atas laporannya. Dugaan pelanggaran dapat dilaporkan kepada Bawaslu "
        "Kabupaten Jember beserta bukti pendukung."
    ),
}

# -- how people name a place in a reply -----------------------------------------------------------
PLACE_CLAUSES: dict[str, list[str]] = {
    "id": [
        "saya di {kec}",
        "warga {desa}, {kec}",
        "dari {kec} min",
        "TPS desa {desa}",
        "saya tinggal di {kec}",
        "(warga {desa})",
    ],
    "jv": ["aku nang {kec}", "wong {desa} {kec}", "nang {kec} iki", "TPS {desa}"],
    "mad": ["engkok e {kec}", "oreng {desa}", "dâri {kec}", "e {desa}"],
    "mixed": ["aku warga {kec}", "TPS desa {desa} rek", "nang {kec} min"],
}

# -- how authors describe themselves in a profile -------------------------------------------------
PROFILE_WITH_KECAMATAN = [
    "{kec}, Jember",
    "Kec. {kec}",
    "{kec} - Jember",
    "🏠 {kec}",
    "{desa}, {kec}",
    "Jember ({kec})",
]
PROFILE_GENERIC = [
    "Jember",
    "Jember, Jawa Timur",
    "Indonesia",
    "Surabaya",
    "bumi pandhalungan",
    "Jawa Timur",
    "Malang",
    "Bali",
]

EMOJI = ["🙏", "👍", "😁", "😂", "🤔", "😅", "🙏🙏", "🔥", "🇮🇩", "😤", "🥲", "✌️"]
ADDRESS = {
    "id": ["min", "kak", "admin"],
    "jv": ["min", "rek", "cak"],
    "mad": ["min", "cong", "lek"],
    "mixed": ["min", "rek"],
}

OPENERS = {
    "id": ["Assalamualaikum,", "Permisi,", "Halo min,", "Maaf,", "Wah,", "Nah,", "Selamat pagi,"],
    "jv": ["Lho,", "Wah,", "Nuwun sewu,", "Rek,", "Sugeng enjing,"],
    "mad": ["Assalamualaikum,", "Lho,", "Ma'af,", "Cong,"],
    "mixed": ["Lho,", "Halo min,", "Wah,", "Punten,"],
}
CLOSERS = {
    "id": ["ya", "dong", "sih", "😊", "terima kasih"],
    "jv": ["yo", "rek", "suwun", "nggih"],
    "mad": ["yâ", "sakalangkong", "cong"],
    "mixed": ["rek", "ya min", "suwun"],
}

# informal spellings people really use; applied at random, never to every word
SLANG = {
    "yang": "yg",
    "tidak": "gak",
    "sudah": "udah",
    "belum": "blm",
    "bagaimana": "gmn",
    "terima kasih": "makasih",
    "dengan": "dgn",
    "karena": "krn",
    "saya": "sy",
    "untuk": "utk",
    "tanggal": "tgl",
    "sama": "sm",
}


# -- the commission's own posts ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PostTemplate:
    """An official post, usable between ``first`` and ``last`` days relative to voting day."""

    text: str
    stage: str
    first: int
    last: int


VOTING_DAY_TEXT = "Rabu, 27 November 2024"

POSTS: list[PostTemplate] = [
    PostTemplate(
        "Sudahkah Anda terdaftar sebagai pemilih? Cek status Anda di cekdptonline.kpu.go.id "
        "dengan memasukkan NIK. #PilkadaJember2024",
        "pemutakhiran_data",
        -16,
        -4,
    ),
    PostTemplate(
        "Pemilih yang berpindah domisili dapat mengurus pindah memilih melalui PPS atau "
        "KPU Kabupaten Jember sesuai jadwal yang ditetapkan. Bawa KTP-el dan dokumen "
        "pendukung.",
        "pemutakhiran_data",
        -16,
        -8,
    ),
    PostTemplate(
        "Pemilih pemula yang genap berusia 17 tahun pada hari pemungutan suara berhak "
        "memilih. Pastikan nama Anda tercantum dalam DPT.",
        "pemutakhiran_data",
        -16,
        -6,
    ),
    PostTemplate(
        "Debat publik pasangan calon Bupati dan Wakil Bupati Jember dapat disaksikan "
        "melalui siaran langsung. Kenali visi dan misi calon pemimpin Anda.",
        "kampanye",
        -16,
        -5,
    ),
    PostTemplate(
        "Masa kampanye berakhir 23 November 2024. Mari jaga Jember tetap damai dan sejuk.",
        "kampanye",
        -8,
        -4,
    ),
    PostTemplate(
        "Memasuki masa tenang 24-26 November 2024, segala bentuk kampanye dilarang. "
        "Dugaan pelanggaran dapat dilaporkan kepada Bawaslu Kabupaten Jember.",
        "masa_tenang",
        -3,
        -1,
    ),
    PostTemplate(
        "Surat pemberitahuan memilih (C6) dibagikan oleh KPPS kepada pemilih di alamat "
        "masing-masing. Belum menerima? Hubungi KPPS setempat.",
        "pemungutan_suara",
        -7,
        -1,
    ),
    PostTemplate(
        "Pemungutan suara Pilkada serentak dilaksanakan " + VOTING_DAY_TEXT + " pukul "
        "07.00-13.00 WIB. Gunakan hak pilih Anda! #AyoNyoblos",
        "pemungutan_suara",
        -10,
        -1,
    ),
    PostTemplate(
        "KLARIFIKASI: beredar kabar pemungutan suara diundur. Kabar tersebut TIDAK BENAR. "
        "Pemungutan suara tetap " + VOTING_DAY_TEXT + ".",
        "pemungutan_suara",
        -3,
        -1,
    ),
    PostTemplate(
        "Hari ini pemungutan suara! TPS dibuka pukul 07.00 WIB. Bawa KTP-el dan surat "
        "pemberitahuan (C6). #PilkadaJember2024",
        "pemungutan_suara",
        0,
        0,
    ),
    PostTemplate(
        "Pemilih yang tidak menerima C6 tetap dapat memilih dengan menunjukkan KTP-el di "
        "TPS sesuai alamat yang tercantum di DPT.",
        "pemungutan_suara",
        -2,
        0,
    ),
    PostTemplate(
        "Penghitungan suara di TPS terbuka untuk disaksikan masyarakat dan saksi pasangan calon.",
        "penghitungan_rekapitulasi",
        0,
        2,
    ),
    PostTemplate(
        "Rekapitulasi hasil penghitungan suara tingkat kecamatan sedang berlangsung. "
        "Pantau perkembangannya melalui akun resmi kami.",
        "penghitungan_rekapitulasi",
        1,
        8,
    ),
    PostTemplate(
        "Terima kasih kepada seluruh KPPS, PPS, dan PPK se-Kabupaten Jember atas kerja "
        "kerasnya menyukseskan pemungutan suara.",
        "penghitungan_rekapitulasi",
        1,
        6,
    ),
    PostTemplate(
        "Rapat pleno terbuka rekapitulasi tingkat Kabupaten Jember dilaksanakan sesuai "
        "jadwal dan dapat disaksikan publik.",
        "penghitungan_rekapitulasi",
        4,
        10,
    ),
    PostTemplate(
        "Tahapan berikutnya adalah penetapan pasangan calon terpilih sesuai ketentuan "
        "dan jadwal yang berlaku.",
        "penetapan",
        6,
        14,
    ),
    PostTemplate(
        "Ayo cek informasi resmi tahapan Pilkada Jember hanya dari kanal resmi KPU "
        "Kabupaten Jember. Waspada hoaks!",
        "none",
        -16,
        14,
    ),
]
