/*
 * Reads the steps of docs/install.md that the clean-room test follows. A step is an HTML
 * comment `<!-- clean-room: ACTION ARGS -->` followed by a fenced code block (the comment is
 * invisible in the rendered guide, the block is what the reader copies):
 *
 *   run [yarn|npm] [if-baseline-failed "TEXT"]   run the block with bash in the app's root
 *   write PATH                                   write the block to PATH
 *   merge-json PATH [yarn|npm]                   merge the block's JSON object into PATH
 *   insert-before PATH "LINE"                    insert the block before the line containing LINE
 *   insert-after PATH "LINE"                     insert the block after the line containing LINE
 *   diff PATH                                    apply the block (a diff without @@ headers)
 *   replace-yaml-doc PATH "TEXT"                 replace the YAML document containing TEXT
 *   check "TEXT"                                 run the block against the started backend;
 *                                                its output must contain TEXT
 *   baseline                                     (no block) start the app's backend as it is
 *
 * A step limited to yarn or npm runs only when the test follows that package manager.
 */
const fs = require('node:fs');
const path = require('node:path');

const DIRECTIVE = /^<!--\s*clean-room:\s*(.*?)\s*-->\s*$/;

/** Splits `a "b c" d` into ['a', 'b c', 'd']; a quoted token may contain \" escapes. */
function tokenize(text) {
  const tokens = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let match;
  while ((match = re.exec(text))) {
    tokens.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]);
  }
  return tokens;
}

function parseGuide(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const steps = [];
  for (let i = 0; i < lines.length; i++) {
    const match = DIRECTIVE.exec(lines[i]);
    if (!match) continue;
    const [action, ...args] = tokenize(match[1]);
    const step = { action, args, line: i + 1 };
    if (action !== 'baseline') {
      let j = i + 1;
      while (j < lines.length && lines[j].trim() === '') j++;
      const fence = /^(```+)\s*(\w*)\s*$/.exec(lines[j] ?? '');
      if (!fence) throw new Error(`${file}:${i + 1}: "${action}" must be followed by a fenced code block`);
      const body = [];
      let k = j + 1;
      while (k < lines.length && lines[k] !== fence[1]) body.push(lines[k++]);
      if (k === lines.length) throw new Error(`${file}:${j + 1}: code block is not closed`);
      step.language = fence[2];
      step.body = `${body.join('\n')}\n`;
      i = k;
    }
    steps.push(step);
  }
  return steps;
}

/** Whether a step applies to the package manager the test follows. */
function appliesTo(step, packageManager) {
  const pm = step.args.find(a => a === 'yarn' || a === 'npm');
  return !pm || pm === packageManager;
}

function deepMerge(target, source) {
  for (const [key, value] of Object.entries(source)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && target[key] && typeof target[key] === 'object') {
      deepMerge(target[key], value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

function readText(appDir, file) {
  const full = path.join(appDir, file);
  if (!fs.existsSync(full)) throw new Error(`${file} does not exist in the app`);
  return fs.readFileSync(full, 'utf8');
}

/** Applies a file step (anything but run, check and baseline) to the app. */
function applyFileStep(step, appDir) {
  const [file, anchor] = step.args;
  const full = path.join(appDir, file);
  switch (step.action) {
    case 'write':
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, step.body);
      return;
    case 'merge-json': {
      const json = JSON.parse(readText(appDir, file));
      fs.writeFileSync(full, `${JSON.stringify(deepMerge(json, JSON.parse(step.body)), null, 2)}\n`);
      return;
    }
    case 'insert-before':
    case 'insert-after': {
      const lines = readText(appDir, file).split('\n');
      const at = lines.findIndex(l => l.includes(anchor));
      if (at < 0) throw new Error(`${file} has no line containing ${JSON.stringify(anchor)}`);
      const block = step.body.replace(/\n$/, '').split('\n');
      lines.splice(step.action === 'insert-before' ? at : at + 1, 0, ...block);
      fs.writeFileSync(full, lines.join('\n'));
      return;
    }
    case 'diff': {
      const diff = step.body.replace(/\n$/, '').split('\n');
      const before = diff.filter(l => !l.startsWith('+')).map(l => l.slice(1)).join('\n');
      const after = diff.filter(l => !l.startsWith('-')).map(l => l.slice(1)).join('\n');
      const text = readText(appDir, file);
      if (!text.includes(before)) throw new Error(`${file} does not contain the diff's old lines:\n${before}`);
      fs.writeFileSync(full, text.replace(before, after));
      return;
    }
    case 'replace-yaml-doc': {
      const docs = readText(appDir, file).split(/^---\s*$/m);
      const index = docs.findIndex(d => d.includes(anchor));
      if (index < 0) throw new Error(`${file} has no YAML document containing ${JSON.stringify(anchor)}`);
      docs[index] = `\n${step.body}`;
      fs.writeFileSync(full, docs.join('---'));
      return;
    }
    default:
      throw new Error(`docs/install.md:${step.line}: unknown clean-room action "${step.action}"`);
  }
}

module.exports = { parseGuide, appliesTo, applyFileStep, tokenize };
