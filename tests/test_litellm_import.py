"""litellm is loaded only when the LiteLLM route is used, and then locally and quietly.

Each check runs in a fresh interpreter, since this test process may have loaded litellm.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap

import pytest

HAS_LITELLM = importlib.util.find_spec("litellm") is not None


LITELLM_SWITCHES = (
    "LITELLM_OFFLINE_MODE",
    "LITELLM_LOCAL_MODEL_COST_MAP",
    "LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS",
)


def python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run code in a fresh interpreter whose environment has none of litellm's switches
    (this process's litellm load set them) unless given."""
    base = {k: v for k, v in os.environ.items() if k not in LITELLM_SWITCHES}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**base, "OPENAI_API_KEY": "sk-unused-0123456789", **env},
    )


# Three checks that need no litellm share one fresh interpreter (its start is most of their
# cost): each prints its line, in order, and the last two run with litellm blocked.
WITHOUT_LITELLM = """
import sys
import agents
from agents import Agent, ModelSettings, RunConfig, Runner, UserError
from agents.models.multi_provider import MultiProvider
MultiProvider().get_model("gpt-4o-mini")
Agent(name="a", model="litellm/anthropic/claude-3-5-sonnet-20240620")
assert "litellm" not in sys.modules, "import agents loaded litellm"
print("lean")

sys.modules["litellm"] = None  # what an environment without the extra looks like
try:
    from agents.extensions.models.litellm_model import LitellmModel
except ImportError as exc:
    print("import:", exc)
else:
    raise SystemExit("imported without litellm")
try:
    MultiProvider().get_model("litellm/anthropic/claude-3-5-sonnet-20240620")
except UserError as exc:
    print("model:", exc)
"""


@pytest.fixture(scope="module")
def without_litellm() -> list[str]:
    """The three lines, from one interpreter per test process: the tests that read them are
    one xdist group, so one worker runs it (CI: --dist loadgroup)."""
    done = python(WITHOUT_LITELLM)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 3, done.stdout
    return lines


@pytest.mark.xdist_group("without-litellm")
def test_import_agents_does_not_import_litellm(without_litellm: list[str]) -> None:
    assert without_litellm[0] == "lean"


@pytest.mark.xdist_group("without-litellm")
def test_missing_litellm_names_the_extra(without_litellm: list[str]) -> None:
    assert without_litellm[1].startswith("import:")
    assert 'pip install "freeagents[litellm]"' in without_litellm[1]


@pytest.mark.xdist_group("without-litellm")
def test_litellm_model_names_without_litellm_are_a_user_error(without_litellm: list[str]) -> None:
    assert without_litellm[2].startswith("model:")
    assert "freeagents[litellm]" in without_litellm[2]


@pytest.mark.skipif(not HAS_LITELLM, reason="needs litellm")
def test_loading_and_calling_stays_on_this_machine() -> None:
    """No fetch of litellm's cost map or beta-header table: only loopback is contacted."""
    done = python(
        """
        import asyncio, socket
        contacted = []
        real = socket.getaddrinfo
        def guard(host, *args, **kwargs):
            contacted.append(host)
            if host not in ("127.0.0.1", "localhost"):
                raise OSError(f"test forbids contacting {host}")
            return real(host, *args, **kwargs)
        socket.getaddrinfo = guard

        from agents import Agent, RunConfig, Runner
        from agents.extensions.models.litellm_model import LitellmModel
        from agents.testing.anthropic_server import AnthropicLoopback

        async def main():
            with AnthropicLoopback() as server:
                model = LitellmModel(
                    "anthropic/claude-3-5-sonnet-20240620", base_url=server.base_url, api_key="k"
                )
                result = await Runner.run(
                    Agent(name="a", model=model), "Hi", run_config=RunConfig(tracing_disabled=True)
                )
                print(result.final_output)

        asyncio.run(main())
        print("hosts:", sorted(set(h for h in contacted if h not in ("127.0.0.1", "localhost"))))
        """
    )
    assert done.returncode == 0, done.stderr
    assert "You said: Hi" in done.stdout
    assert "hosts: []" in done.stdout
    assert "raw.githubusercontent.com" not in done.stderr


@pytest.mark.skipif(not HAS_LITELLM, reason="needs litellm")
def test_user_settings_of_litellm_switches_win() -> None:
    done = python(
        """
        import os
        from agents.extensions.models.litellm_model import litellm
        print(os.environ["LITELLM_OFFLINE_MODE"], os.environ["LITELLM_LOCAL_MODEL_COST_MAP"])
        print(litellm.suppress_debug_info, litellm.set_verbose)
        """,
        LITELLM_OFFLINE_MODE="false",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["false", "True", "True", "False"]
