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
// Tables marked .vp-stack become labelled blocks on a phone (see site.css): each cell gets its
// column's heading as data-label, unless the template already gave one.
document.addEventListener("DOMContentLoaded", () => {
  const label = (table) => {
    const headings = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
    table.querySelectorAll("tbody tr, tfoot tr").forEach((row) => {
      Array.from(row.children).forEach((cell, index) => {
        if (!cell.hasAttribute("data-label") && headings[index]) {
          cell.setAttribute("data-label", headings[index]);
        }
      });
    });
  };
  document.querySelectorAll("table.vp-stack").forEach(label);
  document.body.addEventListener("htmx:afterSettle", () => {
    document.querySelectorAll("table.vp-stack").forEach(label);
  });
});

// After an htmx swap, a view may ask (HX-Trigger-After-Settle: {"vp-focus": "#id"}) to put the
// keyboard focus back where the person was, e.g. on the moved stage's button; if that button is
// now disabled, the first enabled one beside it.
document.addEventListener("vp-focus", (event) => {
  const target = document.querySelector(event.detail && event.detail.value);
  if (!target) return;
  const group = target.closest("[data-stage-actions]");
  const focusable = target.disabled && group ? group.querySelector("button:not([disabled]), a") : target;
  if (focusable) focusable.focus();
});

// A form that failed shows an error summary marked data-error-summary: move the focus there, so
// that a screen reader reads what went wrong first (the consultation answer, the summary editor).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
