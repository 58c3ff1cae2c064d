import type { PageCursor } from '../../db/queries/paging.ts';
import { CURSOR_PARAMETER, cursorParameter, PAGE_NUMBER_PARAMETER } from '../paging.ts';
import { html, type Html } from '../../html.ts';

type Query = Record<string, string | undefined>;

/** `path` with the filters in `query` that have a value, and the page parameter when given. */
function pageHref(path: string, query: Query, page?: [name: string, value: string]): string {
  const params = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  if (page) params.set(...page);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The links under a paged list: to the next, older page when there is one, and back to the newest
 * when this is a later page. `query` keeps the filters on the way; `noun` names what is listed.
 */
export function pageLinks(
  path: string,
  query: Query,
  next: PageCursor | undefined,
  laterPage: boolean,
  noun: 'berichten' | 'meldingen' | 'gebeurtenissen',
): Html {
  if (!next && !laterPage) return html``;
  return html`<nav class="pz-paging" aria-label="Meer ${noun}">
    <ul>
      ${laterPage ? html`<li><a href="${pageHref(path, query)}">Naar de nieuwste ${noun}</a></li>` : ''}
      ${next ? html`<li><a href="${pageHref(path, query, [CURSOR_PARAMETER, cursorParameter(next)])}" rel="next">Oudere ${noun}</a></li>` : ''}
    </ul>
  </nav>`;
}

/** The links under a list in name order: the page before and the page after, and where this page is. */
export function numberedPageLinks(
  path: string,
  query: Query,
  at: { page: number; hasNext: boolean },
  noun: 'gebruikers' | 'aanmeldingen',
): Html {
  if (at.page === 1 && !at.hasNext) return html``;
  const to = (page: number) => pageHref(path, query, page > 1 ? [PAGE_NUMBER_PARAMETER, String(page)] : undefined);
  return html`<nav class="pz-paging" aria-label="Meer ${noun}">
    <p>Pagina ${at.page}</p>
    <ul>
      ${at.page > 1 ? html`<li><a href="${to(at.page - 1)}" rel="prev">Vorige ${noun}</a></li>` : ''}
      ${at.hasNext ? html`<li><a href="${to(at.page + 1)}" rel="next">Volgende ${noun}</a></li>` : ''}
    </ul>
  </nav>`;
}
