# Sourced by the scripts: makes sure this Debian/Ubuntu machine has what logsvc builds and runs with.
# Installs only what is missing; needs root or sudo for that.

logsvc_packages=(pkg-config libssl-dev libyaml-dev libsqlite3-dev curl jq)

logsvc_install_prerequisites() {
    local missing=()
    for package in "${logsvc_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "==> installing ${missing[*]}" >&2
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    if ! command -v swift >/dev/null 2>&1; then
        for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
            [ -x "$candidate/swift" ] && export PATH="$candidate:$PATH" && break
        done
    fi
    if ! command -v swift >/dev/null 2>&1; then
        echo "logsvc needs Swift 6.1 or later: install it from https://www.swift.org/install/linux/ and retry." >&2
        exit 1
    fi
}

# The tools the tests drive as real peers: the aws CLI (pip package awscli).
logsvc_install_test_tools() {
    command -v aws >/dev/null 2>&1 && return
    if ! command -v pip3 >/dev/null 2>&1 && ! python3 -m pip --version >/dev/null 2>&1; then
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-pip >/dev/null
    fi
    echo "==> installing the aws CLI (pip: awscli)" >&2
    python3 -m pip install --quiet awscli 2>/dev/null || python3 -m pip install --quiet --break-system-packages awscli
    hash -r
}
