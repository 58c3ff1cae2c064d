import { DAGTEKENING, onOrAfter, onOrBefore } from '../checks/dates.ts';
import { duplicateKey } from '../checks/sets.ts';
import type { NotChecked } from '../types.ts';
import { family } from './family.ts';

const todo = (code: string, what: string): NotChecked => ({ code, reason: `Not yet implemented here: ${what}` });

/** TR002–TR342: technische regels, first part. */
export const TR1 = family({
  checks: {
    '301': [
      onOrBefore('TR134', 'Beschikking/Afgiftedatum', { this: '.', other: DAGTEKENING }),
      onOrBefore('TR134', 'Client/Geboortedatum/Datum', { this: '.', other: DAGTEKENING }),
      onOrBefore('TR134', 'Relatie/Geboortedatum/Datum', { this: '.', other: DAGTEKENING }),
      onOrBefore('TR134', 'ToegewezenProduct/Toewijzingsdatum', { this: '.', other: DAGTEKENING }),
      duplicateKey('TR101', 'Contactgegevens/Contact', 'Contactgegevens', ['Soort']),
      duplicateKey('TR101', 'Relaties/Relatie', 'Relaties', ['Nummer']),
      duplicateKey('TR101', 'ToegewezenProducten/ToegewezenProduct', 'ToegewezenProducten', ['ToewijzingNummer']),
    ],
    '305': [
      onOrBefore('TR134', 'Client/Geboortedatum/Datum', { this: '.', other: DAGTEKENING }),
      onOrBefore('TR134', 'StartProduct/Begindatum', { this: '.', other: DAGTEKENING }),
      duplicateKey('TR101', 'Bericht/Client', 'Bericht', ['Bsn']),
      duplicateKey('TR101', 'StartProducten/StartProduct', 'StartProducten', ['Begindatum', 'Product/Categorie', 'Product/Code', 'ToewijzingNummer']),
    ],
    '307': [
      onOrAfter('TR018', 'StopProduct', { this: 'Einddatum', other: 'Begindatum' }),
      onOrBefore('TR134', 'Client/Geboortedatum/Datum', { this: '.', other: DAGTEKENING }),
      onOrBefore('TR134', 'StopProduct/Einddatum', { this: '.', other: DAGTEKENING }),
      duplicateKey('TR101', 'Bericht/Client', 'Bericht', ['Bsn']),
      duplicateKey('TR101', 'StopProducten/StopProduct', 'StopProducten', ['Begindatum', 'Einddatum', 'Product/Categorie', 'Product/Code', 'RedenBeeindiging', 'ToewijzingNummer']),
    ],
    '315': [
      onOrBefore('TR134', 'Client/Geboortedatum/Datum', { this: '.', other: DAGTEKENING }),
      duplicateKey('TR101', 'Bericht/Client', 'Bericht', ['Bsn']),
      duplicateKey('TR101', 'AangevraagdeProducten/AangevraagdProduct', 'AangevraagdeProducten', ['ReferentieAanbieder']),
    ],
    '317': [
      duplicateKey('TR101', 'Bericht/Client', 'Bericht', ['Bsn']),
      duplicateKey('TR101', 'Client/Verzoek', 'Client', ['ReferentieAanbieder']),
      duplicateKey('TR101', 'OngewijzigdeProducten/OngewijzigdProduct', 'OngewijzigdeProducten', ['ToewijzingNummer']),
      duplicateKey('TR101', 'TeWijzigenProducten/TeWijzigenProduct', 'TeWijzigenProducten', ['ToewijzingNummer']),
      duplicateKey('TR101', 'NieuweProducten/NieuwProduct', 'NieuweProducten', ['GewensteIngangsdatum', 'Product/Categorie', 'Product/Code']),
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
      duplicateKey('TR101', 'Prestaties/Prestatie', 'Prestaties', ['ProductReferentie/ReferentieNummer', 'ProductReferentie/VorigReferentieNummer']),
    ],
    '325': [
      onOrAfter('TR137', 'ProductPeriode', { this: 'Einddatum', other: 'Begindatum' }),
      onOrBefore('TR137', 'ProductPeriode/Einddatum', { this: '.', other: DAGTEKENING }),
      onOrBefore('TR134', 'ProductPeriode/Begindatum', { this: '.', other: DAGTEKENING }),
      duplicateKey('TR101', 'DeclaratieAntwoord', 'Bericht', ['DeclaratieNummer']),
      duplicateKey('TR101', 'Clienten/Client', 'Clienten', ['Bsn']),
      duplicateKey('TR101', 'Prestaties/Prestatie', 'Prestaties', ['ProductReferentie/ReferentieNummer', 'ProductReferentie/VorigReferentieNummer']),
    ],
  },
  notChecked: {
    '301': [
      todo('TR002', 'the stylesheet checks that a Geboortedatum/Datum lies at most 120 years before the Dagtekening (unless DatumGebruik 3, 1900-01-01).'),
      todo('TR006', 'the stylesheet checks that a Contact has a Telefoon or both Adres/Huis and Adres/Postcode.'),
      todo('TR061', 'the stylesheet checks that Client/Contactgegevens has a Contact with Soort 01, 02 or 03.'),
      todo('TR302', 'the stylesheet checks that ToegewezenProducten with the same product do not overlap in time.'),
    ],
    '305': [todo('TR002', 'the stylesheet checks that Geboortedatum/Datum lies at most 120 years before the Dagtekening.')],
    '307': [todo('TR002', 'the stylesheet checks that Geboortedatum/Datum lies at most 120 years before the Dagtekening.')],
    '315': [todo('TR002', 'the stylesheet checks that Geboortedatum/Datum lies at most 120 years before the Dagtekening.')],
    '323': [
      todo('TR315', 'the stylesheet checks that no two Prestaties share a VorigReferentieNummer.'),
      todo('TR316', 'the stylesheet checks that no Prestatie credits (VorigReferentieNummer) a ReferentieNummer of the same message.'),
      todo('TR319', 'the stylesheet checks that the ProductPeriode ends on or before the end of the DeclaratiePeriode.'),
      todo('TR335', 'the stylesheet checks that ProductPeriode Einddatum lies at most 5 years before the DeclaratieDagtekening.'),
    ],
    '325': [todo('TR342', 'the stylesheet checks that the rejected Prestaties add up to TotaalIngediendBedrag minus TotaalToegekendBedrag.')],
  },
});
