"""The analysis-failure rule: items the current tagger could not analyse, or ``analyze`` runs
that failed, so nobody learns it only from a log (issue 11).

"Current" is the model version of the newest ``analyze`` run (its ``source_name``): what the
service runs now. Failures of older versions are retried by the newer one and do not count.
Error texts may quote a reply (an exception message can hold the text that broke it), so the
alert shows only the exception type of each failure, never its message.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select

from alerts.messages import local_stamp
from alerts.rule_base import Detection, RuleContext, aware, base_facts
from core.store.models import AnalysisFailure, Run

ANALYZE_KIND = "analyze"
# How many of the newest failures are read to name the error kinds (the count is exact).
ERROR_KIND_SAMPLE = 500
_ERROR_TYPE = re.compile(r"\s*([A-Za-z_][\w.]*)\s*(?::|$)")
UNKNOWN_KIND = "galat tanpa nama jenis"


def error_kind(error: str | None) -> str:
    """The exception type at the head of a stored error ("KeyError: 'x'" -> "KeyError")."""
    match = _ERROR_TYPE.match(error or "")
    return match.group(1) if match else UNKNOWN_KIND


def _version(ctx: RuleContext) -> tuple[str | None, Run | None]:
    run = ctx.session.scalars(
        select(Run).where(Run.kind == ANALYZE_KIND, Run.started_at <= ctx.now)
        .order_by(Run.started_at.desc(), Run.id.desc()).limit(1)
    ).first()
    if run is not None and run.source_name:
        return run.source_name, run
    version = ctx.session.scalar(
        select(AnalysisFailure.model_version).where(AnalysisFailure.failed_at <= ctx.now)
        .order_by(AnalysisFailure.failed_at.desc(), AnalysisFailure.id.desc()).limit(1)
    )
    return version, run


def analysis_failures(ctx: RuleContext) -> list[Detection]:
    """Failure rows of the current version (at least ``min_count``), or a failed last run."""
    rule = ctx.settings.rules.analysis_failures
    version, newest = _version(ctx)
    if version is None:
        return []
    failed = [AnalysisFailure.model_version == version, AnalysisFailure.failed_at <= ctx.now]
    count, since = ctx.session.execute(
        select(func.count(), func.min(AnalysisFailure.failed_at)).where(*failed)
    ).one()
    count = int(count or 0)
    errors = ctx.session.scalars(
        select(func.substr(AnalysisFailure.error, 1, 120)).where(*failed)
        .order_by(AnalysisFailure.failed_at.desc(), AnalysisFailure.id.desc())
        .limit(ERROR_KIND_SAMPLE)
    ).all()
    kinds = Counter(error_kind(e) for e in errors)
    runs = dict(ctx.session.execute(
        select(Run.status, func.count())
        .where(Run.kind == ANALYZE_KIND, Run.source_name == version,
               Run.started_at > ctx.now - timedelta(hours=rule.window_hours),
               Run.started_at <= ctx.now, Run.status.in_(("partial", "failed")))
        .group_by(Run.status)
    ).all())
    last = ctx.session.scalars(
        select(Run).where(Run.kind == ANALYZE_KIND, Run.started_at <= ctx.now,
                          Run.status != "running")
        .order_by(Run.started_at.desc(), Run.id.desc()).limit(1)
    ).first()
    last_failed = last is not None and last.status == "failed"
    if count < rule.min_count and not last_failed:
        return []
    facts = base_facts(
        ctx,
        version=version,
        count=count,
        since=local_stamp(aware(since), ctx.tz) if since is not None else None,
        error_kinds=kinds.most_common(),
        error_kinds_of=len(errors),
        runs_partial=int(runs.get("partial", 0)),
        runs_failed=int(runs.get("failed", 0)),
        window_hours=rule.window_hours,
        last_run=None if last is None else {
            "status": last.status,
            "when": local_stamp(aware(last.started_at), ctx.tz),
            "error_kind": error_kind(last.message) if last.status == "failed" else None,
        },
        newest_run_version=newest.source_name if newest is not None else None,
    )
    severity = "critical" if last_failed else rule.severity
    magnitude = count + (1 if last_failed else 0)
    return [Detection("analysis_failures", f"analysis_failures:{version}", severity, magnitude,
                      facts)]
