"""The command line: argument parsing (``commands``) and its French plumbing (``french``)."""
