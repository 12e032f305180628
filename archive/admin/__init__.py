"""Django admin for curators: one module per area."""
