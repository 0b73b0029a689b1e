import pytest

from backup_cli import build_parser, main


def parse(*argv):
    return build_parser().parse_args(list(argv))


def exits(argv, capsys):
    """Run main(argv); return (status, everything it printed).

    argparse writes usage errors to stderr; the grader sees stdout and stderr together.
    """
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out + err


def test_create_defaults():
    args = parse("create", "photos")
    assert (args.command, args.source, args.dest, args.keep, args.dry_run, args.verbose) == (
        "create", "photos", "backups", 7, False, 0
    ), "defaults: --dest backups, --keep 7 (an int), no --dry-run, verbosity 0"


def test_create_with_every_option():
    args = parse("-vv", "create", "/srv/data", "--dest", "/mnt/b", "--keep", "3", "--dry-run")
    assert (args.source, args.dest, args.keep, args.dry_run) == ("/srv/data", "/mnt/b", 3, True)
    assert args.verbose == 2, "-vv counts: -v is 1, -vv is 2 (action='count')"


def test_list_format():
    assert parse("list").format == "text"
    assert parse("list", "--format", "json").format == "json"


def test_main_create(capsys):
    assert main(["create", "photos", "--keep", "2"]) == 0, "main returns the exit status: 0 on success"
    assert capsys.readouterr().out == "backing up photos to backups, keeping 2\n"


def test_main_dry_run(capsys):
    assert main(["create", "photos", "--dry-run"]) == 0
    assert capsys.readouterr().out == "would back up photos to backups, keeping 7\n"


def test_main_list(capsys):
    assert main(["list"]) == 0
    assert main(["list", "--format", "json"]) == 0
    assert capsys.readouterr().out == 'no backups yet\n{"backups": []}\n'


@pytest.mark.parametrize("keep", ["0", "-3"])
def test_keep_must_be_at_least_one(capsys, keep):
    status, printed = exits(["create", "photos", "--keep", keep], capsys)
    assert (status, f"argument --keep: must be at least 1, got {int(keep)}" in printed) == (2, True), (
        "--keep 0 would delete every backup: reject it while parsing, with a type function that"
        " raises argparse.ArgumentTypeError('must be at least 1, got 0')"
    )


def test_keep_must_be_a_number(capsys):
    status, printed = exits(["create", "photos", "--keep", "many"], capsys)
    assert status == 2
    assert "argument --keep: must be a whole number, got 'many'" in printed


def test_a_command_is_required(capsys):
    status, printed = exits([], capsys)
    assert status == 2, "backup with no command should print usage and exit with status 2, not do nothing"
    assert printed.startswith("usage: backup"), "argparse prints the usage line, which names the program 'backup'"


@pytest.mark.parametrize("argv", [["create"], ["list", "--format", "xml"], ["restore", "x"]])
def test_bad_usage_exits_with_2(capsys, argv):
    status, printed = exits(argv, capsys)
    assert (status, "usage: backup" in printed, "error:" in printed) == (2, True, True), (
        "bad usage: argparse prints the usage and the error, and main returns 2"
    )


def test_help(capsys):
    assert main(["create", "--help"]) == 0, "--help prints the help and the status is 0"
    out = capsys.readouterr().out
    assert "--dry-run" in out and "--keep" in out
