"""Sandbox sessions (declared only; see agents.sandbox)."""
