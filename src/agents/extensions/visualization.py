"""Draw an agent, its tools and the agents it hands off to, as a Graphviz graph.

`get_main_graph` returns DOT text and needs nothing; `draw_graph` renders it with the
`graphviz` package (the `viz` extra: `pip install "freeagents[viz]"`), imported only then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from agents.agent import Agent
from agents.exceptions import UserError
from agents.handoffs import Handoff

if TYPE_CHECKING:
    import graphviz  # type: ignore[import-not-found, unused-ignore]

__all__ = ["draw_graph", "get_all_edges", "get_all_nodes", "get_main_graph"]

_TERMINAL = "shape=ellipse, style=filled, fillcolor=lightblue, width=0.5, height=0.3"
_START = f'"__start__" [label="__start__", {_TERMINAL}];'
_END = f'"__end__" [label="__end__", {_TERMINAL}];'


def _q(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _targets(agent: Agent[Any]) -> list[Agent[Any]]:
    found: list[Agent[Any]] = []
    for entry in agent.handoffs:
        target = entry if isinstance(entry, Agent) else getattr(entry, "_agent_ref", None)
        if isinstance(target, Agent):
            found.append(target)
    return found


def _walk(agent: Agent[Any]) -> list[Agent[Any]]:
    """Every agent reachable by handoffs, each once, in the order first met."""
    seen: dict[int, Agent[Any]] = {}
    stack = [agent]
    while stack:
        current = stack.pop(0)
        if id(current) in seen:
            continue
        seen[id(current)] = current
        stack.extend(_targets(current))
    return list(seen.values())


def get_all_nodes(agent: Agent[Any], parent: Agent[Any] | None = None) -> str:
    """DOT node lines: start and end, agents as boxes, tools as ellipses, MCP servers grey."""
    parts = [_START, _END] if parent is None else []
    for current in _walk(agent):
        style = "filled" if current is agent else '"filled,rounded"'
        parts.append(
            f'"{_q(current.name)}" [label="{_q(current.name)}", shape=box, style={style}, '
            "fillcolor=lightyellow, width=1.5, height=0.8];"
        )
        for tool in current.tools:
            parts.append(
                f'"{_q(tool.name)}" [label="{_q(tool.name)}", shape=ellipse, style=filled, '
                "fillcolor=lightgreen, width=0.5, height=0.3];"
            )
        for server in current.mcp_servers:
            name = _q(str(getattr(server, "name", server)))
            parts.append(
                f'"{name}" [label="{name}", shape=box, style=filled, fillcolor=lightgrey, '
                "width=1, height=0.5];"
            )
        for entry in current.handoffs:
            if isinstance(entry, Handoff) and not isinstance(
                getattr(entry, "_agent_ref", None), Agent
            ):
                parts.append(
                    f'"{_q(entry.agent_name)}" [label="{_q(entry.agent_name)}", shape=box, '
                    'style="filled,rounded", fillcolor=lightyellow, width=1.5, height=0.8];'
                )
    return "\n".join(parts)


def get_all_edges(agent: Agent[Any], parent: Agent[Any] | None = None) -> str:
    """DOT edge lines: start -> agent, handoffs, tool calls both ways, agents without
    handoffs -> end."""
    parts = [f'"__start__" -> "{_q(agent.name)}";'] if parent is None else []
    for current in _walk(agent):
        name = _q(current.name)
        for tool in current.tools:
            parts.append(f'"{name}" -> "{_q(tool.name)}" [style=dotted, penwidth=1.5];')
            parts.append(f'"{_q(tool.name)}" -> "{name}" [style=dotted, penwidth=1.5];')
        for server in current.mcp_servers:
            server_name = _q(str(getattr(server, "name", server)))
            parts.append(f'"{name}" -> "{server_name}" [style=dashed, penwidth=1.5];')
            parts.append(f'"{server_name}" -> "{name}" [style=dashed, penwidth=1.5];')
        for entry in current.handoffs:
            target = entry.name if isinstance(entry, Agent) else entry.agent_name
            parts.append(f'"{name}" -> "{_q(target)}";')
        if not current.handoffs:
            parts.append(f'"{name}" -> "__end__";')
    return "\n".join(parts)


def get_main_graph(agent: Agent[Any]) -> str:
    """The whole graph of `agent` as DOT text."""
    return (
        "digraph G {\n"
        "    graph [splines=true];\n"
        '    node [fontname="Arial"];\n'
        "    edge [penwidth=1.5];\n"
        f"{get_all_nodes(agent)}\n{get_all_edges(agent)}\n}}"
    )


def draw_graph(agent: Agent[Any], filename: str | None = None) -> graphviz.Source:
    """The graph as a `graphviz.Source`; with `filename`, also rendered to `filename.png`."""
    try:
        import graphviz
    except ImportError as exc:
        raise UserError(
            'draw_graph needs the graphviz package: pip install "freeagents[viz]" (rendering '
            "to PNG also needs Graphviz's `dot` program). get_main_graph(agent) gives the DOT "
            "text without it."
        ) from exc
    graph = graphviz.Source(get_main_graph(agent))
    if filename:
        graph.render(filename, format="png", cleanup=True)
    return graph
