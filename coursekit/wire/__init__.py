"""Models to the Engine API's JSON documents and back.

``encode_container`` and ``encode_network`` write the object the daemon answers to
``GET /containers/{id}/json`` and ``GET /networks/{id}`` (what ``docker inspect`` and
``docker network inspect`` print, indented); ``decode_container`` and ``decode_network``
read such a document (from a real engine through the docker SDK, or a recording) back
into the frozen values of :mod:`coursekit.models`. Every function takes a :class:`Shape`
naming the engine whose documents it writes or reads: :data:`ENGINE_28_5` or
:data:`ENGINE_20_10` (the default); an engine profile (:mod:`coursekit.profiles`) names
its shape. The decoders read either engine's documents.

Round trip: ``decode_container(encode_container(c), c.interfaces)`` gives back ``c``
but for what the API does not carry: ``listening`` (the ports the main process serves)
and, for a stopped container, its endpoints' attachment order (the JSON sorts them by
name: they come back with the network of its NetworkMode first; a running container's
come back in order from the interfaces that carry their addresses).
``decode_network(encode_network(n))`` gives back ``n`` but for the members' order (the
JSON sorts them by container id) and, on a network without a subnet (host, none),
``ipam_gateway_shown`` (no IPAM Config to show a gateway in; it reads back False).

``encode_summary`` writes one container of the container list (``GET /containers/json``,
what ``docker ps`` shows), with the daemon's ``Status`` words (``state_string``,
``human_duration``); ``decode_container_list`` reads that list into Containers carrying
what it carries.

Modules: :mod:`.containers` (the container document) and :mod:`.network_settings` (its
``NetworkSettings``), :mod:`.listing` (the container list) and :mod:`.status` (its
``Status`` words read back into times), :mod:`.networks`, :mod:`.ports` (the three port
tables and when they show), :mod:`.shape` (the engine shape, the lifecycle facts both
documents read).
It imports nothing but :mod:`coursekit.models`: the CLI's renderer, the engine backend
and (next) the API front end all read and write documents through it.
"""

from coursekit.wire.containers import (
    decode_container,
    decode_links,
    encode_container,
    encode_links,
)
from coursekit.wire.listing import decode_container_list
from coursekit.wire.networks import decode_network, default_gateway, encode_network, ipv4_enabled
from coursekit.wire.ports import (
    Bindings,
    decode_bindings,
    encode_bindings,
    exposed_ports,
    live_ports,
    parse_port,
    port_key,
    publishes,
)
from coursekit.wire.shape import (
    ENGINE_20_10,
    ENGINE_28_5,
    ZERO_TIME,
    Document,
    Shape,
    start_failed,
    started,
)
from coursekit.wire.summary import encode_summary, human_duration, parse_time, state_string

__all__ = [
    "ENGINE_20_10",
    "ENGINE_28_5",
    "ZERO_TIME",
    "Bindings",
    "Document",
    "Shape",
    "decode_bindings",
    "decode_container",
    "decode_container_list",
    "decode_links",
    "decode_network",
    "default_gateway",
    "encode_bindings",
    "encode_container",
    "encode_links",
    "encode_network",
    "encode_summary",
    "exposed_ports",
    "human_duration",
    "ipv4_enabled",
    "live_ports",
    "parse_port",
    "parse_time",
    "port_key",
    "publishes",
    "start_failed",
    "started",
    "state_string",
]
