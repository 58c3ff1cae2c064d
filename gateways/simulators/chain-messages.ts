import { messageType } from '../../domain/message-types.ts';

/**
 * Heen-berichten a care provider sends to a municipality, for the chain simulator: realistic,
 * XSD-valid iWmo/iJw 3.2 messages (305 start zorg, 307 stop zorg, 315 verzoek om toewijzing, 317
 * verzoek om wijziging, 323 declaratie) with dates relative to today. Written from the structure
 * of the official XSDs; the test BSN 999900006 passes the 11-proef. iWmo and iJw share the
 * structure of these messages, only namespace, prefix and product codes differ.
 */

export const CHAIN_SEND_CODES = [
  'WMO305',
  'WMO307',
  'WMO315',
  'WMO317',
  'WMO323',
  'JW305',
  'JW307',
  'JW315',
  'JW317',
  'JW323',
] as const;
export type ChainSendCode = (typeof CHAIN_SEND_CODES)[number];

export type HeenberichtInput = {
  messageCode: ChainSendCode;
  gemeentecode: string;
  agbCode: string;
  /** BerichtIdentificatie/Identificatie, 1–12 characters. */
  identificatie: string;
  /** ReferentieAanbieder in a 315/317 (default: derived from the identificatie). */
  referentieAanbieder?: string;
  /** Today, for the dates (default: the date in the Netherlands now). */
  today?: string;
};

export const TEST_BSN = '999900006';

const PRODUCT = {
  wmo: { categorie: '01', code: '01A11', eenheid: '14', verwijzerType: '04', verwijzerNaam: 'Wijkteam' },
  jw: { categorie: '45', code: '45A03', eenheid: '16', verwijzerType: '01', verwijzerNaam: 'Huisarts' },
};

export const todayInNetherlands = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());

/** Date arithmetic on yyyy-mm-dd in UTC (no time zone can shift a plain date). */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const firstOfMonth = (date: string, monthsBack = 0): string => {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - monthsBack);
  return d.toISOString().slice(0, 10);
};

const escape = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A tiny element writer: `e('Bsn', '9999')` or `e('Client', [children])`, in the message or basisschema namespace. */
type Tree = string | readonly Tree[];

function writer(msg: string, basis: string) {
  const render = (prefix: string, name: string, content: Tree, depth: number): string => {
    const pad = '\t'.repeat(depth);
    if (typeof content === 'string') return `${pad}<${prefix}:${name}>${escape(content)}</${prefix}:${name}>\r\n`;
    return `${pad}<${prefix}:${name}>\r\n${(content as string[]).join('').replace(/^(?=.)/gm, '\t'.repeat(depth + 1))}${pad}</${prefix}:${name}>\r\n`;
  };
  return {
    m: (name: string, content: Tree): string => render(msg, name, content, 0),
    b: (name: string, content: Tree): string => render(basis, name, content, 0),
  };
}

