#!/usr/bin/env bash
# Install the pinned requirements into .venv and start the app on the embedded default (sample article loaded).
# Without GOFTAR_AUTH (single-user local mode, full rights, no login) it listens on 127.0.0.1 only; with GOFTAR_AUTH
# (logins and roles) it listens on GOFTAR_ADDRESS, by default every interface, so a team can reach it.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
if [ -n "${GOFTAR_AUTH:-}" ]; then
  address="${GOFTAR_ADDRESS:-0.0.0.0}"
else
  address=127.0.0.1
  if [ -n "${GOFTAR_ADDRESS:-}" ]; then
    echo "GOFTAR_ADDRESS=${GOFTAR_ADDRESS} ignored: without GOFTAR_AUTH the app listens on 127.0.0.1 only" \
         "(every visitor would get full rights). Set GOFTAR_AUTH to open it to a team." >&2
  fi
fi
exec .venv/bin/streamlit run app.py --server.address "$address" "$@"
