"""The weekly report's numbers, aggregated in SQL (the store may hold millions of items).

The week's public replies with their newest analysis are copied once into a temporary table;
every figure is then a GROUP BY over that table, so the cost grows with one week, not the store.
The same SQL runs on SQLite and PostgreSQL (only the local-date expression differs).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from core.store.models import UtcDateTime
from core.store.sqltime import utc_offset_hours
from reports import reach
from reports.labels import BARRIER_KINDS
from reports.model import (
    DailyVolume,
    MatrixCell,
    OwnPostPerformance,
    Rumour,
    UnansweredQuestion,
    WeekTotals,
)
from reports.outreach_index import KecamatanWeek
from reports.turnout import TurnoutCounts

WEEK_TABLE = "pantau_week_rows"
# Metrics of a post that count people who saw it, not interactions with it.
NOT_ENGAGEMENT = frozenset({"impression_count", "reach", "views", "view_count"})


def _local_day_sql(dialect: str, column: str, tz: ZoneInfo) -> str:
    hours = round(utc_offset_hours(tz))
    if dialect == "sqlite":
        return f"date({column}, '{hours:+d} hours')"
    return f"date({column} + interval '{hours} hours')"


def _bounds(sql: str, start: datetime, end: datetime) -> Any:
    return text(sql).bindparams(
        bindparam("start", start, type_=UtcDateTime), bindparam("end", end, type_=UtcDateTime)
    )


def load_week(conn: Connection, start: datetime, end: datetime, tz: ZoneInfo) -> None:
    """Fill the temporary week table: public replies of [start, end) + their newest analysis."""
    dialect = conn.dialect.name
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {WEEK_TABLE}")
    day = _local_day_sql(dialect, "i.created_at", tz)
    # The newest analysis per item: a correlated MAX over the (item_id, model_version) index,
    # evaluated only for this week's items.
    sql = f"""
        CREATE TEMPORARY TABLE {WEEK_TABLE} AS
        SELECT i.id AS item_id, i.platform, i.external_id, i.conversation_id,
               i.parent_external_id, i.author_pseudonym, i.author_handle, i.text, i.url,
               i.created_at, {day} AS day,
               a.sentiment, a.stage, a.awareness, a.kecamatan, a.language,
               a.is_question, a.is_misinformation, a.is_golput_intent, a.is_complaint,
               a.is_cynicism, a.is_voting_barrier, a.barrier, a.needs_review, a.evidence
        FROM items i
        JOIN analyses a ON a.id = (SELECT MAX(a2.id) FROM analyses a2 WHERE a2.item_id = i.id)
        WHERE i.is_own = :false AND i.deleted_at IS NULL
          AND i.created_at >= :start AND i.created_at < :end
    """
    stmt = _bounds(sql, start, end).bindparams(bindparam("false", False))
    conn.execute(stmt)


def drop_week(conn: Connection) -> None:
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {WEEK_TABLE}")


def _true(dialect: str) -> str:
    return "1" if dialect == "sqlite" else "TRUE"


def _turnout_sums(t: str, prefix: str = "") -> str:
    """The SUM columns :func:`_turnout_counts` reads: golput intent, cynicism, any barrier, one
    per barrier kind, apathetic without either, and replies with any signal (in that order)."""
    p = prefix
    golput, cynic, barrier = (f"{p}is_golput_intent = {t}", f"{p}is_cynicism = {t}",
                              f"{p}is_voting_barrier = {t}")
    cols = [golput, cynic, barrier]
    cols += [f"{barrier} AND {p}barrier = '{kind}'" for kind in BARRIER_KINDS]
    sums = [f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END)" for c in cols]
    sums.append(f"SUM(CASE WHEN {golput} OR {cynic} THEN 0 WHEN {p}awareness = 'apathetic' "
                "THEN 1 ELSE 0 END)")
    sums.append(f"SUM(CASE WHEN {golput} OR {cynic} OR {barrier} THEN 1 ELSE 0 END)")
    return ",\n               ".join(sums)


_TURNOUT_COLUMNS = 5 + len(BARRIER_KINDS)


def _turnout_counts(replies: int, values: Any) -> TurnoutCounts:
    v = [int(x or 0) for x in values]
    barriers = {kind: v[3 + i] for i, kind in enumerate(BARRIER_KINDS) if v[3 + i]}
    return TurnoutCounts(replies=replies, golput_intent=v[0], cynicism=v[1],
                         voting_barrier=v[2], barriers=barriers,
                         apathetic_other=v[3 + len(BARRIER_KINDS)],
                         with_signal=v[4 + len(BARRIER_KINDS)])


def _answered_sql(dialect: str) -> str:
    """A reply counts as answered when the commission replied to it directly."""
    return (
        "EXISTS (SELECT 1 FROM items o WHERE o.is_own = "
        f"{_true(dialect)} AND o.platform = w.platform "
        "AND o.parent_external_id = w.external_id AND o.deleted_at IS NULL)"
    )


def week_totals(conn: Connection) -> WeekTotals:
    d = conn.dialect.name
    t = _true(d)
    row = conn.exec_driver_sql(
        f"""SELECT COUNT(*),
               SUM(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END),
               SUM(CASE WHEN awareness = 'asking' THEN 1 ELSE 0 END),
               SUM(CASE WHEN awareness = 'misinformed' THEN 1 ELSE 0 END),
               SUM(CASE WHEN awareness = 'apathetic' THEN 1 ELSE 0 END),
               SUM(CASE WHEN is_question = {t} THEN 1 ELSE 0 END),
               SUM(CASE WHEN is_question = {t} AND NOT {_answered_sql(d)} THEN 1 ELSE 0 END),
               COUNT(DISTINCT author_pseudonym),
               {_turnout_sums(t)}
            FROM {WEEK_TABLE} w"""
    ).one()
    values = [int(v or 0) for v in row[:8]]
    return WeekTotals(
        replies=values[0],
        negative=values[1],
        asking=values[2],
        misinformed=values[3],
        apathetic=values[4],
        questions=values[5],
        questions_unanswered=values[6],
        repliers=values[7],
        turnout=_turnout_counts(values[0], row[8:]),
    )


def post_views(conn: Connection, start: datetime, end: datetime) -> tuple[int, int, int | None]:
    """The week's own posts: (how many, how many with measured views, their views or None).

    Views are defined in :mod:`reports.reach`; the metrics are read in Python because the
    JSON functions differ between SQLite and PostgreSQL, and a week holds few own posts.
    """
    import json

    d = conn.dialect.name
    posts = measured = views = 0
    for platform, metrics in conn.execute(
        _bounds(
            f"""SELECT platform, metrics FROM items
                WHERE is_own = {_true(d)} AND kind = 'post' AND deleted_at IS NULL
                  AND created_at >= :start AND created_at < :end""",
            start,
            end,
        )
    ):
        posts += 1
        seen = reach.post_views(platform, _metrics(metrics, json))
        if seen is not None:
            measured += 1
            views += seen
    return posts, measured, (views if measured else None)


def kecamatan_weeks(conn: Connection, names: list[str]) -> list[KecamatanWeek]:
    """Counts per kecamatan (every official kecamatan present, with zeros where quiet)."""
    d = conn.dialect.name
    t = _true(d)
    placed = "kecamatan IS NOT NULL AND kecamatan <> ''"
    rows = conn.exec_driver_sql(
        f"""SELECT kecamatan, COUNT(*),
               SUM(CASE WHEN awareness = 'asking' THEN 1 ELSE 0 END),
               SUM(CASE WHEN awareness = 'misinformed' THEN 1 ELSE 0 END),
               SUM(CASE WHEN awareness = 'apathetic' THEN 1 ELSE 0 END),
               SUM(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END),
               COUNT(DISTINCT author_pseudonym),
               SUM(CASE WHEN is_golput_intent = {t} OR awareness = 'apathetic' THEN 1 ELSE 0 END),
               SUM(CASE WHEN is_complaint = {t} THEN 1 ELSE 0 END),
               SUM(CASE WHEN is_question = {t} AND NOT {_answered_sql(d)} THEN 1 ELSE 0 END),
               {_turnout_sums(t)}
            FROM {WEEK_TABLE} w WHERE {placed}
            GROUP BY kecamatan"""
    ).all()
    confused: dict[str, dict[str, int]] = defaultdict(dict)
    questions: dict[str, dict[str, int]] = defaultdict(dict)
    rumours: dict[str, dict[str, int]] = defaultdict(dict)
    # One pass per (kecamatan, stage): what people asked, got wrong or spread, by stage.
    for kec, stage, n_confused, n_questions, n_rumours in conn.exec_driver_sql(
        f"""SELECT kecamatan, stage,
               SUM(CASE WHEN awareness IN ('asking', 'misinformed') THEN 1 ELSE 0 END),
               SUM(CASE WHEN is_question = {t} OR awareness = 'asking' THEN 1 ELSE 0 END),
               SUM(CASE WHEN is_misinformation = {t} OR awareness = 'misinformed'
                        THEN 1 ELSE 0 END)
            FROM {WEEK_TABLE} WHERE {placed}
            GROUP BY kecamatan, stage"""
    ):
        stage = stage or "none"
        for target, n in ((confused, n_confused), (questions, n_questions),
                          (rumours, n_rumours)):
            if n and (stage != "none" or target is not confused):
                target[kec][stage] = int(n)
    examples: dict[str, list[str]] = defaultdict(list)
    # Two short examples per kecamatan of what people there ask, get wrong or refuse.
    for kec, quote in conn.exec_driver_sql(
        f"""SELECT kecamatan, text FROM (
               SELECT kecamatan, text, ROW_NUMBER() OVER (
                   PARTITION BY kecamatan ORDER BY created_at) AS rn
               FROM {WEEK_TABLE}
               WHERE {placed}
                 AND (awareness IN ('asking', 'misinformed', 'apathetic')
                      OR is_question = {t} OR is_misinformation = {t}
                      OR is_golput_intent = {t} OR is_voting_barrier = {t})) t
            WHERE rn <= 2"""
    ):
        examples[kec].append(" ".join(str(quote).split())[:90])
    by_name = {
        r[0]: KecamatanWeek(
            kecamatan=r[0],
            replies=int(r[1]),
            asking=int(r[2] or 0),
            misinformed=int(r[3] or 0),
            apathetic=int(r[4] or 0),
            negative=int(r[5] or 0),
            unique_authors_reached=int(r[6] or 0),
            confused_by_stage=confused.get(r[0], {}),
            top_topics=examples.get(r[0], []),
            questions_by_stage=questions.get(r[0], {}),
            rumours_by_stage=rumours.get(r[0], {}),
            golput=int(r[7] or 0),
            complaints=int(r[8] or 0),
            questions_unanswered=int(r[9] or 0),
            turnout=_turnout_counts(int(r[1]), r[10:10 + _TURNOUT_COLUMNS]),
        )
        for r in rows
    }
    return [by_name.get(name, KecamatanWeek(kecamatan=name)) for name in names]


def daily_volume(conn: Connection) -> list[DailyVolume]:
    out: dict[date, DailyVolume] = {}
    for day, sentiment, n in conn.exec_driver_sql(
        f"SELECT day, sentiment, COUNT(*) FROM {WEEK_TABLE} GROUP BY day, sentiment"
    ):
        d = day if isinstance(day, date) else date.fromisoformat(str(day))
        dv = out.setdefault(d, DailyVolume(day=d))
        if sentiment in ("positive", "neutral", "negative"):
            setattr(dv, sentiment, getattr(dv, sentiment) + int(n))
    return [out[d] for d in sorted(out)]


def stage_awareness(conn: Connection) -> list[MatrixCell]:
    return [
        MatrixCell(stage=stage, awareness=awareness, count=int(n))
        for stage, awareness, n in conn.exec_driver_sql(
            f"""SELECT stage, awareness, COUNT(*) FROM {WEEK_TABLE}
                GROUP BY stage, awareness ORDER BY stage, awareness"""
        )
    ]


def _aware(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def unanswered_questions(
    conn: Connection, now: datetime, limit: int, show_handles: bool
) -> tuple[int, list[UnansweredQuestion]]:
    d = conn.dialect.name
    where = f"is_question = {_true(d)} AND NOT {_answered_sql(d)}"
    total = conn.exec_driver_sql(f"SELECT COUNT(*) FROM {WEEK_TABLE} w WHERE {where}").scalar()
    # A reply without its own link (an imported comment, an Instagram comment) links to the
    # post it answers when that post's real link is stored; no link is ever made from an id.
    rows = conn.exec_driver_sql(
        f"""SELECT text, author_pseudonym, author_handle, platform, kecamatan, created_at, url,
                   stage,
                   CASE WHEN url IS NULL THEN (
                       SELECT MIN(p.url) FROM items p WHERE p.platform = w.platform
                         AND p.external_id = w.conversation_id AND p.url IS NOT NULL) END
            FROM {WEEK_TABLE} w WHERE {where} ORDER BY created_at LIMIT {int(limit)}"""
    ).all()
    out = [
        UnansweredQuestion(
            quote=r[0],
            handle=(r[2] if show_handles and r[2] else r[1]) or "anonim",
            platform=r[3],
            kecamatan=r[4] or None,
            age_hours=max(0.0, (now - _aware(r[5])).total_seconds() / 3600),
            url=r[6],
            stage=r[7] if r[7] and r[7] != "none" else None,
            post_url=r[8],
        )
        for r in rows
    ]
    return int(total or 0), out


def rumours(conn: Connection, limit_rows: int = 2000) -> list[Rumour]:
    """Misinformation grouped by the false claim (kind of error and stage it concerns)."""
    import json

    d = conn.dialect.name
    groups: dict[tuple[str, str], Rumour] = {}
    places: dict[tuple[str, str], set[str]] = defaultdict(set)
    for text_, evidence, kec in conn.exec_driver_sql(
        f"""SELECT text, evidence, kecamatan FROM {WEEK_TABLE}
            WHERE is_misinformation = {_true(d)} ORDER BY created_at LIMIT {int(limit_rows)}"""
    ):
        ev = json.loads(evidence) if isinstance(evidence, str) else (evidence or {})
        findings = ev.get("misinformation") or [{}]
        first = findings[0] if isinstance(findings, list) and findings else {}
        key = (str(first.get("jenis", "lainnya")), str(first.get("tahapan", "")))
        if key not in groups:
            said = first.get("disebut")
            official = first.get("kalender")
            evidence_text = "; ".join(
                part
                for part in (
                    f"disebut: \u201c{said}\u201d" if said else "",
                    f"menurut jadwal: {official}" if official else "",
                )
                if part
            )
            groups[key] = Rumour(
                quote=text_,
                evidence=evidence_text or "klaim tidak sesuai jadwal resmi",
                correction=str(first.get("koreksi") or ""),
                correction_url=first.get("tautan"),
                occurrences=0,
            )
        groups[key].occurrences += 1
        if kec:
            places[key].add(kec)
    for key, rumour in groups.items():
        rumour.kecamatan = sorted(places[key])
    return sorted(groups.values(), key=lambda r: -r.occurrences)


def needs_review_count(conn: Connection) -> int:
    return int(
        conn.exec_driver_sql(
            f"SELECT COUNT(*) FROM {WEEK_TABLE} WHERE needs_review = {_true(conn.dialect.name)}"
        ).scalar()
        or 0
    )


@dataclass
class _OwnPost:
    platform: str
    external_id: str
    text: str
    created_at: datetime
    url: str | None
    metrics: dict[str, Any]


def own_posts(
    conn: Connection, start: datetime, end: datetime, limit: int = 50
) -> list[OwnPostPerformance]:
    """The commission's own posts of the week: replies, engagement, time to first answer."""
    import json

    d = conn.dialect.name
    posts = [
        _OwnPost(r[0], r[1], r[2], _aware(r[3]), r[4], _metrics(r[5], json))
        for r in conn.execute(
            _bounds(
                f"""SELECT platform, external_id, text, created_at, url, metrics FROM items
                    WHERE is_own = {_true(d)} AND kind = 'post' AND deleted_at IS NULL
                      AND created_at >= :start AND created_at < :end
                    ORDER BY created_at LIMIT {int(limit)}""",
                start,
                end,
            )
        )
    ]
    if not posts:
        return []
    out = []
    for post in posts:
        stats = conn.execute(
            text(
                f"""SELECT
                   SUM(CASE WHEN is_own = {_true(d)} THEN 0 ELSE 1 END),
                   MIN(CASE WHEN is_own = {_true(d)} THEN NULL ELSE created_at END),
                   MIN(CASE WHEN is_own = {_true(d)} THEN created_at ELSE NULL END)
                FROM items WHERE platform = :p AND conversation_id = :c
                  AND external_id <> :c AND deleted_at IS NULL"""
            ),
            {"p": post.platform, "c": post.external_id},
        ).one()
        replies = int(stats[0] or 0)
        first_public = _aware(stats[1]) if stats[1] else None
        first_own = _aware(stats[2]) if stats[2] else None
        hours = None
        if first_public and first_own and first_own >= first_public:
            hours = (first_own - first_public).total_seconds() / 3600
        # Interactions: likes, comments, shares, quotes... never views (reports/reach.py).
        engagement = sum(
            int(v)
            for k, v in post.metrics.items()
            if isinstance(v, int | float) and not isinstance(v, bool)
            and k not in NOT_ENGAGEMENT and not reach.is_view_metric(post.platform, k)
        )
        out.append(
            OwnPostPerformance(
                snippet=post.text,
                platform=post.platform,
                posted_at=post.created_at,
                replies=replies,
                engagement=engagement,
                views=reach.post_views(post.platform, post.metrics),
                hours_to_first_answer=hours,
                url=post.url,
            )
        )
    return out


