#!/bin/bash
# startup.sh - time from launch to "ready" and idle RSS, for any pasta-compatible binary.
#
# Usage (as root): bench/startup.sh [-n RUNS] PASTA_BINARY...
#
# Runs inside a private sandbox: a fresh network namespace with a fake uplink (veth whose peer stays in the
# same sandbox), 198.51.100.2/24 + 2001:db8:100::2/64, default routes via .1 / ::1; nothing leaves it. Each
# binary runs as uid 65534 with a 0666 copy of /dev/net/tun bind-mounted in a private mount namespace.
#   attach: `BIN --config-net -P FILE PID` against `unshare -rUn sleep` held by that user; the time until the
#           invoked process exits 0 (pasta's readiness contract); then idle RSS of the daemon after 2 s.
#   spawn:  `BIN --config-net -- sh -c 'date +%s%N'`: the time until the command runs (it starts only once
#           the namespace is ready), and the time until BIN has exited.
# Prints one line per binary with medians (and min/max) over RUNS.
set -eu
RUNS=10
[ "${1:-}" = -n ] && { RUNS=$2; shift 2; }
[ $# -ge 1 ] || { sed -n 2,14p "$0"; exit 1; }
NS=jpbench-$$
TMP=$(mktemp -d)
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
ip netns add "$NS"
ip -n "$NS" link add eth0 type veth peer name peer0
ip -n "$NS" addr add 198.51.100.2/24 dev eth0
ip -n "$NS" addr add 2001:db8:100::2/64 dev eth0 nodad
for l in lo eth0 peer0; do ip -n "$NS" link set "$l" up; done
ip -n "$NS" route add default via 198.51.100.1
ip -n "$NS" -6 route add default via 2001:db8:100::1
ip netns exec "$NS" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
mknod "$TMP/tun" c 10 200 && chmod 666 "$TMP/tun"
chmod 777 "$TMP"

# as_user CMD...: run as uid 65534 in the sandbox, with the usable tun device
as_user() {
	ip netns exec "$NS" unshare --mount -- sh -c 'mount --bind "$0" /dev/net/tun && exec "$@"' "$TMP/tun" \
		setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all env HOME="$TMP" TMPDIR="$TMP" "$@"
}
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f (%.1f-%.1f)", m, a[1], a[NR]}'; }

for bin in "$@"; do
	: >"$TMP/attach"; : >"$TMP/rss"; : >"$TMP/spawn"; : >"$TMP/spawn_total"
	chmod 666 "$TMP"/attach "$TMP"/rss
	for ((i = 0; i < RUNS; i++)); do
		as_user sh -c '
			unshare -rUn sleep 60 & h=$!
			while [ "$(readlink /proc/$h/ns/net)" = "$(readlink /proc/self/ns/net)" ]; do sleep 0.01; done
			t0=$(date +%s%N)
			"$0" -q --config-net -P "$1/pid" $h >/dev/null 2>&1 || echo FAIL >&2
			t1=$(date +%s%N)
			echo $(( (t1 - t0) / 1000 )) >>"$1/attach"
			sleep 2
			p=$(cat "$1/pid"); awk "/VmRSS/ {print \$2}" /proc/$p/status >>"$1/rss"
			kill $p; kill $h; wait $h 2>/dev/null; true' "$bin" "$TMP"
		t0=$(date +%s%N)
		t=$(as_user "$bin" -q --config-net -- sh -c 'date +%s%N' 2>/dev/null)
		t2=$(date +%s%N)
		echo $(( (t - t0) / 1000 )) >>"$TMP/spawn"
		echo $(( (t2 - t0) / 1000 )) >>"$TMP/spawn_total"
	done
	printf '%s: attach ready %s ms, spawn command start %s ms, spawn total %s ms, idle RSS %s MiB (n=%d)\n' "$bin" \
		"$(awk '{print $1/1000}' "$TMP/attach" | median)" "$(awk '{print $1/1000}' "$TMP/spawn" | median)" \
		"$(awk '{print $1/1000}' "$TMP/spawn_total" | median)" "$(awk '{print $1/1024}' "$TMP/rss" | median)" "$RUNS"
done
