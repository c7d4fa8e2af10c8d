"""Runs the configured sources: one ledger row each, one transaction per page.

For every page a collector yields, the raw payload (with provenance), the mapped items and the
cursor values go into the database in a single transaction, together with the run's running
counters. A failing source is recorded as failed with one clear Indonesian message and never
stops the others.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests
from sqlalchemy import select, update

from collectors.base import Collector, PageBatch, StoredItem
from collectors.budget import CostMeter, MonthlyBudget, Prices, spent_this_month
from collectors.log_privacy import HandleLogFilter, install_handle_filter, remove_handle_filter
from collectors.page_privacy import PagePrivacy
from collectors.settings import CollectorSettings, SourceSettings
from collectors.token_expiry import recorded_expiry
from collectors.transport import (
    TransportPolicy,
    TransportStats,
    install_redaction,
    mount,
    redact,
    remove_redaction,
)
from core.errors import CollectorError, ConfigError
from core.privacy import HandleMasker
from core.store.cursors import get_cursor, set_cursor
from core.store.database import Store
from core.store.items import ItemWriter
from core.store.models import Cursor, Item, RawPayload, Run
from core.store.pseudonym import Pseudonymizer
from core.store.runs import RunStats, finish_run, start_run

log = logging.getLogger(__name__)

Progress = Callable[[str, str, RunStats], None]


@dataclass
class SourceResult:
    """The outcome of one source in one collection."""

    name: str
    platform: str
    status: str  # ok | partial | failed
    message: str | None
    hint: str | None
    stats: RunStats
    run_id: int | None = None
    requests_by_endpoint: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status == "failed"


class SqlStoreView:
    """The read side collectors see, scoped to one source."""

    def __init__(self, store: Store, source: str) -> None:
        self.store, self.source = store, source

    def cursor(self, stream: str, key: str = "") -> str | None:
        with self.store.session() as s:
            return get_cursor(s, self.source, stream, key)

    def cursor_keys(self, stream: str) -> dict[str, str]:
        with self.store.session() as s:
            rows = s.execute(
                select(Cursor.key, Cursor.value).where(
                    Cursor.source_name == self.source, Cursor.stream == stream
                )
            )
            return {k: v for k, v in rows}

    def _items(self, platform: str, *conditions: Any) -> list[StoredItem]:
        with self.store.session() as s:
            rows = s.execute(
                select(Item.external_id, Item.created_at, Item.conversation_id)
                .where(
                    Item.platform == platform,
                    Item.source_name == self.source,
                    Item.deleted_at.is_(None),
                    *conditions,
                )
                .order_by(Item.created_at, Item.external_id)
            )
            return [StoredItem(r[0], r[1], r[2]) for r in rows]

    def own_posts_since(self, platform: str, since: datetime) -> list[StoredItem]:
        return self._items(
            platform, Item.is_own.is_(True), Item.kind == "post", Item.created_at >= since
        )

    def live_items_since(self, platform: str, since: datetime) -> list[StoredItem]:
        return self._items(platform, Item.created_at >= since)

    def live_in_conversation(self, platform: str, conversation_id: str) -> list[StoredItem]:
        return self._items(platform, Item.conversation_id == conversation_id, Item.kind != "post")


@dataclass
class CollectOptions:
    """Knobs a caller may turn; the defaults are what `pantau collect` uses."""

    only: Sequence[str] | None = None
    since: datetime | None = None
    now: datetime | None = None  # pretend clock (tests, demo against the emulator)
    sleep: Callable[[float], None] = time.sleep
    progress: Progress | None = None


def _clock(options: CollectOptions) -> Callable[[], datetime]:
    fixed = options.now
    return (lambda: fixed) if fixed is not None else (lambda: datetime.now(UTC))


def build_collector(
    settings: CollectorSettings,
    source: SourceSettings,
    token: str,
    meter: CostMeter,
    stats: TransportStats,
    options: CollectOptions,
    privacy: PagePrivacy | None = None,
) -> Collector:
    """Create the library client with the polite adapter mounted, and the collector.

    ``privacy`` (None when the config keeps handles) scrubs every page before it is mapped
    and stored.
    """
    policy = TransportPolicy.from_settings(settings.api)
    clock = _clock(options)
    recheck = source.recheck_hours
    if source.platform == "x":
        import tweepy

        from collectors.x import XCollector

        client = tweepy.Client(bearer_token=token, return_type=dict, wait_on_rate_limit=False)
        mount(client.session, "x", policy, meter, stats, base_url=settings.api.x_base_url,
              sleep=options.sleep)
        return XCollector(source, client, stats, clock=clock, since=options.since,
                          recheck_hours=recheck, privacy=privacy)
    from collectors.meta import FacebookCollector, GraphReader, InstagramCollector, make_graph

    session = requests.Session()
    mount(session, "meta", policy, meter, stats, base_url=settings.api.graph_base_url,
          sleep=options.sleep)
    graph = make_graph(token, settings.api.graph_version, session)
    reader = GraphReader(
        graph, stats, settings.api.graph_version, source.name, source.platform, privacy
    )
    cls = FacebookCollector if source.platform == "facebook" else InstagramCollector
    return cls(source, reader, clock=clock, since=options.since, recheck_hours=recheck)


class PageCommitter:
    """Writes one :class:`PageBatch` per transaction and keeps the run's counters."""

    def __init__(self, store: Store, writer: ItemWriter, run_id: int, source: str) -> None:
        self.store, self.writer, self.run_id, self.source = store, writer, run_id, source
        self.stats = RunStats()
        self.deleted = 0
        self.unchanged = 0
        self.pages = 0
        self.token_expires_at: str | None = None

    def commit(self, batch: PageBatch, transport: TransportStats, meter: CostMeter) -> None:
        with self.store.session() as s:
            raw_ref: str | None = None
            if batch.raw is not None:
                raw = batch.raw
                row = RawPayload(
                    run_id=self.run_id,
                    source_name=raw.source,
                    platform=raw.platform,
                    endpoint=raw.endpoint[:128],
                    url=raw.url,
                    api_version=raw.api_version[:32],
                    status_code=raw.status_code,
                    retrieved_at=raw.retrieved_at,
                    payload=raw.payload if isinstance(raw.payload, dict) else {"data": raw.payload},
                )
                s.add(row)
                s.flush()
                raw_ref = f"raw_payloads:{row.id}"
            result = self.writer.write(s, batch.records, [raw_ref] * len(batch.records))
            for cur in batch.cursors:
                set_cursor(s, self.source, cur.stream, cur.value, cur.key)
            self.stats.items_new += result.new
            self.stats.items_updated += result.updated
            self.stats.items_skipped += len(batch.skipped)
            self.deleted += result.deleted
            self.unchanged += result.unchanged
            self.stats.gaps.extend(batch.gaps)
            for skip in batch.skipped[:20]:
                self.stats.errors.append(f"dilewati {skip.external_id or '?'}: {skip.reason}")
            self.sync(transport, meter)
            # The running row shows progress (and cost) even if this process is killed later;
            # lists and details are written once, by finish_run.
            s.execute(
                update(Run)
                .where(Run.id == self.run_id)
                .values(
                    requests=self.stats.requests,
                    items_new=self.stats.items_new,
                    items_updated=self.stats.items_updated,
                    items_skipped=self.stats.items_skipped,
                    wait_seconds=self.stats.wait_seconds,
                    cost_usd=self.stats.cost_usd,
                )
            )
        if batch.raw is not None:
            self.pages += 1

    def sync(self, transport: TransportStats, meter: CostMeter) -> None:
        self.stats.requests = transport.requests
        self.stats.wait_seconds = round(transport.wait_seconds, 3)
        self.stats.cost_usd = round(meter.cost_usd, 6)
        self.stats.details = {
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "pages": self.pages,
            "retries": transport.retries,
            "rate_limit_waits": transport.rate_limit_waits,
            "post_reads": meter.post_reads,
            "requests_by_endpoint": dict(transport.by_endpoint),
        }
        if transport.max_meta_usage:
            self.stats.details["meta_usage_percent"] = transport.max_meta_usage
        if self.token_expires_at:
            self.stats.details["token_expires_at"] = self.token_expires_at


