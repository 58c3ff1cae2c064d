import { describe, expect, it } from 'vitest';
import { rejects } from '../../domain/message-exchange.ts';
import { readRetourCodes } from '../../domain/messages/retour-read.ts';
import { BERICHTKLASSE_LABELS, berichtklasseLabel, retourcodeMeaning } from '../../domain/messages/retourcodes.ts';
import { XmlRefusal } from '../../domain/messages/xml-reader.ts';
import { exampleText } from '../helpers/istandaarden.ts';

describe('readRetourCodes', () => {
  it('reads the official WMO302: 0200 everywhere and 9332 on the second ToegewezenProduct', () => {
    const codes = readRetourCodes(exampleText('WMO302'));
    expect(codes).toEqual([
      { berichtklasse: 'Header', codes: ['0200'] },
      { berichtklasse: 'Client', codes: ['0200'] },
      { berichtklasse: 'Relatie 1', codes: ['0200'] },
      { berichtklasse: 'Contact 1', codes: ['0200'] },
      { berichtklasse: 'Relatie 2', codes: ['0200'] },
      { berichtklasse: 'Contact 2', codes: ['0200'] },
      { berichtklasse: 'Contact 3', codes: ['0200'] },
      { berichtklasse: 'ToegewezenProduct 1', codes: ['0200'] },
      { berichtklasse: 'ToegewezenProduct 2', codes: ['9332'] },
    ]);
    expect(rejects(codes)).toBe(true);
  });

  it('reads a 325: header, declaratie-antwoord, clients and every prestatie, several codes on one', () => {
    const codes = readRetourCodes(new TextEncoder().encode(exampleText('WMO325')));
    expect(codes).toEqual([
      { berichtklasse: 'Header', codes: ['0200'] },
      { berichtklasse: 'DeclaratieAntwoord', codes: ['0200'] },
      { berichtklasse: 'Client 1', codes: ['0200'] },
      { berichtklasse: 'Prestatie 1', codes: ['0611'] },
      { berichtklasse: 'Prestatie 2', codes: ['9339', '9340', '9341'] },
      { berichtklasse: 'Client 2', codes: ['0200'] },
      { berichtklasse: 'Prestatie 3', codes: ['9307'] },
    ]);
  });

  it('reads the iJw retours the same way (JW320: 9360 on the Antwoord)', () => {
    expect(readRetourCodes(exampleText('JW320'))).toEqual([
      { berichtklasse: 'Header', codes: ['0200'] },
      { berichtklasse: 'Antwoord', codes: ['9360'] },
    ]);
  });

  it('gives [] for a heen-bericht, accepts a BOM and refuses a DTD', () => {
    expect(readRetourCodes(exampleText('WMO301'))).toEqual([]);
    expect(
      readRetourCodes(
        `\uFEFF<a:B xmlns:a="x"><a:Header><a:RetourCodes><a:RetourCode> 0200 </a:RetourCode></a:RetourCodes></a:Header></a:B>`,
      ),
    ).toEqual([{ berichtklasse: 'Header', codes: ['0200'] }]);
    expect(() => readRetourCodes('<!DOCTYPE x [<!ENTITY e "x">]><x/>')).toThrow(XmlRefusal);
  });
});

describe('retourcode meanings and berichtklasse labels', () => {
  it('knows the WJ001 retourcodes and the general ones, in Dutch', () => {
    expect(retourcodeMeaning('0001')).toBe('Bericht is afgekeurd om technische redenen');
    expect(retourcodeMeaning('0200')).toBe('Geen opmerking over deze berichtklasse');
    expect(retourcodeMeaning('0233')).toBe('Berichtklasse is niet beoordeeld');
    expect(retourcodeMeaning('9332')).toMatch(/uniek nummer/);
    const section26 =
      '8848 9056 S300 S329 9019 9063 9069 9071 9074 9326 9413 9414 9415 0611 8001 9307 9308 9319 9321 9322 9333 9338 9339 9340 9341 9346 9369 9384 9387 9388 9389 9390 9332 9347 9349 9350 9351 9357 9359 9360 9361 9365 9373 9374 9375 9379 9385 9411 9412 8187 9366 9367';
    for (const code of section26.split(' ')) expect(retourcodeMeaning(code), code).not.toMatch(/^Onbekende/);
    expect(retourcodeMeaning('1234')).toBe('Onbekende retourcode 1234');
    expect(retourcodeMeaning('constructor')).toBe('Onbekende retourcode constructor');
  });

  it('labels berichtklassen, with the occurrence number kept', () => {
    expect(BERICHTKLASSE_LABELS['Header']).toBe('Berichtkop');
    expect(berichtklasseLabel('Client')).toBe('Cliënt');
    expect(berichtklasseLabel('ToegewezenProduct 2')).toBe('Toegewezen product 2');
    expect(berichtklasseLabel('Onbekend')).toBe('Onbekend');
  });
});
