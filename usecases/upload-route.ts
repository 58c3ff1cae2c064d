import type { Database } from '../db/client.ts';
import { findExchange, findOpenRequest } from '../db/queries/message-correlation.ts';
import { answerTarget, partiesOf } from '../domain/exchange-routing.ts';
import { uploadProblem, type UploadProblem } from '../domain/upload/problems.ts';
import type { CheckedFile } from '../uploads/check-upload.ts';

export type Routed = { counterparty: string; answers?: { workflowId: string; referentienummer: string } };

/**
 * Where a checked file goes and what it answers (domain/exchange-routing.ts): a retour the
 * received heen-bericht it echoes, a 325 its 323, a 301/319 perhaps an open 315/317.
 */
export async function route(db: Database, gemeentecode: string, file: CheckedFile): Promise<Routed | UploadProblem> {
  const code = file.messageCode!;
  const counterparty = partiesOf(code, 'uit', file).counterparty!;
  const target = answerTarget(code, 'uit', file);
  if (target.kind === 'exchange') {
    const heen = target.identificatie
      ? await findExchange(db, {
          gemeentecode,
          direction: target.direction,
          messageCode: target.messageCode,
          identificatie: target.identificatie,
          counterparty,
        })
      : undefined;
    // A second retour on the same message is refused by the claim when the files are stored.
    if (!heen)
      return uploadProblem(
        'PZ-NO-HEEN',
        `Geen ontvangen ${target.messageCode} met identificatie ${target.identificatie ?? '(ontbreekt)'} van ${counterparty}.`,
      );
    return { counterparty, answers: { workflowId: heen.workflowId, referentienummer: heen.id } };
  }
  if (target.kind === 'openRequest') {
    const request = await findOpenRequest(db, {
      gemeentecode,
      codes: target.messageCodes,
      counterparty,
      references: [...target.references],
    });
    if (request) return { counterparty, answers: { workflowId: request.workflowId, referentienummer: request.id } };
  }
  return { counterparty };
}
