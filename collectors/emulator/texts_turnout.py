"""Phrase banks for the turnout signals: cynicism and the six kinds of voting barrier.

Written for Pantau's emulator like ``texts.py`` (none is taken from a real account, and none is
in the NLP dev or training files). Labels follow the tag contract: cynicism is distrust of
politicians or the process as a class without saying the writer will not vote; a barrier is a
practical reason the writer (or people around them) may be unable to vote, with its kind.
Golput intent lives in ``texts.GOLPUT_APATHY``.
"""

from __future__ import annotations

from collectors.emulator.texts import Phrase, bank

CYNIC = ("cynicism",)
BARRIER = ("voting_barrier",)
BARRIER_Q = ("question", "voting_barrier")
BARRIER_C = ("complaint", "voting_barrier")
BARRIER_CQ = ("complaint", "question", "voting_barrier")

CYNICISM: list[Phrase] = bank(
    "none",
    "apathetic",
    "negative",
    CYNIC,
    [
        ("id", "Calonnya beda, janjinya sama, ujung-ujungnya janji doang"),
        ("id", "Siapa pun bupatinya, harga tembakau petani tetap gitu-gitu aja"),
        ("id", "Sudah biasa, begitu menang langsung lupa sama rakyat kecil"),
        ("id", "Politik itu kotor, yang dikejar cuma kursi dan balik modal"),
        ("id", "Bupati sudah ganti tiga kali, jalan ke dusun kami tetap rusak"),
        ("id", "Namanya juga politik, pengkhianatan itu hal biasa"),
        ("jv", "Calon-calone podo ae, janjine thok sing akeh"),
        ("jv", "Sopo wae sing dadi bupati, wong cilik yo tetep rekoso"),
        ("jv", "Mengko nek wes lungguh yo lali karo rakyat, wes biasa"),
        ("jv", "Bupatine ganti ping pindo, dalan nang desaku tetep bolong"),
        ("mad", "Calon-calon ghun janji bhâi, marè menang loppa ka rakyat"),
        ("mad", "Maske bupatina ganti, oreng tanè tetep mesken"),
        ("mad", "Politik ghun sandiwara, pejabat ghun mèkker dhibi'"),
        ("mixed", "podo ae rek, kabeh calon janji doang"),
        ("mixed", "sopo ae sing menang, dalane deso tetep rusak min"),
    ],
) + bank(
    "none",
    "apathetic",
    "negative",
    CYNIC,
    [  # money decides, said as a claim about who wins
        ("id", "Ujungnya duit yang menang, visi misi cuma pajangan"),
        ("jv", "Sing sugih sing menang, wong cilik mung nonton"),
    ],
)

BARRIER_NOT_REGISTERED: list[Phrase] = bank(
    "pemutakhiran_data",
    "informed",
    "negative",
    BARRIER_C,
    [
        ("id", "Nama saya tidak ada di DPT, padahal dari lahir tinggal di sini"),
        ("id", "Rumah kami sampai sekarang belum pernah didatangi petugas coklit"),
        ("jv", "Jenenge bapakku ilang teko DPT, padahal taun wingi nyoblos"),
        ("mad", "Nyama embu' ta' bâdâ e DPT, padahal la lama tinggal e dhisa"),
    ],
    "not_registered",
) + bank(
    "pemutakhiran_data",
    "asking",
    "neutral",
    BARRIER_CQ,
    [
        ("id", "Anak saya sudah 17 tahun tapi belum terdaftar di DPT, harus lapor ke mana?"),
        ("mixed", "jeneng bojoku ora ono nang daftar pemilih, kudu lapor nang endi min?"),
    ],
    "not_registered",
)

