"""newsboat's options that tidings has no setting for, and what it has instead (the
reasons `tidings import ~/.newsboat/config` gives when it leaves them out)."""

from __future__ import annotations

UNKNOWN = "not a newsboat command"


def left_out_reason(name: str) -> str:
    """Why newsboat's option `name` is left out: what tidings has instead."""
    for names, reason in _LEFT_OUT:
        if name in names or any(name.startswith(p) for p in names if p.endswith("-")):
            return reason
    return UNKNOWN


# Options and what tidings has instead (a name ending in - stands for every option it
# begins).
_LEFT_OUT: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("search-highlight-colors",),
        "a search's words are marked in reverse video in the article it opened",
    ),
    (("macro",), "the reader's keys do one action each"),
    (("define-filter",), "F limits a view to a search you type; searches: keeps one in the feed pane"),
    (
        ("articlelist-format", "feedlist-format", "datetime-format", "selecttag-format")
        + tuple(f"{d}-title-format" for d in (
            "articlelist", "feedlist", "itemview", "help", "dialogs", "filebrowser",
            "dirbrowser", "searchresult", "selectfilter", "selecttag", "urlview",
        )),
        "the reader's lists have their own layout",
    ),  # fmt: skip
    (("proxy", "use-proxy", "proxy-type", "proxy-auth", "proxy-auth-method"),
     "tidings takes the proxy from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY"),
    (("ssl-verifyhost", "ssl-verifypeer"),
     "tidings always checks certificates; SSL_CERT_FILE adds a company's CA"),
    (("reload-threads",), "tidings fetches 16 feeds at once, 4 a host (settings.concurrency, per_host)"),
    (("download-retries",), "tidings retries on HTTP 429 / 503 (settings.retries)"),
    (("max-download-speed",), "tidings has no speed limit"),
    (("cache-file",), "`tidings import-cache FILE` brings newsboat's cache over"),
    (("download-full-page",), "full_text: true on a feed fetches its articles' pages"),
    (("ignore-mode",), "tidings keeps ignored articles out when fetching (ignore-mode download)"),
    (("goto-next-feed",), "N / P always cross into the next feed"),
    (("display-article-progress",), "the status line always says Top / 42% / Bot"),
    (("external-url-viewer",), "U lists the article's links"),
    (("html-renderer", "pager"), "the reader renders articles itself; `tidings show` prints one"),
    (("notify-screen",), "notify_terminal sets the window title (newsboat's notify-xterm)"),
    (("urls-source", "opml-url", "feedhq-", "feedbin-", "freshrss-", "inoreader-", "miniflux-",
      "newsblur-", "ocnews-", "oldreader-", "ttrss-"),
     "tidings reads the feeds themselves, no sync service"),
    (("download-filename-format",),
     "tidings names an episode's file from its URL or the server's Content-Disposition"),
    (("podlist-format",), "`tidings download --list` lists what is downloaded"),
    (("delete-played-files",), "tidings deletes no episode it downloaded"),
)  # fmt: skip
_LEFT_OUT += (
    (
        (
            "always-display-description", "always-download", "cleanup-on-quit",
            "confirm-delete-all-articles", "confirm-exit", "cookie-cache",
            "delete-read-articles-on-quit", "error-log", "goto-first-unread",
            "http-auth-method", "mark-as-read-on-hover", "max-browser-tabs",
            "openbrowser-and-mark-jumps-to-next-unread", "prepopulate-query-feeds",
            "reload-only-visible-feeds", "reset-unread-on-update", "restrict-filename",
            "run-on-startup", "scrolloff", "show-keymap-hint", "show-title-bar",
            "swap-title-and-hints", "toggleitemread-jumps-to-next",
            "toggleitemread-jumps-to-next-unread", "wrap-scroll",
        ),
        "no such setting in tidings",
    ),
)  # fmt: skip
