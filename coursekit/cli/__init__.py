"""The docker command line, answered by a backend: parse -> one backend call -> render."""
