"""The board's status reports, per program and for the portfolio, frozen once issued."""
