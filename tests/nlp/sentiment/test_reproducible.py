"""Training inputs must not depend on the per-process string hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

_SCRIPT = """
import hashlib, sys
from pathlib import Path
from nlp.sentiment_resources import build_regional_map, indonesian_to_regional
data = Path(sys.argv[1])
parts = [repr(build_regional_map(data))]
parts += [repr(sorted(indonesian_to_regional(data, lang).items())) for lang in ("jv", "mad")]
print(hashlib.sha256("|".join(parts).encode()).hexdigest())
"""


@pytest.mark.shared
def test_word_maps_do_not_depend_on_hash_seed(shared_dir: Path) -> None:
    root = Path(__file__).resolve().parents[3]
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        out = subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(shared_dir / "data")],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=root,
            timeout=120,
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1


@pytest.mark.shared
def test_shipped_regional_map_matches_a_rebuild(shared_dir: Path) -> None:
    from nlp.lexicons import resource_path
    from nlp.sentiment_resources import build_regional_map

    shipped = resource_path("regional_to_id.csv").read_text(encoding="utf-8").splitlines()
    rebuilt = [f"{a},{b}" for a, b in build_regional_map(shared_dir / "data")]
    assert [ln for ln in shipped if not ln.startswith("#")][1:] == rebuilt
