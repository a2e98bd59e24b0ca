"""Not implemented by freeagents yet: importing this module says so and what to use instead."""

from agents._unavailable import refuse

refuse(__name__)
