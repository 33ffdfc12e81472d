#!/usr/bin/env node
/*
 * Adds a `@public` TSDoc release tag to every declaration that a publishable package exports
 * from an entry point (src/index.ts, src/legacy.ts, ...) and that has no release tag yet
 * (@public, @alpha, @beta or @internal). API Extractor (npm run build:api-reports) reports
 * such declarations as ae-missing-release-tag and the API-report check fails on them.
 *
 * Run it after merging code that exports something new, then read the diff: everything it
 * tags becomes public API, under semver. Mark what should not be public @alpha or @internal
 * by hand instead, or stop exporting it.
 *
 *   node scripts/release/add-release-tags.js [package dir ...]   (default: every publishable package)
 */
const path = require('node:path');
const fs = require('node:fs');
const { Project, Node } = require('ts-morph');
const { publishablePackages } = require('./packages');

const RELEASE_TAGS = new Set(['public', 'alpha', 'beta', 'internal']);

function docHolder(declaration) {
  if (Node.isVariableDeclaration(declaration)) {
    return declaration.getVariableStatement();
  }
  return declaration;
}

function hasReleaseTag(holder) {
  if (!Node.isJSDocable(holder)) return true; // nothing we can tag (e.g. a re-exported module)
  return holder.getJsDocs().some(doc => doc.getTags().some(tag => RELEASE_TAGS.has(tag.getTagName())));
}

/** Returns the new text of the source file with `@public` added to the given holders. */
function insertTags(sourceText, holders) {
  // Edit from the end of the file so earlier positions stay valid.
  const edits = holders
    .map(holder => {
      const docs = holder.getJsDocs();
      if (docs.length === 0) {
        const start = holder.getStart();
        const lineStart = sourceText.lastIndexOf('\n', start - 1) + 1;
        const indent = sourceText.slice(lineStart, start);
        return { at: start, remove: 0, text: `/** @public */\n${indent}` };
      }
      const doc = docs[docs.length - 1];
      const text = doc.getText();
      const start = doc.getStart();
      const lineStart = sourceText.lastIndexOf('\n', start - 1) + 1;
      const indent = sourceText.slice(lineStart, start);
      if (!text.includes('\n')) {
        // A one-line comment keeps one line (a smaller diff): `/** Text. @public */`.
        const close = start + text.lastIndexOf('*/');
        const before = sourceText.slice(start, close).replace(/\s*$/, '');
        return { at: start, remove: close - start, text: `${before} @public ` };
      }
      const close = start + text.lastIndexOf('*/');
      const closeLineStart = sourceText.lastIndexOf('\n', close - 1) + 1;
      return { at: closeLineStart, remove: 0, text: `${indent} *\n${indent} * @public\n` };
    })
    .sort((a, b) => b.at - a.at);
  let out = sourceText;
  for (const edit of edits) {
    out = out.slice(0, edit.at) + edit.text + out.slice(edit.at + edit.remove);
  }
  return out;
}

function entryPoints(pkgDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const entries = pkg.exports
    ? Object.values(pkg.exports).filter(p => typeof p === 'string' && /\.tsx?$/.test(p))
    : [pkg.main ?? 'src/index.ts'];
  return entries.map(p => path.resolve(pkgDir, p));
}

function main() {
  const root = path.resolve(__dirname, '../..');
  const args = process.argv.slice(2);
  const dirs = args.length ? args.map(a => path.resolve(a)) : publishablePackages(root).map(p => p.dir);
  const project = new Project({ tsConfigFilePath: path.join(root, 'tsconfig.json'), skipAddingFilesFromTsConfig: true });
  const byFile = new Map();
  for (const dir of dirs) {
    for (const entry of entryPoints(dir)) {
      const sourceFile = project.addSourceFileAtPath(entry);
      project.resolveSourceFileDependencies();
      for (const declarations of sourceFile.getExportedDeclarations().values()) {
        for (const declaration of declarations) {
          const file = declaration.getSourceFile().getFilePath();
          // Only this package's own sources; re-exports from another package are tagged there.
          if (!file.startsWith(dir + path.sep) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
          const holder = docHolder(declaration);
          if (!holder || hasReleaseTag(holder)) continue;
          if (!byFile.has(file)) byFile.set(file, new Set());
          byFile.get(file).add(holder);
        }
      }
    }
  }
  for (const [file, holders] of byFile) {
    const before = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, insertTags(before, [...holders]));
    console.log(`${path.relative(root, file)}: tagged ${holders.size} declaration(s) @public`);
  }
  if (byFile.size === 0) console.log('Every exported declaration has a release tag.');
}

main();
