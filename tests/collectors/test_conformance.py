"""Extra check (CI, where ../shared exists): the mappers parse every recorded real response.

Objects a mapper cannot use (e.g. tweets recorded without ``created_at``, comments recorded
without ``id``) must be skipped with a reason, never raise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from collectors.mapping_meta import (
    MappedPage,
    data_of,
    map_fb_comment,
    map_fb_post,
    map_ig_comment,
    map_ig_media,
)
from collectors.mapping_x import map_page, missing_ids

pytestmark = pytest.mark.shared


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.json") if not p.name.startswith("_"))


def _objects(payload: Any) -> list[Any]:
    """The objects of an edge page, a `?ids=` map, or a single object."""
    if isinstance(payload, dict) and isinstance(payload.get("data"), list):
        return data_of(payload)
    values = list(payload.values()) if isinstance(payload, dict) else []
    if values and all(isinstance(v, dict) and "id" in v for v in values):
        return values
    return [payload]


def test_x_recordings(shared_dir: Path) -> None:
    mapped = skipped = 0
    for path in _files(shared_dir / "api" / "x"):
        payload = json.loads(path.read_text(encoding="utf-8"))
        page = map_page(payload, source="x_test", own_user_id="900000000000000001")
        missing_ids(payload)
        mapped += len(page.records)
        skipped += len(page.skipped)
        for rec in page.records:
            assert rec.external_id and rec.created_at.tzinfo is not None
    assert mapped > 0, "no recorded tweet could be mapped"
    assert mapped + skipped > 10


def _meta_mapper(platform: str, name: str) -> Any:
    if platform == "facebook":
        if "comment" in name:
            return lambda o: map_fb_comment(o, source="t", page_id="1", post_id="1_1")
        if name.startswith(("page_feed", "page_posts", "post_")):
            return lambda o: map_fb_post(o, source="t", page_id="1")
        return None
    if "comment" in name:
        return lambda o: map_ig_comment(o, source="t", ig_user_id="1", media_id="m")
    if "media" in name:
        return lambda o: map_ig_media(o, source="t", ig_user_id="1")
    return None


@pytest.mark.parametrize("platform", ["facebook", "instagram"])
def test_graph_recordings(shared_dir: Path, platform: str) -> None:
    mapped = 0
    for path in _files(shared_dir / "api" / platform):
        payload = json.loads(path.read_text(encoding="utf-8"))
        mapper = _meta_mapper(platform, path.stem)
        if mapper is None or (isinstance(payload, dict) and "error" in payload):
            continue  # account fields and error bodies are not items
        page = MappedPage()
        for obj in _objects(payload):
            page.add(mapper, obj)
        mapped += len(page.records)
        assert all(s.reason for s in page.skipped)
    assert mapped > 0
