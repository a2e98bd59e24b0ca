"""Extract the guide's python blocks by section, and point them at loopback providers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

GUIDE_CANDIDATES = [
    Path(__file__).resolve().parents[2] / "shared" / "spec" / "external-models-guide.md",
    Path(__file__).resolve().parents[1] / "docs" / "spec" / "external-models-guide.md",
]

# Real host -> loopback provider name. Paths are kept, so a wrong path still fails.
HOSTS: dict[str, str] = {
    "https://generativelanguage.googleapis.com": "gemini",
    "https://openrouter.ai": "openrouter",
    "https://api.groq.com": "groq",
    "https://api.together.xyz": "together",
    "https://api.deepseek.com": "deepseek",
    "https://api.mistral.ai": "mistral",
    "https://api.fireworks.ai": "fireworks",
    "http://localhost:11434": "ollama",
    "http://localhost:8000": "vllm",
    "https://provider-url": "generic",
    "https://provider-base-url": "generic",
}

KEY_VARS: dict[str, str] = {
    "gemini": "GEMINI_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "groq": "GROQ_API_KEY",
    "together": "TOGETHER_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY",
    "mistral": "MISTRAL_API_KEY",
}


@dataclass
class Block:
    heading: str
    index: int
    code: str

    @property
    def id(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.heading.lower()).strip("-")
        return f"{slug}-{self.index}"


def guide_path() -> Path:
    for path in GUIDE_CANDIDATES:
        if path.exists():
            return path
    raise FileNotFoundError("external-models-guide.md not found beside the project")


def python_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    heading = ""
    counts: dict[str, int] = {}
    in_block = False
    lines: list[str] = []
    for line in text.splitlines():
        if not in_block and line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif not in_block and line.strip() == "```python":
            in_block, lines = True, []
        elif in_block and line.strip() == "```":
            in_block = False
            counts[heading] = counts.get(heading, 0) + 1
            blocks.append(Block(heading, counts[heading], "\n".join(lines) + "\n"))
        elif in_block:
            lines.append(line)
    return blocks


def substitute(code: str, urls: dict[str, str]) -> str:
    """Point real provider URLs at loopback servers; only hosts change."""
    for host, name in HOSTS.items():
        code = code.replace(host, urls[name])
    return code
