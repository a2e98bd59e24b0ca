"""Rewrites of the items a run sends back to the model, by RunConfig policy."""

from __future__ import annotations

from agents.items import TResponseInputItem

__all__ = ["without_reasoning_id"]


def without_reasoning_id(item: TResponseInputItem) -> TResponseInputItem:
    """The item without its reasoning id (`reasoning_item_id_policy="omit"`): a provider that
    did not store the response rejects ids it cannot find."""
    if isinstance(item, dict) and item.get("type") == "reasoning" and "id" in item:
        return {k: v for k, v in item.items() if k != "id"}  # type: ignore[return-value]
    return item
