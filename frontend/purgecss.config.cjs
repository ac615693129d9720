// `make css`, second step: drops from the compiled Bootstrap every selector whose classes appear nowhere in the
// portal's markup (148 KB -> about 60 KB; on a phone, the stylesheet is most of what the first paint waits for).
// The markup is searched as text: our templates, crispy-bootstrap5's form templates, our Python (classes built in
// code, e.g. widget attributes and badge styles), our scripts and Bootstrap's own (the classes it adds at run time).
// Classes composed in templates from a variable ("btn-{{ style }}", "alert-{{ message.tags }}") are listed below.
// tests/lib/test_css.py checks that every class a template names is still defined, and that this file is current.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const sitePackages = path.join(root, ".venv", "lib");
const crispy = fs.existsSync(sitePackages)
  ? fs
      .readdirSync(sitePackages)
      .map((python) => path.join(sitePackages, python, "site-packages", "crispy_bootstrap5", "templates"))
      .find((dir) => fs.existsSync(dir))
  : undefined;
if (!crispy) {
  throw new Error("crispy_bootstrap5's templates not found under .venv: run `make setup-dev` first");
}

module.exports = {
  content: [
    "templates/**/*.html",
    `${crispy}/**/*.html`,
    "{tayninh_thidua,movements,exemplars,contests}/**/*.py",
    "static/js/*.js",
    "node_modules/bootstrap/dist/js/bootstrap.bundle.js",
  ],
  safelist: {
    standard: [
      // added by Bootstrap's script as it runs (also found in it, listed for certainty)
      ...["show", "showing", "hiding", "collapsing", "fade", "active", "disabled"],
      // composed in templates: "btn-{{ action.style }}" (exemplars/models/nomination.py, movements/models/reports.py
      // and lib's Move: primary by default) and "alert-{{ message.tags }}" (Django's message levels)
      ...["btn-primary", "btn-secondary", "btn-success", "btn-warning", "btn-danger"],
      ...["alert-success", "alert-info", "alert-warning", "alert-danger"],
    ],
  },
  // Bootstrap's :root custom properties stay: components read them at run time.
  variables: false,
  keyframes: false,
  fontFace: false,
};
