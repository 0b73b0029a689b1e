import argparse
import json


def at_least_one(text):
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def build_parser():
    """The ArgumentParser of the `backup` tool (see the instructions)."""
    parser = argparse.ArgumentParser(prog="backup", description="Back up a folder and keep the last few copies.")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more (-vv: even more)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    create = commands.add_parser("create", help="make a backup of SOURCE")
    create.add_argument("source", help="the folder to back up")
    create.add_argument("--dest", default="backups", help="where backups go (default: %(default)s)")
    create.add_argument("--keep", type=at_least_one, default=7, help="how many to keep (default: %(default)s)")
    create.add_argument("--dry-run", action="store_true", help="say what would happen, do nothing")

    listing = commands.add_parser("list", help="list the backups")
    listing.add_argument("--format", choices=["text", "json"], default="text")
    return parser


def main(argv=None):
    """Parse argv, do the command, return the exit status (0 on success)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # bad usage (2) or --help (0): argparse has printed the message
        return stop.code
    if args.command == "create":
        verb = "would back up" if args.dry_run else "backing up"
        print(f"{verb} {args.source} to {args.dest}, keeping {args.keep}")
        if args.verbose:
            print(f"verbosity {args.verbose}")
    elif args.format == "json":
        print(json.dumps({"backups": []}))
    else:
        print("no backups yet")
    return 0
