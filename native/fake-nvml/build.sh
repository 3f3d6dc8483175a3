#!/bin/sh
# Compiles the fake NVML into OUT_DIR/libnvidia-ml.so.1 with the system C compiler.
# Called by Maven (exec-maven-plugin, generate-test-resources) before the tests run.
# Usage: build.sh OUT_DIR
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build.sh OUT_DIR}"

cc_bin="${CC:-}"
if [ -z "$cc_bin" ]; then
  for c in cc gcc clang; do
    if command -v "$c" >/dev/null 2>&1; then cc_bin="$c"; break; fi
  done
fi
if [ -z "$cc_bin" ]; then
  echo "fake-nvml: no C compiler found (tried \$CC, cc, gcc, clang)." >&2
  echo "fake-nvml: the tests need one to build native/fake-nvml; install gcc (apt-get install gcc libc6-dev)" >&2
  echo "fake-nvml: or skip the tests with -DskipTests." >&2
  exit 1
fi

mkdir -p "$out"
src="$here/fake_nvml.c"
lib="$out/libnvidia-ml.so.1"
# Rebuild only when the source is newer: keeps repeated test runs fast.
if [ -f "$lib" ] && [ ! "$src" -nt "$lib" ]; then
  exit 0
fi
# Warnings are shown but not fatal: a newer compiler with new warnings must not break the build.
"$cc_bin" -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -fPIC -shared \
  -o "$lib.tmp" "$src" -lpthread
mv "$lib.tmp" "$lib"
