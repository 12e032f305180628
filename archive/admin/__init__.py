"""Django admin for curators: one module per area, under the archive's own name."""
from django.contrib import admin

from archive.admin import articles, entities, imports, records  # noqa: F401  (registers the admins)

admin.site.site_header = "The archive · curators"
admin.site.site_title = "The archive · curators"
admin.site.index_title = "Curate the archive"
