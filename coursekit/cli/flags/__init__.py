"""The docker CLI's grammar: its flags as cobra/pflag read them, and its help texts."""
