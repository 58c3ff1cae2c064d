import { asc, eq } from 'drizzle-orm';
import { AGREEMENT_KINDS, type AgreementKind } from '../../domain/organisation.ts';
import type { Database } from '../client.ts';
import { organisations } from '../schema.ts';

export type OrganisationRow = typeof organisations.$inferSelect;

export function listOrganisations(db: Database): Promise<OrganisationRow[]> {
  return db.select().from(organisations).orderBy(asc(organisations.name));
}

export async function findOrganisation(db: Database, gemeentecode: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.gemeentecode, gemeentecode)).limit(1);
  return row;
}

export async function findOrganisationByOrganisationId(
  db: Database,
  organisationId: string,
): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.organisationId, organisationId)).limit(1);
  return row;
}

export function agreementSignedOn(row: OrganisationRow, kind: AgreementKind): string | null {
  return kind === 'ib' ? row.ibAgreementSignedOn : row.vecozoAgreementSignedOn;
}

export function missingAgreementsOf(row: OrganisationRow): AgreementKind[] {
  return AGREEMENT_KINDS.filter((kind) => !agreementSignedOn(row, kind));
}
