#!/usr/bin/env node
/*
 * Packs every publishable package the way `npm publish` would: `npm pack` runs each
 * package's prepack (`backstage-cli package prepack`: exports, types and main rewritten to
 * dist/, config.d.ts compiled to config.schema.json) and postpack (restores package.json).
 *
 *   node scripts/release/pack.js [--out DIR] [--no-build]
 *
 * Builds first (tsc for the type declarations, then `backstage-cli repo build`, which builds
 * every package that is not an app or a backend), unless --no-build. Prints one line per
 * tarball and writes DIR/tarballs.json (name, version, file, size) for the scripts that
 * install the tarballs. Default DIR: dist-packages/ at the repository root.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { publishablePackages } = require('./packages');

const root = path.resolve(__dirname, '../..');

function parseArgs(argv) {
  const args = { out: path.join(root, 'dist-packages'), build: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else if (argv[i] === '--no-build') args.build = false;
    else throw new Error(`Unknown argument ${argv[i]}`);
  }
  return args;
}

function run(cmd, args, cwd) {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (args.build) {
    run('npx', ['tsc'], root);
    run('npx', ['backstage-cli', 'repo', 'build'], root);
  }
  fs.rmSync(args.out, { recursive: true, force: true });
  fs.mkdirSync(args.out, { recursive: true });
  const packed = [];
  for (const pkg of publishablePackages(root)) {
    if (!fs.existsSync(path.join(pkg.dir, 'dist', 'index.d.ts'))) {
      throw new Error(`${pkg.name} has no dist/index.d.ts: build it first (npx tsc && npx backstage-cli repo build)`);
    }
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', args.out], {
      cwd: pkg.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // npm prints the lifecycle scripts' output before the JSON.
    const [result] = JSON.parse(out.slice(out.indexOf('[')));
    if (fs.existsSync(path.join(pkg.dir, 'package.json-prepack'))) {
      throw new Error(`${pkg.name}: postpack did not restore package.json`);
    }
    packed.push({ name: pkg.name, version: pkg.version, file: result.filename, size: result.size, unpackedSize: result.unpackedSize, entryCount: result.entryCount });
    console.log(`${result.filename}  ${(result.size / 1024).toFixed(1)} kB packed, ${(result.unpackedSize / 1024).toFixed(1)} kB unpacked, ${result.entryCount} files`);
  }
  fs.writeFileSync(path.join(args.out, 'tarballs.json'), `${JSON.stringify(packed, null, 2)}\n`);
  console.log(`Packed ${packed.length} packages into ${path.relative(process.cwd(), args.out) || '.'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
