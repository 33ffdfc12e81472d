import { act, screen } from '@testing-library/react';
import { renderTranslated as render } from '../../__testUtils__/translations';
import { RelativeTime } from './RelativeTime';

/** Lets each tick render and schedule the next one, as the browser would. */
function passSeconds(seconds: number) {
  for (let i = 0; i < seconds; i++) {
    act(() => jest.advanceTimersByTime(1000));
  }
}

describe('RelativeTime', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-25T12:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('stays true as time passes, without a reload', () => {
    render(<RelativeTime iso="2026-11-25T12:01:30Z" />);
    expect(screen.getByText('in 1 minute')).toBeInTheDocument();
    passSeconds(31);
    expect(screen.getByText('in 59 seconds')).toBeInTheDocument();
    passSeconds(58);
    expect(screen.getByText('in 1 second')).toBeInTheDocument();
    passSeconds(3);
    expect(screen.getByText('2 seconds ago')).toBeInTheDocument();
  });

  it('carries the absolute time for machines and on hover', () => {
    render(<RelativeTime iso="2026-12-01T08:00:00Z" />);
    const time = screen.getByText('in 5 days');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('dateTime', '2026-12-01T08:00:00Z');
  });
});
