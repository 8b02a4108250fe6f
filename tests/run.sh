#!/usr/bin/env bash
# The one test command, for a newcomer, the README and CI alike: installs what the tests need, then runs
# `dotnet test KerasTutorial.sln` with any arguments given (a --filter, a --logger...).
#
# It installs, where missing:
#   - Debian packages: Fashion-MNIST (real training data), Debian's Python with NumPy and h5py (fixtures made by real
#     pickle and NumPy), scikit-learn and libpython3.11 (cross-checks through pythonnet), PyTorch (the
#     benchmark's Python contender, and a second libtorch the loader must ignore), fonts for the plots,
#     Chromium (opens the tutorial's report.html) and Jupyter (runs the notebook). With sudo when not root.
#   - the .NET (C#) Jupyter kernel: the dotnet-interactive tool, at the version below, and its kernelspec.
#   - Node.js (Debian's, where no node is on PATH) and TensorFlow.js from npm into tests/tfjs: the reference Keras.
# Set KERASSHARP_SKIP_INSTALL=1 to run the tests on what is there (tests whose tools are missing then
# report a skip with the reason, except under CI=true, where they fail).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
interactive_version=1.0.712001

if [ "${KERASSHARP_SKIP_INSTALL:-0}" != 1 ]; then
  apt_packages=(dataset-fashion-mnist python3-numpy python3-scipy python3-sklearn python3-h5py python3-pil python3-keras-preprocessing python3-onnx libpython3.11 fonts-dejavu-core chromium python3-torch time
    jupyter-notebook jupyter-nbconvert)
  missing=()
  for p in "${apt_packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  # Node.js for TensorFlow.js, the tests' reference Keras: Debian's, unless a node (and npm) is on PATH already.
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ "${#missing[@]}" -gt 0 ]; then
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    echo "installing Debian packages the tests use: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi

  if [ ! -d tests/tfjs/node_modules/@tensorflow/tfjs ]; then
    echo "installing TensorFlow.js into tests/tfjs (npm)"
    npm install --prefix tests/tfjs --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null
  fi

  export PATH="$PATH:$HOME/.dotnet/tools"
  if ! dotnet tool list -g | grep -qi "microsoft.dotnet-interactive *$interactive_version"; then
    echo "installing the .NET (C#) Jupyter kernel: dotnet-interactive $interactive_version"
    dotnet tool update -g Microsoft.dotnet-interactive --version "$interactive_version" >/dev/null
  fi
  if [ ! -d "$HOME/.local/share/jupyter/kernels/.net-csharp" ]; then
    # The kernelspec folder must exist before the install.
    mkdir -p "$HOME/.local/share/jupyter/kernels"
    dotnet interactive jupyter install >/dev/null
  fi
fi

dotnet test KerasTutorial.sln "$@"
