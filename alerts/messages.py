"""Indonesian texts of alerts, digests and report mails.

Every alert says what happened, where, how sure the system is and what to do, and links to
the items behind it. The facts come from ``Detection.facts`` (JSON-ready, stored with the
alert), so a message can be rebuilt from the database alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
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
# The barrier kinds of TAXONOMY.md, as the alert text names them.
BARRIER_LABEL = {
    "not_registered": "tidak terdaftar di DPT",
    "away_from_home": "bekerja/kuliah di luar daerah",
    "no_invitation": "belum menerima undangan",
    "no_id_card": "tidak punya KTP-el",
    "work_or_health": "bekerja atau sakit pada hari pemungutan",
    "tps_access": "TPS sulit dijangkau",
}
# What the commission can do for each kind before its window closes.
BARRIER_ACTION = {
    "not_registered": "minta warga cek DPT di cekdptonline.kpu.go.id dan melapor ke PPS",
    "away_from_home": "umumkan cara dan syarat pindah memilih (DPTb)",
    "work_or_health": "jelaskan pindah memilih bagi yang bertugas atau rawat inap, dan jam TPS",
    "no_invitation": "jelaskan bahwa pemilih di DPT dapat memilih dengan KTP-el tanpa undangan",
    "no_id_card": "arahkan ke Disdukcapil untuk KTP-el",
    "tps_access": "teruskan ke PPS/PPK untuk dicek",
}


@dataclass(frozen=True)
class AlertText:
    title: str
    body: str


def local_stamp(moment: datetime, tz: ZoneInfo) -> str:
    """``27 Nov 2024 07:00 WIB`` (WIB is the abbreviation of Asia/Jakarta)."""
    local = moment.astimezone(tz)
    zone = "WIB" if str(tz) == "Asia/Jakarta" else local.strftime("%Z")
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year} {local:%H:%M} {zone}"


def local_day(iso: str) -> str:
    """``2024-11-20`` -> ``20 Nov 2024``."""
    day = date.fromisoformat(iso)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def days_left_text(days: int) -> str:
    if days <= 0:
        return "hari ini hari terakhir"
    return "besok hari terakhir" if days == 1 else f"{days} hari lagi"


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


def _sample_line(s: dict[str, Any]) -> str:
    where = f"{s['kecamatan']}, " if s.get("kecamatan") else ""
    return f'- {_sample_link(s)}\n  "{s["text"]}" ({where}{s["when"]})'


def _samples(facts: dict[str, Any]) -> list[str]:
    lines = [_sample_line(s) for s in facts.get("samples", [])]
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
    ]
    cynicism, barrier = facts.get("cynicism", 0), facts.get("with_barrier", 0)
    if cynicism:
        lines.append(f"Juga {cynicism} balasan dari {kec} dalam jendela yang sama bernada sinis "
                     "terhadap politik (semua calon sama, hanya janji): alasannya "
                     "ketidakpercayaan, bukan hanya ketidaktahuan.")
    if barrier:
        lines.append(f"{barrier} dari balasan golput itu menyebut hambatan praktis (misalnya "
                     "merantau atau tidak terdaftar): bagi mereka informasi pendaftaran dan pindah "
                     "memilih lebih tepat daripada ajakan.")
    lines += [
        f"Di mana: {kec}.",
        "Seberapa yakin: " + _confidence(facts["count"], facts["review"], "balasan"),
        "Yang perlu dilakukan: balas langsung dan tanggapi alasan yang disebut warga; "
        "pertimbangkan sosialisasi langsung di kecamatan ini (PPK/PPS)"
        + ("; untuk nada sinis, pesan kewargaan (suara menentukan, janji dapat ditagih) dan "
           "kunjungan tim sosialisasi." if cynicism else "."),
    ]
    cynical = facts.get("cynicism_samples") or []
    if cynical:
        lines.append("Contoh balasan sinis:")
        lines += [_sample_line(s) for s in cynical]
    return f"Kelompok niat golput di {kec} ({facts['count']} balasan)", lines


def _barrier(facts: dict[str, Any]) -> tuple[str, list[str]]:
    if facts.get("problems"):
        lines = [
            "Apa yang terjadi: aturan hambatan memilih tidak dapat diperiksa karena batas waktu "
            "yang disebut di konfigurasi tidak ada di kalender tahapan yang berlaku:",
            *[f"- {p}" for p in facts["problems"]],
            "Di mana: konfigurasi Pantau (alerts.rules.barrier_rise.windows).",
            "Seberapa yakin: tinggi, dari pemeriksaan konfigurasi terhadap kalender.",
            "Yang perlu dilakukan: samakan tahapan dan label tanggal penting (key_date) dengan "
            "kalender tahapan (nlp.calendar_path), lalu jalankan `pantau alerts check`.",
        ]
        return "Aturan hambatan memilih tidak dapat diperiksa (batas waktu tidak ditemukan)", lines
    place = facts.get("kecamatan") or "seluruh Jember"
    source = facts.get("kecamatan") or "seluruh Jember (termasuk yang lokasinya tidak dikenali)"
    kinds = ", ".join(f"{BARRIER_LABEL.get(k, k)} ({n})" for k, n in facts["by_kind"])
    what = (f"Apa yang terjadi: {facts['count']} balasan dari {source} dalam "
            f"{facts['window_hours']} jam terakhir menyebut hambatan untuk memilih yang masih "
            f"dapat diatasi sebelum batasnya: {kinds}.")
    if facts.get("expected") is None:
        since = facts.get("data_since")
        started = f" (data pertama {since})" if since else ""
        what += (" Belum ada data pembanding yang cukup: pengumpulan baru dimulai" + started
                 + ", jadi belum dapat dinilai apakah ini naik dari biasanya.")
    else:
        what += (f" Sekitar {facts['ratio_text']} dari biasanya (rata-rata "
                 f"{facts['expected']:.1f} untuk rentang yang sama selama "
                 f"{facts['baseline_days']} hari sebelumnya).")
    lines = [what]
    for d in facts["deadlines"]:
        kinds_of = ", ".join(BARRIER_LABEL.get(k, k) for k in d["kinds"])
        lines.append(f"Batas waktu (kalender tahapan): {d['label']}, {local_day(d['date'])}, "
                     f"{days_left_text(d['days_left'])} ({kinds_of}).")
    if facts.get("passed"):
        lines.append("Sudah lewat: " + "; ".join(
            f"{p['label']}, {local_day(p['date'])}" for p in facts["passed"]) + ". Hanya "
            "warga yang memenuhi syarat batas yang masih terbuka dapat dilayani; yang lain "
            "perlu diajak memilih di TPS asalnya.")
    actions = "; ".join(BARRIER_ACTION[k] for k, _ in facts["by_kind"] if k in BARRIER_ACTION)
    nearest = facts["deadlines"][0] if facts["deadlines"] else None
    before = f"sebelum {local_day(nearest['date'])}, " if nearest else ""
    lines += [
        f"Di mana: {place}.",
        "Seberapa yakin: " + _confidence(facts["count"], facts["review"], "balasan"),
        f"Yang perlu dilakukan: {before}balas warga di bawah dan {actions}"
        + (f", lewat PPK/PPS {place}" if facts.get("kecamatan") else "")
        + ". Jawaban yang disarankan ada di laporan mingguan (bagian Sinyal partisipasi).",
    ]
    title = f"Hambatan memilih di {place} ({facts['count']} balasan)"
    if nearest:
        title += (f"; batas {local_day(nearest['date'])}, "
                  f"{days_left_text(nearest['days_left'])}")
    return title, lines


def _analysis_failures(facts: dict[str, Any]) -> tuple[str, list[str]]:
    kinds = ", ".join(f"{k} ({n})" for k, n in facts["error_kinds"]) or "tidak tercatat"
    of = facts.get("error_kinds_of", 0)
    sampled = f" (dari {of} kegagalan terbaru)" if of < facts["count"] else ""
    last = facts.get("last_run") or {}
    lines = []
    if facts["count"]:
        lines.append(
            f"Apa yang terjadi: {facts['count']} item tidak dapat dianalisis oleh versi penanda "
            f"{facts['version']}, sejak {facts['since']}. Jenis galat{sampled}: {kinds}.")
    else:
        lines.append(f"Apa yang terjadi: proses analisis terakhir gagal seluruhnya "
                     f"(versi {facts['version']}).")
    if last.get("status") == "failed":
        lines.append(f"Proses analisis terakhir ({last['when']}) gagal seluruhnya"
                     + (f" ({last['error_kind']})" if last.get("error_kind") else "")
                     + ": balasan baru tidak dianalisis, jadi peringatan lain dan laporan "
                     "tidak melihatnya.")
    if facts.get("runs_partial") or facts.get("runs_failed"):
        lines.append(f"Dalam {facts['window_hours']} jam terakhir: {facts['runs_partial']} proses "
                     f"analisis selesai sebagian, {facts['runs_failed']} gagal.")
    lines += [
        "Di mana: analisis teks di server Pantau (bukan di media sosial). Item yang gagal tidak "
        "masuk laporan mingguan dan tidak diperiksa aturan peringatan lain.",
        "Seberapa yakin: tinggi, dari tabel kegagalan analisis dan catatan proses Pantau. Isi "
        "galat tidak dikutip di sini karena bisa memuat teks balasan warga.",
        "Yang perlu dilakukan: lihat rincian teknis (traceback) dengan `pantau --verbose "
        "analyze`, perbaiki penyebabnya atau laporkan ke pengelola Pantau, lalu jalankan "
        "`pantau analyze --retry-failed`.",
    ]
    if facts["count"]:
        title = f"Item gagal dianalisis ({facts['count']} item), versi {facts['version']}"
    else:
        title = f"Proses analisis gagal seluruhnya ({facts['count']} item tercatat gagal), " \
                f"versi {facts['version']}"
    return title, lines


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
    "barrier_rise": _barrier,
    "unanswered_questions": _unanswered,
    "volume_spike": _volume,
    "source_failing": _source_failing,
    "token_expiring": _token,
    "api_budget": _budget,
    "analysis_failures": _analysis_failures,
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
