"""The id given to items whose provider has no id for them (the reference's module path; the
constant lives with the items, low in the layers, so output strategies can use it too)."""

from agents.items import FAKE_RESPONSES_ID

__all__ = ["FAKE_RESPONSES_ID"]
