import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { TokenTestResult } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { runWithConcurrency } from '../../lib/runWithConcurrency';

export type BulkTestStatus =
  | { state: 'queued' }
  | { state: 'running' }
  | { state: 'done'; result: TokenTestResult }
  | { state: 'error'; message: string };

/** Token tests are slow and rate-limited per integration: three in flight is plenty. */
export const BULK_TEST_CONCURRENCY = 3;

export function useBulkTokenTest() {
  const api = useApi(maskinportenApiRef);
  const [statuses, setStatuses] = useState<Record<string, BulkTestStatus>>({});
  const [running, setRunning] = useState(false);

  const run = useCallback(
    async (entityRefs: string[]) => {
      setRunning(true);
      setStatuses(current => ({
        ...current,
        ...Object.fromEntries(entityRefs.map(ref => [ref, { state: 'queued' } as BulkTestStatus])),
      }));
      const update = (ref: string, status: BulkTestStatus) =>
        setStatuses(current => ({ ...current, [ref]: status }));
      try {
        await runWithConcurrency(
          entityRefs,
          BULK_TEST_CONCURRENCY,
          ref => api.runTokenTest(ref, {}),
          (index, progress) => {
            const ref = entityRefs[index];
            if (progress.state === 'running') update(ref, { state: 'running' });
            else if (progress.state === 'done') update(ref, { state: 'done', result: progress.result });
            else update(ref, { state: 'error', message: errorMessage(progress.error) });
          },
        );
      } finally {
        setRunning(false);
      }
    },
    [api],
  );

  return { statuses, running, run };
}
