import { LoggerService } from '@backstage/backend-plugin-api';
import { ExpiryScanResult, ExpiryThresholds } from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  MaskinportenKeyExpiryChange,
  MaskinportenNotifierChannel,
} from '@maskinporten-backstage/plugin-maskinporten-node';
import {
  ExpiryStateStore,
  GatewayDeploymentRecord,
  GatewayDeploymentStore,
  IndexedIntegration,
  IntegrationIndexStore,
  IntegrationPosition,
  KeyStore,
  NotifiedKeyState,
  normalizeRef,
} from '../database';
import { currentKid } from '../gateways/gatewayStatus';
import { groupBy, integrationKey } from '../lib/grouping';
import { classifyKeys } from './classifyKeys';

const PAGE = 500;

export interface ExpiryScannerOptions {
  index: IntegrationIndexStore;
  keys: KeyStore;
  states: ExpiryStateStore;
  /** Gateway deployments, so a notice names the gateways that sign with the key. */
  deployments?: GatewayDeploymentStore;
  /** The built-in channel first (notifications or log), then those modules added. */
  channels: MaskinportenNotifierChannel[];
  logger: LoggerService;
  thresholds: ExpiryThresholds;
  now?: () => Date;
}

type ScanCounts = ExpiryScanResult & { undelivered: number };

/** What one owner is due to hear at the end of a scan. */
interface OwnerNews {
  changes: Array<MaskinportenKeyExpiryChange & { told: NotifiedKeyState }>;
  attention: MaskinportenKeyExpiryChange[];
}

/**
 * Judges every live key of every indexed integration (owner and title come from the index)
 * and tells each owner, once per scan, about the keys whose state differs from what they
 * were last told. Reads and writes go per page of integrations; notices go per owner. The
 * told state is stored per kid, so repeated scans stay quiet; a notice that a channel failed
 * to deliver is not stored, and the next scan tells it again.
 */
export class ExpiryScanner {
  readonly #options: ExpiryScannerOptions;

  constructor(options: ExpiryScannerOptions) {
    this.#options = options;
  }

  /** The built-in channel, as the scan's status reports it. */
  get channel(): 'notifications' | 'log' {
    return this.#options.channels[0]?.id === 'notifications' ? 'notifications' : 'log';
  }

  get channelIds(): string[] {
    return this.#options.channels.map(channel => channel.id);
  }

  /** Runs one scan and records it; rethrows after recording when the scan itself failed. */
  async scan(): Promise<ScanCounts> {
    const { states, logger } = this.#options;
    const startedAt = this.#now();
    const result: ScanCounts = {
      scanned: 0,
      changed: 0,
      undelivered: 0,
      byState: { ok: 0, warning: 0, critical: 0, expired: 0 },
    };
    const news = new Map<string, OwnerNews>();
    try {
      for await (const page of this.#integrationPages()) {
        await this.#scanPage(page, startedAt, result, news);
      }
      await this.#tellOwners(news, startedAt, result);
    } catch (error) {
      await states.recordScan({
        startedAt,
        finishedAt: this.#now(),
        outcome: 'failed',
        result,
        error: (error as Error).message,
      });
      throw error;
    }
    const { undelivered, ...recorded } = result;
    await states.recordScan({
      startedAt,
      finishedAt: this.#now(),
      outcome: 'succeeded',
      result: recorded,
      error:
        undelivered > 0 ? `${undelivered} state change(s) could not be delivered; the next scan retries them` : undefined,
    });
    logger.info(
      `Maskinporten expiry scan: ${result.scanned} keys, ${result.changed} changed (ok ${result.byState.ok}, warning ${result.byState.warning}, critical ${result.byState.critical}, expired ${result.byState.expired})`,
    );
    return result;
  }

