/** The catalog compares entity refs case-insensitively; every table stores them lower-cased. */
export function normalizeRef(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

/** SQLite hands timestamps back as numbers or zone-less strings (UTC), PostgreSQL as Dates. */
export function toDate(value: Date | string | number): Date {
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'number') {
    return new Date(value);
  }
  return new Date(/Z|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}

/** Splits a list for IN clauses, which both databases bound in length. */
export function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) {
    yield items.slice(i, i + size);
  }
}
