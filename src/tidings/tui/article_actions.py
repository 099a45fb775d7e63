"""The reader's actions on articles: read / star / mark all, unread only, search, links
(open in the browser, copy over OSC 52, numbered links), help.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small; it uses
the app's panes, store pool and status line.
"""

from __future__ import annotations

import webbrowser
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from tidings.core.models import Article, ArticleSummary, View
from tidings.core.plural import counted
from tidings.core.search_query import check as search_problem
from tidings.tui.browser import NO_BROWSER, find_browser, not_opened, runs_in_terminal
from tidings.tui.keymap import ACTIONS, effective_keys, macro_keys
from tidings.tui.row_waiting import waits_for_row
from tidings.tui.screens.confirm import ConfirmScreen
from tidings.tui.screens.help import MACRO_ID, HelpScreen
from tidings.tui.screens.links import LinksScreen
from tidings.tui.screens.search import SearchScreen
from tidings.tui.text import safe_url
from tidings.tui.widgets.feed_tree import Place

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class ArticleActions(_Base):
    """m, s, A, u, /, o, y, 1..9 and ? (see tidings.tui.keymap)."""

    def _selected(self) -> ArticleSummary | Article | None:
        """What m / s / o / y act on: the open article in the reader, else the list's row
        under the cursor (None while its page is still being read: not the article read
        before, which d then deleted; their actions wait for it, see row_waiting.py),
        else, the list being empty, the open article."""
        if self._focused_pane() in (self.reader, self.related_list) and self.article is not None:
            return self.article
        if self.articles.count:
            return self.articles.current
        return self.article

    def _stored(self) -> ArticleSummary | Article | None:
        """The selected article if it is in the store (a page from the site is not)."""
        item = self._selected()
        if item is not None and item.id < 0:
            self.set_status("A page opened from the site is not stored: nothing to mark.")
            return None
        return item

    @waits_for_row
    async def action_toggle_read(self) -> None:
        item = self._stored()
        if item is None:
            return
        read = not item.read
        await self.pool.call(lambda s: s.set_read([item.id], read))
        if isinstance(item, Article):
            item.read = read
        self.articles.update_row(item.id, read=read)
        self.set_status("Marked read." if read else "Marked unread.")
        self._count_read(item.feed_id, -1 if read else 1)

    @waits_for_row
    async def action_star(self) -> None:
        item = self._stored()
        if item is None:
            return
        starred = not item.starred
        await self.pool.call(lambda s: s.set_starred([item.id], starred))
        self.articles.update_row(item.id, starred=starred)
        if self.article is not None and self.article.id == item.id:
            self.reader.set_starred(starred)
        self.set_status("Starred." if starred else "Unstarred.")
        self.recount_searches_soon()  # Starred's unread count

    async def action_mark_all_read(self) -> None:
        """A: mark every unread article of the view read, once the reader says yes (one
        key in "All" would otherwise lose the unread state of everything)."""
        view = self.articles.view
        unread_view = replace(view, unread_only=True)
        unread = await self.pool.call(lambda s: s.count_articles(unread_view))
        if not unread:
            self.set_status("Nothing unread here.")
            return
        if not self.config.settings.confirm_mark_all:
            await self._mark_view_read(view)
            return
        noun = "article" if unread == 1 else "articles"
        question = f"Mark {unread:,} unread {noun} in {self.place.name} read?"

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._mark_view_read(view), group="mark", exit_on_error=False)
            else:
                self.set_status("Nothing marked read.")

        self.push_screen(ConfirmScreen(question), answered)

    async def _mark_view_read(self, view: View) -> None:
        marked = await self.pool.call(lambda s: s.mark_view_read(view), lane="bulk")
        if self.articles.view == view:
            self.articles.mark_all(read=True)
        self.set_status(f"Marked {counted(marked, 'article')} read.")
        self.load_feeds()

    def action_unread_only(self) -> None:
        if not self.unread_only and self.hide_read_feeds:
            self.hide_read_feeds = False  # show_read_feeds: false, u shows the feeds too
        else:
            self.unread_only = not self.unread_only
            self.hide_read_feeds = self.unread_only
        self.load_view_keeping_row()
        self.renew_neighbours()
        self.tree.resort()
        self.show_tree(self.search_query)  # and only the feeds with unread articles
        self.set_status(
            "Showing unread articles and feeds only."
            if self.unread_only
            else "Showing all articles and feeds."
        )

    def action_article_order(self) -> None:
        """O: newest first <-> oldest first (A to Z <-> Z to A after Ctrl+G), in every
        list, keeping the cursor's article."""
        self.oldest_first = not self.oldest_first
        if self.article_sort != "date":
            self.show_order()
            return
        self.load_view_keeping_row()
        self.renew_neighbours()
        self.set_status("Oldest articles first." if self.oldest_first else "Newest articles first.")

    def action_search(self) -> None:
        said: list[str] = []  # what the status line said was wrong with a query

        def done(query: str | None) -> None:
            if said and self.status_message == said[-1]:
                self.set_status("")  # mended, or Esc: the prompt it was about is gone
            if not query:
                return
            self.remember_search(query)
            self.search_query = query
            self.place = Place("search", View(search=query), f"Search: {query}")
            self.show_tree(query)
            self.tree.select_key("search")
            self.place = self.tree.place_of("search") or self.place
            self.reading = False
            self._apply_layout()
            self.load_view()
            self.articles.focus()

        def wrong(query: str) -> str | None:  # an operator's bad value: said, not searched
            problem = search_problem(query)
            if problem is not None:
                said.append(problem)
                self.set_status(problem)
            return problem

        self.push_screen(SearchScreen(history=self.search_history, check=wrong), done)

    def action_limit(self) -> None:
        """F: show only the articles of this view that match a search (newsboat's
        set-filter, mutt's limit); an empty line shows them all again. Kept until
        another place is chosen."""
        key, name = self.place.key, self.place.name
        current = self.limit[1] if self.limit is not None and self.limit[0] == key else ""

        def done(query: str | None) -> None:
            if query is None:
                return
            self.limit = (key, query) if query else None
            if self.place.key != key:
                return
            self.load_view_keeping_row()
            self.renew_neighbours()
            if query:
                self.set_status(f"{name} limited to: {query} (F, then Enter on nothing: all)")
            else:
                self.set_status(f"All of {name} again.")

        # Opens empty, as its message says (Enter on nothing: all); the limit in force
        # shown dim in the field, and Up brings it back to edit.
        hint = "Limit to: words, is:unread, author:x, newer:3d… Empty: all. Esc cancels"
        history = [q for q in self.search_history if q != current] + [current] * bool(current)
        shown = f"now: {current} (Enter on nothing: all, ↑ edits it)" if current else "words…"
        screen = SearchScreen(
            "", history, check=self._say_problem, hint=hint, empty_ok=True, placeholder=shown
        )
        self.push_screen(screen, done)

    def _say_problem(self, query: str) -> str | None:
        """What is wrong with a query's operators (said in the status line), or None."""
        problem = search_problem(query)
        if problem is not None:
            self.set_status(problem)
        return problem

    def _link(self) -> str | None:
        item = self._selected()
        if item is None:  # an empty list: no article to speak of
            self.set_status("No article here.")
            return None
        url = safe_url(item.link)
        if url is None:
            self.set_status("This article has no link that can be opened.")
        return url

    def _open_url(self, url: str) -> None:
        self.run_worker(
            lambda: self._browse(url),
            thread=True,
            group="browser",
            description="opening the browser",
            exit_on_error=False,
        )
        self.set_status(f"Opening {url}")

    def _browse(self, url: str) -> None:
        """On a worker thread (finding the browser may run a program): open `url`."""
        browser = find_browser(self.config.settings.browser)
        if browser is None:
            self.call_from_thread(self.set_status, NO_BROWSER)
        elif runs_in_terminal(browser):
            self.call_from_thread(self._browse_here, browser, url)
        elif not browser.open(url):
            self.call_from_thread(self.set_status, not_opened(browser, url))

    def _browse_here(self, browser: webbrowser.BaseBrowser, url: str) -> None:
        """A text browser: it has the terminal until it quits, then the reader is back."""
        try:
            with self.suspend():
                opened = browser.open(url)
        except SuspendNotSupported:  # a terminal Textual cannot hand over
            self.set_status(f"Cannot hand the terminal to {browser.name}; y copies the link.")
            return
        if opened:
            self.set_status(f"Back from {url}")
        else:  # not there (a typo in the browser setting?), or it could not start
            self.set_status(not_opened(browser, url))

    @waits_for_row
    def action_open_link(self) -> None:
        url = self._link()
        if url is not None:
            self._open_url(url)

    @waits_for_row
    def action_copy_link(self) -> None:
        url = self._link()
        if url is not None:
            self.copy_to_clipboard(url)
            self.set_status(f"Copied {url}")

    def action_link(self, number: int) -> None:
        if self.reader.article is None:  # "No link [1] in this article": which one?
            self.set_status("Open an article first.")
            return
        links = self.reader.rendered.links if self.reader.rendered is not None else []
        if not 1 <= number <= len(links):
            self.set_status(f"No link [{number}] in this article.")
            return
        url = safe_url(links[number - 1])
        if url is None:
            self.set_status(f"Link [{number}] is not a web address.")
            return
        self._open_url(url)

    def action_links(self) -> None:
        """U: the article's links in a list (newsboat's URL view), past [9] too."""
        rendered = self.reader.rendered
        if self.reader.article is None:
            self.set_status("Open an article first.")
            return
        if rendered is None or not rendered.links:
            self.set_status("This article has no links.")
            return
        links = list(rendered.links)

        def chosen(choice: tuple[str, int] | None) -> None:
            if choice is None:
                return
            what, number = choice
            if what == "open":
                self.action_link(number)
            elif (url := safe_url(links[number - 1])) is not None:
                self.copy_to_clipboard(url)
                self.set_status(f"Copied {url}")

        self.push_screen(LinksScreen(links, list(rendered.labels)), chosen)

    def action_help(self) -> None:
        keymap = effective_keys(self.user_keymap)

        macros = macro_keys(self.config.macros)

        def done(action_id: str | None) -> None:
            if action_id is not None and action_id.startswith(MACRO_ID):
                self.run_macro(macros[action_id.removeprefix(MACRO_ID)])
            for action in ACTIONS:
                if action.id == action_id:
                    self.call_later(self.run_action, action.action)

        self.push_screen(HelpScreen(keymap, macros), done)
