#!/usr/bin/env bash
# The release binary as shipped and benchmarked: the Swift runtime linked statically (nothing of it relocated at
# start) and unused sections dropped by the linker. Extra arguments go to `swift build` (e.g. --product navigator).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib -Xlinker --gc-sections "$@"
