#!/usr/bin/env bash
# Python >= 3.14.2 environment for this repository (Home Assistant 2026.10 needs it).
#
# Sourced by scripts/setup, scripts/test, scripts/lint (and scripts/develop):
#     source "<repo>/scripts/lib/env.sh"
#     nhp_provision                      # create the environment and install the requirements
#     run_py314 python -m pytest -x      # run a command inside it, cwd = repository root
# or executed directly (provisions first, then runs the command; default: python --version):
#     scripts/lib/env.sh python -c 'import homeassistant; print(homeassistant.__file__)'
#
# Two routes, chosen once per process (nhp_mode):
#   host    a python3.14 / python3 / python >= 3.14.2 is on PATH: a venv in <repo>/.venv.
#   chroot  otherwise: a Debian testing (forky) root holding python3.14, made by debootstrap at
#           ${NORDIC_HP_ROOT:-$HOME/.cache/nordic-heatpump/py314-root} (kept outside the checkout,
#           so fresh clones reuse it), with the venv at /opt/venv inside. Commands run with chroot
#           inside a private mount namespace (unshare --mount), so no mount outlives the command:
#           /proc, /dev (+ its devpts, so pseudo-terminals work), a private tmpfs on /tmp, and the
#           checkout bind-mounted at the same absolute path.
#
# Settings (environment):
#   NORDIC_HP_ROOT     location of the chroot root (see above)
#   NORDIC_HP_MODE     force "host" or "chroot"
#   NORDIC_HP_PYTHON   host interpreter to use for the host route
#   NORDIC_HP_MIRROR   Debian mirror for debootstrap (default: first URIs: line of the apt sources)
#   NORDIC_HP_BIND     colon-separated host paths to bind at the same path inside the chroot
#                      (for files outside the checkout, e.g. NORDIC_HP_BIND=/tmp/smoke)
#   NORDIC_HP_INSTALLER  "uv" (default) or "pip" for installing the requirements
#
# Installation is skipped while a stamp (hash of requirements*.txt, interpreter and recipe)
# matches; an interrupted provisioning is detected and redone from a clean state.

# Bump when the installation recipe below changes, to force a reinstall.
NHP_RECIPE_VERSION=2
NHP_MIN_PYTHON="3.14.2"
NHP_DEBIAN_SUITE="forky"
NHP_CHROOT_VENV="/opt/venv"
NHP_CHROOT_CA="/etc/ssl/certs/nordic-hp-host-ca.crt"
NHP_CHROOT_PATH="${NHP_CHROOT_VENV}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Host variables passed into the chroot (everything else is dropped: env -i).
NHP_PASS_ENV=(CI TERM COLUMNS LINES TZ NO_COLOR FORCE_COLOR PY_COLORS PYTEST_ADDOPTS
    NORDIC_HP_INSTALLER GITHUB_ACTIONS HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy)

NHP_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
NHP_ROOT="${NORDIC_HP_ROOT:-${HOME:-/root}/.cache/nordic-heatpump/py314-root}"
NHP_MODE="${NHP_MODE:-}"
NHP_HOST_PYTHON="${NHP_HOST_PYTHON:-}"

nhp_log() { printf '[env] %s\n' "$*" >&2; }
nhp_die() { printf '[env] ERROR: %s\n' "$*" >&2; return 1; }

# True when the interpreter $1 is at least NHP_MIN_PYTHON.
nhp_python_ok() {
    "$1" -c 'import sys
want = tuple(int(p) for p in sys.argv[1].split("."))
sys.exit(0 if sys.version_info[:3] >= want else 1)' "$NHP_MIN_PYTHON" >/dev/null 2>&1
}

