"""Writing ``pantau tag`` output: one contract JSON object per :class:`TagInput`, in order.

Reading files is not done here: ``pantau tag`` reads every export ``pantau import`` reads (CSV,
JSONL, XLSX, import profiles), and those readers belong to the collectors, which ``nlp`` may not
import. The shell (``pantau/tag_files.py``) turns a file into TagInputs; this module tags them
in chunks, so a large file needs little memory, and writes exactly one line per input, a row
that could not be read (``TagInput.error``) included.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from nlp.pipeline import TaggingPipeline, TagInput

CHUNK_SIZE = 512


@dataclass(frozen=True, slots=True)
class TagSummary:
    """What a ``write_tags`` run did: rows written, and how many of them could not be read."""

    rows: int
    errors: int


def write_tags(
    inputs: Iterable[TagInput],
    out: TextIO,
    pipeline: TaggingPipeline,
    chunk_size: int = CHUNK_SIZE,
) -> TagSummary:
    """Tag ``inputs`` and write one JSON object per input to ``out``, in input order."""
    rows = errors = 0
    chunk: list[TagInput] = []

    def flush() -> None:
        nonlocal rows, errors
        for result in pipeline.tag(chunk):
            out.write(json.dumps(result.to_json_dict(), ensure_ascii=False) + "\n")
            errors += "error" in result.evidence
        rows += len(chunk)
        chunk.clear()

    for item in inputs:
        chunk.append(item)
        if len(chunk) >= chunk_size:
            flush()
    if chunk:
        flush()
    return TagSummary(rows, errors)
