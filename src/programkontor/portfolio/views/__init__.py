"""Web views of the portfolio, one module per kind of object."""
