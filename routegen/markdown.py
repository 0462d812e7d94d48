"""Safe Markdown for route texts: no raw HTML, only http(s), mailto and tel links, own images.

markdown-it-py's default preset passes raw HTML through; we use ``js-default`` with HTML off and
a stricter link check than its own. Images must be files in the route's folder: they are copied
into the site and the page points at the copy.

:func:`target_problem` is the one rule for link and image targets: `check` reports what it
finds at its line (route file or translation), and the render stage applies the same rule.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from markdown_it import MarkdownIt

from .errors import RoutegenError
from .speech import tr

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
PUBLISHED_IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
# Finds every target, also those the site's parser would drop, so that check can name them.
_TARGET_FINDER = MarkdownIt("commonmark", {"html": False})
_TARGET_FINDER.validateLink = lambda url: True  # type: ignore[method-assign]


def is_safe_url(url: str) -> bool:
    """Only web, mail and phone links; no javascript:, data:, file: or protocol-relative //."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    if cleaned.startswith("//") or cleaned.startswith("\\"):
        return False
    if _SCHEME_RE.match(cleaned):
        return cleaned.lower().startswith(SAFE_SCHEMES)
    return not cleaned.startswith("/") and ".." not in PurePosixPath(cleaned).parts


def markdown_targets(text: str) -> list[tuple[str, str]]:
    """Every ("link" | "image", target) in a Markdown text, including ones a renderer would drop."""
    found: list[tuple[str, str]] = []
    for token in _TARGET_FINDER.parse(text):
        for child in token.children or []:
            if child.type == "link_open" and isinstance(child.attrGet("href"), str):
                found.append(("link", str(child.attrGet("href"))))
            elif child.type == "image" and isinstance(child.attrGet("src"), str):
                found.append(("image", str(child.attrGet("src"))))
    return found


def markdown_urls(text: str) -> list[str]:
    """Every link and image target in a Markdown text."""
    return [url for _, url in markdown_targets(text)]


def target_problem(kind: str, url: str, folder: Path) -> tuple[str, str] | None:
    """What is wrong with a link or image target in a route's text, as (message, hint); None
    when it is allowed. Images are files in the route's ``folder``, also after links resolve."""
    has_scheme = _SCHEME_RE.match(url) is not None
    if kind == "link":
        if url.lower().startswith(LINK_SCHEMES) or url.startswith("#"):
            return None
        if has_scheme:
            return (tr("The link '{url}' is not allowed.", url=url),
                    tr("Links may start with https://, http://, mailto: or tel: only."))
        return (tr("The link '{url}' is not a web address.", url=url),
                tr("Link to a web address (https://...), an e-mail address (mailto:) or a phone number "
                   "(tel:). Files in the route's folder are not published, except images."))
    name = unquote(url)  # markdown-it percent-encodes targets: '..%2F' is '../'
    outside = (tr("The image '{url}' is not a file in the route's own folder.", url=url),
               tr("Put the image in {folder}/ beside the route file and write just its name, "
                  "such as ![Kaart](kaart.png).", folder=folder.name))
    if has_scheme or _SCHEME_RE.match(name) or not is_safe_url(name) or name.startswith("\\"):
        return outside
    file = folder / name
    if file.suffix.lower() == ".svg":  # an SVG can hold scripts: refuse rather than sanitise
        return (tr("The image '{url}' is an SVG file, which can hold scripts.", url=url),
                tr("Use a PNG or JPEG file."))
    if file.suffix.lower() not in PUBLISHED_IMAGES:
        return (tr("'{url}' is not an image routegen publishes.", url=url),
                tr("Use a .png, .jpg, .gif or .webp file."))
    if not file.is_file():
        return (tr("The image '{url}' was not found.", url=url),
                tr("Put it in {folder}/ beside the route file.", folder=folder.name))
    if folder.resolve() not in file.resolve().parents:
        return (tr("The image '{url}' is a link to a file outside the route's own folder.", url=url),
                tr("Copy the image itself into {folder}/ instead of linking to it.", folder=folder.name))
    return None


def read_images(texts: Iterable[str], folder: Path, extra: Iterable[str] = ()) -> dict[str, bytes]:
    """The image files that ``texts`` show (and ``extra`` names), read once, by their name in
    the route's folder; ``check`` has applied :func:`target_problem` to each of them."""
    names = {unquote(src) for text in texts if "](" in text or "]:" in text
             for kind, src in markdown_targets(text) if kind == "image"}
    names.update(unquote(name) for name in extra)
    return {name: (folder / name).read_bytes() for name in sorted(names)}


@dataclass
class Images:
    """Images of one route, read beforehand, published under content-hashed names."""

    available: dict[str, bytes]  # name in the route's folder -> bytes (see read_images)
    site_dir: str = "assets/images"
    files: dict[str, bytes] = field(default_factory=dict)  # site path -> bytes

    def publish(self, src: str) -> str:
        """The site path of an image named in Markdown (percent-encoded or not)."""
        name = unquote(src)
        if name not in self.available:  # a bug: read_images saw every text the site shows
            raise RoutegenError(tr("The image '{src}' was not read before the pages were made.", src=src))
        data = self.available[name]
        path = PurePosixPath(name)
        site_path = f"{self.site_dir}/{path.stem}-{hashlib.sha256(data).hexdigest()[:10]}{path.suffix.lower()}"
        self.files[site_path] = data
        return site_path


class SafeMarkdown:
    """Markdown to HTML for one site: safe links, images published from the route's folder."""

    def __init__(self, images: Images | None = None) -> None:
        self.md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
        self.md.validateLink = is_safe_url  # type: ignore[method-assign]
        self.images = images

    def render(self, text: str, root: str = "", heading_offset: int = 1) -> str:
        """HTML of a Markdown text; ``root`` leads from the page to the site's root folder.

        Headings are shifted down by ``heading_offset`` levels, since the page has its own h1.
        """
        tokens = self.md.parse(text)
        for token in tokens:
            if token.type in ("heading_open", "heading_close") and heading_offset:
                level = min(6, int(token.tag[1]) + heading_offset)
                token.tag = f"h{level}"
            for child in token.children or []:
                if child.type == "image":
                    src = str(child.attrGet("src") or "")
                    if self.images is None:
                        raise RoutegenError(tr("Images are not allowed here: '{src}'.", src=src))
                    child.attrSet("src", root + self.images.publish(src))
                elif child.type == "link_open":
                    href = str(child.attrGet("href") or "")
                    if _SCHEME_RE.match(href) and not href.lower().startswith(("mailto:", "tel:")):
                        child.attrSet("rel", "noopener noreferrer")
        return str(self.md.renderer.render(tokens, self.md.options, {}))
