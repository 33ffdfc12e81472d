import {
  LoggerService,
  RootConfigService,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { daysUntil } from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  MaskinportenExpiryNotice,
  MaskinportenExpiryState,
  MaskinportenKeyExpiryChange,
  MaskinportenNotifierChannel,
} from '@maskinporten-backstage/plugin-maskinporten-node';
import { NoticeLanguage, NoticeWords, noticeTextsFor } from './noticeTexts';
import { ExpiryDelivery } from './readExpiryScanConfig';

export const EXPIRY_TOPIC = 'maskinporten-key-expiry';

/** One notification per owner: each scan with news for the owner replaces it. */
export function ownerNotificationScope(owner: string): string {
  return `maskinporten:expiry:${owner}`;
}

const SEVERITY: Record<MaskinportenExpiryState, NotificationSeverity> = {
  ok: 'low',
  superseded: 'low',
  warning: 'normal',
  critical: 'high',
  expired: 'critical',
};
const SEVERITY_ORDER: NotificationSeverity[] = ['low', 'normal', 'high', 'critical'];

/** The entity page in the catalog, relative to the app, as notification links are. */
export function entityPageLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
}

/** A key's news in one title and one sentence; both channels say the same. */
export function describeKey(
  change: MaskinportenKeyExpiryChange,
  now: Date,
  words: NoticeWords = noticeTextsFor('en'),
): { title: string; sentence: string } {
  const { text, count } = words;
  const { integration, state, expiresAt } = change;
  const label = integration.title ?? integration.entityRef;
  // Titles such as "Lønn → DFØ (test)" already name the environment.
  const name = label.includes(`(${integration.environment})`) ? label : `${label} (${integration.environment})`;
  const date = expiresAt ? expiresAt.toISOString().slice(0, 10) : text('unknownDate');
  const where = text(integration.clientId ? 'whereClient' : 'where', {
    kid: change.kid,
    entityRef: integration.entityRef,
    environment: integration.environment,
    clientId: integration.clientId ?? '',
  });
  const gateways = (change.deployments ?? []).map(d =>
    d.name
      ? text('gatewayNamed', { target: d.target, name: d.name, apiId: d.apiId })
      : text('gateway', { target: d.target, apiId: d.apiId }),
  );
  // A key that needs attention: say what keeps its gateways working.
  const hint =
    gateways.length && (state === 'warning' || state === 'critical' || state === 'expired')
      ? count('renewalHint', gateways.length)
      : '';
  const signs = gateways.length
    ? count('signs', gateways.length, { gateways: gateways.join(text('gatewaysJoin')), hint })
    : '';
  switch (state) {
    case 'warning':
    case 'critical': {
      const days = expiresAt ? daysUntil(expiresAt, now) : undefined;
      return {
        title: text('expiringTitle', { when: whenText(words, days), name }),
        sentence: text('expiringSentence', { where, date, signs }),
      };
    }
    case 'expired':
      return {
        title: text('expiredTitle', { name }),
        sentence: text('expiredSentence', { where, date, signs }),
      };
    case 'superseded':
      return {
        title: text('supersededTitle', { name }),
        sentence: change.successorKid
          ? text('supersededBySentence', { where, date, successor: change.successorKid })
          : text('supersededSentence', { where, date }),
      };
    default:
      return {
        title: text('okTitle', { name }),
        sentence: text('okSentence', { where, date }),
      };
  }
}

/**
 * The owner's digest: every key that needs attention now, not only what changed, so the one
 * notification per owner is always complete. With nothing left needing attention it says so.
 */
