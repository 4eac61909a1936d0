#!/usr/bin/env bash
# Installs everything the tests need and runs them all: lint, type-check, unit, store and API
# suites on SQLite and on a throwaway PostgreSQL, and the end-to-end suites with real processes.
set -euo pipefail
cd "$(dirname "$0")/.."

have_postgres() {
  command -v initdb >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}
if ! have_postgres; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test-all: installing PostgreSQL (apt-get install -y postgresql)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "test-all: PostgreSQL server binaries are missing; install them with: sudo apt-get install -y postgresql" >&2
    exit 1
  fi
fi

# The stock OpenStack client checks the identity API with keystoneauth1, as the StarlingX clients use it.
if ! command -v openstack >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test-all: installing the OpenStack client (apt-get install -y python3-openstackclient)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-openstackclient >/dev/null
  else
    echo "test-all: the openstack client is missing; install it with: sudo apt-get install -y python3-openstackclient" >&2
    exit 1
  fi
fi

# The fault-management tests deliver alarm changes to a real Prometheus Alertmanager; they start
# their own instance (test-support/alertmanager.ts), so the package's service is never needed.
if [ ! -x /usr/bin/prometheus-alertmanager ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test-all: installing Prometheus Alertmanager (apt-get install -y prometheus-alertmanager)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus-alertmanager >/dev/null
  else
    echo "test-all: /usr/bin/prometheus-alertmanager is missing; install it with: sudo apt-get install -y prometheus-alertmanager" >&2
    exit 1
  fi
fi

npm ci --no-audit --no-fund
npm run lint
npm run typecheck
npx vitest run
