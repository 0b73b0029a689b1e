import argparse
import json


def build_parser():
    """The ArgumentParser of the `backup` tool (see the instructions)."""
    raise NotImplementedError


def main(argv=None):
    """Parse argv, do the command, return the exit status (0 on success)."""
    raise NotImplementedError
