import { mockServices } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { DigdirRejectedError, DigdirUnavailableError } from '../digdir/types';
import { GraviteeDefinitionError } from '../gravitee/errors';
import { RateLimitedError } from '../tokenTests/errors';
import { toActionError } from './defineAction';

describe('toActionError', () => {
  const logger = mockServices.logger.mock();
  const map = (error: unknown) => {
    const mapped = toActionError(error, 'maskinporten:test', logger);
    return { name: mapped.name, message: mapped.message };
  };

  it('passes the errors MCP clients show through unchanged', () => {
    const error = new NotAllowedError('Not allowed: maskinporten.token.test on component:default/x');
    expect(toActionError(error, 'maskinporten:test', logger)).toBe(error);
    const input = new InputError('scopes: must be a non-empty array of scope strings');
    expect(toActionError(input, 'maskinporten:test', logger)).toBe(input);
  });

  it("turns the plugin's own errors into ones MCP clients show, with their message", () => {
    expect(map(new GraviteeDefinitionError('Got a JSON array, not a JSON object'))).toEqual({
      name: 'InputError',
      message: expect.stringMatching(/^definition: Got a JSON array, not a JSON object\. Expected/),
    });
    expect(map(new RateLimitedError('Too many token tests for x; try again in 5 s', 5))).toEqual({
      name: 'ServiceUnavailableError',
      message: 'Too many token tests for x; try again in 5 s',
    });
    expect(map(new DigdirUnavailableError('Digdir did not answer'))).toEqual({
      name: 'ServiceUnavailableError',
      message: 'Digdir did not answer',
    });
    expect(map(new DigdirRejectedError('Digdir refused the key set'))).toEqual({
      name: 'ConflictError',
      message: 'Digdir refused the key set',
    });
  });

  it('never passes a database message (it may carry SQL) or an unexpected one through', () => {
    const busy = Object.assign(new Error('SQLITE_BUSY: select * from maskinporten_keys'), { code: 'SQLITE_BUSY' });
    expect(map(busy)).toEqual({ name: 'ServiceUnavailableError', message: 'The database is busy; try again shortly' });
    const failed = Object.assign(new Error('insert into maskinporten_keys … constraint'), { name: 'SqliteError', code: 'SQLITE_CONSTRAINT' });
    expect(map(failed).message).toBe('Internal database error; the backend log has the details');
    expect(map(new TypeError("Cannot read properties of undefined (reading 'kid')"))).toEqual({
      name: 'Error',
      message: 'maskinporten action maskinporten:test failed; the backend log has the details',
    });
  });
});
