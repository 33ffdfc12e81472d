import { createPrivateKey } from 'node:crypto';

/** A run of the key's base64 at least this long is taken as a piece of the key. */
export const SECRET_RUN_LENGTH = 40;
const REDACTED = '[redacted key material]';
const PEM_BEGIN = '-----BEGIN ';
const PEM_END = '-----END ';
const DASHES = '-----';

/**
 * Removes every piece of the private keys a request carried from text that came back: a
 * management API may echo part of the request body in an error, as PEM, as bare base64 with
 * the line breaks kept, dropped or JSON-escaped (`\n`), or as the DER re-encoded.
 *
 * For each key it knows the PEM body with breaks removed and the DER of the key in PKCS#8
 * and PKCS#1, in base64. Any run of base64 characters in the text (line breaks, whitespace
 * and JSON escapes inside the run are skipped) that contains 40 consecutive characters of
 * one of those strings is replaced whole. Linear in the text: every position is looked up
 * once in a set of the secrets' 40-character windows.
 */
export class SecretScrubber {
  readonly #windows = new Set<string>();

  /** A scrubber for the PEM private keys found in `value` (any depth of objects and arrays). */
  static forRequest(value: unknown): SecretScrubber {
    const scrubber = new SecretScrubber();
    for (const pem of findPrivateKeyPems(value)) {
      scrubber.addPrivateKeyPem(pem);
    }
    return scrubber;
  }

  addPrivateKeyPem(pem: string): void {
    const encodings = new Set<string>([pemBody(pem)]);
    try {
      const key = createPrivateKey(pem);
      encodings.add(key.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
      if (key.asymmetricKeyType === 'rsa') {
        encodings.add(key.export({ format: 'der', type: 'pkcs1' }).toString('base64'));
      }
    } catch {
      // Not a key node can parse: the PEM body alone is still scrubbed.
    }
    for (const encoding of encodings) {
      for (let i = 0; i + SECRET_RUN_LENGTH <= encoding.length; i++) {
        this.#windows.add(encoding.slice(i, i + SECRET_RUN_LENGTH));
      }
    }
  }

  get empty(): boolean {
    return this.#windows.size === 0;
  }

  scrub(text: string): string {
    const withoutPem = cutPemBlocks(text);
    if (this.empty) {
      return withoutPem;
    }
    let out = '';
    let i = 0;
    while (i < withoutPem.length) {
      const run = readBase64Run(withoutPem, i);
      if (run.end === i) {
        out += withoutPem[i];
        i += 1;
        continue;
      }
      out += this.#containsSecret(run.chars) ? REDACTED : withoutPem.slice(i, run.end);
      i = run.end;
    }
    return out;
  }

  #containsSecret(chars: string): boolean {
    for (let i = 0; i + SECRET_RUN_LENGTH <= chars.length; i++) {
      if (this.#windows.has(chars.slice(i, i + SECRET_RUN_LENGTH))) {
        return true;
      }
    }
    return false;
  }
}

function isBase64Char(c: string): boolean {
  return (
    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '+' || c === '/' || c === '='
  );
}

/**
 * The run of base64 characters starting at `start`, with the separators a serialiser may
 * put inside it skipped: whitespace, JSON escapes `\n` `\r` `\t` `\u000a` `\u000d`, and
 * `\/` read as `/`. `chars` holds only the base64 characters; `end` is where the run stops.
 */
function readBase64Run(text: string, start: number): { chars: string; end: number } {
  let chars = '';
  let i = start;
  let end = start;
  while (i < text.length) {
    const c = text[i];
    if (isBase64Char(c)) {
      chars += c;
      i += 1;
      end = i;
    } else if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      i += 1;
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next === 'n' || next === 'r' || next === 't') {
        i += 2;
      } else if (next === '/') {
        chars += '/';
        i += 2;
        end = i;
      } else if (next === 'u' && (text.startsWith('\\u000a', i) || text.startsWith('\\u000d', i))) {
        i += 6;
      } else {
        break;
      }
    } else {
      break;
    }
  }
  return { chars, end };
}

function pemBody(pem: string): string {
  let body = '';
  for (const line of pem.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.length > 0 && !trimmed.startsWith(DASHES)) {
      body += trimmed;
    }
  }
  return body;
}

/** Cuts `-----BEGIN …-----` … `-----END …-----` (or to the end of the text), without a regex. */
export function cutPemBlocks(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const begin = text.indexOf(PEM_BEGIN, from);
    if (begin < 0) {
      return out + text.slice(from);
    }
    out += `${text.slice(from, begin)}[redacted key]`;
    const end = text.indexOf(PEM_END, begin);
    if (end < 0) {
      return out;
    }
    const close = text.indexOf(DASHES, end + PEM_END.length);
    from = close < 0 ? text.length : close + DASHES.length;
  }
}

/** Every string in `value` that holds a PEM private key (the Generate JWT `content`). */
export function findPrivateKeyPems(value: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > 64) {
      return;
    }
    if (typeof node === 'string') {
      if (node.includes(PEM_BEGIN) && node.includes('PRIVATE KEY')) {
        found.push(node);
      }
    } else if (Array.isArray(node)) {
      node.forEach(item => visit(item, depth + 1));
    } else if (node && typeof node === 'object') {
      Object.values(node).forEach(item => visit(item, depth + 1));
    }
  };
  visit(value, 0);
  return found;
}
