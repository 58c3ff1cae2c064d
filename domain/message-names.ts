import { messageType } from './message-types.ts';

/**
 * Dutch names of the message types (iWmo/iJw and iEb), as a civil servant knows
 * them. iWmo and iJw share numbering and names.
 */
const NAMES_BY_NUMBER: Readonly<Record<string, string>> = {
  '301': 'Toewijzing',
  '302': 'Retourbericht toewijzing',
  '305': 'Start levering',
  '306': 'Retourbericht start levering',
  '307': 'Stop levering',
  '308': 'Retourbericht stop levering',
  '315': 'Verzoek om toewijzing',
  '316': 'Retourbericht verzoek om toewijzing',
  '317': 'Verzoek om wijziging',
  '318': 'Retourbericht verzoek om wijziging',
  '319': 'Antwoordbericht',
  '320': 'Retourbericht antwoordbericht',
  '323': 'Declaratie',
  '325': 'Declaratie-antwoord',
};

const IEB_NAMES: Readonly<Record<string, string>> = {
  WMO405: 'Start en stop eigen bijdrage',
  WMO406: 'Retourbericht eigen bijdrage',
  WMO407: 'Start en stop beschermd wonen',
  WMO408: 'Retourbericht beschermd wonen',
};

/** `WMO301` → `Toewijzing`; the code itself for a code the portal does not know. */
export function messageName(code: string): string {
  if (messageType(code)?.product === 'ieb') return IEB_NAMES[code] ?? code;
  const number = /^(?:WMO|JW)(\d{3})$/.exec(code)?.[1];
  return (number && NAMES_BY_NUMBER[number]) || code;
}
