"""The one charset decoder for pages, crawled or imported: the same bytes and headers always give
the same text, so one page never gets two bodies and two hashes.

Order: a byte-order mark; then UTF-8 (many pages declaring iso-8859-1 are UTF-8, and legacy text
almost never forms valid UTF-8), also when only a stray byte or two is invalid; then the charset
the HTTP header declares, then the one in a ``<meta>`` or XML declaration; then a detector;
then windows-1252. Labels mean what they mean to browsers (the WHATWG Encoding Standard):
``iso-8859-1``, ``latin1`` and ``ascii`` are windows-1252, so ``\\x93Quoted\\x94`` reads
“Quoted”, never as C1 control characters.

Light on purpose: the crawler imports it, and it must not load the HTML extractor.
"""

from __future__ import annotations

import codecs
import re

_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_XML_ENC_RE = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([-\w.:]+)""", re.I)
_HEADER_RE = re.compile(r"""charset\s*=\s*["']?([-\w.:]+)""", re.I)

# WHATWG labels whose decoder is not the Python codec of the same name (by Python's codec name)
_WHATWG_BY_CODEC = {
    "ascii": "cp1252", "iso8859-1": "cp1252", "latin-1": "cp1252",  # windows-1252
    "iso8859-9": "cp1254",  # windows-1254
    "iso8859-11": "cp874", "tis-620": "cp874",  # windows-874
    "gb2312": "gb18030", "gbk": "gb18030",
    "euc_kr": "cp949", "big5": "big5hkscs", "shift_jis": "cp932",
}
_SINGLE_BYTE_TOTAL = {"cp1252"}  # WHATWG maps its five unassigned bytes to U+0081 etc.: never fails


def _c1(exc: UnicodeError) -> tuple[str, int]:
    """An undefined windows-1252 byte reads as the C1 control of the same number (WHATWG)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return chr(exc.object[exc.start]), exc.start + 1


codecs.register_error("synd-whatwg-c1", _c1)


def codec_for(label: str | None) -> str | None:
    """The Python codec that decodes a charset label as browsers do, or None for an unknown label."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    return _WHATWG_BY_CODEC.get(name, name)


def header_charset(content_type: str | None) -> str | None:
    """The codec of an HTTP Content-Type's charset parameter."""
    m = _HEADER_RE.search(content_type or "")
    return codec_for(m.group(1)) if m else None


def _strict(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec, errors="synd-whatwg-c1" if codec in _SINGLE_BYTE_TOTAL else "strict")
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 but for a stray invalid byte or two: decoding all of it as cp1252 would turn every
    accent of the page into mojibake."""
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # invalid sequences, not real U+FFFD
    valid = len(lenient) - len(lenient.encode("ascii", "ignore")) - lenient.count("\ufffd")
    return bool(valid) and valid >= 2 * bad


def page_encoding(data: bytes, content_type: str | None = None) -> str:
    """The codec to read a page with (see the module docstring for the order)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return "utf-8"
    head = data[:4096]
    meta = _META_RE.search(head) or _XML_ENC_RE.search(head)
    for declared in (header_charset(content_type), codec_for(meta.group(1).decode("ascii", "ignore")) if meta else None):
        # a UTF-16/32 label without a byte-order mark cannot be true of bytes that spelt it in ASCII
        if declared and not declared.startswith("utf") and _strict(data, declared):
            return declared
    from charset_normalizer import from_bytes  # only for pages that neither UTF-8 nor their declaration read

    best = from_bytes(data[:200_000]).best()
    guess = codec_for(best.encoding) if best is not None else None
    if guess and guess not in ("utf-8", "ascii") and _strict(data, guess):
        return guess
    return "cp1252"


def decode_page(data: bytes, content_type: str | None = None, *, encoding: str | None = None) -> str:
    """Bytes → text. ``encoding`` is a choice made earlier by `page_encoding` (the crawler records
    it); a byte-order mark still wins, and its label is read as browsers read it."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    codec = codec_for(encoding) or page_encoding(data, content_type)
    return data.decode(codec, errors="synd-whatwg-c1" if codec in _SINGLE_BYTE_TOTAL else "replace")


# UTF-8 read as windows-1252 or latin-1, as some pages print it ("Watersâ€™", "Ã©tÃ©", "Â£5"):
# the page was mis-encoded at its source, so no decoder choice can undo it. Only these byte
# shapes trigger the repair; a page without them is never touched.
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|â€|Â[\u00a0-\u00bf]")


def has_mojibake(text: str) -> bool:
    """Whether ``text`` shows UTF-8 read as a single-byte charset. Every shape opens with "Ã", "â"
    or "Â": looking for those first is a fast scan, where the pattern tries every position."""
    if "\u00c3" not in text and "\u00e2" not in text and "\u00c2" not in text:
        return False
    return _MOJIBAKE.search(text) is not None


def undo_mojibake(text: str) -> str:
    """``text`` with UTF-8 read as windows-1252/latin-1 decoded again (ftfy's encoding fix only:
    quotes, widths and ligatures stay as the page wrote them); unchanged when it shows none, so
    two outlets carrying one story match whichever of them was mis-encoded."""
    if not has_mojibake(text):
        return text
    import ftfy  # loaded by the first page that needs it

    return ftfy.fix_encoding(text)
