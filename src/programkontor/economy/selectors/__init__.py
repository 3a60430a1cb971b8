"""Reads shared by the economy's pages, API, command line and exports (a fixed number of queries each)."""
