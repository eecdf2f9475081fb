"""ITA Portal project package: settings and the shared app (organisations, units, users, Thai helpers)."""

import os
from pathlib import Path

# pythainlp reads these at import time: never download, never write to $HOME (it may be read-only on a server).
_DATA = Path(__file__).resolve().parent.parent / "var" / "pythainlp-data"
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
if "PYTHAINLP_DATA" not in os.environ:
    _DATA.mkdir(parents=True, exist_ok=True)
    os.environ["PYTHAINLP_DATA"] = str(_DATA)
