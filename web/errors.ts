import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import { CommandRejected } from '../usecases/workflow-errors.ts';
import { isDependencyOutage, OUTAGE_RETRY_AFTER_SECONDS } from '../usecases/outage.ts';
import { sendPage } from './render.ts';
import { html } from '../html.ts';

/** The one error handler: a Dutch page with a reference number, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const reference = res.locals.requestId ?? '';
    if (res.headersSent) return void res.end();
    const e = err as { code?: string; status?: number; type?: string };
    if (e.code === 'EBADCSRFTOKEN') {
      return sendPage(
        req,
        res,
        {
          title: 'Formulier verlopen',
          main: html`<h1>Het formulier is verlopen</h1><p>Om veiligheidsredenen is uw handeling niet uitgevoerd. Ga terug, laad de pagina opnieuw en probeer het nogmaals.</p>`,
        },
        403,
      );
    }
    if (e.type === 'entity.too.large' || e.type === 'entity.parse.failed') {
      return sendPage(
        req,
        res,
        { title: 'Ongeldig verzoek', main: html`<h1>Ongeldig verzoek</h1><p>Het verzoek kon niet worden gelezen.</p>` },
        e.status ?? 400,
      );
    }
    if (isDependencyOutage(err)) {
      // The error's code only: its message may quote a query or its parameters.
      logger.warn(
        { reference, code: (err as { code?: unknown }).code, kind: (err as Error).name },
        'dependency unavailable',
      );
      res.set('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
      return sendPage(req, res, { title: 'Tijdelijk niet beschikbaar', main: outagePage(reference) }, 503);
    }
    if (err instanceof CommandRejected) {
      // A refusal no route expected (e.g. at login): the workflow's Dutch message is fit to show.
      logger.warn({ type: err.type, reference }, 'command rejected');
      return sendPage(
        req,
        res,
        {
          title: 'Niet gelukt',
          main: html`<h1>Dit is niet gelukt</h1><p>${err.message}</p><p><a href="/">Naar de startpagina</a></p><p>Referentie: ${reference}</p>`,
        },
        409,
      );
    }
    logger.error({ err, reference }, 'unhandled error');
    sendPage(
      req,
      res,
      {
        title: 'Er ging iets mis',
        main: html`<h1>Er ging iets mis</h1><p>Uw handeling kon niet worden voltooid. Probeer het later opnieuw. Blijft het probleem bestaan, neem dan contact op met de servicedesk en noem deze referentie: <strong>${reference}</strong>.</p>`,
      },
      500,
    );
  };
}

/** What a user sees while PostgreSQL or Temporal is down: nothing they did is lost, and when to try again. */
function outagePage(reference: string) {
  return html`<h1>Tijdelijk niet beschikbaar</h1>
    <p>Portaal Zorg is op dit moment tijdelijk niet beschikbaar. Uw gegevens zijn niet verloren: berichten die u al had verstuurd, worden verwerkt zodra het portaal weer beschikbaar is.</p>
    <p>Uw laatste handeling is niet uitgevoerd. Probeer het over ongeveer ${String(OUTAGE_RETRY_AFTER_SECONDS)} seconden opnieuw.</p>
    <p>Referentie: ${reference}</p>`;
}
