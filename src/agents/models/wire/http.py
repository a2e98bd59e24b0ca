"""The HTTP library under the `openai` client, imported in one place: httpx2 in openai 3.x,
httpx before. Routes use it to read transport failures and build answers; `http` is the module.
"""

try:
    import httpx2 as http
except ImportError:  # pragma: no cover - older openai
    import httpx as http  # type: ignore[no-redef]

__all__ = ["http"]
