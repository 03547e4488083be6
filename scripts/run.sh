#!/usr/bin/env bash
# Install the pinned requirements into .venv and start the app on the embedded default (sample article loaded).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
exec .venv/bin/streamlit run app.py "$@"
