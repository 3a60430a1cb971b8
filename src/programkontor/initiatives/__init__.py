"""Business cases and requirement specifications for new initiatives."""
