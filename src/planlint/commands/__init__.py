"""One module per subcommand (see planlint.cli.COMMANDS)."""
