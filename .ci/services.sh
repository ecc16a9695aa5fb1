#!/usr/bin/env bash
# Starts PostgreSQL and MariaDB on 127.0.0.1 if they are down, and creates the database the tests
# use. Idempotent. S3Proxy and the HTTP servers are started by the tests themselves.
set -uo pipefail

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
maria_up() { mariadb -h 127.0.0.1 -P 3306 -uroot -e 'select 1' >/dev/null 2>&1; }

if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_up; then
  echo "ci: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
fi
if ! maria_up && [ -x /usr/sbin/mariadbd ]; then
  echo "ci: starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi
for _ in $(seq 1 60); do
  if pg_up && maria_up; then break; fi
  sleep 1
done
pg_up && echo "ci: PostgreSQL is up" || echo "ci: WARNING PostgreSQL is not reachable on 127.0.0.1:5432"
maria_up && echo "ci: MariaDB is up" || echo "ci: WARNING MariaDB is not reachable on 127.0.0.1:3306"

if pg_up; then
  psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = 'sluice_test'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "create database sluice_test"
  # PgTlsCopyTest turns TLS on for its duration; a run cut short leaves it on: turn it off again.
  if psql -h 127.0.0.1 -U postgres -tAc "select setting from pg_file_settings where name = 'ssl_cert_file'" \
    | grep -q sluice-test-tls; then
    echo "ci: turning off the TLS an interrupted test run left on in PostgreSQL"
    psql -h 127.0.0.1 -U postgres -q -c "alter system reset ssl" -c "alter system reset ssl_cert_file" \
      -c "alter system reset ssl_key_file" -c "select pg_reload_conf()" >/dev/null
  fi
fi
if maria_up; then
  mariadb -h 127.0.0.1 -uroot -e "create database if not exists sluice_test"
fi
exit 0
