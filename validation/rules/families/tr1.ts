import { DAGTEKENING, onOrAfter, onOrBefore } from '../checks/dates.ts';
import { duplicateKey } from '../checks/sets.ts';
import { productOverlap } from '../checks/product-overlap.ts';
import { someMemberHas } from '../checks/some-member.ts';
import { atMostYearsBefore } from '../checks/years-before.ts';
import { singleCorrect } from '../checks/xslt.ts';
import type { El } from '../element.ts';
import type { Check } from '../types.ts';
import { family } from './family.ts';

/**
 * TR002: at most 120 years old on the Dagtekening, unless the Geboortedatum is unknown (DatumGebruik 3, 1900-01-01).
 */
const GEBOORTEDATUM = atMostYearsBefore(
  'TR002',
  'Geboortedatum/Datum',
  120,
  (datum) => datum.parent?.value('DatumGebruik') === '3' && datum.value() === '1900-01-01',
);

/** TR006: a Contact has a Telefoon, or an Adres with Huis and Postcode; the XSLT checks Huis and Postcode apart. */
const CONTACT: readonly Check[] = [
  singleCorrect('TR006', 'Contact', { this: 'Telefoon', value1: '#', other: 'Adres/Huis', value2: '#' }),
  singleCorrect('TR006', 'Contact', { this: 'Telefoon', value1: '#', other: 'Adres/Postcode', value2: '#' }),
];

/** TR302 leaves out an assignment withdrawn on its first day (RedenWijziging 01 or 13, Einddatum = Ingangsdatum). */
const withdrawn = (tp: El): boolean =>
  ['01', '13'].includes(tp.value('RedenWijziging') ?? '') &&
  !!tp.value('Einddatum') &&
  tp.value('Einddatum') === tp.value('Ingangsdatum');
/** iWmo's TR302 also leaves out hulpmiddelen (ProductCategorie 11 to 14); iJw's has no such exception. */
const hulpmiddel = (tp: El): boolean => ['11', '12', '13', '14'].includes(tp.value('Product/Categorie') ?? '');

const overlap = (skip: (tp: El) => boolean) =>
  productOverlap('TR302', {
    member: 'ToegewezenProducten/ToegewezenProduct',
    scope: 'ToegewezenProducten',
    begin: 'Ingangsdatum',
    end: 'Einddatum',
    skip,
  });

const TOEWIJZING: readonly Check[] = [
  GEBOORTEDATUM,
  ...CONTACT,
  someMemberHas('TR061', 'Client/Contactgegevens/Contact', 'Contactgegevens', { path: 'Soort', values: '01,02,03' }),
];

/** The rules of TR018–TR137 on the toewijzing, checked before this range was done. */
const TR134_TR101_301: readonly Check[] = [
  onOrBefore('TR134', 'Beschikking/Afgiftedatum', { this: '.', other: DAGTEKENING }),
  onOrBefore('TR134', 'Client/Geboortedatum/Datum', { this: '.', other: DAGTEKENING }),
  onOrBefore('TR134', 'Relatie/Geboortedatum/Datum', { this: '.', other: DAGTEKENING }),
  onOrBefore('TR134', 'ToegewezenProduct/Toewijzingsdatum', { this: '.', other: DAGTEKENING }),
  duplicateKey('TR101', 'Contactgegevens/Contact', 'Contactgegevens', ['Soort']),
  duplicateKey('TR101', 'Relaties/Relatie', 'Relaties', ['Nummer']),
  duplicateKey('TR101', 'ToegewezenProducten/ToegewezenProduct', 'ToegewezenProducten', ['ToewijzingNummer']),
];

