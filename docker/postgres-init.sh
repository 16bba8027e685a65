#!/bin/sh
# Creates the synd warehouse next to Airflow's metadata database (run once by the postgres image,
# from /docker-entrypoint-initdb.d, on an empty data volume). The password comes from the
# environment (SYND_DB_PASSWORD, set in docker/.env), never from this file; psql quotes it.
set -eu
: "${SYND_DB_PASSWORD:?set SYND_DB_PASSWORD in docker/.env}"
psql -v ON_ERROR_STOP=1 -v user="${SYND_DB_USER:-synd}" -v db="${SYND_DB_NAME:-synd}" -v pw="$SYND_DB_PASSWORD" \
    --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" <<'SQL'
CREATE USER :"user" WITH PASSWORD :'pw';
CREATE DATABASE :"db" OWNER :"user";
SQL