def _metrics(value: Any, json: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class WeekProvenance:
    """Which runs brought in the week's items (an item belongs to the run that first stored it).

    ``by_run`` maps a run id to the number of the week's items it brought, ``platforms`` to
    the platforms of those items; ``untraced`` counts the items no run can be found for
    (written without a reference, or whose raw page is gone).
    """

    items: int
    by_run: dict[int, int]
    untraced: int
    platforms: dict[int, set[str]]


def _import_run_id_sql(dialect: str) -> str:
    # raw_ref of an imported row: "import:<run id>:<file>:<row>" (collectors/file_import.py).
    if dialect == "sqlite":
        return "substr(raw_ref, 8, instr(substr(raw_ref, 8), ':') - 1)"
    return "split_part(raw_ref, ':', 2)"


def week_provenance(
    conn: Connection, start: datetime, end: datetime, chunk: int = 500
) -> WeekProvenance:
    """Trace the items created in [start, end) to runs of the ledger, in one grouped scan.

    Collected items point at their raw page (``raw_payloads:<id>``), which names its run;
    imported rows name their run directly. Grouping by that reference keeps the rows handed to
    Python to one per raw page or import, whatever the size of the week.
    """
    run_of_import = _import_run_id_sql(conn.dialect.name)
    refs = conn.execute(
        _bounds(
            f"""SELECT CASE WHEN raw_ref LIKE 'import:%' THEN 'import:' || {run_of_import}
                            ELSE raw_ref END AS ref, platform, COUNT(*)
                FROM items
                WHERE created_at >= :start AND created_at < :end AND deleted_at IS NULL
                GROUP BY CASE WHEN raw_ref LIKE 'import:%' THEN 'import:' || {run_of_import}
                              ELSE raw_ref END, platform""",
            start,
            end,
        )
    ).all()
    total = sum(int(n) for _, _, n in refs)
    by_run: dict[int, int] = defaultdict(int)
    platforms: dict[int, set[str]] = defaultdict(set)
    pages: dict[int, tuple[int, set[str]]] = {}
    for ref, platform, n in refs:
        kind, _, key = str(ref or "").partition(":")
        if kind == "import" and key.isdigit():
            by_run[int(key)] += int(n)
            platforms[int(key)].add(platform)
        elif kind == "raw_payloads" and key.isdigit():
            count, seen = pages.get(int(key), (0, set()))
            pages[int(key)] = (count + int(n), seen | {platform})
    ids = sorted(pages)
    for i in range(0, len(ids), chunk):
        part = ids[i : i + chunk]
        stmt = text("SELECT id, run_id FROM raw_payloads WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        for page_id, run_id in conn.execute(stmt, {"ids": part}):
            if run_id is not None:
                count, seen = pages[int(page_id)]
                by_run[int(run_id)] += count
                platforms[int(run_id)] |= seen
    return WeekProvenance(items=total, by_run=dict(by_run),
                          untraced=total - sum(by_run.values()), platforms=dict(platforms))


def turnout_by_kecamatan(conn: Connection) -> dict[str | None, TurnoutCounts]:
    """The loaded week's turnout counts per kecamatan (None: replies without a place)."""
    t = _true(conn.dialect.name)
    rows = conn.exec_driver_sql(
        f"""SELECT NULLIF(kecamatan, ''), COUNT(*), {_turnout_sums(t)}
            FROM {WEEK_TABLE} GROUP BY NULLIF(kecamatan, '')"""
    ).all()
    return {r[0]: _turnout_counts(int(r[1]), r[2:]) for r in rows}


def turnout_history(
    conn: Connection,
    start: datetime,
    weeks: int,
    tz: ZoneInfo,
    last_week: dict[str | None, TurnoutCounts] | None = None,
) -> tuple[dict[str | None, list[TurnoutCounts]], list[str]]:
    """Turnout counts of the ``weeks`` ISO weeks before ``start`` (a Monday 00:00 local), per
    kecamatan (None: replies without a place), oldest week first; and the weeks' labels.

    ``last_week``: the counts of the week just before ``start``, already computed from the
    loaded week table (:func:`turnout_by_kecamatan`), so only the weeks before it are scanned:
    one grouped scan of their public replies with their newest analysis (the same join as
    :func:`load_week`), grouped by kecamatan and week.
    """
    from datetime import timedelta

    if weeks <= 0:
        return {}, []
    first = start - timedelta(weeks=weeks)
    first_day = first.astimezone(tz).date()
    labels = []
    for i in range(weeks):
        iso = (first_day + timedelta(weeks=i)).isocalendar()
        labels.append(f"{iso.year}-W{iso.week:02d}")
    scan_end = start - timedelta(weeks=1) if last_week is not None else start
    out: dict[str | None, list[TurnoutCounts]] = {}
    for kec, counts in (last_week or {}).items():
        out.setdefault(kec, [TurnoutCounts() for _ in range(weeks)])[weeks - 1] = counts
    scanned = round((scan_end - first) / timedelta(weeks=1))
    if scanned <= 0:
        return out, labels
    # The week of a reply by comparison with the weeks' bounds (local Mondays, as UTC): the
    # same on SQLite and PostgreSQL, and cheaper than a local date per row.
    bounds = {f"w{i}": first + timedelta(weeks=i) for i in range(1, scanned)}
    week = "CASE " + "".join(f"WHEN i.created_at < :w{i} THEN {i - 1} "
                             for i in range(1, scanned)) + f"ELSE {scanned - 1} END"
    sql = f"""
        SELECT a.kecamatan, {week} AS week, COUNT(*),
               {_turnout_sums(_true(conn.dialect.name), "a.")}
        FROM items i
        JOIN analyses a ON a.id = (SELECT MAX(a2.id) FROM analyses a2 WHERE a2.item_id = i.id)
        WHERE i.is_own = :false AND i.deleted_at IS NULL
          AND i.created_at >= :start AND i.created_at < :end
        GROUP BY a.kecamatan, {week}
    """
    stmt = _bounds(sql, first, scan_end).bindparams(
        bindparam("false", False),
        *(bindparam(name, value, type_=UtcDateTime) for name, value in bounds.items()))
    for kec, index, n, *sums in conn.execute(stmt):
        series = out.setdefault(kec or None, [TurnoutCounts() for _ in range(weeks)])
        series[int(index)] = series[int(index)].plus(_turnout_counts(int(n), sums))
    return out, labels
    stmt = _bounds(sql, first, scan_end).bindparams(bindparam("false", False))
    for kec, d, n, *sums in conn.execute(stmt):
        when = d if isinstance(d, date) else date.fromisoformat(str(d))
        index = (when - first_day).days // 7
        if not 0 <= index < weeks:
            continue
        series = out.setdefault(kec or None, [TurnoutCounts() for _ in range(weeks)])
        series[index] = series[index].plus(_turnout_counts(int(n), sums))
    return out, labels
