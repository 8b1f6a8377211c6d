"""Entry point for the frozen (PyInstaller) app."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from reader.cli import main

    sys.exit(main())
