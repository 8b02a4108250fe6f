#!/usr/bin/env bash
# Executes the notebook headless, as the tests do: packs KerasSharp (notebooks/pack.sh), then runs every cell
# with Jupyter's nbconvert and the .NET (C#) kernel, and writes the executed notebook to OUT_DIR.
#
# Usage: bash notebooks/run.sh [--quick | --full] [OUT_DIR]      (OUT_DIR: notebooks/executed by default)
#   --quick  (the default) 2 epochs on 2,000 training and 400 test images of Fashion-MNIST: works offline once
#            Debian's dataset-fashion-mnist is installed, in about a minute on 2 cores.
#   --full   the tutorial itself: CIFAR-10, all 50,000 training images, 100 epochs per network (hours on a CPU;
#            downloads CIFAR-10 once, or reads it from data/ or ~/.keras/datasets), with no time limit per cell.
# TUTORIAL_EPOCHS, TUTORIAL_LIMIT (a number, or none for all images) and TUTORIAL_DATASET (cifar10 or
# fashion_mnist) override either preset.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=quick
case "${1:-}" in
  --quick) shift ;;
  --full) mode=full; shift ;;
  -*) echo "usage: bash notebooks/run.sh [--quick | --full] [OUT_DIR]" >&2; exit 2 ;;
esac
out="${1:-notebooks/executed}"
if [ "$mode" = full ]; then
  export TUTORIAL_EPOCHS="${TUTORIAL_EPOCHS:-100}" TUTORIAL_LIMIT="${TUTORIAL_LIMIT:-none}" TUTORIAL_DATASET="${TUTORIAL_DATASET:-cifar10}"
  cell_timeout=-1
else
  export TUTORIAL_EPOCHS="${TUTORIAL_EPOCHS:-2}" TUTORIAL_LIMIT="${TUTORIAL_LIMIT:-2000}" TUTORIAL_DATASET="${TUTORIAL_DATASET:-fashion_mnist}"
  cell_timeout=1800
fi
echo "notebook ($mode): epochs $TUTORIAL_EPOCHS, limit $TUTORIAL_LIMIT, dataset $TUTORIAL_DATASET"
mkdir -p "$out"
out="$(realpath "$out")"
bash notebooks/pack.sh
export PATH="$PATH:$HOME/.dotnet/tools"
cd notebooks
# Debian's jupyter, not another one earlier on PATH that lacks Debian's packages.
/usr/bin/jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout="$cell_timeout" \
  --output-dir "$out" --output KerasTutorial.ipynb KerasTutorial.ipynb
