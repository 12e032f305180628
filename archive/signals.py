"""Signal handlers. The search package connects its own handlers here."""
