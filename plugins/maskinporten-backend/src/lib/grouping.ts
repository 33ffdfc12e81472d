/**
 * Groups items by a key in one pass, so that per-row lookups in a page are a map access
 * instead of a scan of every item (which makes a page quadratic).
 */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) {
      group.push(item);
    } else {
      groups.set(key, [item]);
    }
  }
  return groups;
}

/** The `entityRef|environment` key every table uses for an integration (refs lower-cased). */
export function integrationKey(item: { entityRef: string; environment: string }): string {
  return `${item.entityRef.toLocaleLowerCase('en-US')}|${item.environment}`;
}
