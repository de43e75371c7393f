// Small progressive enhancements. No inline script anywhere (the CSP forbids it).
document.addEventListener("DOMContentLoaded", () => {
  // Elements with data-confirm ask before submitting (e.g. cancel a meeting).
  document.body.addEventListener("submit", (event) => {
    const message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // A select with data-autosubmit submits its form on change (a submit button remains for keyboards).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
