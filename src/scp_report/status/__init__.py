"""The status engine: target kinds, status rules, the snapshot as at a quarter, and
figures as text."""
