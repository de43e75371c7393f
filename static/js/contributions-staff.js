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
