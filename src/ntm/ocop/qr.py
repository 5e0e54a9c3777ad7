"""The QR code of a product's public page (for the label on the package): an SVG, made here."""

import io

import segno


def qr_svg(url: str) -> bytes:
    """An SVG QR code pointing to ``url`` (error correction M, a quiet zone of 4 modules)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, border=4)
    return out.getvalue()
