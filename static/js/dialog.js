// Dialogue: on the attendance list, a "check all" shortcut when the table has a data-check-all button.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-check-all]");
  if (!button) return;
  const form = button.closest("form");
  form.querySelectorAll('input[type="checkbox"][name="attended"]:not(:disabled)').forEach((box) => { box.checked = true; });
});
