#!/usr/bin/env bash
# The gateway's benchmarks against the sandbox, with figures: CPU per chat
# turn and throughput against a bare reverse proxy, latency at 200
# sessions against direct SDK calls, memory per idle session, STS calls
# behind concurrent first requests. Each side's repetitions are
# interleaved in one run. Without QBIZ_BENCH=1 the same test is a smoke
# run of the suite. Not under -race: the figures are the product's.
set -euo pipefail
cd "$(dirname "$0")/.."
QBIZ_BENCH=1 go test -count=1 -timeout 30m -run '^TestGatewayBenchmarks$' -v ./e2e "$@"
