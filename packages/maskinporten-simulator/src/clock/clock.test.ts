import { ManualClock, systemClock } from './clock';

describe('ManualClock', () => {
  it('starts where told and only moves when told', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.advance(1500);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:01.500Z');
    clock.set(new Date('2027-06-01T12:00:00Z'));
    expect(clock.now().toISOString()).toBe('2027-06-01T12:00:00.000Z');
  });

  it('hands out copies', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    clock.now().setFullYear(1999);
    expect(clock.now().getUTCFullYear()).toBe(2026);
  });

  it('has a system clock', () => {
    expect(systemClock.now()).toBeInstanceOf(Date);
  });
});
