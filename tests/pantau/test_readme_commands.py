"""The commands in the README's "Using Pantau" block work as written after `make demo`.

The block is run in one bash session from the repository root, with HOME in a temporary folder
(`~/pantau-kpu` lands there) and `$EDITOR` a no-op. Commands that need tokens, a file the reader
brings, or run forever (collect, import, run...) are checked with `--help` appended, which
still rejects an unknown command or option; the others run for real.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.conftest import REPO_ROOT, skip_unless_ci

RUN_FOR_REAL = ("pantau init", "pantau config show", "pantau status", "pantau --help")


def _using_pantau_block() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using Pantau", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "README: no sh block under 'Using Pantau'"
    lines = [line.split("  #", 1)[0].strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def test_the_block_activates_the_venv_before_any_bare_pantau() -> None:
    lines = _using_pantau_block()
    assert lines[0] == "source .venv/bin/activate"
    assert all(not line.startswith(".venv/bin/") for line in lines[1:])


def test_the_readme_commands_run(tmp_path: Path) -> None:
    if not (REPO_ROOT / ".venv" / "bin" / "activate").is_file():
        skip_unless_ci("no .venv here: `make demo` or `make test` creates it")
    script = ["set -e"]
    for line in _using_pantau_block():
        line = line.replace("$EDITOR", "true")
        if line.startswith("pantau") and not line.startswith(RUN_FOR_REAL):
            line += " --help"
        script.append(f"echo '>>> {line}'")
        script.append(line)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env.update(HOME=str(tmp_path), COLUMNS="200")
    done = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (tmp_path / "pantau-kpu" / "pantau.yaml").is_file()
    assert "Konfigurasi: " in done.stdout and "(folder kerja)" in done.stdout
