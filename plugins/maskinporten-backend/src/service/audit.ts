import { AuditorService, AuditorServiceCreateEventOptions } from '@backstage/backend-plugin-api';
import { Request } from 'express';

type AuditMeta = NonNullable<AuditorServiceCreateEventOptions['meta']>;

/**
 * Runs a state change as one auditor event: opened with what was asked, closed with what
 * happened (or the error). Every route that changes state or exports a key goes through here.
 */
export async function audited<T>(
  auditor: AuditorService,
  req: Request,
  event: { eventId: string; severityLevel: AuditorServiceCreateEventOptions['severityLevel']; meta?: AuditMeta },
  fn: () => Promise<T>,
  describe: (result: T) => AuditMeta = () => ({}),
): Promise<T> {
  const handle = await auditor.createEvent({ ...event, request: req });
  try {
    const result = await fn();
    await handle.success({ meta: describe(result) });
    return result;
  } catch (error) {
    await handle.fail({ error: error as Error });
    throw error;
  }
}
