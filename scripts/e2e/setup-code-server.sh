#!/usr/bin/env bash
# Installs what the browser end-to-end test (test/e2e.codeServer.test.ts) drives: VS Code's
# web workbench served by code-server, and Debian's Chromium to load it. Everything comes
# from the npm registry and Debian's packages; nothing is downloaded from anywhere else.
#
#   scripts/e2e/setup-code-server.sh           install what is missing, print code-server's entry script
#   scripts/e2e/setup-code-server.sh --check   install nothing; print the entry script if the set-up is complete
#
# code-server goes into ${MLTRAPS_E2E_CACHE:-~/.cache/mltraps-e2e}/code-server-VERSION, outside
# the repository, so every clone on the machine shares one copy; a second run takes a second.
# MLTRAPS_SKIP_E2E=1 skips the set-up (and the test skips itself, saying so).
# Progress and errors go to stderr; stdout carries only the entry script's path.
set -euo pipefail

# The last line of code-server that runs on Node 20 (it serves VS Code 1.100).
VERSION=4.100.3
CACHE=${MLTRAPS_E2E_CACHE:-${HOME:?}/.cache/mltraps-e2e}
DIR="$CACHE/code-server-$VERSION"
ENTRY="$DIR/node_modules/code-server/out/node/entry.js"
READY="$DIR/.ready"
CHROMIUM=/usr/bin/chromium

say() { echo "e2e set-up: $*" >&2; }
fail() {
  say "FAILED: $1"
  shift
  for hint in "$@"; do echo "  $hint" >&2; done
  exit 1
}

mode=install
case "${1:-}" in
  '') ;;
  --check) mode=check ;;
  *) fail "unknown argument '$1'" "usage: $0 [--check]" ;;
esac

if [ "${MLTRAPS_SKIP_E2E:-}" = 1 ]; then
  echo "e2e set-up skipped (MLTRAPS_SKIP_E2E=1)" >&2
  exit 0
fi

# Installed means: the marker written after the last step, and the files the test runs.
installed() { [ -f "$READY" ] && [ -f "$ENTRY" ] && [ -x "$CHROMIUM" ] && command -v rg >/dev/null; }

if [ "$mode" = check ]; then
  installed || fail "code-server $VERSION and Chromium are not set up in $CACHE" \
    "run: npm run e2e:setup   (or skip the browser test with MLTRAPS_SKIP_E2E=1)"
  echo "$ENTRY"
  exit 0
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || fail "code-server $VERSION needs Node 20, this is Node $(node -v)" \
  "run the tests with Node 20, or skip the browser test with MLTRAPS_SKIP_E2E=1"

# --- Debian packages -------------------------------------------------------------------------
# chromium: the browser playwright-core drives (no browser download is possible here).
# ripgrep: VS Code's file search (Quick Open) runs rg; @vscode/ripgrep would download it.
# make, g++, python3: node-gyp builds code-server's native addons.
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
command -v make >/dev/null || missing+=(make)
command -v g++ >/dev/null || missing+=(g++)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    fail "missing Debian packages: ${missing[*]}" \
      "install them:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" \
      "or skip the browser test with MLTRAPS_SKIP_E2E=1"
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || fail "apt-get update failed" "check the machine's apt sources, then run npm run e2e:setup again"
  apt-get install -y -qq "${missing[@]}" >&2 || fail "apt-get install ${missing[*]} failed" "see apt's messages above"
fi

if installed; then
  say "code-server $VERSION ready in $DIR"
  echo "$ENTRY"
  exit 0
fi

