"""`freeagents doctor` probes real loopback endpoints and compares them with the profile."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import WireShape

from .helpers.cli import capable as capable_endpoint
from .helpers.cli import cli_env
from .helpers.cli import run_cli

KEY = "sk-doctor-secret-5e6f7a8b9c0d"


def doctor(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_cli("doctor", *args, env=env, timeout=120)


capable = capable_endpoint("pong")


def _reject(message: str) -> Reply:
    return Reply(status=400, error={"error": {"message": message, "type": "invalid_request_error"}})


def no_tools_no_schema(body: dict[str, Any]) -> Reply:
    """A self-hosted server started without tool parsing and without guided decoding."""
    if "tools" in body:
        return _reject('"auto" tool choice requires --enable-auto-tool-choice to be set')
    if (body.get("response_format") or {}).get("type") == "json_schema":
        return _reject("json_schema response format is not supported")
    return capable(body)


def _rows(out: str) -> dict[str, str]:
    table = out.split("\n\n")[1].splitlines()[2:]
    return {line[:24].strip(): line[24:] for line in table}


def test_limited_endpoint_disagrees_with_the_default_profile() -> None:
    with LoopbackProvider(
        "local", api_key=KEY, models=["my-model"], responder=no_tools_no_schema
    ) as lb:
        env = cli_env(LOCAL_KEY=KEY)
        done = doctor(
            "--base-url", lb.base_url, "--api-key-env", "LOCAL_KEY", "-m", "my-model", env=env
        )
        strict = doctor(
            "--base-url",
            lb.base_url,
            "--api-key-env",
            "LOCAL_KEY",
            "-m",
            "my-model",
            "--strict",
            env=env,
        )
        sent = lb.chat_requests
    assert done.returncode == 0, done.stderr  # usable: chat works
    out = done.stdout
    assert "profile:  openai-compatible (the default: the host is not in the provider table)" in out
    assert "key:      from LOCAL_KEY (value not shown)" in out
    rows = _rows(out)
    assert rows["reachable"].startswith("yes")
    assert rows["auth"].startswith("yes")
    assert rows["model listed"].startswith("yes")
    assert rows["chat"].startswith('yes: answered "pong"')
    assert rows["streaming"].startswith("yes")
    assert rows["tools"].startswith('no: 400: "auto" tool choice requires')
    assert rows["tools"].rstrip().endswith("NO")
    assert rows['tool_choice "required"'].startswith("skipped: tools not accepted")
    assert rows["json_schema"].startswith("no: 400: json_schema response format")
    assert rows["json_schema"].rstrip().endswith("NO")
    assert rows["json_object"].rstrip().endswith("yes")
    assert "The endpoint and the profile disagree:" in out
    assert (
        '  - tools: the endpoint rejects it (400: "auto" tool choice requires '
        "--enable-auto-tool-choice to be set), but the profile says supports_tools=True, "
        "so the SDK would use it and fail" in out
    )
    assert (
        "  - json_schema: the endpoint rejects it (400: json_schema response format is not "
        "supported), but the profile says supports_json_schema=True, so the SDK would use "
        "it and fail" in out
    )
    assert (
        "Profile changes that match this endpoint: supports_tools=False, supports_json_schema=False"
        in out
    )
    assert out.rstrip().endswith("Verdict: usable; 2 disagreement(s) with the profile")
    assert strict.returncode == 4
    assert done.stderr == ""  # no progress output when stderr is not a terminal
    # The probes were real requests: plain, streamed, with stream_options, tools, formats.
    assert any(r.get("stream") and r.get("stream_options") for r in sent)
    assert any("tools" in r for r in sent)
    assert {(r.get("response_format") or {}).get("type") for r in sent} >= {
        "json_schema",
        "json_object",
    }
    assert KEY not in out and KEY[:8] not in out


def test_table_provider_profile_is_compared_and_json_is_parseable() -> None:
    # Groq's wire shape (usage in x_groq), everything supported; Groq's profile says
    # llama-3.1 has no json_schema and no strict tools, so doctor must report both.
    with LoopbackProvider(
        "groq", api_key=KEY, responder=capable, wire=WireShape.preset("groq")
    ) as groq:
        env = cli_env(GROQ_BASE_URL=groq.url("/openai/v1"), GROQ_API_KEY=KEY)
        done = doctor("--model", "groq/llama-3.1-8b-instant", env=env)
        as_json = doctor("--model", "groq/llama-3.1-8b-instant", "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert "profile:  groq (provider table row 'groq')" in done.stdout
    assert "key:      from GROQ_API_KEY (value not shown)" in done.stdout
    rows = _rows(done.stdout)
    assert rows['tool_choice "required"'].startswith('yes: "required" works')
    assert (
        rows["streaming"].startswith("yes: ") and "usage sent without asking" in rows["streaming"]
    )
    assert (
        "  - json_schema: the endpoint accepts it, but the profile says "
        "supports_json_schema=False, so the SDK does not use it" in done.stdout
    )
    assert "  - strict tools: the endpoint accepts it" in done.stdout
    payload = json.loads(as_json.stdout)
    assert payload["usable"] is True and payload["profile"] == "groq"
    assert payload["profile_changes"] == {
        "supports_strict_tools": True,
        "supports_json_schema": True,
    }
    checks = {c["check"]: c for c in payload["checks"]}
    assert checks["tools"]["status"] == "ok" and checks["tools"]["agrees"] is True
    assert checks["json_schema"]["agrees"] is False
    assert checks["chat"]["ms"] is not None
    assert KEY not in as_json.stdout


def test_mistral_spelling_of_tool_choice_is_found() -> None:
    def mistral_like(body: dict[str, Any]) -> Reply:
        if body.get("tool_choice") == "required":
            return Reply(
                status=422, error={"error": {"message": "Input should be 'auto', 'none' or 'any'"}}
            )
        return capable(body)

    with LoopbackProvider("vllm", responder=mistral_like) as lb:
        done = doctor("--base-url", lb.base_url, "--model", "served-model", env=cli_env())
    assert done.returncode == 0, done.stderr
    assert "key:      none (no --api-key-env)" in done.stdout
    assert _rows(done.stdout)['tool_choice "required"'].startswith('yes: "any" works')
    assert (
        'tool_choice "required": the endpoint takes "any", but the profile says "required"'
        in done.stdout
    )
    assert "tool_choice_required='any'" in done.stdout


def test_model_is_picked_from_the_list_when_not_given() -> None:
    with LoopbackProvider("local", models=["first-model", "second"], responder=capable) as lb:
        done = doctor("--base-url", lb.base_url, env=cli_env())
        models = {r["model"] for r in lb.chat_requests}
    assert done.returncode == 0, done.stderr
    assert "model:    first-model" in done.stdout
    assert models == {"first-model"}


def test_unusable_endpoints_exit_1() -> None:
    unreachable = doctor("--base-url", "http://127.0.0.1:9/v1", "-m", "m", env=cli_env())
    assert unreachable.returncode == 1
    assert "Verdict: unusable: unreachable: connection failed" in unreachable.stdout

    with LoopbackProvider("local", api_key=KEY, models=["real-model"]) as lb:
        env = cli_env(WRONG_KEY="sk-wrong-key-000000", LOCAL_KEY=KEY)
        auth = doctor(
            "--base-url", lb.base_url, "--api-key-env", "WRONG_KEY", "-m", "real-model", env=env
        )
        keyless = doctor("--base-url", lb.base_url, "-m", "real-model", env=env)
        missing = doctor(
            "--base-url", lb.base_url, "--api-key-env", "LOCAL_KEY", "-m", "nope", env=env
        )
    assert auth.returncode == 1
    assert (
        "Verdict: unusable: authentication failed: 401: Incorrect API key provided." in auth.stdout
    )
    assert "sk-wrong-key-000000" not in auth.stdout
    assert keyless.returncode == 1 and "--api-key-env" in keyless.stdout
    assert missing.returncode == 1
    assert "Verdict: unusable: chat fails: 404: The model `nope` does not exist" in missing.stdout
    assert "the model is not in GET /models (not among 1 listed: real-model)" in missing.stdout

    with LoopbackProvider("site", responder=lambda body: Reply(status=404)) as wrong_path:
        done = doctor("--base-url", wrong_path.url("/api"), "-m", "loopback-model", env=cli_env())
    assert done.returncode == 1
    assert (
        "Verdict: unusable: chat fails: 404: Not found. (check that the base URL ends"
        in done.stdout
    )


def test_setup_and_usage_errors() -> None:
    no_key = doctor("--model", "groq/llama-3.1-8b-instant", env=cli_env())
    assert no_key.returncode == 3 and "GROQ_API_KEY" in no_key.stderr
    unset_var = doctor(
        "--base-url", "http://127.0.0.1:9/v1", "--api-key-env", "NOT_SET_ANYWHERE", env=cli_env()
    )
    assert unset_var.returncode == 3 and "NOT_SET_ANYWHERE is not set" in unset_var.stderr
    nothing = doctor(env=cli_env())  # no endpoint: the installation check alone
    assert nothing.returncode == 0 and "(freeagents)" in nothing.stdout, nothing.stderr
    bad_url = doctor("--base-url", "localhost:8000/v1", env=cli_env())
    assert bad_url.returncode == 2 and "http://" in bad_url.stderr
    litellm = doctor("--model", "litellm/anthropic/claude-3-5-sonnet", env=cli_env())
    assert litellm.returncode == 2 and "--base-url" in litellm.stderr
    for done in (no_key, unset_var, bad_url, litellm):
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
