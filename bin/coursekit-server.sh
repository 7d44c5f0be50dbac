# shellcheck shell=bash
# Sourced by bin/lab (`make lab`) and binder/start: when no Docker Engine answers, start
# `coursekit serve` (the simulator behind a docker socket, on the machine's clock) and
# export DOCKER_HOST, so that JupyterLab's terminals and its notebooks' kernels drive one
# and the same lab. With a reachable engine nothing changes: both use that engine.
#
#   coursekit_server_up PYTHON   start the server unless an engine answers; never fails
#   coursekit_server_down        stop the server coursekit_server_up started (by its PID)
#
# The socket is private (coursekit serve makes its folder 0700): COURSEKIT_SOCKET, else
# lab-PID.sock in coursekit's own folder ($XDG_RUNTIME_DIR/coursekit or ~/.coursekit/run),
# one per session, so two `make lab` never share or remove each other's socket.

COURSEKIT_SERVER_PID=""

# The engine DOCKER_HOST (or the default socket) names answers a ping.
_coursekit_engine_answers() {
    "$1" -c 'import docker; docker.from_env(timeout=3).ping()' >/dev/null 2>&1
}

_coursekit_docker_cli_note() {
    command -v docker >/dev/null 2>&1 && return 0
    echo "coursekit: no docker CLI on PATH, so JupyterLab's terminals cannot run docker" \
         "(the notebooks work without it); to add it on Debian/Ubuntu:" \
         "sudo apt-get install docker.io (or docker-cli, the CLI alone, where it exists)" >&2
}

coursekit_server_up() {
    local python="${1:-python3}" socket folder waited=0
    _coursekit_engine_answers "$python" && return 0
    socket="${COURSEKIT_SOCKET:-}"
    if [ -z "$socket" ]; then
        folder="$("$python" -c 'from coursekit.api import default_socket
print(default_socket().parent)' 2>/dev/null)" || folder=""
        if [ -z "$folder" ]; then
            echo "coursekit: $python cannot import coursekit, so no lab server for the" \
                 "terminals" >&2
            return 0
        fi
        socket="$folder/lab-$$.sock"
    fi
    # Its own session: Ctrl-C in this terminal (JupyterLab's "Shutdown?" question) must
    # not reach it; coursekit_server_down stops it when JupyterLab is gone.
    if command -v setsid >/dev/null 2>&1; then
        setsid "$python" -m coursekit serve --socket "$socket" </dev/null &
    else
        "$python" -m coursekit serve --socket "$socket" </dev/null &
    fi
    COURSEKIT_SERVER_PID=$!
    until [ -S "$socket" ]; do
        if ! kill -0 "$COURSEKIT_SERVER_PID" 2>/dev/null || [ "$waited" -ge 150 ]; then
            echo "coursekit: the lab's server did not start; the notebooks use the" \
                 "simulator on their own, and terminals have no docker engine" >&2
            coursekit_server_down
            return 0
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    export DOCKER_HOST="unix://$socket"
    _coursekit_docker_cli_note
    return 0
}

coursekit_server_down() {
    [ -n "$COURSEKIT_SERVER_PID" ] || return 0
    kill -TERM "$COURSEKIT_SERVER_PID" 2>/dev/null && wait "$COURSEKIT_SERVER_PID" 2>/dev/null
    COURSEKIT_SERVER_PID=""
    return 0
}