# --- code-server ------------------------------------------------------------------------------
# Built in a staging folder and moved into place at the end, so an interrupted run leaves no
# half-installed copy behind that a later run would take for a complete one.
started=$SECONDS
mkdir -p "$CACHE"
STAGE=$(mktemp -d "$CACHE/.code-server-$VERSION.partial.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
LOGS="$STAGE/logs"
mkdir -p "$LOGS"
say "installing code-server $VERSION into $DIR (takes about a minute)"

# Runs a step with its output in logs/NAME.log, shown only when the step fails.
step() {
  local name=$1 hint=$2
  shift 2
  if ! "$@" >"$LOGS/$name.log" 2>&1; then
    tail -n 40 "$LOGS/$name.log" >&2
    fail "$name failed (the end of its log is above)" "$hint"
  fi
}
NPM_QUIET=(--no-audit --no-fund --loglevel=error)

# npm 11 runs a dependency's install scripts only when the installing package approves them.
# Of code-server's own dependencies only argon2 (password hashing, loaded at start-up) needs
# its install step, which builds the addon; code-server's post-install is done by hand below.
cat >"$STAGE/package.json" <<'JSON'
{ "name": "mltraps-e2e-code-server", "private": true, "allowScripts": { "argon2": true } }
JSON
step "npm-install-code-server" "the npm registry must be reachable" \
  npm install --prefix "$STAGE" "${NPM_QUIET[@]}" --ignore-scripts "code-server@$VERSION"
# --build-from-source: node-pre-gyp would first try to download a prebuilt addon from GitHub.
step "build-argon2" "building needs make, g++ and python3" \
  npm rebuild --prefix "$STAGE" "${NPM_QUIET[@]}" --build-from-source argon2

CODE_SERVER="$STAGE/node_modules/code-server"
VSCODE="$CODE_SERVER/lib/vscode"

# What code-server's postinstall.sh does, step by step, without the parts npm 11 blocks:
# 1. VS Code's runtime dependencies, scripts off (several would download binaries).
say "installing VS Code's dependencies"
step "npm-install-vscode" "the npm registry must be reachable" \
  npm install --prefix "$VSCODE" "${NPM_QUIET[@]}" --omit=dev --ignore-scripts

# 2. The native addons VS Code's server loads on Linux, built with npm's own node-gyp rather
#    than through their install scripts (node-pty's post-install would fetch another node-gyp
#    through npx only to write compile_commands.json). Not built: kerberos (Kerberos proxy
#    authentication only, and it needs libkrb5-dev), @vscode/deviceid and @vscode/windows-*
#    (Windows only). @parcel/watcher comes prebuilt in @parcel/watcher-linux-x64-glibc.
say "building VS Code's native addons (node-pty, spdlog, native-watchdog)"
NODE_GYP="$(dirname "$(dirname "$(realpath "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$NODE_GYP" ] || fail "npm's bundled node-gyp is not at $NODE_GYP" "reinstall npm, or report this layout"
# node-gyp learns where Node's headers are from npm's config only when npm starts it.
gyp_args=(rebuild)
nodedir=$(npm config get nodedir 2>/dev/null || true)
case "$nodedir" in '' | undefined | null) ;; *) gyp_args+=("--nodedir=$nodedir") ;; esac
for addon in node-pty @vscode/spdlog native-watchdog; do
  step "build-${addon#@vscode/}" "building needs make, g++ and python3" \
    bash -c 'cd "$1" && shift && exec node "$@"' _ "$VSCODE/node_modules/$addon" "$NODE_GYP" "${gyp_args[@]}"
done

# 3. Debian's rg where @vscode/ripgrep's post-install would have put the downloaded one.
mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"

# 4. VS Code's build expects its bundled modules in node_modules.asar (the server and some
#    extensions look there); here they are the ordinary node_modules. And the launchers of
#    the `code-server` command inside the integrated terminal and of the browser helper.
ln -sfn node_modules "$VSCODE/node_modules.asar"
ln -sfn code-linux.sh "$VSCODE/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VSCODE/bin/helpers/browser.sh"

# 5. The dependencies shared by the built-in extensions (TypeScript for the JS/TS features);
#    the extensions folder's own post-install trims it, and being the root package it runs.
say "installing the built-in extensions' dependencies"
step "npm-install-extensions" "the npm registry must be reachable" \
  npm install --prefix "$VSCODE/extensions" "${NPM_QUIET[@]}" --omit=dev

# Proof it starts: --version loads the server's modules, argon2 included. code-server writes
# a default config file on any start: keep it in the staging folder, not in the user's home.
step "code-server-version" "the installed code-server does not start" \
  env XDG_CONFIG_HOME="$STAGE/xdg/config" XDG_DATA_HOME="$STAGE/xdg/data" node "$CODE_SERVER/out/node/entry.js" --version
rm -rf "$STAGE/xdg"
say "installed: code-server $(tail -n 1 "$LOGS/code-server-version.log")"

touch "$STAGE/.ready"
rm -rf "$DIR"
mv "$STAGE" "$DIR"
trap - EXIT
say "code-server $VERSION ready in $DIR ($((SECONDS - started)) s)"
echo "$ENTRY"
