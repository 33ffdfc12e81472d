import { LoggerService } from '@backstage/backend-plugin-api';
import { StoredKey } from '../../database';

export const DAY = 86_400_000;

export function storedKey(
  kid: string,
  entityRef: string,
  overrides: Partial<StoredKey> = {},
): StoredKey {
  return {
    id: `id-${kid}`,
    kid,
    entityRef,
    environment: 'test',
    clientId: 'client-1',
    algorithm: 'RS256',
    modulusLength: 2048,
    publicJwk: { kty: 'RSA', alg: 'RS256', use: 'sig', kid, e: 'AQAB', n: 'abc' },
    privateKeyCiphertext: 'mpk1.SECRET-CIPHERTEXT',
    encryptionSecretId: 'x',
    state: 'active',
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    expiresAt: new Date('2027-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta?: Record<string, unknown>;
}

/** A logger that keeps what it is told, so tests can read the structured fallback lines. */
export function capturingLogger(lines: LogLine[] = []): LoggerService & { lines: LogLine[] } {
  const log =
    (level: LogLine['level']) => (message: string, meta?: Error | Record<string, unknown>) => {
      lines.push({ level, message, meta: meta as Record<string, unknown> | undefined });
    };
  const logger = {
    lines,
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: () => logger,
  };
  return logger;
}
