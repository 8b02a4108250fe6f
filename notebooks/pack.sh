#!/usr/bin/env bash
# Packs KerasSharp and KerasSharp.Extensions into a local NuGet feed and registers it as the NuGet source
# KerasSharpLocal, so the notebook's `#r "nuget: KerasSharp.Extensions, *-*"` finds them. The feed lives in
# the user's data folder, not in the checkout, so the registered source never points at a deleted folder.
# Each run makes a new prerelease version, so the kernel never reuses a stale cached package.
set -euo pipefail
cd "$(dirname "$0")/.."
feed="${KERASSHARP_FEED:-${XDG_DATA_HOME:-$HOME/.local/share}/kerassharp/feed}"
mkdir -p "$feed"
suffix="local.$(date +%Y%m%d%H%M%S)"
for project in src/KerasSharp/KerasSharp.csproj src/KerasSharp.Extensions/KerasSharp.Extensions.csproj; do
  dotnet pack "$project" -c Release -o "$feed" --version-suffix "$suffix" -v quiet --nologo
done
dotnet nuget remove source KerasSharpLocal >/dev/null 2>&1 || true
dotnet nuget add source "$feed" --name KerasSharpLocal >/dev/null
echo "packed 0.1.0-$suffix into $feed (NuGet source KerasSharpLocal)"
