/*
 * The packages this repository publishes: every workspace package that is not private.
 * Shared by the pack, tarball-check, release-tag and clean-room scripts.
 */
const fs = require('node:fs');
const path = require('node:path');

function publishablePackages(root = path.resolve(__dirname, '../..')) {
  const rootPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const dirs = rootPkg.workspaces.flatMap(pattern => {
    const base = path.join(root, pattern.replace(/\/\*$/, ''));
    return fs.readdirSync(base).map(name => path.join(base, name));
  });
  return dirs
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
    .map(dir => ({ dir, pkg: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => !pkg.private)
    .map(({ dir, pkg }) => ({
      dir,
      name: pkg.name,
      version: pkg.version,
      // npm pack's file name: @scope/name@1.2.3 -> scope-name-1.2.3.tgz
      tarball: `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

module.exports = { publishablePackages };
