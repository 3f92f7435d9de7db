"""Work plans and reports -> entities, relations and targets, each tied to its source span.

:func:`read_document` is what ``ttkg load`` and ``POST /admin/documents`` call,
:func:`extract_file` what ``ttkg extract`` calls, :func:`parse_document` the pure step (text
in, :class:`~loaders.documents.extraction.Extraction` out); see :mod:`~loaders.documents.reader`.
Underneath, in reading order: :mod:`~loaders.documents.text` (decoding and normalisation with
offsets back to the file), :mod:`~loaders.documents.mentions` and
:mod:`~loaders.documents.mention_layers` (who is named), :mod:`~loaders.documents.relations`
(who does what with whom), :mod:`~loaders.documents.targets` (numeric targets).
"""

from loaders.documents.extraction import Extraction
from loaders.documents.reader import extract_file, parse_document, read_document

__all__ = ["Extraction", "extract_file", "parse_document", "read_document"]
