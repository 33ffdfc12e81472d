import { ManualClock } from '../clock';
import { JtiStore } from './JtiStore';

describe('JtiStore', () => {
  const start = new Date('2026-03-02T09:00:00.000Z');
  const startSeconds = start.getTime() / 1000;

  it('remembers a jti until the grant it came with has expired', () => {
    const clock = new ManualClock(start);
    const store = new JtiStore(clock);
    store.remember('a', startSeconds + 120);
    expect(store.has('a')).toBe(true);
    expect(store.has('b')).toBe(false);
    clock.advance(120_000);
    expect(store.has('a')).toBe(true);
    clock.advance(1_000);
    expect(store.has('a')).toBe(false);
  });

  it('forgets expired jtis so memory stays bounded', () => {
    const clock = new ManualClock(start);
    const store = new JtiStore(clock);
    for (let i = 0; i < 50; i++) {
      store.remember(`old-${i}`, startSeconds + 120);
    }
    expect(store.size).toBe(50);
    clock.advance(200_000);
    store.remember('new', startSeconds + 320);
    expect(store.size).toBe(1);
  });

  it('caps the number of entries even when the clock stands still', () => {
    const clock = new ManualClock(start);
    const store = new JtiStore(clock, 3);
    ['a', 'b', 'c', 'd'].forEach(j => store.remember(j, startSeconds + 120));
    expect(store.size).toBe(3);
    expect(store.has('a')).toBe(false);
    expect(store.has('d')).toBe(true);
  });
});
