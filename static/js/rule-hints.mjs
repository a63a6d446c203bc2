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

let latest = 0;

// Answers can arrive out of order as someone types: only the newest question's answer counts.
async function ask(path, params) {
  const asked = ++latest;
  const response = await fetch(`${path}?${new URLSearchParams(params)}`);
  const data = response.ok ? await response.json() : null;
  return asked === latest ? data : null;
}

function check(params) {
  return ask("/funding/check.json", params);
}

export function initRuleHints() {
  const hint = document.querySelector("[data-rule-hint]");
  if (!hint) return;
  const form = hint.closest("main").querySelector("form");
  if (!form) return;
  const update = async () => {
    if (hint.dataset.ruleHint === "consultation") {
      const select = form.querySelector('[name="compact"]');
      const option = select && select.selectedOptions[0];
      const opens = readDate(form, "opens_on");
      if (!option || !option.dataset.slug || !opens) return;
      const closes = readDate(form, "closes_on");
      const params = { compact: option.dataset.slug, opens };
      if (closes) params.closes = closes;
      const data = await ask("/consultations/check.json", params);
      if (!data || !data.earliest_closing) return;
      let text = `To give the Compact's ${data.min_weeks} weeks, close on or after ${long(data.earliest_closing)}.`;
      if (data.state === "shorter_no_reason") text += " The dates you gave are shorter: give the reason below.";
      hint.textContent = text;
      return;
    }
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
