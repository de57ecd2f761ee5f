#!/usr/bin/env bash
# redis-benchmark against redis-server directly, through `poolkit proxy` and through HAProxy
# (mode tcp, maxconn 4000), all on 127.0.0.1 in one run; writes a markdown table of requests/s,
# p50 and p99 latency, and each figure's ratio to direct and to HAProxy.
#
# Every target is treated alike, so that neither JIT warm-up nor one hiccup decides a cell:
# - one discarded warm-up pass per target first (both pipeline depths, GET and SET);
# - the pipelined cells get more requests (PIPELINED_REQUESTS), so that each runs for seconds;
# - ROUNDS interleaved rounds (each round runs every target once per cell, in an order rotated
#   from round to round); the table gives each cell's median and, beside it, the spread
#   (lowest-highest) over the rounds.
#
# Usage: poolkit-bench/proxy-bench.sh [OUTPUT.md]     (default: poolkit-bench/target/proxy-bench.md)
# Environment:
#   REQUESTS             requests per unpipelined redis-benchmark run (default 200000)
#   PIPELINED_REQUESTS   requests per pipelined run (default 3000000)
#   WARMUP_REQUESTS      requests of each warm-up run, per depth (default 200000)
#   ROUNDS               measured rounds (default 3)
#   CLIENTS              concurrent clients (default 50)
#   PIPELINE             the pipelined run's depth (default 16)
#   TARGETS              which targets to run, a subset of "direct poolkit haproxy" (default all)
#   POOLKIT_ARGS         extra `poolkit proxy` options (for example --config FILE)
#   REDIS_PORT, POOLKIT_PORT, HAPROXY_PORT   loopback ports (default 16379, 16380, 16381)
# Installs redis-server, redis-tools and haproxy with apt-get when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-"$root/poolkit-bench/target/proxy-bench.md"}
requests=${REQUESTS:-200000}
pipelined_requests=${PIPELINED_REQUESTS:-3000000}
warmup_requests=${WARMUP_REQUESTS:-200000}
rounds=${ROUNDS:-3}
wanted=${TARGETS:-direct poolkit haproxy}
clients=${CLIENTS:-50}
pipeline=${PIPELINE:-16}
redis_port=${REDIS_PORT:-16379}
poolkit_port=${POOLKIT_PORT:-16380}
haproxy_port=${HAPROXY_PORT:-16381}

for v in requests pipelined_requests warmup_requests rounds clients pipeline; do
  if ! [[ ${!v} =~ ^[1-9][0-9]*$ ]]; then
    echo "proxy-bench: ${v^^} must be a positive integer, but was '${!v}'" >&2
    exit 2
  fi
done

bad_targets() {
  echo "proxy-bench: TARGETS must be some of: direct poolkit haproxy, but was '$wanted'" >&2
  exit 2
}
[ -n "${wanted// /}" ] || bad_targets
for w in $wanted; do
  case $w in direct | poolkit | haproxy) ;; *) bad_targets ;; esac
done
if [ "$pipeline" -lt 2 ]; then
  echo "proxy-bench: PIPELINE must be at least 2, but was $pipeline" >&2
  exit 2
fi

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

is_wanted() { case " $wanted " in *" $1 "*) return 0 ;; esac; return 1; }
if is_wanted poolkit; then
  # shellcheck disable=SC2086 # POOLKIT_ARGS is a list of options on purpose
  "$root/bin/poolkit" proxy --listen "127.0.0.1:$poolkit_port" --backend "127.0.0.1:$redis_port" ${POOLKIT_ARGS:-} \
    >"$work/poolkit.log" 2>&1 &
  pids+=($!)
  wait_for_port "poolkit proxy" "$poolkit_port"
fi

if is_wanted haproxy; then
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
fi

# target,port pairs; direct first: the ratios divide by it.
targets=()
for t in "direct,$redis_port" "poolkit,$poolkit_port" "haproxy,$haproxy_port"; do
  if is_wanted "${t%,*}"; then targets+=("$t"); fi
