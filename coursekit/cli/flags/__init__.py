"""The docker CLI's grammar: its flags as cobra/pflag read them, and its help texts.

:mod:`.grammar` is pflag's parser, :mod:`.usage` the flag tables and usage lines read
from the help texts kept verbatim per CLI: :mod:`.texts` (CLI 28.2.2 against API 1.41,
before Engine 20.10) and :mod:`.texts_28_5` (CLI 28.5.2, API 1.51: where it differs).
"""
