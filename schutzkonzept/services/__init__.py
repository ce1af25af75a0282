"""Writes of the safeguarding app, one module per area (see each module's rules)."""
