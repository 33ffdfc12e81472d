import express from 'express';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';

// SQLite: the database (or a table) is locked by another connection.
const SQLITE_BUSY = /^SQLITE_(BUSY|LOCKED)/;
// PostgreSQL SQLSTATEs for "try again": lock_not_available, query_canceled (lock and statement
// timeouts), deadlock, serialization failure, admin shutdown/crash, cannot connect now, and
// connection exceptions (class 08).
const POSTGRES_TRANSIENT = /^(55P03|57014|40P01|40001|57P0[1-3]|08[0-9A-Z]{3})$/;

/** Whether the error comes from the database driver or knex (its message may carry SQL). */
export function databaseErrorKind(error: any): 'busy' | 'failed' | undefined {
  const code = typeof error?.code === 'string' ? error.code : '';
  if (error?.name === 'KnexTimeoutError' || SQLITE_BUSY.test(code) || POSTGRES_TRANSIENT.test(code)) {
    return 'busy';
  }
  if (error?.name === 'SqliteError' || code.startsWith('SQLITE_') || (error?.severity && error?.routine)) {
    return 'failed';
  }
  return undefined;
}

/**
 * Turns what a request body parser or the database threw into answers that say what to do and
 * never carry SQL: a locked or overloaded database is a 503 (try again), any other database
 * failure a 500 with a generic message. The original is logged for operators.
 */
export function mapErrors(logger: LoggerService): express.ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) {
      // The request deadline already answered; the handler's late failure has nowhere to go.
      return;
    }
    // body-parser's own message ("Unexpected token } in JSON at position 7") does not say what to send.
    if (error?.type === 'entity.parse.failed') {
      next(new InputError('request body: not valid JSON'));
      return;
    }
    if (error?.type === 'entity.too.large') {
      next(new InputError('request body: too large'));
      return;
    }
    const kind = databaseErrorKind(error);
    if (kind === 'busy') {
      logger.warn(`Database busy (${error.code ?? error.name}); answered 503`);
      next(new ServiceUnavailableError('The database is busy; try again shortly'));
      return;
    }
    if (kind === 'failed') {
      logger.error(`Database error (${error.code ?? error.name}): ${error.message}`);
      next(new Error('Internal database error; the backend log has the details'));
      return;
    }
    next(error);
  };
}

/**
 * Answers 503 when a request has not been answered within `timeoutMs`, so that no caller
 * waits without bound on a locked table, a hung connection or a slow upstream. Work already
 * started finishes (or fails) in the background; every operation is safe to repeat.
 */
export function requestDeadline(timeoutMs: number): express.RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (!res.headersSent) {
        next(new ServiceUnavailableError(`No answer within ${Math.round(timeoutMs / 1000)} s; try again shortly`));
      }
    }, timeoutMs);
    timer.unref?.();
    const clear = () => clearTimeout(timer);
    res.on('finish', clear);
    res.on('close', clear);
    next();
  };
}
