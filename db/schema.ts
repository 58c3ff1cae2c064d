import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { DIRECTIONS, MESSAGE_ROLES, MESSAGE_STATES, type Duty, type RetourCodes } from '../domain/message-exchange.ts';
import { MESSAGE_PRODUCTS } from '../domain/message-types.ts';
import { NOTIFICATION_KINDS } from '../domain/notifications.ts';
import { ORGANISATION_STATUSES } from '../domain/organisation.ts';
import { DELIVERY_CHANNELS, STUF_VERSIONS } from '../domain/product-settings.ts';
import { PRODUCTS, USER_STATUSES } from '../domain/user.ts';
import { WLZ_OUTCOMES } from '../domain/wlz.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Read model of the organisation workflows (`org/<gemeentecode>`). Written only by activities. */
export const organisations = pgTable(
  'organisations',
  {
    gemeentecode: text('gemeentecode').primaryKey(),
    name: text('name').notNull(),
    /** What eHerkenning sends for the represented organisation: KvK number or OIN. */
    organisationId: text('organisation_id').notNull(),
    status: text('status', { enum: ORGANISATION_STATUSES }).notNull(),
    ibAgreementSignedOn: date('ib_agreement_signed_on'),
    ibAgreementRecordedBy: text('ib_agreement_recorded_by'),
    ibAgreementRecordedAt: timestamp('ib_agreement_recorded_at', { withTimezone: true }),
    vecozoAgreementSignedOn: date('vecozo_agreement_signed_on'),
    vecozoAgreementRecordedBy: text('vecozo_agreement_recorded_by'),
    vecozoAgreementRecordedAt: timestamp('vecozo_agreement_recorded_at', { withTimezone: true }),
    registeredBy: text('registered_by').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organisations_organisation_id_key').on(t.organisationId)],
);

/**
 * Append-only audit trail of security and lifecycle events. `actor` and `subject` are pseudonymous
 * ids (never names, e-mail or BSN); `details` holds codes and reasons only.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    // Free text, not domain/audit.ts's vocabulary: the trail outlives releases, so rows keep event
    // names a later release may have retired.
    event: text('event').notNull(),
    actor: text('actor'),
    organisation: text('organisation'),
    subject: text('subject'),
    /** Idempotency key for events written by activities (retries must not duplicate rows). */
    dedupeKey: text('dedupe_key'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_events_organisation_at_idx').on(t.organisation, t.at),
    uniqueIndex('audit_events_dedupe_key_key').on(t.dedupeKey),
  ],
);

/** In-app notifications. `audience` is 'servicedesk' or a gemeentecode. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Business key: one notification per workflow event, however often the activity runs. */
    key: text('key').notNull(),
    audience: text('audience').notNull(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    createdAt: createdAt(),
    emailSentAt: timestamp('email_sent_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_key_key').on(t.key),
    index('notifications_audience_idx').on(t.audience, t.createdAt),
  ],
);

/** express-session store. `user_key` lets us end every session of one user at once. */
export const sessions = pgTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    userKey: text('user_key'),
    /**
     * Kept out of `data` and moved by the store's touch: a request that changes nothing in the
     * session then writes only this column, and cannot overwrite what a concurrent request stored.
     */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_expires_at_idx').on(t.expiresAt), index('sessions_user_key_idx').on(t.userKey)],
);

/** Outstanding SAML AuthnRequest ids (InResponseTo cache), shared by every web process. */
export const samlRequests = pgTable(
  'saml_requests',
  {
    id: text('id').primaryKey(),
    value: text('value').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('saml_requests_created_at_idx').on(t.createdAt)],
);

/**
 * Read model of the user workflows (`user/<gemeentecode>/<subject>`), written only by activities.
 * Holds the personal settings the administrators need to see; never logged.
 */
export const users = pgTable(
  'users',
  {
    userKey: text('user_key').primaryKey(),
    gemeentecode: text('gemeentecode').notNull(),
    subject: text('subject').notNull(),
    organisationId: text('organisation_id').notNull(),
    status: text('status', { enum: USER_STATUSES }).notNull(),
    aanhef: text('aanhef'),
    voorletters: text('voorletters'),
    voornaam: text('voornaam'),
    tussenvoegsel: text('tussenvoegsel'),
    achternaam: text('achternaam'),
    afdeling: text('afdeling'),
    telefoonnummer: text('telefoonnummer'),
    email: text('email'),
    nieuwsbrief: boolean('nieuwsbrief').notNull().default(false),
    /** Roles as the workflow holds them: { products: [{product, role}], gebruikersbeheerder }. */
    roles: jsonb('roles')
      .$type<{ products: { product: string; role: string }[]; gebruikersbeheerder: boolean }>()
      .notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    settingsSavedAt: timestamp('settings_saved_at', { withTimezone: true }),
    codeIssuedAt: timestamp('code_issued_at', { withTimezone: true }),
    codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }),
    codeIssuedBy: text('code_issued_by'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    rejectionReason: text('rejection_reason'),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    deprovisionedAt: timestamp('deprovisioned_at', { withTimezone: true }),
    /** Monotonic per workflow: a retried, stale write never overwrites a newer one. */
    version: integer('version').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('users_gemeentecode_status_idx').on(t.gemeentecode, t.status),
    uniqueIndex('users_gemeentecode_subject_key').on(t.gemeentecode, t.subject),
  ],
);

/** Fixed-window counters for rate limits (verification code attempts), shared by every web process. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});

/**
 * Processing log of the Wlz-Registertoets (who asked about which person, when, why, and the
 * answer). The BSN is stored only as a keyed hash (HMAC-SHA256 with a configured key), so the log
 * proves a look-up without holding the number. Written by activities only.
 */