done
names=("${targets[@]%,*}")
results="$work/results.csv" # target,pipeline,test,rps,p50,p99 (one line per round)

bench() { # target port pipeline requests
  redis-benchmark -h 127.0.0.1 -p "$2" -c "$clients" -n "$4" -t get,set -P "$3" --csv \
    | tr -d '"' | awk -F, -v target="$1" -v p="$3" 'NR > 1 { print target "," p "," $1 "," $2 "," $5 "," $7 }'
}

for t in "${targets[@]}"; do
  echo "proxy-bench: warming up ${t%,*} ($warmup_requests requests per depth, discarded)" >&2
  bench "${t%,*}" "${t#*,}" 1 "$warmup_requests" >/dev/null
  bench "${t%,*}" "${t#*,}" "$pipeline" "$warmup_requests" >/dev/null
done
: >"$results"
for r in $(seq 1 "$rounds"); do
  for p in 1 "$pipeline"; do
    n=$requests
    [ "$p" -gt 1 ] && n=$pipelined_requests
    for i in "${!targets[@]}"; do
      t=${targets[$(((i + r - 1) % ${#targets[@]}))]} # rotated: no target always runs first
      echo "proxy-bench: round $r/$rounds, ${t%,*}, pipeline $p, $clients clients, $n requests" >&2
      bench "${t%,*}" "${t#*,}" "$p" "$n" >>"$results"
    done
  done
done

{
  echo "redis-benchmark -c $clients -t get,set (--csv), 127.0.0.1, $(date -u +%Y-%m-%d): $requests requests unpipelined, $pipelined_requests with -P $pipeline;"
  echo "median of $rounds interleaved rounds after one discarded warm-up pass per target (spread: lowest-highest of the rounds)"
  echo "redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p'), $(haproxy -v | head -1 | cut -d' ' -f1-3), $(nproc) cores"
  echo
  echo "| target | pipeline | test | requests/s | p50 ms | p99 ms | requests/s vs direct | p99 vs direct | requests/s vs haproxy | p99 vs haproxy | requests/s spread | p99 spread ms |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  sort -t, -k1,1 -k2,2n -k3,3 "$results" | awk -F, -v order="${names[*]}" '
    function median(list, n,    a, i, j, t) { # list: space-separated numbers
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j > 0 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
      lo = a[1]; hi = a[n]
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function ratio(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "-" }
    {
      key = $1 "," $2 "," $3
      if (!(key in rps)) keys[++nkeys] = key
      rps[key] = rps[key] " " $4; p50[key] = p50[key] " " $5; p99[key] = p99[key] " " $6
    }
    END {
      for (k = 1; k <= nkeys; k++) {
        key = keys[k]
        mr[key] = median(rps[key]); rlo[key] = lo; rhi[key] = hi
        m50[key] = median(p50[key])
        m99[key] = median(p99[key]); plo[key] = lo; phi[key] = hi
      }
      nt = split(order, tn, " ")
      for (pass = 1; pass <= 2; pass++)
        for (i = 1; i <= nt; i++)
          for (k = 1; k <= nkeys; k++) {
            split(keys[k], f, ",")
            if (f[1] != tn[i] || (pass == 1) != (f[2] == 1)) continue
            d = "direct," f[2] "," f[3]; h = "haproxy," f[2] "," f[3]
            printf "| %s | %s | %s | %.0f | %.3f | %.3f | %s | %s | %s | %s | %.0f-%.0f | %.3f-%.3f |\n",
              f[1], f[2], f[3], mr[keys[k]], m50[keys[k]], m99[keys[k]],
              ratio(mr[keys[k]], mr[d]), ratio(m99[keys[k]], m99[d]),
              ratio(mr[keys[k]], mr[h]), ratio(m99[keys[k]], m99[h]),
              rlo[keys[k]], rhi[keys[k]], plo[keys[k]], phi[keys[k]]
          }
    }'
} | tee "$out"
echo "proxy-bench: wrote $out" >&2
