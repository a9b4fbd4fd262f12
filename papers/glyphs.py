"""Glyph codes without a Unicode mapping ("(cid:N)" from pdfminer), mapped by the font's known encoding.

TeX's math fonts (Computer Modern symbol, math italic and extension fonts, also in their AMS/Latin Modern
clones) are embedded without a ToUnicode table often; their encodings are fixed, so a code names one symbol.
A code in any other font, or outside the table, is dropped rather than left as "(cid:N)".
"""

from __future__ import annotations

import re

CID = re.compile(r"^\(cid:(\d+)\)$")

_SYMBOLS = (  # CMSY: the TeX math symbol encoding (OMS), slots 0-127 ("" where nothing fits)
    "\u2212\u00b7\u00d7\u2217\u00f7\u22c4\u00b1\u2213\u2295\u2296\u2297\u2298\u2299\u25ef\u2218\u2022"
    "\u224d\u2261\u2286\u2287\u2264\u2265\u2aaf\u2ab0\u223c\u2248\u2282\u2283\u226a\u226b\u227a\u227b"
    "\u2190\u2192\u2191\u2193\u2194\u2197\u2198\u2243\u21d0\u21d2\u21d1\u21d3\u21d4\u2196\u2199\u221d"
    "\u2032\u221e\u2208\u220b\u25b3\u25bd/\u0000\u2200\u2203\u00ac\u2205\u211c\u2111\u22a4\u22a5"
    "\u2135ABCDEFGHIJKLMNOPQRSTUVWXYZ\u222a\u2229\u228e\u2227\u2228"
    "\u22a2\u22a3\u230a\u230b\u2308\u2309{}\u27e8\u27e9|\u2016\u2195\u21d5\\\u2240"
    "\u221a\u2a3f\u2207\u222b\u2294\u2293\u2291\u2292\u00a7\u2020\u2021\u00b6\u2663\u2666\u2665\u2660"
)
_ITALIC = (  # CMMI: TeX math italic, slots 0-127
    "\u0393\u0394\u0398\u039b\u039e\u03a0\u03a3\u03a5\u03a6\u03a8\u03a9\u03b1\u03b2\u03b3\u03b4\u03f5"
    "\u03b6\u03b7\u03b8\u03b9\u03ba\u03bb\u03bc\u03bd\u03be\u03c0\u03c1\u03c3\u03c4\u03c5\u03d5\u03c7"
    "\u03c8\u03c9\u03b5\u03d1\u03d6\u03f1\u03c2\u03c6\u21bc\u21bd\u21c0\u21c1\u0000\u0000\u25b7\u25c1"
    "0123456789.,</>\u22c6\u2202ABCDEFGHIJKLMNOPQRSTUVWXYZ\u266d\u266e\u266f\u2323\u2322"
    "\u2113abcdefghijklmnopqrstuvwxyz\u0131\u0237\u2118\u0000\u0000"
)
_EXTENSION = {  # CMEX: the big operators (delimiter pieces are left out: they are drawn, not read)
    72: "\u222e", 73: "\u222e", 74: "\u2299", 75: "\u2299", 76: "\u2295", 77: "\u2295", 78: "\u2297", 79: "\u2297",
    80: "\u2211", 81: "\u220f", 82: "\u222b", 83: "\u222a", 84: "\u2229", 85: "\u228e", 86: "\u2227", 87: "\u2228",
    88: "\u2211", 89: "\u220f", 90: "\u222b", 91: "\u222a", 92: "\u2229", 93: "\u228e", 94: "\u2227", 95: "\u2228",
    96: "\u2210", 97: "\u2210", 112: "\u221a", 113: "\u221a", 114: "\u221a", 115: "\u221a", 116: "\u221a",
}



def table_for(fontname: str) -> str | dict | None:
    """The code table of a font, by the family in its (subset-prefixed) name; None when unknown."""
    name = fontname.split("+")[-1].upper()
    if name.startswith(("CMSY", "CMBSY", "LMMATHSYMBOLS")):
        return _SYMBOLS
    if name.startswith(("CMMI", "LMMATHITALIC")):
        return _ITALIC
    if name.startswith(("CMEX", "LMMATHEXTENSION")):
        return _EXTENSION
    return None


def glyph_text(text: str, fontname: str) -> str:
    """`text` unchanged, or for a "(cid:N)" code the symbol it stands for in the font, or "" when unknown."""
    match = CID.match(text)
    if match is None:
        return text
    code, table = int(match.group(1)), table_for(fontname)
    if isinstance(table, str):
        symbol = table[code] if code < len(table) else ""
    elif isinstance(table, dict):
        symbol = table.get(code, "")
    else:
        symbol = ""
    return "" if symbol == "\u0000" else symbol
