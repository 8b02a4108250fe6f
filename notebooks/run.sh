#!/usr/bin/env bash
# Executes the notebook headless, as CI does: packs KerasSharp, then runs every cell with Jupyter's nbconvert
# and the .NET (C#) kernel. Usage: bash notebooks/run.sh [OUT_DIR]   (default notebooks/executed)
# Set TUTORIAL_EPOCHS, TUTORIAL_LIMIT and TUTORIAL_DATASET for a short run.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-notebooks/executed}"
mkdir -p "$out"
bash notebooks/pack.sh
export PATH="$PATH:$HOME/.dotnet/tools"
# Debian's jupyter, not another one earlier on PATH that lacks Debian's packages.
cd notebooks
/usr/bin/jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=1800 \
  --output-dir "$(cd "$OLDPWD" && realpath "$out")" --output KerasTutorial.ipynb KerasTutorial.ipynb
