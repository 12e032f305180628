"""Addresses of pages, written one way so that the same article is known whatever link reached it.

Crawls hold the same article under many addresses: http and https, with and
without `www.`, the mobile host, a trailing slash, parameters in another order,
and tracking parameters appended by newsletters and social sites. The
normalised form keeps only what selects the page.
"""
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

# Host prefixes that serve the same pages as the bare domain.
_HOST_PREFIXES = ("www.", "www2.", "m.", "mobile.", "amp.")
# Hosts known to be one site under another name.
HOST_ALIASES = {"b92.rs": "b92.net"}
# Parameters that say how a reader arrived, not which page they read.
_TRACKING_NAMES = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga",
    "_gl", "ocid", "cmpid", "ito", "ref", "ref_src", "referrer", "src", "share", "smid", "spm", "s_cid",
    "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "at_medium", "at_campaign", "xtor",
    "rss", "amp", "output",
}
_TRACKING_PREFIXES = ("utm_", "pk_", "hsa_", "mtm_", "at_", "__hs")
_SESSION_IN_PATH = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)
_INDEX_PAGE = re.compile(r"/(?:index|default)\.(?:html?|php|aspx?|jsp)$", re.IGNORECASE)
_DOUBLE_SLASH = re.compile(r"/{2,}")
_B92_ID_PARAMS = ("nav_id", "navid", "id")


def is_tracking_parameter(name: str) -> bool:
    name = name.lower()
    return name in _TRACKING_NAMES or name.startswith(_TRACKING_PREFIXES)


def site_host(host: str) -> str:
    """The host without the prefixes and aliases that name the same site: 'WWW.B92.net' -> 'b92.net'."""
    host = (host or "").strip().lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    return HOST_ALIASES.get(host, host)


def normalise_url(url: str) -> str:
    """The page's address in one spelling, without scheme: 'example.com/news/a?id=2&page=1'; '' if not a web URL."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = site_host(parts.hostname)
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = _SESSION_IN_PATH.sub("", parts.path)
    path = _INDEX_PAGE.sub("/", _DOUBLE_SLASH.sub("/", path)).rstrip("/")
    query = sorted(
        (name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_parameter(name)
    )
    normal = host + path
    if query:
        normal += "?" + urlencode(query)
    return normal


def b92_article_id(url: str) -> str:
    """b92.net's own number of the article in the address (`nav_id=...`), '' when there is none."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return ""
    if site_host(parts.hostname or "") != "b92.net":
        return ""
    params = {name.lower(): value for name, value in parse_qsl(parts.query)}
    for name in _B92_ID_PARAMS:
        if params.get(name, "").isdigit():
            return params[name]
    return ""


def page_identity(url: str) -> str:
    """The article's identity from its address: b92's article number, else the normalised URL; '' without one."""
    article_id = b92_article_id(url)
    if article_id:
        return f"b92.net/article/{article_id}"
    normal = normalise_url(url)
    return f"url:{normal}" if normal else ""
