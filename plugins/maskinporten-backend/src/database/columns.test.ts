import { normalizeRef, toDate } from './columns';

describe('column helpers', () => {
  it('reads SQLite zone-less timestamps as UTC and passes Dates and numbers through', () => {
    expect(toDate('2026-11-25 01:00:00').toISOString()).toBe('2026-11-25T01:00:00.000Z');
    expect(toDate('2026-11-25T01:00:00+01:00').toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(toDate(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    const now = new Date();
    expect(toDate(now)).toBe(now);
  });

  it('lower-cases entity refs', () => {
    expect(normalizeRef('Component:Default/Lonn')).toBe('component:default/lonn');
  });
});
