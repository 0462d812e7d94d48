"""Safe Markdown for route texts: no raw HTML, only http(s), mailto and tel links, own images.

markdown-it-py's default preset passes raw HTML through; we use ``js-default`` with HTML off and
a stricter link check than its own. Images must be files in the route's folder: they are copied
into the site and the page points at the copy.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from markdown_it import MarkdownIt

from .errors import RoutegenError

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})


def is_safe_url(url: str) -> bool:
    """Only web, mail and phone links; no javascript:, data:, file: or protocol-relative //."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    if cleaned.startswith("//") or cleaned.startswith("\\"):
        return False
    if _SCHEME_RE.match(cleaned):
        return cleaned.lower().startswith(SAFE_SCHEMES)
    return not cleaned.startswith("/") and ".." not in PurePosixPath(cleaned).parts


@dataclass
class Images:
    """Images of one route: files in its folder, copied into the site under content-hashed names."""

    folder: Path
    site_dir: str = "assets/images"
    files: dict[str, bytes] = field(default_factory=dict)  # site path -> bytes

    def publish(self, src: str) -> str:
        """The site path of an image named in Markdown; a missing or outside file is an error."""
        if _SCHEME_RE.match(src) or not is_safe_url(src):
            raise RoutegenError(f"The image '{src}' is not a file in the route's folder ({self.folder}). "
                                "Put the image in that folder and name it without a web address.")
        path = (self.folder / src).resolve()
        if self.folder.resolve() not in path.parents or not path.is_file():
            raise RoutegenError(f"The image '{src}' was not found in the route's folder ({self.folder}).")
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            raise RoutegenError(f"'{src}' is not an image routegen publishes (use .png, .jpg, .gif, .webp).")
        data = path.read_bytes()
        if path.suffix.lower() == ".svg":  # an SVG can hold scripts: refuse rather than sanitise
            raise RoutegenError(f"The image '{src}' is an SVG file; use PNG or JPEG for images in texts.")
        name = f"{path.stem}-{hashlib.sha256(data).hexdigest()[:10]}{path.suffix.lower()}"
        site_path = f"{self.site_dir}/{name}"
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
                    src = unquote(str(child.attrGet("src") or ""))  # markdown-it percent-encodes it
                    if self.images is None:
                        raise RoutegenError(f"Images are not allowed here: '{src}'.")
                    child.attrSet("src", root + self.images.publish(src))
                elif child.type == "link_open":
                    href = str(child.attrGet("href") or "")
                    if _SCHEME_RE.match(href) and not href.lower().startswith(("mailto:", "tel:")):
                        child.attrSet("rel", "noopener noreferrer")
        return str(self.md.renderer.render(tokens, self.md.options, {}))
