import { describe, expect, it } from 'vitest';
import { answerTarget, claimOf, partiesOf } from '../../domain/exchange-routing.ts';

const GEMEENTE = '0363';
const AANBIEDER = '12345678';

describe('partiesOf', () => {
  it('takes the Afzender as the municipality of a heen-bericht it sends, the Ontvanger as counterparty', () => {
    expect(partiesOf('WMO301', 'uit', { afzender: GEMEENTE, ontvanger: AANBIEDER })).toEqual({
      gemeentecode: GEMEENTE,
      counterparty: AANBIEDER,
    });
  });

  it('reads a retour the municipality sends as the echo of the heen-bericht it received', () => {
    // A 306 echoes the 305's header: the care provider is still the Afzender.
    expect(partiesOf('JW306', 'uit', { afzender: AANBIEDER, ontvanger: GEMEENTE })).toEqual({
      gemeentecode: GEMEENTE,
      counterparty: AANBIEDER,
    });
  });

  it('takes the Ontvanger as the municipality of a heen-bericht it receives', () => {
    expect(partiesOf('WMO315', 'in', { afzender: AANBIEDER, ontvanger: GEMEENTE })).toEqual({
      gemeentecode: GEMEENTE,
      counterparty: AANBIEDER,
    });
  });

  it('reads a retour the municipality receives as the echo of its own heen-bericht', () => {
    expect(partiesOf('WMO302', 'in', { afzender: GEMEENTE, ontvanger: AANBIEDER })).toEqual({
      gemeentecode: GEMEENTE,
      counterparty: AANBIEDER,
    });
  });

  it('treats a 325 as a message of its own, not an echo', () => {
    expect(partiesOf('WMO325', 'uit', { afzender: GEMEENTE, ontvanger: AANBIEDER })).toEqual({
      gemeentecode: GEMEENTE,
      counterparty: AANBIEDER,
    });
  });

  it('exchanges iEb with the CAK, whatever the header names', () => {
    expect(partiesOf('WMO405', 'uit', { afzender: GEMEENTE, ontvanger: '99999999' }).counterparty).toBe('CAK');
    expect(partiesOf('WMO406', 'in', { afzender: GEMEENTE, ontvanger: '99999999' })).toEqual({
      gemeentecode: GEMEENTE,
      counterparty: 'CAK',
    });
  });

  it('leaves a missing header field missing', () => {
    expect(partiesOf('WMO302', 'in', {})).toEqual({ gemeentecode: undefined, counterparty: undefined });
  });
});

describe('answerTarget', () => {
  it('sends a retour to the heen-bericht of the other direction whose identification it echoes', () => {
    expect(answerTarget('WMO306', 'uit', { identificatie: 'A1' })).toEqual({
      kind: 'exchange',
      direction: 'in',
      messageCode: 'WMO305',
      identificatie: 'A1',
    });
    expect(answerTarget('JW320', 'in', { identificatie: 'B2' })).toEqual({
      kind: 'exchange',
      direction: 'uit',
      messageCode: 'JW319',
      identificatie: 'B2',
    });
    expect(answerTarget('WMO408', 'in', { identificatie: 'C3' })).toMatchObject({ messageCode: 'WMO407' });
  });

  it('sends a 325 to the 323 it names, not to its own identification', () => {
    expect(answerTarget('JW325', 'uit', { identificatie: 'OWN', declaratieIdentificatie: 'D323' })).toEqual({
      kind: 'exchange',
      direction: 'in',
      messageCode: 'JW323',
      identificatie: 'D323',
    });
    expect(answerTarget('WMO325', 'uit', { identificatie: 'OWN' })).toMatchObject({ identificatie: undefined });
  });

  it('lets a 301 or 319 answer an open 315 or 317 by its references', () => {
    expect(answerTarget('WMO301', 'uit', { references: ['R1'] })).toEqual({
      kind: 'openRequest',
      messageCodes: ['WMO315', 'WMO317'],
      references: ['R1'],
    });
    expect(answerTarget('JW319', 'uit', {})).toEqual({
      kind: 'openRequest',
      messageCodes: ['JW315', 'JW317'],
      references: [],
    });
  });

  it('starts an exchange of its own for any other heen-bericht', () => {
    expect(answerTarget('WMO305', 'in', { identificatie: 'A1' })).toEqual({ kind: 'none' });
    expect(answerTarget('WMO405', 'uit', { identificatie: 'A1' })).toEqual({ kind: 'none' });
  });
});

describe('claimOf', () => {
  // The keys are stored with the files: these are the forms already in the database.
  it('claims what the municipality sends by message type and identification', () => {
    expect(claimOf({ messageCode: 'WMO301', direction: 'uit', counterparty: AANBIEDER, identificatie: 'A1' })).toBe(
      'uit:WMO301:A1',
    );
    expect(claimOf({ messageCode: 'JW325', direction: 'uit', counterparty: AANBIEDER, identificatie: 'A2' })).toBe(
      'uit:JW325:A2',
    );
  });

  it('claims one retour per received message and care provider', () => {
    expect(claimOf({ messageCode: 'WMO306', direction: 'uit', counterparty: AANBIEDER, identificatie: 'A1' })).toBe(
      `uit-retour:${AANBIEDER}:WMO306:A1`,
    );
  });

  it('claims a received heen-bericht by sender, type and identification', () => {
    expect(claimOf({ messageCode: 'WMO305', direction: 'in', counterparty: AANBIEDER, identificatie: 'A1' })).toBe(
      `in:${AANBIEDER}:WMO305:A1`,
    );
  });

  it('claims nothing for a received retour: the exchange it answers takes it', () => {
    expect(
      claimOf({ messageCode: 'WMO302', direction: 'in', counterparty: AANBIEDER, identificatie: 'A1' }),
    ).toBeUndefined();
  });
});