def _selected(settings: CollectorSettings, only: Sequence[str] | None) -> list[SourceSettings]:
    if only:
        return [settings.source(name) for name in only]
    return [s for s in settings.sources if s.enabled]


def collect(
    settings: CollectorSettings, store: Store, options: CollectOptions | None = None
) -> list[SourceResult]:
    """Collect every enabled source (or ``options.only``); one result per source."""
    options = options or CollectOptions()
    sources = _selected(settings, options.only)
    if not sources:
        raise ConfigError(
            "Belum ada sumber yang aktif di konfigurasi",
            "Tambahkan akun di bagian `sources` pada pantau.yaml (lihat contoh di berkas itu).",
        )
    pseudonymize = Pseudonymizer.from_env()
    writer = ItemWriter(pseudonymize, keep_handles=settings.keep_author_handles)
    now = options.now or datetime.now(UTC)
    budget = MonthlyBudget(settings.api.monthly_budget_usd, spent_this_month(store, now))
    prices = Prices.from_settings(settings.api)
    return [
        _collect_one(
            settings, store, src, writer, budget, prices, options,
            None if settings.keep_author_handles else page_privacy(settings, src, pseudonymize),
        )
        for src in sources
    ]


def page_privacy(
    settings: CollectorSettings, source: SourceSettings, pseudonymize: Pseudonymizer
) -> PagePrivacy:
    """The scrubber of ``source``'s pages: the configured accounts are the commission's own."""
    return PagePrivacy(
        source.platform,
        pseudonymize.token,
        own_ids=[s.account_id for s in settings.sources],
        own_handles=settings.own_handles(),
        is_token=pseudonymize.is_token,
    )