# Print the host interpreter >= NHP_MIN_PYTHON, if there is one.
nhp_find_host_python() {
    local cand path
    if [[ -n "${NORDIC_HP_PYTHON:-}" ]]; then
        path="$(command -v "$NORDIC_HP_PYTHON" 2>/dev/null)" || true
        if [[ -n "$path" ]] && nhp_python_ok "$path"; then
            printf '%s\n' "$path"
            return 0
        fi
        nhp_die "NORDIC_HP_PYTHON=$NORDIC_HP_PYTHON is not a Python >= $NHP_MIN_PYTHON"
        return 1
    fi
    for cand in python3.14 python3 python; do
        path="$(command -v "$cand" 2>/dev/null)" || continue
        if nhp_python_ok "$path"; then
            printf '%s\n' "$path"
            return 0
        fi
    done
    return 1
}

# Decide (once) between the host route and the chroot route; sets NHP_MODE.
nhp_select_mode() {
    [[ -n "$NHP_MODE" ]] && return 0
    case "${NORDIC_HP_MODE:-}" in
        host)
            NHP_HOST_PYTHON="$(nhp_find_host_python)" ||
                nhp_die "NORDIC_HP_MODE=host but no Python >= $NHP_MIN_PYTHON on PATH" || return 1
            NHP_MODE=host ;;
        chroot) NHP_MODE=chroot ;;
        "")
            if NHP_HOST_PYTHON="$(nhp_find_host_python)"; then
                NHP_MODE=host
            else
                NHP_MODE=chroot
            fi ;;
        *) nhp_die "NORDIC_HP_MODE must be host or chroot, not '$NORDIC_HP_MODE'"; return 1 ;;
    esac
}

# Serialise provisioning between concurrent runs (flock on fd 9 of the calling subshell).
nhp_lock() {
    local lockfile="$1"
    mkdir -p "$(dirname "$lockfile")"
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$lockfile"
        flock 9
    fi
}

# ---------------------------------------------------------------- chroot route

nhp_root_ready() {
    [[ -f "$NHP_ROOT/.nhp-root-ready" && -x "$NHP_ROOT/usr/bin/python3.14" ]]
}

nhp_debian_mirror() {
    local mirror="${NORDIC_HP_MIRROR:-}" f
    if [[ -z "$mirror" ]]; then
        for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
            [[ -f "$f" ]] || continue
            mirror="$(awk '/^URIs:/ {print $2; exit}' "$f")"
            [[ -n "$mirror" ]] && break
        done
    fi
    if [[ -z "$mirror" && -f /etc/apt/sources.list ]]; then
        mirror="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
            /etc/apt/sources.list)"
    fi
    [[ -n "$mirror" ]] || { nhp_die "no Debian mirror found; set NORDIC_HP_MIRROR"; return 1; }
    printf '%s\n' "$mirror"
}

nhp_ensure_debootstrap() {
    command -v debootstrap >/dev/null 2>&1 && return 0
    nhp_log "installing debootstrap"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null >&2 || apt-get update </dev/null >&2
    apt-get install -y -qq debootstrap </dev/null >&2
}

