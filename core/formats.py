"""Which files are reports: the suffixes core.report reads, and those it refuses with what to convert them to.
Apart from the reader, so that finding reports in a folder (a round, `aggregate` asking whether a path is one) loads
no reader."""
from __future__ import annotations

TEXT_SUFFIXES = {".txt", ".text"}
#: .shtml: a page the server put together (server-side includes), as many portals name their articles
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
DOCX_SUFFIXES = {".docx"}
PDF_SUFFIXES = {".pdf"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES
_SOFFICE = "convert it first, e.g. `soffice --headless --convert-to docx {name}` (LibreOffice), then open the .docx"
#: Report formats no well-kept Python library reads: what they are, and how the user gets one fazhi reads. The
#: binary office formats LibreOffice converts; OFD, the national fixed-layout format some portals publish in, an
#: OFD reader exports as PDF.
CONVERT_FIRST = {".doc": ("a Word 97-2003 file", _SOFFICE), ".dot": ("a Word 97-2003 file", _SOFFICE),
                 ".wps": ("a WPS file", _SOFFICE), ".wpt": ("a WPS file", _SOFFICE),
                 ".ofd": ("an OFD file", "export it as PDF first (an OFD reader's 'export'/'print to PDF'), then open "
                                         "the .pdf")}
#: What to do with a web archive (MHT) named as one of those: its parts are encoded.
WEB_ARCHIVE = ("open it in a browser or in Word and save it as a web page (.html) or a .docx, then open that")
#: Of those, the suffixes a portal also gives files of another format (a "Word 版" download that is a .docx or a web
#: page): core.report reads such a file as what its first bytes say it is.
SNIFFED = {".doc", ".dot", ".wps", ".wpt"}
#: How an OLE compound document begins: Word 97–2003's and WPS's files, and a password-protected .docx.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
#: Every report file a round finds: those in CONVERT_FIRST it lists as unreadable, with what to do, instead of
#: passing over them.
REPORT_SUFFIXES = SUFFIXES | CONVERT_FIRST.keys()
