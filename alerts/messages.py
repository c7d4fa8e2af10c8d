"""Indonesian texts of alerts, digests and report mails.

Every alert says what happened, where, how sure the system is and what to do, and links to
the items behind it. The facts come from ``Detection.facts`` (JSON-ready, stored with the
alert), so a message can be rebuilt from the database alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

SEVERITY_LABEL = {"info": "INFO", "warning": "PERINGATAN", "critical": "KRITIS"}
STAGE_LABEL = {
    "pemutakhiran_data": "pemutakhiran data pemilih (DPT)",
    "pencalonan": "pencalonan",
    "kampanye": "kampanye",
    "masa_tenang": "masa tenang",
    "pemungutan_suara": "pemungutan suara",
    "penghitungan_rekapitulasi": "penghitungan dan rekapitulasi suara",
    "penetapan": "penetapan calon terpilih",
    "none": "(tanpa tahapan tertentu)",
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


@dataclass(frozen=True)
class AlertText:
    title: str
    body: str


def local_stamp(moment: datetime, tz: ZoneInfo) -> str:
    """``27 Nov 2024 07:00 WIB`` (WIB is the abbreviation of Asia/Jakarta)."""
    local = moment.astimezone(tz)
    zone = "WIB" if str(tz) == "Asia/Jakarta" else local.strftime("%Z")
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year} {local:%H:%M} {zone}"


def _where(by_kecamatan: Sequence[Sequence[Any]]) -> str:
    parts = [f"{name or 'lokasi tidak diketahui'} ({count})" for name, count in by_kecamatan]
    return ", ".join(parts) if parts else "lokasi tidak diketahui"


def _confidence(count: int, review: int, basis: str) -> str:
    if count >= 10 and review * 3 <= count:
        level = "tinggi"
    elif count >= 3 and review * 2 <= count:
        level = "sedang"
    else:
        level = "rendah"
    note = f"; {review} di antaranya ditandai perlu ditinjau manusia" if review else ""
    return (
        f"{level}, berdasarkan {count} {basis}{note}. Penanda dibuat otomatis dan bisa keliru; "
        "periksa contoh di bawah sebelum bertindak."
    )


def _sample_link(sample: dict[str, Any]) -> str:
    if sample.get("link"):
        return str(sample["link"])
    if sample.get("post_link"):
        return f"{sample['post_link']} (tautan unggahannya; balasan ini tidak punya tautan sendiri)"
    return "(tidak ada tautan: balasan ini tersimpan tanpa tautan)"


def _samples(facts: dict[str, Any]) -> list[str]:
    lines = []
    for s in facts.get("samples", []):
        where = f"{s['kecamatan']}, " if s.get("kecamatan") else ""
        lines.append(f'- {_sample_link(s)}\n  "{s["text"]}" ({where}{s["when"]})')
    return ["Contoh butir:", *lines] if lines else []


def _misinformation(facts: dict[str, Any]) -> tuple[str, list[str]]:
    stage = STAGE_LABEL.get(facts["stage"], facts["stage"])
    lines = [
        f"Apa yang terjadi: {facts['count']} balasan publik dalam {facts['window_hours']} jam "
        f"terakhir menyebarkan informasi keliru tentang tahapan {stage}.",
        f"Di mana: {_where(facts['by_kecamatan'])}.",
        "Seberapa yakin: " + _confidence(facts["count"], facts["review"], "balasan"),
    ]
    for ev in facts.get("evidence", []):
        official = f"; menurut kalender: {ev['kalender']}" if ev.get("kalender") else ""
        lines.append(f'Bukti: disebut "{ev.get("disebut", "")}"{official}.')
    if facts.get("correction"):
        link = f" ({facts['correction_link']})" if facts.get("correction_link") else ""
        lines.append(f"Koreksi resmi: {facts['correction']}{link}")
    lines.append(
        "Yang perlu dilakukan: periksa contoh di bawah, lalu balas dengan koreksi resmi "
        "(setelah disetujui) dan pertimbangkan unggahan klarifikasi di semua akun."
    )
    return f"Dugaan misinformasi tentang {stage} ({facts['count']} balasan)", lines


def _negative_spike(facts: dict[str, Any]) -> tuple[str, list[str]]:
    place = facts.get("kecamatan") or "seluruh Jember"
    lines = [
        f"Apa yang terjadi: {facts['count']} balasan bernada negatif dalam "
        f"{facts['window_hours']} jam terakhir, sekitar {facts['ratio_text']} dari biasanya "
        f"(rata-rata {facts['expected']:.1f} untuk rentang yang sama selama "
        f"{facts['baseline_days']} hari sebelumnya).",
        f"Di mana: {place}.",
        "Seberapa yakin: " + _confidence(facts["count"], facts["review"], "balasan negatif"),
        "Yang perlu dilakukan: baca contoh di bawah untuk mencari pemicunya (keluhan layanan, "
        "kabar bohong, insiden di TPS) dan tanggapi keluhan yang nyata.",
    ]
    return f"Lonjakan balasan negatif di {place} ({facts['count']} balasan)", lines


def _golput(facts: dict[str, Any]) -> tuple[str, list[str]]:
    kec = facts["kecamatan"]
    lines = [
        f"Apa yang terjadi: {facts['count']} balasan dari {kec} dalam {facts['window_hours']} jam "
        f"terakhir menyatakan tidak akan memilih (golput), {facts['share']:.0%} dari semua "
        f"balasan dari kecamatan itu.",
        f"Di mana: {kec}.",
        "Seberapa yakin: " + _confidence(facts["count"], facts["review"], "balasan"),
        "Yang perlu dilakukan: pertimbangkan sosialisasi langsung di kecamatan ini (PPK/PPS) "
        "dan unggahan yang menjawab alasan yang disebut warga.",
    ]
    return f"Kelompok niat golput di {kec} ({facts['count']} balasan)", lines


def _unanswered(facts: dict[str, Any]) -> tuple[str, list[str]]:
    lines = [
        f"Apa yang terjadi: {facts['count']} pertanyaan publik belum dijawab akun resmi lebih "
        f"dari {facts['target_hours']:g} jam (target saat ini: {facts['target_reason']}). "
        f"Yang tertua menunggu {facts['oldest_hours']:.0f} jam.",
        f"Di mana: {_where(facts['by_kecamatan'])}.",
        "Seberapa yakin: " + _confidence(facts["count"], facts["review"], "pertanyaan"),
        "Yang perlu dilakukan: jawab pertanyaan di bawah dari akun resmi, mulai dari yang tertua.",
    ]
    return f"{facts['count']} pertanyaan belum dijawab", lines


def _volume(facts: dict[str, Any]) -> tuple[str, list[str]]:
    lines = [
        f"Apa yang terjadi: {facts['count']} balasan publik dalam {facts['window_hours']} jam "
        f"terakhir, sekitar {facts['ratio_text']} dari biasanya (rata-rata "
        f"{facts['expected']:.1f}).",
        "Di mana: seluruh akun yang dipantau.",
        "Seberapa yakin: tinggi, hitungan langsung tanpa model.",
        "Yang perlu dilakukan: cari unggahan yang memancing banyak balasan dan pastikan "
        "pertanyaan di dalamnya dijawab.",
    ]
    return f"Lonjakan jumlah balasan ({facts['count']} dalam {facts['window_hours']} jam)", lines


def _source_failing(facts: dict[str, Any]) -> tuple[str, list[str]]:
    lines = [
        f"Apa yang terjadi: pengumpulan dari sumber '{facts['source']}' gagal "
        f"{facts['failures']} kali berturut-turut. Galat terakhir: {facts['last_error']}",
        "Di mana: pengumpulan data (bukan di media sosial).",
        "Seberapa yakin: tinggi, dari catatan proses Pantau.",
        "Yang perlu dilakukan: jalankan `pantau status`, periksa token dan koneksi; selama "
        "gagal, balasan baru dari sumber ini tidak terpantau.",
    ]
    return f"Sumber {facts['source']} gagal {facts['failures']} kali berturut-turut", lines


def _token(facts: dict[str, Any]) -> tuple[str, list[str]]:
    lines = [
        f"Apa yang terjadi: token akses sumber '{facts['source']}' {facts['state']} "
        f"({facts['expires']}).",
        "Di mana: pengumpulan data.",
        "Seberapa yakin: tinggi, dari tanggapan API saat pengumpulan terakhir.",
        "Yang perlu dilakukan: perbarui token di berkas .env sebelum kedaluwarsa, lalu "
        "jalankan `pantau status`.",
    ]
    return f"Token {facts['source']} {facts['state']}", lines


def _budget(facts: dict[str, Any]) -> tuple[str, list[str]]:
    lines = [
        f"Apa yang terjadi: biaya API bulan {facts['month']} sudah US${facts['spent']:.2f} dari "
        f"anggaran US${facts['budget']:.2f} ({facts['fraction']:.0%}).",
        "Di mana: pengumpulan data X.",
        "Seberapa yakin: sedang, perkiraan biaya dari catatan proses Pantau.",
        "Yang perlu dilakukan: kurangi frekuensi pengumpulan (schedule.collect_every_minutes) "
        "atau naikkan anggaran (api.monthly_budget_usd) bila memang disetujui.",
    ]
    title = "habis" if facts["fraction"] >= 1 else "hampir habis"
    return f"Anggaran API {title} ({facts['fraction']:.0%} terpakai)", lines


_BUILDERS = {
    "misinformation": _misinformation,
    "negative_spike": _negative_spike,
    "golput_cluster": _golput,
    "unanswered_questions": _unanswered,
    "volume_spike": _volume,
    "source_failing": _source_failing,
    "token_expiring": _token,
    "api_budget": _budget,
}


def render_alert(rule: str, severity: str, facts: dict[str, Any], tz: ZoneInfo) -> AlertText:
    """Title and body of one alert, from the rule's facts.

    The title carries the count of the detection it is rendered from (and the severity label
    it is given), so an updated alert's title says what its body says.
    """
    title, lines = _BUILDERS[rule](facts)
    label = SEVERITY_LABEL.get(severity, severity.upper())
    stamp = local_stamp(datetime.fromisoformat(facts["as_of"]), tz)
    body = "\n".join(
        [f"[{label}] {title}", f"Waktu pemeriksaan: {stamp}", *lines, *_samples(facts)]
    )
    return AlertText(title=f"[Pantau] {label}: {title}", body=body)


def notification_footer(alert_id: int, sequence: int) -> str:
    """A line that lets a reader spot a repeated message (see alerts/README.md)."""
    suffix = f" (pembaruan ke-{sequence})" if sequence > 1 else ""
    return (
        f"\n--\nPeringatan #{alert_id}{suffix}. Tandai sudah ditangani: pantau alerts ack "
        f"{alert_id}"
    )


def digest_text(entries: Sequence[tuple[str, str]], since: str, until: str) -> AlertText:
    """One morning message for what was held during quiet hours: (subject, body) pairs."""
    title = f"[Pantau] Ringkasan pagi: {len(entries)} peringatan selama jam tenang"
    parts = [
        f"Selama jam tenang ({since} sampai {until}) ada {len(entries)} peringatan yang ditahan "
        "agar tidak mengganggu. Semuanya di bawah ini, dari yang paling awal.",
    ]
    for number, (subject, body) in enumerate(entries, start=1):
        parts.append(f"\n{number}. {subject}\n{body}")
    return AlertText(title=title, body="\n".join(parts))


def report_text(week: str, paths: Sequence[str]) -> AlertText:
    """The message that carries the weekly report to its recipients."""
    body = "\n".join(
        [
            f"Laporan mingguan Pantau untuk pekan {week} sudah dibuat.",
            "Berkas terlampir (juga tersimpan di server):",
            *[f"- {p}" for p in paths],
            "Laporan berisi sentimen, pertanyaan publik, misinformasi, dan indeks kebutuhan "
            "sosialisasi per kecamatan.",
        ]
    )
    return AlertText(title=f"[Pantau] Laporan mingguan {week}", body=body)
