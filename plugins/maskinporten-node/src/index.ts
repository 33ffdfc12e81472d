/**
 * Extension points of the Maskinporten backend plugin, for deployers' backend modules:
 * notifier channels for expiry and rotation notices, key custody, and gateway targets.
 *
 * @packageDocumentation
 */
export * from './keyCustody';
export * from './notifiers';
export * from './gatewayTargets';
export * from './startupTasks';
