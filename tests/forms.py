"""Read a page's form the way a browser would submit it, so tests can edit and post it back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.forms: list[MultiDict[str, str]] = []
        self.values: MultiDict[str, str] = MultiDict()
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.inside = True
            self.values = MultiDict()
            self.forms.append(self.values)
            return
        if not self.inside:
            return
        name = found.get("name")
        if tag == "input" and name:
            kind = (found.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in found:
                    self.values.add(name, found.get("value") or "on")
            elif kind not in ("submit", "button", "file"):
                self.values.add(name, found.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.add(name, "")
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = found.get("value")
            if self._select_first is None:
                self._select_first = value or ""
            if "selected" in found and not self._select_chosen:
                self.values.add(self._select, value or "")
                self._select_chosen = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._select_chosen:
                self.values.add(self._select, self._select_first or "")
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.inside:
            values = self.values.getlist(self._textarea)
            self.values.setlist(self._textarea, [*values[:-1], values[-1] + data])


def form_values(html: str, field: str = "version") -> MultiDict[str, str]:
    """The fields the page's first form with a `field` input would submit, as loaded."""
    reader = _FormReader()
    reader.feed(html)
    values = next(form for form in reader.forms if field in form)
    # A textarea's first newline after the tag is not part of its value.
    for name, value in list(values.items(multi=True)):
        if value.startswith("\n"):
            values.setlist(name, [v.removeprefix("\n") for v in values.getlist(name)])
    return values


@dataclass
class StaleSave:
    """The second person's refused save: their client, the page, its panel, the kept form."""

    second: FlaskClient
    page: str
    panel: str
    kept: MultiDict[str, str]


def stale_save(
    app: Flask,
    path: str,
    sign_in: Callable[[FlaskClient, str], None],
    people: tuple[str, str],
    first_changes: dict[str, str],
    second_changes: dict[str, str],
    post_path: str | None = None,
) -> StaleSave:
    """Two people open the same edit form; the first saves, the second's save is refused.

    `post_path` is where the form posts, when that is not the page it is on.
    """
    target = post_path or path
    browsers = []
    for person in people:
        browser = app.test_client()
        sign_in(browser, person)
        page = browser.get(path)
        assert page.status_code == 200
        browsers.append((browser, form_values(page.get_data(as_text=True))))
    (first, first_form), (second, second_form) = browsers
    for name, value in first_changes.items():
        first_form[name] = value
    assert first.post(target, data=first_form).status_code == 302
    for name, value in second_changes.items():
        second_form[name] = value
    refused = second.post(target, data=second_form)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "This record changed while you were editing it" in page
    start = page.index('id="changed-meanwhile"')
    panel = page[start : page.index("</div>", start)]
    return StaleSave(second, page, panel, form_values(page))
