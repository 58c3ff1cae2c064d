// Progressive enhancement only: every page works without this file.
// Focus the error summary after a failed submit, so screen readers announce it (WCAG 3.3.1).
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.querySelector('.pz-alert--error[role="alert"]');
  if (summary instanceof HTMLElement) summary.focus();
});
