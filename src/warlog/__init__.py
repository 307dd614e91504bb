"""warlog: reports about armed conflict in, a structured, geolocated, source-attributed event database out."""

__version__ = "0.1.0"