def _collect_one(
    settings: CollectorSettings,
    store: Store,
    source: SourceSettings,
    writer: ItemWriter,
    budget: MonthlyBudget,
    prices: Prices,
    options: CollectOptions,
    privacy: PagePrivacy | None = None,
) -> SourceResult:
    run_id = start_run(store, "collect", source.name)
    committer = PageCommitter(store, writer, run_id, source.name)
    transport = TransportStats()
    meter = CostMeter(prices, budget)
    token = settings.secret(source.token_env or "") or ""
    redactor = install_redaction([token])
    # Logs never carry handles, whatever the privacy setting: they are not where data is kept.
    handle_filter = install_handle_filter(
        HandleLogFilter(
            privacy.masker if privacy is not None else HandleMasker(settings.own_handles()),
            privacy.replace_known if privacy is not None else None,
        )
    )
    status, message, hint = "ok", None, None
    try:
        if not token:
            raise CollectorError(
                f"Token API belum diset (variabel lingkungan {source.token_env})",
                f"Isi {source.token_env} di berkas .env di samping pantau.yaml, lalu ulangi.",
            )
        collector = build_collector(settings, source, token, meter, transport, options, privacy)
        for batch in collector.pages(SqlStoreView(store, source.name)):
            committer.commit(batch, transport, meter)
            if options.progress is not None:
                options.progress(source.name, batch.stream, committer.stats)
    except Exception as exc:  # one source failing must never stop the others
        status, message, hint = describe_failure(exc, source)
        if status == "failed" and not isinstance(exc, CollectorError):
            log.info("source %s failed", source.name, exc_info=log.isEnabledFor(logging.DEBUG))
    finally:
        remove_redaction(redactor)
        remove_handle_filter(handle_filter)
    if source.platform != "x":
        # From this run's check or an earlier one: every run row carries it for the alert.
        committer.token_expires_at = recorded_expiry(SqlStoreView(store, source.name))
    committer.sync(transport, meter)
    stats = committer.stats
    if status == "ok" and stats.gaps:
        status = "partial"
    if message:
        message = redact(f"{source.name}: {message}", [token])
        stats.errors.append(message)
    hint = redact(hint, [token]) if hint else None
    finish_run(store, run_id, stats, status, message)
    return SourceResult(
        source.name, source.platform, status, message, hint, stats, run_id,
        dict(transport.by_endpoint),
    )


_STOP_STATUS = {"rate_limited": "partial", "usage_capped": "partial", "budget": "partial"}