# Build the Debian testing root into a temporary directory, then move it into place.
nhp_build_root() {
    [[ "$(id -u)" == 0 ]] || {
        nhp_die "building the Python 3.14 chroot needs root (or install Python >= $NHP_MIN_PYTHON)"
        return 1
    }
    for tool in unshare chroot mount; do
        command -v "$tool" >/dev/null 2>&1 || { nhp_die "'$tool' is missing (util-linux/coreutils)"; return 1; }
    done
    nhp_ensure_debootstrap || return 1
    local mirror script tmp log old
    mirror="$(nhp_debian_mirror)" || return 1
    script=/usr/share/debootstrap/scripts/sid
    [[ -f "$script" ]] || { nhp_die "$script missing"; return 1; }
    mkdir -p "$(dirname "$NHP_ROOT")"
    # Leftovers of an interrupted build (debootstrap ran in its own mount namespace,
    # so nothing can still be mounted below them; --one-file-system guards anyway).
    for old in "$NHP_ROOT".partial.*; do
        [[ -e "$old" ]] && rm -rf --one-file-system "$old"
    done
    tmp="$NHP_ROOT.partial.$$"
    log="$tmp.log"
    nhp_log "building a Debian $NHP_DEBIAN_SUITE root with python3.14 in $NHP_ROOT (mirror $mirror)"
    local attempt
    for attempt in 1 2; do
        if unshare --mount --propagation private -- \
            debootstrap --variant=minbase --include=python3.14,python3.14-venv \
            "$NHP_DEBIAN_SUITE" "$tmp" "$mirror" "$script" </dev/null >"$log" 2>&1; then
            break
        fi
        tail -n 30 "$log" >&2
        rm -rf --one-file-system "$tmp"
        if [[ $attempt -eq 2 ]]; then
            nhp_die "debootstrap failed twice (log: $log)"
            return 1
        fi
        nhp_log "debootstrap failed, retrying once"
    done
    rm -f "$log"
    rm -f "$tmp"/var/cache/apt/archives/*.deb
    if ! chroot "$tmp" /usr/bin/python3.14 -c 'import sys
want = tuple(int(p) for p in sys.argv[1].split("."))
sys.exit(0 if sys.version_info[:3] >= want else 1)' "$NHP_MIN_PYTHON"; then
        nhp_die "python3.14 of Debian $NHP_DEBIAN_SUITE is older than $NHP_MIN_PYTHON: $(chroot "$tmp" /usr/bin/python3.14 --version 2>&1)"
        rm -rf --one-file-system "$tmp"
        return 1
    fi
    date -u +%FT%TZ >"$tmp/.nhp-root-ready"
    if [[ -e "$NHP_ROOT" ]]; then
        rm -rf --one-file-system "$NHP_ROOT"
    fi
    mv "$tmp" "$NHP_ROOT"
    nhp_log "root ready: $(chroot "$NHP_ROOT" /usr/bin/python3.14 --version 2>&1)"
}

# Refresh the host files the root needs at run time (certificates, name resolution).
nhp_refresh_root_files() {
    local bundle="${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}"
    [[ -f "$bundle" ]] || bundle=/etc/ssl/certs/ca-certificates.crt
    if [[ -f "$bundle" ]]; then
        cp -f "$bundle" "$NHP_ROOT$NHP_CHROOT_CA.new" && mv -f "$NHP_ROOT$NHP_CHROOT_CA.new" "$NHP_ROOT$NHP_CHROOT_CA"
    elif [[ ! -f "$NHP_ROOT$NHP_CHROOT_CA" ]]; then
        cp -f "$NHP_ROOT/etc/ssl/certs/ca-certificates.crt" "$NHP_ROOT$NHP_CHROOT_CA"
    fi
    if [[ -e /etc/resolv.conf ]]; then
        rm -f "$NHP_ROOT/etc/resolv.conf"
        cp -L /etc/resolv.conf "$NHP_ROOT/etc/resolv.conf"
    fi
}

# Run a command inside the chroot: private mount namespace, repo at the same path, cwd = repo.
nhp_chroot_exec() {
    local -a envv=(
        "HOME=/root" "PATH=$NHP_CHROOT_PATH" "LANG=C.UTF-8" "LC_ALL=C.UTF-8"
        "VIRTUAL_ENV=$NHP_CHROOT_VENV" "TMPDIR=/tmp"
        "SSL_CERT_FILE=$NHP_CHROOT_CA" "REQUESTS_CA_BUNDLE=$NHP_CHROOT_CA" "PIP_CERT=$NHP_CHROOT_CA"
        "UV_SYSTEM_CERTS=1" "PIP_DISABLE_PIP_VERSION_CHECK=1" "PIP_ROOT_USER_ACTION=ignore"
        "PIP_DEFAULT_TIMEOUT=${PIP_DEFAULT_TIMEOUT:-120}" "UV_HTTP_TIMEOUT=${UV_HTTP_TIMEOUT:-120}"
        "NORDIC_HP_IN_ENV=chroot"
    )
    local var
    for var in "${NHP_PASS_ENV[@]}"; do
        [[ -n "${!var+x}" ]] && envv+=("$var=${!var}")
    done
    # shellcheck disable=SC2016
    unshare --mount --propagation private -- /bin/bash -c '
        set -e
        root=$1 repo=$2 binds=$3
        shift 3
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        # A devpts instance of our own, so os.openpty()/ptys work inside the root.
        if mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts" 2>/dev/null; then
            mount --bind "$root/dev/pts/ptmx" "$root/dev/ptmx"
        fi
        mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
        mkdir -p "$root$repo"
        mount --bind "$repo" "$root$repo"
        IFS=: read -r -a extra <<<"$binds"
        for p in "${extra[@]}"; do
            [ -n "$p" ] && [ -e "$p" ] || continue
            if [ -d "$p" ]; then mkdir -p "$root$p"; else mkdir -p "$(dirname "$root$p")"; touch "$root$p"; fi
            mount --bind "$p" "$root$p"
        done
        exec chroot "$root" "$@"
    ' nhp-chroot "$NHP_ROOT" "$NHP_REPO" "${NORDIC_HP_BIND:-}" \
        /usr/bin/env -i "${envv[@]}" /bin/sh -c 'cd "$0" && exec "$@"' "$NHP_REPO" "$@"
}

# ---------------------------------------------------------------- host route

nhp_host_exec() {
    (
        cd "$NHP_REPO"
        unset PYTHONHOME
        export VIRTUAL_ENV="$NHP_REPO/.venv" NORDIC_HP_IN_ENV=host
        export PATH="$VIRTUAL_ENV/bin:$PATH"
        exec "$@"
    )
}

# ---------------------------------------------------------------- common

# Run CMD ARGS... inside the Python 3.14 environment (no provisioning), cwd = repository root.
run_py314() {
    nhp_select_mode || return 1
    if [[ "$NHP_MODE" == host ]]; then
        nhp_host_exec "$@"
    else
        nhp_chroot_exec "$@"
    fi
}

nhp_venv_dir() {
    if [[ "$NHP_MODE" == host ]]; then
        printf '%s\n' "$NHP_REPO/.venv"
    else
        printf '%s\n' "$NHP_ROOT$NHP_CHROOT_VENV"
    fi
}

nhp_requirements_hash() {
    local f
    {
        printf 'recipe %s installer %s\n' "$NHP_RECIPE_VERSION" "${NORDIC_HP_INSTALLER:-uv}"
        for f in "$NHP_REPO"/requirements*.txt; do
            [[ -f "$f" ]] || continue
            printf '== %s\n' "$(basename "$f")"
            cat "$f"
        done
    } | sha256sum | cut -d' ' -f1
}

# Installation recipe, run inside the environment by sh (cwd = repo root, venv python first on PATH).
# 1. pytest-homeassistant-custom-component (it pins homeassistant);
# 2. everything in requirements_test.txt under Home Assistant's own package_constraints.txt,
#    so runtime libraries (pymodbus, ...) get exactly Home Assistant's versions.
# shellcheck disable=SC2016
NHP_INSTALL_RECIPE='
set -eu
installer=${NORDIC_HP_INSTALLER:-uv}
python -m pip --version >/dev/null 2>&1 || python -m ensurepip --upgrade >/dev/null
pip_install() {
    if [ "$installer" = uv ]; then
        uv pip install --python "$VIRTUAL_ENV/bin/python" "$@"
    else
        python -m pip install --progress-bar off "$@"
    fi
}
if [ "$installer" = uv ]; then
    # The version homeassistant 2026.10.4 itself requires (so the install below keeps it).
    python -m pip install --quiet --progress-bar off "uv==0.13.5"
    [ -x "$VIRTUAL_ENV/bin/uv" ] || { echo "uv did not install" >&2; exit 1; }
fi
plugin=$(grep -E "^[[:space:]]*pytest-homeassistant-custom-component" requirements_test.txt | head -n 1 | sed -e "s/[[:space:]]*#.*//")
[ -n "$plugin" ] || { echo "requirements_test.txt must list pytest-homeassistant-custom-component" >&2; exit 1; }
echo "[env] installing $plugin" >&2
pip_install "$plugin"
constraints=$(python -c "import pathlib, homeassistant; print(pathlib.Path(homeassistant.__file__).parent / \"package_constraints.txt\")")
[ -f "$constraints" ] || { echo "missing $constraints" >&2; exit 1; }
echo "[env] installing requirements_test.txt with constraints $constraints" >&2
pip_install -r requirements_test.txt -c "$constraints"
python -m pip check >&2 || echo "[env] warning: pip check reported problems (see above)" >&2
python - <<EOF >&2
from importlib.metadata import version
import sys
print("[env] python", sys.version.split()[0], "| homeassistant", version("homeassistant"),
      "| pymodbus", version("pymodbus"), "| pytest", version("pytest"))
EOF
'

# Create the environment if needed and install the requirements (skipped when the stamp matches).
nhp_provision() {
    nhp_select_mode || return 1
    (
        set -euo pipefail
        local venv stamp marker want
        venv="$(nhp_venv_dir)"
        stamp="$venv/.nhp-stamp"
        marker="$venv/.nhp-installing"
        if [[ "$NHP_MODE" == chroot ]]; then
            nhp_lock "$NHP_ROOT.lock"
            nhp_root_ready || nhp_build_root
            nhp_refresh_root_files
        else
            nhp_lock "$NHP_REPO/.venv.lock"
        fi
        want="$(nhp_requirements_hash)"
        # (bin/python of the chroot venv is an absolute symlink: test it with -L, not -x)
        if [[ -f "$stamp" && ! -e "$marker" && "$(cat "$stamp")" == "$want" ]] &&
            [[ -L "$venv/bin/python" || -x "$venv/bin/python" ]] &&
            run_py314 python -c 'import sys' 2>/dev/null; then
            return 0
        fi
        # A missing/broken venv or an interrupted earlier installation: start from a clean venv.
        if [[ -e "$marker" ]] || [[ ! -L "$venv/bin/python" && ! -x "$venv/bin/python" ]] ||
            ! run_py314 python -c 'import sys' 2>/dev/null; then
            rm -rf --one-file-system "$venv"
            nhp_log "creating the virtual environment ($NHP_MODE route)"
            if [[ "$NHP_MODE" == host ]]; then
                "$NHP_HOST_PYTHON" -m venv "$venv"
            else
                run_py314 /usr/bin/python3.14 -m venv "$NHP_CHROOT_VENV"
            fi
        fi
        rm -f "$stamp"
        date -u +%FT%TZ >"$marker"
        nhp_log "installing requirements (first run takes a few minutes)"
        if ! run_py314 /bin/sh -c "$NHP_INSTALL_RECIPE"; then
            nhp_log "installation failed, retrying once"
            run_py314 /bin/sh -c "$NHP_INSTALL_RECIPE"
        fi
        printf '%s\n' "$want" >"$stamp"
        rm -f "$marker"
        nhp_log "environment ready"
    )
}

# Home Assistant builds a few of its own requirements (voice pipeline) from source when no
# wheel exists for this Python; without a compiler its frontend never finishes loading.
# Installed into the chroot on first use (a host venv relies on the host's compiler).
nhp_ensure_compiler() {
    nhp_select_mode || return 1
    [[ "$NHP_MODE" == chroot ]] || return 0
    run_py314 sh -c 'command -v g++ >/dev/null || {
        apt-get -o Acquire::Check-Valid-Until=false update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            g++ python3.14-dev >/dev/null; }'
}

# Executed directly: provision, then run the given command (default: python --version).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    nhp_provision
    if [[ $# -eq 0 ]]; then
        set -- python --version
    fi
    run_py314 "$@"
fi
