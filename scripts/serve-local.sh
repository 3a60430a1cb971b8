#!/usr/bin/env bash
# `make serve`: the production settings on this machine, on PostgreSQL, through the same entry point
# as the container (scripts/entrypoint.sh serve: migrate, collectstatic, check --deploy, then gunicorn
# and the background worker). Uses DATABASE_URL (or DATABASE_URL_FILE) when set; otherwise it creates
# a database and a role "programkontor_serve" once, with a random password kept in var/serve/.
set -euo pipefail
cd "$(dirname "$0")/.."

state="${SERVE_DIR:-$PWD/var/serve}"
mkdir -p "$state"
chmod 700 "$state"
export PATH="$PWD/.venv/bin:$PATH"

log() { printf '==> %s\n' "$*" >&2; }

admin_psql() {
  # PostgreSQL as an administrator: the postgres account (when we are root) or the current user.
  if [[ $(id -u) == 0 ]] && id postgres >/dev/null 2>&1; then
    su postgres -c "psql -X -q -v ON_ERROR_STOP=1 -p ${PGPORT:-5432}"
  else
    psql -X -q -v ON_ERROR_STOP=1 -d postgres
  fi
}

if [[ -z "${DATABASE_URL:-}" && -z "${DATABASE_URL_FILE:-}" ]]; then
  url_file="$state/database-url"
  if [[ ! -s "$url_file" ]]; then
    log "Creating the PostgreSQL database and role programkontor_serve (once)"
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    if ! admin_psql <<SQL
DO \$\$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'programkontor_serve') THEN
    ALTER ROLE programkontor_serve LOGIN PASSWORD '$password';
  ELSE
    CREATE ROLE programkontor_serve LOGIN PASSWORD '$password';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE programkontor_serve OWNER programkontor_serve'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'programkontor_serve')\gexec
SQL
    then
      log "make serve needs PostgreSQL: start it, or set DATABASE_URL=postgres://user:password@host:5432/name"
      exit 1
    fi
    (umask 077 && printf 'postgres://programkontor_serve:%s@127.0.0.1:%s/programkontor_serve\n' \
      "$password" "${PGPORT:-5432}" >"$url_file")
  fi
  export DATABASE_URL_FILE="$url_file"
fi

if [[ -z "${SECRET_KEY:-}" && -z "${SECRET_KEY_FILE:-}" ]]; then
  if [[ ! -s "$state/secret-key" ]]; then
    (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(50))' >"$state/secret-key")
  fi
  export SECRET_KEY_FILE="$state/secret-key"
fi

export DEBUG=0
export PROGRAMKONTOR_DATA_DIR="$state"
export STATIC_ROOT="${STATIC_ROOT:-$state/static}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-8000}"
export JOBS_INLINE=0
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}"

log "Serving the production settings on http://$HOST:$PORT/ (health: /healthz; stop with Ctrl-C)."
log "Pages redirect to https as in production: put a TLS proxy in front, or browse with"
log "SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 make serve"
exec scripts/entrypoint.sh serve
