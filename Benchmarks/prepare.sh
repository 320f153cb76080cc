# Sourced by the benchmark commands: installs wrk and a Python with matplotlib (for the plots), builds the
# release binary, and sets BENCH_PYTHON and LOGSVC_RELEASE_BINARY.
source scripts/prerequisites.sh
logsvc_install_prerequisites
command -v wrk >/dev/null 2>&1 || logsvc_apt_install wrk
BENCH_PYTHON="${XDG_CACHE_HOME:-$HOME/.cache}/logsvc-bench/bin/python"
if [ ! -x "$BENCH_PYTHON" ] || ! "$BENCH_PYTHON" -c 'import matplotlib, opentelemetry.proto' 2>/dev/null; then
    venv="$(dirname "$(dirname "$BENCH_PYTHON")")"
    python3 -m venv "$venv" 2>/dev/null || { logsvc_apt_install python3-venv && python3 -m venv "$venv"; }
    echo "==> installing matplotlib (the plots) and opentelemetry-proto (OTLP bodies) (pip, in $venv)" >&2
    "$venv/bin/pip" install --quiet matplotlib opentelemetry-proto==1.45.1
fi
echo "==> building the release binary" >&2
"${logsvc_release_build[@]}" --product logsvc >&2
LOGSVC_RELEASE_BINARY="$("${logsvc_release_build[@]}" --show-bin-path)/logsvc"
