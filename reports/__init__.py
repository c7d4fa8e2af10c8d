"""The reports area: the weekly report, data first (``model.WeeklyReport``), then renderers.

It owns its settings (``reports.settings``) and may import only ``core``.

Entry points:
- ``reports.baseline.load_baseline(path=None)``: per-kecamatan DPT and turnout, with sources.
- ``reports.outreach_index.OutreachNeedIndex(settings).rank(weeks, baseline)``: ranked kecamatan.
- ``reports.assemble.assemble_weekly_report(...)``: a ``WeeklyReport`` from weekly aggregates.
- ``reports.turnout_answers.load_turnout_answers(path, calendar_path)``: recommended answers to
  the turnout signals, deadlines from the stage calendar (read by ``reports.stage_dates``).
- ``reports.render.render_report(report, out_dir, formats)``: HTML, PDF, XLSX and JSON files.
- ``reports.sample_report``: synthetic reports for tests and previews.
"""
