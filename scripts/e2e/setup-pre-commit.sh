#!/usr/bin/env bash
# Installs the pre-commit framework that test/preCommit.test.ts runs against a temporary git
# repository using this checkout's .pre-commit-hooks.yaml. Debian's package is enough (bookworm
# ships 3.0.4); its `language: node` hooks use the system node and npm, so no Node download.
# MLTRAPS_SKIP_E2E=1 skips it; the test then reports itself as skipped, with the reason.
set -euo pipefail

if [ "${MLTRAPS_SKIP_E2E:-}" = "1" ]; then
  echo "setup-pre-commit: MLTRAPS_SKIP_E2E=1, not installing pre-commit (the pre-commit test will be skipped)"
  exit 0
fi

if command -v pre-commit >/dev/null 2>&1; then
  echo "setup-pre-commit: pre-commit $(pre-commit --version | awk '{print $2}') at $(command -v pre-commit)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup-pre-commit: pre-commit is not installed and installing it needs root." >&2
  echo "  Install it yourself (e.g. 'sudo apt-get install pre-commit' or 'pipx install pre-commit'), or set MLTRAPS_SKIP_E2E=1 to skip the test." >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-pre-commit: pre-commit is not installed and there is no apt-get to install it with." >&2
  echo "  Install pre-commit 3 or newer (e.g. 'pipx install pre-commit'), or set MLTRAPS_SKIP_E2E=1 to skip the test." >&2
  exit 1
fi

echo "setup-pre-commit: installing Debian's pre-commit package"
export DEBIAN_FRONTEND=noninteractive
# Another set-up (or unattended-upgrades) may hold the dpkg lock: wait for it instead of failing.
apt_wait=(-o DPkg::Lock::Timeout=600)
apt-get "${apt_wait[@]}" update -qq
# Recommends are not needed to run hooks from a local repository.
apt-get "${apt_wait[@]}" install -y -qq --no-install-recommends pre-commit >/dev/null
echo "setup-pre-commit: pre-commit $(pre-commit --version | awk '{print $2}') installed at $(command -v pre-commit)"