def _graph_failure(exc: Any, source: SourceSettings) -> tuple[str, str, str]:
    code = getattr(exc, "code", None)
    text = str(getattr(exc, "message", exc))
    result = getattr(exc, "result", None)
    err = result.get("error") if isinstance(result, dict) else None
    subcode = err.get("error_subcode") if isinstance(err, dict) else None
    env = source.token_env
    if code == 190:
        return (
            "failed",
            "Token Meta ditolak (kode 190): token salah, dicabut, atau kedaluwarsa",
            f"Buat Page access token baru dan simpan di {env} (berkas .env).",
        )
    if code == 10 or (isinstance(code, int) and 200 <= code <= 299):
        needed = "instagram_manage_comments" if source.platform == "instagram" else (
            "pages_read_engagement dan pages_read_user_content"
        )
        return (
            "failed",
            f"Izin token Meta kurang (kode {code}): {text[:160]}",
            f"Beri aplikasi izin {needed} dan gunakan Page access token milik Halaman itu.",
        )
    if code in (4, 17, 32, 613):
        return (
            "partial",
            "Batas laju Graph API tercapai; pengambilan dihentikan untuk saat ini",
            "Tidak perlu tindakan: jalankan berikutnya melanjutkan dari posisi terakhir.",
        )
    if (code == 100 and subcode == 33) or code == 803:
        what = "Halaman Facebook" if source.platform == "facebook" else "akun Instagram"
        return (
            "failed",
            f"{what} dengan id {source.account_id} tidak ditemukan atau tidak dapat diakses",
            "Periksa account_id sumber ini (id numerik Halaman/akun IG profesional) dan "
            "bahwa token memiliki akses ke sana.",
        )
    return (
        "failed",
        f"Graph API menolak permintaan (kode {code}): {text[:200]}",
        "Periksa konfigurasi sumber ini; jalankan dengan --verbose untuk rincian.",
    )


def _x_failure(exc: Any, source: SourceSettings) -> tuple[str, str, str]:
    import tweepy

    env = source.token_env
    detail = "; ".join(str(m) for m in getattr(exc, "api_messages", [])[:2]) or str(exc)[:200]
    if isinstance(exc, tweepy.Unauthorized):
        return (
            "failed",
            "Token X ditolak (401): bearer token salah atau sudah dicabut",
            f"Salin bearer token yang benar dari X Developer Portal ke {env} (berkas .env).",
        )
    if isinstance(exc, tweepy.Forbidden):
        return (
            "failed",
            "Akses X API ditolak (403): aplikasi tidak berhak memakai endpoint ini",
            "Pastikan aplikasi terpasang pada Project dengan tingkat akses yang sesuai; "
            "instansi pemerintah wajib memakai perjanjian Enterprise dengan X.",
        )
    if isinstance(exc, tweepy.NotFound):
        return (
            "failed",
            f"Akun atau endpoint X tidak ditemukan (404) untuk id {source.account_id}",
            "Periksa account_id sumber ini; akun mungkin dihapus atau ditangguhkan.",
        )
    if isinstance(exc, tweepy.BadRequest):
        return (
            "failed",
            f"Permintaan ditolak X API (400): {detail}",
            "Periksa start_date, page_size dan account_id sumber ini.",
        )
    return (
        "failed",
        f"X API mengembalikan galat: {detail}",
        "Coba lagi nanti; jalankan dengan --verbose untuk rincian.",
    )


def describe_failure(exc: BaseException, source: SourceSettings) -> tuple[str, str, str | None]:
    """(status, Indonesian message, hint) for an exception that stopped a source."""
    import facebook
    import tweepy

    if isinstance(exc, CollectorError):
        status = _STOP_STATUS.get(getattr(exc, "kind", ""), "failed")
        return status, exc.message, exc.hint
    if isinstance(exc, tweepy.TweepyException):
        return _x_failure(exc, source)
    if isinstance(exc, facebook.GraphAPIError):
        return _graph_failure(exc, source)
    if isinstance(exc, requests.RequestException):
        return (
            "failed",
            f"Permintaan ke API gagal: {type(exc).__name__}",
            "Periksa koneksi dan alamat API (x_base_url/graph_base_url) di konfigurasi.",
        )
    if isinstance(exc, ConfigError):
        return "failed", exc.message, exc.hint
    return (
        "failed",
        f"Galat tak terduga saat mengambil data: {type(exc).__name__}: {str(exc)[:200]}",
        "Jalankan ulang dengan --verbose; bila berulang, laporkan ke pengelola Pantau.",
    )
