// Officials' inbox: "select all" for bulk tagging. No inline script (CSP).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-select-all]").forEach((master) => {
    master.addEventListener("change", () => {
      document.querySelectorAll(master.getAttribute("data-select-all")).forEach((box) => {
        box.checked = master.checked;
      });
    });
  });
});
// After a bulk action the note says what was done; the ticks are cleared (the rows come back
// unticked, the "select all" box is cleared here).
document.addEventListener("htmx:afterSettle", () => {
  const note = document.getElementById("bulk-note");
  if (note && note.hasAttribute("data-clear-selection")) {
    document.querySelectorAll(".vp-select, [data-select-all]").forEach((box) => {
      box.checked = false;
    });
    note.removeAttribute("data-clear-selection");
  }
});
