"""`import agents` loads no session driver; a missing driver names the pip command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_import_agents_loads_no_session_driver() -> None:
    code = (
        "import sys, agents, agents.memory, agents.extensions.memory\n"
        "from agents import SessionSettings, OpenAIConversationsSession\n"
        "heavy = ['sqlalchemy', 'asyncpg', 'aiosqlite', 'redis', 'cryptography']\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    proc = _run(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_a_missing_driver_names_the_extra() -> None:
    code = (
        "import sys\n"
        "sys.modules['redis'] = None  # as if not installed\n"
        "from agents.extensions.memory import RedisSession\n"
    )
    proc = _run(code)
    assert "pip install 'freeagents[redis]'" in proc.stderr
