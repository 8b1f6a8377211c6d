"""Entry point for the frozen (PyInstaller) app."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    if sys.argv[1:2] == ["--analysis-worker"]:  # the app started as its own analysis worker
        from reader.worker.serve import run

        run()
    from reader.cli import main

    sys.exit(main())
