"""The annual report as prepared data: header, body blocks, recipients, signature, appendix.

Built by ``reports.annual`` from a report's data (``reports.data.ReportData``),
laid out by ``reports.renderers.docx``; nothing here queries (pure; no Django).
"""

import dataclasses
import re
from dataclasses import dataclass, field

from ntm.reports.appendix import AppendixTable


@dataclass(frozen=True)
class Run:
    """A piece of text; with ``footnote`` it is a footnote reference (its text is the note)."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    footnote: str | None = None


@dataclass(frozen=True)
class Para:
    """A paragraph. Styles: body, heading1 (I.), heading2 (1.), heading3 (a)), item, caption, note."""

    runs: tuple[Run, ...]
    style: str = "body"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Image:
    """A chart: PNG bytes and its caption."""

    png: bytes
    caption: str
    width_cm: float = 14.0


Block = Para | Image


def para(text: str, style: str = "body", *, bold: bool = False, italic: bool = False) -> Para:
    return Para((Run(text, bold=bold, italic=italic),), style)


@dataclass(frozen=True)
class ReportDocument:
    """Everything the Word report contains, in order."""

    issuer_parent: str
    issuer: str
    number: str
    place_date: str
    title: str
    subtitle: str
    body: tuple[Block, ...]
    recipients: tuple[str, ...]
    signature_authority: tuple[str, ...]
    signer: str
    appendix: AppendixTable | None = None
    warnings: tuple[str, ...] = field(default=())
    #: The issuing body's full name (the file's author): "Ban Chỉ đạo … tỉnh Cao Bằng".
    author: str = ""

    def paragraphs(self) -> list[Para]:
        return [b for b in self.body if isinstance(b, Para)]


#: Characters an Office file (XML 1.0) cannot hold: C0 controls but tab and line breaks, DEL,
#: lone surrogates and the two non-characters U+FFFE, U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def office_text(text: object) -> str:
    """A text as Word and Excel can hold it: the characters they cannot are removed.

    The renderers pass every text through it (a unit's name from a list, a file
    name, an imported note or reason, an office's text stored before such
    characters were refused), so that one character never makes a report fail.
    """
    return _CONTROL.sub("", str(text)) if text is not None else ""


def text_clean(text: str) -> str:
    """An office's text as stored: line breaks normalised, characters Word cannot hold removed."""
    return office_text((text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


_MARKUP = re.compile(r"\*\*(.+?)\*\*|\[\^(.+?)\]")


def _runs(line: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    pos = 0
    for m in _MARKUP.finditer(line):
        if m.start() > pos:
            runs.append(Run(line[pos : m.start()]))
        if m.group(1) is not None:
            runs.append(Run(m.group(1), bold=True))
        else:
            runs.append(Run(footnote=m.group(2).strip()))
        pos = m.end()
    if pos < len(line):
        runs.append(Run(line[pos:]))
    return tuple(runs)


def text_blocks(text: str) -> list[Para]:
    """The office's text (ReportText) as paragraphs.

    One paragraph per line; blank lines are ignored. A line starting with "- "
    or "+ " is a list item (the marker is kept, as official reports write it);
    ``**…**`` is bold; ``[^…]`` is a footnote, its text printed at the foot of the page.
    """
    out = []
    for raw in _CONTROL.sub("", text).splitlines():
        line = raw.strip()
        if not line:
            continue
        style = "item" if line.startswith(("- ", "+ ")) else "body"
        out.append(Para(_runs(line), style))
    return out


#: A marker as typed: anything between ``{{`` and ``}}`` on one line. Only a name of
#: lowercase letters, digits, ``_`` and ``.`` can name a piece; another (``{{Lop}}``,
#: ``{{giải ngân}}``) is dropped and reported like a name of no piece, never printed.
_MARKER = re.compile(r"\{\{([^{}\n]+?)\}\}")
_NAME = re.compile(r"[a-z0-9_.]+")


@dataclass(frozen=True)
class FilledText:
    """The office's text with NTM's computed pieces put in: see ``text_filled``."""

    blocks: list[Para]
    unplaced: list[str]
    unknown: list[str]


def text_filled(text: str, pieces: "dict[str, list[Para]]") -> FilledText:
    """The office's text with the pieces NTM writes from data put where it says.

    A section's computed sentences (its funds, its courses, its directives …) are
    named pieces. The office places a piece with ``{{name}}``: a line holding only
    the marker becomes the piece's paragraphs; a marker inside a sentence takes
    the piece's text inline. Pieces the text does not place are put first, in
    order, before the office's text (``unplaced``); a marker naming no piece is
    dropped and reported (``unknown``), so a figure is never typed in its stead.
    """
    placed: set[str] = set()
    unknown: list[str] = []
    out: list[Para] = []
    for para_ in text_blocks(text):
        line = para_.text
        whole = _MARKER.fullmatch(line.strip())
        if whole:
            name = whole.group(1).strip()
            if name in pieces:
                placed.add(name)
                out.extend(pieces[name])
            else:
                unknown.append(name)
            continue
        if not _MARKER.search(line):
            out.append(para_)
            continue
        runs: list[Run] = []
        for run in para_.runs:
            if run.footnote is not None or not _MARKER.search(run.text):
                runs.append(run)
                continue
            pos = 0
            for m in _MARKER.finditer(run.text):
                if m.start() > pos:
                    runs.append(dataclasses.replace(run, text=run.text[pos : m.start()]))
                name = m.group(1).strip()
                if name in pieces:
                    placed.add(name)
                    inline = [r for p in pieces[name] for r in (*p.runs, Run(" "))][:-1]
                    # The piece takes the weight and slant of the words around its marker.
                    runs.extend(
                        dataclasses.replace(
                            r, bold=r.bold or run.bold, italic=r.italic or run.italic
                        )
                        if r.footnote is None
                        else r
                        for r in inline
                    )
                else:
                    unknown.append(name)
                pos = m.end()
            if pos < len(run.text):
                runs.append(dataclasses.replace(run, text=run.text[pos:]))
        out.append(Para(tuple(r for r in runs if r.text or r.footnote is not None), para_.style))
    unplaced = [name for name in pieces if name not in placed and pieces[name]]
    first = [p for name in unplaced for p in pieces[name]]
    return FilledText(first + out, unplaced, unknown)


def text_markers(text: str) -> set[str]:
    """The names the office's text places with ``{{name}}`` (see ``text_filled``)."""
    found = (m.strip() for m in _MARKER.findall(text or ""))
    return {name for name in found if _NAME.fullmatch(name)}
