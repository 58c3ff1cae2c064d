import type { PageCursor } from '../../db/queries/paging.ts';
import { CURSOR_PARAMETER, cursorParameter } from '../paging.ts';
import { html, type Html } from '../../html.ts';

/**
 * The links under a paged list: to the next, older page when there is one, and back to the newest
 * when this is a later page. `query` keeps the filters on the way; `noun` names what is listed.
 */
export function pageLinks(
  path: string,
  query: Record<string, string | undefined>,
  next: PageCursor | undefined,
  laterPage: boolean,
  noun: 'berichten' | 'meldingen',
): Html {
  if (!next && !laterPage) return html``;
  const href = (cursor?: PageCursor): string => {
    const params = new URLSearchParams(
      Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
    );
    if (cursor) params.set(CURSOR_PARAMETER, cursorParameter(cursor));
    const search = params.toString();
    return search ? `${path}?${search}` : path;
  };
  return html`<nav class="pz-paging" aria-label="Meer ${noun}"><ul>
    ${laterPage ? html`<li><a href="${href()}">Naar de nieuwste ${noun}</a></li>` : ''}
    ${next ? html`<li><a href="${href(next)}" rel="next">Oudere ${noun}</a></li>` : ''}
  </ul></nav>`;
}
