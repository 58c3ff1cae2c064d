import { describe, expect, it } from 'vitest';
import { looksStarved, STARVED_AFTER_MS } from '../../temporal/starvation-watchdog.ts';

describe('a worker that polls no workflow tasks while they wait', () => {
  const old = STARVED_AFTER_MS + 1;

  it('is starved when old tasks wait and it works on none', () => {
    expect(looksStarved({ backlogCount: 72, backlogAgeMs: old, activationsInFlight: 0 })).toBe(true);
  });

  it('is not starved while it works on tasks (a busy worker, not a stuck one)', () => {
    expect(looksStarved({ backlogCount: 72, backlogAgeMs: old, activationsInFlight: 3 })).toBe(false);
  });

  it('is not starved by young tasks or an empty queue', () => {
    expect(looksStarved({ backlogCount: 5, backlogAgeMs: STARVED_AFTER_MS, activationsInFlight: 0 })).toBe(false);
    expect(looksStarved({ backlogCount: 0, backlogAgeMs: old, activationsInFlight: 0 })).toBe(false);
  });
});
