import { describe, expect, it } from 'vitest';
import {
  dutiesNowExpired,
  dutiesNowOverdue,
  isClosed,
  markDelivered,
  markExpired,
  markOverdue,
  nextDeadline,
  openExchange,
  recordAnswer,
  startDeadlines,
  type Deadlines,
  type ExchangeInput,
} from '../../domain/message-exchange.ts';

const input: ExchangeInput = {
  referentienummer: 'ref-1',
  gemeentecode: '0363',
  product: 'iwmo',
  messageCode: 'WMO301',
  direction: 'uit',
  identificatie: 'ID-1',
  counterparty: '42420001',
  fileId: 'f',
  fileName: 'WMO301.xml',
  sizeBytes: 1,
  receivedAt: '2026-12-01T09:00:00.000Z',
};
const DAY = 86_400_000;
const withGrace: Deadlines = {
  retour: { werkdagen: 3 },
  antwoordOpVerzoek: { werkdagen: 5 },
  declaratieAntwoord: { werkdagen: 10 },
  grace: { ms: 14 * DAY },
};
const due = '2026-12-04T09:00:00.000Z';
const expiry = '2026-12-18T09:00:00.000Z';

function delivered(deadlines?: Deadlines) {
  return startDeadlines(markDelivered(openExchange(input, deadlines), '2026-12-01T09:00:01.000Z'), [due]);
}

describe('an exchange past its deadline and its grace period', () => {
  it('is te_laat at the deadline, waits until the grace period ends, then is verlopen and closed', () => {
    let state = delivered(withGrace);
    expect(nextDeadline(state)).toBe(due);
    expect(dutiesNowOverdue(state, due)).toEqual([0]);
    state = markOverdue(state, [0]);
    expect(state.state).toBe('te_laat');
    expect(isClosed(state)).toBe(false);
    // The timer now waits for the end of the grace period.
    expect(nextDeadline(state)).toBe(expiry);
    expect(dutiesNowExpired(state, '2026-12-18T08:59:59.999Z')).toEqual([]);
    expect(dutiesNowExpired(state, expiry)).toEqual([0]);
    state = markExpired(state, [0]);
    expect(state.state).toBe('verlopen');
    expect(isClosed(state)).toBe(true);
    expect(nextDeadline(state)).toBeUndefined();
    expect(dutiesNowExpired(state, '2027-01-01T00:00:00.000Z')).toEqual([]);
  });

  it('is afgerond, never verlopen, when the retour comes late but within the grace period', () => {
    let state = markOverdue(delivered(withGrace), [0]);
    state = recordAnswer(state, {
      referentienummer: 'ret-1',
      messageCode: 'WMO302',
      at: '2026-12-10T09:00:00.000Z',
      retourCodes: [{ berichtklasse: 'Client', codes: ['0200'] }],
    })!;
    expect(state.state).toBe('afgerond');
    expect(dutiesNowExpired(state, '2027-01-01T00:00:00.000Z')).toEqual([]);
  });

  it('waits for ever without a grace period, as exchanges started before it existed do', () => {
    const state = markOverdue(delivered(), [0]);
    expect(state.graceMs).toBeUndefined();
    expect(nextDeadline(state)).toBeUndefined();
    expect(dutiesNowExpired(state, '2030-01-01T00:00:00.000Z')).toEqual([]);
    expect(state.state).toBe('te_laat');
  });

  it('lets an incoming request the municipality never answered expire as well', () => {
    let state = startDeadlines(openExchange({ ...input, messageCode: 'WMO315', direction: 'in' }, withGrace), [
      '2026-12-04T09:00:00.000Z',
      '2026-12-08T09:00:00.000Z',
    ]);
    state = markOverdue(state, dutiesNowOverdue(state, '2026-12-09T00:00:00.000Z'));
    expect(state.state).toBe('te_laat');
    state = markExpired(state, dutiesNowExpired(state, '2026-12-31T00:00:00.000Z'));
    expect(state.state).toBe('verlopen');
    expect(isClosed(state)).toBe(true);
  });
});
