"""Stock keeping: items, their movements, and the rules for receiving and shipping them.

The public API is what this file imports; everything else is an implementation detail.
"""
# TODO: import the public names from the package's modules, and list them in __all__.
