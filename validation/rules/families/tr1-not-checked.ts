import type { MessageNumber } from '../../../domain/messages/message-codes.ts';
import type { NotChecked } from '../types.ts';
import { family } from './family.ts';

/**
 * TR002–TR342 that "TR-CD-CS regels WMO 3.2.xsl" and "… JW 3.2.xsl" (XSLTVersie 2.10.5) only name
 * in their rule texts (`getDetails`): no template checks them. Nearly all compare the message with
 * earlier messages (the assignments of a 301, earlier starts, stops or declaraties) or with the
 * moment of receipt, which one message cannot decide; each reason says what it would take. The
 * same rules and reasons hold in iWmo and iJw.
 */

const noTemplate = (code: string, why: string): NotChecked => ({
  code,
  reason: `No template in the validation module: ${why}`,
});

const EARLIER_301 = 'the ToegewezenProduct (301) the gemeente sent earlier, which is not in this message.';

/** TR056 and TR135 concern every message: its Identificatie and its Dagtekening. */
const EVERY_MESSAGE: readonly NotChecked[] = [
  noTemplate(
    'TR056',
    'the Identificatie must differ from that of every earlier message of this type from the same sender.',
  ),
  noTemplate('TR135', 'the date must not lie after the moment the message is received, which is not in the message.'),
];

const START_STOP: readonly NotChecked[] = [
  noTemplate('TR019', `the start or stop must name the ToewijzingNummer of an assignment; that needs ${EARLIER_301}`),
  noTemplate('TR063', 'StatusAanlevering 3 (verwijderen) needs an earlier delivery with the same key for this client.'),
  noTemplate('TR074', 'with StatusAanlevering 1 the key must also be unique among all messages received earlier.'),
];

const DECLARATIE: readonly NotChecked[] = [
  noTemplate('TR304', 'the Bsn must be that of a client with an assignment; that needs the 301 messages sent earlier.'),
  noTemplate('TR307', `ProductPeriode Begindatum is compared with the Ingangsdatum of ${EARLIER_301}`),
  noTemplate('TR308', `ProductPeriode Einddatum is compared with the Einddatum of ${EARLIER_301}`),
  noTemplate(
    'TR314',
    'ReferentieNummer must be unique across all declaraties of the aanbieder, including earlier messages.',
  ),
  noTemplate(
    'TR318',
    'the DeclaratiePeriode is compared with the period of the previous declaratie (323), an earlier message.',
  ),
  noTemplate('TR321', `GeleverdVolume is compared with the Omvang of ${EARLIER_301}`),
  noTemplate(
    'TR322',
    `the GeleverdVolume of all Prestaties so far, also in earlier declaraties, is compared with the Omvang of ${EARLIER_301}`,
  ),
  noTemplate('TR323', 'a credit Prestatie must refer to an approved debet Prestatie sent in an earlier declaratie.'),
  noTemplate('TR333', 'DeclaratieNummer must be unique across all declaraties (323) of the aanbieder sent earlier.'),
  noTemplate('TR338', `the Prestatie must belong to an assignment by its ToewijzingNummer; that needs ${EARLIER_301}`),
  noTemplate('TR339', `ProductCategorie is compared with that of ${EARLIER_301}`),
  noTemplate('TR340', `ProductCode is compared with that of ${EARLIER_301}`),
  noTemplate('TR341', `Eenheid is compared with the Eenheid of the Omvang of ${EARLIER_301}`),
];

const NOT_CHECKED: Partial<Record<MessageNumber, readonly NotChecked[]>> = {
  '301': [
    ...EVERY_MESSAGE,
    noTemplate(
      'TR332',
      'the ToewijzingNummer must be unique among all assignments (301) of the gemeente, also earlier ones.',
    ),
  ],
  '305': [
    ...EVERY_MESSAGE,
    ...START_STOP,
    noTemplate('TR071', 'StatusAanlevering 3 is refused when a stop (307) for this start was sent earlier.'),
    noTemplate(
      'TR326',
      'a start is refused while an earlier start (305) for the same ToegewezenProduct is still current.',
    ),
  ],
  '307': [...EVERY_MESSAGE, ...START_STOP],
  '315': EVERY_MESSAGE,
  '317': EVERY_MESSAGE,
  '319': EVERY_MESSAGE,
  '323': [...EVERY_MESSAGE, ...DECLARATIE],
  '325': [
    ...EVERY_MESSAGE,
    noTemplate('TR304', 'the Bsn must be that of a client in the declaratie (323) received earlier.'),
    noTemplate(
      'TR337',
      'DeclaratieIdentificatie must be the BerichtIdentificatie of a declaratie (323) received earlier.',
    ),
  ],
};

export const TR1_NOT_CHECKED = family({ checks: {}, notChecked: NOT_CHECKED });
