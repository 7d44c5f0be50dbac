"""Go's text/template, as the docker CLI runs ``--format`` templates.

A self-contained engine (it imports nothing else from coursekit): :mod:`.lex` and
:mod:`.parse` read a template into :mod:`.nodes`, :mod:`.template` executes it over
:mod:`.values` (Go values in Python) with the functions of :mod:`.funcs`.
"""
