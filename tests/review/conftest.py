"""Make the hand-made shop importable by the review tests."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
