/*
 * Template values left for a human to fill in. The Sikt template uses Norwegian
 * ("FYLLES UT", "fyll-ut-med-endepunkt-url"), others use <angle brackets>, CHANGEME or xxx.
 *
 * These run on request bodies (the lint route), so each was checked to be linear: one
 * quantifier per pattern over a class that the next token cannot start with, so a failed
 * attempt gives back no characters another attempt could take (lint.redos.test.ts lints
 * 1 MB bodies built against each of them).
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

/** `-----BEGIN <LABEL>-----` somewhere in the value, the label being A–Z, 0–9 and spaces. */
export function looksLikePem(value: string): boolean {
  let from = value.indexOf('-----BEGIN ');
  while (from >= 0) {
    let i = from + '-----BEGIN '.length;
    while (i < value.length && isPemLabelChar(value[i])) i++;
    if (i > from + '-----BEGIN '.length && value.startsWith('-----', i)) return true;
    from = value.indexOf('-----BEGIN ', i);
  }
  return false;
}

function isPemLabelChar(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === ' ';
}
