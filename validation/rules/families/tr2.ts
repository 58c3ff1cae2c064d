import { atLeastOneClass } from '../checks/at-least-one-class.ts';
import { DAGTEKENING, strictlyAfter } from '../checks/dates.ts';
import { totalOfLines } from '../checks/totaal-bedrag.ts';
import { implication } from '../checks/xslt.ts';
import type { Check, NotChecked } from '../types.ts';
import { family } from './family.ts';

/**
 * TR346–TR382: technische regels, second part, as "TR-CD-CS regels WMO 3.2.xsl" and "… JW 3.2.xsl"
 * (XSLTVersie 2.10.5) apply them. Of this range the stylesheets have templates for TR352, TR353,
 * TR380 (317), TR358 (323) and, in iJw only, TR377 (319); the other codes appear only in their
 * rule texts (`getDetails`). Most of those compare a message with earlier ones or with a register,
 * which one message cannot decide; the reasons below say which.
 */

/** TR352, TR353, TR380 on the verzoek om wijziging; the same templates in iWmo and iJw. */
const VERZOEK_OM_WIJZIGING: readonly Check[] = [
  atLeastOneClass('TR352', 'Client/Verzoek', ['OngewijzigdeProducten', 'TeWijzigenProducten']),
  atLeastOneClass('TR353', 'Client/Verzoek', ['TeWijzigenProducten', 'NieuweProducten']),
  strictlyAfter('TR380', 'NieuwProduct/GewensteIngangsdatum', { this: '.', other: DAGTEKENING }),
];

const DECLARATIE_TOTAAL = totalOfLines('TR358', {
  member: 'Prestaties/Prestatie',
  scope: 'Declaratie',
  line: 'IngediendBedrag',
  total: 'TotaalIngediendBedrag',
});

/** Rules of this range without a template; `why` says what deciding them would take. */
const noTemplate = (code: string, why: string): NotChecked => ({
  code,
  reason: `No template in the validation module: ${why}`,
});

const EARLIER_301 = 'it compares with the assignments (301) the gemeente sent earlier, which are not in this message.';

const NOT_CHECKED_317: readonly NotChecked[] = [
  noTemplate('TR347', 'uniqueness of ReferentieAanbieder across all verzoeken (315, 317) the aanbieder sent earlier.'),
  noTemplate('TR349', `the verzoek must list every current assignment of the client; ${EARLIER_301}`),
  noTemplate('TR350', `each OngewijzigdProduct must be a current assignment; ${EARLIER_301}`),
  noTemplate('TR351', `each TeWijzigenProduct must be a current assignment; ${EARLIER_301}`),
  noTemplate(
    'TR357',
    `GewensteIngangsdatum is compared with the Ingangsdatum of the original ToegewezenProduct; ${EARLIER_301}`,
  ),
  noTemplate(
    'TR361',
    `a TeWijzigenProduct carries no Product, so overlap of the same product needs the assignment it changes; ${EARLIER_301}`,
  ),
  noTemplate(
    'TR373',
    `whether the Budget or total volume changes, and the current assignment's dates, come from the 301; ${EARLIER_301}`,
  ),
  noTemplate(
    'TR374',
    'it needs to know whether an earlier verzoek (315 or 317) for this client is still being handled.',
  ),
  noTemplate('TR375', `the Product of the assignment with that ToewijzingNummer is in the 301; ${EARLIER_301}`),
  noTemplate(
    'TR381',
    'it needs the product code list in use (which code belongs to which ProductCategorie), which is outside the message.',
  ),
];

const NOT_CHECKED: Partial<
  Record<'301' | '305' | '307' | '315' | '317' | '319' | '323' | '325', readonly NotChecked[]>
> = {
  '301': [
    noTemplate(
      'TR378',
      'the gemeentecode must exist in the CBS register on the Ingangsdatum; that register is outside the message.',
    ),
    noTemplate(
      'TR379',
      'ReferentieAanbieder must be that of the verzoek (315 or 317) the assignment answers, an earlier message.',
    ),
    noTemplate(
      'TR381',
      'it needs the product code list in use (which code belongs to which ProductCategorie), which is outside the message.',
    ),
  ],
  '305': [
    noTemplate(
      'TR381',
      'it needs the product code list in use (which code belongs to which ProductCategorie), which is outside the message.',
    ),
  ],
  '307': [
    noTemplate(
      'TR381',
      'it needs the product code list in use (which code belongs to which ProductCategorie), which is outside the message.',
    ),
    noTemplate('TR382', 'the key elements of the stop must equal those of the start message (305) sent earlier.'),
  ],
  '315': [
    noTemplate(
      'TR347',
      'uniqueness of ReferentieAanbieder across all verzoeken (315, 317) the aanbieder sent earlier.',
    ),
    noTemplate(
      'TR374',
      'it needs to know whether an earlier verzoek (315 or 317) for this client is still being handled.',
    ),
    noTemplate(
      'TR378',
      'the gemeentecode must exist in the CBS register on the ToewijzingIngangsdatum; that register is outside the message.',
    ),
    noTemplate(
      'TR381',
      'it needs the product code list in use (which code belongs to which ProductCategorie), which is outside the message.',
    ),
  ],
  '317': NOT_CHECKED_317,
  '319': [
    noTemplate('TR355', 'ReferentieAanbieder must occur in an earlier verzoek (315 or 317) of the aanbieder.'),
    noTemplate('TR359', 'no assignment (301) with this ReferentieAanbieder may have been sent earlier.'),
    noTemplate(
      'TR360',
      'an answer with VerzoekAntwoord 2 needs that no earlier answer (319) with this ReferentieAanbieder exists.',
    ),
    noTemplate('TR365', 'an earlier answer (319) with the same ReferentieAanbieder must have had VerzoekAntwoord 2.'),
  ],
  '323': [
    noTemplate(
      'TR346',
      'the stylesheets only name the rule (IngediendBedrag = GeleverdVolume x ProductTarief unless Eenheid is 83), so the official check does not apply it and neither do we.',
    ),
    noTemplate(
      'TR369',
      'the Budget of the ToegewezenProduct (301) and the Prestaties declared on it earlier are outside the message.',
    ),
    noTemplate(
      'TR381',
      'it needs the product code list in use (which code belongs to which ProductCategorie), which is outside the message.',
    ),
  ],
  '325': [
    noTemplate('TR366', 'each Prestatie must belong to a declaratie (323) received earlier, by its ProductReferentie.'),
    noTemplate('TR367', 'values must equal those of the Prestatie in the declaratie (323) received earlier.'),
    noTemplate('TR371', 'XsdVersie must equal that of the declaratie (323) received earlier.'),
    noTemplate('TR376', 'DeclaratieNummer must be that of a declaratie (323) received earlier.'),
  ],
};

export const TR2 = family({
  checks: {
    '317': VERZOEK_OM_WIJZIGING,
    '323': [DECLARATIE_TOTAAL],
  },
  ijwChecks: {
    // iJw only: a refusal for the woonplaatsbeginsel (RedenAfwijzingVerzoek 8) names the gemeente that is responsible.
    '319': [
      implication('TR377', 'Antwoord/RedenAfwijzingVerzoek', {
        value1: '8',
        other: '../Woonplaatsbeginsel',
        value2: '#',
      }),
    ],
  },
  notChecked: NOT_CHECKED,
  ijwNotChecked: {
    '319': [
      ...NOT_CHECKED['319']!,
      noTemplate(
        'TR378',
        'the gemeentecode of the Woonplaatsbeginsel must exist in the CBS register; that register is outside the message.',
      ),
    ],
  },
});
