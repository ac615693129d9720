// Bootstrap's script (menus, the navbar toggler) is fetched only now, when the page has been parsed: on a slow phone
// connection it would otherwise share the bandwidth with the stylesheet and delay the first paint. Its handlers
// listen on the document, so they work for everything already on the page.
const bootstrapScript = document.createElement("script");
bootstrapScript.src = document.currentScript.dataset.bootstrap;
document.head.append(bootstrapScript);

// Panels folded on a phone (<details data-open-from="992">, e.g. the directory's filters) start open on wider
// screens. Without script they stay folded and open with a tap.
document.querySelectorAll("details[data-open-from]").forEach((panel) => {
  if (window.matchMedia(`(min-width: ${panel.dataset.openFrom}px)`).matches) {
    panel.open = true;
  }
});
