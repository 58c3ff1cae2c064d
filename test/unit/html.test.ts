import { describe, expect, it } from 'vitest';
import { html, unsafeRaw } from '../../html.ts';

describe('html template tag', () => {
  it('escapes interpolated text, so user input cannot become markup', () => {
    const name = '<script>alert("x")</script> & \'quotes\'';
    expect(html`<p title="${name}">${name}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
  });

  it('keeps nested fragments and arrays as markup, and drops empty values', () => {
    const items = ['a<b', 'c'].map((i) => html`<li>${i}</li>`);
    expect(html`<ul>${items}</ul>${undefined}${null}${false}${unsafeRaw('<hr>')}`.toString()).toBe(
      '<ul><li>a&lt;b</li><li>c</li></ul><hr>',
    );
  });
});
