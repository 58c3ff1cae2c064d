/**
 * Which iWmo/iJw 3.2 message a payload is, read from the namespace of its root element `Bericht`:
 * `http://www.istandaarden.nl/iwmo/3_2/wmo301/schema` is WMO301,
 * `http://www.istandaarden.nl/ijw/3_2/jw315/schema` is JW315. Pure, workflow-safe.
 */
import { declaredMessage } from '../message-types.ts';

export const STANDARDS = ['iwmo', 'ijw'] as const;
export type Standard = (typeof STANDARDS)[number];

/** The 14 message numbers both standards share. */
export const MESSAGE_NUMBERS = [
  '301',
  '302',
  '305',
  '306',
  '307',
  '308',
  '315',
  '316',
  '317',
  '318',
  '319',
  '320',
  '323',
  '325',
] as const;
export type MessageNumber = (typeof MESSAGE_NUMBERS)[number];

/** The release this validator has schemas and rules for. */
export const RELEASE = '3_2';

export type MessageId = {
  standard: Standard;
  number: MessageNumber;
  /** `WMO301`, `JW315`: also the name of the message's XSD file. */
  code: string;
};

const isMessageNumber = (n: string): n is MessageNumber => (MESSAGE_NUMBERS as readonly string[]).includes(n);

/** The message a root element declares, or undefined for anything else (another release too). */
export function messageFromRoot(localName: string, namespaceUri: string | undefined): MessageId | undefined {
  const declared = declaredMessage(localName, namespaceUri);
  if (!declared || declared.product === 'ieb' || declared.release !== RELEASE) return undefined;
  const number = declared.code.slice(-3);
  return isMessageNumber(number) ? { standard: declared.product, number, code: declared.code } : undefined;
}

/**
 * The messages the official validation XSLTs ("TR-CD-CS regels WMO/JW 3.2") check:
 * the heen-berichten and the declaratie-antwoord. A retour echoes the heen-bericht it answers, with
 * the sender's own values, so applying the rules to it would refuse an answer for the sender's
 * mistakes: retours get the XSD only, as in the official validatiemodule.
 */
export const RULE_CHECKED: ReadonlySet<MessageNumber> = new Set([
  '301',
  '305',
  '307',
  '315',
  '317',
  '319',
  '323',
  '325',
]);
