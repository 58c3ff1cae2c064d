import type { Request, Response } from 'express';
import { sendPage } from '../render.ts';
import { html } from '../../html.ts';

export function notFound(req: Request, res: Response): void {
  sendPage(
    req,
    res,
    {
      title: 'Niet gevonden',
      main: html`<h1>Pagina niet gevonden</h1><p>Deze pagina bestaat niet (meer).</p><p><a href="/">Naar de startpagina</a></p>`,
    },
    404,
  );
}
