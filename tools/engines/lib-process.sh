# Sourced by the start-*/stop-* engine scripts: an engine's whole process group, recorded at start
# and ended at stop, so nothing it forked (PostgreSQL's backends, moto's Lambda runs under node)
# outlives the suite even when the leader is already gone or ignores its first signal.

# record_group PID FILE: writes PID to FILE once PID leads its own process group (started under
# setsid, or a daemon that calls setsid itself); fails when it does not within 5 s, so a process
# sharing the caller's group is never recorded (stop_group would end the caller).
record_group() {
  local pid=$1 file=$2 i
  for ((i = 0; i < 50; i++)); do
    [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$pid" ] && { echo "$pid" >"$file"; return 0; }
    sleep 0.1
  done
  echo "[engines] process $pid does not lead a process group of its own" >&2
  return 1
}

# stop_group FILE [GRACE_SECONDS]: SIGTERM to the group FILE names, SIGKILL to what is left after the
# grace period (default 10 s); removes FILE. A missing file or an empty group is fine (idempotent).
stop_group() {
  local file=$1 grace=${2:-10} pgid
  [ -f "$file" ] || return 0
  pgid=$(cat "$file")
  # Never signal our own group (a bad file would otherwise end the caller).
  if [[ "$pgid" =~ ^[0-9]+$ ]] && [ "$pgid" -gt 1 ] && [ "$pgid" != "$(ps -o pgid= -p $$ | tr -d ' ')" ]; then
    kill -TERM -- "-$pgid" 2>/dev/null
    local i
    for ((i = 0; i < grace * 4; i++)); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pgid" 2>/dev/null
  fi
  rm -f "$file"
}
