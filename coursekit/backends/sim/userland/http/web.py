"""What the simulated web servers answer: nginx, Apache httpd, Tomcat, busybox httpd.

The server is chosen from the container's image and command (the simulator knows
which TCP ports a container listens on, not what it serves):

- an ``nginx`` image: nginx's welcome page at ``/`` and ``/index.html`` (615 bytes,
  as nginx 1.2x ships it), nginx's 404 page elsewhere;
- an ``httpd`` image (Apache): ``<html><body><h1>It works!</h1></body></html>``;
- a ``tomcat`` image (the tutorial's ``billygoo/tomcat8-jdk8`` serves Tomcat's ROOT
  app): an abbreviated Tomcat welcome page at ``/``, Tomcat's 404 elsewhere; Tomcat
  sends no reason phrase (``HTTP/1.1 200 ``);
- anything else (``busybox httpd -f -p 80`` with no files, the course's usual
  server): busybox httpd's ``404 Not Found`` page, as observed.

The web servers of the simulated internet (:data:`coursekit.backends.sim.host.OUTSIDE`:
``example.com``, ``example.org``) answer :data:`EXAMPLE_PAGE` at ``/`` and a 404
elsewhere (:func:`respond_public`).
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.models import Container

NGINX_VERSION = "1.27.5"
NGINX_WELCOME = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
NGINX_404 = ("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
             "<center><h1>404 Not Found</h1></center>\r\n"
             f"<hr><center>nginx/{NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n")
APACHE_IT_WORKS = "<html><body><h1>It works!</h1></body></html>\n"
TOMCAT_VERSION = "8.5.41"
TOMCAT_WELCOME = f"""<!DOCTYPE html>
<html lang="en">
    <head>
        <meta charset="UTF-8" />
        <title>Apache Tomcat/{TOMCAT_VERSION}</title>
    </head>
    <body>
        <div id="header">
            <h1>Apache Tomcat/{TOMCAT_VERSION}</h1>
        </div>
        <h2>If you're seeing this, you've successfully installed Tomcat. Congratulations!</h2>
        <p><a href="/docs/">Documentation</a> | <a href="/manager/html">Manager App</a></p>
        <p>Copyright &copy;1999-2019 Apache Software Foundation. All Rights Reserved</p>
    </body>
</html>
"""
TOMCAT_404 = ("<!doctype html><html lang=\"en\"><head><title>HTTP Status 404 – Not Found"
              "</title></head><body><h1>HTTP Status 404 – Not Found</h1><hr class=\"line\" />"
              "<p><b>Type</b> Status Report</p><p><b>Description</b> The origin server did not "
              "find a current representation for the target resource or is not willing to "
              "disclose that one exists.</p><hr class=\"line\" />"
              f"<h3>Apache Tomcat/{TOMCAT_VERSION}</h3></body></html>")
BUSYBOX_404 = ("<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n"
               "<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n")


EXAMPLE_PAGE = """<!doctype html>
<html>
<head><title>Example Domain</title></head>
<body>
<h1>Example Domain</h1>
<p>This domain is for use in documentation examples. You reached it through the
simulated internet of the lab: the host masqueraded your container's address.</p>
</body>
</html>
"""
PUBLIC_404 = "<html><body><h1>404 Not Found</h1></body></html>\n"


@dataclass(frozen=True)
class Response:
    """An HTTP response: status code, reason phrase (may be empty), body, server name."""

    status: int
    reason: str
    body: str
    server: str = ""

    @property
    def status_line(self) -> str:
        """``HTTP/1.1 404 Not Found`` (``HTTP/1.1 200 `` for Tomcat)."""
        return f"HTTP/1.1 {self.status} {self.reason}"

    @property
    def size(self) -> int:
        return len(self.body.encode())

    @property
    def ok(self) -> bool:
        return self.status < 400


def server_kind(container: Container) -> str:
    """``nginx``, ``apache``, ``tomcat`` or ``busybox`` (see module docstring)."""
    image = container.image.lower()
    base = image.rsplit("/", 1)[-1].split(":", 1)[0]
    if "nginx" in image:
        return "nginx"
    if "tomcat" in image:
        return "tomcat"
    if base == "httpd":
        return "apache"
    return "busybox"


def respond(container: Container, path: str) -> Response:
    """What ``GET /path`` returns from the server in ``container``."""
    kind = server_kind(container)
    root = path.split("?", 1)[0].split("#", 1)[0].lstrip("/") in ("", "index.html")
    if kind == "nginx":
        if root:
            return Response(200, "OK", NGINX_WELCOME, f"nginx/{NGINX_VERSION}")
        return Response(404, "Not Found", NGINX_404, f"nginx/{NGINX_VERSION}")
    if kind == "tomcat":
        return Response(200, "", TOMCAT_WELCOME) if root else Response(404, "", TOMCAT_404)
    if kind == "apache":
        if root:
            return Response(200, "OK", APACHE_IT_WORKS, "Apache/2.4.62 (Unix)")
        return Response(404, "Not Found", "<html><body><h1>Not Found</h1></body></html>\n",
                        "Apache/2.4.62 (Unix)")
    return Response(404, "Not Found", BUSYBOX_404)


def headers(resp: Response) -> str:
    """The response head as ``curl -i`` shows it (CRLF line ends, no Date)."""
    lines = [resp.status_line]
    if resp.server:
        lines.append(f"Server: {resp.server}")
    lines += ["Content-Type: text/html", f"Content-Length: {resp.size}", "Connection: close"]
    return "".join(line + "\r\n" for line in lines) + "\r\n"


def respond_public(path: str) -> Response:
    """What a web server of the simulated internet returns for ``GET /path``."""
    if path.split("?", 1)[0].split("#", 1)[0].lstrip("/") in ("", "index.html"):
        return Response(200, "OK", EXAMPLE_PAGE)
    return Response(404, "Not Found", PUBLIC_404)
