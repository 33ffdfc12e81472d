/** Progress of one item in {@link runWithConcurrency}. */
export type ConcurrencyProgress<R> =
  | { state: 'running' }
  | { state: 'done'; result: R }
  | { state: 'failed'; error: unknown };

/**
 * Runs `fn` over `items` with at most `limit` calls in flight, so a bulk action cannot
 * flood the backend (token tests are rate-limited per integration anyway).
 * Never rejects: each item's failure is reported through `onProgress` and the result list.
 */
export async function runWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  onProgress?: (index: number, progress: ConcurrencyProgress<R>) => void,
): Promise<ConcurrencyProgress<R>[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a whole number of at least 1, got ${limit}`);
  }
  const results: ConcurrencyProgress<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      onProgress?.(index, { state: 'running' });
      let outcome: ConcurrencyProgress<R>;
      try {
        outcome = { state: 'done', result: await fn(items[index], index) };
      } catch (error) {
        outcome = { state: 'failed', error };
      }
      results[index] = outcome;
      onProgress?.(index, outcome);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, () => worker()),
  );
  return results;
}
