"""Turning archived pages into articles: reading sources, decoding, parsing, saving."""
