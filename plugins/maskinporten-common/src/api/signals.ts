/**
 * Signal channels (`@backstage/plugin-signals`): the backend publishes a bare "changed" on
 * them, and the frontend re-reads what it shows. Without signals the frontend falls back to
 * re-reading on a timer or on user action. Messages carry no data: the frontend's own,
 * permission-checked request fetches what changed.
 */

/** The expiry scan ran or was rescheduled: `{ lastRunAt, nextRunAt }` may have changed. @public */
export const EXPIRY_SCAN_CHANNEL = 'maskinporten:expiry-scan';

/** Something about one integration changed (keys, rotation phase, token test, adoption). @public */
export function integrationChannel(entityRef: string): string {
  return `maskinporten:integration:${entityRef.toLocaleLowerCase('en-US')}`;
}
