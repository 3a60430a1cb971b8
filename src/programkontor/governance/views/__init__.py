"""Governance's web views, one module per part."""
