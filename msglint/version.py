"""msglint's version, in a module of its own: the reports print it, and they sit below
the package's front door (``msglint/__init__.py`` re-exports the API).
"""

__version__ = "0.1.0"
