import type { MunicipalActor } from '../../domain/actor.ts';
import type { MessageProduct } from '../../domain/message-types.ts';
import type { Finding } from '../../domain/messages/findings.ts';
import type { UploadProblem } from '../../domain/upload/problems.ts';
import type { WebDeps } from '../deps.ts';

/** An upload as it arrives: the browser form or the programmatic endpoint. */
export type UploadInput = { fileName: string } & ({ bytes: Uint8Array } | { stream: AsyncIterable<unknown> });

export type SubmittedFile = {
  name: string;
  messageCode?: string;
  /** File checks (Fo01 vocabulary): any problem refuses the file. */
  problems: UploadProblem[];
  /** Payload validation: XSD findings block; rule findings are shown and need confirmation. */
  findings: Finding[];
  /** The referentienummer of the exchange, when the file was sent. */
  referentienummer?: string;
};

/**
 * refused: nothing was sent (problems or XSD errors somewhere); needsConfirmation: only rule
 * findings, send again with `confirmFindings` to send anyway; sent: every file went to its
 * exchange workflow. An upload is all or nothing: one bad file in a ZIP sends none.
 */
export type SubmitOutcome = { status: 'sent' | 'refused' | 'needsConfirmation'; files: SubmittedFile[] };

export type SubmitOptions = { confirmFindings: boolean };

export async function submitUpload(_deps: WebDeps, _actor: MunicipalActor, _product: MessageProduct, _input: UploadInput, _options: SubmitOptions): Promise<SubmitOutcome> {
  throw new Error('not implemented yet');
}
