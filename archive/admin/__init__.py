"""Django admin for curators: one module per area."""
from archive.admin import articles, entities, imports, records  # noqa: F401  (registers the admins)
