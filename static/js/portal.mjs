// Progressive enhancement only: every page works without this file.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { initRuleHints } from "./rule-hints.mjs";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
initAll();
initRuleHints();

// Wide tables scroll inside themselves on small screens (see portal.scss): one that scrolls
// takes the keyboard focus, so it can be scrolled without a mouse (WCAG 2.1.1).
function letScrollingTablesTakeFocus() {
  for (const table of document.querySelectorAll(".govuk-table")) {
    if (table.scrollWidth > table.clientWidth + 1) {
      table.tabIndex = 0;
    } else {
      table.removeAttribute("tabindex");
    }
  }
}
letScrollingTablesTakeFocus();
window.addEventListener("resize", letScrollingTablesTakeFocus);
