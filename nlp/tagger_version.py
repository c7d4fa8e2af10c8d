"""The tagger's version, derived from everything that shapes a tag.

Every analysis stores ``<sentiment model>+<tagger version>``, and items analysed by another
version are analysed again. A hand-kept name ("tag-2024.1") stayed the same across a dozen rule
commits, so reports mixed rule generations. The version is therefore a digest of:

- the code of the rule modules (cue lists live there), read as syntax trees without comments or
  docstrings, so a reworded comment does not re-analyse a million replies but any changed cue,
  weight or branch does;
- the word lists the rules and the normaliser read (``nlp/resources``) and the shipped turnout
  classifier (``nlp/models/turnout_linear.npz``), whose scores raise turnout flags;
- the stage calendar, the gazetteer and the kecamatan boundaries actually in use (the config may
  name other files: another election or kabupaten);
- the settings that change a tag (``review_threshold``, ``poorly_handled_languages``).
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nlp.areas import GazetteerRow
    from nlp.calendar import StageCalendar
    from nlp.geo import KecamatanLocator
    from nlp.settings import NLPSettings

PREFIX = "tag-"
RULE_MODULES = (
    "nlp.areas",
    "nlp.calendar",
    "nlp.cues",
    "nlp.flags",
    "nlp.geo",
    "nlp.language",
    "nlp.lexicons",
    "nlp.normalize",
    "nlp.pipeline",
    "nlp.stages",
    "nlp.turnout",
    "nlp.turnout_cues",
    "nlp.turnout_model",
    "nlp.turnout_rules",
)
TAG_MODEL_FILES = ("turnout_linear.npz",)


def _without_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body[0] = ast.Pass()
    return tree


@lru_cache(maxsize=1)
def rules_digest() -> str:
    """Digest of the rule code and the word lists shipped with it (fixed for a process)."""
    digest = hashlib.sha256()
    for name in RULE_MODULES:
        spec = find_spec(name)
        if spec is None or spec.origin is None:
            raise RuntimeError(f"rule module {name} not found")
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
        digest.update(name.encode())
        digest.update(ast.dump(_without_docstrings(tree)).encode())
    folder = resources.files("nlp.resources")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file() and not entry.name.endswith((".py", ".md")):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    models = resources.files("nlp.models")
    for name in TAG_MODEL_FILES:
        entry = models / name
        if entry.is_file():
            digest.update(name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()


def tagger_version(
    calendar: StageCalendar,
    gazetteer: Sequence[GazetteerRow],
    locator: KecamatanLocator,
    settings: NLPSettings | None,
) -> str:
    """``tag-`` and 10 hex digits: equal inputs give equal versions in every process."""
    digest = hashlib.sha256(rules_digest().encode())
    digest.update(calendar.model_dump_json().encode())
    for row in sorted(gazetteer, key=lambda r: (r.alias, r.kecamatan, r.entity_type, r.desa)):
        digest.update(
            repr(
                (
                    row.alias,
                    row.kecamatan,
                    row.entity_type,
                    row.desa,
                    row.needs,
                    sorted(row.block_before),
                    sorted(row.block_after),
                    row.trust,
                )
            ).encode()
        )
    digest.update(locator.fingerprint().encode())
    if settings is None:  # the pipeline then runs on the defaults: same tags, same version
        from nlp.settings import NLPSettings

        settings = NLPSettings()
    digest.update(
        repr((settings.review_threshold, sorted(settings.poorly_handled_languages))).encode()
    )
    return PREFIX + digest.hexdigest()[:10]
