import { Router } from 'express';
import { AuditorService } from '@backstage/backend-plugin-api';
import { RouteAccess } from '../access/routeAccess';
import { InputError } from '@backstage/errors';
import { ExpiryScanTask } from '../expiry/ExpiryScanTask';

/**
 * `GET /v1/expiry-scan`: last run, next run and what the last scan found.
 * `POST /v1/expiry-scan`: run the scan now (on whichever replica picks it up); 202.
 * Any signed-in user (and services listed for `expiry-scan`) may trigger it: the scan only
 * tells owners what they would be told within the hour anyway, and the trigger is audited.
 */
export function registerExpiryRoutes(
  router: Router,
  options: { access: RouteAccess; auditor: AuditorService; expiryScan?: ExpiryScanTask },
): void {
  const { access, auditor, expiryScan } = options;
  if (!expiryScan) {
    return;
  }

  router.get('/v1/expiry-scan', async (req, res) => {
    await access.credentials(req, 'read');
    res.json(await expiryScan.status());
  });

  router.post('/v1/expiry-scan', async (req, res) => {
    await access.credentials(req, 'expiry-scan');
    const body = req.body;
    const empty =
      body === undefined ||
      body === null ||
      (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);
    if (!empty) {
      throw new InputError('request body: the scan takes no options; send an empty object');
    }
    const event = await auditor.createEvent({
      eventId: 'expiry-scan-trigger',
      severityLevel: 'low',
      request: req,
    });
    try {
      await expiryScan.trigger();
      await event.success();
      res.status(202).json({ status: 'triggered' });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });
}
