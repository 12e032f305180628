"""Admin for entities."""
