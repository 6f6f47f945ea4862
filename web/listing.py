"""Sortable, paged lists whose state lives in the URL: `sorteer=<key>&richting=op|af&pagina=<n>`, next to the
list's own filters. A key or page the list does not have is not an error page: the list falls back to its
default order or its last page and says so (`notices`)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import request, url_for

from storage.case_listing import SORT_COLUMNS, Page, Sorting

UP, DOWN = "op", "af"
MAX_PAGE = 100_000


@dataclass
class Listing:
    """The sorting and page a list was asked for, and how to link to another sorting or page of it."""

    endpoint: str
    keys: tuple[str, ...]
    sorting: Sorting
    page: int
    filters: dict[str, Any] = field(default_factory=dict)  # the list's own filters, kept in every link
    notices: list[str] = field(default_factory=list)
    shown: Page | None = None

    def show(self, page: Page) -> Page:
        """Remember the page that is shown; a page beyond the end becomes the last page, with a notice."""
        if page.page != self.page:
            self.notices.append(f"Pagina {self.page} bestaat niet; u ziet pagina {page.page} van {page.pages}.")
        self.shown = page
        return page

    def sort_url(self, key: str) -> str:
        """The link of a column header: sort by `key`, the other way round when it is the current sort."""
        descending = not self.sorting.descending if key == self.sorting.key else False
        return self._url(key, descending, 1)

    def page_url(self, number: int) -> str:
        return self._url(self.sorting.key, self.sorting.descending, number)

    def aria_sort(self, key: str) -> str:
        if key != self.sorting.key:
            return "none"
        return "descending" if self.sorting.descending else "ascending"

    def page_numbers(self) -> list[int | None]:
        """The page links to show: the first, the last and two either side of the current; None is a gap."""
        if self.shown is None:
            return []
        current, last = self.shown.page, self.shown.pages
        wanted = sorted({1, last, *range(max(current - 2, 1), min(current + 2, last) + 1)})
        numbers: list[int | None] = []
        for number in wanted:
            if numbers and number - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers

    def _url(self, key: str, descending: bool, page: int) -> str:
        args = {k: v for k, v in self.filters.items() if v not in (None, "")}
        args |= {"sorteer": key, "richting": DOWN if descending else UP}
        if page > 1:
            args["pagina"] = page
        return url_for(self.endpoint, **args)


def listing_from(
    args: Mapping[str, str], keys: tuple[str, ...], default: Sorting, filters: dict[str, Any] | None = None
) -> Listing:
    """The listing the query string asks for; what it asks wrongly is replaced by the default, with a notice."""
    assert set(keys) <= set(SORT_COLUMNS) and default.key in keys
    notices = []
    sorting = default
    key = args.get("sorteer")
    if key:
        if key in keys:
            sorting = Sorting(key, descending=args.get("richting") == DOWN)
        else:
            notices.append("Op deze kolom kan deze lijst niet sorteren; de lijst staat in de gewone volgorde.")
    if args.get("richting") not in (None, "", UP, DOWN):
        notices.append("Sorteerrichting onbekend; gebruikt is oplopend (op) of aflopend (af).")
    page = _page_number(args.get("pagina"), notices)
    return Listing(request.endpoint or "", keys, sorting, page, filters or {}, notices)


def _page_number(raw: str | None, notices: list[str]) -> int:
    if raw is None or raw.strip() == "":
        return 1
    text = raw.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 6) or not 0 < int(text) <= MAX_PAGE:
        notices.append("Dat paginanummer bestaat niet; u ziet pagina 1.")
        return 1
    return int(text)
