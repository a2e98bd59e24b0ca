"""Models: the `Model` seam and what stands behind it, by concern: `chat/` and `responses/`
(the two wires), `wire/` (what both share), `reliability/` (retries, fallback, typed errors),
`dialects/` (provider differences as data), `providers/` (the catalogue).

Import rule: never the run loop (`agents._run`, `agents.run`, `agents.run_config`) or the
CLI; the result type only through declarations (`.importlinter`).
"""
