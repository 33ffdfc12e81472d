import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import { EXPIRY_SCAN_CHANNEL, integrationChannel } from '@maskinporten-backstage/plugin-maskinporten-common';
import { NextFunction, Request, Response } from 'express';
import { entityRefFromParams } from '../access/entityAccess';

/**
 * Tells open cards and pages that something changed, so they re-read instead of polling.
 * Broadcast, with no data in the message: every reader fetches through its own
 * permission-checked request. Losing a signal costs only freshness, so failures are logged.
 */
export class ChangeSignals {
  readonly #signals?: SignalsService;
  readonly #logger: LoggerService;

  constructor(options: { signals?: SignalsService; logger: LoggerService }) {
    this.#signals = options.signals;
    this.#logger = options.logger;
  }

  integrationChanged(entityRef: string): void {
    this.#publish(integrationChannel(entityRef));
  }

  expiryScanChanged(): void {
    this.#publish(EXPIRY_SCAN_CHANNEL);
  }

  /**
   * Express middleware for the entity routes: after a state-changing request succeeded
   * (any method but GET/HEAD, status below 400), the entity's integration changed.
   */
  afterEntityChange() {
    return (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.on('finish', () => {
          if (res.statusCode < 400) {
            try {
              this.integrationChanged(entityRefFromParams(req.params as any));
            } catch {
              // A malformed ref was answered with a 400 already; nothing changed.
            }
          }
        });
      }
      next();
    };
  }

  #publish(channel: string) {
    if (!this.#signals) {
      return;
    }
    this.#signals
      .publish({ recipients: { type: 'broadcast' }, channel, message: { changed: true } })
      .catch(error => this.#logger.warn(`Could not publish signal ${channel}: ${(error as Error).message}`));
  }
}
