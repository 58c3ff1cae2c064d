// Progressive enhancement of the upload form (`form[data-pz-upload]`, tab Aanleveren). Without this
// file the form posts as usual and the browser shows the answer; with it, the form is sent by
// XMLHttpRequest so the page can show how far the upload is (a <progress> and a live region),
// then that the server is checking the file, and then the answer's <main> in place of this one.
// The answer is the same full page either way (a redirect with its flash, or the page with the
// findings), so nothing on the server depends on this script.
(() => {
  'use strict';
  if (window.pzUploadProgress) return; // loaded twice (the page came back with its own <script>)
  window.pzUploadProgress = true;

  const STEP = 10; // the live region speaks every 10 %, the bar follows every byte

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-pz-upload')) return;
    if (typeof FormData !== 'function' || typeof DOMParser !== 'function') return; // plain post
    const status = form.querySelector('[data-pz-upload-status]');
    if (!status) return;
    event.preventDefault();
    send(form, status);
  });

  function send(form, status) {
    const bar = status.querySelector('progress');
    const text = status.querySelector('[role="status"]');
    const button = form.querySelector('button[type="submit"], button:not([type])');
    const say = (message) => {
      if (text) text.textContent = message;
    };
    let spoken = -1;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'text/html');
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable || e.total === 0) return;
      const percent = Math.min(100, Math.floor((e.loaded / e.total) * 100));
      if (bar) {
        bar.value = percent;
        bar.textContent = `${percent}%`;
      }
      const step = Math.floor(percent / STEP);
      if (step !== spoken && percent < 100) {
        spoken = step;
        say(`Bestand wordt verzonden… ${percent}%`);
      }
    });
    // Every byte is out: the server now reads and checks the file, which can take a while for 25 MB.
    xhr.upload.addEventListener('load', () => {
      if (bar) {
        bar.removeAttribute('value'); // indeterminate: checking has no percentage
        bar.textContent = '';
      }
      say('Bestand wordt gecontroleerd…');
    });
    xhr.addEventListener('load', () =>
      show(xhr, form, () =>
        failed(
          'Het antwoord van de server kon niet worden getoond. Ververs de pagina om te zien of het bestand is verzonden.',
        ),
      ),
    );
    xhr.addEventListener('error', () =>
      failed(
        'Het verzenden is niet gelukt: er is geen verbinding met de server. Er is niets verzonden. Probeer het opnieuw.',
      ),
    );
    xhr.addEventListener('abort', () => failed('Het verzenden is afgebroken. Er is niets verzonden.'));

    function failed(message) {
      if (bar) bar.hidden = true;
      if (button) button.disabled = false;
      form.removeAttribute('aria-busy');
      say(message);
    }

    if (button) button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    if (bar) {
      bar.hidden = false;
      bar.value = 0;
    }
    say('Bestand wordt verzonden… 0%');
    xhr.send(new FormData(form));
  }

  /** Puts the answer's <main> in place of ours, as the browser would have shown that page. */
  function show(xhr, form, failed) {
    const type = xhr.getResponseHeader('Content-Type') || '';
    const answerUrl = xhr.responseURL ? new URL(xhr.responseURL) : undefined;
    // Redirected elsewhere (e.g. to log in again): go there as a normal page.
    if (answerUrl && answerUrl.pathname !== new URL(form.action).pathname) {
      window.location.assign(answerUrl.href);
      return;
    }
    const main = document.getElementById('inhoud');
    const doc = type.includes('text/html') ? new DOMParser().parseFromString(xhr.responseText, 'text/html') : undefined;
    const next = doc && doc.getElementById('inhoud');
    if (!main || !next) return failed();
    main.replaceChildren(...Array.from(next.childNodes)); // a copy of the live list; inserting adopts each node
    if (doc.title) document.title = doc.title;
    if (window.htmx) window.htmx.process(main);
    // Focus what a screen reader should read first: the refusal or field error, else the flash, else the page.
    const target =
      main.querySelector('.pz-alert--error[role="alert"]') || main.querySelector('.pz-alert[role="status"]') || main;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }
})();