/** TR002–TR342: technische regels, first part. */
export const TR1 = family({
  checks: {
    '301': [...TOEWIJZING, overlap((tp) => withdrawn(tp) || hulpmiddel(tp)), ...TR134_TR101_301],
    '305': [
      GEBOORTEDATUM,
      onOrBefore('TR134', 'Client/Geboortedatum/Datum', { this: '.', other: DAGTEKENING }),
      onOrBefore('TR134', 'StartProduct/Begindatum', { this: '.', other: DAGTEKENING }),
      duplicateKey('TR101', 'Bericht/Client', 'Bericht', ['Bsn']),
      duplicateKey('TR101', 'StartProducten/StartProduct', 'StartProducten', [
        'Begindatum',
        'Product/Categorie',
        'Product/Code',
        'ToewijzingNummer',
      ]),
    ],
    '307': [
      GEBOORTEDATUM,
      onOrAfter('TR018', 'StopProduct', { this: 'Einddatum', other: 'Begindatum' }),
      onOrBefore('TR134', 'Client/Geboortedatum/Datum', { this: '.', other: DAGTEKENING }),
      onOrBefore('TR134', 'StopProduct/Einddatum', { this: '.', other: DAGTEKENING }),
      duplicateKey('TR101', 'Bericht/Client', 'Bericht', ['Bsn']),
      duplicateKey('TR101', 'StopProducten/StopProduct', 'StopProducten', [
        'Begindatum',
        'Einddatum',
        'Product/Categorie',
        'Product/Code',
        'RedenBeeindiging',
        'ToewijzingNummer',
      ]),
    ],
    '315': [
      GEBOORTEDATUM,
      onOrBefore('TR134', 'Client/Geboortedatum/Datum', { this: '.', other: DAGTEKENING }),
      duplicateKey('TR101', 'Bericht/Client', 'Bericht', ['Bsn']),
      duplicateKey('TR101', 'AangevraagdeProducten/AangevraagdProduct', 'AangevraagdeProducten', [
        'ReferentieAanbieder',
      ]),
    ],
    '317': [
      duplicateKey('TR101', 'Bericht/Client', 'Bericht', ['Bsn']),
      duplicateKey('TR101', 'Client/Verzoek', 'Client', ['ReferentieAanbieder']),
      duplicateKey('TR101', 'OngewijzigdeProducten/OngewijzigdProduct', 'OngewijzigdeProducten', ['ToewijzingNummer']),
      duplicateKey('TR101', 'TeWijzigenProducten/TeWijzigenProduct', 'TeWijzigenProducten', ['ToewijzingNummer']),
      duplicateKey('TR101', 'NieuweProducten/NieuwProduct', 'NieuweProducten', [
        'GewensteIngangsdatum',
        'Product/Categorie',
        'Product/Code',
      ]),
    ],
    '319': [duplicateKey('TR101', 'Bericht/Antwoord', 'Bericht', ['ReferentieAanbieder', 'VerzoekAntwoord'])],
    '323': [
      onOrAfter('TR137', 'DeclaratiePeriode', { this: 'Einddatum', other: 'Begindatum' }),
      onOrBefore('TR137', 'DeclaratiePeriode/Einddatum', { this: '.', other: DAGTEKENING }),
      onOrAfter('TR137', 'ProductPeriode', { this: 'Einddatum', other: 'Begindatum' }),
      onOrBefore('TR137', 'ProductPeriode/Einddatum', { this: '.', other: DAGTEKENING }),
      onOrBefore('TR134', 'DeclaratiePeriode/Begindatum', { this: '.', other: DAGTEKENING }),
      onOrBefore('TR134', 'ProductPeriode/Begindatum', { this: '.', other: DAGTEKENING }),
      duplicateKey('TR101', 'Declaratie', 'Bericht', ['DeclaratieNummer']),
      duplicateKey('TR101', 'Clienten/Client', 'Clienten', ['Bsn']),
      duplicateKey('TR101', 'Prestaties/Prestatie', 'Prestaties', [
        'ProductReferentie/ReferentieNummer',
        'ProductReferentie/VorigReferentieNummer',
      ]),
    ],
    '325': [
      onOrAfter('TR137', 'ProductPeriode', { this: 'Einddatum', other: 'Begindatum' }),
      onOrBefore('TR137', 'ProductPeriode/Einddatum', { this: '.', other: DAGTEKENING }),
      onOrBefore('TR134', 'ProductPeriode/Begindatum', { this: '.', other: DAGTEKENING }),
      duplicateKey('TR101', 'DeclaratieAntwoord', 'Bericht', ['DeclaratieNummer']),
      duplicateKey('TR101', 'Clienten/Client', 'Clienten', ['Bsn']),
      duplicateKey('TR101', 'Prestaties/Prestatie', 'Prestaties', [
        'ProductReferentie/ReferentieNummer',
        'ProductReferentie/VorigReferentieNummer',
      ]),
    ],
  },
  ijwChecks: {
    '301': [...TOEWIJZING, overlap(withdrawn), ...TR134_TR101_301],
  },
});
