"""The Engine API front end: ``coursekit serve`` (the simulator behind a docker socket).

The third front end beside the command line (:mod:`coursekit.cli`) and the widgets: the
real docker CLI, Docker Compose and the docker SDK send it HTTP requests and it answers
them from the lab's backend, as the Docker Engine the lab plays would. Modules:

- :mod:`.server`: the socket (private; loopback TCP only on request), the thread or the
  foreground process, SIGTERM;
- :mod:`.http`: HTTP/1.1 with h11, replies whole, streamed, or hijacked (``101``);
- :mod:`.routes`: the route table, API versions, the daemon's error answers;
- :mod:`.handlers`: the routes' handlers, each one or two Backend calls written out by
  :mod:`coursekit.wire`;
- :mod:`.requests`: create requests read as the specs the CLI front end builds;
- :mod:`.sessions`, :mod:`.streams`, :mod:`.terminal`, :mod:`.script`: a process's streams
  (multiplexed frames, a TTY, an interactive busybox shell, a script on stdin);
- :mod:`.context`: what the handlers share (backend, lock, exec records, waiting);
- :mod:`.journal`: the daemon's event log, written by comparing successive states of the
  lab (whoever changed it: a client of the server, or the notebook's ``lab.sh()``).
"""

from coursekit.api.server import Running, ServeError, Server, default_socket

__all__ = ["Running", "ServeError", "Server", "default_socket"]
