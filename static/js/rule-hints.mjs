// As an officer types dates, show what the Compact's funding rules make of them.
// Progressive enhancement: the same hint is given by the server after the form is sent.

function readDate(form, name) {
  const day = form.querySelector(`[name="${name}_0"]`);
  const month = form.querySelector(`[name="${name}_1"]`);
  const year = form.querySelector(`[name="${name}_2"]`);
  if (!day || !month || !year || !day.value || !month.value || year.value.length !== 4) return null;
  const pad = (value) => value.padStart(2, "0");
  return `${year.value}-${pad(month.value)}-${pad(day.value)}`;
}

function long(isoDate) {
  return new Date(`${isoDate}T12:00:00`).toLocaleDateString("en-GB", {
    day: "numeric", month: "long", year: "numeric",
  });
}

async function check(params) {
  const response = await fetch(`/funding/check.json?${new URLSearchParams(params)}`);
  return response.ok ? response.json() : null;
}

export function initRuleHints() {
  const hint = document.querySelector("[data-rule-hint]");
  if (!hint) return;
  const form = hint.closest("main").querySelector("form");
  if (!form) return;
  const update = async () => {
    if (hint.dataset.ruleHint === "notice") {
      const issued = readDate(form, "issued_on");
      if (!issued) return;
      const data = await check({ compact: hint.dataset.compact, issued });
      if (data && data.earliest_effective) {
        hint.textContent = `Issued on that date, the earliest compliant date for it to take effect is ${long(data.earliest_effective)}.`;
      }
      return;
    }
    const compactSelect = form.querySelector('[name="compact"]');
    const option = compactSelect && compactSelect.selectedOptions[0];
    const slug = option ? option.dataset.slug : null;
    const start = readDate(form, "start_date");
    const end = readDate(form, "end_date");
    if (!slug || !start || !end) return;
    const data = await check({ compact: slug, start, end });
    if (!data) return;
    const parts = [];
    if (data.term && data.term.reaches) {
      parts.push(data.term.state === "meets"
        ? "The term meets the Compact's minimum."
        : `The term is shorter than the Compact's minimum (it would need to run to ${long(data.term.reaches)}): give a reason.`);
    }
    if (data.latest_notice_date) {
      parts.push(`The last day to give notice before it ends is ${long(data.latest_notice_date)}.`);
    }
    hint.textContent = parts.join(" ");
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
}
