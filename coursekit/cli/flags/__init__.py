"""The docker CLI's grammar: its flags as cobra/pflag read them, and its help texts.

:mod:`.grammar` is pflag's parser, :mod:`.usage` the flag tables and usage lines read
from the help texts that :mod:`.texts` keeps verbatim.
"""
