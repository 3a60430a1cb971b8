"""Planning's web views, one module per part of the issue."""
