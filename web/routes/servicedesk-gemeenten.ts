import { Router, type Request } from 'express';
import {
  findOrganisation,
  findOrganisationByOrganisationId,
  listOrganisations,
} from '../../db/queries/organisations.ts';
import {
  AGREEMENT_KINDS,
  validateRegistration,
  validateSignedOn,
  type AgreementKind,
} from '../../domain/organisation.ts';
import { authorize } from '../authorize.ts';
import { recordAgreement, registerOrganisation } from '../../usecases/organisation.ts';
import { CommandRejected } from '../../usecases/workflow-errors.ts';
import { OrganisationFailureType } from '../../workflows/organisation/messages.ts';
import type { WebDeps } from '../deps.ts';
import { redirectWithFlash, sendPage } from '../render.ts';
import { todayInNetherlands } from '../views/dates.ts';
import type { FieldErrors } from '../../domain/field-rules.ts';
import { organisationDetail, organisationList, registrationForm } from '../views/gemeenten.ts';
import { notFound } from './not-found.ts';

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

const token = (req: Request) => req.csrfToken?.();

function registrationField(type: string): string {
  if (type === OrganisationFailureType.AlreadyRegistered) return 'gemeentecode';
  if (type === OrganisationFailureType.OrganisationIdInUse) return 'organisationId';
  return 'name';
}

/** The workflow's Dutch message next to a field, unless it named the fields itself. */
function fallbackField(err: CommandRejected, field: string): FieldErrors {
  return Object.keys(err.fieldErrors).length > 0 ? {} : { [field]: err.message };
}

/** The servicedesk registers municipalities and records their signed agreements. */
export function servicedeskGemeentenRouter(deps: WebDeps): Router {
  const { db, temporal, config } = deps;
  const router = Router();
  const actorKey = (req: Request) => req.session.identity!.userKey;

  router.get('/', authorize(db, 'organisation.list'), async (req, res) => {
    sendPage(req, res, { title: 'Gemeenten', main: organisationList(await listOrganisations(db)) });
  });

  router.get('/nieuw', authorize(db, 'organisation.register'), (req, res) => {
    sendPage(req, res, { title: 'Gemeente registreren', main: registrationForm({}, {}, token(req)) });
  });

  router.post('/', authorize(db, 'organisation.register'), async (req, res) => {
    const input = {
      gemeentecode: field(req, 'gemeentecode'),
      name: field(req, 'name'),
      organisationId: field(req, 'organisationId'),
    };
    const errors: FieldErrors = validateRegistration(input);
    if (!errors.gemeentecode && (await findOrganisation(db, input.gemeentecode))) {
      errors.gemeentecode = `Gemeente ${input.gemeentecode} is al geregistreerd.`;
    }
    if (!errors.organisationId && (await findOrganisationByOrganisationId(db, input.organisationId))) {
      errors.organisationId = 'Dit KvK-nummer of OIN hoort al bij een andere gemeente.';
    }
    if (Object.keys(errors).length === 0) {
      try {
        await registerOrganisation(temporal, config, input, actorKey(req));
        return redirectWithFlash(
          req,
          res,
          `/servicedesk/gemeenten/${input.gemeentecode}`,
          `Gemeente ${input.name} is geregistreerd.`,
        );
      } catch (err) {
        if (!(err instanceof CommandRejected)) throw err;
        Object.assign(errors, fallbackField(err, registrationField(err.type)), err.fieldErrors);
      }
    }
    sendPage(req, res, { title: 'Gemeente registreren', main: registrationForm(input, errors, token(req)) }, 422);
  });

  router.get('/:gemeentecode', authorize(db, 'organisation.list'), async (req, res) => {
    const row = await findOrganisation(db, String(req.params.gemeentecode));
    if (!row) return notFound(req, res);
    sendPage(req, res, {
      title: `Gemeente ${row.name}`,
      main: organisationDetail(row, { values: {}, errors: {} }, token(req)),
    });
  });

  router.post('/:gemeentecode/overeenkomsten', authorize(db, 'organisation.recordAgreement'), async (req, res) => {
    const row = await findOrganisation(db, String(req.params.gemeentecode));
    if (!row) return notFound(req, res);
    const values = { kind: field(req, 'kind'), signedOn: field(req, 'signedOn') };
    const errors: FieldErrors = {};
    if (!(AGREEMENT_KINDS as readonly string[]).includes(values.kind))
      errors.kind = 'Kies welke overeenkomst is ontvangen.';
    const dateError = validateSignedOn(values.signedOn, todayInNetherlands());
    if (dateError) errors.signedOn = dateError;
    if (Object.keys(errors).length === 0) {
      try {
        await recordAgreement(
          temporal,
          row.gemeentecode,
          { kind: values.kind as AgreementKind, signedOn: values.signedOn },
          actorKey(req),
        );
        return redirectWithFlash(
          req,
          res,
          `/servicedesk/gemeenten/${row.gemeentecode}`,
          'De overeenkomst is vastgelegd.',
        );
      } catch (err) {
        if (!(err instanceof CommandRejected)) throw err;
        Object.assign(errors, fallbackField(err, 'signedOn'), err.fieldErrors);
      }
    }
    sendPage(
      req,
      res,
      { title: `Gemeente ${row.name}`, main: organisationDetail(row, { values, errors }, token(req)) },
      422,
    );
  });

  return router;
}
