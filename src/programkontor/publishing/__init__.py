"""Transparency site: publish everything public as a Jekyll or static HTML site."""
