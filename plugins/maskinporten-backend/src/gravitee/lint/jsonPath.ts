const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends segments to a JSON path: `jsonPath('$', 'flows', 0, 'path-operator')` → `$.flows[0]['path-operator']`. */
export function jsonPath(base: string, ...segments: Array<string | number>): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      path += `[${segment}]`;
    } else if (IDENTIFIER.test(segment)) {
      path += `.${segment}`;
    } else {
      path += `['${segment.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
    }
  }
  return path;
}
