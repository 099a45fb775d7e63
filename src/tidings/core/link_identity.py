"""An item's link (or a guid that is a URL) as its identity: the URL with the well-known tracking parameters
taken out (`?utm_source=rss`, `fbclid`, `gclid`, Mailchimp's `mc_cid`...), so that an
item whose only id is its link stays one article when the feed tags that link anew at
each fetch (`?utm_source=a`, then `?utm_source=b`).

Only the identity is stripped: the link stored to open is the one the feed gave.
Everything else in the URL is kept as written (the order, the encoding, the fragment).
"""

from __future__ import annotations

from urllib.parse import unquote

# Parameters that only say where a click came from (lower case). Removing them never
# changes the page a link leads to.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",  # Facebook
        "gclid", "dclid", "gbraid", "wbraid", "gclsrc",  # Google Ads
        "msclkid",  # Microsoft Ads
        "yclid",  # Yandex
        "twclid",  # X / Twitter
        "ttclid",  # TikTok
        "igshid",  # Instagram
        "mc_cid", "mc_eid",  # Mailchimp
        "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp",  # HubSpot
        "mkt_tok",  # Marketo
        "oly_anon_id", "oly_enc_id",  # Omeda
        "vero_id", "vero_conv",  # Vero
        "wickedid",
        "_openstat",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_",)  # utm_source, utm_medium, utm_campaign, utm_content...


def is_tracking(name: str) -> bool:
    """Is a query parameter named `name` one of the well-known trackers?"""
    key = unquote(name).strip().lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def is_url(text: str) -> bool:
    """Is `text` (an item's id) a web address, whose tracking parameters can go?"""
    return text[:8].lower().startswith(("http://", "https://"))


def identity_link(link: str) -> str:
    """`link` without its tracking parameters (`?` dropped when none is left); a link
    that has none is returned as it is."""
    head, mark, rest = link.partition("?")
    if not mark:
        return link
    query, hash_, fragment = rest.partition("#")
    parts = query.split("&")
    kept = [p for p in parts if not is_tracking(p.partition("=")[0])]
    if len(kept) == len(parts):
        return link
    kept = [p for p in kept if p]
    return head + ("?" + "&".join(kept) if kept else "") + hash_ + fragment
