"""detente: international-relations news in, dated and sourced PLOVER events out."""

__version__ = "0.1.0"
