"""`python -m scp_report`: the same command line as `scp`."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="python -m scp_report")
