"""Sentiment towards the election, the commission or the process: the public loader.

Two backends share one protocol (``nlp.sentiment_scores.SentimentModel``): the shipped linear
model (default, CPU, no extra packages) and a transformers model named in the config (optional
extra, offline only). Both return calibrated scores for exactly the three labels and a
``needs_review`` flag set when the top score is below ``review_threshold`` or the language is
one the model handles poorly.
"""

from __future__ import annotations

from nlp.sentiment_scores import SentimentModel
from nlp.settings import NLPSettings


def load_sentiment_model(settings: NLPSettings | None = None) -> SentimentModel:
    """Load the configured backend; raises ``ModelError`` with a hint when it cannot."""
    settings = settings or NLPSettings()
    if settings.sentiment_backend == "transformers":
        from nlp.transformers_backend import TransformersSentimentModel

        return TransformersSentimentModel.from_settings(settings)
    from nlp.sentiment_linear import LinearSentimentModel

    return LinearSentimentModel.load(settings.linear_model_path, settings=settings)
