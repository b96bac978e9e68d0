"""Rules as data: loading and validating rule files, the cache of the shipped set, selecting rules, running their examples, generating docs/rules.md."""
