#!/usr/bin/env bash
# Programkontor as a service: the one entry point of the container, of `make serve` and of a systemd
# unit. Everything comes from the environment (README, "Configuration"; docs/operations.md).
#
#   entrypoint.sh serve    prepare, then the web server and the worker side by side (the default)
#   entrypoint.sh web      prepare, then only the web server (gunicorn)
#   entrypoint.sh worker   only the background worker (db_worker) and the scheduled housekeeping
#   entrypoint.sh prepare  migrate, collect static files, run the deploy checklist, and exit
#   entrypoint.sh health   exit 0 when the local server answers /healthz
#   entrypoint.sh <command> [args]   any programkontor command (migrate, createsuperuser, ...)
#
# prepare: MIGRATE_ON_START=0 and COLLECTSTATIC_ON_START=0 leave those steps out (e.g. when a release
# job migrates, or the image has its static files already). The worker runs `clearsessions` and
# `prune_db_task_results` every HOUSEKEEPING_HOURS (24).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
programkontor="${PROGRAMKONTOR_COMMAND:-programkontor}"
gunicorn="${GUNICORN_COMMAND:-gunicorn}"
python="${PYTHON:-python3}"

log() { printf '[entrypoint] %s\n' "$*" >&2; }

prepare() {
  if [[ "${MIGRATE_ON_START:-1}" == 1 ]]; then
    log "migrating the database"
    "$programkontor" migrate --no-input
  fi
  if [[ "${COLLECTSTATIC_ON_START:-1}" == 1 ]]; then
    log "collecting static files"
    "$programkontor" collectstatic --no-input --verbosity 0
  fi
  log "deploy checklist (warnings are shown, not fatal)"
  "$programkontor" check --deploy
}

web() {
  exec "$gunicorn" --config python:programkontor.gunicorn_conf programkontor.wsgi:application
}

housekeeping() {
  local hours="${HOUSEKEEPING_HOURS:-24}" pause
  trap 'kill "$pause" 2>/dev/null || true; exit 0' TERM INT
  while true; do
    sleep "$((hours * 3600))" &
    pause=$!
    wait "$pause"
    log "housekeeping: expired sessions and finished jobs"
    "$programkontor" clearsessions || log "clearsessions failed"
    "$programkontor" prune_db_task_results --min-age-days 14 || log "prune_db_task_results failed"
  done
}

# Runs until the worker ends; TERM or INT stop the worker (it finishes its task) and the housekeeping.
worker() {
  housekeeping &
  local keeper=$!
  "$programkontor" db_worker &
  local runner=$!
  trap 'kill -TERM "$runner" "$keeper" 2>/dev/null || true' TERM INT
  local status=0
  wait "$runner" || status=$?
  if kill -0 "$runner" 2>/dev/null; then
    status=0
    wait "$runner" || status=$?
  fi
  kill -TERM "$keeper" 2>/dev/null || true
  wait "$keeper" 2>/dev/null || true
  return "$status"
}

serve() {
  prepare
  local pids=()
  log "starting the worker"
  worker &
  pids+=($!)
  log "starting the web server"
  web &
  pids+=($!)
  # Stop both when asked to (status 0), or when either of them ends (then with its status).
  local stopping=0 status=0
  trap 'stopping=1; kill -TERM "${pids[@]}" 2>/dev/null || true' TERM INT
  wait -n "${pids[@]}" || status=$?
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  if ((stopping)); then
    status=0
  fi
  exit "$status"
}

mode="${1:-serve}"
case "$mode" in
  serve) serve ;;
  web) prepare; web ;;
  worker) worker ;;
  prepare) prepare ;;
  health) exec "$python" "$here/healthcheck.py" ;;
  *) exec "$programkontor" "$@" ;;
esac
