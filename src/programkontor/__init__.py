"""Programkontor: OS2's program office."""

__version__ = "0.1.0"
