"""Docker's architecture, twice: as the tutorial draws it, and as a machine runs it today.

The tutorial's picture is Docker 1.x (until 2016): one ``docker -d`` daemon holding
a server, an engine that runs every request as a *Job*, a *graph* of images kept by
a *graph driver*, a *network driver* for docker0, an *exec driver*, and
*libcontainer* talking to the kernel. Since Docker 1.11 the work is split up:
the CLI speaks REST to ``dockerd`` over ``/var/run/docker.sock``; dockerd keeps
images (storage driver overlay2, or containerd's snapshotter) and networks
(libnetwork, the Container Network Model: sandbox, endpoint, network, with the
drivers bridge, host, null, overlay, macvlan, ipvlan); containers are run by
containerd, through one containerd-shim per container, by runc (libcontainer now
lives in runc).

The pictures and the paths are pure data (:data:`PICTURES` in
:mod:`~coursekit.viz.architecture.pictures`, :data:`ROUTES` in
:mod:`~coursekit.viz.architecture.routes`): boxes in inches (``y`` grows downwards)
and the path each course command takes, hop by hop.
:func:`describe_route` says a path in words; :func:`draw_architecture` paints a
picture with one command's path marked by colour, line width *and* hop numbers
(never colour alone); :func:`architecture_png` gives it as PNG bytes (both in
:mod:`~coursekit.viz.architecture.draw`).
"""

from coursekit.viz.architecture.draw import (
    FRAME_FILL,
    PATH_INK,
    PLAIN_INK,
    architecture_png,
    draw_architecture,
)
from coursekit.viz.architecture.pictures import (
    NEW,
    NEW_PICTURE,
    OLD,
    OLD_PICTURE,
    PICTURES,
    Component,
    Edge,
    Picture,
    Point,
    describe_picture,
)
from coursekit.viz.architecture.routes import (
    COMMANDS,
    NO_NETWORK_COMMAND,
    ROUTES,
    RUN,
    Hop,
    Route,
    describe_route,
    route,
)

__all__ = [
    "COMMANDS",
    "Component",
    "Edge",
    "FRAME_FILL",
    "Hop",
    "NEW",
    "NEW_PICTURE",
    "NO_NETWORK_COMMAND",
    "OLD",
    "OLD_PICTURE",
    "PATH_INK",
    "PICTURES",
    "PLAIN_INK",
    "Picture",
    "Point",
    "ROUTES",
    "RUN",
    "Route",
    "architecture_png",
    "describe_picture",
    "describe_route",
    "draw_architecture",
    "route",
]
