# shellcheck shell=bash
# .ci/engines.sh: provision and run one real Docker Engine at a time, cleanly (CI and
# the golden recordings).  Source it; it defines functions only and does nothing else.
#
#   source .ci/engines.sh
#   engines_fetch_28 /var/tmp/coursekit-engines   # once: unstable's 28.5 packages, unpacked
#   engines_start 20.10                           # or 28.5; exports ENGINES_CLI
#   "$ENGINES_CLI" run --rm busybox true
#   engines_stop                                  # containers, processes, mounts, data
#                                                 # roots, iptables rules, bridges: all gone
#   engines_record 28.5 tests/golden/28.5         # one fresh daemon per scenario
#   engines_fetch_api_docs                        # DIR/api/{20.10,28.5}/swagger.yaml (Docker's own)
#   engines_compose_config                        # DIR/docker-config: the Compose v2 plugin, any CLI
#
# The engines:
#   20.10  Debian 12's docker.io (/usr/sbin/dockerd, which runs its own containerd 1.6);
#          ENGINES_CLI is /usr/local/bin/docker (CLI 28.2.2) if present, else Debian's.
#   28.5   Debian unstable's docker.io, docker-cli, containerd (and docker-compose),
#          unpacked with `dpkg -x` into DIR/root, never installed; containerd runs with
#          its own config/socket/root/state; runc is Debian 12's (`runc` on PATH), never
#          unstable's (it needs glibc 2.38).  ENGINES_CLI is DIR/root/usr/bin/docker.
# Both use the default socket /var/run/docker.sock and the default data and exec roots
# (/var/lib/docker, /var/run/docker), so inspect shows the paths a learner sees.  They
# cannot run at once (one docker0, one set of iptables chains): engines_start stops the
# engine a previous engines_start left running, and a lock file keeps two scripts from
# driving engines at the same time.
#
# Needs root (iptables, mounts, sysctl), bash 4.4+, curl, flock, iproute2, iptables,
# dpkg, apt-get; the system packages docker.io runc busybox-static tini (engines_require
# installs what is missing from the system's own apt).
#
# Settings (environment, all optional):
#   ENGINES_DIR        packages and unpacked 28.5 tree   (/var/tmp/coursekit-engines)
#   ENGINES_RUN        state file, containerd 28.5 socket/state/config (/run/coursekit-engines)
#   ENGINES_LOCK_FILE  the lock every script takes       (/run/lock/coursekit-engines.lock)
#   ENGINES_LOG_DIR    daemon logs                       (/tmp/coursekit-engines-logs)
#   ENGINES_WAIT       seconds to wait for an engine     (60)
#   ENGINES_LOCK_WAIT  seconds to wait for the lock      (900)
#   ENGINES_MIRROR     the Debian mirror URI (default: read from this machine's apt sources)
#   ENGINES_SOCKET_GROUP  group allowed on the socket (dockerd --group), e.g. for non-root tests
#   ENGINES_PIN_DOCKER (28.5.2) ENGINES_PIN_CONTAINERD (2.1.9) ENGINES_PIN_COMPOSE (2.40)
#
# Exported by engines_start: ENGINES_ENGINE (20.10|28.5), ENGINES_CLI (the docker CLI that
# goes with it), ENGINES_CLI_PATH (PATH with that CLI's folder first).

# ---------------------------------------------------------------------------------------
# settings and small helpers

_engines_init() {
    ENGINES_DIR="${ENGINES_DIR:-/var/tmp/coursekit-engines}"
    ENGINES_RUN="${ENGINES_RUN:-/run/coursekit-engines}"
    ENGINES_LOCK_FILE="${ENGINES_LOCK_FILE:-/run/lock/coursekit-engines.lock}"
    ENGINES_LOG_DIR="${ENGINES_LOG_DIR:-/tmp/coursekit-engines-logs}"
    ENGINES_WAIT="${ENGINES_WAIT:-60}"
    ENGINES_LOCK_WAIT="${ENGINES_LOCK_WAIT:-900}"
    ENGINES_PIN_DOCKER="${ENGINES_PIN_DOCKER:-28.5.2}"
    ENGINES_PIN_CONTAINERD="${ENGINES_PIN_CONTAINERD:-2.1.9}"
    ENGINES_PIN_COMPOSE="${ENGINES_PIN_COMPOSE:-2.40}"
    ENGINES_SOCK=/var/run/docker.sock
    ENGINES_STATE="$ENGINES_RUN/state"
    # 28.5's containerd: its own everything
    ENGINES_CTD_DIR="$ENGINES_RUN/containerd"
    ENGINES_CTD_SOCK="$ENGINES_CTD_DIR/containerd.sock"
    ENGINES_CTD_STATE="$ENGINES_CTD_DIR/state"
    ENGINES_CTD_ROOT=/var/lib/coursekit-engines/containerd
    # what the engines write and engines_stop wipes (after unmounting everything below)
    ENGINES_DATA_ROOTS=(/var/lib/docker /var/run/docker "$ENGINES_CTD_ROOT" "$ENGINES_CTD_DIR")
    ENGINES_LOCK_HELD="${ENGINES_LOCK_HELD:-}"
    ENGINES_LOCK_EXPLICIT="${ENGINES_LOCK_EXPLICIT:-}"
}

_engines_log() { printf '[ci] %s\n' "$*" >&2; }
_engines_warn() { printf '[ci] WARNING: %s\n' "$*" >&2; }
_engines_err() { printf '[ci] ERROR: %s\n' "$*" >&2; }

_engines_need_root() {
    [ "$(id -u)" -eq 0 ] && return 0
    _engines_err "engines.sh must run as root (iptables, mounts, sysctl): sudo -E bash -c 'source .ci/engines.sh; ...'"
    return 1
}

# A PATH without the 28.5 tree in it (the system's own tools; Debian 12's runc)
_engines_system_path() {
    local out="" entry
    local IFS=:
    for entry in ${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}; do
        case "$entry" in "$ENGINES_DIR"/*|"") continue ;; esac
        out="${out:+$out:}$entry"
    done
    case ":$out:" in *:/usr/sbin:*) ;; *) out="$out:/usr/sbin:/sbin" ;; esac
    printf '%s\n' "$out"
}

# The docker CLI, talking to the default socket whatever the caller's environment says
_engines_docker() {
    local cli="$1"; shift
    env -u DOCKER_HOST -u DOCKER_CONTEXT "$cli" -H "unix://$ENGINES_SOCK" "$@"
}

_engines_ping() {
    [ -S "$ENGINES_SOCK" ] || return 1
    [ "$(curl -fsS --max-time 2 --unix-socket "$ENGINES_SOCK" http://localhost/_ping 2>/dev/null)" = OK ]
}

# /proc/PID/stat: the start time (field 22) identifies a process beyond its PID
_engines_starttime() {
    local line rest
    read -r line 2>/dev/null <"/proc/$1/stat" || return 1
    rest="${line##*) }"
    # fields from 3 on; 22 is the 20th of them (numbers and a state letter: no globs)
    # shellcheck disable=SC2086
    set -- $rest
    printf '%s\n' "${20}"
}

# alive and not a zombie, and (if given) still the process with that start time
_engines_alive() {
    local pid="$1" start="${2:-}" line rest
    read -r line 2>/dev/null <"/proc/$pid/stat" || return 1
    rest="${line##*) }"
    case "$rest" in Z*|X*) return 1 ;; esac
    [ -z "$start" ] && return 0
    [ "$(_engines_starttime "$pid" 2>/dev/null)" = "$start" ]
}

# PIDs of all descendants of the given PIDs (from /proc/*/stat, parent links)
_engines_descendants() {
    local queue=("$@") out=() p c
    local -A children=()
    local stat line rest pid ppid
    for stat in /proc/[0-9]*/stat; do
        read -r line 2>/dev/null <"$stat" || continue
        pid="${line%% *}"
        rest="${line##*) }"
        # shellcheck disable=SC2086
        set -- $rest
        ppid="$2"
        children[$ppid]+=" $pid"
    done
    while [ "${#queue[@]}" -gt 0 ]; do
        p="${queue[0]}"; queue=("${queue[@]:1}")
        for c in ${children[$p]:-}; do
            out+=("$c"); queue+=("$c")
        done
    done
    [ "${#out[@]}" -eq 0 ] || printf '%s\n' "${out[@]}"
}

