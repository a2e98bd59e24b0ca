"""Internal: how a run executes (the turn loop, one turn's rules, deadlines, server state).

Nothing here is public API; users reach it through `agents.run.Runner`. This package may import
anything below it (agents, tools, models through `Model`, tracing) but nothing imports it
except `agents.run` and the result types' type-checking.
"""