BARRIER_AWAY: list[Phrase] = bank(
    "pemutakhiran_data",
    "asking",
    "neutral",
    BARRIER_Q,
    [
        ("id", "Saya kerja di Sidoarjo tapi KTP Jember, cara pindah memilih gimana?"),
        ("id", "Kuliah di Surabaya, tanggal 27 tidak bisa pulang, masih bisa urus DPTb?"),
        ("jv", "Saiki aku nyambut gawe nang Gresik, coblosan ora iso bali, piye min?"),
        ("jv", "Anakku mondok nang Pasuruan, iso nyoblos nang pondok ta min?"),
        ("mad", "Lakè kaula ghi' alako e Korea, ta' molè sampè taon dâpan, kakdimma?"),
        ("mixed", "adikku kuliah nang Semarang, urus DPTb iseh sempat ta min?"),
    ],
    "away_from_home",
) + bank(
    "pemungutan_suara",
    "informed",
    "negative",
    BARRIER,
    [
        ("id", "Separuh pemuda dusun kami kerja di Bali, tidak bisa pulang buat nyoblos"),
        ("jv", "Tonggo-tonggoku akeh sing merantau nang Batam, ora iso melu nyoblos"),
        ("mad", "Sabagiyan oreng dhisa lagi alako e Kalimantan, ta' bisa toron ka TPS"),
    ],
    "away_from_home",
)

BARRIER_NO_INVITATION: list[Phrase] = bank(
    "pemungutan_suara",
    "informed",
    "negative",
    BARRIER_C,
    [
        ("id", "H-2 dan undangan C6 untuk keluarga kami belum juga sampai"),
        ("jv", "Undangan coblosan durung teko nang omahku, sak RT yo durung"),
        ("mad", "Sakaluarga ghi' ta' ollè undangan coblosan"),
    ],
    "no_invitation",
) + bank(
    "pemungutan_suara",
    "asking",
    "neutral",
    BARRIER_CQ,
    [
        ("id", "Belum terima undangan C6, boleh nyoblos cuma bawa KTP?"),
        ("mixed", "undangan e durung teko min, sesuk iso nyoblos gak?"),
    ],
    "no_invitation",
)

BARRIER_NO_ID_CARD: list[Phrase] = bank(
    "pemungutan_suara",
    "asking",
    "neutral",
    BARRIER_Q,
    [
        ("id", "KTP saya hilang minggu lalu, masih bisa nyoblos pakai KK?"),
        ("id", "Anak saya baru rekam e-KTP, kartunya belum jadi, boleh nyoblos?"),
        ("jv", "KTP-ku ilang nang pasar min, iso nyoblos ora?"),
        ("mad", "KTP engkok ilang, gi' bisa nyoblos ta'?"),
        ("mixed", "e-KTP ku durung dadi rek, iso nyoblos gak?"),
    ],
    "no_id_card",
)

BARRIER_WORK_HEALTH: list[Phrase] = bank(
    "pemungutan_suara",
    "asking",
    "neutral",
    BARRIER_Q,
    [
        ("id", "Shift saya di pabrik mulai jam 6 pagi sampai sore pas hari coblosan, gimana ya?"),
        ("id", "Bapak saya stroke, bisa didatangi petugas KPPS di rumah?"),
        ("jv", "Bosku ora menehi prei pas coblosan, piye iki min?"),
        ("mad", "Embu' sakè', ta' bisa ka TPS, bisa èdâtengè petugas?"),
    ],
    "work_or_health",
) + bank(
    "pemungutan_suara",
    "informed",
    "negative",
    BARRIER,
    [
        ("id", "Gudang tempat suami kerja tetap buka tanggal 27, dia gak dapat libur"),
        ("mixed", "aku jaga toko seharian rek, gak sempat nyoblos kayak e"),
    ],
    "work_or_health",
)

BARRIER_TPS_ACCESS: list[Phrase] = bank(
    "pemungutan_suara",
    "informed",
    "negative",
    BARRIER_C,
    [
        ("id", "TPS dusun kami jauh, warga harus nyebrang sungai"),
        ("id", "Jalan ke TPS rusak parah, motor pun susah lewat"),
        ("jv", "TPS ne pindah nang balai deso sing adoh, mbah ora kuat mlaku"),
        ("mad", "TPS na e lao' songay, kodu numpak perahu"),
        ("mixed", "dalan nang TPS becek min, wong tuwo gak kuat lewat"),
    ],
    "tps_access",
)

BARRIERS: list[Phrase] = (
    BARRIER_NOT_REGISTERED
    + BARRIER_AWAY
    + BARRIER_NO_INVITATION
    + BARRIER_NO_ID_CARD
    + BARRIER_WORK_HEALTH
    + BARRIER_TPS_ACCESS
)
