"""Mapping one export row to an :class:`ItemRecord`, or to the reasons it cannot be stored.

Values the store would refuse are row problems here, before any write: an id longer than its
column (limits read from ``core/store/models.py``, as PostgreSQL enforces them; SQLite does
not), a date before 2000 or more than a day after the import. An over-long location, link or
(when kept) handle is dropped from a row that is kept, with a warning. Every row of a large
export passes through the mapper, so it is built once per file and kept cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from collectors.settings import ImportProfile
from collectors.source_rows import SourceRow
from core.privacy import HandleMasker
from core.records import PLATFORMS, ItemRecord
from core.store.items import column_limit

LONG_TEXT_WARNING = 10_000
_LAST_OF_HOUR = timedelta(minutes=59, seconds=59, microseconds=999_999)
_MINUTE = timedelta(minutes=1)
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")
# Dates a reply cannot have. Before 2000 no platform Pantau reads existed (Facebook 2004), and
# year-1 dates overflowed when converted to UTC. After "tomorrow" is a wrong date or a wrong
# zone: a day is more than any offset mistake between Indonesian zones and UTC (2-9 h). Such a
# row is skipped, not kept with a warning: a reply dated next year would count as "this week"
# in every report and alert window until then.
EARLIEST_CREATED = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)
# Column limits of the store (PostgreSQL enforces them): an over-long id is a row problem.
ID_LIMIT = column_limit("external_id") or 128
PARENT_LIMIT = min(
    column_limit("parent_external_id") or 128, column_limit("conversation_id") or 128
)
HANDLE_LIMIT = column_limit("author_handle") or 128
LOCATION_LIMIT = column_limit("author_location") or 256
URL_LIMIT = column_limit("url") or 512


@dataclass
class RowProblem:
    line: int
    reason: str
    fatal: bool = True  # False: a warning, the row was still imported


def parse_datetime(value: Any, tz: ZoneInfo, fmt: str | None = None) -> datetime:
    """Parse an export's timestamp; naive values are local time in ``tz``."""
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value or "").strip()
        if not text:
            raise ValueError("tanggal kosong")
        if fmt:
            dt = datetime.strptime(text, fmt)
        else:
            try:
                dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                for candidate in _DATE_FORMATS:
                    try:
                        dt = datetime.strptime(text, candidate)
                        break
                    except ValueError:
                        continue
                else:
                    raise ValueError(f"tanggal tidak dikenali: {text[:40]!r}") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt


def _platform_value(raw: Any, default: str) -> str:
    if default != "auto":
        return default
    value = str(raw or "").strip().lower()
    if value in ("twitter",):
        value = "x"
    if value not in PLATFORMS:
        raise ValueError(
            f"platform {value!r} tidak dikenal"
            if value
            else "kolom platform kosong; beri --platform"
        )
    return value


def _cell(row: dict[str, Any], column: str | None) -> str | None:
    if not column:
        return None
    value = row.get(column)
    if value is None:
        return None
    text = (value if isinstance(value, str) else str(value)).strip()
    return text or None


RowMapper = Callable[[SourceRow, list[RowProblem]], ItemRecord | None]


def _implausible_date(created: datetime, latest: datetime) -> str:
    shown = created.isoformat(" ", "minutes")[:16]  # strftime("%Y") drops year 1's zeros
    if created > latest:
        return (
            f"tanggal {shown} lebih dari 1 hari sesudah saat impor; periksa format tanggal dan "
            "zona waktu"
        )
    return f"tanggal {shown} sebelum tahun 2000; periksa format tanggal"


def _dropped(what: str, value: str, limit: int) -> str:
    return f"{_too_long(what, value, limit)}; {what} tidak disimpan, barisnya tetap disimpan"


def _too_long(what: str, value: str, limit: int) -> str:
    return f"{what} terlalu panjang ({len(value):,} karakter, paling banyak {limit})"


