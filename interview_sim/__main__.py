import sys

from interview_sim.cli import main

if __name__ == "__main__":
    sys.exit(main())
