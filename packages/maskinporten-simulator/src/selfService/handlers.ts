import type { Request, Response } from 'express';
import type { SimulatorClock } from '../clock';
import { DigdirObjectName, inputError, sendSelfServiceError } from '../errors';

type Handler = (req: Request, res: Response) => void;

/** Wraps a handler so that every thrown error becomes a Digdir-shaped error answer. */
export function handler(clock: SimulatorClock, objectName: DigdirObjectName, fn: Handler): Handler {
  return (req, res) => {
    try {
      fn(req, res);
    } catch (err) {
      sendSelfServiceError(res, err, { clock, objectName });
    }
  };
}

/**
 * A boolean query parameter such as `inactive=TRUE` (Digdir's docs write it in capitals:
 * "kan hentes ved å sette inactive=TRUE som query parameter").
 */
export function booleanQuery(req: Request, name: string): boolean | undefined {
  const value = req.query[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') {
      return true;
    }
    if (lower === 'false') {
      return false;
    }
  }
  throw inputError(`query parameter ${name} must be true or false`, name);
}

/** A single string query parameter (e.g. `scope`, `integration_type`). */
export function stringQuery(req: Request, name: string, required: true): string;
export function stringQuery(req: Request, name: string, required?: false): string | undefined;
export function stringQuery(req: Request, name: string, required = false): string | undefined {
  const value = req.query[name];
  if (value === undefined && !required) {
    return undefined;
  }
  if (typeof value !== 'string' || value === '' || value.length > 255) {
    throw inputError(`query parameter ${name} is required, once, as a non-empty string`, name);
  }
  return value;
}