export function buildHeenbericht(input: HeenberichtInput): string {
  const type = messageType(input.messageCode);
  if (!type?.berichtCode || !(CHAIN_SEND_CODES as readonly string[]).includes(input.messageCode))
    throw new Error(`Onbekend berichttype ${input.messageCode}`);
  if (!/^[0-9]{4}$/.test(input.gemeentecode)) throw new Error('De gemeentecode moet uit 4 cijfers bestaan.');
  if (!/^[0-9]{8}$/.test(input.agbCode)) throw new Error('De AGB-code moet uit 8 cijfers bestaan.');
  if (input.identificatie.length < 1 || input.identificatie.length > 12)
    throw new Error('De identificatie moet 1 tot 12 tekens lang zijn.');

  const family = type.product === 'ijw' ? 'jw' : 'wmo';
  const standard = type.product === 'ijw' ? 'ijw' : 'iwmo';
  const prefix = input.messageCode.toLowerCase();
  const { m, b } = writer(prefix, standard);
  const p = PRODUCT[family];
  const today = input.today ?? todayInNetherlands();
  const referentie = input.referentieAanbieder ?? `PZS-${input.identificatie}`;

  const header = m('Header', [
    m('BerichtCode', type.berichtCode),
    m('BerichtVersie', '3'),
    m('BerichtSubversie', '2'),
    m('Afzender', input.agbCode),
    m('Ontvanger', input.gemeentecode),
    m('BerichtIdentificatie', [b('Identificatie', input.identificatie), b('Dagtekening', today)]),
    m('XsdVersie', [b('BasisschemaXsdVersie', '1.0.0'), b('BerichtXsdVersie', '1.0.0')]),
  ]);
  const client = (rest: readonly string[]): string =>
    m('Client', [
      m('Bsn', TEST_BSN),
      m('Geboortedatum', [b('Datum', family === 'jw' ? '2012-03-14' : '1958-03-14')]),
      m('Geslacht', '2'),
      m('Naam', [b('Geslachtsnaam', [b('Achternaam', 'Jansen')]), b('Voorletters', 'A')]),
      ...rest,
    ]);
  const product = m('Product', [b('Categorie', p.categorie), b('Code', p.code)]);
  const toewijzingIngang = firstOfMonth(today, 1);
  const number = input.messageCode.slice(-3);

  let body: string;
  if (number === '305') {
    body = client([
      m('StartProducten', [
        m('StartProduct', [
          m('ToewijzingNummer', '300201'),
          product,
          m('ToewijzingIngangsdatum', toewijzingIngang),
          m('Begindatum', addDays(toewijzingIngang, 2)),
          m('StatusAanlevering', '1'),
        ]),
      ]),
    ]);
  } else if (number === '307') {
    body = client([
      m('StopProducten', [
        m('StopProduct', [
          m('ToewijzingNummer', '300201'),
          product,
          m('ToewijzingIngangsdatum', toewijzingIngang),
          m('Begindatum', addDays(toewijzingIngang, 2)),
          m('RedenBeeindiging', '31'),
          m('Einddatum', addDays(today, -1)),
          m('StatusAanlevering', '1'),
        ]),
      ]),
    ]);
  } else if (number === '315') {
    const ingang = addDays(today, 7);
    body = client([
      m('AangevraagdeProducten', [
        m('AangevraagdProduct', [
          m('ReferentieAanbieder', referentie),
          product,
          m('ToewijzingIngangsdatum', ingang),
          m('ToewijzingEinddatum', addDays(ingang, 364)),
          m('Omvang', [b('Volume', '2'), b('Eenheid', p.eenheid), b('Frequentie', '4')]),
          m('Verwijzer', [b('Type', p.verwijzerType), b('Naam', p.verwijzerNaam)]),
        ]),
      ]),
    ]);
  } else if (number === '317') {
    const ingang = addDays(today, 7);
    body = m('Client', [
      m('Bsn', TEST_BSN),
      m('Verzoek', [
        m('ReferentieAanbieder', referentie),
        m('RedenVerzoek', '1'),
        m('TeWijzigenProducten', [
          m('TeWijzigenProduct', [
            m('ToewijzingNummer', '300201'),
            m('GewensteIngangsdatum', ingang),
            m('Einddatum', addDays(ingang, 180)),
            m('Omvang', [b('Volume', '4'), b('Eenheid', p.eenheid), b('Frequentie', '4')]),
          ]),
        ]),
      ]),
    ]);
  } else {
    const begin = firstOfMonth(today, 1);
    const end = addDays(firstOfMonth(today), -1);
    body = m('Declaratie', [
      m('DeclaratieNummer', `D${input.identificatie.replace(/[^a-zA-Z0-9]/g, '')}`.slice(0, 12)),
      m('DeclaratiePeriode', [b('Begindatum', begin), b('Einddatum', end)]),
      m('DeclaratieDagtekening', today),
      m('TotaalIngediendBedrag', [b('TotaalBedrag', '5000'), b('DebetCredit', 'D')]),
      m('Clienten', [
        m('Client', [
          m('Bsn', TEST_BSN),
          m('Prestaties', [
            m('Prestatie', [
              m('ProductReferentie', [b('ReferentieNummer', `RN${input.identificatie}`.slice(0, 20))]),
              m('ToewijzingNummer', '300201'),
              m('ProductCategorie', p.categorie),
              m('ProductCode', p.code),
              m('ProductPeriode', [b('Begindatum', begin), b('Einddatum', end)]),
              m('GeleverdVolume', '4'),
              m('Eenheid', '04'),
              m('ProductTarief', '1250'),
              m('IngediendBedrag', [b('Bedrag', '5000'), b('DebetCredit', 'D')]),
            ]),
          ]),
        ]),
      ]),
    ]);
  }

  const ns = (name: string): string => `http://www.istandaarden.nl/${standard}/3_2/${name}/schema`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\r\n` +
    `<${prefix}:Bericht xmlns:${standard}="${ns('basisschema')}" xmlns:${prefix}="${ns(prefix)}">\r\n` +
    `${header}${body}`.replace(/^(?=.)/gm, '\t') +
    `</${prefix}:Bericht>\r\n`
  );
}
