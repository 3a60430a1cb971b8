"""OS2's file formats for catalogues, self-evaluations and evaluation reports: parsers and writers.

Pure Python, no Django: the parsers take the text of a file and a catalogue (plain data, see
:mod:`.catalogue`) and return plain data or raise :class:`~.common.FormatError` listing every
problem with its line. They are strict about structure (required columns, requirement ids that
exist once, levels and themes that agree with the catalogue, one light per requirement) and
forgiving about whitespace, emoji variants, letter case and the order of columns.
"""
