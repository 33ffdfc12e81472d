import {
  LoggerService,
  RootConfigService,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { daysUntil } from '@maskinporten-backstage/plugin-maskinporten-common';
import { StoredKey } from '../database/MaskinportenStore';
import { NotifiedState } from './ExpiryStateStore';
import { ExpiryDelivery } from './readExpiryScanConfig';

/** A key whose expiry state differs from what its owner was last told. */
export interface ExpiryChange {
  key: StoredKey;
  state: NotifiedState;
  previous?: NotifiedState;
  successorKid?: string;
  integration: {
    entityRef: string;
    environment: string;
    title?: string;
    clientId?: string;
  };
  owner: string;
  now: Date;
}

export interface ExpiryNotifier {
  readonly channel: 'notifications' | 'log';
  /** Tells the owner; throws when the message could not be delivered. */
  notify(change: ExpiryChange): Promise<void>;
}

/** One notification per key: the same scope replaces the previous one instead of adding. */
export function notificationScope(kid: string): string {
  return `maskinporten:key:${kid}`;
}

export const EXPIRY_TOPIC = 'maskinporten-key-expiry';

const SEVERITY: Record<NotifiedState, NotificationSeverity> = {
  ok: 'low',
  superseded: 'low',
  warning: 'normal',
  critical: 'high',
  expired: 'critical',
};

/** The entity page in the catalog, relative to the app, as notification links are. */
export function entityPageLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
}

/** Title and description for a change; shared by both channels so the log says the same. */
export function describeChange(change: ExpiryChange): {
  title: string;
  description: string;
  severity: NotificationSeverity;
  link: string;
} {
  const { key, integration, state, now } = change;
  const label = integration.title ?? integration.entityRef;
  // Titles such as "Lønn → DFØ (test)" already name the environment.
  const name = label.includes(`(${integration.environment})`)
    ? label
    : `${label} (${integration.environment})`;
  const date = key.expiresAt ? key.expiresAt.toISOString().slice(0, 10) : 'an unknown date';
  const where = `Key ${key.kid} of ${integration.entityRef} in environment ${
    integration.environment
  }${integration.clientId ? `, client ${integration.clientId}` : ''}`;
  const act =
    'Rotate the key (or generate a new one and register it with Digdir) from the Maskinporten card.';
  let title: string;
  let description: string;
  switch (state) {
    case 'warning':
    case 'critical': {
      const days = key.expiresAt ? daysUntil(key.expiresAt, now) : undefined;
      title = `Maskinporten key expires ${whenText(days)}: ${name}`;
      description = `${where} expires on ${date} (UTC). ${act}`;
      break;
    }
    case 'expired':
      title = `Maskinporten key expired: ${name}`;
      description = `${where} expired on ${date} (UTC); Maskinporten rejects grants signed with it. ${act}`;
      break;
    case 'superseded':
      title = `Maskinporten key replaced: ${name}`;
      description = `${where} expires on ${date} (UTC), but it has been replaced${
        change.successorKid ? ` by ${change.successorKid}` : ''
      }. No action needed.`;
      break;
    default:
      title = `Maskinporten key no longer expiring soon: ${name}`;
      description = `${where} now expires on ${date} (UTC). No action needed.`;
  }
  return { title, description, severity: SEVERITY[state], link: entityPageLink(integration.entityRef) };
}

/** Sends through the notifications plugin, to the owning entity (a group's members). */
export class NotificationServiceNotifier implements ExpiryNotifier {
  readonly channel = 'notifications';

  constructor(private readonly notifications: NotificationService) {}

  async notify(change: ExpiryChange): Promise<void> {
    const { title, description, severity, link } = describeChange(change);
    await this.notifications.send({
      recipients: { type: 'entity', entityRef: change.owner },
      payload: {
        title,
        description,
        link,
        severity,
        topic: EXPIRY_TOPIC,
        scope: notificationScope(change.key.kid),
      },
    });
  }
}

/** For backends without the notifications plugin: one structured log line per change. */
export class LogNotifier implements ExpiryNotifier {
  readonly channel = 'log';

  constructor(private readonly logger: LoggerService) {}

  async notify(change: ExpiryChange): Promise<void> {
    const { title, description, severity } = describeChange(change);
    const fields = {
      event: EXPIRY_TOPIC,
      kid: change.key.kid,
      entityRef: change.integration.entityRef,
      environment: change.integration.environment,
      owner: change.owner,
      state: change.state,
      previousState: change.previous ?? 'none',
      expiresAt: change.key.expiresAt?.toISOString() ?? 'unknown',
      severity,
      scope: notificationScope(change.key.kid),
    };
    const message = `${title}. ${description}`;
    if (change.state === 'ok' || change.state === 'superseded') {
      this.logger.info(message, fields);
    } else {
      this.logger.warn(message, fields);
    }
  }
}

/**
 * Whether the notifications backend plugin is part of this deployment. Its service ref has a
 * default factory that posts to `discovery.getBaseUrl('notifications')`, so depending on it
 * always succeeds and every send fails when the plugin is missing. The plugins installed in
 * this instance, plus those `discovery.endpoints` routes to other instances (what the root
 * system metadata service reports), say whether anyone answers.
 */
export async function isNotificationsPluginInstalled(options: {
  instanceMetadata: RootInstanceMetadataService;
  config: RootConfigService;
}): Promise<boolean> {
  const local = await options.instanceMetadata.getInstalledPlugins();
  if (local.some(plugin => plugin.pluginId === 'notifications')) {
    return true;
  }
  const endpoints = options.config.getOptionalConfigArray('discovery.endpoints') ?? [];
  return endpoints.some(endpoint =>
    (endpoint.getOptionalStringArray('plugins') ?? []).includes('notifications'),
  );
}

/** Picks the channel: the configured one, or for `auto`, notifications when installed. */
export async function createExpiryNotifier(options: {
  delivery: ExpiryDelivery;
  notifications: NotificationService;
  logger: LoggerService;
  instanceMetadata: RootInstanceMetadataService;
  config: RootConfigService;
}): Promise<ExpiryNotifier> {
  const useNotifications =
    options.delivery === 'notifications' ||
    (options.delivery === 'auto' && (await isNotificationsPluginInstalled(options)));
  return useNotifications
    ? new NotificationServiceNotifier(options.notifications)
    : new LogNotifier(options.logger);
}

function whenText(days: number | undefined): string {
  if (days === undefined) {
    return 'soon';
  }
  if (days < 1) {
    return 'within a day';
  }
  return `in ${days} day${days === 1 ? '' : 's'}`;
}
