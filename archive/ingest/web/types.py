"""Shared pieces of web input: the size limit of one HTML page."""

# An HTML page past this size is no single article (the largest of the 181
# benchmark pages is 1.4 MB, inline scripts included); parsing it would hold
# hundreds of MB for one page.
MAX_HTML_BYTES = 8_000_000
