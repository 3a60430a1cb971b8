"""Governance repositories: OS2's decision records and minutes as Markdown in Git, read and written.

``records`` (plain data), ``mapping`` (free text → values), ``parse`` and ``render`` (Markdown ↔
records) and ``scan`` (a folder's files) are pure; ``sync`` applies a scan to the database and builds
the export. A Git URL is cloned by ``programkontor.core.git`` (``working_tree``).
"""
