import { messageType, type MessageProduct } from './message-types.ts';

/**
 * One message exchange (`msg/<referentienummer>`): a message the municipality sends or receives,
 * and what must follow it. Pure state and transitions; the workflow holds the state, activities
 * write it to the `messages` read model.
 *
 * What must follow, as "duties" with a deadline in werkdagen:
 * - every heen-bericht gets its retour within 3 werkdagen (OP090): 301→302, 305→306, 307→308,
 *   315→316, 317→318, 319→320, and for iEb 405→406, 407→408;
 * - a 315 or 317 gets a 301 or 319 within 5 werkdagen;
 * - a 323 gets its 325 within 10 werkdagen (OP090x4); the 325 is its answer, there is no other retour.
 * Outgoing, the counterparty has the duty; incoming, the municipality has it.
 */

export const DIRECTIONS = ['uit', 'in'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * heen: starts an exchange; retour: answers one (302, 306, …, 406, 408); antwoord: 301/319 for 315/317, 325 for 323.
 */
export const MESSAGE_ROLES = ['heen', 'retour', 'antwoord'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

export const DUTY_KINDS = ['retour', 'antwoord'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];

export type Duty = {
  kind: DutyKind;
  /** The message codes that fulfil it, e.g. ['WMO302'] or ['WMO301', 'WMO319']. */
  expected: string[];
  after: Delay;
  /** ISO instant, set once the exchange started (outgoing: when delivered). */
  dueAt?: string;
  overdue: boolean;
  /** Overdue for longer than the grace period: nothing is awaited any more. */
  expired?: boolean;
  /** The message (referentienummer) that fulfilled it. */
  fulfilledBy?: string;
  fulfilledAt?: string;
};

/**
 * aangeboden: accepted, not yet delivered; verzonden: delivered, waiting for the counterparty;
 * afgerond: answered without rejection (or nothing was to follow); afgekeurd: the retour rejects
 * something; te_laat: a deadline passed; niet_afgeleverd: the chain refused the envelope;
 * te_beantwoorden: incoming, the municipality has to answer; beantwoord: incoming, answered;
 * ontvangen: an incoming retour or answer, nothing follows; verlopen: a deadline passed longer
 * than the grace period ago without an answer, and the exchange ended.
 */
export const MESSAGE_STATES = [
  'aangeboden',
  'verzonden',
  'afgerond',
  'afgekeurd',
  'te_laat',
  'verlopen',
  'niet_afgeleverd',
  'te_beantwoorden',
  'beantwoord',
  'ontvangen',
] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

export const MESSAGE_STATE_LABELS: Record<MessageState, string> = {
  aangeboden: 'Wordt verzonden',
  verzonden: 'Verzonden, wacht op retour',
  afgerond: 'Afgerond',
  afgekeurd: 'Afgekeurd in retour',
  te_laat: 'Termijn verstreken',
  verlopen: 'Verlopen, niet beantwoord',
  niet_afgeleverd: 'Niet afgeleverd',
  te_beantwoorden: 'Te beantwoorden',
  beantwoord: 'Beantwoord',
  ontvangen: 'Ontvangen',
};

/** Retourcodes that reject nothing: 0200 geen opmerking, 0233 niet beoordeeld (0001 is a rejection). */
const NOT_A_REJECTION = new Set(['0200', '0233']);

export type RetourCodes = { berichtklasse: string; codes: string[] }[];

export function rejects(codes: RetourCodes | undefined): boolean {
  return (codes ?? []).some((klasse) => klasse.codes.some((code) => !NOT_A_REJECTION.has(code)));
}

/** The retour that answers each heen-bericht (same product, the next number). */
const RETOUR_OF: Record<string, string> = {
  '301': '302',
  '305': '306',
  '307': '308',
  '315': '316',
  '317': '318',
  '319': '320',
  '405': '406',
  '407': '408',
};

function split(code: string): { prefix: string; number: string } {
  const match = /^([A-Z]+)(\d{3})$/.exec(code);
  return { prefix: match?.[1] ?? '', number: match?.[2] ?? '' };
}

/** A deadline: werkdagen in production, milliseconds in tests (workflow input either way). */
export type Delay = { werkdagen: number } | { ms: number };
/**
 * `grace`: how long an exchange still waits after a deadline passed before it ends as verlopen;
 * without it (exchanges started before it existed) an overdue exchange waits for ever.
 */
export type Deadlines = { retour: Delay; antwoordOpVerzoek: Delay; declaratieAntwoord: Delay; grace?: { ms: number } };
export const DEFAULT_DEADLINES: Deadlines = {
  retour: { werkdagen: 3 },
  antwoordOpVerzoek: { werkdagen: 5 },
  declaratieAntwoord: { werkdagen: 10 },
};

/** What must follow a message of this code, in werkdagen. Retours and answers start nothing. */
export function dutiesFor(code: string, deadlines: Deadlines = DEFAULT_DEADLINES): Duty[] {
  const { prefix, number } = split(code);
  const duties: Duty[] = [];
  const retour = retourOf(code);
  if (retour) duties.push({ kind: 'retour', expected: [retour], after: deadlines.retour, overdue: false });
  if (number === '315' || number === '317') {
    duties.push({
      kind: 'antwoord',
      expected: [`${prefix}301`, `${prefix}319`],
      after: deadlines.antwoordOpVerzoek,
      overdue: false,
    });
  }
  if (number === '323')
    duties.push({ kind: 'antwoord', expected: [`${prefix}325`], after: deadlines.declaratieAntwoord, overdue: false });
  return duties;
}

/** The retour code that answers a heen-bericht (301 → 302), or undefined when none does. */
export function retourOf(code: string): string | undefined {
  const { prefix, number } = split(code);
  const retour = RETOUR_OF[number];
  return retour ? `${prefix}${retour}` : undefined;
}

/** The heen-bericht code a retour answers (302 → 301), or undefined for anything else. */
export function heenOfRetour(code: string): string | undefined {
  const { prefix, number } = split(code);
  const heen = Object.entries(RETOUR_OF).find(([, r]) => r === number)?.[0];
  return heen ? `${prefix}${heen}` : undefined;
}

/**
 * The role a message plays: a retour answers a heen-bericht; a 325 answers a 323; everything
 * else starts an exchange (a 301 or 319 may also answer a 315/317, which is recorded as a link).
 */
export function roleOf(code: string): MessageRole {
  if (messageType(code)?.retour) return 'retour';
  if (split(code).number === '325') return 'antwoord';
  return 'heen';
}

export type ExchangeInput = {
  referentienummer: string;
  gemeentecode: string;
  product: MessageProduct;
  messageCode: string;
  direction: Direction;
  identificatie: string;
  counterparty: string;
  fileId: string;
  fileName: string;
  sizeBytes: number;
  receivedAt: string;
  uploadedBy?: string;
  references?: string[];
  /** The exchange this message answers (its workflow id), for a retour or an answer. */
  answers?: { workflowId: string; referentienummer: string };
};

export type ExchangeState = ExchangeInput & {
  role: MessageRole;
  duties: Duty[];
  deliveredAt?: string;
  /** Why the chain refused the envelope (Fo01 code), when it did. */
  deliveryRefused?: string;
  /** Retourcodes of the retour that fulfilled the retour duty (outgoing heen). */
  retour?: { referentienummer: string; codes: RetourCodes };
  answeredBy: string[];
  /** From Deadlines.grace: an overdue duty expires this long after its deadline. */
  graceMs?: number;
  state: MessageState;
};

export function openExchange(input: ExchangeInput, deadlines?: Deadlines): ExchangeState {
  const role = roleOf(input.messageCode);
  // An incoming retour or answer carries its own duties nowhere; only heen-berichten start duties,
  // and a 325 the municipality receives is never expected (it sends 325s).
  const duties = role === 'retour' || role === 'antwoord' ? [] : dutiesFor(input.messageCode, deadlines);
  return withState({
    ...input,
    role,
    duties,
    answeredBy: [],
    ...(deadlines?.grace ? { graceMs: deadlines.grace.ms } : {}),
    state: 'aangeboden',
  });
}

/**
 * The deadlines start when the other side has the message: on delivery, or on receipt. `moments`
 * holds each duty's due instant, in duty order (werkdagen need the holiday calendar, which the
 * workflow gets through an activity); a deadline already set stays.
 */
export function startDeadlines(state: ExchangeState, moments: readonly string[]): ExchangeState {
  return withState({
    ...state,
    duties: state.duties.map((d, i) => (d.dueAt || !moments[i] ? d : { ...d, dueAt: moments[i] })),
  });
}

export function markDelivered(state: ExchangeState, at: string): ExchangeState {
  return state.deliveredAt ? state : withState({ ...state, deliveredAt: at });
}

export function markRefused(state: ExchangeState, code: string): ExchangeState {
  return withState({ ...state, deliveryRefused: code });
}

export type AnswerInput = { referentienummer: string; messageCode: string; at: string; retourCodes?: RetourCodes };

/**
 * A retour or answer arrived (or was sent). It fulfils the first open duty that expects its code;
 * the same message twice changes nothing. Returns undefined when nothing expects it.
 */
export function recordAnswer(state: ExchangeState, answer: AnswerInput): ExchangeState | undefined {
  if (state.answeredBy.includes(answer.referentienummer)) return state;
  const index = state.duties.findIndex((d) => !d.fulfilledBy && d.expected.includes(answer.messageCode));
  if (index < 0) return undefined;
  const duties = state.duties.map((d, i) =>
    i === index ? { ...d, fulfilledBy: answer.referentienummer, fulfilledAt: answer.at } : d,
  );
  const retour =
    state.duties[index]!.kind === 'retour' && state.direction === 'uit'
      ? { referentienummer: answer.referentienummer, codes: answer.retourCodes ?? [] }
      : state.retour;
  return withState({
    ...state,
    duties,
    answeredBy: [...state.answeredBy, answer.referentienummer],
    ...(retour ? { retour } : {}),
  });
}

/** Duties whose deadline passed at `now` and that are not yet marked. */
export function dutiesNowOverdue(state: ExchangeState, now: string): number[] {
  return state.duties.flatMap((d, i) => (!d.fulfilledBy && !d.overdue && d.dueAt && d.dueAt <= now ? [i] : []));
}

export function markOverdue(state: ExchangeState, indices: readonly number[]): ExchangeState {
  return withState({
    ...state,
    duties: state.duties.map((d, i) => (indices.includes(i) ? { ...d, overdue: true } : d)),
  });
}

/** When an overdue duty expires: its deadline plus the grace period (none without one). */
function expiresAt(state: ExchangeState, d: Duty): string | undefined {
  if (state.graceMs === undefined || !d.dueAt) return undefined;
  return new Date(Date.parse(d.dueAt) + state.graceMs).toISOString();
}

/** Overdue duties whose grace period ended at `now` and that are not yet marked expired. */
export function dutiesNowExpired(state: ExchangeState, now: string): number[] {
  return state.duties.flatMap((d, i) => {
    const at = d.overdue && !d.fulfilledBy && !d.expired ? expiresAt(state, d) : undefined;
    return at && at <= now ? [i] : [];
  });
}

export function markExpired(state: ExchangeState, indices: readonly number[]): ExchangeState {
  return withState({
    ...state,
    duties: state.duties.map((d, i) => (indices.includes(i) ? { ...d, expired: true } : d)),
  });
}

/** The earliest deadline still open, if any. */
export function nextDueAt(state: ExchangeState): string | undefined {
  return state.duties
    .filter((d) => !d.fulfilledBy && d.dueAt)
    .map((d) => d.dueAt!)
    .sort()[0];
}

/** The next moment something is due: a deadline not passed yet, or the end of a grace period. */
export function nextDeadline(state: ExchangeState): string | undefined {
  return state.duties
    .flatMap((d) => {
      if (d.fulfilledBy || d.expired || !d.dueAt) return [];
      if (!d.overdue) return [d.dueAt];
      const at = expiresAt(state, d);
      return at ? [at] : [];
    })
    .sort()[0];
}

/** Nothing more can happen: every duty fulfilled or expired (a refused envelope ends it too). */
export function isClosed(state: ExchangeState): boolean {
  if (state.deliveryRefused) return true;
  if (state.direction === 'uit' && !state.deliveredAt) return false;
  return state.duties.every((d) => d.fulfilledBy || d.expired);
}

function deriveState(s: Omit<ExchangeState, 'state'>): MessageState {
  if (s.direction === 'uit') {
    if (s.deliveryRefused) return 'niet_afgeleverd';
    if (!s.deliveredAt) return 'aangeboden';
    if (s.duties.length === 0) return 'afgerond';
    if (s.retour && rejects(s.retour.codes)) return 'afgekeurd';
    if (s.duties.every((d) => d.fulfilledBy)) return 'afgerond';
    if (s.duties.some((d) => d.expired && !d.fulfilledBy)) return 'verlopen';
    if (s.duties.some((d) => d.overdue && !d.fulfilledBy)) return 'te_laat';
    return 'verzonden';
  }
  if (s.duties.length === 0) return 'ontvangen';
  if (s.duties.every((d) => d.fulfilledBy)) return 'beantwoord';
  if (s.duties.some((d) => d.expired && !d.fulfilledBy)) return 'verlopen';
  if (s.duties.some((d) => d.overdue && !d.fulfilledBy)) return 'te_laat';
  return 'te_beantwoorden';
}

function withState(s: ExchangeState): ExchangeState {
  return { ...s, state: deriveState(s) };
}
