import sys

if sys.argv[1:2] == ["--analysis-worker"]:  # the frozen app, started as its own analysis worker
    from reader.worker.serve import run

    run()

from reader.cli import main

sys.exit(main())
