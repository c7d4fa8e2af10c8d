"""Generate a large synthetic reply export (Meta-Business-Suite layout) for benchmarks and tests."""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

from collectors.emulator.sample_export import HEADER

_WORDS = tuple(
    "kapan coblosan tps dpt cek nama saya terdaftar golput percuma nyoblos kalisat ambulu "
    "matur suwun min bila dimma engkok ta' terima kasih infonya undangan c6 belum dapat".split()
)


def write_replies(path: Path, n: int, seed: int = 7, text_words: int = 12) -> Path:
    rng = random.Random(seed)
    start = datetime(2024, 11, 1, 6, 0)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(n):
            created = start + timedelta(seconds=i * 37 % (30 * 86400))
            w.writerow(
                [
                    f"c{i}",
                    f"p{i % 400}",
                    f"c{i - 1}" if i % 5 == 0 and i else "",
                    created.strftime("%Y-%m-%d %H:%M:%S"),
                    f"warga{rng.randrange(n // 3 + 1)}",
                    rng.choice(["", "", "Jember", "Kalisat", "Ambulu"]),
                    " ".join(rng.choice(_WORDS) for _ in range(text_words)) + f" #{i}",
                    rng.randrange(20),
                    "facebook" if i % 3 else "instagram",
                ]
            )
    return path
