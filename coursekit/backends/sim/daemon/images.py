"""The images the simulated engine holds locally, and what their filesystems contain.

Nothing is ever pulled: a reference the catalog does not know fails as a daemon with
an empty image store fails (``No such image: foo:latest``). For each image the
catalog records what ``docker image inspect`` would: the default command (``Cmd``),
the ``Entrypoint``, the ``ExposedPorts``, and which programs exist inside, so that
``docker run ubuntu ip addr`` fails the way it does on a real engine (ubuntu has no
``ip``) while ``docker run busybox ip addr`` works.

References are normalised as the daemon does: ``busybox`` means
``busybox:latest``, ``docker.io/library/busybox:latest`` is the same image, and an
unambiguous prefix of an image ID names it too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from coursekit.errors import NotFound

BUSYBOX_APPLETS = frozenset("""
[ [[ acpid adjtimex ar arch arp arping ascii ash awk base64 basename bc blkdiscard blockdev
brctl bunzip2 busybox bzcat bzip2 cal cat chgrp chmod chown chroot chvt clear cmp cp cpio
crc32 crond crontab cttyhack cut date dc dd deallocvt depmod devmem df diff dirname dmesg
dnsdomainname dos2unix du dumpkmap dumpleases echo ed egrep env expand expr factor
fallocate false fatattr fdisk fgrep find findfs fold free freeramdisk fsfreeze fstrim
ftpget ftpput getopt getty grep groups gunzip gzip halt head hexdump hostid hostname httpd
hwclock id ifconfig ifdown ifup init insmod ionice ip ipcalc ipneigh kill killall klogd
last less link linux32 linux64 linuxrc ln loadfont loadkmap logger login logname logread
losetup ls lsmod lsscsi lzcat lzma lzop md5sum mdev microcom mkdir mkdosfs mke2fs mkfifo
mknod mkpasswd mkswap mktemp modinfo modprobe more mount mt mv nameif nc netstat nl
nologin nproc nsenter nslookup od openvt partprobe passwd paste patch pidof ping ping6
pivot_root poweroff printf ps pwd rdate readlink realpath reboot renice reset resume rev
rm rmdir rmmod route run-parts sed seq setkeycodes setpriv setsid sh sha1sum sha256sum
sha3sum sha512sum shred shuf sleep sort ssl_client start-stop-daemon stat strings stty su
sulogin svc svok swapoff swapon switch_root sync sysctl syslogd tac tail tar taskset tc
tee telnet telnetd test tftp time timeout top touch tr traceroute traceroute6 true
truncate ts tty tunctl udhcpc udhcpd uevent umount uname uncompress unexpand uniq
unix2dos unlink unlzma unshare unxz unzip uptime usleep uudecode uuencode vconfig vi w
watch watchdog wc wget which who whoami xargs xxd xz xzcat yes zcat
""".split())

ALPINE_PROGRAMS = (BUSYBOX_APPLETS - {"httpd", "telnet", "telnetd", "ftpget", "ftpput",
                                       "tftp", "busybox"}) | {"apk", "busybox", "scanelf"}

DEBIAN_BASE = frozenset("""
bash sh dash cat ls echo sleep true false hostname env grep egrep fgrep sed awk mawk head
tail mkdir rmdir rm cp mv ln date id uname whoami touch chmod chown chgrp pwd test [ find
xargs tee wc sort uniq cut tr dirname basename readlink realpath expr seq yes timeout
kill nice nohup stat df du mount umount su login printf sync tac nproc mktemp od base64
md5sum sha256sum gzip gunzip zcat tar which more less getent
""".split())

NGINX_PROGRAMS = DEBIAN_BASE | {"nginx", "curl", "/docker-entrypoint.sh", "envsubst"}
HTTPD_PROGRAMS = DEBIAN_BASE | {"httpd", "httpd-foreground", "apachectl", "ab"}
TOMCAT_PROGRAMS = DEBIAN_BASE | {"java", "javac", "catalina.sh", "startup.sh",
                                 "shutdown.sh", "curl", "wget", "git", "ps"}


@dataclass(frozen=True)
class Image:
    """One local image: ``repo:tag``, its config, and the programs in its filesystem."""

    repo: str
    tag: str
    cmd: tuple[str, ...]
    entrypoint: tuple[str, ...] = ()
    exposed: tuple[str, ...] = ()
    programs: frozenset[str] = frozenset()
    size: int = 0
    """Bytes on disk, about what the official image of that name takes (``docker images``)."""

    @property
    def ref(self) -> str:
        return f"{self.repo}:{self.tag}"

    @property
    def id(self) -> str:
        """``sha256:`` + 64 hex, stable for a given reference."""
        return "sha256:" + hashlib.sha256(f"coursekit-image:{self.ref}".encode()).hexdigest()

    def has_program(self, name: str) -> bool:
        """Whether ``name`` (a bare name or a path) can be executed in this image."""
        if name in self.programs:
            return True
        return "/" in name and name.rsplit("/", 1)[1] in self.programs and \
            name.rsplit("/", 1)[0] in BIN_DIRS


BIN_DIRS = frozenset({"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin",
                      "/usr/local/sbin", "/usr/local/tomcat/bin", ""})

CATALOG: tuple[Image, ...] = (
    Image("busybox", "latest", ("sh",), programs=BUSYBOX_APPLETS, size=4_277_910),
    Image("alpine", "latest", ("/bin/sh",), programs=ALPINE_PROGRAMS, size=8_310_000),
    Image("ubuntu", "latest", ("/bin/bash",), programs=DEBIAN_BASE, size=78_100_000),
    Image("nginx", "latest", ("nginx", "-g", "daemon off;"), ("/docker-entrypoint.sh",),
          ("80/tcp",), NGINX_PROGRAMS, size=192_000_000),
    Image("httpd", "latest", ("httpd-foreground",), (), ("80/tcp",), HTTPD_PROGRAMS,
          size=148_000_000),
    Image("billygoo/tomcat8-jdk8", "latest", ("catalina.sh", "run"), (), ("8080/tcp",),
          TOMCAT_PROGRAMS, size=517_000_000),
)


def normalize_ref(ref: str) -> str:
    """``busybox`` -> ``busybox:latest``; ``docker.io/library/x`` -> ``x:latest``."""
    for prefix in ("docker.io/library/", "index.docker.io/library/", "docker.io/",
                   "library/"):
        if ref.startswith(prefix):
            ref = ref[len(prefix):]
            break
    last = ref.rsplit("/", 1)[-1]
    return ref if ":" in last or "@" in last else f"{ref}:latest"


class ImageStore:
    """The local images (``docker images``); by default the whole catalog."""

    def __init__(self, images: tuple[Image, ...] = CATALOG) -> None:
        self.images = {image.ref: image for image in images}

    def refs(self) -> tuple[str, ...]:
        """``repo:tag`` of every local image."""
        return tuple(self.images)

    def find(self, ref: str) -> Image:
        """The image ``ref`` names; NotFound with the daemon's ``No such image: ...``."""
        image = self.images.get(normalize_ref(ref))
        if image is not None:
            return image
        return self._by_id(ref)

    def _by_id(self, ref: str) -> Image:
        digits = ref.removeprefix("sha256:")
        if digits and all(ch in "0123456789abcdef" for ch in digits):
            hits = [i for i in self.images.values() if i.id[7:].startswith(digits)]
            if len(hits) == 1:
                return hits[0]
        raise NotFound(f"No such image: {normalize_ref(ref)}")
