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
