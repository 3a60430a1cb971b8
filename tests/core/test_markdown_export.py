"""User text in exported Markdown is inert wherever it is published, and imports back as it was written."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from programkontor.core.markdown_export import (
    SAFE_SCHEMES,
    is_safe_target,
    markdown_line,
    markdown_link,
    markdown_text,
    restore,
    yaml_value,
)


def permissive(text: str) -> str:
    """Markdown rendered the way a publishing site may: raw HTML passed through, every link kept."""
    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    renderer.validateLink = lambda url: True
    return renderer.render(text)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def dangers(text: str) -> list[str]:
    """What in ``text``, published, could run: script-like tags, event handlers, unsafe link targets,
    Liquid and kramdown syntax."""
    found: list[str] = []
    parser = Elements()
    parser.feed(permissive(text))
    for tag, attrs in parser.tags:
        if tag in {"script", "iframe", "object", "embed", "style", "svg", "math", "form", "base"}:
            found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                found.append(name)
            if name in {"href", "src"} and value is not None and not is_safe_target(value):
                found.append(f"{name}={value}")
    for syntax in ("{{", "{%", "{:"):
        if syntax in text:
            found.append(syntax)
    # Raw HTML that CommonMark would not take for a tag, but a browser or kramdown may (<svg/onload=…>).
    kept = re.sub(r"<br\s*/?>|<(?:https?|mailto):[^\s<>\"'`\\]*>", " ", text, flags=re.IGNORECASE)
    found += re.findall(r"<[A-Za-z/!?]", kept)
    return found


ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)" onclick="alert(2)">x</a>',
    "<svg/onload=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<!-- --><script>alert(1)</script>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](&#106;avascript:alert(1))",
    "[klik](javascript&colon;alert(1))",
    "[klik]( javascript:alert(1) )",
    "[klik](<javascript:alert(1)>)",
    "[klik](javascript\\:alert(1))",
    "![billede](data:text/html;base64,PHNjcmlwdD4=)",
    "[klik][ref]\n\n[ref]: javascript:alert(1)",
    "[klik][ref]\n\n   [ref]:\n   vbscript:msgbox(1)",
    "[a [b](javascript:x)](https://os2.eu)",
    "{{ site.github }}",
    "{% include evil.html %}",
    'tekst\n{: onclick="alert(1)"}',
    "{::nomarkdown}<script>alert(1)</script>{:/}",
    "| a | <script>alert(1)</script> |\n|---|---|",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_an_attack_published_raw_is_dangerous_and_made_inert_it_is_not(attack: str) -> None:
    assert dangers(attack), "the attack must be dangerous as it is, or the test proves nothing"
    assert dangers(markdown_text(attack)) == []
    assert restore(markdown_text(attack)) == attack


@pytest.mark.parametrize(
    "text",
    [
        "Almindelig tekst med **fed**, _kursiv_ og `kode`.",
        "Se [OS2](https://os2.eu) og <https://github.com/OS2offdig> eller skriv til <mailto:info@os2.eu>.",
        "Linje et<br>linje to<br/>linje tre",
        "a < b og c > d, 3 > 2",
        "- punkt\n- punkt to\n\n> citat",
        "[relativ](docs/README.md) og [anker](#top)",
    ],
)
def test_ordinary_markdown_stays_as_it_was(text: str) -> None:
    assert markdown_text(text) == text


def test_one_line_contexts_lose_their_line_breaks_only() -> None:
    assert markdown_line("To  mellemrum\nog ny linje\r\n") == "To  mellemrum og ny linje "


def test_a_link_keeps_only_safe_targets() -> None:
    assert markdown_link("OS2 [hjemmeside]", "https://os2.eu/a (b)") == (
        "[OS2 &#91;hjemmeside&#93;](https://os2.eu/a%28b%29)"
    )
    assert markdown_link("ond", "javascript:alert(1)") == "ond"
    assert markdown_link("mail", "mailto:info@os2.eu") == "[mail](mailto:info@os2.eu)"
    assert {"http", "https", "mailto"} == SAFE_SCHEMES


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("OS2test", "OS2test"),
        ("OS2 Kommune-portal (beta)", "OS2 Kommune-portal (beta)"),
        ("Titel: med kolon", '"Titel: med kolon"'),
        ("x\nlayout: evil", '"x layout: evil"'),
        ("<script>", '"&lt;script>"'),
        ("{{ site }}", '"&#123;{ site }}"'),
    ],
)
def test_a_front_matter_value_cannot_add_keys_or_markup(text: str, value: str) -> None:
    assert yaml_value(text) == value


texts = st.text(
    alphabet=st.sampled_from(list("<>[]()!{}%:&#;/\\\"' \n\tjavascriptJAVA:hrefonerror=ab1")), max_size=80
)


@settings(max_examples=200, deadline=None)
@given(texts | st.text(max_size=80))
def test_any_text_is_inert_when_published_and_restores_exactly(text: str) -> None:
    inert = markdown_text(text)
    assert dangers(inert) == []
    assert restore(inert) == text


@settings(max_examples=100, deadline=None)
@given(texts)
def test_a_line_stays_one_line(text: str) -> None:
    assert not re.search(r"[\r\n]", markdown_line(text))
