"""Personal data: lawful basis, export and erasure on request, processing activities."""
