"""Rendered public pages for anonymous visitors, reused while nothing they show changes.

The verification page is the busiest page and its template (with the site's
chrome) costs more than the lookup behind it. Each request still reads the
certificate; the rendered page is reused only under a key made of everything it
shows (the certificate's row version, which every change bumps, its public status
for today, the day itself). A derived cache in one process: no other instance
needs it, and a restart only empties it (decision 0013).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from collections.abc import Hashable

from flask import Flask
from flask import current_app
from flask import request
from flask import session


class RenderedPages:
    def __init__(self, size: int) -> None:
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], str]) -> str:
        if self._size <= 0:
            return render()
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
                return page
        page = render()
        with self._lock:
            self._pages[key] = page
            if len(self._pages) > self._size:
                self._pages.popitem(last=False)
        return page


def init_page_cache(app: Flask) -> None:
    app.extensions["labelapp.rendered_pages"] = RenderedPages(
        app.config["LABELAPP_PAGE_CACHE_SIZE"]
    )


def cached_for_anonymous(key: Hashable, render: Callable[[], str]) -> str:
    """The page from the cache for an anonymous visitor with nothing flashed; else rendered.

    Signed-in visitors see their name and a sign-out form, and flashed messages are
    shown once: those pages are always rendered.
    """
    if "_user_id" in session or "_flashes" in session:
        return render()
    pages: RenderedPages = current_app.extensions["labelapp.rendered_pages"]
    return pages.get((request.script_root, request.path, key), render)
