"""Pages of the evaluation app (thin: the work is in services, selectors and the formats)."""
