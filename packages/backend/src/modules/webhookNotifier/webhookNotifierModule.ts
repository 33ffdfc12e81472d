import { coreServices, createBackendModule, LoggerService } from '@backstage/backend-plugin-api';
import {
  MaskinportenExpiryNotice,
  MaskinportenNotifierChannel,
  maskinportenNotifierExtensionPoint,
} from '@maskinporten-backstage/plugin-maskinporten-node';

/**
 * A second notifier channel, as a deployer would add one: every expiry notice is posted as
 * JSON to a chat webhook (Slack and Teams accept `text`). Without
 * `examplePortal.maskinportenWebhook.url` it writes the message to the log instead, so the
 * offline example portal shows the channel working.
 */
export class WebhookChannel implements MaskinportenNotifierChannel {
  readonly id = 'webhook';

  constructor(
    private readonly options: { url?: string; logger: LoggerService; fetchImpl?: typeof fetch },
  ) {}

  async notifyExpiry(notice: MaskinportenExpiryNotice): Promise<void> {
    const lines = notice.changes.map(
      change =>
        `• ${change.integration.title ?? change.integration.entityRef} (${change.integration.environment}): key ${change.kid} is ${change.state}${
          change.expiresAt ? `, expires ${change.expiresAt.toISOString().slice(0, 10)}` : ''
        }`,
    );
    const text = `Maskinporten keys of ${notice.owner}:\n${lines.join('\n')}`;
    if (!this.options.url) {
      this.options.logger.info(`[webhook channel] ${text}`);
      return;
    }
    const response = await (this.options.fetchImpl ?? fetch)(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text, owner: notice.owner, changes: notice.changes }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      // A failed delivery makes the next scan tell every channel again.
      throw new Error(`webhook answered ${response.status}`);
    }
  }
}

export const webhookNotifierModule = createBackendModule({
  pluginId: 'maskinporten',
  moduleId: 'webhook-notifier',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        notifiers: maskinportenNotifierExtensionPoint,
      },
      async init({ config, logger, notifiers }) {
        notifiers.addNotifier(
          new WebhookChannel({ url: config.getOptionalString('examplePortal.maskinportenWebhook.url'), logger }),
        );
      },
    });
  },
});
