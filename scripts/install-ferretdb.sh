#!/usr/bin/env bash
# Builds FerretDB (a MongoDB wire-protocol server on SQLite) once and prints the binary's path.
# .ci/run starts it on a free port and runs the tests with MONGODB_URI pointing at it.
# Needs Go (https://go.dev/dl/); the module comes from the Go module proxy. Cached in
# ${DORAFLOW_TOOLS_DIR:-~/.cache/doraflow}, so later runs on the same machine build nothing.
#
# Why not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`: the module as published
# lacks build/version/version.txt, and a binary built from it that way panics at start ("Invalid
# build/version/version.txt file content"). This builds the same module source with that file written.
set -euo pipefail
version=1.24.2
# Go needs a home for its caches; Go's official install lives in /usr/local/go when not on PATH.
export HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
command -v go >/dev/null 2>&1 || PATH="$PATH:/usr/local/go/bin"
dir="${DORAFLOW_TOOLS_DIR:-${HOME}/.cache/doraflow}"
bin="$dir/ferretdb-$version"
if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi
command -v go >/dev/null 2>&1 || {
  echo "FerretDB is built with Go, which is not installed (https://go.dev/dl/)" >&2
  exit 1
}
mkdir -p "$dir"
module_dir=$(cd "$dir" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@v$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$module_dir" ] || { echo "go mod download did not give FerretDB v$version's source" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$module_dir/." "$work/"
chmod -R u+w "$work"
echo "v$version" >"$work/build/version/version.txt"
echo "building FerretDB v$version (once, about two minutes)" >&2
(cd "$work" && CGO_ENABLED=0 go build -trimpath -o "$bin.tmp" ./cmd/ferretdb)
mv "$bin.tmp" "$bin"
echo "$bin"