_engines_record_pid() {  # ROLE PID: append to the state file (with its start time)
    local start
    start="$(_engines_starttime "$2")" || return 0
    grep -q "^pid [^ ]* $2 $start\$" "$ENGINES_STATE" 2>/dev/null && return 0
    printf 'pid %s %s %s\n' "$1" "$2" "$start" >>"$ENGINES_STATE"
}

_engines_state_get() {  # KEY: the value of "KEY value" in the state file
    [ -f "$ENGINES_STATE" ] || return 1
    awk -v k="$1" '$1 == k { sub("^[^ ]* ", ""); print; found = 1; exit } END { exit !found }' \
        "$ENGINES_STATE"
}

# ---------------------------------------------------------------------------------------
# the lock: taken by engines_start/engines_stop (or explicitly with engines_lock), held by
# this shell on a file descriptor the daemons do not inherit

engines_lock() {
    _engines_init
    _engines_lock_take && ENGINES_LOCK_EXPLICIT=1
}

engines_unlock() {
    _engines_init
    ENGINES_LOCK_EXPLICIT=""
    _engines_lock_release
}

_engines_lock_take() {
    # this (sub)shell's own pid: $$ names the outermost shell, which may not hold the fd
    if [ -n "$ENGINES_LOCK_HELD" ] && [ -e "/proc/$BASHPID/fd/$ENGINES_LOCK_HELD" ]; then
        return 0
    fi
    mkdir -p "$(dirname "$ENGINES_LOCK_FILE")"
    local fd
    exec {fd}>>"$ENGINES_LOCK_FILE"
    if ! flock -n "$fd"; then
        _engines_log "waiting for the engines lock $ENGINES_LOCK_FILE (held by: $(cat "$ENGINES_LOCK_FILE.owner" 2>/dev/null || echo '?'))"
        if ! flock -w "$ENGINES_LOCK_WAIT" "$fd"; then
            exec {fd}>&-
            _engines_err "could not take $ENGINES_LOCK_FILE within ${ENGINES_LOCK_WAIT}s"
            return 1
        fi
    fi
    ENGINES_LOCK_HELD="$fd"
    printf 'pid %s (%s)\n' "$BASHPID" "${0##*/}" >"$ENGINES_LOCK_FILE.owner"
}

_engines_lock_release() {
    [ -n "$ENGINES_LOCK_HELD" ] || return 0
    [ -z "$ENGINES_LOCK_EXPLICIT" ] || return 0
    rm -f "$ENGINES_LOCK_FILE.owner"
    flock -u "$ENGINES_LOCK_HELD" 2>/dev/null || true
    exec {ENGINES_LOCK_HELD}>&-
    ENGINES_LOCK_HELD=""
}

# ---------------------------------------------------------------------------------------
# system packages (from the system's normal apt: Debian 12)

engines_require() {
    _engines_init
    _engines_need_root || return 1
    local missing=() pkg
    for pkg in docker.io runc busybox-static tini iptables curl; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    _engines_log "apt-get install -y ${missing[*]} (Debian 12's own packages)"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

# ---------------------------------------------------------------------------------------
# fetching 28.5 from Debian unstable with a private apt configuration

# The mirror this machine's apt already uses for its own release: deb822 URIs: lines of
# /etc/apt/sources.list.d/*.sources (the stanza carrying the release's codename), else
# one-line entries of /etc/apt/sources.list(.d/*.list).
_engines_mirror() {
    if [ -n "${ENGINES_MIRROR:-}" ]; then printf '%s\n' "$ENGINES_MIRROR"; return 0; fi
    local codename uri="" f
    codename="$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")"
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        uri="$(awk -v want="$codename" '
            function flush() {
                if (uris != "" && types ~ /(^| )deb( |$)/ && enabled != "no" &&
                    (want == "" || (" " suites " ") ~ (" " want " ")) && first == "")
                    first = uris
                uris = ""; types = ""; suites = ""; enabled = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            tolower($1) == "uris:"    { uris = $2 }
            tolower($1) == "types:"   { $1 = ""; types = $0 " " }
            tolower($1) == "suites:"  { $1 = ""; suites = $0 }
            tolower($1) == "enabled:" { enabled = tolower($2) }
            END { flush(); if (first != "") print first }' "$f")"
        [ -n "$uri" ] && break
    done
    if [ -z "$uri" ]; then
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
            [ -f "$f" ] || continue
            uri="$(awk -v want="$codename" '
                $1 != "deb" { next }
                { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } }
                want == "" || $(i + 1) == want { print $i; exit }' "$f")"
            [ -n "$uri" ] && break
        done
    fi
    [ -n "$uri" ] || { _engines_err "no Debian mirror found in /etc/apt (set ENGINES_MIRROR)"; return 1; }
    printf '%s\n' "${uri%/}"
}

_engines_apt_opts() {  # APTDIR: the options that keep apt away from the system's state
    local a="$1"
    printf '%s\n' \
        "-oDir::Etc::SourceList=$a/sources.list" \
        "-oDir::Etc::SourceParts=/dev/null" \
        "-oDir::Etc::Preferences=/dev/null" \
        "-oDir::Etc::PreferencesParts=/dev/null" \
        "-oDir::State::Lists=$a/lists" \
        "-oDir::State::status=/dev/null" \
        "-oDir::State::extended_states=$a/extended_states" \
        "-oDir::Cache=$a/cache" \
        "-oAPT::Sandbox::User=root" \
        "-oAcquire::Languages=none" \
        "-oAPT::Get::List-Cleanup=false"
}

# PKG PIN OPTS...: the newest version in the private lists whose upstream part is PIN
# (28.5.2 matches 28.5.2+dfsg4-5, not 28.5.20); empty if none
_engines_pinned_version() {
    local pkg="$1" pin="$2"; shift 2
    apt-cache "$@" policy "$pkg" 2>/dev/null | awk -v pin="$pin" '
        /Version table:/ { t = 1; next }
        t && /^ (\*\*\*|   ) [^ ]/ {
            v = ($1 == "***") ? $2 : $1
            u = v; sub(/^[0-9]+:/, "", u)
            if (u == pin || index(u, pin ".") == 1 || index(u, pin "+") == 1 ||
                index(u, pin "-") == 1 || index(u, pin "~") == 1) print v
        }' | sort -V | tail -n 1
}

