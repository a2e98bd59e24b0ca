"""`freeagents run` as a real process against loopback providers."""

from __future__ import annotations

import json
import subprocess
import sys

from agents.testing import LoopbackProvider
from agents.testing import Reply

from .helpers.cli import cli_env
from .helpers.cli import run_cli

GROQ_KEY = "gsk-cli-run-secret-4f8a9b0c1d2e"


def freeagents(
    *args: str, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=env, input=stdin)


def groq_env(groq: LoopbackProvider) -> dict[str, str]:
    return cli_env(GROQ_BASE_URL=groq.url("/openai/v1"), GROQ_API_KEY=GROQ_KEY)


def test_run_prints_the_final_output() -> None:
    with LoopbackProvider("groq", api_key=GROQ_KEY) as groq:
        done = freeagents(
            "run",
            "--model",
            "groq/llama-3.1-8b-instant",
            "--instructions",
            "Be terse.",
            "What is 2+2?",
            env=groq_env(groq),
        )
        sent = groq.chat_requests[-1]
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[groq:llama-3.1-8b-instant] You said: What is 2+2?\n"
    assert done.stderr == ""  # no spinner when stderr is not a terminal
    assert sent["model"] == "llama-3.1-8b-instant"
    assert sent["messages"][0] == {"role": "system", "content": "Be terse."}
    assert "stream" not in sent or sent["stream"] is False


def test_run_stream_prints_text_as_it_arrives() -> None:
    with LoopbackProvider("groq", api_key=GROQ_KEY) as groq:
        groq.enqueue(Reply(text="one two three four five"))
        done = freeagents(
            "run", "--stream", "-m", "groq/llama-3.1-8b-instant", "count", env=groq_env(groq)
        )
        sent = groq.chat_requests[-1]
    assert done.returncode == 0, done.stderr
    assert sent["stream"] is True
    assert done.stdout == "one two three four five\n"


def test_run_json_has_output_and_usage() -> None:
    usage = {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}
    with LoopbackProvider("groq", api_key=GROQ_KEY) as groq:
        groq.enqueue(Reply(text="Paris", usage=usage))
        done = freeagents(
            "run",
            "--json",
            "--temperature",
            "0.2",
            "--max-tokens",
            "50",
            "-m",
            "groq/llama-3.1-8b-instant",
            "Capital of France?",
            env=groq_env(groq),
        )
        sent = groq.chat_requests[-1]
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["final_output"] == "Paris"
    assert payload["model"] == "groq/llama-3.1-8b-instant"
    assert payload["provider"] == "groq"
    assert payload["usage"]["requests"] == 1
    assert payload["usage"]["input_tokens"] == 11
    assert payload["usage"]["output_tokens"] == 7
    assert payload["usage"]["total_tokens"] == 18
    assert sent["temperature"] == 0.2 and sent["max_tokens"] == 50


def test_run_stream_json_counts_stream_usage() -> None:
    with LoopbackProvider("groq", api_key=GROQ_KEY) as groq:
        groq.enqueue(Reply(text="alpha beta", usage={"prompt_tokens": 3, "completion_tokens": 2}))
        done = freeagents("run", "--stream", "--json", "-m", "groq/x", "hi", env=groq_env(groq))
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)  # only the JSON object: no streamed text around it
    assert payload["final_output"] == "alpha beta"
    assert payload["usage"]["input_tokens"] == 3
    assert payload["usage"]["output_tokens"] == 2


def test_run_reads_the_prompt_from_stdin() -> None:
    with LoopbackProvider("groq", api_key=GROQ_KEY) as groq:
        piped = freeagents("run", "-m", "groq/x", env=groq_env(groq), stdin="from a pipe\n")
        dash = freeagents("run", "-m", "groq/x", "-", env=groq_env(groq), stdin="dash input")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.strip() == "[groq:x] You said: from a pipe"
    assert dash.stdout.strip() == "[groq:x] You said: dash input"


def test_model_from_environment_variable() -> None:
    with LoopbackProvider("groq", api_key=GROQ_KEY) as groq:
        env = groq_env(groq)
        env["FREEAGENTS_MODEL"] = "groq/from-env"
        done = freeagents("run", "hello", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[groq:from-env] You said: hello"


def test_missing_key_names_the_variable_in_one_line() -> None:
    done = freeagents("run", "-m", "groq/llama-3.1-8b-instant", "hi", env=cli_env())
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("freeagents: error: No API key for Groq: set GROQ_API_KEY")
    assert "Traceback" not in done.stderr


def test_unknown_provider_prefix_is_a_usage_error() -> None:
    done = freeagents("run", "-m", "grok/llama-3.1-8b-instant", "hi", env=cli_env())
    assert done.returncode == 2
    assert "unknown provider 'grok'" in done.stderr
    assert "groq" in done.stderr  # the known providers are listed
    assert done.stderr.count("\n") == 1


def test_usage_errors_exit_2() -> None:
    no_model = freeagents("run", "hi", env=cli_env())
    assert no_model.returncode == 2
    assert "FREEAGENTS_MODEL" in no_model.stderr
    empty = freeagents("run", "-m", "groq/x", env=cli_env(GROQ_API_KEY="k"), stdin="  \n")
    assert empty.returncode == 2 and "prompt is empty" in empty.stderr
    bad_flag = freeagents("run", "--no-such-flag", env=cli_env())
    assert bad_flag.returncode == 2
    nothing = freeagents(env=cli_env())
    assert nothing.returncode == 2 and "COMMAND" in nothing.stderr
    slash = freeagents("run", "-m", "groq/", "hi", env=cli_env())
    assert slash.returncode == 2 and "groq/llama-3.1-8b-instant" in slash.stderr


def test_provider_failure_exits_1_without_leaking_the_key() -> None:
    def echo_key(body: dict[str, object]) -> Reply:
        # Some providers echo the key they were given in their error message.
        message = f"Incorrect API key provided: {GROQ_KEY}. Check your dashboard."
        return Reply(status=401, error={"error": {"message": message, "type": "auth"}})

    with LoopbackProvider("groq", responder=echo_key) as groq:
        done = freeagents("run", "-m", "groq/x", "hi", env=groq_env(groq))
        debug = freeagents("--debug", "run", "-m", "groq/x", "hi", env=groq_env(groq))
    assert done.returncode == 1
    assert done.stderr.startswith("freeagents: error: ")
    assert "Incorrect API key provided" in done.stderr
    assert done.stderr.count("\n") == 1
    assert debug.returncode == 1 and "Traceback" in debug.stderr
    for output in (done.stdout, done.stderr, debug.stdout, debug.stderr):
        assert GROQ_KEY not in output
        assert GROQ_KEY[:8] not in output


def test_unreachable_provider_exits_1() -> None:
    env = cli_env(GROQ_BASE_URL="http://127.0.0.1:9/openai/v1", GROQ_API_KEY=GROQ_KEY)
    done = freeagents("run", "-m", "groq/x", "hi", env=env)
    assert done.returncode == 1
    assert "127.0.0.1:9" in done.stderr and "Connection error" in done.stderr


def test_importing_agents_does_not_load_the_cli() -> None:
    code = "import sys, agents; print(sorted(m for m in sys.modules if m.startswith('agents.cli')))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=cli_env()
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_version_and_help() -> None:
    version = freeagents("--version", env=cli_env())
    assert version.returncode == 0 and version.stdout.startswith("freeagents ")
    help_text = freeagents("--help", env=cli_env()).stdout
    for command in ("demo", "run", "chat", "providers", "doctor"):
        assert command in help_text
    assert "130" in help_text and "exit codes" in help_text
