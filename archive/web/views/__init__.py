"""The public pages, one module per area; each view validates, calls a selector, renders."""
from archive.web.views.articles import article_detail, article_detail_numbered
from archive.web.views.browse import browse_day, browse_index, browse_month, browse_year
from archive.web.views.entities import entity_detail, entity_list
from archive.web.views.home import home
from archive.web.views.listings import agency_detail, section_detail, site_detail
from archive.web.views.search import search, search_help

__all__ = [
    "agency_detail",
    "article_detail",
    "article_detail_numbered",
    "browse_day",
    "browse_index",
    "browse_month",
    "browse_year",
    "entity_detail",
    "entity_list",
    "home",
    "search",
    "search_help",
    "section_detail",
    "site_detail",
]
