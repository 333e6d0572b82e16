/** pipeline/cli/idle-gc.ts: a kept worker collects once it has been idle a second after a job. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleCollector } from '../../pipeline/cli/idle-gc.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the idle collector', () => {
  it('collects once, a second after the last job ended, and not while a job runs', () => {
    const gc = vi.fn();
    const collector = idleCollector(gc);
    collector.busy();
    collector.idle();
    vi.advanceTimersByTime(999);
    expect(gc).not.toHaveBeenCalled();
    collector.busy(); // the next job came in first
    vi.advanceTimersByTime(5000);
    expect(gc).not.toHaveBeenCalled();
    collector.idle();
    collector.idle(); // two jobs ending close together: still one collection
    vi.advanceTimersByTime(1000);
    expect(gc).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(gc).toHaveBeenCalledTimes(1);
  });

  it('does nothing where Node has no gc (started without --expose-gc)', () => {
    const collector = idleCollector(undefined);
    collector.idle();
    expect(vi.getTimerCount()).toBe(0);
  });
});
