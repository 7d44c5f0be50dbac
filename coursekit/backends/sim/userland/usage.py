"""busybox's own words: usage texts, the applet list, and the exec-failure messages.

Texts copied from the busybox 1.35 image used on the lab's engine (``busybox X --help``).
A command the image has but the simulator does not run answers with
:func:`not_simulated` rather than pretending; a command the image lacks answers as
``docker exec`` does (``OCI runtime exec failed ... executable file not found``, 126).
"""

from __future__ import annotations

from coursekit.result import CommandResult

BANNER = "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n"
APPLETS = frozenset((
    "[ [[ acpid adjtimex ar arch arp arping ascii ash awk base64 basename bc blkdiscard "
    "blockdev brctl bunzip2 busybox bzcat bzip2 cal cat chgrp chmod chown chroot chvt clear "
    "cmp cp cpio crc32 crond crontab cttyhack cut date dc dd deallocvt depmod devmem df diff "
    "dirname dmesg dnsdomainname dos2unix dpkg dpkg-deb du dumpkmap dumpleases echo ed egrep "
    "env expand expr factor fallocate false fatattr fdisk fgrep find findfs fold free "
    "freeramdisk fsfreeze fstrim ftpget ftpput getopt getty grep groups gunzip gzip halt head "
    "hexdump hostid hostname httpd hwclock i2cdetect i2cdump i2cget i2cset i2ctransfer id "
    "ifconfig ifdown ifup init insmod ionice ip ipcalc ipneigh kill killall klogd last less "
    "link linux32 linux64 linuxrc ln loadfont loadkmap logger login logname logread losetup "
    "ls lsmod lsscsi lzcat lzma lzop md5sum mdev microcom mim mkdir mkdosfs mke2fs mkfifo "
    "mknod mkpasswd mkswap mktemp modinfo modprobe more mount mt mv nameif nc netstat nl "
    "nologin nproc nsenter nslookup nuke od openvt partprobe passwd paste patch pidof ping "
    "ping6 pivot_root poweroff printf ps pwd rdate readlink realpath reboot renice reset "
    "resume rev rm rmdir rmmod route rpm rpm2cpio run-init run-parts sed seq setkeycodes "
    "setpriv setsid sh sha1sum sha256sum sha3sum sha512sum shred shuf sleep sort ssl_client "
    "start-stop-daemon stat strings stty su sulogin svc svok swapoff swapon switch_root sync "
    "sysctl syslogd tac tail tar taskset tc tee telnet telnetd test tftp time timeout top "
    "touch tr traceroute traceroute6 true truncate ts tty tunctl ubirename udhcpc udhcpd "
    "uevent umount uname uncompress unexpand uniq unix2dos unlink unlzma unshare unxz unzip "
    "uptime usleep uudecode uuencode vconfig vi w watch watchdog wc wget which who whoami "
    "xargs xxd xz xzcat yes zcat "
).split())
USAGE = {
    "ping": ("Usage: ping [OPTIONS] HOST\n\nSend ICMP ECHO_REQUESTs to HOST\n\n"
             "\t-4,-6\t\tForce IP or IPv6 name resolution\n\t-c CNT\t\tSend only CNT pings\n"
             "\t-s SIZE\t\tSend SIZE data bytes in packets (default 56)\n\t-i SECS\t\tInterval\n"
             "\t-A\t\tPing as soon as reply is received\n\t-t TTL\t\tSet TTL\n"
             "\t-I IFACE/IP\tSource interface or IP address\n"
             "\t-W SEC\t\tSeconds to wait for the first response (default 10)\n"
             "\t\t\t(after all -c CNT packets are sent)\n"
             "\t-w SEC\t\tSeconds until ping exits (default:infinite)\n"
             "\t\t\t(can exit earlier with -c CNT)\n"
             "\t-q\t\tQuiet, only display output at start/finish\n\t-p HEXBYTE\tPayload pattern\n"),
    "nslookup": ("Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\n"
                 "Query DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n"),
    "wget": ("Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n"
             "\t[--post-data STR | --post-file FILE] [-Y on/off]\n"
             "\t[--no-check-certificate] [-P DIR] [-U AGENT] URL...\n\n"
             "Retrieve files via HTTP or FTP\n\n"
             "\t--spider\tOnly check URL existence: $? is 0 if exists\n"
             "\t--header STR\tAdd STR (of form 'header: value') to headers\n"
             "\t--post-data STR\tSend STR using POST method\n"
             "\t--post-file FILE\tSend FILE using POST method\n"
             "\t--no-check-certificate\tDon't validate the server's certificate\n"
             "\t-c\t\tContinue retrieval of aborted transfer\n\t-q\t\tQuiet\n"
             "\t-P DIR\t\tSave to DIR (default .)\n\t-S    \t\tShow server response\n"
             "\t-O FILE\t\tSave to FILE ('-' for stdout)\n\t-o LOGFILE\tLog messages to FILE\n"
             "\t-U STR\t\tUse STR for User-Agent header\n\t-Y on/off\tUse proxy\n"),
    "ip": ("Usage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n\n"
           "OPTIONS := -f[amily] inet|inet6|link | -o[neline]\n\n"
           "ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]\n"
           "ip route list|flush|add|del|change|append|replace|test ROUTE\n"
           "ip link set IFACE [up|down] [arp on|off] [multicast on|off]\n"
           "\t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]\n"
           "\t[master IFACE | nomaster] [netns PID]\n"
           "ip tunnel add|change|del|show [NAME]\n"
           "\t[mode ipip|gre|sit] [remote ADDR] [local ADDR] [ttl TTL]\n"
           "ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]\n"
           "ip rule [list] | add|del SELECTOR ACTION\n"),
    "hostname": ("Usage: hostname [-sidf] [HOSTNAME | -F FILE]\n\n"
                 "Show or set hostname or DNS domain name\n\n\t-s\tShort\n"
                 "\t-i\tAddresses for the hostname\n\t-d\tDNS domain name\n"
                 "\t-f\tFully qualified domain name\n\t-F FILE\tUse FILE's content as hostname\n"),
}


def usage(applet: str, complaint: str = "") -> CommandResult:
    """busybox's usage screen on stderr, exit 1 (after ``complaint`` when given)."""
    first = f"{applet}: {complaint}\n" if complaint else ""
    return CommandResult(stderr=first + BANNER + USAGE.get(applet, f"Usage: {applet}\n"),
                      exit_code=1)


def die(applet: str, message: str, code: int = 1) -> CommandResult:
    """``applet: message`` on stderr (busybox's bb_error_msg_and_die)."""
    return CommandResult(stderr=f"{applet}: {message}\n", exit_code=code)


def exec_not_found(name: str, suffix: str = ": unknown", code: int = 126) -> CommandResult:
    """What ``docker exec C NAME`` prints when the image has no such program: the runtime's
    words (20.10 ends them with ``: unknown`` and exits 126; 28.5 with nothing, exit 127)."""
    if "/" in name:
        why = f"stat {name}: no such file or directory"
    else:
        why = "executable file not found in $PATH"
    return CommandResult(stdout="OCI runtime exec failed: exec failed: unable to start container "
                             f"process: exec: \"{name}\": {why}{suffix}\r\n", exit_code=code)


def not_simulated(name: str, supported: list[str]) -> CommandResult:
    """An applet the image has but the simulator does not run: say so plainly (exit 127)."""
    return CommandResult(stderr=f"sh: {name}: not available in the coursekit simulator\n"
                             f"(simulated commands: {', '.join(sorted(supported))})\n",
                      exit_code=127)
