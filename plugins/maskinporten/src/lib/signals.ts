/**
 * Signal channels the frontend listens on; the backend publishes on the same names (both
 * come from -common). Without signals the components fall back to re-reading on a timer or
 * on user action.
 */
export { EXPIRY_SCAN_CHANNEL, integrationChannel } from '@maskinporten-backstage/plugin-maskinporten-common';
