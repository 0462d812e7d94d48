"""QR codes made here, with segno, as inline SVG: no service on the network sees the address."""

from __future__ import annotations


def qr_svg(address: str, *, title: str) -> str:
    """An inline SVG QR code of ``address`` (error correction M, survives a creased poster)."""
    try:
        import segno
    except ImportError as exc:  # the print extra brings it
        from ..errors import RoutegenError

        raise RoutegenError("Printing needs the Python package segno for QR codes. "
                            "Install routegen with it: pip install 'routegen[print]'.") from exc
    code = segno.make(address, error="m", micro=False)
    svg: str = code.svg_inline(scale=4, border=2, dark="#000", light="#fff", title=title, svgclass="rg-qr",
                               lineclass=None, omitsize=True)
    return svg
