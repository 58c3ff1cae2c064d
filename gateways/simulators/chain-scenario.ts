import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, reply } from './chain-http.ts';
import { CHAIN_SEND_CODES } from './chain-messages.ts';
import type { ChainSendInput, ChainSendResult } from './chain-types.ts';

/**
 * `POST /scenario/send`: a developer (or a script) asks a care provider to send a message to the
 * portal. The JSON input is checked field by field; every problem is named in one Dutch answer.
 */
export function scenarioEndpoint(
  send: (input: ChainSendInput) => Promise<ChainSendResult>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const bytes = await readBody(req);
    let input: Partial<Record<keyof ChainSendInput, unknown>>;
    try {
      input = JSON.parse(new TextDecoder().decode(bytes ?? new Uint8Array())) as typeof input;
    } catch {
      return reply(res, 400, 'application/json', JSON.stringify({ fout: 'De inhoud is geen geldige JSON.' }));
    }
    const problems = scenarioProblems(input);
    if (problems.length > 0) return reply(res, 400, 'application/json', JSON.stringify({ fout: problems.join(' ') }));
    const result = await send(input as ChainSendInput);
    reply(
      res,
      200,
      'application/json',
      JSON.stringify({
        referentienummer: result.referentienummer,
        identificatie: result.identificatie,
        afgeleverd: result.delivered,
      }),
    );
  };
}

function scenarioProblems(input: Partial<Record<keyof ChainSendInput, unknown>>): string[] {
  const problems: string[] = [];
  if (!(CHAIN_SEND_CODES as readonly unknown[]).includes(input.messageCode))
    problems.push(`messageCode moet een van ${CHAIN_SEND_CODES.join(', ')} zijn.`);
  if (typeof input.gemeentecode !== 'string' || !/^[0-9]{4}$/.test(input.gemeentecode))
    problems.push('gemeentecode moet uit 4 cijfers bestaan.');
  if (typeof input.agbCode !== 'string' || !/^[0-9]{8}$/.test(input.agbCode))
    problems.push('agbCode moet uit 8 cijfers bestaan.');
  if (
    input.identificatie !== undefined &&
    (typeof input.identificatie !== 'string' || !/^[A-Za-z0-9-]{1,12}$/.test(input.identificatie))
  )
    problems.push('identificatie moet 1 tot 12 letters of cijfers zijn.');
  if (
    input.referentieAanbieder !== undefined &&
    (typeof input.referentieAanbieder !== 'string' || !/^\S.{0,35}$/.test(input.referentieAanbieder))
  )
    problems.push('referentieAanbieder moet 1 tot 36 tekens zijn.');
  return problems;
}
