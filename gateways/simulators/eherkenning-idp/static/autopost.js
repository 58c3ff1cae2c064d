// Posts the signed SAML response to the service as soon as the page is loaded. A static file,
// because the broker's CSP allows no inline script; the "Doorgaan" button covers the no-JS case.
'use strict';
(function () {
  var form = document.getElementById('saml-autopost');
  if (form) HTMLFormElement.prototype.submit.call(form);
})();