export function describeNotice(
  notice: MaskinportenExpiryNotice,
  words: NoticeWords = noticeTextsFor('en'),
): {
  title: string;
  description: string;
  severity: NotificationSeverity;
  link: string;
} {
  const { text } = words;
  const { attention, changes, scannedAt, owner } = notice;
  const listed = attention.length > 0 ? attention : changes;
  const integrations = new Set(listed.map(c => c.integration.entityRef));
  const link =
    integrations.size === 1
      ? entityPageLink([...integrations][0])
      : `/maskinporten?owner=${encodeURIComponent(owner)}`;
  if (attention.length === 0) {
    const only = changes.length === 1 ? describeKey(changes[0], scannedAt, words) : undefined;
    return {
      title: only?.title ?? text('allClearTitle'),
      description: changes.map(c => describeKey(c, scannedAt, words).sentence).join('\n'),
      severity: 'low',
      link,
    };
  }
  const severity = attention
    .map(c => SEVERITY[c.state])
    .reduce((a, b) => (SEVERITY_ORDER.indexOf(b) > SEVERITY_ORDER.indexOf(a) ? b : a), 'low');
  const expired = attention.filter(c => c.state === 'expired').length;
  const title =
    attention.length === 1
      ? describeKey(attention[0], scannedAt, words).title
      : text('digestTitle', {
          count: attention.length,
          parts: [
            expired && text('digestExpired', { count: expired }),
            attention.length - expired && text('digestExpiring', { count: attention.length - expired }),
          ]
            .filter(Boolean)
            .join(', '),
        });
  const description = [...attention.map(c => describeKey(c, scannedAt, words).sentence), text('act')].join('\n');
  return { title, description, severity, link };
}

/** Sends through the notifications plugin: one notification per owning entity (its members). */
export class NotificationsChannel implements MaskinportenNotifierChannel {
  readonly id = 'notifications';

  constructor(
    private readonly notifications: NotificationService,
    private readonly language: NoticeLanguage = 'en',
  ) {}

  async notifyExpiry(notice: MaskinportenExpiryNotice): Promise<void> {
    const { title, description, severity, link } = describeNotice(notice, noticeTextsFor(this.language));
    await this.notifications.send({
      recipients: { type: 'entity', entityRef: notice.owner },
      payload: { title, description, link, severity, topic: EXPIRY_TOPIC, scope: ownerNotificationScope(notice.owner) },
    });
  }
}

/** For backends without the notifications plugin: one structured log line per change. */
export class LogChannel implements MaskinportenNotifierChannel {
  readonly id = 'log';

  constructor(
    private readonly logger: LoggerService,
    private readonly language: NoticeLanguage = 'en',
  ) {}

  async notifyExpiry(notice: MaskinportenExpiryNotice): Promise<void> {
    const words = noticeTextsFor(this.language);
    for (const change of notice.changes) {
      const { title, sentence } = describeKey(change, notice.scannedAt, words);
      const fields = {
        event: EXPIRY_TOPIC,
        kid: change.kid,
        entityRef: change.integration.entityRef,
        environment: change.integration.environment,
        owner: notice.owner,
        state: change.state,
        previousState: change.previousState ?? 'none',
        expiresAt: change.expiresAt?.toISOString() ?? 'unknown',
        severity: SEVERITY[change.state],
      };
      const act = change.state === 'ok' || change.state === 'superseded' ? '' : ` ${words.text('act')}`;
      const message = `${title}. ${sentence}${act}`;
      if (change.state === 'ok' || change.state === 'superseded') {
        this.logger.info(message, fields);
      } else {
        this.logger.warn(message, fields);
      }
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
  return endpoints.some(endpoint => (endpoint.getOptionalStringArray('plugins') ?? []).includes('notifications'));
}

/** The built-in channel: the configured one, or for `auto`, notifications when installed. */
export async function defaultExpiryChannel(options: {
  delivery: ExpiryDelivery;
  /** The notices' language (`maskinporten.notifications.language`); English by default. */
  language?: NoticeLanguage;
  notifications: NotificationService;
  logger: LoggerService;
  instanceMetadata: RootInstanceMetadataService;
  config: RootConfigService;
}): Promise<MaskinportenNotifierChannel> {
  const useNotifications =
    options.delivery === 'notifications' ||
    (options.delivery === 'auto' && (await isNotificationsPluginInstalled(options)));
  return useNotifications
    ? new NotificationsChannel(options.notifications, options.language)
    : new LogChannel(options.logger, options.language);
}

function whenText(words: NoticeWords, days: number | undefined): string {
  if (days === undefined) {
    return words.text('whenUnknown');
  }
  if (days < 1) {
    return words.text('whenWithinDay');
  }
  return words.count('whenInDays', days);
}
