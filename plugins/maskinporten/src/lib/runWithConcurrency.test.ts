import { runWithConcurrency } from './runWithConcurrency';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('runWithConcurrency', () => {
  it('never runs more than the limit at once and keeps results in input order', async () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const pending = items.map(() => deferred<number>());
    let running = 0;
    let maxRunning = 0;
    const started: number[] = [];
    const run = runWithConcurrency(items, 3, async item => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      started.push(item);
      try {
        return await pending[item].promise;
      } finally {
        running--;
      }
    });

    // Release items out of order; each release lets exactly one more start.
    for (const item of [2, 0, 1, 5, 3, 4, 9, 6, 8, 7]) {
      await new Promise(resolve => setTimeout(resolve, 0));
      pending[item].resolve(item * 10);
    }
    const results = await run;

    expect(maxRunning).toBe(3);
    expect(started).toHaveLength(10);
    expect(results).toEqual(items.map(i => ({ state: 'done', result: i * 10 })));
  });

  it('reports running, done and failed per item without rejecting', async () => {
    const events: Array<[number, string]> = [];
    const results = await runWithConcurrency(
      ['ok', 'boom'],
      1,
      async item => {
        if (item === 'boom') throw new Error('nope');
        return item.toUpperCase();
      },
      (index, progress) => events.push([index, progress.state]),
    );
    expect(events).toEqual([
      [0, 'running'],
      [0, 'done'],
      [1, 'running'],
      [1, 'failed'],
    ]);
    expect(results[1]).toMatchObject({ state: 'failed', error: new Error('nope') });
  });

  it('handles an empty list and rejects a nonsensical limit', async () => {
    await expect(runWithConcurrency([], 3, async () => 1)).resolves.toEqual([]);
    await expect(runWithConcurrency([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});
