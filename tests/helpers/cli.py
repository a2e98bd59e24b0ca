"""The environment the `freeagents` command runs in under test."""

from __future__ import annotations

import os


def cli_env(**extra: str) -> dict[str, str]:
    """The environment minus every key, token and base-URL override, with outside traffic
    blocked (a proxy on a closed port), plus `extra`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith(("_API_KEY", "_BASE_URL", "_API_TOKEN", "_ACCOUNT_ID"))
        and k not in ("HF_TOKEN", "FREEAGENTS_MODEL", "FREEAGENTS_DEBUG")
    }
    env["HTTPS_PROXY"] = env["HTTP_PROXY"] = "http://127.0.0.1:9"  # any outside call fails
    env["NO_PROXY"] = "127.0.0.1,localhost"
    env.update(extra)
    return env
