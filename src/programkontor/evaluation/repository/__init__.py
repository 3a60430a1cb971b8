"""Repository evidence checks: read a product's Git repository (never run it) and propose lights.

:mod:`.sources` reads files and history from a local directory, a local Git repository or a
clone URL (cloned without file contents, ``--filter=blob:none``, into a temporary directory, with
a timeout); :mod:`.checks` turns what it reads into findings for the requirements a machine can
check. Nothing in the repository is executed: Git is only asked for trees, blobs, commits and refs,
with hooks, file-system monitors, credential helpers, external diff drivers and all transports but
HTTP(S) switched off.
"""
