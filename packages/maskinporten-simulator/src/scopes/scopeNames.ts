/**
 * Scope names are `prefix ':' subscope` (Digdir, "API for administrasjon av APIer /
 * scopes", https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin_maskinporten).
 * Subscopes may contain `/` (the page explains why scope travels as a query parameter).
 * Checked with plain character scans: these run on request input.
 */
const PREFIX_MAX = 100;
const NAME_MAX = 255;

function isPrefixChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d || // -
    code === 0x5f || // _
    code === 0x2e // .
  );
}

/** Printable ASCII without space (0x21-0x7e): what an OAuth scope token may hold (RFC 6749 §3.3). */
function isScopeChar(code: number): boolean {
  return code >= 0x21 && code <= 0x7e && code !== 0x22 && code !== 0x5c;
}

export function isValidPrefix(prefix: string): boolean {
  if (prefix.length === 0 || prefix.length > PREFIX_MAX) {
    return false;
  }
  for (let i = 0; i < prefix.length; i++) {
    if (!isPrefixChar(prefix.charCodeAt(i))) {
      return false;
    }
  }
  return true;
}

export function isValidSubscope(subscope: string): boolean {
  if (subscope.length === 0 || subscope.length > NAME_MAX) {
    return false;
  }
  for (let i = 0; i < subscope.length; i++) {
    const code = subscope.charCodeAt(i);
    if (!isScopeChar(code) || code === 0x3a /* : */) {
      return false;
    }
  }
  return true;
}

/** Splits `prefix:subscope`; undefined when the name is not of that form. */
export function splitScopeName(name: string): { prefix: string; subscope: string } | undefined {
  if (name.length > NAME_MAX) {
    return undefined;
  }
  const colon = name.indexOf(':');
  if (colon <= 0) {
    return undefined;
  }
  const prefix = name.slice(0, colon);
  const subscope = name.slice(colon + 1);
  return isValidPrefix(prefix) && isValidSubscope(subscope) ? { prefix, subscope } : undefined;
}

/** Nine ASCII digits, checked without a pattern. */
export function isOrgNumber(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 9) {
    return false;
  }
  for (let i = 0; i < 9; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x30 || code > 0x39) {
      return false;
    }
  }
  return true;
}
