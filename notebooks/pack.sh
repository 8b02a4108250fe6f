#!/usr/bin/env bash
# Packs KerasSharp and KerasSharp.Extensions into a local NuGet feed, so that the notebook's
# `#r "nuget: KerasSharp.Extensions, *-*"` finds them.
#
# What it changes on your machine, and how to undo it:
#   - the feed folder ${XDG_DATA_HOME:-~/.local/share}/kerassharp/feed (or $KERASSHARP_FEED), holding only the
#     packages of the current sources;
#   - one package source, KerasSharpLocal, pointing at that feed, in your user NuGet configuration
#     (~/.nuget/NuGet/NuGet.Config), added once: the .NET kernel reads sources from there only;
#   - packages it made, as NuGet caches them once the kernel used them (~/.nuget/packages/kerassharp*/0.1.0-local.*):
#     only the current version is kept there too.
# `bash notebooks/pack.sh --uninstall` removes all three and leaves the configuration as it was before.
#
# The version is named after the sources' content: an unchanged tree is not packed again, and a changed one gets
# a new version, so that the kernel, which caches packages by version, never runs a stale copy.
set -euo pipefail
cd "$(dirname "$0")/.."
feed="${KERASSHARP_FEED:-${XDG_DATA_HOME:-$HOME/.local/share}/kerassharp/feed}"
source_name=KerasSharpLocal
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"

# The feed folder a NuGet source of that name points at, or nothing.
registered_feed() {
  dotnet nuget list source --format detailed | awk -v name="$source_name" '
    found { sub(/^[ \t]+/, ""); print; exit }
    $2 == name { found = 1 }'
}

if [ "${1:-}" = "--uninstall" ]; then
  if [ -n "$(registered_feed)" ]; then
    dotnet nuget remove source "$source_name" >/dev/null
    echo "removed the NuGet source $source_name from your user NuGet configuration"
  fi
  rm -rf "$feed" "$cache"/kerassharp/*-local.* "$cache"/kerassharp.extensions/*-local.*
  echo "removed $feed and KerasSharp's local packages from $cache"
  exit 0
elif [ $# -gt 0 ]; then
  echo "usage: bash notebooks/pack.sh [--uninstall]" >&2
  exit 2
fi

hash=$(find src/KerasSharp src/KerasSharp.Extensions Directory.Build.props Directory.Packages.props -type f \
         -not -path '*/bin/*' -not -path '*/obj/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
# A letter first: a pre-release part made of digits alone must not start with 0.
version="0.1.0-local.h$hash"
mkdir -p "$feed"
if [ -f "$feed/KerasSharp.$version.nupkg" ] && [ -f "$feed/KerasSharp.Extensions.$version.nupkg" ]; then
  echo "KerasSharp $version (the current sources) is already in $feed"
else
  # Earlier local versions go, from the feed and from NuGet's cache, so neither grows with each change.
  find "$feed" -maxdepth 1 -name 'KerasSharp*.nupkg' -delete
  rm -rf "$cache"/kerassharp/*-local.* "$cache"/kerassharp.extensions/*-local.*
  for project in src/KerasSharp/KerasSharp.csproj src/KerasSharp.Extensions/KerasSharp.Extensions.csproj; do
    dotnet pack "$project" -c Release -o "$feed" -p:Version="$version" -v quiet --nologo
  done
  echo "packed KerasSharp $version into $feed"
fi

current=$(registered_feed)
if [ "$current" != "$feed" ]; then
  if [ -n "$current" ]; then
    dotnet nuget update source "$source_name" --source "$feed" >/dev/null
  else
    dotnet nuget add source "$feed" --name "$source_name" >/dev/null
  fi
  echo "registered the NuGet source $source_name -> $feed in your user NuGet configuration (undo: bash notebooks/pack.sh --uninstall)"
fi
