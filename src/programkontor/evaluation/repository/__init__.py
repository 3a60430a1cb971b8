"""Repository evidence checks: read a product's Git repository (never run it) and propose lights.

:mod:`.sources` reads files and history from a local directory, a local Git repository or a
clone URL (both cloned by :mod:`programkontor.core.git` into a temporary directory, a URL without
file contents, ``--filter=blob:none``); :mod:`.checks` turns what it reads into findings for the
requirements a machine can check. Nothing in the repository is executed: Git is only asked for
trees, blobs, commits and refs, with the hardening of :mod:`programkontor.core.git`.
"""
