"""Read the forms of a rendered page as a browser would submit them: fields, values, action and method.

Used to post an admin change form back with a few values changed, and by the fuzz test to find every form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class HtmlForm:
    action: str
    method: str
    enctype: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # what a browser would send, in order
    names: dict[str, str] = field(default_factory=dict)  # every named control -> its kind (text, file, select ...)

    def data(self, **changes) -> dict[str, object]:
        """The submitted values as a dict for the test client (lists for repeated names), with `changes` applied."""
        out: dict[str, object] = {}
        for name, value in self.fields:
            if name in out:
                previous = out[name]
                out[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                out[name] = value
        for name, value in changes.items():
            if value is None:
                out.pop(name, None)
            else:
                out[name] = value
        return out


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: tuple[str, bool] | None = None
        self._select_values: list[tuple[str, bool]] = []
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = HtmlForm(
                action=a.get("action", ""),
                method=a.get("method", "get").lower(),
                enctype=a.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            form.names.setdefault(name, kind)
            if "disabled" in a or kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
                return
            form.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            form.names.setdefault(name, "select")
            self._select = (name, "multiple" in a)
            self._select_values = []
        elif tag == "option" and self._select:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": []}
        elif tag == "textarea" and name:
            form.names.setdefault(name, "textarea")
            self._textarea = name
            self._text = []

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"].append(data)
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else "".join(option["text"]).strip()
            self._select_values.append((value, option["selected"]))
            self._option = None
        elif tag == "select" and self._select and self._form is not None:
            if self._option is not None:
                self.handle_endtag("option")
            name, multiple = self._select
            chosen = [v for v, selected in self._select_values if selected]
            if not chosen and not multiple and self._select_values:
                chosen = [self._select_values[0][0]]
            self._form.fields.extend((name, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            text = "".join(self._text)
            self._form.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms_of(html: str) -> list[HtmlForm]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with(html: str, field_name: str) -> HtmlForm:
    """The page's form that has a control named `field_name`."""
    for form in forms_of(html):
        if field_name in form.names:
            return form
    raise AssertionError(f"no form with a field {field_name!r}")
