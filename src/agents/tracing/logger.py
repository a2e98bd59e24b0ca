"""The tracing logger (the reference's name, so logging configuration carries over)."""

import logging

logger = logging.getLogger("openai.agents.tracing")
