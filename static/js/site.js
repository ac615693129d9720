// Panels folded on a phone (<details data-open-from="992">, e.g. the directory's filters) start open on wider
// screens. Without script they stay folded and open with a tap: nothing depends on this file.
document.querySelectorAll("details[data-open-from]").forEach((panel) => {
  if (window.matchMedia(`(min-width: ${panel.dataset.openFrom}px)`).matches) {
    panel.open = true;
  }
});