export const wlzLookups = pgTable(
  'wlz_lookups',
  {
    id: text('id').primaryKey(),
    gemeentecode: text('gemeentecode').notNull(),
    actor: text('actor').notNull(),
    purpose: text('purpose').notNull(),
    bsnHash: text('bsn_hash').notNull(),
    outcome: text('outcome', { enum: WLZ_OUTCOMES }),
    registerDate: date('register_date'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [index('wlz_lookups_gemeentecode_requested_idx').on(t.gemeentecode, t.requestedAt)],
);

/** Read model of a municipality's settings per product (iwmo, ijw, ieb, wlz). Written by activities only. */
export const productSettings = pgTable(
  'product_settings',
  {
    gemeentecode: text('gemeentecode').notNull(),
    product: text('product', { enum: PRODUCTS }).notNull(),
    deliveryChannel: text('delivery_channel', { enum: DELIVERY_CHANNELS }).notNull(),
    endpointUrl: text('endpoint_url'),
    certificateFingerprint: text('certificate_fingerprint'),
    notificationEmails: jsonb('notification_emails').$type<string[]>().notNull().default([]),
    stufVersion: text('stuf_version', { enum: STUF_VERSIONS }).notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.gemeentecode, t.product] })],
);

/**
 * The message files themselves (uploaded or received), addressed by id. Workflow payloads carry
 * only this id, never the contents. Written before the exchange workflow is started or told about
 * the file (the blob must exist before anything refers to it); a file that passed no check is
 * never written. Read by activities (delivery) and by web (download).
 */
export const messageFiles = pgTable(
  'message_files',
  {
    id: text('id').primaryKey(),
    gemeentecode: text('gemeentecode').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    content: bytea('content').notNull(),
    /**
     * What this file claims for its municipality, unique: e.g. `uit:WMO301:<identificatie>` (TR056,
     * one identification per message type per sender) or `in:<AGB>:WMO305:<identificatie>`. Taken
     * when the file is stored, before its workflow starts, so two uploads racing with the same
     * identification cannot both be sent.
     */
    claim: text('claim'),
    createdAt: createdAt(),
  },
  (t) => [
    index('message_files_gemeentecode_idx').on(t.gemeentecode),
    uniqueIndex('message_files_claim_key').on(t.gemeentecode, t.claim),
  ],
);

/**
 * Read model of the message exchanges (`msg/<referentienummer>`): one row per message, heen or
 * retour, outgoing or incoming. Written only by activities. `id` is the referentienummer of the
 * StUF envelope that carried (or will carry) the message.
 */
export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    /** The exchange (heen-bericht workflow) this message belongs to. */
    workflowId: text('workflow_id').notNull(),
    gemeentecode: text('gemeentecode').notNull(),
    product: text('product', { enum: MESSAGE_PRODUCTS }).notNull(),
    messageCode: text('message_code').notNull(),
    direction: text('direction', { enum: DIRECTIONS }).notNull(),
    role: text('role', { enum: MESSAGE_ROLES }).notNull(),
    /** BerichtIdentificatie/Identificatie (in a retour: that of the heen-bericht, as the header echoes it). */
    identificatie: text('identificatie').notNull(),
    identificatieRetour: text('identificatie_retour'),
    /** AGB code of the care provider, or 'CAK'. */
    counterparty: text('counterparty').notNull(),
    fileId: text('file_id').notNull(),
    fileName: text('file_name').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    state: text('state', { enum: MESSAGE_STATES }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** Per berichtklasse, the retourcodes of a retour (domain/messages/retour-codes.ts). */
    retourCodes: jsonb('retour_codes').$type<RetourCodes>(),
    /** What must follow, each with its own deadline; the delay it was computed from stays in the workflow. */
    duties: jsonb('duties').$type<Omit<Duty, 'after'>[]>().notNull().default([]),
    /** Keys (ids) of the messages that answer this one. */
    answeredBy: jsonb('answered_by').$type<string[]>().notNull().default([]),
    /** ReferentieAanbieder values a 315/317 carries: a 301/319 naming one of them answers it. */
    references: jsonb('references').$type<string[]>().notNull().default([]),
    uploadedBy: text('uploaded_by'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    version: integer('version').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('messages_gemeentecode_received_idx').on(t.gemeentecode, t.receivedAt),
    index('messages_workflow_idx').on(t.workflowId),
    // TR056: an identification is unique per message type per sender: the municipality for what
    // it sends, each care provider for what it sends. The indexes also find the exchange a retour
    // or an answer belongs to.
    uniqueIndex('messages_sent_identification_key')
      .on(t.gemeentecode, t.messageCode, t.identificatie)
      .where(sql`direction = 'uit' and role <> 'retour'`),
    uniqueIndex('messages_received_identification_key')
      .on(t.gemeentecode, t.counterparty, t.messageCode, t.identificatie)
      .where(sql`direction = 'in' and role <> 'retour'`),
  ],
);

/**
 * Who downloaded which message, when (tab Ophalen). Written by web at the download itself: it
 * records an access, like the audit trail, and changes nothing in the exchange. The first row of a
 * message is what "opgehaald" shows.
 */
export const messageFetches = pgTable(
  'message_fetches',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: text('message_id').notNull(),
    gemeentecode: text('gemeentecode').notNull(),
    fetchedBy: text('fetched_by').notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('message_fetches_message_idx').on(t.messageId, t.fetchedAt)],
);
