"""The commission's own words: official posts and the answers it gives to questions.

Formal Indonesian, written for Pantau's emulator. Dates are those of the 2024 Pilkada
(masa tenang 24-26 November, voting Wednesday 27 November 2024).
"""

from __future__ import annotations

from dataclasses import dataclass

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
