"""Loads litellm the way the SDK promises: only when asked for, local, and quiet.

On import, litellm fetches its model cost map (and, on the first Anthropic call, a beta-headers
table) from raw.githubusercontent.com, and prints banners to stdout on errors. Both break the
SDK's rules (nothing leaves the machine unless the user asked; errors are exceptions, not
console output), so the first load turns on litellm's offline mode, which uses the copies
bundled with the package, and its `suppress_debug_info` switch. An environment variable the
user set wins; `litellm.suppress_debug_info = False` afterwards brings the banners back; and
`litellm.set_verbose = True` keeps working, being a separate switch. Checked against
litellm 1.110 (2026-11).
"""

from __future__ import annotations

import os
from types import ModuleType

INSTALL_HINT = 'pip install "freeagents[litellm]"'

_LOCAL_ONLY: dict[str, str] = {
    "LITELLM_OFFLINE_MODE": "true",  # every bundled-catalog fetch, in current litellm
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",  # the cost map, in older litellm
    "LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS": "True",  # the Anthropic beta-header table
}


def load_litellm() -> ModuleType:
    """The litellm module, configured local and quiet (called once, when LitellmModel loads)."""
    for name, value in _LOCAL_ONLY.items():
        os.environ.setdefault(name, value)
    try:
        import litellm
    except ImportError as exc:
        raise ImportError(
            f"LitellmModel needs the litellm package, which is not installed: {INSTALL_HINT}"
        ) from exc
    litellm.suppress_debug_info = True
    return litellm
