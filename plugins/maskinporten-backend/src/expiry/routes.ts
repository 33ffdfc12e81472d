import { Router } from 'express';
import { emptyRequestSchema } from '@maskinporten-backstage/plugin-maskinporten-common';
import { audited } from '../service/audit';
import { parseBody } from '../service/requests';
import { RouteContext } from '../service/routeContext';
import { ExpiryScanTask } from './ExpiryScanTask';

/**
 * `GET /v1/expiry-scan`: last run, next run and what the last scan found.
 * `POST /v1/expiry-scan`: run the scan now (on whichever replica picks it up); 202.
 * Any signed-in user (and services listed for `expiry-scan`) may trigger it: the scan only
 * tells owners what they would be told within the hour anyway, and the trigger is audited.
 */
export function registerExpiryRoutes(router: Router, context: RouteContext & { expiryScan: ExpiryScanTask }) {
  const { access, auditor, expiryScan } = context;

  router.get('/v1/expiry-scan', async (req, res) => {
    await access.credentials(req, 'read');
    res.json(await expiryScan.status());
  });

  router.post('/v1/expiry-scan', async (req, res) => {
    await access.credentials(req, 'expiry-scan');
    parseBody(emptyRequestSchema, req.body);
    await audited(auditor, req, { eventId: 'expiry-scan-trigger', severityLevel: 'low' }, () =>
      expiryScan.trigger(),
    );
    res.status(202).json({ status: 'triggered' });
  });
}
