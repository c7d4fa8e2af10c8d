"""The alerts area: rules over fresh analyses, alerts with a dedup key, the outbox, channels.

It owns its settings (``alerts.settings``) and may import ``core`` and the area below it,
``nlp`` (the stage calendar), never the shell ``pantau``.
"""
