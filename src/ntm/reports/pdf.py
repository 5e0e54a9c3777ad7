"""PDF of a Word report through LibreOffice (``soffice --headless --convert-to pdf``), where installed."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from ntm.core.errors import ApplicationError


def soffice_path() -> str | None:
    """The LibreOffice program, or None when it is not installed (PDF export is then unavailable)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, *, timeout: int = 240) -> bytes:
    """Convert a .docx to PDF. Each call uses its own LibreOffice profile, so calls can overlap."""
    program = soffice_path()
    if program is None:
        raise ApplicationError("Máy chủ chưa cài LibreOffice nên không xuất được PDF.")
    with tempfile.TemporaryDirectory(prefix="ntm-pdf-") as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(data)
        cmd = [
            program,
            f"-env:UserInstallation=file://{tmp}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
        except (subprocess.SubprocessError, OSError) as exc:
            raise ApplicationError(f"LibreOffice không chuyển được sang PDF: {exc}") from exc
        out = Path(tmp) / "report.pdf"
        if not out.exists():
            raise ApplicationError("LibreOffice không tạo ra tệp PDF.")
        return out.read_bytes()
