"""Phrase banks for the everyday mix of replies (thanks, questions, complaints, off-topic...).

Written for Pantau's emulator like ``texts.py``; none is taken from a real account.
"""

from __future__ import annotations

from collectors.emulator.texts import COMPLAINT, VIOLATION, Phrase, Q, bank

THANKS: list[Phrase] = bank(
    "none",
    "none",
    "positive",
    (),
    [
        ("id", "Terima kasih infonya min 🙏"),
        ("id", "Makasih KPU Jember, sangat membantu"),
        ("id", "Terima kasih KPU, informasinya jelas"),
        ("id", "Siap, makasih min 👍"),
        ("jv", "suwun min, wis jelas saiki"),
        ("mad", "sakalangkong min, ella jelas"),
        ("id", "trims infonya kak"),
        ("jv", "suwun infone min"),
        ("jv", "matur suwun sanget infonipun"),
        ("mad", "Sakalangkong infona min"),
        ("mad", "sakalangkong, la paham"),
        ("mixed", "makasih min, suwun sanget"),
    ],
)

PRAISE: list[Phrase] = bank(
    "pemungutan_suara",
    "informed",
    "positive",
    (),
    [
        ("id", "Mantap, petugas KPPS di TPS kami ramah dan cepat"),
        ("id", "Antrian tertib, TPS bersih, salut buat KPPS"),
        ("id", "Petugas PPS di desa kami aktif sosialisasi, mantap"),
        ("jv", "apik min, KPPS e sregep kabeh"),
        ("mad", "bâgus min, petugassa ramah"),
    ],
) + bank(
    "none",
    "none",
    "positive",
    (),
    [
        ("id", "Semoga lancar dan damai pilkada Jember"),
        ("id", "keren min sosialisasinya sampai ke desa-desa"),
        ("jv", "sosialisasine apik, wong tuwo dadi ngerti"),
        ("id", "Jember damai, ayo nyoblos!"),
        ("jv", "mugo-mugo lancar kabeh, Jember tetep adem"),
        ("mad", "Mogâ lancar coblosan e Jember"),
        ("mixed", "semoga lancar min, Jember aman terus rek"),
    ],
)

INFORMED: list[Phrase] = bank(
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
) + bank(
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

QUESTION: list[Phrase] = bank(
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
        ("id", "{tps} di desa kami pindah ke mana ya min?"),
        ("id", "Kalau sedang dirawat di rumah sakit bisa nyoblos nggak min?"),
        ("id", "Mahasiswa perantauan bisa nyoblos di Jember gak?"),
        ("id", "Jam 12 masih bisa ke TPS kan?"),
        ("id", "Apakah KTP lama masih bisa dipakai buat nyoblos?"),
        ("jv", "lek ora nggowo undangan oleh nyoblos ta?"),
        ("jv", "{tps} iku nang balai desa opo nang sekolahan?"),
        ("jv", "mbahku ora iso mlaku, iso dicoblosno nang omah ta?"),
        ("mad", "Mon ta' ngeba KTP, bisa nyoblos?"),
        ("mad", "{tps} e dimma, cong?"),
        ("mixed", "min jam piro TPS tutup? aku kerja sampe siang"),
        ("jv", "kapan coblosane min?"),
        ("jv", "TPS ku nang endi yo?"),
        ("jv", "undangane durung teko, piye?"),
        ("jv", "nyoblos e jam piro rek?"),
        ("mad", "Bila coblosan?"),
        ("mad", "TPS engkok e dimma?"),
        ("mad", "undangan gi' ta' dâteng, kadhiye apa?"),
        ("mad", "Nyoblos jam bârâmpa min?"),
        ("mixed", "min TPS ku pindah ta? kok undangan e beda alamat"),
    ],
)

COMPLAINT_MIX: list[Phrase] = (
    bank(
        "pemungutan_suara",
        "informed",
        "negative",
        COMPLAINT,
        [
            ("id", "Undangan C6 belum dibagikan di RT kami, padahal sebentar lagi coblosan"),
            ("id", "TPS kekurangan surat suara, warga disuruh nunggu lama"),
            ("id", "KPPS datang telat, TPS baru buka jam 8"),
            ("id", "Di {tps} bilik suaranya cuma dua, antre panjang"),
            ("jv", "{tps} adoh banget teko omah, mbah-mbah kesel"),
            ("mad", "TPS jhâu, oreng seppo ta' bisa dâteng"),
            ("jv", "undangane durung dibagi, KPPS e piye iki"),
            ("jv", "antrine suwe banget, petugase kurang"),
            ("mad", "Undangan ta' e-bagi, nyarè e dimma?"),
            ("mixed", "TPS e sepi petugas, antri sampe jam 10 rek"),
        ],
    )
    + bank(
        "pemutakhiran_data",
        "informed",
        "negative",
        COMPLAINT,
        [
            ("id", "Nama saya dobel di DPT, tolong dibenahi"),
            ("id", "Petugas pantarlih gak pernah datang ke rumah kami di {rt}"),
        ],
    )
    + bank(
        "kampanye",
        "informed",
        "negative",
        COMPLAINT,
        [
            ("id", "APK paslon masih nempel di pohon pinggir jalan, tolong ditertibkan"),
        ],
    )
)

