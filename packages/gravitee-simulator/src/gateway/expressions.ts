/**
 * The part of Gravitee's expression language (Spring SpEL in `{#…}` templates) that token
 * services use: request headers. `{#request.headers['scope'][0]}` is the first value,
 * `{#request.headers['scope']}` the list (rendered as Java's `List#toString`, `[a, b]`), and
 * `{#request.headers[iss]}` the same with SpEL's unquoted map key. Header names compare without
 * case, as Gravitee's `HttpHeaders` do. Anything else is refused when the API is deployed,
 * so a definition this double cannot run fails loudly instead of running differently.
 */

export type HeaderLookup = (name: string) => string[];
export type Template = (headers: HeaderLookup) => string;

export class UnsupportedExpressionError extends Error {
  name = 'UnsupportedExpressionError';
}

const OPEN = '{#';

/** Compiles a template that may hold `{#request.headers…}` expressions between literal text. */
export function compileTemplate(text: string): Template {
  const parts: Array<string | ((headers: HeaderLookup) => string)> = [];
  let rest = text;
  while (rest.length > 0) {
    const at = rest.indexOf(OPEN);
    if (at < 0) {
      parts.push(rest);
      break;
    }
    parts.push(rest.slice(0, at));
    const end = rest.indexOf('}', at);
    if (end < 0) {
      throw new UnsupportedExpressionError(`Unterminated expression in "${text}"`);
    }
    parts.push(compileExpression(rest.slice(at + OPEN.length, end), text));
    rest = rest.slice(end + 1);
  }
  return headers => parts.map(part => (typeof part === 'string' ? part : part(headers))).join('');
}

function compileExpression(expression: string, whole: string): (headers: HeaderLookup) => string {
  const prefix = 'request.headers[';
  if (!expression.startsWith(prefix)) {
    throw new UnsupportedExpressionError(
      `The gateway double evaluates only request-header expressions, not "{#${expression}}" in "${whole}"`,
    );
  }
  const close = expression.indexOf(']', prefix.length);
  if (close < 0) {
    throw new UnsupportedExpressionError(`Malformed expression "{#${expression}}"`);
  }
  let name = expression.slice(prefix.length, close).trim();
  if ((name.startsWith("'") && name.endsWith("'")) || (name.startsWith('"') && name.endsWith('"'))) {
    name = name.slice(1, -1);
  }
  const index = expression.slice(close + 1);
  if (index === '') {
    return headers => `[${headers(name).join(', ')}]`;
  }
  if (index === '[0]') {
    return headers => headers(name)[0] ?? '';
  }
  throw new UnsupportedExpressionError(`Unsupported index "${index}" in "{#${expression}}"`);
}

/**
 * Assign Content's body is a FreeMarker template; token services use one interpolation,
 * `${context.attributes['jwt.generated']}`. Others are refused at deploy.
 */
export function compileFreemarker(text: string): (attributes: Map<string, string>) => string {
  const parts: Array<string | { attribute: string }> = [];
  let rest = text;
  while (rest.length > 0) {
    const at = rest.indexOf('${');
    if (at < 0) {
      parts.push(rest);
      break;
    }
    parts.push(rest.slice(0, at));
    const end = rest.indexOf('}', at);
    const inner = end < 0 ? '' : rest.slice(at + 2, end);
    const match = /^context\.attributes\['([^']+)'\]$/.exec(inner);
    if (!match) {
      throw new UnsupportedExpressionError(
        `The gateway double interpolates only context attributes, not "\${${inner}}" in the assigned content`,
      );
    }
    parts.push({ attribute: match[1] });
    rest = rest.slice(end + 1);
  }
  return attributes =>
    parts.map(part => (typeof part === 'string' ? part : attributes.get(part.attribute) ?? '')).join('');
}
