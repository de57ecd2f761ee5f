#!/usr/bin/env bash
# redis-benchmark against redis-server directly, through `poolkit proxy` and through HAProxy
# (mode tcp, maxconn 4000), all on 127.0.0.1 in one run; writes a markdown table of requests/s,
# p50 and p99 latency, and each figure's ratio to direct.
#
# Usage: poolkit-bench/proxy-bench.sh [OUTPUT.md]     (default: poolkit-bench/target/proxy-bench.md)
# Environment:
#   REQUESTS    requests per redis-benchmark run (default 200000)
#   CLIENTS     concurrent clients (default 50)
#   PIPELINE    the pipelined run's depth (default 16)
#   REDIS_PORT, POOLKIT_PORT, HAPROXY_PORT   loopback ports (default 16379, 16380, 16381)
# Installs redis-server, redis-tools and haproxy with apt-get when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-"$root/poolkit-bench/target/proxy-bench.md"}
requests=${REQUESTS:-200000}
clients=${CLIENTS:-50}
pipeline=${PIPELINE:-16}
redis_port=${REDIS_PORT:-16379}
poolkit_port=${POOLKIT_PORT:-16380}
haproxy_port=${HAPROXY_PORT:-16381}

install_missing() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v redis-benchmark >/dev/null 2>&1 || missing+=(redis-tools)
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "proxy-bench: missing ${missing[*]} and no apt-get to install them" >&2
    exit 1
  fi
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  echo "proxy-bench: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pids=()
work=$(mktemp -d)
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

wait_for_port() { # name port
  for _ in $(seq 1 600); do
    if redis-cli -h 127.0.0.1 -p "$2" ping 2>/dev/null | grep -q PONG; then
      return 0
    fi
    sleep 0.1
  done
  echo "proxy-bench: $1 did not answer on 127.0.0.1:$2" >&2
  exit 1
}

install_missing
mkdir -p "$(dirname "$out")"

redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --protected-mode yes \
  >"$work/redis.log" 2>&1 &
pids+=($!)
wait_for_port redis-server "$redis_port"

"$root/bin/poolkit" proxy --listen "127.0.0.1:$poolkit_port" --backend "127.0.0.1:$redis_port" \
  >"$work/poolkit.log" 2>&1 &
pids+=($!)
wait_for_port "poolkit proxy" "$poolkit_port"

cat >"$work/haproxy.cfg" <<EOF
global
  maxconn 4000
defaults
  mode tcp
  timeout connect 5s
  timeout client 1m
  timeout server 1m
frontend redis_in
  bind 127.0.0.1:$haproxy_port
  default_backend redis
backend redis
  server r1 127.0.0.1:$redis_port
EOF
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
pids+=($!)
wait_for_port haproxy "$haproxy_port"

# target,port pairs; direct first: the ratios divide by it.
targets=("direct,$redis_port" "poolkit,$poolkit_port" "haproxy,$haproxy_port")
results="$work/results.csv" # target,pipeline,test,rps,p50,p99
: >"$results"
for p in 1 "$pipeline"; do
  for t in "${targets[@]}"; do
    name=${t%,*}
    port=${t#*,}
    echo "proxy-bench: $name, pipeline $p, $clients clients, $requests requests" >&2
    redis-benchmark -h 127.0.0.1 -p "$port" -c "$clients" -n "$requests" -t get,set -P "$p" --csv \
      | tr -d '"' | awk -F, -v target="$name" -v p="$p" 'NR > 1 { print target "," p "," $1 "," $2 "," $5 "," $7 }' \
      >>"$results"
  done
done

{
  echo "redis-benchmark -c $clients -n $requests -t get,set (--csv), 127.0.0.1, $(date -u +%Y-%m-%d)"
  echo "redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p'), $(haproxy -v | head -1 | cut -d' ' -f1-3), $(nproc) cores"
  echo
  echo "| target | pipeline | test | requests/s | p50 ms | p99 ms | requests/s vs direct | p99 vs direct |"
  echo "|---|---|---|---:|---:|---:|---:|---:|"
  awk -F, '
    $1 == "direct" { rps[$2 "," $3] = $4; p99[$2 "," $3] = $6 }
    { rows[NR] = $0 }
    END {
      for (i = 1; i <= NR; i++) {
        split(rows[i], f, ",")
        key = f[2] "," f[3]
        printf "| %s | %s | %s | %.0f | %.3f | %.3f | %.2fx | %.2fx |\n", f[1], f[2], f[3], f[4], f[5], f[6], f[4] / rps[key], (p99[key] > 0 ? f[6] / p99[key] : 0)
      }
    }' "$results"
} | tee "$out"
echo "proxy-bench: wrote $out" >&2
