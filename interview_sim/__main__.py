import multiprocessing
import sys

if __name__ == "__main__":
    # First thing: in a frozen app the text-to-speech process is this same executable started
    # again by multiprocessing ("spawn"), and it must run the child's code, not the app.
    multiprocessing.freeze_support()
    from interview_sim.cli import main

    sys.exit(main())
