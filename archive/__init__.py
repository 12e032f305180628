"""The archive: a searchable web archive of news pages."""