_engines_matches_pin() {  # VERSION PIN: 28.5.2 matches 28.5.2+dfsg4-5, not 28.5.20
    local u="${1#*:}" pin="$2"
    case "$u" in "$pin"|"$pin".*|"$pin"+*|"$pin"-*|"$pin"~*) return 0 ;; esac
    return 1
}

_engines_cached_pinned() {  # DEBS PKG PIN: a .deb of PKG already fetched that matches PIN
    local f
    for f in "$1/$2_"*.deb; do
        [ -e "$f" ] || continue
        if _engines_matches_pin "$(dpkg-deb -f "$f" Version)" "$3"; then
            printf '%s\n' "$f"; return 0
        fi
    done
    return 1
}

_engines_first() {  # the first of the paths a glob gave that exists
    local f
    for f in "$@"; do
        if [ -e "$f" ]; then printf '%s\n' "$f"; return 0; fi
    done
}

_engines_candidate() {  # PKG OPTS...
    local pkg="$1"; shift
    apt-cache "$@" policy "$pkg" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2; exit }'
}

engines_fetch_28() {
    _engines_init
    _engines_need_root || return 1
    local dir="${1:-$ENGINES_DIR}"
    _engines_lock_take || return 1
    if [ "$(_engines_state_get engine 2>/dev/null || true)" = 28.5 ]; then
        _engines_err "engine 28.5 is running: engines_stop before engines_fetch_28"
        _engines_lock_release; return 1
    fi
    local rc=0
    _engines_fetch_28_locked "$dir" || rc=1
    _engines_lock_release
    return "$rc"
}

