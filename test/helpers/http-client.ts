/**
 * A tiny browser stand-in over fetch: a cookie jar per host, redirects followed only on request,
 * forms posted urlencoded. Cookie attributes other than expiry are ignored (no SameSite, no Path):
 * tests that care about them read the Set-Cookie headers themselves.
 */

export type HttpResult = {
  status: number;
  url: string;
  headers: Headers;
  body: string;
  /** Absolute Location of a redirect. */
  location?: string;
  setCookies: string[];
};

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
};
export const unescapeHtml = (text: string) => text.replace(/&(amp|lt|gt|quot|#39|apos);/g, (e) => ENTITIES[e]!);

/** The value of `<input name="…" value="…">` (attribute order free), unescaped. */
export function inputValue(html: string, name: string): string | undefined {
  for (const tag of html.match(/<input\b[^>]*>/g) ?? []) {
    if (new RegExp(`\\bname="${name}"`).test(tag)) {
      const value = /\bvalue="([^"]*)"/.exec(tag)?.[1];
      return value === undefined ? '' : unescapeHtml(value);
    }
  }
  return undefined;
}

export function csrfTokenIn(html: string): string {
  const token = inputValue(html, '_csrf');
  if (!token) throw new Error('no _csrf token on the page');
  return token;
}

export function formAction(html: string, id?: string): string | undefined {
  const forms = html.match(/<form\b[^>]*>/g) ?? [];
  const form = id ? forms.find((f) => f.includes(`id="${id}"`)) : forms[0];
  const action = form ? /\baction="([^"]*)"/.exec(form)?.[1] : undefined;
  return action === undefined ? undefined : unescapeHtml(action);
}

export type FormFields = Record<string, string | string[]>;

/** One part of a multipart form; a part with `filename` is a file. */
export type MultipartPart = { name: string; value: string; filename?: string; type?: string };

export const MULTIPART_BOUNDARY = '----pztest7f3a';

export class HttpClient {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(readonly baseUrl: string) {}

  private resolve(url: string): URL {
    return new URL(url, this.baseUrl);
  }

  cookie(name: string, host = new URL(this.baseUrl).host): string | undefined {
    return this.jar.get(host)?.get(name);
  }

  setCookie(name: string, value: string, host = new URL(this.baseUrl).host): void {
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)!.set(name, value);
  }

  private store(host: string, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some(
        (a) =>
          /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()),
      );
      if (expired) this.jar.get(host)?.delete(name);
      else this.setCookie(name, value, host);
    }
  }

  /**
   * `form` is posted urlencoded (an array is a field sent once per value, like checkboxes); `body` is sent as it is.
   */
  async request(
    url: string,
    init: { method?: string; headers?: Record<string, string>; form?: FormFields; body?: string } = {},
  ): Promise<HttpResult> {
    const target = this.resolve(url);
    const cookies = [...(this.jar.get(target.host) ?? new Map<string, string>())]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const headers: Record<string, string> = { ...(cookies ? { cookie: cookies } : {}), ...init.headers };
    let body = init.body;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const fields = Object.entries(init.form).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).map((v) => [name, v]),
      );
      body = new URLSearchParams(fields).toString();
    }
    const response = await fetch(target, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    const setCookies = response.headers.getSetCookie();
    this.store(target.host, setCookies);
    const location = response.headers.get('location');
    return {
      status: response.status,
      url: target.href,
      headers: response.headers,
      body: await response.text(),
      setCookies,
      ...(location ? { location: new URL(location, target).href } : {}),
    };
  }

  get(url: string, headers?: Record<string, string>): Promise<HttpResult> {
    return this.request(url, { headers });
  }

  post(url: string, form: FormFields, headers?: Record<string, string>): Promise<HttpResult> {
    return this.request(url, { method: 'POST', form, headers });
  }

  /** A multipart/form-data POST as a browser sends a form with a file input. */
  postMultipart(url: string, parts: MultipartPart[], headers: Record<string, string> = {}): Promise<HttpResult> {
    const body = parts
      .map((p) =>
        p.filename === undefined
          ? `--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`
          : `--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n${p.value}\r\n`,
      )
      .join('');
    return this.request(url, {
      method: 'POST',
      body: `${body}--${MULTIPART_BOUNDARY}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, ...headers },
    });
  }

  /** Follows redirects (as GET) from a result; returns the final result and every URL visited. */
  async follow(result: HttpResult, maxHops = 10): Promise<HttpResult & { visited: string[] }> {
    const visited: string[] = [];
    let current = result;
    for (let hop = 0; current.location && current.status >= 300 && current.status < 400; hop++) {
      if (hop >= maxHops) throw new Error(`more than ${maxHops} redirects: ${visited.join(' -> ')}`);
      visited.push(current.location);
      current = await this.get(current.location);
    }
    return { ...current, visited };
  }

  async getFollow(url: string): Promise<HttpResult & { visited: string[] }> {
    return this.follow(await this.get(url));
  }
}
