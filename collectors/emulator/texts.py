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
    barrier: str = ""  # kind of voting_barrier, "" when the phrase has none


def bank(
    stage: str,
    awareness: str,
    sentiment: str,
    flags: tuple[str, ...],
    rows: list[tuple[str, str]],
    barrier: str = "",
) -> list[Phrase]:
    """Phrases sharing one set of labels, from ``(language, text)`` rows."""
    return [Phrase(text, lang, sentiment, stage, awareness, flags, barrier) for lang, text in rows]


Q = ("question",)
MIS = ("misinformation",)
MIS_Q = ("misinformation", "question")
GOLPUT = ("golput_intent",)
COMPLAINT = ("complaint",)
VIOLATION = ("violation_report",)

# -- planted pattern: "voting is postponed / on the 28th" rumour ---------------------------------
RUMOUR: list[Phrase] = bank(
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
        ("mad", "ca'na oreng pasar nyoblos tanggal 28, bhender?"),
        ("mad", "bila coblosan, tanggal 28 yâ? bâdâ se ngoca' e-undur"),
        ("mixed", "min pilkada diundur ta? soale nang grup WA rame"),
        ("mixed", "Katanya nyoblos tgl 28 rek, jadi tgl 27 gak libur ya?"),
    ],
) + bank(
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
DPT_QUESTION: list[Phrase] = bank(
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
        ("mixed", "Bila terakhir pindah memilih min?"),
        ("mixed", "min cek DPT nang endi ya? link e error"),
        ("mixed", "pindah memilih gmn rek, aku kuliah nang malang"),
    ],
) + bank(
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
# Labels follow the turnout-signals taxonomy: golput intent (will not vote), cynicism (distrust
# of politics as a class), both, or money decides alone (apathetic, no flag).
GOLPUT_CYNIC = ("cynicism", "golput_intent")
GOLPUT_APATHY: list[Phrase] = (
    bank(
        "none",
        "apathetic",
        "negative",
        GOLPUT,
        [
            ("id", "Mending kerja daripada antri di TPS"),
            ("id", "Sekeluarga sepakat gak nyoblos tahun ini"),
            ("jv", "aku ora nyoblos, mending nang sawah"),
            ("jv", "males rek, jalane ae rusak ra didandani, ngapain nyoblos"),
            ("mixed", "Sori min aku golput, jalan nang desaku rusak parah"),
            ("mad", "Mending ka sabâ, coblosan ta' bâdâ gunana"),
        ],
    )
    + bank(
        "none",
        "apathetic",
        "negative",
        GOLPUT_CYNIC,
        [
            ("id", "Golput aja lah, siapa pun yg menang sama aja"),
            ("id", "Males nyoblos, dari dulu sama aja, jalan desa gak pernah dibenerin"),
            ("id", "gak ada calon yg peduli sama petani, golput"),
            ("id", "Percuma milih, ujung-ujungnya janji doang"),
            ("jv", "golput ae wis, podo ae"),
            ("jv", "percuma nyoblos, sing menang yo lali karo rakyat"),
            ("mad", "Engkok ta' nyoblos, padâ bhâi"),
            ("mad", "Ta' endâ' nyoblos, sapa bhâi se menang ta' ngaruh"),
            ("mad", "golput bhâi, oreng dhisa ta' eperhatiagi"),
            ("mixed", "golput ae lah min, gak ono bedane"),
        ],
    )
    + bank(
        "none",
        "apathetic",
        "negative",
        ("cynicism",),
        [
            ("jv", "nyoblos ora nyoblos podo ae, rego pupuk tetep larang"),
        ],
    )
    + bank(
        "none",
        "apathetic",
        "negative",
        (),
        [
            ("id", "yang penting amplopnya berapa 😂"),  # money decides
        ],
    )
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
QUIET_CALM: list[Phrase] = bank(
    "none",
    "none",
    "positive",
    (),
    [
        ("id", "Terima kasih infonya min 🙏"),
        ("jv", "suwun infone min"),
    ],
) + bank(
    "pemungutan_suara",
    "informed",
    "positive",
    (),
    [
        ("id", "Siap nyoblos 27 November 👍"),
        ("mad", "engkok la olle undangan, siap nyoblos"),
    ],
)

TRAP_PLACE: list[Phrase] = bank(
    "pemutakhiran_data",
    "asking",
    "neutral",
    Q,
    [
        ("id", "Saya pindahan dari Kabupaten Jombang, bisa nyoblos di sini gak?"),
    ],
) + bank(
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
QUESTION_TAGS = frozenset({"ya", "sih", "yo", "rek", "yâ", "cong", "ya min", "dong"})
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
