import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import { CommandRejected, CommandUnavailable } from './commands/workflow-errors.ts';
import { sendPage } from './render.ts';
import { html } from './views/html.ts';

/** The one error handler: a Dutch page with a reference number, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const reference = res.locals.requestId ?? '';
    if (res.headersSent) return void res.end();
    const e = err as { code?: string; status?: number; type?: string };
    if (e.code === 'EBADCSRFTOKEN') {
      return sendPage(req, res, {
        title: 'Formulier verlopen',
        main: html`<h1>Het formulier is verlopen</h1><p>Om veiligheidsredenen is uw handeling niet uitgevoerd. Ga terug, laad de pagina opnieuw en probeer het nogmaals.</p>`,
      }, 403);
    }
    if (e.type === 'entity.too.large' || e.type === 'entity.parse.failed') {
      return sendPage(req, res, { title: 'Ongeldig verzoek', main: html`<h1>Ongeldig verzoek</h1><p>Het verzoek kon niet worden gelezen.</p>` }, e.status ?? 400);
    }
    if (err instanceof CommandUnavailable) {
      logger.warn({ err, reference }, 'command unavailable');
      return sendPage(req, res, { title: 'Tijdelijk niet beschikbaar', main: html`<h1>Tijdelijk niet beschikbaar</h1><p>${err.message}</p><p>Referentie: ${reference}</p>` }, 503);
    }
    if (err instanceof CommandRejected) {
      // A refusal no route expected (e.g. at login): the workflow's Dutch message is fit to show.
      logger.warn({ type: err.type, reference }, 'command rejected');
      return sendPage(req, res, { title: 'Niet gelukt', main: html`<h1>Dit is niet gelukt</h1><p>${err.message}</p><p><a href="/">Naar de startpagina</a></p><p>Referentie: ${reference}</p>` }, 409);
    }
    logger.error({ err, reference }, 'unhandled error');
    sendPage(req, res, {
      title: 'Er ging iets mis',
      main: html`<h1>Er ging iets mis</h1><p>Uw handeling kon niet worden voltooid. Probeer het later opnieuw. Blijft het probleem bestaan, neem dan contact op met de servicedesk en noem deze referentie: <strong>${reference}</strong>.</p>`,
    }, 500);
  };
}
