"""Unit tests of the Python harness (run: python3 -I -m unittest discover -s harness/tests -t harness).

Importing this package puts the harness's ``pytest`` shim on ``sys.path``, as the
judge does for exercise tests; no real pytest is needed or used.
"""

import os
import sys

SHIM_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pydojo_harness", "shim")
if SHIM_DIR not in sys.path:
    sys.path.insert(0, SHIM_DIR)
