"""Go's text/template, as the docker CLI runs ``--format`` templates.

A self-contained engine (it imports nothing else from coursekit): :mod:`.lex` and
:mod:`.parse` read a template into :mod:`.nodes`; :mod:`.exec` runs it (statements and
pipelines; names, fields and calls in :mod:`.evaluate`) over :mod:`.values` (Go values
in Python) with the functions of :mod:`.funcs` and Go's printing of :mod:`.fmt`. The
entry points are :func:`.template.parse` and :func:`.template.execute`.

Its errors (:mod:`.errors`); only TemplateError leaves the engine, carrying Go's text::

    TemplateError (ValueError)   what a command reports: message, parse, exit_code, stdout
    ParseError (ValueError)      the lexer or parser refused: ``template: :1: function
                                 "foo" not defined`` (becomes TemplateError, parse=True)
    FuncError (ValueError)       a function failed: ``error calling index: ...``
    ArgTypeError (TypeError)     an argument of the wrong type: ``wrong type for value;
                                 expected string; got int``
    (exec's private _Break and _Continue unwind ``{{break}}``/``{{continue}}``)
"""
