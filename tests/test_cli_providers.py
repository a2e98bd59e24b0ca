"""`freeagents providers`: names and key status, never a key's value."""

from __future__ import annotations

import json
import subprocess
import sys

from agents.models.providers.catalogue import list_providers

from .helpers.cli import cli_env
from .helpers.cli import run_cli

GROQ_KEY = "gsk-providers-secret-77aa88bb99"
HF_KEY = "hf_providers_secret_123456789"


def freeagents(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=env)


def _rows(out: str) -> dict[str, list[str]]:
    names = {spec.name for spec in list_providers()}
    rows = {}
    for line in out.splitlines():
        cells = [c for c in line.split("  ") if c.strip()]
        if cells and cells[0].strip() in names:
            rows[cells[0].strip()] = [c.strip() for c in cells]
    return rows


def test_table_lists_every_provider_and_whether_its_key_is_set() -> None:
    env = cli_env(
        GROQ_API_KEY=GROQ_KEY,
        HF_TOKEN=HF_KEY,
        GROQ_BASE_URL="http://127.0.0.1:4321/openai/v1",
    )
    done = freeagents("providers", env=env)
    assert done.returncode == 0, done.stderr
    rows = _rows(done.stdout)
    assert set(rows) == {spec.name for spec in list_providers()}
    assert rows["groq"][2:4] == ["GROQ_API_KEY", "set"]
    assert rows["huggingface"][2:4] == ["HF_TOKEN", "set"]
    assert rows["gemini"][2:4] == ["GEMINI_API_KEY", "not set"]
    assert rows["ollama"][3] == "optional"  # local servers take any key, or none
    assert "http://127.0.0.1:4321/openai/v1  (from GROQ_BASE_URL)" in done.stdout
    assert "cloudflare: the base URL needs a value: set CLOUDFLARE_ACCOUNT_ID" in done.stdout
    assert "Ready to use: groq, huggingface, ollama, vllm." in done.stdout
    for secret in (GROQ_KEY, HF_KEY, GROQ_KEY[:8], HF_KEY[:8]):
        assert secret not in done.stdout and secret not in done.stderr


def test_json_and_capabilities() -> None:
    env = cli_env(MISTRAL_API_KEY="mistral-secret-value-42", CLOUDFLARE_ACCOUNT_ID="acct123")
    done = freeagents("providers", "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert "mistral-secret-value-42" not in done.stdout
    rows = {row["name"]: row for row in json.loads(done.stdout)}
    assert rows["mistral"]["key"] == "set" and rows["mistral"]["usable"] is True
    assert rows["openai"]["key"] == "not set" and rows["openai"]["usable"] is False
    assert rows["cloudflare"]["base_url"].endswith("/accounts/acct123/ai/v1")
    assert rows["mistral"]["capabilities"]["tool_choice required"] == '"any"'
    wide = freeagents("providers", "--capabilities", env=env)
    assert wide.returncode == 0
    header = wide.stdout.splitlines()[0]
    assert "json_schema" in header and "stream usage option" in header
    assert "mistral-secret-value-42" not in wide.stdout


def test_a_reader_that_went_away_gets_no_traceback() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "agents.cli", "providers"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head -0`: every write fails with EPIPE
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert err == ""
