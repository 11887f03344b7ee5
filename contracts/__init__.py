"""The thin command-line front end: each command is one call into a package function."""
