#!/usr/bin/env bash
# RunLens setup: installs what a fresh Debian 12 machine lacks, creates the Python environments holding the
# real peer tools the tests compare against, configures and builds, then does what was asked.
#
#   packaging/setup.sh demo     set up, build (release), launch the GUI on resources/demo/
#   packaging/setup.sh test     set up, build (asan preset: ASan+UBSan, -Werror), run the whole ctest suite
#   packaging/setup.sh deps     only the Debian packages and Python environments
#   packaging/setup.sh build    deps + release build
#
# Idempotent: a second run skips what is already there (stamp files record the Python requirement sets).
set -euo pipefail

# Wheels are installed once per environment; a pip cache would only double the disk the environments take.
export PIP_NO_CACHE_DIR=1

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-test}
shift || true

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

debian_packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev qtkeychain-qt6-dev libgl-dev
    libqt6svg6 qt6-qpa-plugins fonts-dejavu-core fonts-wqy-microhei
    protobuf-compiler libprotobuf-dev nlohmann-json3-dev libyaml-cpp-dev libsqlite3-dev sqlite3
    xvfb xauth python3 python3-venv python3-pip
)

install_debian_packages() {
    local missing=()
    for p in "${debian_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        log "Debian packages present"
        return
    fi
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    $sudo apt-get clean # the downloaded .debs are not needed again, and CI machines are short of disk
}

# One virtual environment per peer generation: MLflow 3.x (current) and 2.22.x (still common in the wild).
make_venv() {
    local dir=$1
    shift
    local stamp="$dir/.runlens-requirements"
    local want="$*"
    if [ -x "$dir/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        log "Python env $(basename "$dir") ready"
        return
    fi
    log "creating Python env $(basename "$dir"): $want"
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$dir/bin/python" -m pip install -q "$@"
    echo "$want" >"$stamp"
}

# For a package whose declared requirements are not wanted (see its caller): the package alone, once per env.
install_without_deps() {
    local dir=$1 requirement=$2
    local stamp="$dir/.runlens-no-deps"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$requirement" ]; then
        return
    fi
    log "installing $requirement into $(basename "$dir") without its declared dependencies"
    "$dir/bin/python" -m pip install -q --no-deps "$requirement"
    echo "$requirement" >"$stamp"
}

setup_python() {
    mkdir -p "$here/.venv"
    make_venv "$here/.venv/mlflow3" "mlflow==3.17.2" "psutil==7.2.2"
    make_venv "$here/.venv/mlflow2" "mlflow==2.22.5" "setuptools<81" "sqlalchemy<2.1"
    # TensorBoard's own loader (EventAccumulator) and the tensorboardX writer, apart from mlflow's pins.
    make_venv "$here/.venv/tb" "tensorboard==2.21.0" "tensorboardX==2.6.5" "numpy<3"
    # NVIDIA OneLogger training telemetry and FLOR, the writers of the telemetry fixtures.
    make_venv "$here/.venv/telemetry" "nv-one-logger-core==2.3.1" "nv-one-logger-training-telemetry==2.3.1" "flordb==4.0.1" "pyyaml"
    # yProv4ML 2.0.9, the writer behind itwinai's Prov4MLLogger. It declares torch, torchvision, lightning, codecarbon,
    # fvcore and GPU probes as requirements (a CUDA stack from PyPI) that its metric and PROV-JSON writers never
    # call: the libraries those writers use, then yprov4ml alone (make_itwinai_fixture.py stands in for the rest).
    make_venv "$here/.venv/prov" "prov[graph]==3.2.3" "aenum==3.1.17" "pydot==4.0.1" "psutil==7.2.2" "numpy<3" \
        "pandas==3.1.1" "zarr==3.1.6" "netCDF4==1.7.5.1.post1" "rocrate==0.16.0" "rdflib<7" "lxml==6.1.3"
    install_without_deps "$here/.venv/prov" "yprov4ml==2.0.9"
}

configure_and_build() {
    local preset=$1
    log "configuring preset $preset"
    cmake --preset "$preset" -S "$here" -DRUNLENS_PYTHON3="$here/.venv/mlflow3/bin/python" \
        -DRUNLENS_PYTHON2="$here/.venv/mlflow2/bin/python" -DRUNLENS_PYTHON_TB="$here/.venv/tb/bin/python" \
        -DRUNLENS_PYTHON_TELEMETRY="$here/.venv/telemetry/bin/python" -DRUNLENS_PYTHON_PROV="$here/.venv/prov/bin/python" \
        >/dev/null
    log "building preset $preset"
    cmake --build --preset "$preset" -j "$(nproc)"
}

case "$mode" in
deps)
    install_debian_packages
    setup_python
    ;;
build)
    install_debian_packages
    setup_python
    configure_and_build release
    ;;
demo)
    install_debian_packages
    setup_python
    configure_and_build release
    # The same sweep is in both stores; the SQLite one is what MLflow writes by default today. Beside it, a two-rank
    # job's itwinai-style mllogs/ (MLflow runs with system metrics, OneLogger telemetry per rank).
    demo=("sqlite:///$here/resources/demo/mlflow.db" "$here/resources/demo/job/mllogs")
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
        log "no display: running under xvfb-run"
        exec xvfb-run -a "$here/build/release/app/runlens" "${demo[@]}" "$@"
    fi
    exec "$here/build/release/app/runlens" "${demo[@]}" "$@"
    ;;
test)
    install_debian_packages
    setup_python
    configure_and_build asan
    log "running the test suite"
    export QT_QPA_PLATFORM=offscreen
    export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    ctest --preset asan "$@"
    ;;
*)
    echo "usage: packaging/setup.sh demo|test|deps|build" >&2
    exit 2
    ;;
esac
