/**
 * Signal channels the frontend listens on. The backend publishes on them through the
 * signals service (`@backstage/plugin-signals-node`); without signals the components fall
 * back to re-reading on a timer or on user action.
 */

/** The expiry scan ran or was rescheduled: `{ lastRunAt, nextRunAt }` may have changed. */
export const EXPIRY_SCAN_CHANNEL = 'maskinporten:expiry-scan';

/** Something about one integration changed (keys, rotation phase, token test). */
export function integrationChannel(entityRef: string): string {
  return `maskinporten:integration:${entityRef.toLocaleLowerCase('en-US')}`;
}