def make_row_mapper(
    profile: ImportProfile,
    platform: str,
    tz: ZoneInfo,
    *,
    keep_handles: bool = True,
    own_handles: Sequence[str] = (),
    now: datetime | None = None,
) -> RowMapper:
    """A function mapping one export row to an :class:`ItemRecord`, or to None with the
    reasons appended to the list it is given (warnings are appended for rows that are kept).

    Values the store would refuse are row problems here: an over-long id or a date outside
    ``EARLIEST_CREATED`` .. ``now + FUTURE_TOLERANCE`` skips the row; an over-long location,
    link or (when handles are kept) handle is dropped from a row that is kept, with a warning.
    Without ``keep_handles`` an X link names no account (``x.com/i/web/status/<id>``), as the
    collectors store it; the reply text is stored exactly as exported (reports, alerts and
    sheets mask citizens' @handles in it when they show it).

    Built once per file: column positions are resolved once per header and each distinct
    platform cell is checked once, because every row of a large export passes through here.
    """
    latest = (now or datetime.now(UTC)) + FUTURE_TOLERANCE
    masker = None if keep_handles else HandleMasker(own_handles)
    # A local day at least two before latest's UTC day is before latest in any zone (+-14 h).
    near_latest = latest.toordinal() - 1
    earliest, earliest_year = EARLIEST_CREATED, EARLIEST_CREATED.year
    id_col, text_col, date_col = profile.id, profile.text, profile.created_at
    date_fmt = profile.date_format
    platform_col = profile.platform or ""
    missing_id = f"kolom '{id_col}' (id) kosong"
    missing_text = f"kolom '{text_col}' (teks) kosong"
    fromiso = datetime.fromisoformat
    # Raw platform cell -> (platform, "") or (None, the message of the ValueError it raises).
    platforms: dict[str, tuple[str | None, str]] = {}

    def platform_of(raw: Any) -> str:
        if not isinstance(raw, str):  # JSONL may hold anything, even unhashable values
            return _platform_value(raw, platform)
        hit = platforms.get(raw)
        if hit is None:
            try:
                hit = (_platform_value(raw, platform), "")
            except ValueError as exc:
                hit = (None, str(exc))
            if len(platforms) < 1000:
                platforms[raw] = hit
        if hit[0] is None:
            raise ValueError(hit[1])
        return hit[0]

    # Local hour ("YYYY-MM-DD HH") -> its UTC offset as "+HH:MM", or "" where the offset is
    # not the same all hour (a DST change) or cannot be told. Attaching the zone with
    # replace(tzinfo=...) cost more than parsing; "text+07:00" is parsed in one C call and is
    # the same instant replace() gives, also in DST gaps and repeated hours (fold=0).
    hour_offsets: dict[str, str] = {}

    def hour_offset(hour: str) -> str:
        try:
            start = fromiso(hour + ":00:00")
        except ValueError:
            return ""
        if start.tzinfo is not None:
            return ""
        first = start.replace(tzinfo=tz).utcoffset()
        last = (start + _LAST_OF_HOUR).replace(tzinfo=tz).utcoffset()
        if first is None or first != last or first % _MINUTE:
            return ""
        minutes = int(first.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        return "%s%02d:%02d" % (sign, *divmod(abs(minutes), 60))  # noqa: UP031

    def created_of(raw: Any) -> datetime:
        if isinstance(raw, str) and not date_fmt:
            if len(raw) == 19 and raw[13] == ":":  # "YYYY-MM-DD HH:MM:SS", the export layout
                hour = raw[:13]
                offset = hour_offsets.get(hour)
                if offset is None:
                    offset = hour_offset(hour)
                    if len(hour_offsets) < 100_000:  # ~11 years of hours; bounded memory
                        hour_offsets[hour] = offset
                if offset:
                    try:
                        return fromiso(raw + offset)
                    except ValueError:
                        pass  # the general parser below reports it
            # Most other exports hold ISO 8601 without stray spaces: one C call. Anything
            # else (spaces, other layouts, empty) takes the general parser.
            try:
                dt = fromiso(raw)
            except ValueError:
                return parse_datetime(raw, tz, date_fmt)
            return dt.replace(tzinfo=tz) if dt.tzinfo is None else dt
        return parse_datetime(raw, tz, date_fmt)

    def finish(
        line: int,
        ext_id: str | None,
        text: str,
        raw_date: Any,
        raw_platform: Any,
        post: str | None,
        parent: str | None,
        author: str | None,
        location: str | None,
        url: str | None,
        likes: str | None,
        problems: list[RowProblem],
    ) -> ItemRecord | None:
        if not ext_id:
            problems.append(RowProblem(line, missing_id))
            return None
        if not text or text.isspace():
            problems.append(RowProblem(line, missing_text))
            return None
        if len(ext_id) > ID_LIMIT:
            problems.append(RowProblem(line, _too_long("id", ext_id, ID_LIMIT)))
            return None
        if post is not None and len(post) > PARENT_LIMIT:
            problems.append(RowProblem(line, _too_long("id unggahan", post, PARENT_LIMIT)))
            return None
        if parent is not None and len(parent) > PARENT_LIMIT:
            problems.append(RowProblem(line, _too_long("id induk", parent, PARENT_LIMIT)))
            return None
        try:
            created = created_of(raw_date)
            plat = platform if platform != "auto" else platform_of(raw_platform)
        except ValueError as exc:
            problems.append(RowProblem(line, str(exc)))
            return None
        # Comparing datetimes of two zones costs ~0.7 us, more than the rest of this check:
        # the year and the local day rule out all but the rows near a bound first.
        if (created.year <= earliest_year and created < earliest) or (
            created.toordinal() >= near_latest and created > latest
        ):
            problems.append(RowProblem(line, _implausible_date(created, latest)))
            return None
        if len(text) > LONG_TEXT_WARNING:
            problems.append(
                RowProblem(
                    line, f"teks sangat panjang ({len(text):,} karakter), tetap disimpan", False
                )
            )
        handle = author
        if location is not None and len(location) > LOCATION_LIMIT:
            problems.append(RowProblem(line, _dropped("lokasi", location, LOCATION_LIMIT), False))
            location = None
        if url is not None and masker is not None and ".com/" in url:
            url = masker.links(url)
        if url is not None and len(url) > URL_LIMIT:
            problems.append(RowProblem(line, _dropped("tautan", url, URL_LIMIT), False))
            url = None
        if keep_handles and author is not None and len(author) > HANDLE_LIMIT:
            problems.append(RowProblem(line, _dropped("nama akun", author, HANDLE_LIMIT), False))
            handle = None  # the pseudonym is still made from the whole name
        return ItemRecord(
            platform=plat,
            external_id=ext_id,
            text=text,
            created_at=created,
            kind="reply",
            source="import",
            parent_external_id=parent or post,
            conversation_id=post,
            author_id=author,
            author_handle=handle,
            author_location=location,
            url=url,
            # isdecimal, not isdigit: int() rejects digits such as "²" that isdigit accepts;
            # and a count of more than 15 digits is no like count (int() refuses 4,300).
            metrics={"like_count": int(likes)}
            if likes and likes.isdecimal() and len(likes) <= 15
            else {},
        )

    def map_values(src: SourceRow, problems: list[RowProblem]) -> ItemRecord | None:
        row = src.values
        raw_text = row.get(text_col)
        return finish(
            src.line,
            _cell(row, id_col),
            "" if raw_text is None else str(raw_text),
            row.get(date_col),
            row.get(platform_col, ""),
            _cell(row, profile.post_id),
            _cell(row, profile.parent_id),
            _cell(row, profile.author),
            _cell(row, profile.author_location),
            _cell(row, profile.url),
            _cell(row, profile.likes),
            problems,
        )

    # Positions of the profile's columns in a CSV header (the last of a repeated name, as a
    # dict built from the row keeps); None for a column the profile or the file lacks.
    positions_for: list[Any] = [None, ()]

    def positions(header: list[str]) -> tuple[int | None, ...]:
        if positions_for[0] is not header:
            index = {name: i for i, name in enumerate(header)}
            # Text, date and platform are looked up by name as given, like row.get(); the
            # others as _cell() does, where an empty column name means "not mapped".
            looked_up = (text_col, date_col, platform_col)
            cells_of = (
                profile.post_id,
                profile.parent_id,
                profile.author,
                profile.author_location,
                profile.url,
                profile.likes,
            )
            positions_for[:] = [
                header,
                (
                    index.get(id_col) if id_col else None,
                    *(index.get(c) for c in looked_up),
                    *(index.get(c) if c else None for c in cells_of),
                ),
            ]
        return positions_for[1]  # type: ignore[no-any-return]

    def map_source_row(src: SourceRow, problems: list[RowProblem]) -> ItemRecord | None:
        if src.error:
            problems.append(RowProblem(src.line, src.error))
            return None
        cells = src.cells
        if cells is None or src.header is None:
            return map_values(src, problems)
        # Only rows as wide as the header come here (others carry an error), so every
        # position is valid; cells are strings, so _cell() reduces to strip() or None.
        header = src.header
        i_id, i_text, i_date, i_plat, i_post, i_parent, i_author, i_loc, i_url, i_likes = (
            positions_for[1] if positions_for[0] is header else positions(header)
        )
        return finish(
            src.line,
            None if i_id is None else cells[i_id].strip() or None,
            "" if i_text is None else cells[i_text],
            None if i_date is None else cells[i_date],
            "" if i_plat is None else cells[i_plat],
            None if i_post is None else cells[i_post].strip() or None,
            None if i_parent is None else cells[i_parent].strip() or None,
            None if i_author is None else cells[i_author].strip() or None,
            None if i_loc is None else cells[i_loc].strip() or None,
            None if i_url is None else cells[i_url].strip() or None,
            None if i_likes is None else cells[i_likes].strip() or None,
            problems,
        )

    return map_source_row


def map_row(
    src: SourceRow, profile: ImportProfile, platform: str, tz: ZoneInfo
) -> tuple[ItemRecord | None, list[RowProblem]]:
    """Pure mapping of one export row to an :class:`ItemRecord` (or the reasons it cannot be).

    For many rows, build the mapper once with :func:`make_row_mapper`.
    """
    problems: list[RowProblem] = []
    rec = make_row_mapper(profile, platform, tz)(src, problems)
    return rec, problems
