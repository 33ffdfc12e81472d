import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ExpiryScanResult,
  ExpiryThresholds,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  IndexedIntegration,
  IntegrationPosition,
  MaskinportenStore,
} from '../database/MaskinportenStore';
import { normalizeRef } from '../database/columns';
import { classifyKeys } from './classifyKeys';
import { ExpiryStateStore } from './ExpiryStateStore';
import { ExpiryNotifier } from './notifiers';

const PAGE = 500;

export interface ExpiryScannerOptions {
  store: MaskinportenStore;
  states: ExpiryStateStore;
  notifier: ExpiryNotifier;
  logger: LoggerService;
  thresholds: ExpiryThresholds;
  now?: () => Date;
}

/**
 * Judges every live key of every indexed integration (owner and title come from the index)
 * and tells the owner when a key's state differs from what they were last told. The told
 * state is stored per kid, so repeated scans stay quiet; a failed delivery is not stored and
 * is retried by the next scan.
 */
export class ExpiryScanner {
  readonly #options: ExpiryScannerOptions;

  constructor(options: ExpiryScannerOptions) {
    this.#options = options;
  }

  get channel(): ExpiryNotifier['channel'] {
    return this.#options.notifier.channel;
  }

  /** Runs one scan and records it; rethrows after recording when the scan itself failed. */
  async scan(): Promise<ExpiryScanResult & { undelivered: number }> {
    const { states, logger } = this.#options;
    const startedAt = this.#now();
    const result = {
      scanned: 0,
      changed: 0,
      undelivered: 0,
      byState: { ok: 0, warning: 0, critical: 0, expired: 0 },
    };
    try {
      for await (const page of this.#integrationPages()) {
        await this.#scanPage(page, startedAt, result);
      }
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
        undelivered > 0
          ? `${undelivered} state change(s) could not be delivered; the next scan retries them`
          : undefined,
    });
    logger.info(
      `Maskinporten expiry scan: ${result.scanned} keys, ${result.changed} changed (ok ${result.byState.ok}, warning ${result.byState.warning}, critical ${result.byState.critical}, expired ${result.byState.expired})`,
    );
    return result;
  }

  async #scanPage(
    page: IndexedIntegration[],
    now: Date,
    result: ExpiryScanResult & { undelivered: number },
  ) {
    const { store, states, notifier, logger, thresholds } = this.#options;
    const keys = await store.listKeysFor(page.map(row => row.integration.entityRef));
    const verdicts = page.flatMap(row => {
      const ref = normalizeRef(row.integration.entityRef);
      const own = keys.filter(
        key => key.entityRef === ref && key.environment === row.integration.environment,
      );
      return classifyKeys(own, now, thresholds).map(verdict => ({ ...verdict, row }));
    });
    const told = await states.getNotifiedStates(verdicts.map(v => v.key.kid));
    for (const { key, state, counted, successorKid, row } of verdicts) {
      result.scanned += 1;
      result.byState[counted] += 1;
      const previous = told.get(key.kid)?.state;
      if (previous === state) {
        continue;
      }
      const base = {
        kid: key.kid,
        entityRef: key.entityRef,
        environment: key.environment,
        state,
        notifiedAt: now,
      };
      // A key first seen healthy (or already replaced) is recorded without a message; a
      // message is due only once it needs attention or stops needing it.
      if (previous === undefined && (state === 'ok' || state === 'superseded')) {
        await states.setNotifiedState({ ...base, delivery: 'none' });
        continue;
      }
      if (!row.owner) {
        logger.warn(
          `Maskinporten key ${key.kid} of ${row.integration.entityRef} is ${state}, but the entity has no owner to notify`,
          { kid: key.kid, entityRef: row.integration.entityRef, state },
        );
        await states.setNotifiedState({ ...base, delivery: 'none' });
        result.changed += 1;
        continue;
      }
      try {
        await notifier.notify({
          key,
          state,
          previous,
          successorKid,
          owner: row.owner,
          integration: {
            entityRef: row.integration.entityRef,
            environment: row.integration.environment,
            title: row.title,
            clientId: row.integration.clientId,
          },
          now,
        });
      } catch (error) {
        result.undelivered += 1;
        logger.warn(
          `Could not notify ${row.owner} that Maskinporten key ${key.kid} is ${state}; the next scan retries: ${
            (error as Error).message
          }`,
        );
        continue;
      }
      await states.setNotifiedState({ ...base, delivery: notifier.channel });
      result.changed += 1;
    }
  }

  async *#integrationPages(): AsyncGenerator<IndexedIntegration[]> {
    let after: IntegrationPosition | undefined;
    for (;;) {
      const rows = await this.#options.store.queryIntegrations({
        owners: [],
        limit: PAGE,
        after,
      });
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
