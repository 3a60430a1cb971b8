"""The printable agenda as PDF (WeasyPrint), from the same template as the HTML version.

WeasyPrint may fetch nothing but the vendored fonts: every other URL (links in user text, anything
a stylesheet names) is refused, so rendering a PDF never reaches the network or the file system.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

FONT_DIR = (
    Path(__file__).resolve().parent.parent
    / "core"
    / "static"
    / "vendor"
    / "dkfds"
    / "fonts"
    / "IBMPlexSans"
    / "complete"
)


def _allowed(url: str) -> bool:
    if not url.startswith("file://"):
        return False
    path = Path(url.removeprefix("file://")).resolve()
    return path.is_relative_to(FONT_DIR.resolve()) and path.suffix in (".woff", ".woff2", ".ttf")


def _url_fetcher() -> Any:
    """A fetcher that loads only the vendored fonts (WeasyPrint 68+ takes a class, older a function)."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):

        class FontsOnly(urls.URLFetcher):
            def fetch(self, url: str, headers: Any = None) -> Any:
                if not _allowed(url):
                    raise ValueError(f"Refused to fetch {url}")
                return super().fetch(url, headers)

        return FontsOnly(allowed_protocols=["file"])

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover - WeasyPrint < 68
        if not _allowed(url):
            raise ValueError(f"Refused to fetch {url}")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetch


def font_faces() -> str:
    faces = []
    for weight, style, name in (
        (400, "normal", "IBMPlexSans-Regular"),
        (400, "italic", "IBMPlexSans-Italic"),
        (600, "normal", "IBMPlexSans-SemiBold"),
        (700, "normal", "IBMPlexSans-Bold"),
    ):
        path = FONT_DIR / "woff" / f"{name}.woff"
        if path.exists():
            faces.append(
                f"@font-face {{ font-family: 'IBM Plex Sans'; font-weight: {weight}; font-style: {style}; "
                f"src: url('{path.as_uri()}') format('woff'); }}"
            )
    return "\n".join(faces)


def agenda_pdf(context: dict[str, Any]) -> bytes:
    css = (Path(__file__).resolve().parent / "static" / "governance" / "print.css").read_text(
        encoding="utf-8"
    )
    html = render_to_string(
        "governance/meeting_print.html",
        {**context, "pdf": True, "font_faces": font_faces(), "print_css": css},
    )
    return pdf_from_html(html)


def pdf_from_html(html: str) -> bytes:
    """The PDF of ``html`` (which may use :func:`font_faces`), fetching nothing but the vendored fonts."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_url_fetcher(), base_url=str(FONT_DIR)).write_pdf()  # type: ignore[no-any-return]
