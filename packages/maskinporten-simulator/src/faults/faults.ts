import type { RequestHandler, Response } from 'express';

/**
 * A fault to inject into the simulator's answers, for testing clients against an
 * unreliable Maskinporten or self-service API.
 *
 * @public
 */
export interface SimulatorFault {
  /** Only requests with this method (any case); default any method. */
  method?: string;
  /**
   * The request path relative to the issuer, e.g. `/api/v1/clients` or `/token`.
   * A string must match exactly (no query string); a RegExp is tested against the path.
   */
  path: RegExp | string;
  /** Status of the injected answer; default 500. Ignored with `hang`. */
  status?: number;
  /** Body of the injected answer; default `{"error": …, "error_description": "injected fault"}`. */
  body?: unknown;
  /** Extra headers of the injected answer, e.g. `{ 'retry-after': '1' }`. */
  headers?: Record<string, string>;
  /** How many matching requests the fault applies to; default every one until `clear()`. */
  times?: number;
  /** Never answer (the client sees a timeout). */
  hang?: boolean;
  /**
   * Perform the real operation first, then answer with the fault instead of the real
   * answer (or, with `hang`, never answer): a lost response.
   */
  afterHandling?: boolean;
}

/**
 * An added fault; `hits` counts the requests it has been applied to.
 *
 * @public
 */
export interface SimulatorFaultHandle {
  readonly hits: number;
  /** Stops applying this fault. */
  remove(): void;
}

/**
 * A request the simulator received. Only method, path and outcome are kept: never
 * headers or bodies, which carry tokens and keys.
 *
 * @public
 */
export interface ReceivedRequest {
  method: string;
  /** Path relative to the issuer, without the query string. */
  path: string;
  /** The status answered; undefined while pending or when no answer was sent. */
  status?: number;
  /** Which kind of injected fault, if any, was applied. */
  fault?: 'answer' | 'hang' | 'lost-answer' | 'lost-hang';
}

interface ActiveFault {
  fault: SimulatorFault;
  remaining: number;
  hits: number;
}

/** Older entries are dropped beyond this, so a long-running dev backend stays small. */
const MAX_RECORDED_REQUESTS = 10_000;

const ERROR_CODES: Record<number, string> = {
  401: 'invalid_token',
  403: 'insufficient_scope',
  429: 'too_many_requests',
};

const defaultErrorCode = (status: number) =>
  ERROR_CODES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request');

/**
 * Injected faults and the record of received requests. Tests reach it as
 * `simulator.faults`; the request record as `simulator.requests`.
 *
 * @public
 */
export class SimulatorFaults {
  #faults: ActiveFault[] = [];
  #requests: ReceivedRequest[] = [];

  /** Adds a fault; faults are checked in the order they were added, the first match applies. */
  add(fault: SimulatorFault): SimulatorFaultHandle {
    if (!(typeof fault.path === 'string' || fault.path instanceof RegExp)) {
      throw new TypeError('fault.path must be a string or a RegExp');
    }
    const times = fault.times ?? Infinity;
    if (!(times > 0)) {
      throw new TypeError('fault.times must be a positive number');
    }
    const status = fault.status ?? 500;
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new TypeError('fault.status must be an HTTP status code');
    }
    const active: ActiveFault = { fault: { ...fault }, remaining: times, hits: 0 };
    this.#faults.push(active);
    return {
      get hits() {
        return active.hits;
      },
      remove: () => {
        this.#faults = this.#faults.filter(f => f !== active);
      },
    };
  }

  /** Removes every fault. */
  clear(): void {
    this.#faults = [];
  }

  /** Copies of the requests received so far, oldest first. */
  get requests(): ReceivedRequest[] {
    return this.#requests.map(r => ({ ...r }));
  }

  clearRequests(): void {
    this.#requests = [];
  }

  #take(method: string, path: string): SimulatorFault | undefined {
    const active = this.#faults.find(({ fault }) => {
      if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) {
        return false;
      }
      if (typeof fault.path === 'string') {
        return fault.path === path;
      }
      fault.path.lastIndex = 0;
      return fault.path.test(path);
    });
    if (!active) {
      return undefined;
    }
    active.hits += 1;
    active.remaining -= 1;
    if (active.remaining <= 0) {
      this.#faults = this.#faults.filter(f => f !== active);
    }
    return active.fault;
  }

  #record(entry: ReceivedRequest): ReceivedRequest {
    this.#requests.push(entry);
    if (this.#requests.length > MAX_RECORDED_REQUESTS) {
      this.#requests.splice(0, this.#requests.length - MAX_RECORDED_REQUESTS);
    }
    return entry;
  }

  /** Express middleware that records each request and applies the first matching fault. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const entry = this.#record({ method: req.method, path: req.path });
      res.on('finish', () => {
        entry.status = res.statusCode;
      });
      const fault = this.#take(req.method, req.path);
      if (!fault) {
        next();
        return;
      }
      if (!fault.afterHandling) {
        entry.fault = fault.hang ? 'hang' : 'answer';
        if (!fault.hang) {
          sendFault(res, fault);
        }
        return;
      }
      entry.fault = fault.hang ? 'lost-hang' : 'lost-answer';
      replaceAnswer(res, fault);
      next();
    };
  }
}

function faultBody(fault: SimulatorFault, status: number) {
  return (
    fault.body ?? {
      error: defaultErrorCode(status),
      error_description: 'injected fault (maskinporten simulator)',
    }
  );
}

function sendFault(res: Response, fault: SimulatorFault): void {
  const status = fault.status ?? 500;
  res.status(status);
  res.set({ 'cache-control': 'no-store', ...fault.headers });
  res.json(faultBody(fault, status));
}

/**
 * Lets the real handler run (so the operation happens), then throws its answer away and
 * answers with the fault instead, or not at all.
 */
function replaceAnswer(res: Response, fault: SimulatorFault): void {
  const end = res.end.bind(res);
  res.write = (() => true) as Response['write'];
  res.end = ((..._args: unknown[]) => {
    if (fault.hang) {
      return res;
    }
    for (const name of res.getHeaderNames()) {
      res.removeHeader(name);
    }
    const status = fault.status ?? 500;
    res.statusCode = status;
    for (const [name, value] of Object.entries({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...fault.headers,
    })) {
      res.setHeader(name, value);
    }
    return end(JSON.stringify(faultBody(fault, status)));
  }) as Response['end'];
}
