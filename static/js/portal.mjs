// Progressive enhancement only: every page works without this file.
import { createAll, initAll, ServiceNavigation } from "../govuk/govuk-frontend.min.js";
import { initRuleHints } from "./rule-hints.mjs";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
// The portal's sections do not fit on one line beside each other until about 860 px, so they
// fold into the Menu button below 54em rather than GOV.UK's tablet width (issue 23); the same
// width is $app-sections-fit in portal.scss.
const SECTIONS_FIT = "54em";

class PortalServiceNavigation extends ServiceNavigation {
  static moduleName = "app-service-navigation";

  setupResponsiveChecks() {
    this.mql = window.matchMedia(`(min-width: ${SECTIONS_FIT})`);
    this.mql.addEventListener("change", () => this.checkMode());
    this.checkMode();
  }
}

initAll();
createAll(PortalServiceNavigation);
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
