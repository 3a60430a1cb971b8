"""Dialogue log with members, board and suppliers; comments and @mentions."""