  /** One page: one key query, one told-state query, one batched write of silent records. */
  async #scanPage(page: IndexedIntegration[], now: Date, result: ScanCounts, news: Map<string, OwnerNews>) {
    const { keys, states, logger, thresholds } = this.#options;
    const byIntegration = new Map<string, typeof stored>();
    const stored = await keys.listFor(page.map(row => row.integration.entityRef));
    for (const key of stored) {
      const id = `${key.entityRef}|${key.environment}`;
      byIntegration.set(id, [...(byIntegration.get(id) ?? []), key]);
    }
    const deploymentsOf = groupBy(
      (await this.#options.deployments?.listForRefs(page.map(row => row.integration.entityRef))) ?? [],
      integrationKey,
    );
    const verdicts = page.flatMap(row => {
      const own = byIntegration.get(`${normalizeRef(row.integration.entityRef)}|${row.integration.environment}`) ?? [];
      return classifyKeys(own, now, thresholds).map(verdict => ({ ...verdict, row }));
    });
    const told = await states.getNotifiedStates(verdicts.map(v => v.key.kid));
    const silent: NotifiedKeyState[] = [];
    for (const { key, state, counted, successorKid, row } of verdicts) {
      result.scanned += 1;
      result.byState[counted] += 1;
      const change: MaskinportenKeyExpiryChange = {
        kid: key.kid,
        state,
        previousState: told.get(key.kid)?.state,
        expiresAt: key.expiresAt,
        successorKid,
        integration: {
          entityRef: row.integration.entityRef,
          environment: row.integration.environment,
          title: row.title,
          clientId: row.integration.clientId,
        },
        ...signingDeployments(deploymentsOf.get(integrationKey(row.integration)) ?? [], key),
      };
      const owner = row.owner;
      const needsAttention = state === 'warning' || state === 'critical' || state === 'expired';
      if (owner && needsAttention) {
        newsFor(news, owner).attention.push(change);
      }
      if (change.previousState === state) {
        continue;
      }
      const record: NotifiedKeyState = {
        kid: key.kid,
        entityRef: key.entityRef,
        environment: key.environment,
        state,
        notifiedAt: now,
        delivery: 'none',
      };
      // A key first seen healthy (or already replaced) is recorded without a message; a
      // message is due only once it needs attention or stops needing it.
      if (change.previousState === undefined && !needsAttention) {
        silent.push(record);
        continue;
      }
      if (!owner) {
        logger.warn(
          `Maskinporten key ${key.kid} of ${row.integration.entityRef} is ${state}, but the entity has no owner to notify`,
          { kid: key.kid, entityRef: row.integration.entityRef, state },
        );
        silent.push(record);
        result.changed += 1;
        continue;
      }
      newsFor(news, owner).changes.push({ ...change, told: record });
    }
    await states.setNotifiedStates(silent);
  }

  /** One notice per owner with news, to every channel; what was delivered is recorded at once. */
  async #tellOwners(news: Map<string, OwnerNews>, now: Date, result: ScanCounts) {
    const { channels, states, logger } = this.#options;
    const delivered: NotifiedKeyState[] = [];
    for (const [owner, { changes, attention }] of news) {
      if (changes.length === 0) {
        continue;
      }
      const notice = {
        owner,
        changes: changes.map(({ told: _told, ...change }) => change),
        attention,
        scannedAt: now,
      };
      const failures: string[] = [];
      for (const channel of channels) {
        try {
          await channel.notifyExpiry?.(notice);
        } catch (error) {
          failures.push(`${channel.id}: ${(error as Error).message}`);
        }
      }
      if (failures.length > 0) {
        result.undelivered += changes.length;
        logger.warn(
          `Could not tell ${owner} about ${changes.length} Maskinporten key change(s); the next scan retries: ${failures.join('; ')}`,
        );
        continue;
      }
      const via = channels.map(channel => channel.id).join(',') || 'none';
      delivered.push(...changes.map(change => ({ ...change.told, delivery: via })));
      result.changed += changes.length;
    }
    await states.setNotifiedStates(delivered);
  }

  async *#integrationPages(): AsyncGenerator<IndexedIntegration[]> {
    let after: IntegrationPosition | undefined;
    for (;;) {
      const rows = await this.#options.index.query({ owners: [], limit: PAGE, after });
      if (rows.length > 0) {
        yield rows;
      }
      if (rows.length < PAGE) {
        return;
      }
      after = rows[rows.length - 1].position;
    }
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }
}

/** The gateway deployments that sign with the key, as far as the backend knows. */
function signingDeployments(records: GatewayDeploymentRecord[], key: { kid: string; state: string }) {
  const signing = records.filter(record => currentKid(record) === key.kid && record.apiId);
  return signing.length === 0
    ? {}
    : {
        deployments: signing.map(r => ({
          target: r.target,
          apiId: r.apiId!,
          name: r.name,
          // On a key that rotation has replaced, the gateway is behind.
          inSync: key.state === 'active' || key.state === 'pending',
        })),
      };
}

function newsFor(news: Map<string, OwnerNews>, owner: string): OwnerNews {
  let entry = news.get(owner);
  if (!entry) {
    entry = { changes: [], attention: [] };
    news.set(owner, entry);
  }
  return entry;
}
