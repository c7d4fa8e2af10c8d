"""The shell, the top floor: the ``pantau`` command, the composed settings that load and
validate the one YAML file, the scheduler of ``pantau run``, status and the demo.

It may import every area and ``core``; nothing imports it. Each area is handed its own settings
object (``Settings.for_collectors()``, ``for_reports()``, ``for_alerts()``, ``nlp``), never the
composed ``Settings``.
"""

__version__ = "0.1.0"