_engines_fetch_28_locked() {
    local dir="$1"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    ENGINES_DIR="$dir"; export ENGINES_DIR
    local t0=$SECONDS apt="$dir/apt" debs="$dir/debs" mirror arch
    mirror="$(_engines_mirror)" || return 1
    arch="$(dpkg --print-architecture)"
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$debs"
    printf 'deb %s sid main\n' "$mirror" >"$apt/sources.list"
    local opts
    mapfile -t opts < <(_engines_apt_opts "$apt")
    _engines_log "apt-get update (private: deb $mirror sid main, in $apt)"
    local updated=1
    if ! apt-get -q --error-on=any "${opts[@]}" update >"$apt/update.log" 2>&1; then
        updated=0
        _engines_warn "apt-get update of $mirror sid failed (see $apt/update.log); using the packages already in $debs"
    fi

    # Debian 12's runc, never unstable's (needs glibc 2.38): from the system's own apt
    if ! PATH="$(_engines_system_path)" command -v runc >/dev/null; then
        _engines_log "runc missing: apt-get install -y runc (Debian 12's)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q runc
    fi

    local spec pkg pin version file picked=()
    for spec in "docker.io=$ENGINES_PIN_DOCKER" "docker-cli=$ENGINES_PIN_DOCKER" \
                "containerd=$ENGINES_PIN_CONTAINERD" "docker-compose=$ENGINES_PIN_COMPOSE"; do
        pkg="${spec%%=*}" pin="${spec#*=}" version=""
        if [ "$updated" = 1 ]; then
            version="$(_engines_pinned_version "$pkg" "$pin" "${opts[@]}")"
            if [ -z "$version" ] && file="$(_engines_cached_pinned "$debs" "$pkg" "$pin")"; then
                version="$(dpkg-deb -f "$file" Version)"
                _engines_warn "$pkg $pin* is no longer downloadable from $mirror sid; keeping $pkg $version from $file"
            elif [ -z "$version" ]; then
                version="$(_engines_candidate "$pkg" "${opts[@]}")"
                [ -n "$version" ] || { _engines_err "$pkg: not in $mirror sid"; return 1; }
                _engines_warn "$pkg $pin* is no longer downloadable from $mirror sid; taking $pkg $version instead"
            fi
            file="$(_engines_first "$debs/${pkg}_${version#*:}_"*.deb)"
            if [ -z "$file" ]; then
                _engines_log "apt-get download $pkg=$version"
                if ! (cd "$debs" && apt-get -q "${opts[@]}" download "$pkg=$version") >>"$apt/download.log" 2>&1; then
                    local current
                    current="$(_engines_candidate "$pkg" "${opts[@]}")"
                    if [ -z "$current" ] || [ "$current" = "$version" ] ||
                       ! (cd "$debs" && apt-get -q "${opts[@]}" download "$pkg=$current") >>"$apt/download.log" 2>&1; then
                        _engines_err "apt-get download $pkg failed (see $apt/download.log)"
                        return 1
                    fi
                    _engines_warn "$pkg $version could not be downloaded; taking $pkg $current instead"
                    version="$current"
                fi
                file="$(_engines_first "$debs/${pkg}_${version#*:}_"*.deb)"
                [ -n "$file" ] || { _engines_err "apt-get download $pkg=$version left no .deb in $debs"; return 1; }
            else
                _engines_log "$pkg $version: reusing $file"
            fi
        else
            file="$(_engines_cached_pinned "$debs" "$pkg" "$pin" || _engines_first "$debs/${pkg}_"*.deb)"
            [ -n "$file" ] || { _engines_err "$pkg: no package in $debs and no mirror"; return 1; }
            version="$(dpkg-deb -f "$file" Version)"
            _engines_matches_pin "$version" "$pin" ||
                _engines_warn "$pkg $pin* not available; taking $pkg $version (from $file)"
        fi
        # one package file per name: drop the other versions
        local other
        for other in "$debs/${pkg}_"*.deb; do
            [ "$other" = "$file" ] || rm -f "$other"
        done
        picked+=("$pkg=$version=$file")
    done

    local entry wanted=""
    for entry in "${picked[@]}"; do
        pkg="${entry%%=*}"; entry="${entry#*=}"; version="${entry%%=*}"
        wanted+="$pkg $version"$'\n'
    done
    if [ -x "$dir/root/usr/sbin/dockerd" ] && [ -f "$dir/versions" ] &&
       [ "$(cat "$dir/versions")"$'\n' = "$wanted" ]; then
        _engines_log "28.5 already unpacked in $dir/root ($((SECONDS - t0))s):"
        sed 's/^/[ci]   /' "$dir/versions" >&2
        return 0
    fi
    _engines_log "unpacking into $dir/root (dpkg -x)"
    rm -rf "$dir/root.new"
    mkdir -p "$dir/root.new"
    for entry in "${picked[@]}"; do
        file="${entry#*=}"; file="${file#*=}"
        dpkg -x "$file" "$dir/root.new"
    done
    printf '%s' "$wanted" >"$dir/versions.new"
    # docker.io's docker-init is a relative link to tini-static, which tini-static (not
    # fetched) would provide: point it at Debian 12's /usr/bin/tini-static (same 0.19.0)
    if [ -L "$dir/root.new/usr/bin/docker-init" ] && [ ! -e "$dir/root.new/usr/bin/docker-init" ] &&
       [ -x /usr/bin/tini-static ]; then
        ln -s /usr/bin/tini-static "$dir/root.new/usr/bin/tini-static"
    fi
    local bad
    for bad in usr/sbin/runc usr/bin/runc; do
        if [ -e "$dir/root.new/$bad" ]; then rm -f "$dir/root.new/$bad"; fi
    done
    "$dir/root.new/usr/sbin/dockerd" --version >/dev/null ||
        { _engines_err "the unpacked dockerd does not run"; return 1; }
    rm -rf "$dir/root"
    mv "$dir/root.new" "$dir/root"
    mv "$dir/versions.new" "$dir/versions"
    printf '%s\n' "$arch" >"$dir/arch"
    _engines_log "28.5 ready in $dir/root ($((SECONDS - t0))s):"
    sed 's/^/[ci]   /' "$dir/versions" >&2
}

# ---------------------------------------------------------------------------------------
# Docker's own API documents (api/swagger.yaml, a Swagger 2.0 document) of both engines,
# from Debian's golang-github-docker-docker-dev (docker.io's Go source, Architecture: all):
# Debian 12's through the system's apt, unstable's through the private configuration
# above. The .debs are downloaded (never installed) and only swagger.yaml is unpacked.
#
#   engines_fetch_api_docs [DIR]   ->  DIR/api/20.10/swagger.yaml   (info.version 1.41)
#                                      DIR/api/28.5/swagger.yaml    (info.version 1.51)
#                                      DIR/api/versions: "ENGINE PACKAGE-VERSION API"
#
# The .debs stay in DIR/debs/api-ENGINE/ and are reused. Unstable's is the docker.io
# version in DIR/versions (engines_fetch_28), else ENGINES_PIN_DOCKER. It does not take the
# engines lock: it touches neither the engines nor DIR/root (apt locks its own lists).

_ENGINES_API_PKG=golang-github-docker-docker-dev
_ENGINES_API_MEMBER=./usr/share/gocode/src/github.com/docker/docker/api/swagger.yaml

engines_fetch_api_docs() {
    _engines_init
    _engines_need_root || return 1
    local dir="${1:-$ENGINES_DIR}" t0=$SECONDS rc=0 pin28
    mkdir -p "$dir" && dir="$(cd "$dir" && pwd)" || return 1
    pin28="$(awk '$1 == "docker.io" { print $2; exit }' "$dir/versions" 2>/dev/null || true)"
    _engines_api_doc 20.10 1.41 20.10 "$dir" || rc=1
    _engines_api_doc 28.5 1.51 "${pin28:-$ENGINES_PIN_DOCKER}" "$dir" || rc=1
    if [ "$rc" = 0 ]; then
        _engines_log "API documents ready in $dir/api ($((SECONDS - t0))s):"
        sed 's/^/[ci]   /' "$dir/api/versions" >&2
    fi
    return "$rc"
}

# ENGINE WANT-API PIN DIR: DIR/api/ENGINE/swagger.yaml from the package matching PIN
_engines_api_doc() {
    local engine="$1" want="$2" pin="$3" dir="$4"
    local pkg="$_ENGINES_API_PKG" debs="$dir/debs/api-$engine" out="$dir/api/$engine"
    local file version api recorded other
    mkdir -p "$debs"
    if file="$(_engines_cached_pinned "$debs" "$pkg" "$pin")"; then
        _engines_log "$pkg for $engine: reusing $file"
    elif [ "$engine" = 20.10 ] && file="$(_engines_api_deb_system "$pkg" "$pin" "$debs")"; then
        :
    elif [ "$engine" = 28.5 ] && file="$(_engines_api_deb_sid "$pkg" "$pin" "$debs" "$dir")"; then
        :
    else
        file="$(_engines_first "$debs/${pkg}_"*.deb)"
        [ -n "$file" ] || { _engines_err "$pkg for $engine: nothing downloaded and no .deb in $debs"; return 1; }
        _engines_warn "$pkg $pin* not available for $engine; taking $(dpkg-deb -f "$file" Version) (from $file)"
    fi
    version="$(dpkg-deb -f "$file" Version)" || return 1
    for other in "$debs/${pkg}_"*.deb; do
        [ "$other" = "$file" ] || rm -f "$other"
    done
    # already unpacked from this very package?
    recorded="$(awk -v e="$engine" '$1 == e { print $2, $3; exit }' "$dir/api/versions" 2>/dev/null || true)"
    if [ -f "$out/swagger.yaml" ] &&
       [ "$recorded" = "$version $(_engines_swagger_version "$out/swagger.yaml")" ]; then
        _engines_log "$engine: $out/swagger.yaml already from $pkg $version (API ${recorded#* })"
        return 0
    fi
    local tmp
    tmp="$(mktemp -d)"
    dpkg-deb --fsys-tarfile "$file" | tar -x -C "$tmp" "$_ENGINES_API_MEMBER" 2>/dev/null || true
    if [ ! -f "$tmp/$_ENGINES_API_MEMBER" ]; then
        _engines_err "$file has no ${_ENGINES_API_MEMBER#./}"; rm -rf "$tmp"; return 1
    fi
    api="$(_engines_swagger_version "$tmp/$_ENGINES_API_MEMBER")"
    if [ "$api" != "$want" ]; then
        if [ "$engine" = 28.5 ] && [ -n "$api" ]; then
            _engines_warn "$pkg $version documents API $api, not $want: recorded as $api"
        else
            _engines_err "$pkg $version documents API '${api:-?}', not $want"; rm -rf "$tmp"; return 1
        fi
    fi
    mkdir -p "$out"
    mv -f "$tmp/$_ENGINES_API_MEMBER" "$out/swagger.yaml"
    rm -rf "$tmp"
    {
        awk -v e="$engine" '$1 != e' "$dir/api/versions" 2>/dev/null || true
        printf '%s %s %s\n' "$engine" "$version" "$api"
    } | sort >"$dir/api/versions.new"
    mv -f "$dir/api/versions.new" "$dir/api/versions"
    _engines_log "$engine: $out/swagger.yaml from $pkg $version (API $api)"
}

_engines_swagger_version() {  # FILE: the document's info.version, quotes removed
    awk '/^info:/ { inside = 1; next }
         inside && /^[^ #]/ { exit }
         inside && /^  version:/ { v = $2; gsub(/["\047]/, "", v); print v; exit }' "$1" 2>/dev/null
}

# PKG PIN DEBS: Debian 12's PKG from the system's apt (its candidate, which must match
# PIN), downloaded into a temporary folder, then moved into DEBS; prints its path
_engines_api_deb_system() {
    local pkg="$1" pin="$2" debs="$3" version tmp file
    version="$(_engines_candidate "$pkg")"
    if [ -z "$version" ]; then
        _engines_err "$pkg: no candidate in the system's apt (apt-get update first)"; return 1
    fi
    if ! _engines_matches_pin "$version" "$pin"; then
        _engines_err "$pkg: the system's apt offers $version, not $pin*"; return 1
    fi
    tmp="$(mktemp -d)"
    _engines_log "apt-get download $pkg=$version (the system's apt)"
    if ! (cd "$tmp" && apt-get -q -oAPT::Sandbox::User=root download "$pkg=$version") >"$debs/download.log" 2>&1; then
        _engines_err "apt-get download $pkg=$version failed (see $debs/download.log)"; rm -rf "$tmp"; return 1
    fi
    file="$(_engines_first "$tmp/${pkg}_"*.deb)"
    [ -n "$file" ] || { _engines_err "apt-get download $pkg=$version left no .deb"; rm -rf "$tmp"; return 1; }
    mv -f "$file" "$debs/" && rm -rf "$tmp"
    printf '%s\n' "$debs/${file##*/}"
}

# PKG PIN DEBS DIR: unstable's PKG through the private apt in DIR/apt (its lists updated
# only when missing or without a version matching PIN; else its candidate, with a
# warning), downloaded into a temporary folder, then moved into DEBS; prints its path
_engines_api_deb_sid() {
    local pkg="$1" pin="$2" debs="$3" apt="$4/apt" mirror version="" tmp file opts
    mirror="$(_engines_mirror)" || return 1
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
    printf 'deb %s sid main\n' "$mirror" >"$apt/sources.list"
    mapfile -t opts < <(_engines_apt_opts "$apt")
    if [ -n "$(_engines_first "$apt/lists/"*_sid_*Packages*)" ]; then
        version="$(_engines_pinned_version "$pkg" "$pin" "${opts[@]}")"
    fi
    if [ -z "$version" ]; then
        _engines_log "apt-get update (private: deb $mirror sid main, in $apt)"
        if apt-get -q --error-on=any "${opts[@]}" update >"$apt/update-api.log" 2>&1; then
            version="$(_engines_pinned_version "$pkg" "$pin" "${opts[@]}")"
        else
            _engines_warn "apt-get update of $mirror sid failed (see $apt/update-api.log)"
        fi
    fi
    if [ -z "$version" ]; then
        version="$(_engines_candidate "$pkg" "${opts[@]}")"
        [ -n "$version" ] || { _engines_err "$pkg: not in $mirror sid"; return 1; }
        _engines_warn "$pkg $pin* is not downloadable from $mirror sid; taking $pkg $version instead"
    fi
    tmp="$(mktemp -d)"
    _engines_log "apt-get download $pkg=$version (private: sid)"
    if ! (cd "$tmp" && apt-get -q "${opts[@]}" download "$pkg=$version") >"$debs/download.log" 2>&1; then
        _engines_err "apt-get download $pkg=$version failed (see $debs/download.log)"; rm -rf "$tmp"; return 1
    fi
    file="$(_engines_first "$tmp/${pkg}_"*.deb)"
    [ -n "$file" ] || { _engines_err "apt-get download $pkg=$version left no .deb"; rm -rf "$tmp"; return 1; }
    mv -f "$file" "$debs/" && rm -rf "$tmp"
    printf '%s\n' "$debs/${file##*/}"
}

# ---------------------------------------------------------------------------------------
# the Compose v2 plugin (unstable's docker-compose, unpacked by engines_fetch_28) for any
# docker CLI: a DOCKER_CONFIG folder whose cli-plugins/docker-compose links to it

# engines_compose_config [DIR]: make DIR/docker-config/cli-plugins/docker-compose a link to
# DIR/root/usr/libexec/docker/cli-plugins/docker-compose, check `docker compose version`
# with every docker CLI present (28.5's, /usr/local/bin/docker, /usr/bin/docker) and export
# ENGINES_DOCKER_CONFIG (the folder). Tests make their own folder (tests/support/tools.py).
engines_compose_config() {
    _engines_init
    local dir="${1:-$ENGINES_DIR}" cfg plugin cli out rc=0
    dir="$(cd "$dir" 2>/dev/null && pwd)" || { _engines_err "no folder ${1:-$ENGINES_DIR}"; return 1; }
    plugin="$dir/root/usr/libexec/docker/cli-plugins/docker-compose"
    cfg="$dir/docker-config"
    [ -x "$plugin" ] || { _engines_err "no Compose plugin at $plugin (engines_fetch_28 first)"; return 1; }
    mkdir -p "$cfg/cli-plugins"
    ln -sfn "$plugin" "$cfg/cli-plugins/docker-compose"
    for cli in "$dir/root/usr/bin/docker" /usr/local/bin/docker /usr/bin/docker; do
        [ -x "$cli" ] || continue
        if out="$(DOCKER_CONFIG="$cfg" timeout 20 "$cli" compose version 2>&1)"; then
            _engines_log "DOCKER_CONFIG=$cfg $cli compose version: $out"
        else
            _engines_err "DOCKER_CONFIG=$cfg $cli compose version failed: $out"; rc=1
        fi
    done
    ENGINES_DOCKER_CONFIG="$cfg"; export ENGINES_DOCKER_CONFIG
    return "$rc"
}

# ---------------------------------------------------------------------------------------
# the lab image, built offline (no registry): busybox-static and one symlink per applet

engines_build_busybox() {
    _engines_init
    local cli="${1:-${ENGINES_CLI:-}}" busybox="${ENGINES_BUSYBOX:-/bin/busybox}"
    [ -n "$cli" ] || { _engines_err "engines_build_busybox: no CLI (start an engine first)"; return 1; }
    if ldd "$busybox" 2>/dev/null | grep -q '=>'; then
        _engines_err "$busybox is dynamically linked (apt-get install -y busybox-static)"; return 1
    fi
    local rootfs="$ENGINES_DIR/busybox-rootfs"
    if [ ! -x "$rootfs/bin/busybox" ] || ! cmp -s "$busybox" "$rootfs/bin/busybox"; then
        rm -rf "$rootfs.new"
        mkdir -p "$rootfs.new/bin" "$rootfs.new/etc" "$rootfs.new/tmp" "$rootfs.new/proc" \
                 "$rootfs.new/sys" "$rootfs.new/dev"
        chmod 1777 "$rootfs.new/tmp"
        cp "$busybox" "$rootfs.new/bin/busybox"
        chmod 0755 "$rootfs.new/bin/busybox"
        local applet
        for applet in $("$busybox" --list); do
            case "$applet" in busybox|*/*) continue ;; esac
            ln -s busybox "$rootfs.new/bin/$applet"
        done
        touch -h -r "$busybox" "$rootfs.new"/bin/* "$rootfs.new"/{bin,etc,tmp,proc,sys,dev}
        rm -rf "$rootfs"
        mv "$rootfs.new" "$rootfs"
    fi
    tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -c . |
        _engines_docker "$cli" import -c 'CMD ["sh"]' - busybox:latest >/dev/null
}

# ---------------------------------------------------------------------------------------
# start

_engines_write_containerd_config() {
    mkdir -p "$ENGINES_CTD_DIR" "$ENGINES_CTD_STATE" "$ENGINES_CTD_ROOT"
    # CRI off: otherwise containerd 2.1 reads and migrates Debian 12's
    # /etc/containerd/config.toml and writes into /var/lib/containerd; NRI off: it would
    # open /var/run/nri/nri.sock; opt off: it would create /opt/containerd.
    cat >"$ENGINES_CTD_DIR/config.toml" <<EOF
version = 3
root = '$ENGINES_CTD_ROOT'
state = '$ENGINES_CTD_STATE'
disabled_plugins = [
  'io.containerd.grpc.v1.cri',
  'io.containerd.cri.v1.runtime',
  'io.containerd.cri.v1.images',
  'io.containerd.nri.v1.nri',
  'io.containerd.internal.v1.opt',
]

[grpc]
  address = '$ENGINES_CTD_SOCK'
EOF
}

_engines_forwarding_off() {
    # each dockerd, finding forwarding on, leaves the FORWARD policy alone: turn it off so
    # every start writes the same rules, as on a clean host
    sysctl -qw net.ipv4.ip_forward=0
    if [ -e /proc/sys/net/ipv6/conf/all/forwarding ]; then
        sysctl -qw net.ipv6.conf.all.forwarding=0
    fi
}

_engines_fail_start() {  # MESSAGE LOG...
    local msg="$1" log; shift
    _engines_log "$msg"
    for log in "$@"; do
        [ -f "$log" ] || continue
        _engines_log "tail of $log:"
        tail -n 30 "$log" | sed 's/^/[ci]   /' >&2
    done
    _engines_stop_locked || true
    _engines_lock_release
    return 1
}

engines_start() {
    _engines_init
    local engine="${1:-}"
    case "$engine" in
        20.10|28.5) ;;
        *) _engines_err "usage: engines_start 20.10|28.5"; return 1 ;;
    esac
    _engines_need_root || return 1
    _engines_lock_take || return 1
    local t0=$SECONDS
    if [ -f "$ENGINES_STATE" ]; then
        _engines_log "an engine started earlier ($(_engines_state_get engine || echo '?')) is recorded: stopping it first"
        _engines_stop_locked || { _engines_lock_release; return 1; }
    fi
    # never touch an engine someone else started
    local other
    if other="$(cat /var/run/docker.pid 2>/dev/null)" && [ -n "$other" ] && _engines_alive "$other"; then
        _engines_err "a Docker Engine not started by engines.sh runs (pid $other, /var/run/docker.pid): stop it first"
        _engines_lock_release; return 1
    fi
    if _engines_ping; then
        _engines_err "a Docker Engine not started by engines.sh answers on $ENGINES_SOCK: stop it first"
        _engines_lock_release; return 1
    fi
    _engines_clean_host
    _engines_forwarding_off

    local syspath cli dockerd path log ctdlog=""
    syspath="$(_engines_system_path)"
    mkdir -p "$ENGINES_RUN" "$ENGINES_LOG_DIR"
    if ! PATH="$syspath" command -v runc >/dev/null; then
        _engines_err "no runc on PATH (apt-get install -y runc: Debian 12's)"; _engines_lock_release; return 1
    fi
    if [ "$engine" = 20.10 ]; then
        dockerd=/usr/sbin/dockerd
        [ -x "$dockerd" ] || { _engines_err "no $dockerd (apt-get install -y docker.io)"; _engines_lock_release; return 1; }
        cli="${ENGINES_CLI_20:-}"
        if [ -z "$cli" ]; then
            if [ -x /usr/local/bin/docker ]; then cli=/usr/local/bin/docker; else cli=/usr/bin/docker; fi
        fi
        path="$syspath"
    else
        local root="$ENGINES_DIR/root"
        [ -x "$root/usr/sbin/dockerd" ] ||
            { _engines_err "no 28.5 in $root: run engines_fetch_28 first"; _engines_lock_release; return 1; }
        dockerd="$root/usr/sbin/dockerd"
        cli="$root/usr/bin/docker"
        path="$root/usr/sbin:$root/usr/bin:$syspath"
    fi
    printf 'engine %s\ndir %s\ncli %s\nstarted %s\n' "$engine" "$ENGINES_DIR" "$cli" "$(date -u +%FT%TZ)" >"$ENGINES_STATE"
    if [ ! -e /etc/docker ]; then echo 'etc-docker created' >>"$ENGINES_STATE"; fi

    local fd="${ENGINES_LOCK_HELD:-}"
    if [ "$engine" = 28.5 ]; then
        _engines_write_containerd_config
        ctdlog="$ENGINES_LOG_DIR/containerd-28.5.log"
        _engines_log "starting containerd $(awk '$1 == "containerd" { print $2 }' "$ENGINES_DIR/versions" 2>/dev/null) (log: $ctdlog)"
        if [ -n "$fd" ]; then
            PATH="$path" "$root/usr/bin/containerd" --config "$ENGINES_CTD_DIR/config.toml" \
                --address "$ENGINES_CTD_SOCK" --root "$ENGINES_CTD_ROOT" --state "$ENGINES_CTD_STATE" \
                </dev/null >"$ctdlog" 2>&1 {fd}>&- &
        else
            PATH="$path" "$root/usr/bin/containerd" --config "$ENGINES_CTD_DIR/config.toml" \
                --address "$ENGINES_CTD_SOCK" --root "$ENGINES_CTD_ROOT" --state "$ENGINES_CTD_STATE" \
                </dev/null >"$ctdlog" 2>&1 &
        fi
        local ctdpid=$!
        _engines_record_pid containerd "$ctdpid"
        local deadline=$((SECONDS + ENGINES_WAIT))
        until [ -S "$ENGINES_CTD_SOCK" ] &&
              "$root/usr/bin/ctr" --address "$ENGINES_CTD_SOCK" version >/dev/null 2>&1; do
            _engines_alive "$ctdpid" || { _engines_fail_start "containerd exited before answering" "$ctdlog"; return 1; }
            [ "$SECONDS" -lt "$deadline" ] || { _engines_fail_start "containerd did not answer within ${ENGINES_WAIT}s" "$ctdlog"; return 1; }
            sleep 0.1
        done
    fi

    local args=(--host "unix://$ENGINES_SOCK")
    if [ "$engine" = 28.5 ]; then
        args+=(--containerd "$ENGINES_CTD_SOCK" --userland-proxy-path "$root/usr/sbin/docker-proxy")
    fi
    if [ -n "${ENGINES_SOCKET_GROUP:-}" ]; then args+=(--group "$ENGINES_SOCKET_GROUP"); fi
    log="$ENGINES_LOG_DIR/dockerd-$engine.log"
    _engines_log "starting dockerd $engine ($dockerd; log: $log)"
    if [ -n "$fd" ]; then
        PATH="$path" "$dockerd" "${args[@]}" </dev/null >"$log" 2>&1 {fd}>&- &
    else
        PATH="$path" "$dockerd" "${args[@]}" </dev/null >"$log" 2>&1 &
    fi
    local dpid=$!
    _engines_record_pid dockerd "$dpid"

    local deadline=$((SECONDS + ENGINES_WAIT))
    until _engines_ping; do
        _engines_alive "$dpid" || { _engines_fail_start "dockerd $engine exited before answering" "$log" "$ctdlog"; return 1; }
        [ "$SECONDS" -lt "$deadline" ] || { _engines_fail_start "dockerd $engine did not answer /_ping within ${ENGINES_WAIT}s" "$log" "$ctdlog"; return 1; }
        sleep 0.1
    done
    if [ "$engine" = 20.10 ]; then
        # 20.10 runs its own containerd: record it too
        local mpid
        mpid="$(cat /var/run/docker/containerd/containerd.pid 2>/dev/null || true)"
        if [ -n "$mpid" ]; then _engines_record_pid containerd "$mpid"; fi
    fi

    ENGINES_ENGINE="$engine"
    ENGINES_CLI="$cli"
    ENGINES_CLI_PATH="$(dirname "$cli"):$PATH"
    export ENGINES_ENGINE ENGINES_CLI ENGINES_CLI_PATH

    if ! _engines_docker "$cli" image inspect busybox:latest >/dev/null 2>&1; then
        engines_build_busybox "$cli" ||
            { _engines_fail_start "could not import busybox:latest" "$log" "$ctdlog"; return 1; }
    fi
    until _engines_docker "$cli" run --rm busybox true >/dev/null 2>&1; do
        _engines_alive "$dpid" || { _engines_fail_start "dockerd $engine exited" "$log" "$ctdlog"; return 1; }
        [ "$SECONDS" -lt "$deadline" ] || { _engines_fail_start "docker run --rm busybox true did not succeed within ${ENGINES_WAIT}s" "$log" "$ctdlog"; return 1; }
        sleep 0.2
    done
    _engines_log "engine $(_engines_docker "$cli" version --format '{{.Server.Version}}') answers (CLI $cli, $((SECONDS - t0))s)"
}

# ---------------------------------------------------------------------------------------
# stop: containers, processes (by recorded PID), mounts, data roots, iptables, links

# PIDs that belong to the engine now: the recorded ones, their descendants, the shims
# and container init processes containerd wrote down (shim.pid, init.pid), processes
# whose executable lies in the 28.5 tree, and the processes in the containers' cgroups
_engines_collect_pids() {
    local dir="$1" role pid start line f
    local roots=()
    while read -r _ role pid start; do
        if _engines_alive "$pid" "$start"; then roots+=("$pid"); fi
    done < <(grep '^pid ' "$ENGINES_STATE" 2>/dev/null || true)
    if [ "${#roots[@]}" -gt 0 ]; then
        for pid in $(_engines_descendants "${roots[@]}"); do _engines_record_pid child "$pid"; done
    fi
    for f in /var/run/docker/containerd/daemon/io.containerd.runtime.v2.task/*/*/shim.pid \
             /var/run/docker/containerd/daemon/io.containerd.runtime.v2.task/*/*/init.pid \
             "$ENGINES_CTD_STATE"/io.containerd.runtime.v2.task/*/*/shim.pid \
             "$ENGINES_CTD_STATE"/io.containerd.runtime.v2.task/*/*/init.pid; do
        [ -f "$f" ] || continue
        read -r pid 2>/dev/null <"$f" || continue
        case "$pid" in ''|*[!0-9]*) continue ;; esac
        _engines_record_pid "${f##*/}" "$pid"
    done
    if [ -n "$dir" ] && [ -d "$dir/root" ]; then
        local exe
        for exe in /proc/[0-9]*/exe; do
            f="$(readlink "$exe" 2>/dev/null)" || continue
            case "$f" in "$dir/root/"*)
                pid="${exe#/proc/}"; pid="${pid%/exe}"
                _engines_record_pid in-tree "$pid" ;;
            esac
        done
    fi
    for f in /sys/fs/cgroup/docker/*/cgroup.procs /sys/fs/cgroup/*/docker/*/cgroup.procs; do
        [ -f "$f" ] || continue
        case "$f" in */docker/[0-9a-f]*/cgroup.procs) ;; *) continue ;; esac
        while read -r pid; do
            [ -n "$pid" ] && _engines_record_pid container "$pid"
        done <"$f"
    done
}

_engines_signal_wait() {  # SIGNAL SECONDS ROLE...: signal the recorded PIDs of those roles, wait
    local sig="$1" secs="$2"; shift 2
    local pids=() starts=() role pid start want i
    while read -r _ role pid start; do
        for want in "$@"; do
            if [ "$want" = "*" ] || [ "$want" = "$role" ]; then
                if _engines_alive "$pid" "$start"; then pids+=("$pid"); starts+=("$start"); fi
                break
            fi
        done
    done < <(grep '^pid ' "$ENGINES_STATE" 2>/dev/null || true)
    [ "${#pids[@]}" -gt 0 ] || return 0
    for i in "${!pids[@]}"; do kill "-$sig" "${pids[$i]}" 2>/dev/null || true; done
    local deadline=$((SECONDS + secs)) left
    while :; do
        left=0
        for i in "${!pids[@]}"; do
            if _engines_alive "${pids[$i]}" "${starts[$i]}"; then left=1; break; fi
        done
        [ "$left" = 1 ] || return 0
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

_engines_reap() {  # wait for our own children among the recorded PIDs (no zombies)
    local role pid start
    while read -r _ role pid start; do
        wait "$pid" 2>/dev/null || true
    done < <(grep '^pid ' "$ENGINES_STATE" 2>/dev/null || true)
}

_engines_unmount_all() {
    local prefixes=() p mp
    for p in "${ENGINES_DATA_ROOTS[@]}"; do prefixes+=("$(realpath -m "$p")"); done
    for _ in 1 2 3 4 5 6; do
        local mps=()
        while read -r mp; do
            mp="$(printf '%b' "$mp")"
            for p in "${prefixes[@]}"; do
                case "$mp" in "$p"|"$p"/*) mps+=("$mp"); break ;; esac
            done
        done < <(awk '{ print $5 }' /proc/self/mountinfo)
        [ "${#mps[@]}" -gt 0 ] || return 0
        while read -r mp; do
            umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || true
        done < <(printf '%s\n' "${mps[@]}" | sort -ru)
    done
    _engines_warn "mounts left under ${prefixes[*]}:"
    awk '{ print $5 }' /proc/self/mountinfo | grep -E "^($(IFS='|'; echo "${prefixes[*]}"))(/|$)" >&2 || true
}

_engines_flush_iptables() {
    # on the CI machines all rules are Docker's: flush every table the engine wrote to,
    # delete its chains, reset the built-in chains' policies (28.5 sets FORWARD DROP)
    local ipt table chain
    for ipt in iptables ip6tables; do
        command -v "$ipt" >/dev/null || continue
        for table in $("$ipt-save" 2>/dev/null | sed -n 's/^\*//p'); do
            "$ipt" -w -t "$table" -F 2>/dev/null || true
            "$ipt" -w -t "$table" -X 2>/dev/null || true
            for chain in $("$ipt" -w -t "$table" -S 2>/dev/null | awk '$1 == "-P" { print $2 }'); do
                "$ipt" -w -t "$table" -P "$chain" ACCEPT 2>/dev/null || true
            done
        done
    done
}

_engines_delete_links() {
    local name
    # veths still attached to a Docker bridge, then the bridges themselves
    while read -r name; do
        ip link delete "$name" 2>/dev/null || true
    done < <(ip -o link show type veth 2>/dev/null |
             awk -F': ' '{ split($0, w, " "); for (i = 1; i < length(w); i++)
                 if (w[i] == "master") { sub(/@.*/, "", $2); print $2, w[i + 1] } }' |
             grep -E ' (docker0|br-[0-9a-f]{12})$' | cut -d' ' -f1)
    while read -r name; do
        ip link delete "$name" 2>/dev/null || true
    done < <(ip -o link show type bridge 2>/dev/null |
             awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep -E '^(docker0|br-[0-9a-f]{12})$')
}

_engines_clean_host() {
    _engines_unmount_all
    local p
    for p in "${ENGINES_DATA_ROOTS[@]}"; do rm -rf "$p"; done
    rm -f "$ENGINES_SOCK" /var/run/docker.pid
    # the containers' cgroups, if their processes are gone
    local cg
    for cg in /sys/fs/cgroup/docker/[0-9a-f]* /sys/fs/cgroup/*/docker/[0-9a-f]*; do
        if [ -d "$cg" ]; then rmdir "$cg" 2>/dev/null || true; fi
    done
    for cg in /sys/fs/cgroup/docker /sys/fs/cgroup/*/docker; do
        if [ -d "$cg" ]; then rmdir "$cg" 2>/dev/null || true; fi
    done
    # left by the containerds: shim sockets (/run/containerd/s, fixed there whatever the
    # state folder) and 1.6's empty /opt/containerd; kept if a system containerd runs
    if [ ! -S /run/containerd/containerd.sock ]; then
        rm -rf /run/containerd/s
        rmdir /run/containerd 2>/dev/null || true
    fi
    rmdir /opt/containerd/bin /opt/containerd/lib /opt/containerd 2>/dev/null || true
    rmdir "$(dirname "$ENGINES_CTD_ROOT")" 2>/dev/null || true
    _engines_flush_iptables
    _engines_delete_links
    _engines_forwarding_off  # as the host was before dockerd turned it on
}

engines_stop() {
    _engines_init
    _engines_need_root || return 1
    _engines_lock_take || return 1
    local rc=0
    _engines_stop_locked || rc=1
    _engines_lock_release
    return "$rc"
}

_engines_stop_locked() {
    local t0=$SECONDS engine cli dir
    engine="$(_engines_state_get engine 2>/dev/null || true)"
    cli="$(_engines_state_get cli 2>/dev/null || true)"
    dir="$(_engines_state_get dir 2>/dev/null || true)"
    if [ -z "$engine" ]; then
        _engines_log "no engine recorded in $ENGINES_STATE; cleaning the host anyway"
    else
        _engines_log "stopping engine $engine"
    fi
    mkdir -p "$ENGINES_RUN"
    touch "$ENGINES_STATE"
    # 1. remove all containers while the daemon answers (its shutdown would wait for
    #    their stop timeouts otherwise)
    if [ -n "$cli" ] && _engines_ping; then
        local ids
        ids="$(timeout 30 env -u DOCKER_HOST -u DOCKER_CONTEXT "$cli" -H "unix://$ENGINES_SOCK" ps -aq 2>/dev/null || true)"
        if [ -n "$ids" ]; then
            # shellcheck disable=SC2086
            timeout 60 env -u DOCKER_HOST -u DOCKER_CONTEXT "$cli" -H "unix://$ENGINES_SOCK" rm -f $ids >/dev/null 2>&1 || true
        fi
    fi
    # 2. write down every PID that belongs to the engine, then stop them by PID:
    #    dockerd, then containerd, then whatever is left (shims, proxies, containers)
    _engines_collect_pids "$dir"
    _engines_signal_wait TERM 20 dockerd || _engines_signal_wait KILL 5 dockerd || true
    _engines_collect_pids "$dir"
    _engines_signal_wait TERM 10 containerd || _engines_signal_wait KILL 5 containerd || true
    _engines_collect_pids "$dir"
    _engines_signal_wait KILL 5 '*' || _engines_warn "processes survived SIGKILL: $(grep '^pid ' "$ENGINES_STATE" | tr '\n' ';')"
    _engines_reap
    # 3. mounts, data roots, iptables rules, bridges
    _engines_clean_host
    # 20.10 writes its identity to /etc/docker/key.json: drop it if the folder was ours
    if [ "$(_engines_state_get etc-docker 2>/dev/null || true)" = created ]; then
        rm -f /etc/docker/key.json
        rmdir /etc/docker 2>/dev/null || true
    fi
    rm -f "$ENGINES_STATE"
    unset ENGINES_ENGINE ENGINES_CLI ENGINES_CLI_PATH
    _engines_log "engine ${engine:-none} stopped, host clean ($((SECONDS - t0))s)"
}

# ---------------------------------------------------------------------------------------
# checks and recordings

# Succeeds when no engine process, Docker mount, DOCKER chain or Docker link is left.
engines_check_clean() {
    _engines_init
    local bad=0 out
    if [ -f "$ENGINES_STATE" ]; then _engines_log "state file present: $ENGINES_STATE"; bad=1; fi
    if _engines_ping; then _engines_log "an engine answers on $ENGINES_SOCK"; bad=1; fi
    out="$( (iptables-save; ip6tables-save) 2>/dev/null | grep -i docker || true)"
    if [ -n "$out" ]; then _engines_log "iptables still mention docker:"; printf '%s\n' "$out" | head >&2; bad=1; fi
    out="$(ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep -E '^(docker0|br-[0-9a-f]{12}|veth)' || true)"
    if [ -n "$out" ]; then _engines_log "links left: $out"; bad=1; fi
    out="$(awk '{ print $5 }' /proc/self/mountinfo | grep -E '^(/var/lib/docker|/run/docker|/var/lib/coursekit-engines|/run/coursekit-engines)(/|$)' || true)"
    if [ -n "$out" ]; then _engines_log "mounts left: $out"; bad=1; fi
    local p
    for p in "${ENGINES_DATA_ROOTS[@]}"; do
        if [ -e "$p" ]; then _engines_log "data root left: $p"; bad=1; fi
    done
    return "$bad"
}

# engines_record ENGINE OUT [SCENARIO...]: record each scenario (default: all) on a
# FRESH daemon of ENGINE, its CLI first on PATH, into OUT (tests/support/record.py --out)
engines_record() {
    _engines_init
    local engine="${1:?usage: engines_record 20.10|28.5 OUT [SCENARIO...]}"
    local out="${2:?usage: engines_record 20.10|28.5 OUT [SCENARIO...]}"
    shift 2
    local repo python scenario
    repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    python="$repo/.venv/bin/python"
    [ -x "$python" ] || python=python3
    local names=("$@")
    if [ "${#names[@]}" -eq 0 ]; then
        for scenario in "$repo"/tests/scenarios/*.txt; do
            scenario="${scenario##*/}"; names+=("${scenario%.txt}")
        done
    fi
    engines_lock || return 1
    mkdir -p "$out"
    local rc=0
    for scenario in "${names[@]}"; do
        if ! engines_start "$engine"; then rc=1; break; fi
        if ! PATH="$ENGINES_CLI_PATH" env -u DOCKER_HOST -u DOCKER_CONTEXT \
                "$python" "$repo/tests/support/record.py" --out "$out" "$scenario"; then
            rc=1
        fi
        engines_stop || rc=1
    done
    engines_unlock
    return "$rc"
}
