import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { MunicipalActor } from '../../domain/actor.ts';
import type { Product } from '../../domain/user.ts';
import { messages } from '../../db/schema.ts';
import { actorKey } from '../../domain/actor.ts';
import { createLogger } from '../../logger.ts';
import type { WebDeps } from '../../web/deps.ts';
import type { AppSystem } from './app-system.ts';
import type { TestDatabase } from './database.ts';
import { exampleText } from './istandaarden.ts';
import type { Person } from './users.ts';
import { waitFor } from './wait.ts';

/** A unique Identificatie (≤ 12 characters) per call. */
export const freshIdentificatie = (): string => `PZ${Date.now().toString(36).slice(-6)}${randomInt(1000, 9999)}`;

/**
 * An official example message made into one of `gemeentecode`'s own: its Afzender (or, for a
 * retour, its Ontvanger stays the care provider) and a fresh Identificatie. `extra` is put into
 * the first Commentaar (the chain simulator's rejection marker goes there).
 */
export function ownExample(
  code: string,
  gemeentecode: string,
  o: { identificatie?: string; agb?: string; marker?: string } = {},
): { xml: string; identificatie: string } {
  const identificatie = o.identificatie ?? freshIdentificatie();
  let xml = exampleText(code)
    .replace(/(<[\w]+:Afzender>)[^<]*(<)/, `$1${gemeentecode}$2`)
    .replace(/(<iwmo:Identificatie>|<ijw:Identificatie>)[^<]*(<)/, `$1${identificatie}$2`);
  if (o.agb) xml = xml.replace(/(<[\w]+:Ontvanger>)[^<]*(<)/, `$1${o.agb}$2`);
  if (o.marker) xml = xml.replace(/(<[\w]+:Commentaar>)/, `$1${o.marker} `);
  return { xml, identificatie };
}

/** What the use cases are built from, taken from a running app system (for calling submitUpload directly). */
export function commandDeps(system: AppSystem): WebDeps {
  return {
    config: system.web.config,
    db: system.db.db,
    temporal: system.web.temporal,
    validator: system.web.validator,
    logger: createLogger({ level: 'silent', pretty: false, name: 'test' }),
  };
}

/** A working Gebruiker of these products, as web resolves it, for calling commands directly. */
export function municipalActor(p: Person, name: string, products: Product[]): MunicipalActor {
  return {
    kind: 'municipal',
    subject: p.subject,
    organisationId: p.organisationId,
    gemeentecode: p.gemeentecode,
    gemeenteName: name,
    organisationActive: true,
    userKey: actorKey(p),
    userStatus: 'actief',
    roles: {
      products: products.map((product) => ({ product, role: 'gebruiker' as const })),
      gebruikersbeheerder: false,
    },
  };
}

export const messageRow = async (db: TestDatabase, id: string) =>
  (await db.db.select().from(messages).where(eq(messages.id, id)))[0];

/** Waits until the message row reaches `state`. */
export function waitForState(db: TestDatabase, id: string, state: string, timeoutMs = 30_000) {
  return waitFor(
    `message ${id} in state ${state}`,
    async () => {
      const row = await messageRow(db, id);
      return row?.state === state ? row : undefined;
    },
    { timeoutMs },
  );
}
