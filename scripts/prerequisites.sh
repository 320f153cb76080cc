# Sourced by the scripts: makes sure this Debian/Ubuntu machine has what logsvc builds and runs with.
# Installs only what is missing; needs root or sudo for that.

logsvc_packages=(pkg-config libssl-dev libyaml-dev libsqlite3-dev zlib1g-dev curl jq)

# The optimized build of scripts/serve and scripts/test: one set of flags, so that either reuses what the other
# built. Testing is enabled for the test targets' `@testable import`s.
logsvc_release_build=(swift build -c release -Xswiftc -enable-testing)

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

# The tools the tests drive as real peers: the aws CLI (pip: awscli), moto server (pip: moto[server]),
# the stand-in for Amazon Cognito, KMS and DynamoDB, and OpenTelemetry's official OTLP messages
# and SDK with its two OTLP/HTTP exporters (pip: opentelemetry-proto, googleapis-common-protos,
# opentelemetry-sdk, -exporter-otlp-proto-http, -exporter-otlp-json-http: versions that install
# together) that OTLPTests cross-check ours against.
logsvc_install_test_tools() {
    local wanted=()
    command -v aws >/dev/null 2>&1 || wanted+=(awscli)
    command -v moto_server >/dev/null 2>&1 || wanted+=("moto[server]")
    python3 -c 'import opentelemetry.proto, google.rpc.status_pb2, opentelemetry.exporter.otlp.json.common' 2>/dev/null \
        || wanted+=("opentelemetry-proto==1.45.1" googleapis-common-protos "opentelemetry-sdk==1.45.1"
                    "opentelemetry-exporter-otlp-proto-http==1.45.1" "opentelemetry-exporter-otlp-json-http==0.66b1")
    [ ${#wanted[@]} -gt 0 ] || return 0
    if ! python3 -m pip --version >/dev/null 2>&1; then
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-pip >/dev/null
    fi
    echo "==> installing ${wanted[*]} (pip)" >&2
    python3 -m pip install --quiet "${wanted[@]}" 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages "${wanted[@]}"
    hash -r
}

# The console's browser test: Debian's chromium and chromium-driver (apt), driven by Selenium (pip). Selenium's
# own browser download needs the internet; it is never used, since the test names /usr/bin/chromium.
logsvc_install_browser() {
    [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || { echo "==> installing chromium chromium-driver" >&2; logsvc_apt_install chromium chromium-driver; }
    python3 -c 'import selenium' 2>/dev/null && return 0
    echo "==> installing selenium (pip)" >&2
    python3 -m pip install --quiet selenium 2>/dev/null || python3 -m pip install --quiet --break-system-packages selenium
}

# checkov and check-jsonschema for infra/check, in a virtual environment of their own (checkov pins versions of
# boto3 that would break the aws CLI); sets LOGSVC_TOOLS to it. Terraform must be installed (see docs/deploying-to-aws.md).
logsvc_install_infra_tools() {
    command -v terraform >/dev/null 2>&1 || { echo "infra/check needs terraform 1.6 or later on the PATH" >&2; exit 1; }
    command -v zip >/dev/null 2>&1 || logsvc_apt_install zip
    LOGSVC_TOOLS="${LOGSVC_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/logsvc-tools}"
    export LOGSVC_TOOLS
    if [ ! -x "$LOGSVC_TOOLS/bin/checkov" ] || [ ! -x "$LOGSVC_TOOLS/bin/check-jsonschema" ]; then
        python3 -m venv "$LOGSVC_TOOLS" 2>/dev/null || { logsvc_apt_install python3-venv && python3 -m venv "$LOGSVC_TOOLS"; }
        echo "==> installing checkov and check-jsonschema (pip, in $LOGSVC_TOOLS)" >&2
        "$LOGSVC_TOOLS/bin/pip" install --quiet checkov check-jsonschema
    fi
}

logsvc_apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# Starts moto server on a free loopback port, exports MOTO_ENDPOINT, and stops it when the shell exits. Its DynamoDB
# answers one request at a time, so that transactions and conditional writes are atomic as DynamoDB's are
# (scripts/moto_serial.py).
logsvc_start_moto() {
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    python3 "$(dirname "${BASH_SOURCE[0]}")/moto_serial.py" 127.0.0.1 "$port" >"${TMPDIR:-/tmp}/logsvc-moto-$port.log" 2>&1 &
    LOGSVC_MOTO_PID=$!
    trap 'kill $LOGSVC_MOTO_PID 2>/dev/null || true' EXIT
    for _ in $(seq 1 100); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/moto-api/" 2>/dev/null && break
        sleep 0.1
    done
    curl -fsS -o /dev/null "http://127.0.0.1:$port/moto-api/" || { echo "moto server did not start" >&2; exit 1; }
    export MOTO_ENDPOINT="http://127.0.0.1:$port"
    echo "==> moto server at $MOTO_ENDPOINT" >&2
}
