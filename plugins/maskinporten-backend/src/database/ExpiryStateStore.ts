import { Knex } from 'knex';
import { ExpiryScanResult } from '@maskinporten-backstage/plugin-maskinporten-common';
import { normalizeRef, toDate } from './columns';

const NOTIFICATIONS = 'maskinporten_expiry_notifications';
const SCANS = 'maskinporten_expiry_scans';
/** Scan history kept for the status route; older rows are pruned after each scan. */
const SCANS_KEPT = 100;

/**
 * What the scan last told an owner about a key. `superseded`: a retiring key whose
 * successor is active; its expiry needs no action.
 */
export type NotifiedState = 'ok' | 'warning' | 'critical' | 'expired' | 'superseded';

/** `none`: there was no owner to tell; the change was logged. */
/** The channels that heard it (comma separated ids), or `none` when nobody had to. */
export type DeliveryChannel = string;

export interface NotifiedKeyState {
  kid: string;
  entityRef: string;
  environment: string;
  state: NotifiedState;
  delivery: DeliveryChannel;
  notifiedAt: Date;
}

export interface ExpiryScanRecord {
  startedAt: Date;
  finishedAt: Date;
  outcome: 'succeeded' | 'failed';
  result: ExpiryScanResult;
  error?: string;
}

type ScanRow = {
  id?: number;
  started_at: Date | string | number;
  finished_at: Date | string | number;
  outcome: string;
  scanned: number;
  changed: number;
  ok: number;
  warning: number;
  critical: number;
  expired: number;
  error: string | null;
};

/** The expiry scan's tables: what each key's owners were last told, and each scan's result. */
export class ExpiryStateStore {
  constructor(private readonly db: Knex) {}

  async getNotifiedStates(kids: string[]): Promise<Map<string, NotifiedKeyState>> {
    const states = new Map<string, NotifiedKeyState>();
    for (let i = 0; i < kids.length; i += 200) {
      const rows = await this.db(NOTIFICATIONS).whereIn('kid', kids.slice(i, i + 200));
      for (const row of rows) {
        states.set(row.kid, {
          kid: row.kid,
          entityRef: row.entity_ref,
          environment: row.environment,
          state: row.state as NotifiedState,
          delivery: row.delivery as DeliveryChannel,
          notifiedAt: toDate(row.notified_at),
        });
      }
    }
    return states;
  }

  /** Records what each key's owner was told, many keys per statement. */
  async setNotifiedStates(states: NotifiedKeyState[]): Promise<void> {
    for (let i = 0; i < states.length; i += 200) {
      const rows = states.slice(i, i + 200).map(state => ({
        kid: state.kid,
        entity_ref: normalizeRef(state.entityRef),
        environment: state.environment,
        state: state.state,
        delivery: state.delivery,
        notified_at: state.notifiedAt,
      }));
      await this.db(NOTIFICATIONS).insert(rows).onConflict('kid').merge();
    }
  }

  async recordScan(scan: ExpiryScanRecord): Promise<void> {
    const row: ScanRow = {
      started_at: scan.startedAt,
      finished_at: scan.finishedAt,
      outcome: scan.outcome,
      scanned: scan.result.scanned,
      changed: scan.result.changed,
      ok: scan.result.byState.ok,
      warning: scan.result.byState.warning,
      critical: scan.result.byState.critical,
      expired: scan.result.byState.expired,
      error: scan.error ?? null,
    };
    await this.db(SCANS).insert(row);
    const cutoff = await this.db(SCANS)
      .orderBy('id', 'desc')
      .offset(SCANS_KEPT)
      .first('id');
    if (cutoff) {
      await this.db(SCANS).where('id', '<=', cutoff.id).delete();
    }
  }

  async lastScan(): Promise<ExpiryScanRecord | undefined> {
    const row: ScanRow | undefined = await this.db(SCANS).orderBy('id', 'desc').first();
    if (!row) {
      return undefined;
    }
    return {
      startedAt: toDate(row.started_at),
      finishedAt: toDate(row.finished_at),
      outcome: row.outcome as ExpiryScanRecord['outcome'],
      result: {
        scanned: Number(row.scanned),
        changed: Number(row.changed),
        byState: {
          ok: Number(row.ok),
          warning: Number(row.warning),
          critical: Number(row.critical),
          expired: Number(row.expired),
        },
      },
      error: row.error ?? undefined,
    };
  }

  async countScans(): Promise<number> {
    const [{ count }] = await this.db(SCANS).count({ count: '*' });
    return Number(count);
  }
}
