#!/usr/bin/env bash
# Installs the headless Neovim that test/neovim.lsp.test.ts drives as a second LSP client.
# Debian's package is enough (bookworm ships 0.7.2); the test's Lua works on 0.7 and newer.
# MLTRAPS_SKIP_E2E=1 skips it; the test then reports itself as skipped, with the reason.
set -euo pipefail

if [ "${MLTRAPS_SKIP_E2E:-}" = "1" ]; then
  echo "setup-neovim: MLTRAPS_SKIP_E2E=1, not installing Neovim (the Neovim test will be skipped)"
  exit 0
fi

if command -v nvim >/dev/null 2>&1; then
  echo "setup-neovim: $(nvim --version | head -n 1) at $(command -v nvim)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup-neovim: nvim is not installed and installing it needs root." >&2
  echo "  Install it yourself (e.g. 'sudo apt-get install neovim'), or set MLTRAPS_SKIP_E2E=1 to skip the editor tests." >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-neovim: nvim is not installed and there is no apt-get to install it with." >&2
  echo "  Install Neovim 0.7 or newer, or set MLTRAPS_SKIP_E2E=1 to skip the editor tests." >&2
  exit 1
fi

echo "setup-neovim: installing Debian's neovim package"
export DEBIAN_FRONTEND=noninteractive
# Another set-up (or unattended-upgrades) may hold the dpkg lock: wait for it instead of failing.
apt_wait=(-o DPkg::Lock::Timeout=600)
apt-get "${apt_wait[@]}" update -qq
# Recommends would pull in python3-pynvim, xclip and friends, none of which a headless run needs.
apt-get "${apt_wait[@]}" install -y -qq --no-install-recommends neovim >/dev/null
echo "setup-neovim: $(nvim --version | head -n 1) installed at $(command -v nvim)"