VIOLATION_MIX: list[Phrase] = bank(
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
) + bank(
    "masa_tenang",
    "asking",
    "negative",
    ("violation_report", "question"),
    [
        ("id", "serangan fajar sudah mulai, lapor kemana min?"),
    ],
)

COUNTING: list[Phrase] = bank(
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
        ("jv", "sopo sing menang min? kok durung diumumno"),
        ("mad", "Bila hasilla e-omommagi?"),
    ],
) + bank(
    "penghitungan_rekapitulasi",
    "informed",
    "positive",
    (),
    [
        ("id", "Hitung suara di TPS kami selesai jam 11 malam, petugas mantap"),
        ("jv", "ngitung suarane transparan, apik"),
    ],
)

CAMPAIGN: list[Phrase] = bank(
    "kampanye",
    "none",
    "positive",
    (),
    [
        ("id", "debat kemarin seru, semoga paslon menepati janji"),
        ("jv", "debat e rame, mugo sing menang amanah"),
    ],
) + bank(
    "kampanye",
    "asking",
    "neutral",
    Q,
    [
        ("id", "Debat terakhir disiarkan di mana min?"),
    ],
)

OFFTOPIC: list[Phrase] = bank(
    "none",
    "none",
    "neutral",
    (),
    [
        ("id", "Ikut nyimak"),
        ("id", "Jember hujan terus min, hati-hati di jalan"),
        ("id", "mampir min, jualan tahu walik di alun-alun 😁"),
        ("id", "numpang promo pulsa murah, cek bio"),
        ("id", "Follback min"),
        ("jv", "sugeng dalu min"),
        ("mad", "Assalamualaikum, salam dâri Jember"),
        ("jv", "melu nyimak"),
        ("jv", "wis mangan durung min 😂"),
        ("mad", "ngereng min"),
        ("mixed", "hadir min, dari pagi nyimak ae"),
    ],
)

# place names that look like Jember kecamatan but are not (precision traps, no kecamatan)

# only on voting day (and the morning after): people report having voted
VOTED: list[Phrase] = bank(
    "pemungutan_suara",
    "informed",
    "positive",
    (),
    [
        ("id", "Alhamdulillah sudah nyoblos di {tps}, lancar"),
        ("id", "Sudah nyoblos, jari sudah ungu 😁"),
        ("jv", "wis nyoblos rek, antrine gak suwe"),
        ("mad", "la nyoblos, lancar kabbhi"),
        ("mixed", "udah nyoblos min, KPPS e ramah"),
    ],
)

PENETAPAN: list[Phrase] = bank(
    "penetapan",
    "asking",
    "neutral",
    Q,
    [
        ("id", "Kapan penetapan bupati terpilih min?"),
        ("id", "Pelantikan bupati baru kapan ya?"),
        ("jv", "bupatine kapan dilantik min?"),
    ],
)

# other citizens answering a question or correcting a rumour in the thread (keyed by what the
# parent is about; "misinformed" answers the postponement rumour)
PEER_ANSWERS: dict[str, list[Phrase]] = {
    "pemutakhiran_data": bank(
        "pemutakhiran_data",
        "informed",
        "neutral",
        (),
        [
            ("id", "coba cek di cekdptonline.kpu.go.id kak, cukup masukin NIK"),
            ("id", "tanya ke PPS di kantor desa aja, kemarin saya dibantu di sana"),
            ("jv", "cek nang cekdptonline, ketik NIK e tok"),
            ("jv", "takon PPS nang balai desa wae, cepet kok"),
            ("mad", "cek e cekdptonline, cokop NIK"),
            ("mad", "tanya ka PPS e balai dhisa"),
        ],
    ),
    "pemungutan_suara": bank(
        "pemungutan_suara",
        "informed",
        "neutral",
        (),
        [
            ("id", "Bawa KTP-el aja, undangan hilang tetap bisa nyoblos kok"),
            ("id", "alamat TPS biasanya tertulis di undangan C6"),
            ("jv", "gowo KTP wae, iso kok"),
            ("jv", "nang undangan C6 ono alamat TPS e"),
            ("mad", "ngeba KTP bhâi, bisa"),
            ("mad", "e undangan bâdâ alamat TPS-sa"),
        ],
    ),
    "misinformed": bank(
        "pemungutan_suara",
        "informed",
        "neutral",
        (),
        [
            ("id", "itu hoaks, nyoblos tetap 27 November, sudah diumumkan KPU"),
            ("id", "Jangan percaya grup WA, tetap tgl 27"),
            ("jv", "hoaks iku, tetep tanggal 27"),
            ("jv", "ojo percoyo grup WA, tetep Rebo 27"),
            ("mad", "jiya hoaks, tetep tanggal 27"),
            ("mad", "ja' parcaja grup WA, tetep tanggal 27"),
        ],
    ),
}
