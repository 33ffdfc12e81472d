import { Router } from 'express';
import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ExpiryScanTask } from '../expiry/ExpiryScanTask';

/**
 * `GET /v1/expiry-scan`: last run, next run and what the last scan found.
 * `POST /v1/expiry-scan`: run the scan now (on whichever replica picks it up); 202.
 * Any signed-in user or service may trigger it: the scan only tells owners what they would be
 * told within the hour anyway, and the trigger is audited.
 */
export function registerExpiryRoutes(
  router: Router,
  options: { httpAuth: HttpAuthService; auditor: AuditorService; expiryScan?: ExpiryScanTask },
): void {
  const { httpAuth, auditor, expiryScan } = options;
  if (!expiryScan) {
    return;
  }

  router.get('/v1/expiry-scan', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await expiryScan.status());
  });

  router.post('/v1/expiry-scan', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
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
