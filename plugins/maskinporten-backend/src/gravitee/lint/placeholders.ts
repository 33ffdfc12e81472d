/*
 * Template values left for a human to fill in. The Sikt template uses Norwegian
 * ("FYLLES UT", "fyll-ut-med-endepunkt-url"), others use <angle brackets>, CHANGEME or xxx.
 */
const PLACEHOLDER_PATTERNS: RegExp[] = [
  /^\s*$/,
  /<[^<>]*>/,
  /\bchange[\s_-]?me\b/i,
  /(^|[^A-Za-z0-9])x{3,}([^A-Za-z0-9]|$)/i,
  /\bfyll(es)?[\s_-]*ut\b/i,
  /\bTODO\b/,
  /\bTBD\b/,
  /placeholder/i,
  /\breplace[\s_-]?(me|with|this)\b/i,
  /\byour[\s_-]/i,
];

export function isPlaceholder(value: unknown): boolean {
  if (value === undefined || value === null) {
    return true;
  }
  if (typeof value !== 'string') {
    return false;
  }
  return PLACEHOLDER_PATTERNS.some(pattern => pattern.test(value));
}

/** Generate JWT takes `audiences` as a list, but a hand-edited definition may hold one string. */
export function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined ? [] : [value];
}

/** Gravitee Expression Language; its value is only known at request time. */
export function isExpression(value: string): boolean {
  return value.includes('{#');
}

export function looksLikePem(value: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(value);
}
