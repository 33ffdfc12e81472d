import type { X509Certificate } from 'node:crypto';

/*
 * The organisation number of a Norwegian enterprise certificate (virksomhetssertifikat),
 * found the way Digdir's own certificate validator finds it
 * (felleslosninger/idporten-certificate-validator-lib,
 * src/main/java/no/digdir/certvalidator/rule/NorwegianOrganizationNumberRule.java):
 *
 * 1. subject `serialNumber` of exactly nine digits (SEID 1: Buypass, Commfides);
 * 2. subject `O` ending in "- 123456789" (the rule's `^.+\-\W*([0-9]{9})$`);
 * 3. subject `organizationIdentifier` (2.5.4.97) of "NTRNO-123456789" (SEID 2), any
 *    "…-123456789", or nine digits.
 *
 * The subject is request input (an x5c header or a posted key), so it is read with plain
 * character scans instead of the validator's backtracking patterns.
 */

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Letters, digits and `_`: Java's `\w`. */
function isWordChar(code: number): boolean {
  return (
    isDigit(code) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f
  );
}

function isNineDigits(value: string): boolean {
  if (value.length !== 9) {
    return false;
  }
  for (let i = 0; i < 9; i++) {
    if (!isDigit(value.charCodeAt(i))) {
      return false;
    }
  }
  return true;
}

/** `^.+\-\W*([0-9]{9})$`: something, a dash, non-word characters, then nine digits. */
export function orgNumberAfterDash(value: string): string | undefined {
  if (value.length < 11) {
    return undefined;
  }
  const digits = value.slice(-9);
  if (!isNineDigits(digits)) {
    return undefined;
  }
  // Walk back over non-word characters to the dash; the match needs one character before it.
  for (let i = value.length - 10; i >= 1; i--) {
    const code = value.charCodeAt(i);
    if (code === 0x2d) {
      return digits;
    }
    if (isWordChar(code)) {
      return undefined;
    }
  }
  return undefined;
}

function values(subject: Record<string, unknown>, name: string): string[] {
  const value = subject[name];
  if (typeof value === 'string') {
    return [value];
  }
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The certificate's organisation number, or undefined when it carries none. */
export function organisationNumberOf(certificate: X509Certificate): string | undefined {
  const subject = certificate.toLegacyObject().subject as unknown as Record<string, unknown>;
  for (const serialNumber of values(subject, 'serialNumber')) {
    if (isNineDigits(serialNumber)) {
      return serialNumber;
    }
  }
  for (const organisation of values(subject, 'O')) {
    const number = orgNumberAfterDash(organisation);
    if (number) {
      return number;
    }
  }
  for (const identifier of values(subject, 'organizationIdentifier')) {
    const number = isNineDigits(identifier) ? identifier : orgNumberAfterDash(identifier);
    if (number) {
      return number;
    }
  }
  return undefined;
}
