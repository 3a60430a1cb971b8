"""The site as files: Jekyll (just-the-docs) Markdown, or standalone HTML with the DKFDS look.

Each page's body is written once, as Markdown, by its template (``publishing/site/<name>.md.txt``;
``.txt`` so that ``makemessages`` reads them; text users wrote made inert by ``core.markdown_export``).
The Jekyll site is that Markdown under the front matter OS2's documentation sites use (``title``,
``parent``, ``nav_order``, ``has_children``); the HTML site renders it (markdown-it without raw HTML,
cleaned by nh3) into the page layout ``publishing/html/page.html``, with DKFDS's CSS and fonts copied
beside it and relative links only, so it works opened from the disk. Links between pages end in
``.html`` in both: Jekyll writes ``x.md`` as ``x.html``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import nh3
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from programkontor.core.markdown_export import SAFE_SCHEMES, yaml_value
from programkontor.publishing.site import Page, Report, Site


class Format(StrEnum):
    JEKYLL = "jekyll"
    HTML = "html"


#: What the HTML variant copies from the static files (under ``assets/``, in their own folders, so
#: DKFDS's CSS finds its fonts and header logo): DKFDS's CSS, licence and logo, its WOFF2 and WOFF fonts
#: (the regular weight names WOFF first), the site's own CSS.
STATIC_FILES = (
    "vendor/dkfds/css/dkfds.min.css",
    "vendor/dkfds/LICENSE.md",
    "vendor/dkfds/img/logo-header-placeholder.png",
    "vendor/dkfds/img/logo-placeholder.png",
    "publishing/site.css",
)
FONT_FOLDERS = (
    "vendor/dkfds/fonts/IBMPlexSans/complete/woff2",
    "vendor/dkfds/fonts/IBMPlexSans/complete/woff",
)

# Raw HTML is passed to nh3, which keeps only the tags below: the ``<br/>`` line breaks OS2's reports
# write in table cells and quotes (text users wrote reaches here already inert: markdown_export).
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable("table")
_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "img",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}, "th": {"align"}, "td": {"align"}}


def site_title() -> str:
    return _("OS2 in the open")


def markdown_to_html(text: str) -> str:
    """Markdown as HTML: only the tags below, links limited to http(s), mailto and relative ones."""
    html = nh3.clean(
        _markdown.render(text), tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set(SAFE_SCHEMES)
    )
    # DKFDS styles tables by class; nh3 leaves no attribute we did not allow, so add it afterwards,
    # with a wrapper that scrolls a wide table on a narrow screen.
    return html.replace(
        "<table>", '<div class="pk-table-scroll"><table class="table table--compact">'
    ).replace("</table>", "</table></div>")


def _body(page: Page) -> str:
    context = {**page.context, "page": page, "root": page.root}
    return render_to_string(f"publishing/site/{page.template}.md.txt", context).strip() + "\n"


def _front_matter(page: Page) -> str:
    lines = ["---", "layout: default", f"title: {yaml_value(page.title)}"]
    if page.parent:
        lines.append(f"parent: {yaml_value(page.parent)}")
    if page.nav_order:
        lines.append(f"nav_order: {page.nav_order}")
    if page.has_children:
        lines.append("has_children: true")
    if page.path == "index":
        lines.append("permalink: /")
    return "\n".join([*lines, "---", "", ""])


def _without_front_matter(markdown: str) -> str:
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end >= 0:
            return markdown[end + 5 :]
    return markdown


def _html_page(site: Site, title: str, path: str, parent: str, body_markdown: str) -> str:
    root = "../" * path.count("/")
    context = {
        "title": title,
        "root": root,
        "parent": next((s for s in site.sections if s.title == parent), None),
        "sections": site.sections,
        "current": path,
        "content": markdown_to_html(body_markdown),
        "site_title": site_title(),
    }
    return render_to_string("publishing/html/page.html", context)


def render_files(site: Site, output_format: Format) -> dict[str, bytes]:
    """Every file of the site in ``output_format``: its path (``/`` separated) → its bytes."""
    files: dict[str, str | bytes] = dict(site.images)
    if output_format is Format.JEKYLL:
        files["_config.yml"] = render_to_string(
            "publishing/jekyll/_config.yml.txt", {"site_title": yaml_value(site_title())}
        )
        for page in site.pages:
            files[f"{page.path}.md"] = _front_matter(page) + _body(page)
        for report in site.reports:
            files[f"{report.path}.md"] = report.markdown.rstrip("\n") + "\n"
    else:
        for page in site.pages:
            files[f"{page.path}.html"] = _html_page(site, page.title, page.path, page.parent, _body(page))
        for report in site.reports:
            files[f"{report.path}.html"] = _report_page(site, report)
        files.update(_static_files())
    return {
        path: data if isinstance(data, bytes) else data.encode("utf-8")
        for path, data in sorted(files.items())
    }


def _report_page(site: Site, report: Report) -> str:
    parent = next(s for s in site.sections if s.template == "reports")
    return _html_page(site, report.title, report.path, parent.title, _without_front_matter(report.markdown))


def _static_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for name in STATIC_FILES:
        found = finders.find(name)
        files[f"assets/{name.removeprefix('vendor/')}"] = Path(str(found)).read_bytes()
    for folder in FONT_FOLDERS:
        for font in sorted(Path(str(finders.find(folder))).iterdir()):
            if font.suffix in (".woff", ".woff2"):
                files[f"assets/{folder.removeprefix('vendor/')}/{font.name}"] = font.read_bytes()
    return files
