// Small progressive enhancements. No inline script anywhere (the CSP forbids it).
document.addEventListener("DOMContentLoaded", () => {
  // Elements with data-confirm ask before submitting (e.g. cancel a meeting). Listening in the
  // capture phase asks before anything else sees the submit, htmx included; "no" stops it there.
  document.addEventListener(
    "submit",
    (event) => {
      const message = event.target.getAttribute("data-confirm");
      if (message && !window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true,
  );
  // A select with data-autosubmit submits its form on change (a submit button remains for keyboards).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
