"""``python -m msglint`` and the ``msglint`` command."""


def main() -> None:
    from . import gcstate

    gcstate.pause()  # start-up makes long-lived objects only (see msglint.gcstate)
    from .cli import main as cli

    cli()


if __name__ == "__main__":
    main()
