#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegbegleitung.settings")
    from django.core.management import execute_from_command_line

    from wegbegleitung.env import load_settings

    load_settings()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
