"""The shell's part of a command line: words as bash splits them, and the text filters
after a pipe (``head``, ``tail``, ``grep``, ``wc``, ``cat``)."""
