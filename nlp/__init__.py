"""The NLP area: the tags of every reply, and the models behind them.

Normalisation, language, sentiment (the shipped linear model and the transformers backend),
stages, awareness, flags, kecamatan, the calendar check, the tagging pipeline, training,
evaluation and the labelling sheets. It owns its settings (``nlp.settings``) and may import only
``core``.
"""
