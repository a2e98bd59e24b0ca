"""Item 19 (and the reference's behaviour): OpenAIProvider refuses settings an explicit
client already carries; numpy docstrings describe parameters; `import agents` does not load
SQLite; every public exception class is importable from `agents`."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest
from openai import AsyncOpenAI

import agents
import agents.exceptions
from agents import OpenAIProvider
from agents import UserError
from agents import function_tool


@pytest.mark.parametrize("given", [{"organization": "org-1"}, {"project": "proj-1"}])
def test_provider_refuses_org_or_project_with_a_client(given: dict[str, str]) -> None:
    with pytest.raises(UserError, match=next(iter(given))):
        OpenAIProvider(openai_client=AsyncOpenAI(api_key="k"), **given)


def test_numpy_docstring_gives_parameter_descriptions() -> None:
    @function_tool
    def weather(city: str, days: int) -> str:
        """Get the weather.

        Parameters
        ----------
        city : str
            The city to look up.
        days : int
            How many days ahead.
        """
        return city

    props = weather.params_json_schema["properties"]
    assert props["city"]["description"] == "The city to look up."
    assert props["days"]["description"] == "How many days ahead."


def test_import_agents_does_not_load_sqlite() -> None:
    code = (
        "import sys, agents; "
        "assert 'agents.memory.sqlite_session' not in sys.modules; "
        "assert 'sqlite3' not in sys.modules; "
        "from agents import SQLiteSession; "
        "assert 'agents.memory.sqlite_session' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_public_exception_is_exported() -> None:
    public = [
        name
        for name, value in vars(agents.exceptions).items()
        if inspect.isclass(value)
        and issubclass(value, BaseException)
        and value.__module__ == "agents.exceptions"
        and not name.startswith("_")
    ]
    assert "ProviderPermissionError" in public
    missing = [
        name for name in public if getattr(agents, name, None) is not vars(agents.exceptions)[name]
    ]
    assert missing == []
